"""Which resolutions must be validated together: those whose nodes another part touches."""

from __future__ import annotations

from reskg.incremental import _coupled
from reskg.shard import UnitResult


def unit(name: str, subjects: set[str], objects: set[str]) -> UnitResult:
    return UnitResult(name, [], subjects=subjects, objects=objects)


def test_independent_units_are_not_coupled():
    parts = [unit("a", {"a1", "a2"}, {"a2", "shared"}), unit("b", {"b1"}, {"shared"})]
    assert _coupled(parts, {"shared"}) == set()


def test_a_unit_mentioning_another_units_node_couples_both():
    parts = [unit("a", {"a1"}, set()), unit("b", {"b1"}, {"a1"}), unit("c", {"c1"}, set())]
    assert _coupled(parts, set()) == {"a", "b"}


def test_two_units_describing_one_node_are_coupled():
    parts = [unit("a", {"x", "a1"}, set()), unit("b", {"x"}, set()), unit("c", {"c1"}, {"c1"})]
    assert _coupled(parts, set()) == {"a", "b"}


def test_a_unit_describing_a_shared_node_is_coupled():
    parts = [unit("a", {"shared", "a1"}, set()), unit("b", {"b1"}, set())]
    assert _coupled(parts, {"shared"}) == {"a"}
    # b now mentions the node a adds triples to: b's checks depend on a's triples
    parts.append(unit("c", {"c1"}, {"shared"}))
    assert _coupled(parts, {"shared"}) == {"a", "c"}
