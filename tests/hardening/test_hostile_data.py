"""Section 4b of hostile-inputs.md: invalid but parseable data, caught by the shapes.

Each row breaks a copy of the real data folder the way the row says. The build must exit 1,
its report must name the focus node, the path (or, for a SPARQL-based constraint, the value)
and a message, and an earlier output folder must stay as it was.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import BASE, ROOT, snapshot

RES = "2019-2610-RSP/resolution.ttl"
STM = "2019-2610-RSP/statements.ttl"
GROUPS = "common/ep-political-groups.ttl"
ELI = "http://data.europa.eu/eli/ontology#"
OA = "http://www.w3.org/ns/oa#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ONT = BASE + "ontology#"
DATE = 'eli:date_document "2019-03-14"^^xsd:date ;'
IDENT = 'dcterms:identifier "2019/2610(RSP)" ;'
ADDRESSEE = "reskg:addressee <id/org/authorities-of-kazakhstan> ;"
LABEL_1 = 'rdfs:label "Demand 1 of 2019/2610(RSP)"@en ;'
START_1 = 'oa:start "369"^^xsd:nonNegativeInteger ;'
END_1 = 'oa:end "440"^^xsd:nonNegativeInteger .'
EXACT_1 = 'oa:exact "put an end to human rights abuses and all forms of political repression" ;'

RESOLUTION = BASE + "id/resolution/2019-2610-RSP"
PROCEDURE = BASE + "id/procedure/2019-2610-RSP"
DEMAND_1 = BASE + "id/demand/2019-2610-RSP/1"
POSITION_1 = BASE + "id/annotation/2019-2610-RSP/action-1-1#position"
TARGET_1 = BASE + "id/annotation/2019-2610-RSP/action-1-1#target"
SOURCE = BASE + "id/source/2019-2610-RSP"
EPP = BASE + "id/org/ep-group/epp"


@dataclass(frozen=True)
class Row:
    """One broken copy: replace `old` by `new` in `file`; the report must name these."""

    file: str
    old: str
    new: str
    focus: str
    where: str  # the result path, or the value for a SPARQL-based constraint
    words: str  # a few words of the message


ROWS = {
    "V1": Row(
        RES,
        DATE,
        'eli:date_document "not-a-date"^^xsd:date ;',
        RESOLUTION,
        ELI + "date_document",
        "adoption date",
    ),
    "V2": Row(
        RES,
        DATE,
        'eli:date_document "2019-02-30"^^xsd:date ;',
        RESOLUTION,
        ELI + "date_document",
        "adoption date",
    ),
    "V3": Row(
        RES,
        DATE,
        'eli:date_document "2019-03-14"^^xsd:string ;',
        RESOLUTION,
        ELI + "date_document",
        "adoption date",
    ),
    "V4": Row(
        STM,
        START_1,
        f'oa:start "{"9" * 5000}"^^xsd:nonNegativeInteger ;',
        POSITION_1,
        OA + "start",
        "offset",
    ),
    "V5-addressee": Row(STM, ADDRESSEE, "", DEMAND_1, ONT + "addressee", "addressee"),
    "V5-date": Row(RES, DATE, "", RESOLUTION, ELI + "date_document", "adoption date"),
    "V6": Row(
        RES,
        DATE,
        'eli:date_document "2019-03-14"^^xsd:date , "2019-03-15"^^xsd:date ;',
        RESOLUTION,
        ELI + "date_document",
        "adoption date",
    ),
    "V7-unclosed": Row(
        RES,
        IDENT,
        'dcterms:identifier "2019/2610(RSP" ;',
        PROCEDURE,
        "http://purl.org/dc/terms/identifier",
        "procedure",
    ),
    "V7-unknown-type": Row(
        RES,
        IDENT,
        'dcterms:identifier "2019/2610(XYZ)" ;',
        PROCEDURE,
        "http://purl.org/dc/terms/identifier",
        "procedure type",
    ),
    "V8": Row(
        STM,
        ADDRESSEE,
        "reskg:addressee theme:human-rights ;",
        DEMAND_1,
        ONT + "addressee",
        "addressee",
    ),
    "V9": Row(
        STM, ADDRESSEE, 'reskg:addressee "Kazakhstan" ;', DEMAND_1, ONT + "addressee", "addressee"
    ),
    "V10": Row(
        STM,
        ADDRESSEE,
        "reskg:adressee <id/org/authorities-of-kazakhstan> ;",
        DEMAND_1,
        ONT + "adressee",
        "not a term of the reskg ontology",
    ),
    "V11-two-english": Row(
        STM,
        LABEL_1,
        'rdfs:label "Demand 1"@en , "First demand"@en ;',
        DEMAND_1,
        RDFS + "label",
        "at most one per language",
    ),
    "V11-no-language": Row(
        STM, LABEL_1, 'rdfs:label "Demand 1" ;', DEMAND_1, RDFS + "label", "language tag"
    ),
    "V12": Row(
        STM,
        EXACT_1,
        EXACT_1.replace("abuses", "violations"),
        SOURCE,
        TARGET_1,
        "is not the source text at offsets",
    ),
    "V13-start-after-end": Row(
        STM,
        START_1,
        'oa:start "450"^^xsd:nonNegativeInteger ;',
        POSITION_1,
        OA + "start",
        "less than the end offset",
    ),
    "V13-end-past-text": Row(
        STM,
        END_1,
        'oa:end "99999"^^xsd:nonNegativeInteger .',
        SOURCE,
        TARGET_1,
        "is not the source text at offsets",
    ),
    "V14-outside-list": Row(
        STM,
        "oa:motivatedBy oa:describing ;\n    oa:hasBody <id/action/",
        "oa:motivatedBy oa:describin ;\n    oa:hasBody <id/action/",
        BASE + "id/annotation/2019-2610-RSP/action-1-1",
        OA + "motivatedBy",
        "motivation",
    ),
    "V14-trailing-space": Row(
        GROUPS,
        'skos:altLabel "EPP"@en',
        'skos:altLabel "EPP "@en',
        EPP,
        SKOS + "altLabel",
        "white space",
    ),
    "V15-nul": Row(
        STM,
        LABEL_1,
        'rdfs:label "Demand 1 of\\u0000 2019/2610(RSP)"@en ;',
        DEMAND_1,
        RDFS + "label",
        "control character",
    ),
    "V15-bidi": Row(
        STM,
        LABEL_1,
        'rdfs:label "Demand 1 of \\u202E2019/2610(RSP)"@en ;',
        DEMAND_1,
        RDFS + "label",
        "bidi override",
    ),
    "V15-control": Row(
        GROUPS,
        'skos:altLabel "EPP"@en',
        'skos:altLabel "E\\u0008PP"@en',
        EPP,
        SKOS + "altLabel",
        "control character",
    ),
}


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory) -> Path:
    """A build of the real data, made once: the earlier output every row must leave alone."""
    from reskg.cli import main

    folder = tmp_path_factory.mktemp("clean")
    shutil.copytree(ROOT / "data", folder / "data")
    with pytest.raises(SystemExit) as exit_info:
        main(["-q", "build", "--data", str(folder / "data"), "--out", str(folder / "dist")])
    assert exit_info.value.code == 0, "the real data must build before it can be broken"
    return folder


def break_copy(clean: Path, tmp_path: Path, row: Row) -> tuple[Path, Path]:
    """A copy of the data with the row's change, and a copy of the earlier output."""
    data, dist = tmp_path / "data", tmp_path / "dist"
    shutil.copytree(clean / "data", data)
    shutil.copytree(clean / "dist", dist)
    path = data / row.file
    text = path.read_text(encoding="utf-8")
    assert text.count(row.old) >= 1, f"{row.old!r} is no longer in {row.file}: update the row"
    path.write_text(text.replace(row.old, row.new, 1), encoding="utf-8")
    return data, dist


KNOWN: dict[str, str] = {}
PARAMS = [
    pytest.param(name, id=name, marks=pytest.mark.xfail(strict=True, reason=KNOWN[name]))
    if name in KNOWN
    else pytest.param(name, id=name)
    for name in ROWS
]


@pytest.mark.parametrize("name", PARAMS)
def test_invalid_data_is_caught_by_the_shapes(name, clean_build, tmp_path, run_cli, guarded):
    row = ROWS[name]
    data, dist = break_copy(clean_build, tmp_path, row)
    before = snapshot(dist)
    start = time.perf_counter()
    outcome = run_cli("build", "--data", str(data), "--out", str(dist))
    elapsed = time.perf_counter() - start
    assert outcome.code == 1, outcome.err + outcome.out
    lines = [
        line
        for line in outcome.out.splitlines()
        if f" {row.focus} " in line + " " or f" {row.focus}:" in line
    ]
    assert lines, f"no problem reported on {row.focus}:\n{outcome.out}"
    ours = [line for line in lines if row.where in line and row.words in line]
    assert ours, f"no problem on {row.focus} naming {row.where} and '{row.words}':\n{outcome.out}"
    assert "Traceback" not in outcome.out + outcome.err
    assert snapshot(dist) == before
    assert elapsed < 30.0
