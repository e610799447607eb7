"""Serialisations of the graph: one registry maps a format name to its exporter.

Adding a format is one `register(...)` call. Each exporter renders bytes from the loaded
Dataset (for formats with named graphs) or its union graph.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Dataset, Graph
from rdflib.namespace import RDF

from reskg.config import DEFAULT_BASE, Settings
from reskg.textlines import escape_line_breaks, text_lines

Renderer = Callable[[Dataset, Graph, Settings], bytes]


@dataclass(frozen=True)
class Exporter:
    """One output format: its name on the command line, file name in dist/, media type."""

    name: str
    filename: str
    media_type: str
    render: Renderer


EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    EXPORTERS[exporter.name] = exporter
    return exporter


def exporter_for(name: str) -> Exporter:
    try:
        return EXPORTERS[name]
    except KeyError:
        known = ", ".join(sorted(EXPORTERS))
        raise ValueError(f"unknown format {name!r} (known: {known})") from None


def jsonld_context(settings: Settings) -> dict:
    """Our JSON-LD context, with the namespace of our ontology under the configured base."""
    text = settings.context_file.read_text(encoding="utf-8")
    return json.loads(text.replace(DEFAULT_BASE, settings.base))["@context"]


def _turtle(_ds: Dataset, graph: Graph, _s: Settings) -> bytes:
    return graph.serialize(format="turtle", encoding="utf-8")


# Characters XML 1.0 cannot hold, as the UTF-8 bytes rdflib's and Oxigraph's RDF/XML writers
# leave in the text: C0 controls but tab, LF and CR; U+FFFE and U+FFFF. Each is looked for with
# bytes.find (memchr speed: a regular expression took half a second on a 1,000-resolution graph).
_NOT_XML_BYTES = [bytes([b]) for b in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))]
_NOT_XML_BYTES += [b"\xef\xbf\xbe", b"\xef\xbf\xbf"]
_ABOUT = re.compile(rb'rdf:(?:about|nodeID)="([^"]*)"')


def not_xml(rdfxml: bytes) -> str | None:
    """Why an RDF/XML document cannot be written (a literal holding a character XML 1.0
    cannot carry: the subject, the property and the character), or None."""
    hits = [(at, seq) for seq in _NOT_XML_BYTES if (at := rdfxml.find(seq)) >= 0]
    if not hits:
        return None
    at, seq = min(hits)
    char = seq.decode("utf-8")
    line_start = rdfxml.rfind(b"\n", 0, at) + 1
    element = re.match(rb"\s*<([\w.:-]+)", rdfxml[line_start:at])
    about = rdfxml.rfind(b"rdf:about=", 0, at)
    node_id = rdfxml.rfind(b"rdf:nodeID=", 0, at)
    subjects = list(_ABOUT.finditer(rdfxml, max(about, node_id, 0), at))
    subject = subjects[-1].group(1).decode("utf-8") if subjects else "?"
    prop = element.group(1).decode("utf-8") if element else "a property"
    return (
        f"<{subject}> {prop} holds U+{ord(char):04X}, a character XML 1.0 cannot carry "
        "(remove it from the data or the source text to publish RDF/XML)"
    )


def ntriples_lines(graph: Graph) -> list[str]:
    """The graph's N-Triples lines, sorted and without duplicates (line breaks other than LF
    and CR inside literals as \\u escapes, `reskg.textlines`): stable across builds."""
    text = escape_line_breaks(graph.serialize(format="nt"))
    return sorted({line for line in text_lines(text) if line.strip()})


def sorted_ntriples(graph: Graph) -> bytes:
    """N-Triples, one line per triple, sorted and without duplicates: stable across builds."""
    return ("\n".join(ntriples_lines(graph)) + "\n").encode("utf-8")


def _ntriples(_ds: Dataset, graph: Graph, _s: Settings) -> bytes:
    return sorted_ntriples(graph)


def stable_jsonld(node: object) -> object:
    """JSON-LD with every unordered array sorted, so that output does not depend on hashing.

    rdflib emits subjects and values in its store's (hash) order; RDF graphs are sets, so
    sorting every array but an `@list` gives the same graph, in one order.
    """
    if isinstance(node, dict):
        return {
            k: (_ordered_list(v) if k == "@list" else stable_jsonld(v)) for k, v in node.items()
        }
    if isinstance(node, list):
        items = [stable_jsonld(v) for v in node]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return node


def _ordered_list(items: object) -> object:
    return [stable_jsonld(v) for v in items] if isinstance(items, list) else stable_jsonld(items)


def sorted_rdfxml(graph: Graph) -> bytes:
    """RDF/XML written from the sorted triples (Oxigraph's writer): the same bytes every time."""
    import pyoxigraph as ox

    from reskg.shacl_sparql import to_ox

    triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in sorted(graph)]
    used = {str(p) for p in graph.predicates()} | {str(o) for o in graph.objects(None, RDF.type)}
    prefixes = {
        prefix: str(ns)
        for prefix, ns in sorted(graph.namespaces())
        if prefix and any(term.startswith(str(ns)) for term in used)
    }
    return ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=prefixes)


def _jsonld(_ds: Dataset, graph: Graph, settings: Settings) -> bytes:
    document = json.loads(
        graph.serialize(format="json-ld", context=jsonld_context(settings), auto_compact=True)
    )
    context = document.pop("@context", None)
    ordered = (
        {"@context": context, **stable_jsonld(document)} if context else stable_jsonld(document)
    )
    return json.dumps(ordered, indent=2, sort_keys=True, ensure_ascii=False).encode("utf-8")


_PREFIX_LINE = re.compile(r"@prefix (\S*): <([^>]*)> \.")


def turtle_without_prefixes(graph: Graph) -> tuple[list[str], dict[str, str]]:
    """rdflib's Turtle for a graph split into its statement lines and its @prefix map."""
    body, prefixes = [], {}
    for line in text_lines(graph.serialize(format="turtle")):
        match = _PREFIX_LINE.match(line)
        if match:
            prefixes[match.group(1)] = match.group(2)
        else:
            body.append(line)
    return body, prefixes


def _trig(dataset: Dataset, _g: Graph, settings: Settings) -> bytes:
    """TriG, one block per named graph in IRI order, each block grouped Turtle: stable bytes."""
    from reskg.namespaces import bind_prefixes

    prefixes: dict[str, str] = {}
    blocks = []
    for graph in sorted((g for g in dataset.graphs() if len(g)), key=lambda g: str(g.identifier)):
        sub = Graph()
        bind_prefixes(sub, settings.base)
        for triple in graph:
            sub.add(triple)
        body, own = turtle_without_prefixes(sub)
        if any(prefixes.get(p, ns) != ns for p, ns in own.items()):
            body = text_lines(sorted_ntriples(sub).decode("utf-8"))  # a prefix clash
        else:
            prefixes.update(own)
        blocks.append(f"<{graph.identifier}> {{\n" + "\n".join(body).strip("\n") + "\n}")
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items()))
    return (head + "\n" + "\n\n".join(blocks) + "\n").encode("utf-8")


def _rdfxml(_ds: Dataset, graph: Graph, _s: Settings) -> bytes:
    return sorted_rdfxml(graph)


register(Exporter("ttl", "graph.ttl", "text/turtle", _turtle))
register(Exporter("nt", "graph.nt", "application/n-triples", _ntriples))
register(Exporter("jsonld", "graph.jsonld", "application/ld+json", _jsonld))
register(Exporter("trig", "graph.trig", "application/trig", _trig))
register(Exporter("xml", "graph.rdf", "application/rdf+xml", _rdfxml))
