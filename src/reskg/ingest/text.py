"""Read a summary file; refuse what is not a plain-text OEIL summary (empty, too large, HTML, PDF,
binary, not Unicode) and normalise what only differs in form (byte-order mark, CRLF or CR line
ends), so that offsets are defined on the normalised text, the one `ingest` writes as source.txt."""

from __future__ import annotations

import re
from pathlib import Path

from reskg.errors import InputError

# OEIL summaries are a few kilobytes (the longest seen: 5 kB). At the cap, the costliest input
# (hundreds of demands, each with actions and anchors) ingests in about 1.5 s: the 2 s bound.
MAX_SUMMARY_BYTES = 32 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A page, not text that merely mentions a tag: a doctype or <html>/<head>/<body> element in the
# first 2,000 characters, or a text that starts with markup.
_HTML_PAGE = re.compile(r"<\s*(?:!doctype\s+html|html|head|body)\b[^<>]*>", re.IGNORECASE)
_STARTS_WITH_MARKUP = re.compile(r"\s*<\s*(?:[!?]|/?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>)")
_NEWLINES = re.compile(r"\r\n?")


def read_summary(path: Path) -> str:
    """The file's normalised text (see check_text), or an InputError saying why not."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_SUMMARY_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read summary: {exc.strerror or exc}", path=str(path)) from exc
    return check_text(data, str(path))


def _too_large(size: str) -> str:
    return (
        f"the summary is too large ({size}; the limit is {MAX_SUMMARY_BYTES:,} bytes): "
        "an OEIL summary is a few kilobytes of plain text"
    )


def check_text(data: bytes | str, where: str = "<text>") -> str:
    """Decode and sanity-check a summary; return its text without a byte-order mark and with
    every line ending as a single LF (idempotent: checking the result again changes nothing)."""
    if isinstance(data, bytes):
        if len(data) > MAX_SUMMARY_BYTES:
            raise InputError(_too_large(f"{len(data):,} bytes or more"), path=where)
        if data.startswith(b"%PDF"):
            raise InputError("this is a PDF file, not a plain-text OEIL summary", path=where)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not UTF-8 text (byte {exc.start}); save the summary as plain UTF-8 text",
                path=where,
            ) from exc
    else:
        text = data
        if len(text) > MAX_SUMMARY_BYTES:
            raise InputError(_too_large(f"{len(text):,} characters"), path=where)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InputError(
                f"not UTF-8 text: lone surrogate U+{ord(text[exc.start]):04X} at character "
                f"{exc.start} (bytes decoded with 'surrogateescape'?)",
                path=where,
            ) from exc
    text = _NEWLINES.sub("\n", text.removeprefix("\ufeff"))
    if not text.strip():
        raise InputError("the summary is empty", path=where)
    if text.lstrip().startswith("%PDF"):
        raise InputError("this is a PDF file, not a plain-text OEIL summary", path=where)
    if _CONTROL.search(text):
        raise InputError(
            "the file holds control characters: binary data, not a text summary", path=where
        )
    if _HTML_PAGE.search(text[:2000]) or _STARTS_WITH_MARKUP.match(text):
        raise InputError(
            "this is HTML, not plain text: copy the summary text from the page", path=where
        )
    return text
