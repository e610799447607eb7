"""Literals holding characters that end a line for Python (NEL, U+2028, VT, FF, ...) or that
XML 1.0 cannot hold: every export keeps them intact, or is not written and says why."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS
from support import ROOT

from reskg.push import ntriples_lines
from reskg.textlines import text_lines

EEAS = URIRef("https://w3id.org/reskg/id/org/eeas")
# splitlines() cuts at each of these; XML 1.0 can hold them
LINE_ENDS = "next\x85line\u2028separator\u2029paragraph"
# XML 1.0 cannot hold U+000C
FORM_FEED = "page one\x0cpage two"
FORMATS = {"graph.ttl": "turtle", "graph.nt": "nt", "graph.jsonld": "json-ld", "graph.rdf": "xml"}


def build_with_comment(tmp_path: Path, value: str, target: str, store: str) -> tuple:
    """A copy of data/ where the EEAS has an rdfs:comment ``value``, added to ``target``."""
    data = tmp_path / "data"
    if not data.exists():
        shutil.copytree(ROOT / "data", data)
        path = data / target
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        path.write_text(
            path.read_text(encoding="utf-8") + f'\n<{EEAS}> <{RDFS.comment}> "{escaped}"@en .\n',
            encoding="utf-8",
        )
    out = tmp_path / store / "dist"
    result = subprocess.run(
        [sys.executable, "-m", "reskg", "-q", "build", "--data", str(data), "--out", str(out)]
        + ["--store", store, "--no-cache"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result, out


def comments(path: Path, fmt: str) -> set[str]:
    graph = Dataset(default_union=True) if fmt == "trig" else Graph()
    graph.parse(path, format=fmt)
    return {str(o) for o in graph.objects(EEAS, RDFS.comment)}


@pytest.mark.parametrize("target", ["common/actors.ttl", "2019-2610-RSP/resolution.ttl"])
def test_line_ending_characters_survive_every_export_on_both_paths(tmp_path, target):
    outs = {}
    for store in ("oxigraph", "memory"):
        result, out = build_with_comment(tmp_path, LINE_ENDS, target, store)
        assert result.returncode == 0, result.stderr
        for name, fmt in {**FORMATS, "graph.trig": "trig"}.items():
            assert comments(out / name, fmt) == {LINE_ENDS}, (store, name)
        outs[store] = out
    nt = (outs["oxigraph"] / "graph.nt").read_bytes()
    assert nt == (outs["memory"] / "graph.nt").read_bytes()
    assert b"\\u0085line\\u2028separator\\u2029" in nt  # escaped: lines stay whole
    assert all(line.endswith(" .") for line in nt.decode("utf-8").splitlines())


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_rdfxml_is_not_written_when_a_literal_holds_what_xml_cannot(tmp_path, store):
    result, out = build_with_comment(tmp_path, FORM_FEED, "2019-2610-RSP/resolution.ttl", store)
    assert result.returncode == 0, result.stderr
    assert f"warning: graph.rdf not written: <{EEAS}> rdfs:comment holds U+000C" in result.stderr
    assert not (out / "graph.rdf").exists()
    for name, fmt in FORMATS.items():
        if name != "graph.rdf":
            assert comments(out / name, fmt) == {FORM_FEED}, name
    description = (out / "dataset.ttl").read_text(encoding="utf-8")
    assert "graph.ttl" in description and "graph.rdf" not in description


def test_a_rebuild_drops_and_restores_rdfxml_as_the_data_changes(tmp_path):
    """The Oxigraph path checks only the segments a rebuild renders: an edit that brings in a
    form feed stops graph.rdf, and the edit that takes it out brings back the clean bytes."""
    clean, out = build_with_comment(tmp_path, "plain", "2019-2610-RSP/resolution.ttl", "oxigraph")
    assert clean.returncode == 0, clean.stderr
    expected = (out / "graph.rdf").read_bytes()
    resolution = tmp_path / "data" / "2019-2610-RSP" / "resolution.ttl"
    text = resolution.read_text(encoding="utf-8")
    cached = [sys.executable, "-m", "reskg", "-q", "build", "--data", str(tmp_path / "data")]
    cached += ["--out", str(tmp_path / "cached" / "dist")]
    assert subprocess.run(cached, capture_output=True, timeout=300).returncode == 0
    resolution.write_text(text.replace('"plain"@en', '"page\x0cbreak"@en'), encoding="utf-8")
    broken = subprocess.run(cached, capture_output=True, text=True, timeout=300)
    assert broken.returncode == 0, broken.stderr
    assert "graph.rdf not written" in broken.stderr
    assert not (tmp_path / "cached" / "dist" / "graph.rdf").exists()
    resolution.write_text(text, encoding="utf-8")
    mended = subprocess.run(cached, capture_output=True, text=True, timeout=300)
    assert mended.returncode == 0 and "not written" not in mended.stderr
    assert (tmp_path / "cached" / "dist" / "graph.rdf").read_bytes() == expected


def test_export_refuses_rdfxml_it_cannot_write(tmp_path):
    build_with_comment(tmp_path, FORM_FEED, "2019-2610-RSP/resolution.ttl", "oxigraph")
    out = tmp_path / "graph.rdf"
    result = subprocess.run(
        [sys.executable, "-m", "reskg", "export", "--format", "xml", "-o", str(out)]
        + ["--data", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert f"<{EEAS}> rdfs:comment holds U+000C" in result.stderr
    assert not out.exists()


def test_push_batches_keep_each_triple_on_its_line():
    graph = Graph()
    graph.add((EEAS, RDFS.comment, Literal(LINE_ENDS + FORM_FEED, lang="en")))
    graph.add((EEAS, RDFS.label, Literal("EEAS", lang="en")))
    lines = ntriples_lines(graph)
    assert len(lines) == 2
    back = Graph().parse(data="\n".join(lines), format="nt")
    assert {str(o) for o in back.objects(EEAS, RDFS.comment)} == {LINE_ENDS + FORM_FEED}


def test_text_lines_split_at_newlines_only():
    assert text_lines("a\x85b\u2028c\n\nd\n") == ["a\x85b\u2028c", "", "d"]
    assert text_lines("a\nb") == ["a", "b"]
    assert text_lines("") == []
