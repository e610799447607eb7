"""The static site: what the pages say, their RDF alternates, and that every page is valid HTML.

Expected values are read by hand from data/2019-2610-RSP/source.txt and the curated data.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import html5lib
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDFS, SKOS

BASE = "https://w3id.org/reskg/"
RESOLUTION = "id/resolution/2019-2610-RSP.html"
TABLING_GROUPS = ["EPP", "S&D", "ECR", "ALDE", "Greens/EFA", "GUE/NGL", "EFDD"]


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def section(html: str, anchor: str) -> str:
    """The HTML from the heading with id=anchor to the next heading of the same level."""
    start = html.index(f'id="{anchor}"')
    end = html.find("<h3", start + 10)
    return html[start:end]


def test_every_page_is_valid_html(site_dir: Path):
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) > 300
    for page in pages:
        html5lib.HTMLParser(strict=True).parse(page.read_bytes())
        ids = re.findall(r' id="([^"]*)"', page.read_text(encoding="utf-8"))
        assert len(ids) == len(set(ids)), f"duplicate id in {page}"  # HTML forbids it


def test_every_resource_under_the_base_has_a_page_and_its_alternates(site_dir: Path, graph):
    described = {
        str(s).split("#", 1)[0][len(BASE) :]
        for s in graph.subjects()
        if isinstance(s, URIRef) and str(s).startswith(BASE)
    }
    # The dataset description's own resources, read from reskg/describe.py by hand.
    described |= {"catalog", "shapes", "id/agent/reskg-project", "dataset/build"}
    assert {"id/org/eeas", "id/demand/2019-2610-RSP/16", "ontology"} <= described
    for rel in described:
        for suffix in (".html", ".ttl", ".jsonld", ".nt", ".rdf"):
            assert (site_dir / (rel + suffix)).is_file(), rel + suffix
    publisher = Graph().parse(site_dir / "id/agent/reskg-project.ttl", format="turtle")
    assert (URIRef(BASE + "id/agent/reskg-project"), None, None) in publisher


def test_every_link_between_pages_resolves(site_dir: Path):
    """Relative links and their #fragments all land, so the site works from file://."""
    broken = []
    for page in site_dir.rglob("*.html"):
        for href in re.findall(r'(?:href|src)="([^"]+)"', page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", href):
                continue
            path, _, frag = href.partition("#")
            target = (page.parent / path).resolve() if path else page
            lands = target.is_file() and (
                not frag or f'id="{frag}"' in target.read_text(encoding="utf-8")
            )
            if not lands:
                broken.append((page.name, href))
    assert broken == []
    # The EEAS page's "in context" link lands on its mention, characters 1934-1973 of the text.
    eeas = read(site_dir, "id/org/eeas.html")
    assert '<a href="../source/2019-2610-RSP.html#span-mention-org-eeas">in context</a>' in eeas
    source = read(site_dir, "id/source/2019-2610-RSP.html")
    after = source[source.index('id="span-mention-org-eeas"') :]
    assert re.sub(r"<[^>]+>", "", after.split(">", 1)[1]).startswith(
        "European External Action Service (EAAS), to monitor closely"
    )
    # Pages of the dataset description link to our pages, not out to the base IRI.
    assert 'href="id/resolution/2019-2610-RSP.html"' in read(site_dir, "dataset.html")


def test_pages_link_out_to_wikidata_and_the_european_parliament(site_dir: Path):
    eeas = read(site_dir, "id/org/eeas.html")  # data/links/wikidata.ttl: Q672941
    assert '<a class="ext" href="http://www.wikidata.org/entity/Q672941" rel="external">' in eeas
    ep = read(site_dir, "id/org/european-parliament.html")  # data/links/ep-open-data.ttl
    assert 'href="https://data.europarl.europa.eu/org/EU_PARLIAMENT" rel="external"' in ep


def test_resolution_page_lists_the_seven_tabling_groups(site_dir: Path):
    tabled = section(read(site_dir, RESOLUTION), "tabled-by")
    names = re.findall(r">([^<>]+)</a>", tabled)
    assert sorted(n.replace("&amp;", "&") for n in names) == sorted(TABLING_GROUPS)


def test_resolution_page_groups_demands_by_addressee(site_dir: Path):
    html = read(site_dir, RESOLUTION)
    demands = section(html, "demands")
    # "in particular on the European External Action Service (EAAS), to monitor ..." (demand 3)
    # and "EEAS was particularly urged to proactively engage in trial observation" (demand 4).
    eeas = demands[demands.index("../org/eeas.html") :]
    eeas = eeas[: eeas.index("</details>")]
    assert "../demand/2019-2610-RSP/3.html" in eeas
    assert "../demand/2019-2610-RSP/4.html" in eeas
    assert "EU Delegation in Astana" in demands


def test_resolution_page_has_timeline_themes_welcome_and_network(site_dir: Path):
    html = read(site_dir, RESOLUTION)
    timeline = section(html, "timeline")
    # Events the text names: the DCK ban on 13 March 2018, the 2015 EPCA signature.
    assert timeline.index("2015") < timeline.index("2018-03-13") < timeline.index("2019-03-14")
    assert "../theme/human-rights.html" in section(html, "themes")
    assert "../welcome/2019-2610-RSP/1.html" in html
    assert "../observation/2019-2610-RSP/3.html" in html
    assert '<img class="network" src="2019-2610-RSP.svg"' in html


def test_network_svg_draws_groups_addressees_demands_and_themes(site_dir: Path):
    svg = ET.parse(site_dir / "id/resolution/2019-2610-RSP.svg").getroot()
    ns = {"s": "http://www.w3.org/2000/svg"}
    texts = [t.text for t in svg.iterfind(".//s:text", ns)]
    for name in ["EPP", "GUE/NGL", "European External Action Service", "Demand 16"]:
        assert name in texts
    links = [a.get("href") for a in svg.iterfind(".//s:a", ns)]
    assert "../org/eeas.html" in links
    assert "../theme/human-rights.html" in links


def test_eeas_page_shows_its_labels_and_is_referred_to_by_demands(site_dir: Path):
    html = read(site_dir, "id/org/eeas.html")
    assert "<h1>European External Action Service</h1>" in html
    assert "skos:hiddenLabel" in html and ">EAAS<" in html  # the summary's misspelling
    referred = html[html.index('id="referred-to-by"') :]
    assert "../demand/2019-2610-RSP/3.html" in referred


def test_page_embeds_its_json_ld_and_links_alternates_written_beside_it(site_dir: Path):
    html = read(site_dir, "id/org/eeas.html")
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(script.group(1))
    embedded = Graph().parse(data=json.dumps(data), format="json-ld")
    eeas = URIRef(BASE + "id/org/eeas")
    assert (eeas, SKOS.hiddenLabel, Literal("EAAS", lang="en")) in embedded
    for media, name in [("text/turtle", "eeas.ttl"), ("application/ld+json", "eeas.jsonld")]:
        assert f'<link rel="alternate" type="{media}" href="{name}">' in html
    ttl = Graph().parse(site_dir / "id/org/eeas.ttl", format="turtle")
    assert (eeas, RDFS.label, Literal("European External Action Service", lang="en")) in ttl
    nt = Graph().parse(site_dir / "id/org/eeas.nt", format="nt")
    assert len(nt) == len(ttl)


def test_statement_page_shows_its_span_inside_the_source_text(site_dir: Path):
    html = read(site_dir, "id/demand/2019-2610-RSP/5.html")
    quote = html[html.index('class="quote"') :]
    quote = quote[: quote.index("</section>")]
    marked = "".join(re.findall(r'class="hl-statement"[^>]*>([^<]*)<', quote))
    assert marked.startswith("The EU Delegation in Astana must continue to play an active role")
    assert "Kazakhstan" in re.sub(r"<[^>]+>", "", quote)  # context around the span is shown


def test_source_page_highlights_and_links_every_statement(site_dir: Path, graph: Graph):
    html = read(site_dir, "id/source/2019-2610-RSP.html")
    markers = re.findall(r'<a class="marker" id="span-[^"]+" href="([^"]+)"', html)
    statements = [
        f"../{kind}/2019-2610-RSP/{n}.html"
        for kind, count in [("demand", 16), ("observation", 3), ("welcome", 1)]
        for n in range(1, count + 1)
    ]
    for page in statements:
        assert page in markers, page
    assert 'class="hl-statement" href="../demand/2019-2610-RSP/1.html"' in html


def test_index_pages_list_actors_themes_and_provisions(site_dir: Path):
    actors = read(site_dir, "actors.html")
    for page in [
        "id/org/eeas.html",
        "id/country/kazakhstan.html",
        "id/group/journalists.html",
        "id/post/un-special-rapporteur-assembly-association.html",
    ]:
        assert f'href="{page}"' in actors
    provisions = read(site_dir, "provisions.html")
    for page in [
        "id/law/kz-criminal-code/article-174.html",
        "id/agreement/eu-kazakhstan-epca.html",
    ]:
        assert f'href="{page}"' in provisions
    assert 'href="id/theme/human-rights.html"' in read(site_dir, "themes.html")


def test_ontology_page_documents_every_term(site_dir: Path):
    html = read(site_dir, "ontology.html")
    for term in [
        "Demand",
        "Observation",
        "Welcome",
        "Condemnation",
        "Action",
        "Event",
        "Agreement",
        "addressee",
        "requestsAction",
        "speechAct",
        "actionType",
        "affects",
        "party",
    ]:
        assert f'<section class="term" id="{term}">' in html, term
    addressee = html[html.index('id="addressee"') :]
    addressee = addressee[: addressee.index("</section>")]
    assert "#Demand" in addressee and "foaf:Agent" in addressee
    assert "id/demand/2019-2610-RSP/1.html" in addressee  # where it is used


def test_every_ontology_term_is_documented(site_dir: Path, settings):
    ontology = Graph().parse(settings.ontology_file, format="turtle", publicID=BASE)
    ns = BASE + "ontology#"
    terms = {s for s in ontology.subjects() if str(s).startswith(ns) and str(s) != ns}
    assert len(terms) >= 16  # 8 classes, 6 object and 2 datatype properties in reskg.ttl
    html = read(site_dir, "ontology.html")
    for term in terms:
        name = str(term)[len(ns) :]
        section_ = html[html.index(f'<section class="term" id="{name}">') :]
        section_ = section_[: section_.index("</section>")]
        comment = ontology.value(term, RDFS.comment)
        assert comment and f"<p>{comment}</p>" in unescape(section_), name
        label = ontology.value(term, RDFS.label)
        assert f"<h3>{label} " in unescape(section_), name
        for prop, heading in [(RDFS.domain, "Domain"), (RDFS.range, "Range")]:
            for value in ontology.objects(term, prop):
                href = "ontology.html#" + str(value)[len(ns) :] if value in terms else str(value)
                assert f"<dt>{heading}</dt>" in section_ and f'href="{href}"' in section_, name
        assert "<dt>Used</dt>" in section_
    needs_review = html[html.index('id="needsReview"') :]
    assert "xsd:boolean" in needs_review[: needs_review.index("</section>")]


def test_the_ontology_version_iri_has_the_ontology_documents(site_dir: Path):
    """owl:versionIRI <ontology/0.1.0> (ontology/reskg.ttl) is under our base: it answers."""
    page = read(site_dir, "ontology/0.1.0.html")
    assert '<section class="term" id="Demand">' in page
    version = Graph().parse(site_dir / "ontology/0.1.0.ttl", format="turtle")
    assert (URIRef(BASE + "ontology"), OWL.versionIRI, URIRef(BASE + "ontology/0.1.0")) in version
    sitemap = read(site_dir, "sitemap.xml")
    assert f"<loc>{BASE}ontology/0.1.0.html</loc>" in sitemap


def test_dataset_page_and_sitemap_and_robots(site_dir: Path):
    desc = Graph().parse(site_dir / "dataset.ttl", format="turtle")
    assert (URIRef(BASE + "dataset"), None, None) in desc
    assert "void:Dataset" in read(site_dir, "dataset.html")
    sitemap = ET.parse(site_dir / "sitemap.xml").getroot()
    locs = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert BASE + RESOLUTION in locs
    assert "Sitemap: " + BASE + "sitemap.xml" in read(site_dir, "robots.txt")


def test_site_works_offline(site_dir: Path):
    """No page or stylesheet loads anything from another host."""
    for page in list(site_dir.rglob("*.html")) + list(site_dir.rglob("*.css")):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', text), page
    assert (site_dir / "static" / "style.css").is_file()


@pytest.mark.parametrize("rel", ["id/org/eeas.html", "index.html", RESOLUTION])
def test_pages_are_readable_on_a_phone(site_dir: Path, rel: str):
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in read(
        site_dir, rel
    )
    assert "@media (max-width" in read(site_dir, "static/style.css")
