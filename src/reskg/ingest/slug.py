"""Slugs for IRIs: deterministic, lower-case ASCII words joined by hyphens."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str, max_words: int = 8) -> str:
    text = re.sub(r"[’'‘`]", " ", text)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.replace("&", " and ")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words[:max_words])


def procedure_slug(reference: str) -> str:
    """'2021/2650(RSP)' -> '2021-2650-RSP'."""
    m = re.fullmatch(r"(\d{4})/(\d{4})\(([A-Z]{3,4})\)", reference.strip())
    if not m:
        raise ValueError(reference)
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
