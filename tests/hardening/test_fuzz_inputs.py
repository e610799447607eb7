"""Hypothesis properties: the input gate and `ingest` answer any input with a result or an
InputError, never another exception; and no sh:pattern of our shapes can be made slow (P5)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import BASE, ROOT

from reskg.config import Settings
from reskg.errors import InputError
from reskg.gate import FORMATS, parse_bytes
from reskg.ingest import Knowledge, ingest_text

SEEDS = [p.read_bytes() for p in sorted((ROOT / "data" / "2019-2610-RSP").glob("*.ttl"))]
SUMMARIES = [
    p.read_text(encoding="utf-8")
    for p in sorted((ROOT / "tests" / "fixtures" / "oeil").glob("*.txt"))
]
FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mutated(draw, seeds: list, unit: st.SearchStrategy):
    """A seed with a few insertions, deletions or replacements at random places."""
    data = draw(st.sampled_from(seeds))
    data = data[: draw(st.integers(200, 4000))]
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        cut = draw(st.integers(0, 8))
        data = data[:at] + draw(unit) + data[at + cut :]
    return data


def gate(data: bytes, fmt: str) -> None:
    try:
        for _ in parse_bytes(data, fmt, name="fuzz", base=BASE):
            pass
    except InputError:
        pass


@settings(FAST, max_examples=600)
@given(data=st.binary(max_size=400), fmt=st.sampled_from(sorted(FORMATS)))
def test_gate_on_arbitrary_bytes(data, fmt):
    gate(data, fmt)


@settings(FAST, max_examples=800)
@given(data=mutated(SEEDS, st.binary(max_size=6)), fmt=st.sampled_from(sorted(FORMATS)))
def test_gate_on_mutated_turtle(data, fmt):
    start = time.perf_counter()
    gate(data, fmt)
    assert time.perf_counter() - start < 2.0


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return Knowledge.from_folder(Settings(), ROOT / "data")


def ingest(text: str, knowledge: Knowledge) -> None:
    try:
        result = ingest_text(text, knowledge)
    except InputError:
        return
    assert len(result.graph) > 0


@settings(FAST, max_examples=300)
@given(text=st.text(max_size=300))
def test_ingest_on_arbitrary_text(text, knowledge):
    ingest(text, knowledge)


@settings(FAST, max_examples=300)
@given(
    text=mutated(SUMMARIES, st.text(max_size=6)),
    header=st.sampled_from(["", "2019/2610(RSP) - 14/03/2019 - Text adopted\n\n"]),
)
def test_ingest_on_mutated_summaries(text, header, knowledge):
    ingest(header + text, knowledge)


def shape_patterns() -> list[str]:
    from rdflib import Namespace

    from reskg.validate import load_shapes

    sh = Namespace("http://www.w3.org/ns/shacl#")
    graph = load_shapes(Settings(), ROOT / "shapes")
    return sorted({str(o) for o in graph.objects(None, sh.pattern)})


ADVERSARIAL = [
    "a" * 10_000,
    " " * 10_000,
    "a" * 9_999 + " ",
    "2019/" * 2_000,
    "(" * 10_000,
    "0" * 9_999 + "!",
    "\u202e" * 10_000,
    "a \t" * 3_333 + "\x00",
]


@pytest.mark.parametrize("pattern", shape_patterns())
def test_p5_every_shape_pattern_is_fast_on_10_kb(pattern):
    """P5: no sh:pattern backtracks badly; each 10 kB string is matched within 100 ms."""
    regex = re.compile(pattern)
    for text in ADVERSARIAL:
        start = time.perf_counter()
        regex.search(text)
        assert time.perf_counter() - start < 0.1, (pattern, text[:20])


def test_p5_finds_the_hardening_patterns():
    assert len(shape_patterns()) >= 3
    assert Path(ROOT / "shapes" / "hardening-shapes.ttl").exists()
