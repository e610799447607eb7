"""Dates as the summaries write them: '13 March 2018', 'March 2016', '2015', '14/03/2019'."""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
DATE_IN_TEXT = re.compile(
    rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})\s+(?P<year>(?:19|20)\d\d)\b"
    rf"|\b(?P<month2>{_MONTH})\s+(?P<year2>(?:19|20)\d\d)\b"
    r"|\b(?:in|since|signed in|of|from)\s+(?P<year3>(?:19|20)\d\d)\b(?![/\d])"
)
# '23 and 28 December 2016', '2, 9 and 16 May 2020': the days listed before a full date.
_EARLIER_DAYS = re.compile(r"((?:\b\d{1,2}(?:\s*,\s*|\s+and\s+))+)$")
_NUMBERED = re.compile(r"\b(?:[Aa]rticles?|[Pp]aragraphs?|[Pp]oints?|[Nn]os?\.?)\s*$")
NUMERIC_DATE = re.compile(r"\b(?P<d>\d{2})/(?P<m>\d{2})/(?P<y>\d{4})\b")

XSD_DATE = "date"
XSD_YEAR_MONTH = "gYearMonth"
XSD_YEAR = "gYear"


@dataclass(frozen=True)
class TextDate:
    """A date found in the text: its lexical form, XSD datatype name and span."""

    value: str
    datatype: str
    start: int
    end: int


def _valid(year: int, month: int, day: int) -> bool:
    import datetime

    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[TextDate]:
    """Every date in text[start:end], most precise form first where they overlap."""
    end = len(text) if end is None else end
    found: list[TextDate] = []
    for m in DATE_IN_TEXT.finditer(text, start, end):
        if m.group("day"):
            y, mo, d = int(m.group("year")), MONTHS[m.group("month").lower()], int(m.group("day"))
            earlier = _EARLIER_DAYS.search(text, max(start, m.start() - 40), m.start())
            if earlier and (
                not _valid(y, mo, d)
                or _NUMBERED.search(text, max(0, earlier.start() - 20), earlier.start())
            ):
                earlier = None
            for day in re.finditer(r"\d+", earlier.group(1)) if earlier else ():
                if _valid(y, mo, int(day.group())):
                    at = earlier.start(1) + day.start()
                    value = f"{y:04d}-{mo:02d}-{int(day.group()):02d}"
                    found.append(TextDate(value, XSD_DATE, at, at + len(day.group())))
            if _valid(y, mo, d):
                found.append(TextDate(f"{y:04d}-{mo:02d}-{d:02d}", XSD_DATE, m.start(), m.end()))
        elif m.group("month2"):
            mo = MONTHS[m.group("month2").lower()]
            found.append(
                TextDate(
                    f"{int(m.group('year2')):04d}-{mo:02d}", XSD_YEAR_MONTH, m.start(), m.end()
                )
            )
        else:
            year_start = m.start("year3")
            found.append(TextDate(m.group("year3"), XSD_YEAR, year_start, m.end()))
    return found


def parse_numeric(value: str) -> str | None:
    """'14/03/2019' -> '2019-03-14' (None if it is not a real date)."""
    m = NUMERIC_DATE.search(value)
    if not m:
        return None
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    return f"{y:04d}-{mo:02d}-{d:02d}" if _valid(y, mo, d) else None
