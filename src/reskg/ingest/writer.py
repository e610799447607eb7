"""Turtle output in the style of the curated files: our IRIs relative to the base (so the file
loads under any base, like data/), standard vocabularies by prefix, subjects in a stable order."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from reskg.namespaces import STANDARD_PREFIXES

_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}
_PREFIXES = {
    "reskg": "ontology#",
    **{k: str(v) for k, v in STANDARD_PREFIXES.items()},
    "eli-dl": "http://data.europa.eu/eli/eli-draft-legislation-ontology#",
}


def _escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


class TurtleWriter:
    def __init__(self, base: str):
        self.base = base
        self.used: set[str] = set()

    def term(self, node: object) -> str:
        if isinstance(node, URIRef):
            text = str(node)
            if text.startswith(self.base + "ontology#"):
                local = text[len(self.base) + 9 :]
                if local.isalnum():
                    self.used.add("reskg")
                    return f"reskg:{local}"
            if text.startswith(self.base):
                return f"<{text[len(self.base) :]}>"
            for prefix, ns in _PREFIXES.items():
                if text.startswith(ns):
                    local = text[len(ns) :]
                    if (
                        local
                        and all(c.isalnum() or c in "_-" for c in local)
                        and local[0].isalpha()
                    ):
                        self.used.add(prefix)
                        return f"{prefix}:{local}"
            return f"<{text}>"
        if isinstance(node, Literal):
            body = f'"{_escape(str(node))}"'
            if node.language:
                return f"{body}@{node.language}"
            if node.datatype is not None and node.datatype != XSD.string:
                return f"{body}^^{self.term(node.datatype)}"
            return body
        if isinstance(node, BNode):
            return f"_:{node}"
        raise TypeError(node)

    def write(self, graph: Graph, header: str = "") -> str:
        blocks = []
        subjects = sorted(set(graph.subjects()), key=str)
        for s in subjects:
            preds = sorted(set(graph.predicates(s)), key=lambda p: (p != RDF.type, str(p)))
            parts = []
            for p in preds:
                objs = sorted(self.term(o) for o in graph.objects(s, p))
                verb = "a" if p == RDF.type else self.term(p)
                parts.append(f"    {verb} " + " ,\n        ".join(objs))
            blocks.append(self.term(s) + "\n" + " ;\n".join(parts) + " .\n")
        prefixes = "".join(f"@prefix {p}: <{_PREFIXES[p]}> .\n" for p in sorted(self.used))
        return header + prefixes + "\n" + "\n".join(blocks)


def to_turtle(graph: Graph, base: str, header: str = "") -> str:
    return TurtleWriter(base).write(graph, header)
