"""The header of an OEIL summary: title, procedure reference, date and stage line, and the
sentence saying that Parliament adopted the resolution."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reskg.errors import InputError
from reskg.ingest.dates import parse_numeric
from reskg.ingest.model import Span
from reskg.ingest.sentences import Line, sentences

PROCEDURE = re.compile(r"\b(?P<ref>(?:19|20)\d\d/\d{4}\((?P<type>[A-Z]{3,4})\))")
PROCEDURE_LINE = re.compile(
    r"(?P<ref>(?:19|20)\d\d/\d{4}\([A-Z]{3,4}\))"
    r"(?:\s*-\s*(?P<date>\d{2}/\d{2}/\d{4}))?(?:\s*-\s*(?P<stage>\S.*?))?\s*$"
)
ADOPTED = re.compile(r"\b(?:European )?Parliament adopted\b[^.]*?\bresolution\b", re.IGNORECASE)
TITLE_FROM_ADOPTION = re.compile(r"\bresolution (?P<t>on\b.+?)\.?$", re.IGNORECASE)
COUNTRY_IN_TITLE = re.compile(r"\b(?:in|on|of)\s+(?P<c>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})\s*$")


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
        content = text[line.span.start : line.span.end]
        m = PROCEDURE_LINE.match(content.lstrip("# ").strip())
        if m and reference is None:
            reference = m.group("ref")
            date = parse_numeric(m.group("date") or "")
            stage = m.group("stage")
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
        if not PROCEDURE.fullmatch(procedure.strip()):
            raise InputError(
                f"--procedure {procedure!r} is not a procedure reference like 2021/2650(RSP)"
            )
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
