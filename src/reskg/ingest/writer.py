"""Turtle output in the style of the curated files: our IRIs relative to the base (so the file
loads under any base, like data/), standard vocabularies by prefix, subjects in a stable order."""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD

from reskg.ingest.matching import CF_RANGES
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


TYPE = RDF.type
_TABLE = {ord(k): v for k, v in _ESCAPES.items()}
_TABLE.update({c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F] if c not in _TABLE})
# Invisible format characters (bidi overrides, zero-width spaces; CVE-2021-42574) are written
# escaped, so the file shows them instead of displaying reordered or hidden text. The soft hyphen
# is kept: it is visible where a line breaks.
_TABLE.update(
    {
        c: f"\\u{c:04X}" if c <= 0xFFFF else f"\\U{c:08X}"
        for a, b in CF_RANGES
        for c in range(a, b + 1)
        if c != 0xAD
    }
)


def _escape(text: str) -> str:
    return text.translate(_TABLE)


class TurtleWriter:
    def __init__(self, base: str):
        self.base = base
        self.used: set[str] = set()
        self._cache: dict[str, str] = {}  # keyed by plain str: rdflib's term equality is slow

    def term(self, node: object) -> str:
        if isinstance(node, URIRef):
            return self._iri(str(node))
        return self._other(node)

    def _iri(self, text: str) -> str:
        cached = self._cache.get(text)
        if cached is None:
            cached = self._cache[text] = self._write_iri(text)
        return cached

    def _write_iri(self, text: str) -> str:
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
                if local and all(c.isalnum() or c in "_-" for c in local) and local[0].isalpha():
                    self.used.add(prefix)
                    return f"{prefix}:{local}"
        return f"<{text}>"

    def _other(self, node: object) -> str:
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

    def write(self, triples: object, header: str = "") -> str:
        # Subjects and predicates are keyed by plain strings (and the subject's kind).
        by_subject: dict[tuple[type, str], dict[str, list[str]]] = {}
        subjects: dict[tuple[type, str], object] = {}
        for s, p, o in triples:  # type: ignore[attr-defined]
            key = (type(s), str(s))
            preds = by_subject.get(key)
            if preds is None:
                preds = by_subject[key] = {}
                subjects[key] = s
            preds.setdefault(str(p), []).append(self.term(o))
        rdf_type = str(TYPE)
        blocks = []
        for key in sorted(by_subject, key=lambda k: k[1]):
            preds = by_subject[key]
            parts = []
            for p in sorted(preds, key=lambda p: (p != rdf_type, p)):
                verb = "a" if p == rdf_type else self._iri(p)
                parts.append(f"    {verb} " + " ,\n        ".join(sorted(preds[p])))
            blocks.append(self.term(subjects[key]) + "\n" + " ;\n".join(parts) + " .\n")
        prefixes = "".join(f"@prefix {p}: <{_PREFIXES[p]}> .\n" for p in sorted(self.used))
        return header + prefixes + "\n" + "\n".join(blocks)


def to_turtle(triples: object, base: str, header: str = "") -> str:
    """Turtle of a Graph or of a set of triples."""
    return TurtleWriter(base).write(triples, header)
