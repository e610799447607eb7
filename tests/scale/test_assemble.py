"""Patching N-Triples in place gives the bytes of a full assembly, or declines."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from reskg.assemble import Layout, _line_at, join, nt_bytes, patched_nt


def full(parts: list[set[str]]) -> bytes:
    return nt_bytes(sorted(set().union(*parts)))


def layout_of(parts: list[set[str]]) -> Layout:
    counts = Counter(line for part in parts for line in part)
    return Layout([], {}, {}, sorted(line for line, n in counts.items() if n > 1))


@pytest.mark.parametrize("seed", range(40))
def test_patched_ntriples_equal_full_assembly(seed):
    rng = random.Random(seed)
    pool = [
        f'<http://x/{rng.randint(0, 60)}> <http://p> "{c}{n}" .' for c in "aé" for n in range(40)
    ]
    parts = [set(rng.sample(pool, rng.randint(0, 12))) for _ in range(8)]
    changed = sorted(rng.sample(range(8), rng.randint(1, 3)))
    after = list(parts)
    for i in changed:
        after[i] = set(rng.sample(pool, rng.randint(0, 12)))
    result = patched_nt(
        full(parts), [parts[i] for i in changed], [after[i] for i in changed], layout_of(parts)
    )
    if result is None:  # declined: a removed line may still be held elsewhere
        removed = set().union(*(parts[i] - after[i] for i in changed))
        assert removed & set(layout_of(parts).shared_lines or [])
        return
    data, shared = result
    assert data == full(after)
    assert set(shared) >= set(layout_of(after).shared_lines or [])


def test_a_line_two_parts_hold_is_not_dropped_by_a_patch():
    parts = [{"<a> <p> <b> ."}, {"<a> <p> <b> .", "<c> <p> <d> ."}]
    assert patched_nt(full(parts), [parts[0]], [set()], layout_of(parts)) is None


def test_line_search_finds_first_line_not_below():
    data = nt_bytes(["<a> .", "<c> .", "<e> ."])
    assert _line_at(data, b"<a> .") == (0, True)
    assert _line_at(data, b"<b> .") == (6, False)
    assert _line_at(data, b"<e> .") == (12, True)
    assert _line_at(data, b"<z> .") == (len(data), False)


def test_join_leaves_out_empty_segments_and_accepts_views():
    view = memoryview(b"xxBByy")[2:4]
    assert join(b"H", b", ", [b"A", b"", view, memoryview(b"")], b"T") == b"HA, BBT"
