"""The links of the project's graph: sourced, verified identifiers only, every node covered."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS, VOID

from reskg.links.check import check_links
from reskg.links.describe import linksets_description
from reskg.links.model import linkable_nodes, linksets, unlinked_reasons

ID = "https://w3id.org/reskg/id/"
WD = "http://www.wikidata.org/entity/"
# From ../shared/reference/external-ids.md: identifiers seen beside a matching label.
VERIFIED_WIKIDATA = {
    "country/kazakhstan": "Q232",
    "place/astana": "Q1520",
    "org/european-parliament": "Q8889",
    "org/european-union": "Q458",
    "org/eeas": "Q672941",
    "org/osce": "Q81299",
    "event/elections-2016": "Q23014128",
    "org/ep-group/s-and-d": "Q507343",
}
# Candidates that external-ids.md says are wrong or unverified.
KNOWN_WRONG = {
    "Q1000852",
    "Q835624",
    "Q384697",
    "Q741681",
    "Q756355",
    "Q842438",
    "Q130417640",
    "Q8882",
    "Q622780",
}


def test_verified_wikidata_identifiers_are_linked(graph):
    for node, qid in VERIFIED_WIKIDATA.items():
        assert (URIRef(ID + node), OWL.sameAs, URIRef(WD + qid)) in graph, node


def test_known_wrong_candidates_are_not_used(graph):
    used = {str(o)[len(WD) :] for o in graph.objects() if str(o).startswith(WD)}
    assert used & KNOWN_WRONG == set()


def test_example_iris_of_the_ep_shapes_are_not_links(graph):
    # org/S_D is only a skos:example in europarl/eli-ep, without a label, against the shape's
    # own pattern (digits after org/): not seen with a label, so not a link.
    assert (None, None, URIRef("https://data.europarl.europa.eu/org/S_D")) not in graph


def test_authority_table_and_eurovoc_links(graph):
    op = "http://publications.europa.eu/resource/authority/"
    assert (URIRef(ID + "org/eeas"), SKOS.exactMatch, URIRef(op + "corporate-body/EEAS")) in graph
    assert (URIRef(ID + "country/kazakhstan"), SKOS.exactMatch, URIRef(op + "country/KAZ")) in graph
    assert (
        URIRef(ID + "theme/human-rights"),
        SKOS.exactMatch,
        URIRef("http://eurovoc.europa.eu/584"),
    ) in graph


def test_every_link_has_a_sourced_linkset_and_every_node_is_covered(dataset, graph, settings):
    report = check_links(dataset, graph, settings, client_for=None, online=False)
    assert report.unsourced == []
    assert report.uncovered == {}
    assert not report.failed


def test_pattern_built_links_are_in_derived_linksets(dataset, settings):
    sets = {str(ls.iri)[len(ID) :]: ls for ls in linksets(dataset, settings)}
    derived = sets["linkset/ep-open-data-derived"]
    assert derived.derived and not sets["linkset/ep-open-data"].derived
    assert {str(lk.object) for lk in derived.links} == {
        "https://data.europarl.europa.eu/eli/dl/proc/2019-2610",
        "https://data.europarl.europa.eu/eli/dl/doc/TA-8-2019-0203",
    }
    for ls in sets.values():
        assert ls.sources, ls.iri


def test_no_node_is_both_linked_and_unlinked(dataset, graph, settings):
    linked = {lk.subject for ls in linksets(dataset, settings) for lk in ls.links}
    assert linked & set(unlinked_reasons(dataset, settings)) == set()


def test_groups_of_people_are_not_asked_to_link(graph, settings):
    kinds = linkable_nodes(graph, settings)
    assert URIRef(ID + "group/political-prisoners") not in kinds
    assert kinds[URIRef(ID + "country/kazakhstan")] == "country"
    assert kinds[URIRef(ID + "agreement/eu-kazakhstan-epca")] == "agreement"


def test_linkset_description_counts_links(dataset, settings):
    described = linksets_description(dataset, settings)
    wikidata = URIRef(ID + "linkset/wikidata")
    # 8 verified identifiers + the United Nations (Q1065)
    assert described.value(wikidata, VOID.triples) == Literal(9)
    assert described.value(wikidata, VOID.linkPredicate) == OWL.sameAs
    assert str(described.value(wikidata, VOID.subjectsTarget)) == settings.dataset_iri
    target = described.value(wikidata, VOID.objectsTarget)
    assert str(described.value(target, VOID.sparqlEndpoint)) == "https://query.wikidata.org/sparql"
    dbpedia = described.value(URIRef(ID + "linkset/dbpedia"), VOID.objectsTarget)
    assert str(described.value(dbpedia, VOID.sparqlEndpoint)) == "https://dbpedia.org/sparql"
    close = URIRef(ID + "linkset/eurovoc-close")
    assert described.value(close, VOID.triples) == Literal(2)


def test_linkset_description_from_a_plain_graph(graph, settings):
    described = linksets_description(Graph() + graph, settings)
    assert described.value(URIRef(ID + "linkset/wikidata"), VOID.triples) == Literal(9)
