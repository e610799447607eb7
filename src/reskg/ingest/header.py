"""The header of an OEIL summary: title, procedure reference, date and stage line, and the
sentence saying that Parliament adopted the resolution."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reskg.errors import InputError
from reskg.ingest.dates import parse_numeric
from reskg.ingest.model import Span
from reskg.ingest.sentences import MAX_UNIT, Line, sentences

PROCEDURE = re.compile(r"\b(?P<ref>(?:19|20)\d\d/\d{4}\((?P<type>[A-Z]{3,4})\))")
PROCEDURE_LINE = re.compile(
    r"(?P<ref>(?:19|20)\d\d/\d{4}\([A-Z]{3,4}\))"
    r"(?:\s*-\s*(?P<date>\d{2}/\d{2}/\d{4}))?(?:\s*-\s*(?P<stage>\S.*?))?\s*$"
)
ADOPTED = re.compile(r"\b(?:European )?Parliament adopted\b[^.]*?\bresolution\b", re.IGNORECASE)
TITLE_FROM_ADOPTION = re.compile(r"\bresolution (?P<t>on\b.+?)\.?$", re.IGNORECASE)
COUNTRY_IN_TITLE = re.compile(r"\b(?:in|on|of)\s+(?P<c>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})\s*$")
MAX_HEADER_LINE = 300  # characters
# The Legislative Observatory's procedure types (the code in brackets after the number).
PROCEDURE_TYPES = frozenset(
    [
        "ACI",
        "APP",
        "AVC",
        "BUD",
        "BUI",
        "CNS",
        "COD",
        "COS",
        "DCE",
        "DEA",
        "DEC",
        "IMM",
        "INI",
        "INL",
        "INS",
        "NLE",
        "REG",
        "RPS",
        "RSO",
        "RSP",
        "SYN",
    ]
)


@dataclass
class Header:
    """What the header says, with the spans it says it at."""

    reference: str
    title: str
    title_span: Span | None
    date: str | None
    stage: str | None
    header_span: Span | None
    adoption_span: Span | None
    country_name: str | None
    body_start: int  # index of the first line after the header lines


def read_header(text: str, lines: list[Line], procedure: str | None) -> Header:
    """Find the header in the first lines, or raise InputError if there is none."""
    reference = date = stage = None
    title_span = header_span = adoption_span = None
    body_start = 0
    for line in lines[:4]:
        m = _procedure_line(text, line)
        if m and reference is None:
            reference = m.group("ref")
            date = _date(text, line, m.group("date"))
            stage = m.group("stage")
            if procedure is None:
                _check_type(text, line, reference)
            _no_second_header(text, lines[line.index + 1 :], line)
            header_span = line.span
            body_start = line.index + 1
            if line.index > 0:
                previous = lines[line.index - 1]
                start = previous.span.start + (
                    len(text[previous.span.start : previous.span.end])
                    - len(text[previous.span.start : previous.span.end].lstrip("# "))
                )
                title_span = Span(start, previous.span.end)
            break
    for line in lines[body_start : body_start + 3]:
        for sentence in sentences(text, line.span):
            if sentence.end - sentence.start > MAX_UNIT:
                continue
            if ADOPTED.search(text, sentence.start, sentence.end):
                adoption_span = sentence
                body_start = max(body_start, line.index + 1)
                break
        if adoption_span:
            break
    if reference is None and adoption_span is None:
        raise InputError(
            "no recognisable OEIL summary header: expected a procedure line such as "
            "'2021/2650(RSP) - 07/10/2021 - Text adopted by Parliament, single reading' "
            "or a sentence 'The European Parliament adopted a resolution on ...'"
        )
    if procedure is not None:
        m = PROCEDURE.fullmatch(procedure.strip())
        if not m:
            raise InputError(
                f"--procedure {procedure!r} is not a procedure reference like 2021/2650(RSP)"
            )
        if m.group("type") not in PROCEDURE_TYPES:
            raise InputError(f"--procedure {procedure!r}: {_unknown_type(m.group('type'))}")
        reference = procedure.strip()
    if reference is None:
        raise InputError(
            "the summary names no procedure reference such as 2021/2650(RSP): "
            "give it with --procedure"
        )
    if title_span is not None:
        title = text[title_span.start : title_span.end].strip()
    elif adoption_span is not None:
        m = TITLE_FROM_ADOPTION.search(text[adoption_span.start : adoption_span.end])
        title = ("Resolution " + m.group("t")) if m else f"Resolution {reference}"
    else:
        title = f"Resolution {reference}"
    country = COUNTRY_IN_TITLE.search(title.split(":")[0])
    return Header(
        reference,
        title,
        title_span,
        date,
        stage and stage.strip(),
        header_span,
        adoption_span,
        country.group("c") if country else None,
        body_start,
    )


def _line_number(text: str, line: Line) -> int:
    """The 1-based number of the line in the file (blank lines counted)."""
    return text.count("\n", 0, line.span.start) + 1


def _procedure_line(text: str, line: Line) -> re.Match[str] | None:
    """The procedure line's fields, if the line is one (a header line is short)."""
    if line.span.end - line.span.start > MAX_HEADER_LINE:
        return None
    return PROCEDURE_LINE.match(text[line.span.start : line.span.end].lstrip("# ").strip())


def _unknown_type(kind: str) -> str:
    return (
        f"procedure type '{kind}' is not a Legislative Observatory procedure type "
        f"({', '.join(sorted(PROCEDURE_TYPES))})"
    )


def _check_type(text: str, line: Line, reference: str) -> None:
    kind = PROCEDURE.fullmatch(reference).group("type")  # type: ignore[union-attr]
    if kind not in PROCEDURE_TYPES:
        raise InputError(f"line {_line_number(text, line)}, procedure: {_unknown_type(kind)}")


def _date(text: str, line: Line, written: str | None) -> str | None:
    """The header date as xsd:date, or an InputError if it is written but is no real date."""
    if not written:
        return None
    date = parse_numeric(written)
    if date is None:
        raise InputError(
            f"line {_line_number(text, line)}, date: '{written}' is not a real date (dd/mm/yyyy)"
        )
    return date


def _no_second_header(text: str, rest: list[Line], first: Line) -> None:
    """One summary per file: a second procedure line means two summaries were pasted together."""
    for line in rest:
        m = _procedure_line(text, line)
        if m:
            raise InputError(
                f"line {_line_number(text, line)}, procedure: a second procedure line "
                f"'{m.group('ref')}' (the first is on line {_line_number(text, first)}): "
                "give one summary per file"
            )
