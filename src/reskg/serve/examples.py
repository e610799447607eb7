"""The example queries of the query page: queries/*.rq with their `# title:` comments."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    text: str


def load_examples(folder: Path) -> list[Example]:
    """Every readable .rq file of the folder, read now (another engineer may add more)."""
    out = []
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.rq")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        title = path.stem.replace("-", " ").replace("_", " ")
        for line in text.splitlines():
            stripped = line.strip()
            if stripped.lower().startswith("# title:"):
                title = stripped.split(":", 1)[1].strip() or title
                break
        out.append(Example(path.stem, title, text))
    return out
