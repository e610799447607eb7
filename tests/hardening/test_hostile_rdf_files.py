"""Section 4a of hostile-inputs.md: malformed RDF files.

Each must give exit 2 with a message naming the file (and the line where there is one), no
traceback, within 2 s, no network or file access outside the allowed roots, and leave an
earlier output folder untouched.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from support import snapshot

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        f'<!ENTITY {n} "{("&" + p + ";") * 10}">'.encode()
        for p, n in zip("abcdef", "bcdefg", strict=True)
    )
    + b']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">'
    b'<rdf:Description rdf:about="http://e/s"><ex:p>&g;</ex:p></rdf:Description></rdf:RDF>\n'
)
XXE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">'
    b'<rdf:Description rdf:about="http://e/s"><ex:p>&x;</ex:p></rdf:Description></rdf:RDF>\n'
)
PFX = b"@prefix ex: <http://example.org/> .\n"

# (row, file name, content, words the message must contain, line or None)
CASES = [
    (
        "M1",
        "bad.ttl",
        PFX + b"ex:a ex:b ex:c .\n\n\n<http://broken.example/x  a  .\n",
        "syntax error",
        5,
    ),
    ("M2", "bad.ttl", PFX + b"ex:a ex:b ex:c .\nex:a ex:b ex:d\n", "syntax error", None),
    ("M3", "bad.ttl", PFX + b"foo:a ex:b ex:c .\n", "foo", 2),
    (
        "M4",
        "bad.ttl",
        PFX + b"<<<<<<< HEAD\nex:a ex:b ex:c .\n=======\n>>>>>>> x\n",
        "syntax error",
        2,
    ),
    ("M5-empty", "bad.ttl", b"", "no triples", None),
    ("M5-blank", "bad.ttl", b"  \n\n\t\n", "no triples", None),
    ("M7-latin1", "bad.ttl", PFX + b'ex:a ex:b "caf\xe9" .\n', "not UTF-8 at byte offset", 2),
    ("M7-png", "bad.ttl", PNG, "not UTF-8", None),
    ("M8-literal-subject", "bad.ttl", PFX + b'"x" ex:b ex:c .\n', "syntax error", 2),
    ("M8-bnode-predicate", "bad.ttl", PFX + b"ex:a _:p ex:c .\n", "syntax error", 2),
    ("M8-lang-and-datatype", "bad.ttl", PFX + b'ex:a ex:b "x"@en^^ex:dt .\n', "syntax error", 2),
    ("M8-iri-with-space", "bad.ttl", PFX + b"ex:a ex:b <http://e/a b> .\n", "syntax error", 2),
    (
        "M8-relative-iri-in-ntriples",
        "bad.nt",
        b"<a> <http://e/p> <http://e/o> .\n",
        "syntax error",
        1,
    ),
    (
        "M8-long-lang-subtag",
        "bad.ttl",
        PFX + b'ex:a ex:b "x"@en-toolongsubtagxx .\n',
        "syntax error",
        2,
    ),
    (
        "M9-brackets",
        "bad.ttl",
        PFX + b"ex:a ex:b " + b"[ ex:p " * 125 + b"1" + b" ]" * 125 + b" .\n",
        "nesting deeper than 64",
        2,
    ),
    (
        "M9-collections",
        "bad.ttl",
        PFX + b"ex:a ex:b " + b"( " * 250 + b"1" + b" )" * 250 + b" .\n",
        "nesting deeper than 64",
        2,
    ),
    (
        "M10",
        "bad.nt",
        b'<http://e/s> <http://e/p> "' + b"x" * (10 * 1024 * 1024) + b'" .\n',
        "line longer than",
        1,
    ),
    ("M11", "bad.nt", PFX + b"<http://e/s> <http://e/p> <http://e/o> .\n", "syntax error", 1),
    ("M12", "bad.trig", PFX + b"ex:g { ex:a ex:b ex:c .\n", "syntax error", None),
    ("M13", "bad.jsonld", b'{"@id": "http://e/s", "http://e/p": [1, 2', "JSON syntax error", 1),
    ("M14", "bad.jsonld", b"42", "top level must be an object or an array", None),
    (
        "M15",
        "bad.jsonld",
        b'{"@context": "http://169.254.169.254/latest/meta-data/", "@id": "http://e/s"}',
        "remote @context not allowed",
        None,
    ),
    (
        "M16",
        "bad.jsonld",
        b'{"@context": "file:///etc/passwd", "@id": "http://e/s"}',
        "remote @context not allowed",
        None,
    ),
    (
        "M17",
        "bad.jsonld",
        b'{"http://e/p": ' * 330 + b'"x"' + b"}" * 330,
        "nesting deeper than 64",
        1,
    ),
    ("M18", "bad.rdf", BILLION_LAUGHS, "DOCTYPE/ENTITY", 2),
    ("M19", "bad.rdf", XXE, "DOCTYPE/ENTITY", 2),
]


@pytest.fixture
def data_dir(tmp_path) -> Path:
    data = tmp_path / "data"
    (data / "common").mkdir(parents=True)
    (data / "common" / "ok.ttl").write_bytes(
        PFX + b'ex:thing <http://www.w3.org/2000/01/rdf-schema#label> "a thing"@en .\n'
    )
    return data


@pytest.fixture
def earlier_output(tmp_path, data_dir, run_cli) -> Path:
    out = tmp_path / "dist"
    assert run_cli("build", "--data", str(data_dir), "--out", str(out)).code == 0
    return out


@pytest.mark.parametrize(
    ("row", "name", "content", "words", "line"), CASES, ids=[c[0] for c in CASES]
)
def test_malformed_file_is_refused(
    row, name, content, words, line, data_dir, earlier_output, run_cli, guarded
):
    bad = data_dir / "common" / name
    bad.write_bytes(content)
    before = snapshot(earlier_output)
    start = time.perf_counter()
    outcome = run_cli("build", "--data", str(data_dir), "--out", str(earlier_output))
    elapsed = time.perf_counter() - start
    assert outcome.code == 2, outcome.err
    assert words in outcome.err
    assert f"{bad}:{line}:" in outcome.err if line else str(bad) in outcome.err
    assert "Traceback" not in outcome.err + outcome.out
    assert elapsed < 2.0
    assert snapshot(earlier_output) == before


def test_file_over_the_size_cap_is_refused_before_reading(
    data_dir, earlier_output, run_cli, guarded
):
    """M20: a sparse 65 MiB file is refused from its size alone."""
    bad = data_dir / "common" / "huge.ttl"
    with bad.open("wb") as handle:
        handle.truncate(65 * 1024 * 1024)
    start = time.perf_counter()
    outcome = run_cli("build", "--data", str(data_dir), "--out", str(earlier_output))
    assert outcome.code == 2
    assert f"{bad}: file larger than" in outcome.err
    assert time.perf_counter() - start < 2.0


def test_byte_order_mark_is_accepted(data_dir, tmp_path, run_cli, guarded):
    """M6: a UTF-8 BOM is dropped, the file parses as without it."""
    (data_dir / "common" / "bom.ttl").write_bytes(
        b"\xef\xbb\xbf" + PFX + b'ex:b <http://www.w3.org/2000/01/rdf-schema#label> "b"@en .\n'
    )
    outcome = run_cli("build", "--data", str(data_dir), "--out", str(tmp_path / "out"))
    assert outcome.code == 0, outcome.err
    assert '"b"@en' in (tmp_path / "out" / "graph.nt").read_text(encoding="utf-8")


# --- `reskg query` (section 4c rows that reach the command line) -------------------------------

QUERY_CASES = [
    ("Q1", "SELEC ?x WHERE { ?x ?p ?o }", 1, "line 1"),
    ("Q3-insert", "INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }", 2, "SPARQL Update"),
    ("Q3-load", "LOAD <file:///etc/passwd>", 2, "SPARQL Update"),
    ("Q4", "SELECT * WHERE { SERVICE <http://169.254.169.254/x> { ?s ?p ?o } }", 2, "SERVICE"),
    ("Q5", "SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }", 2, "SERVICE"),
    ("Q10-deep", "SELECT * WHERE " + "{ " * 100 + "?s ?p ?o" + " }" * 100, 1, "nested too deeply"),
    ("Q11", "SELECT * WHERE { ?s ?p ?o } OFFSET 99999999999999999999999", 1, "too large"),
    ("Q12", "SELECT * WHERE { ?s ?p ?o } LIMIT -1", 1, "syntax error"),
    (
        "long-inline-query",
        "SELECT * WHERE " + "{ " * 60 + "?s ?p ?o" + " }" * 60 + " LIMIT 1",
        0,
        "",
    ),
]


@pytest.mark.parametrize(
    ("row", "query", "code", "words"), QUERY_CASES, ids=[c[0] for c in QUERY_CASES]
)
def test_hostile_query_on_the_command_line(row, query, code, words, run_cli, guarded):
    start = time.perf_counter()
    outcome = run_cli("query", query, "--format", "csv")
    assert outcome.code == code, outcome.err
    assert words in outcome.err
    assert "Traceback" not in outcome.err + outcome.out
    assert time.perf_counter() - start < 5.0
