"""The views: a Jinja environment whose pages link relatively, so the site works from file://."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from jinja2 import Environment, PackageLoader, pass_context, select_autoescape
from rdflib import Graph

from reskg.config import Settings
from reskg.export import jsonld_context
from reskg.site.paths import DOC_FORMATS, relative_href

NAV = [
    ("index.html", "Home"),
    ("actors.html", "Actors"),
    ("themes.html", "Themes"),
    ("provisions.html", "Legal provisions"),
    ("ontology.html", "Ontology"),
    ("dataset.html", "Dataset"),
]


@pass_context
def _rel(ctx: Any, path: str) -> str:
    return relative_href(ctx["here"], path)


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("reskg.site", "templates"),
        autoescape=select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["rel"] = _rel
    return env


def jsonld_text(graph: Graph, settings: Settings) -> str:
    """Compact JSON-LD of a description with our context (a local dict: nothing is fetched)."""
    data = graph.serialize(
        format="json-ld",
        context=jsonld_context(settings),
        auto_compact=True,
        indent=2,
        sort_keys=True,
    )
    return data


# Characters HTML calls invalid in a document (DEL, C1 controls, noncharacters) that JSON
# leaves unescaped; in JSON they only occur inside strings, where \u escapes mean the same.
_HTML_INVALID = re.compile(
    "[\x7f-\x9f\ufdd0-\ufdef"
    + "".join(chr(plane * 0x10000 + low) for plane in range(17) for low in (0xFFFE, 0xFFFF))
    + "]"
)


def script_safe(json_text: str) -> str:
    """JSON made safe inside <script>: '<' only occurs in strings, where \\u003c means the same;
    the characters an HTML parser refuses are escaped the same way."""
    json.loads(json_text)
    safe = json_text.replace("<", "\\u003c")
    return _HTML_INVALID.sub(lambda m: _json_escape(m.group()), safe)


def _json_escape(ch: str) -> str:
    """One character as JSON's \\u escape (a UTF-16 surrogate pair beyond the BMP)."""
    return json.dumps(ch, ensure_ascii=True)[1:-1]


def alternates(doc_base: str, suffixes: Iterable[str] = DOC_FORMATS) -> list[dict[str, str]]:
    """The <link rel=alternate> entries of a page (those of ``suffixes``), relative to it."""
    name = doc_base.rsplit("/", 1)[-1]
    return [
        {"type": media, "href": name + suffix, "suffix": suffix[1:]}
        for suffix, media in DOC_FORMATS.items()
        if suffix != ".html" and suffix in suffixes
    ]


class Views:
    """Renders one template for one site path."""

    def __init__(self, settings: Settings, with_sparql: bool = False):
        self.env = environment()
        self.settings = settings
        self.nav = NAV + ([("sparql", "SPARQL")] if with_sparql else [])

    def render(self, template: str, here: str, **context: Any) -> str:
        context.setdefault("alternates", [])
        context.setdefault("jsonld", None)
        return self.env.get_template(template).render(
            here=here, nav=self.nav, base=self.settings.base, **context
        )
