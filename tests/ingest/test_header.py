"""The header line is checked field by field: procedure type, date, and one header per file."""

from __future__ import annotations

import pytest

from reskg.errors import InputError
from reskg.ingest.header import read_header
from reskg.ingest.sentences import lines

BODY = "\nThe European Parliament adopted a resolution on Chad.\n"


def header(text: str, procedure: str | None = None):
    return read_header(text, lines(text), procedure)


def test_a_good_header_gives_reference_and_date():
    h = header("# Resolution on Chad\n2020/2001(INI) - 14/03/2020 - Text adopted\n" + BODY)
    assert (h.reference, h.date) == ("2020/2001(INI)", "2020-03-14")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# Chad\n\n2020/2001(ABC) - 14/03/2020 - x\n" + BODY, r"line 3, procedure: .*'ABC'"),
        ("# Chad\n2020/2001(RSP) - 29/02/2019 - x\n" + BODY, r"line 2, date: '29/02/2019'"),
        (
            "# Chad\n2020/2001(RSP) - x\n" + BODY + "\n# Iran\n2020/2002(RSP) - y\n",
            r"line 7, procedure: .*'2020/2002\(RSP\)' \(the first is on line 2\)",
        ),
    ],
    ids=["unknown-type", "impossible-date", "second-header"],
)
def test_wrong_header_names_line_and_field(text, message):
    with pytest.raises(InputError, match=message):
        header(text)


def test_procedure_option_is_checked_like_the_header():
    assert header("# Chad\n" + BODY, "2020/2001(RSP)").reference == "2020/2001(RSP)"
    with pytest.raises(InputError, match="'QQQ'"):
        header("# Chad\n" + BODY, "2020/2001(QQQ)")
    assert header("# Chad\n2020/2001(QQQ) - x\n" + BODY, "2020/2001(RSP)").date is None
