"""Arbitrary text never crashes the ingest: it is refused with a clear InputError, or it gives
a graph whose anchors quote the text exactly (and, for a batch, passes the shapes)."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef

from reskg.errors import InputError
from reskg.ingest import ingest_text
from reskg.namespaces import OA

BASE = "https://w3id.org/reskg/"
HEADER = "Resolution on the situation in Chad\n\n2021/2650(RSP) - 07/10/2021 - Text adopted\n\n"
WORDS = [
    "Parliament",
    "called",
    "on",
    "urged",
    "the",
    "government",
    "of",
    "Chad",
    "to",
    "release",
    "noted",
    "that",
    "deplored",
    "welcomed",
    "EU",
    "EAAS",
    "Article 12 of the",
    "Criminal Code",
    "on 3 May 2020",
    "in 2019",
    ",",
    ";",
    ".",
    ":",
    "\n",
    "\n-",
    "•",
    "and",
    "must",
    "It",
    "They",
    "Members",
    "tabled by the EPP and S&D groups",
]


def check(text: str, knowledge) -> None:
    try:
        result = ingest_text(text, knowledge)
    except InputError as exc:
        assert str(exc)
        return
    graph = Graph().parse(data=result.turtle, format="turtle", publicID=BASE)
    assert len(graph) == len(result.graph)
    for selector in graph.subjects(OA.start, None):
        start, end = int(graph.value(selector, OA.start)), int(graph.value(selector, OA.end))
        quote = graph.value(URIRef(selector.replace("#position", "#quote")), OA.exact)
        assert 0 <= start < end <= len(text) and str(quote) == text[start:end]


phrases = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), phrases, phrases.map(lambda body: HEADER + body)))
def test_arbitrary_text_is_refused_or_anchored_exactly(knowledge, text):
    check(text, knowledge)


@pytest.mark.parametrize("body", ["urged", "calls for", "Parliament urged."])
def test_a_demand_that_names_nothing_asked_for_is_reported_not_made(
    knowledge, validate_ingested, body
):
    """Found by the property below: a text that stops after its demand verb gave a demand
    without an action, which the shapes refuse. No action may be made up: it is not read."""
    text = _with_procedure(HEADER + body, 9)
    result = ingest_text(text, knowledge)
    assert result.extraction.statements == []
    assert "a demand that names nothing asked for: not read" in result.report
    report, _ = validate_ingested([(result, text)])
    assert report.conforms, report.as_text()


def test_a_batch_of_mangled_summaries_passes_the_shapes(
    knowledge, reference_text, validate_ingested
):
    rng = random.Random(6)
    results = []
    for n in range(12):
        words = reference_text.split(" ")
        for _ in range(40):
            i = rng.randrange(len(words))
            words[i] = rng.choice(WORDS + [""])
        text = " ".join(words).replace("2019/2610(RSP)", f"2019/{2700 + n}(RSP)")
        try:
            results.append((ingest_text(text, knowledge), text))
        except InputError:
            continue
    assert len(results) >= 6
    report, _ = validate_ingested(results)
    assert report.conforms, report.as_text()


def _with_procedure(text: str, n: int) -> str:
    return text.replace("2021/2650(RSP)", f"2021/{3000 + n}(RSP)", 1)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(phrases.map(lambda body: HEADER + body), st.text(max_size=300)),
        min_size=6,
        max_size=6,
    )
)
def test_arbitrary_text_that_is_accepted_gives_graphs_that_pass_the_shapes(
    knowledge, validate_ingested, texts
):
    """The other half of the property: whatever arbitrary text is not refused gives a graph
    that passes the shapes (six per example, validated together as `reskg build` would)."""
    results = []
    for n, text in enumerate(texts):
        text = _with_procedure(text, n)
        try:
            results.append((ingest_text(text, knowledge), text))
        except InputError as exc:
            assert str(exc)
    if results:
        report, _ = validate_ingested(results)
        assert report.conforms, report.as_text()
