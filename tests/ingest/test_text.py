"""What `ingest` accepts as a summary's text: size cap, normal form of line ends, and the line
between an HTML page (refused) and text that only mentions a tag (kept)."""

from __future__ import annotations

import pytest

from reskg.errors import InputError
from reskg.ingest.text import MAX_SUMMARY_BYTES, check_text

HEADER = "# Resolution on Chad\n2020/2001(RSP) - 14/03/2020 - Text adopted\n\n"


def test_size_cap_is_exact_for_bytes_and_text():
    body = HEADER + "x" * (MAX_SUMMARY_BYTES - len(HEADER))
    assert check_text(body.encode()) == body
    with pytest.raises(InputError, match="too large"):
        check_text((body + "x").encode())
    with pytest.raises(InputError, match="too large"):
        check_text(body + "x")


def test_bom_and_crlf_and_lone_cr_become_lf():
    assert check_text(b"\xef\xbb\xbfa\r\nb\rc\n") == "a\nb\nc\n"
    assert check_text("a\r\r\nb") == "a\n\nb"
    assert check_text(check_text("a\r\nb")) == "a\nb"


def test_lone_surrogate_in_text_is_named():
    with pytest.raises(InputError, match=r"U\+DC80 at character 3"):
        check_text("abc\udc80def")


@pytest.mark.parametrize(
    "page",
    [
        "<!DOCTYPE html>\n<p>Resolution</p>",
        "  <html lang='en'><body>Resolution</body></html>",
        "Resolution\n<body>\nParliament adopted</body>",
        "<p>The European Parliament adopted a resolution.</p>",
        "<?xml version='1.0'?><summary/>",
    ],
)
def test_html_pages_and_markup_are_refused(page):
    with pytest.raises(InputError, match="HTML"):
        check_text(page)


@pytest.mark.parametrize(
    "mention",
    [
        "It noted that <script>alert(1)</script> was written.",
        "Members noted a <p> and a <div class='x'> in the text.",
        "It said that x < y and y > z.",
    ],
)
def test_text_that_mentions_tags_is_kept(mention):
    assert check_text(HEADER + mention) == HEADER + mention


def test_an_overlong_sentence_is_reported_not_read(reference_text, knowledge):
    from reskg.ingest import ingest_text
    from reskg.ingest.sentences import MAX_UNIT

    long = "It noted " + "that EEAS and OSCE agree " * (MAX_UNIT // 25) + "today."
    result = ingest_text(f"{reference_text}\n{long}\n", knowledge)
    start = len(reference_text) + 1
    assert f"[{start}-{start + len(long)}] longer than 4,000 characters: not read" in result.report
    alone = ingest_text(reference_text, knowledge)
    assert len(result.extraction.statements) == len(alone.extraction.statements)
