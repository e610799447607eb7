"""Writing output files so that a failure leaves the previous file (or none) untouched."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from reskg.textlines import text_lines


def write_atomically(path: Path, text: str) -> None:
    """Write text to path through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def turtle_relative(graph, base: str) -> str:
    """Turtle with our IRIs relative to the base and no @base line, like the files in data/."""
    text = graph.serialize(format="turtle", base=base)
    return "\n".join(line for line in text_lines(text) if not line.startswith("@base")) + "\n"
