"""Read a summary file; refuse what is not a plain-text OEIL summary (empty, HTML, PDF, binary)."""

from __future__ import annotations

import re
from pathlib import Path

from reskg.errors import InputError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HTML = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|div|p|table|script)\b", re.IGNORECASE)


def read_summary(path: Path) -> str:
    """The file's text, byte-exact (no newline translation), or an InputError saying why not."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read summary: {exc.strerror or exc}", path=str(path)) from exc
    return check_text(data, str(path))


def check_text(data: bytes | str, where: str = "<text>") -> str:
    """Decode and sanity-check a summary; return its text."""
    if isinstance(data, bytes):
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
    if not text.strip():
        raise InputError("the summary is empty", path=where)
    if text.lstrip().startswith("%PDF"):
        raise InputError("this is a PDF file, not a plain-text OEIL summary", path=where)
    if _CONTROL.search(text):
        raise InputError(
            "the file holds control characters: binary data, not a text summary", path=where
        )
    if _HTML.search(text[:2000]):
        raise InputError(
            "this is HTML, not plain text: copy the summary text from the page", path=where
        )
    return text
