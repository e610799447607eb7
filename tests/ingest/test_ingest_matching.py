"""The matching text: invisible characters removed and NFC applied for the rules, with every
span mapped back to exact offsets in the original text."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDFS

from reskg.ingest import ingest_text
from reskg.ingest.matching import INVISIBLE, MatchingText
from reskg.ingest.model import Span
from reskg.ingest.writer import _escape
from reskg.namespaces import OA


def test_every_format_character_is_invisible():
    missing = [
        f"U+{c:04X}"
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) == "Cf" and not INVISIBLE.fullmatch(chr(c))
    ]
    assert missing == []
    assert not INVISIBLE.search("a b-c\u00a0d\u2019e")  # nbsp, hyphen, apostrophe are visible


def test_clean_text_is_kept_as_it_is():
    m = MatchingText("Kazakhstan and Zhanaozen")
    assert m.text == "Kazakhstan and Zhanaozen" and not m.changed
    assert m.span(Span(4, 10)) == Span(4, 10)


@pytest.mark.parametrize(
    "original",
    [
        "in Kazakh\u200bstan today",
        "in Kazakh\u00adstan today",
        "in \u202eKazakhstan\u202c today",
        "in \u200b\u200dKazakh\u2060\u2060stan\ufeff today",
    ],
)
def test_invisible_characters_are_matched_through_and_kept_in_the_quote(original):
    m = MatchingText(original)
    assert m.text == "in Kazakhstan today"
    found = Span(3, 13)  # 'Kazakhstan' in the matching text
    back = m.span(found)
    quote = original[back.start : back.end]
    assert INVISIBLE.sub("", quote) == "Kazakhstan"
    assert quote[0] == "K" and quote[-1] == "n"
    assert original[m.start(14) : m.end(19)] == "today"
    assert m.span(Span(0, len(m.text))) == Span(0, len(original))


def test_decomposed_letters_are_composed_for_matching_only():
    original = "Soci\u0065\u0301t\u0065\u0301 civile, Cafe\u0301"
    m = MatchingText(original)
    assert m.text == "Soci\u00e9t\u00e9 civile, Caf\u00e9"
    back = m.span(Span(0, 7))  # 'Société'
    assert original[back.start : back.end] == "Soci\u0065\u0301t\u0065\u0301"
    back = m.span(Span(16, 20))  # 'Café'
    assert original[back.start : back.end] == "Cafe\u0301"
    assert m.span(Span(8, 14)) == Span(10, 16)  # 'civile' after the two shorter letters


def test_writer_escapes_bidi_and_zero_width_but_keeps_soft_hyphen():
    assert _escape("a\u202eb\u200bc\u00add\U000e0041") == "a\\u202Eb\\u200Bc\u00add\\U000E0041"


def test_ingest_through_invisible_characters_links_and_anchors_exactly(
    reference_text, knowledge, validate_ingested
):
    text = (
        reference_text.replace("Kazakhstan", "Kazakh\u200bstan")
        .replace("Parliament", "Parlia\u00adment")
        .replace("political repression", "political \u202erepression\u202c")
    )
    result = ingest_text(text, knowledge)
    g = result.graph
    resolution = URIRef("https://w3id.org/reskg/id/resolution/2019-2610-RSP")
    assert g.value(resolution, DCTERMS.spatial) == URIRef(
        "https://w3id.org/reskg/id/country/kazakhstan"
    )
    assert len(result.extraction.statements) == 20  # as for the clean text
    quotes = 0
    for position in g.subjects(OA.start, None):
        target = g.value(None, OA.hasSelector, position)
        quote = next(q for q in g.objects(target, OA.hasSelector) if q != position)
        start, end = int(g.value(position, OA.start)), int(g.value(position, OA.end))
        assert str(g.value(quote, OA.exact)) == text[start:end]
        quotes += "\u200b" in text[start:end]
    assert quotes > 5
    mention = URIRef(
        "https://w3id.org/reskg/id/annotation/2019-2610-RSP/mention-country-kazakhstan#quote"
    )
    assert str(g.value(mention, OA.exact)) == "Kazakh\u200bstan"
    assert not any(INVISIBLE.search(str(label)) for label in g.objects(None, RDFS.label))
    report, _ = validate_ingested([(result, text)])
    assert report.conforms, report.as_text()
