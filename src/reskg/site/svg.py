"""The network of one resolution as an SVG, drawn in Python with a fixed, deterministic layout.

Three columns: actors (who tabled it and whom it addresses), the resolution and its demands,
the themes. Edges: group -> resolution (tabled), demand -> addressee, demand -> theme. Nodes link
to their pages with hrefs relative to the SVG file, so the picture works offline.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from rdflib import URIRef
from rdflib.namespace import DCTERMS

from reskg.site.model import SiteModel, Value, natural_key
from reskg.site.paths import relative_href

ROW = 30
TOP = 50
COLUMNS = {"actor": 20, "statement": 360, "theme": 700}
WIDTH = 960
BOX = 240
COLOURS = {"actor": "#fde8c8", "statement": "#d6e6fb", "theme": "#dcf2dc", "resolution": "#f6d0d8"}


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def network_svg(model: SiteModel, resolution: URIRef, svg_path: str) -> str:
    """The SVG text of the network of one resolution, for a file at site path ``svg_path``."""
    g = model.graph
    ov = model.overview(resolution)
    addressee = URIRef(model.ns + "addressee")
    demands = [e for _, entries in ov.demands_by_addressee for e in entries]
    demands = sorted(
        {e.node.iri: e for e in demands}.values(), key=lambda e: natural_key(e.node.iri)
    )
    actors: dict[str, Value] = {v.iri: v for v in ov.tabled_by}
    for e in demands:
        for a in g.objects(URIRef(e.node.iri), addressee):
            actors.setdefault(str(a), model.value(a))
    themes = {t.iri: t for t, _ in ov.themes}

    columns: dict[str, list[tuple[str, Value]]] = {
        "actor": [
            (k, actors[k]) for k in sorted(actors, key=lambda k: natural_key(actors[k].text))
        ],
        "statement": [(ov.resolution.iri, ov.resolution)] + [(e.node.iri, e.node) for e in demands],
        "theme": [(k, themes[k]) for k in sorted(themes, key=lambda k: themes[k].text.lower())],
    }
    pos: dict[str, tuple[int, int]] = {}
    for col, nodes in columns.items():
        for i, (iri, _) in enumerate(nodes):
            pos.setdefault(iri, (COLUMNS[col], TOP + i * ROW))
    height = TOP + max(len(n) for n in columns.values()) * ROW + 20

    edges: list[tuple[str, str]] = [(a.iri, ov.resolution.iri) for a in ov.tabled_by]
    for e in demands:
        node = URIRef(e.node.iri)
        edges += [(str(a), e.node.iri) for a in g.objects(node, addressee)]
        edges += [(e.node.iri, str(t)) for t in g.objects(node, DCTERMS.subject) if str(t) in pos]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" font-family="sans-serif" font-size="12">',
        f"<title>Network of {escape(ov.resolution.text)}</title>",
        '<text x="20" y="24" font-weight="bold">Actors</text>',
        '<text x="360" y="24" font-weight="bold">Resolution and demands</text>',
        '<text x="700" y="24" font-weight="bold">Themes</text>',
    ]
    for a, b in sorted(set(edges)):
        if a not in pos or b not in pos:
            continue
        (x1, y1), (x2, y2) = pos[a], pos[b]
        if x1 > x2:
            (x1, y1), (x2, y2) = (x2, y2), (x1, y1)
        x1 += BOX
        mid = (x1 + x2) // 2
        out.append(
            f'<path d="M{x1},{y1 + 10} C{mid},{y1 + 10} {mid},{y2 + 10} {x2},{y2 + 10}" '
            'fill="none" stroke="#8899aa" stroke-width="1" stroke-opacity="0.6"/>'
        )
    for col, nodes in columns.items():
        for iri, value in nodes:
            x, y = pos[iri]
            kind = "resolution" if iri == ov.resolution.iri else col
            label = _short(value.text if kind != "statement" else value.text.split(" of ")[0])
            box = (
                f'<rect x="{x}" y="{y}" width="{BOX}" height="22" rx="4" '
                f'fill="{COLOURS[kind]}" stroke="#556"/>'
                f'<text x="{x + 6}" y="{y + 15}">{escape(label)}</text>'
            )
            if value.page:
                href = relative_href(svg_path, value.page)
                out.append(
                    f"<a href={quoteattr(href)}><title>{escape(value.text)}</title>{box}</a>"
                )
            else:
                out.append(box)
    out.append("</svg>")
    return "\n".join(out) + "\n"
