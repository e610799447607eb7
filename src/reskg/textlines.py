"""Lines of RDF text (N-Triples, Turtle, indented JSON): split at newline characters only.

`str.splitlines()` also splits at VT, FF, FS, GS, RS, NEL, U+2028 and U+2029, which a literal
may hold as text (rdflib's N-Triples and Turtle, and JSON, write them unescaped): splitting
there cuts a term in two and breaks the output. In N-Triples we also write them as \\u escapes
(the same term), as the Oxigraph path does, so that both paths give the same bytes and a
reader that splits lines the same way keeps each triple whole.
"""

from __future__ import annotations

import re

LINE_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def text_lines(text: str) -> list[str]:
    """The lines of ``text``, as `str.splitlines()` gives them when "\\n" ends each line."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def escape_line_breaks(text: str) -> str:
    """N-Triples text with the line boundaries other than LF and CR as \\u escapes."""
    return LINE_BREAKS.sub(lambda m: f"\\u{ord(m.group(0)):04X}", text)
