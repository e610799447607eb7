"""What the graph knows about one resolution never leaks into another's: a year alone does not
pick a known event of another country; a country minted from the title is cited where the text
names it; sentences with no speech act still cite what they name. The code names no resolution."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DCTERMS

from reskg.ingest import ingest_text
from reskg.load import read_source_text
from reskg.namespaces import ELI

BASE = "https://w3id.org/reskg/"
ROOT = Path(__file__).resolve().parents[2]
CHAD = (
    "# Resolution on the situation in Chad\n\n"
    "2021/2650(RSP) - 07/10/2021 - Text adopted by Parliament, single reading\n\n"
    "The European Parliament adopted a resolution on the situation in Chad.\n\n"
    "Parliament called on the government of Chad to respect the agreement signed in 2015.\n"
)


def iri(relative: str) -> URIRef:
    return URIRef(BASE + relative)


def test_a_year_alone_does_not_pick_another_countrys_event(knowledge, reference_result):
    g = ingest_text(CHAD, knowledge).graph
    demand = iri("id/demand/2021-2650-RSP/1")
    assert set(g.objects(demand, DCTERMS.references)) == {iri("id/event/2021-2650-RSP-2015")}
    # the reference's own "signed in 2015" is the known signature of its agreement
    ref = reference_result.graph
    assert iri("id/event/epca-signature") in set(
        ref.objects(iri("id/demand/2019-2610-RSP/1"), DCTERMS.references)
    )


def test_the_minted_country_and_context_sentences_are_cited(knowledge):
    path = ROOT / "tests" / "fixtures" / "oeil" / "burundi-2017.txt"
    result = ingest_text(read_source_text(path), knowledge, "2017/2508(RSP)")
    g, slug = result.graph, "2017-2508-RSP"
    # "Members condemned the violence occurring in Burundi since 2015"
    condemnation = iri(f"id/condemnation/{slug}/1")
    assert iri("id/country/burundi") in set(g.objects(condemnation, DCTERMS.references))
    # "in violation of the Arusha Agreement" is in a sentence with no speech act
    resolution = iri(f"id/resolution/{slug}")
    assert iri("id/law/burundi-arusha-agreement") in set(g.objects(resolution, ELI.refers_to))
    # "on 23 and 28 December 2016": two dated events
    dates = {str(o) for s in g.subjects(DCTERMS.date, None) for o in g.objects(s, DCTERMS.date)}
    assert {"2016-12-23", "2016-12-28"} <= dates
    # every line to review says why; a summary with no header line says so, not "None"
    report = result.report
    assert "None" not in report and "No header line" in report
    assert not re.search(r"confidence \d\.\d\d: *$", report, re.M)


def test_the_ingest_code_names_no_resolution():
    names = re.compile(
        r"Kazakh|Astana|Nur-Sultan|Zhanao|\bDCK\b|\bDVK\b|\bEAAS\b|\bEPCA\b|Democratic Choice"
        r"|2019/2610|2019-2610|Nazarbayev|Tokayev"
    )
    code = [ROOT / "src" / "reskg" / "commands" / "ingest.py"]
    code += sorted((ROOT / "src" / "reskg" / "ingest").rglob("*.py"))
    hits = [f"{p.name}: {m.group()}" for p in code for m in names.finditer(p.read_text())]
    assert hits == []


def test_demands_that_an_actor_do_something_are_addressed_to_it(knowledge):
    text = CHAD.replace(
        "Parliament called on the government of Chad to respect the agreement signed in 2015.",
        "Parliament demanded that the Chadian authorities release all political prisoners.",
    )
    (demand,) = ingest_text(text, knowledge).extraction.statements
    assert [a.iri for a in demand.addressees] == ["id/org/authorities-of-chad"]
    assert [(a.action_type, a.label) for a in demand.actions] == [
        ("release", "release all political prisoners")
    ]
