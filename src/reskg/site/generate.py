"""Write the static site: a page per resource with its RDF alternates, index pages, the source
texts, the network pictures, the ontology and dataset pages, a sitemap and robots.txt."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from xml.sax.saxutils import escape

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from reskg.config import Settings
from reskg.export import exporter_for, not_xml
from reskg.site.dataset import dataset_description, description_resources
from reskg.site.model import SiteModel
from reskg.site.paths import doc_path, inside, resource_path
from reskg.site.render import Views, alternates, jsonld_text, script_safe
from reskg.site.shape_view import ShapesPage
from reskg.site.shapes import ShapesDocument, bind_shapes_prefixes, shapes_documents
from reskg.site.svg import network_svg
from reskg.site.text import paragraph_window, segments, span_anchor

RDF_DOCS: dict[str, Callable[[Graph, Settings], bytes]] = {
    ".ttl": lambda g, s: exporter_for("ttl").render(None, g, s),  # type: ignore[arg-type]
    ".nt": lambda g, s: exporter_for("nt").render(None, g, s),  # type: ignore[arg-type]
    ".rdf": lambda g, s: exporter_for("xml").render(None, g, s),  # type: ignore[arg-type]
}


@dataclass
class SiteReport:
    out: Path
    pages: list[str] = field(default_factory=list)
    files: int = 0


class SiteWriter:
    """Writes every file of the site under one folder, refusing any path outside it."""

    def __init__(self, model: SiteModel, settings: Settings, out: Path, with_sparql: bool = False):
        self.model = model
        self.settings = settings
        self.out = out
        self.views = Views(settings, with_sparql=with_sparql)
        self.report = SiteReport(out)

    def write(self, rel: str, content: str | bytes) -> None:
        target = inside(self.out, rel)
        if target is None:
            raise ValueError(f"refusing to write outside the site folder: {rel!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        target.write_bytes(data)
        self.report.files += 1
        if rel.endswith(".html"):
            self.report.pages.append(rel)

    def page(self, rel: str, template: str, **context) -> None:
        self.write(rel, self.views.render(template, rel, **context))

    def rdf_docs(self, stem: str, graph: Graph) -> tuple[str, list[dict[str, str]]]:
        """Write the .ttl/.jsonld/.nt/.rdf of a description; return its JSON-LD and the page's
        alternates. No .rdf when a literal holds characters XML 1.0 cannot carry (a SHACL
        pattern may exclude U+0000): a lossy RDF/XML would not be the same graph."""
        jsonld = jsonld_text(graph, self.settings)
        self.write(stem + ".jsonld", jsonld)
        written = [".html", ".jsonld"]
        for suffix, render in RDF_DOCS.items():
            data = render(graph, self.settings)
            if suffix == ".rdf" and not_xml(data) is not None:
                continue
            self.write(stem + suffix, data)
            written.append(suffix)
        return jsonld, alternates(stem, written)

    # --- pages -------------------------------------------------------------------------

    def resource(self, iri: str, model: SiteModel | None = None, at: str | None = None) -> None:
        """The page and RDF documents of one resource, as ``model`` (default: the graph's)
        describes it, written at the documents of ``at`` (default: ``iri``'s own)."""
        m = model or self.model
        stem = str(resource_path(at or iri, self.settings.base))
        here = stem + ".html"
        description = m.describe(iri)
        jsonld, alts = self.rdf_docs(stem, description)
        node = URIRef(iri)
        context = dict(
            title=m.label(node),
            iri=iri,
            types=m.types(node),
            alternates=alts,
            jsonld=script_safe(jsonld),
            subjects=[
                (
                    str(s),
                    str(s).split("#", 1)[1] if "#" in str(s) else "",
                    m.types(s),
                    m.properties(s),
                )
                for s in m.subjects_of(iri)
            ],
            incoming=m.incoming(iri),
            overview=None,
            quotes=[],
            source_segments=None,
            svg=None,
        )
        if node in m.resolutions:
            context["overview"] = m.overview(node)
            svg_rel = stem + ".svg"
            self.write(svg_rel, network_svg(m, node, svg_rel))
            context["svg"] = svg_rel
        if m.source_text(iri) is not None:
            context["source_segments"] = segments(m, iri)
        for span in m.spans_of_body(iri):
            text = m.source_text(span.source) or ""
            context["quotes"].append(
                {
                    "span": span,
                    "source": m.value(URIRef(span.source)),
                    "anchor": span_anchor(span),
                    "segments": segments(m, span.source, paragraph_window(text, span), only=span),
                }
            )
        template = "ontology.html" if iri == self.settings.base + "ontology" else "resource.html"
        if template == "ontology.html":
            context["terms"] = m.ontology_terms()
        self.page(here, template, **context)

    def dataset(self, desc: Graph, elsewhere: frozenset[str] = frozenset()) -> None:
        """dataset.html and the pages of the resources only the description describes (but
        those in ``elsewhere``, written on their own)."""
        dm = SiteModel(desc, self.settings, other_pages=self.model.pages)
        own = set(self.model.resources) | elsewhere
        for iri in description_resources(desc, self.settings):
            if iri not in own:
                self.resource(iri, dm)
        jsonld, alts = self.rdf_docs("dataset", desc)
        subjects = sorted(
            {s for s in desc.subjects() if isinstance(s, URIRef)},
            key=lambda s: (str(s) != self.settings.dataset_iri, str(s)),
        )
        self.page(
            "dataset.html",
            "dataset.html",
            title="Dataset description",
            alternates=alts,
            jsonld=script_safe(jsonld),
            subjects=[(str(s), dm.types(s), dm.properties(s)) for s in subjects],
        )

    def shapes(self, documents: list[ShapesDocument], desc: Graph) -> None:
        """The page and RDF documents of every shapes document: all its triples."""
        union = Graph()
        for triple in desc:
            union.add(triple)
        for doc in documents:
            for triple in doc.graph:
                union.add(triple)
        sm = SiteModel(union, self.settings, other_pages=self.model.pages)
        for doc in documents:
            bind_shapes_prefixes(union, self.settings.base, doc.prefixes)
        for doc in documents:
            stem = str(resource_path(doc.iri, self.settings.base))
            jsonld, alts = self.rdf_docs(stem, doc.graph)
            view = ShapesPage(sm, doc.graph, doc.iri)
            node = URIRef(doc.iri)
            self.page(
                stem + ".html",
                "shapes.html",
                title=sm.label(node) if (node, None, None) in doc.graph else "SHACL shapes",
                iri=doc.iri,
                types=sm.types(node),
                alternates=alts,
                jsonld=script_safe(jsonld),
                turtle=stem.rsplit("/", 1)[-1] + ".ttl",
                imports=(node, OWL.imports, None) in doc.graph,
                header=view.header(),
                incoming=sm.incoming(doc.iri),
                shapes=view.shapes(),
            )

    def indexes(self) -> None:
        m = self.model
        self.page(
            "index.html",
            "home.html",
            title="reskg",
            resolutions=[m.value(r) for r in m.resolutions],
            sources=[
                m.value(URIRef(s)) for s in sorted({sp.source for sp in m.spans}) if m.has_page(s)
            ],
        )
        self.page(
            "actors.html",
            "grouped.html",
            title="Actors",
            groups=m.actors(),
            intro="Organisations, states, posts and groups of people in the graph.",
        )
        self.page(
            "provisions.html",
            "grouped.html",
            title="Legal provisions",
            groups=m.provisions(),
            intro="Laws, their articles and the agreements the resolutions cite.",
        )
        self.page("themes.html", "themes.html", title="Themes", themes=m.themes())

    def static(self) -> None:
        for item in files("reskg.site").joinpath("static").iterdir():
            if item.is_file():
                self.write("static/" + item.name, item.read_bytes())

    def sitemap(self, site_url: str) -> None:
        urls = sorted(set(self.report.pages))
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        ]
        lines += [f"  <url><loc>{escape(site_url + u)}</loc></url>" for u in urls]
        lines.append("</urlset>")
        self.write("sitemap.xml", "\n".join(lines) + "\n")
        self.write("robots.txt", f"User-agent: *\nAllow: /\nSitemap: {site_url}sitemap.xml\n")


def build_site(
    graph: Graph,
    settings: Settings,
    out: Path,
    *,
    with_sparql: bool = False,
    site_url: str | None = None,
    clean: bool = True,
) -> SiteReport:
    """Write the whole site into ``out`` (its contents removed first when ``clean``).

    ``out`` may be a symlink to a folder: its target's contents are replaced, the link kept.
    """
    out.mkdir(parents=True, exist_ok=True)
    if clean:
        for child in out.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    description = dataset_description(graph, settings)
    documents = shapes_documents(settings, description)
    shapes = frozenset(d.iri for d in documents)
    model = SiteModel(
        graph, settings, other_pages=[*description_resources(description, settings), *shapes]
    )
    writer = SiteWriter(model, settings, out, with_sparql=with_sparql)
    writer.static()
    for iri in model.resources:
        if iri != settings.dataset_iri and doc_path(iri, settings.base):
            writer.resource(iri)
    if not model.has_page(settings.base + "ontology"):
        raise ValueError("the ontology is not in the graph")
    for version, ontology in model.ontology_versions.items():
        writer.resource(ontology, at=version)
    writer.dataset(description, elsewhere=shapes)
    writer.shapes(documents, description)
    writer.indexes()
    writer.sitemap(site_url or settings.base)
    return writer.report
