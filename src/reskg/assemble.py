"""The five exports, assembled from the parts of the build, or patched where one part changed.

Every export but N-Triples is ``head + separator.join(segments) + tail``: one segment per part
(the shared inputs, then each resolution), empty segments left out. A rebuild after editing a
few resolutions reuses the previous file's bytes for every other segment (their lengths are
kept in the build manifest) and renders only the changed ones; N-Triples (sorted lines, each
once) is patched by removing and inserting the changed parts' lines. Both ways give the same
bytes as a full assembly (tested); when a condition for patching does not hold (parts added
or removed, a namespace clash in RDF/XML, a removed line that another part may hold), the file
is assembled in full.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from reskg.fragment import Fragment

FORMATS = [  # name, file, media type
    ("ttl", "graph.ttl", "text/turtle"),
    ("nt", "graph.nt", "application/n-triples"),
    ("jsonld", "graph.jsonld", "application/ld+json"),
    ("trig", "graph.trig", "application/trig"),
    ("xml", "graph.rdf", "application/rdf+xml"),
]
SEPARATORS = {"ttl": b"\n\n", "trig": b"\n\n", "jsonld": b",\n", "xml": b"\n"}
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_MAX_SHARED_LINES = 100_000  # lines held by two parts or more, remembered for patching N-Triples


@dataclass
class Layout:
    """How the previous files were assembled: the parts in order and their segment lengths."""

    parts: list[tuple[str, str]]  # (part name, part key)
    lengths: dict[str, list[int]]  # format -> byte length of each part's segment
    frames: dict[str, str]  # format -> head + tail (to see that they did not change)
    shared_lines: list[str] | None = None  # N-Triples lines in two parts or more

    def to_json(self) -> dict:
        return {
            "parts": self.parts,
            "lengths": self.lengths,
            "frames": self.frames,
            "shared_lines": self.shared_lines,
        }

    @classmethod
    def from_json(cls, data: dict) -> Layout | None:
        try:
            return cls(
                parts=[(str(n), str(k)) for n, k in data["parts"]],
                lengths={f: [int(x) for x in v] for f, v in data["lengths"].items()},
                frames={str(f): str(v) for f, v in data["frames"].items()},
                shared_lines=data.get("shared_lines"),
            )
        except (KeyError, TypeError, ValueError):
            return None


def _turtle_body(fragment: Fragment, prefixes: dict[str, str]) -> str:
    """The fragment's Turtle if it only uses our prefixes, else its N-Triples (valid Turtle)."""
    if all(prefixes.get(p) == ns for p, ns in fragment.prefixes.items()):
        return fragment.turtle
    return "\n".join(fragment.nt)


def segment(fmt: str, fragments: list[Fragment], prefixes: dict[str, str]) -> bytes:
    """One part's segment of an export (b"" when it has nothing to say)."""
    if fmt == "ttl":
        text = "\n\n".join(_turtle_body(f, prefixes) for f in fragments if f.nt)
    elif fmt == "trig":
        text = "\n\n".join(
            f"<{f.graph_iri}> {{\n{_turtle_body(f, prefixes)}\n}}" for f in fragments if f.nt
        )
    elif fmt == "jsonld":
        text = ",\n".join(n for f in fragments for n in f.jsonld)
    elif fmt == "xml":
        text = "\n".join(f.xml for f in fragments if f.nt)
    else:
        raise ValueError(fmt)
    return text.encode("utf-8")


def xml_namespaces(namespaces: list[dict[str, str]]) -> dict[str, str] | None:
    """The namespaces of every fragment in one map, or None if a prefix has two namespaces."""
    merged: dict[str, str] = {}
    for xmlns in namespaces:
        for prefix, ns in xmlns.items():
            if merged.setdefault(prefix, ns) != ns:
                return None
    merged.setdefault("rdf", RDF_NS)
    return merged


def frame(fmt: str, prefixes: dict[str, str], context: dict, xmlns: dict[str, str]) -> tuple:
    """The head and tail of an export."""
    if fmt in ("ttl", "trig"):
        head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items()))
        return (head + "\n").encode("utf-8"), b"\n"
    if fmt == "jsonld":
        ctx = json.dumps({"@context": context}, indent=2, sort_keys=True, ensure_ascii=False)
        head = "{\n" + ctx[1:-1].strip("\n") + ',\n  "@graph": [\n'
        return head.encode("utf-8"), b"\n  ]\n}"
    attrs = "\n".join(f'   xmlns:{p}="{ns}"' for p, ns in sorted(xmlns.items()))
    head = f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF\n{attrs}\n>\n'
    return head.encode("utf-8"), b"\n</rdf:RDF>\n"


def render_xml_with_clashes(fragments: list[Fragment]) -> bytes:
    """RDF/XML when a prefix means two namespaces: each clashing fragment declares its own."""
    xmlns: dict[str, str] = {}
    bodies = []
    for f in fragments:
        if not f.nt:
            continue
        if any(xmlns.get(p, ns) != ns for p, ns in f.xmlns.items()):
            attrs = " ".join(f'xmlns:{p}="{ns}"' for p, ns in sorted(f.xmlns.items()))
            bodies.append(f.xml.replace("<rdf:Description ", f"<rdf:Description {attrs} "))
            continue
        xmlns.update(f.xmlns)
        bodies.append(f.xml)
    xmlns.setdefault("rdf", RDF_NS)
    attrs = "\n".join(f'   xmlns:{p}="{ns}"' for p, ns in sorted(xmlns.items()))
    head = f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF\n{attrs}\n>\n'
    return (head + "\n".join(bodies) + "\n</rdf:RDF>\n").encode("utf-8")


def join(head: bytes, sep: bytes, segments: list, tail: bytes) -> bytes:
    """head + sep.join(the non-empty segments) + tail, copied once (segments may be views)."""
    pieces: list = [head]
    for piece in segments:
        if len(piece):
            if len(pieces) > 1:
                pieces.append(sep)
            pieces.append(piece)
    pieces.append(tail)
    return b"".join(pieces)


def nt_bytes(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def shared_lines(parts: list[list[Fragment]]) -> list[str] | None:
    """The N-Triples lines that two parts or more hold (None if too many to remember)."""
    counts: Counter[str] = Counter()
    for fragments in parts:
        counts.update({line for f in fragments for line in f.nt})
    found = sorted(line for line, n in counts.items() if n > 1)
    return found if len(found) <= _MAX_SHARED_LINES else None


def _line_at(buf: bytes, target: bytes) -> tuple[int, bool]:
    """In sorted N-Triples bytes, the offset of the first line not below ``target`` and whether
    that line is ``target`` (binary search over line starts: no split of the whole file)."""
    lo, hi = 0, len(buf)  # invariant: lo is a line start
    while lo < hi:
        mid = (lo + hi) // 2
        start = buf.rfind(b"\n", lo, mid) + 1 if mid > lo else lo
        if start < lo:
            start = lo
        end = buf.find(b"\n", start)
        end = len(buf) if end < 0 else end
        if buf[start:end] < target:
            lo = end + 1
        else:
            hi = start
    end = buf.find(b"\n", lo)
    end = len(buf) if end < 0 else end
    return lo, lo < len(buf) and buf[lo:end] == target


def patched_nt(
    old: bytes, removed_from: list[set[str]], added_to: list[set[str]], layout: Layout
) -> tuple[bytes, list[str] | None] | None:
    """The N-Triples file after the changed parts swapped their lines, or None (assemble it).

    ``removed_from``/``added_to``: each changed part's old and new lines. The old file is
    edited where the lines go, found by binary search."""
    if layout.shared_lines is None:
        return None
    shared = set(layout.shared_lines)
    drop: set[str] = set()
    added: Counter[str] = Counter()
    for old_lines, new_lines in zip(removed_from, added_to, strict=True):
        gone = old_lines - new_lines
        if gone & shared:  # another part may hold it still: only a full count can tell
            return None
        drop |= gone
        added.update(new_lines - old_lines)
    if drop & added.keys():
        return None
    edits: list[tuple[int, int, bytes]] = []  # (offset, bytes removed, bytes inserted)
    for line in drop:
        data = line.encode("utf-8")
        at, found = _line_at(old, data)
        if not found:
            return None  # the old file is not what the layout says
        edits.append((at, len(data) + 1, b""))
    for line, count in added.items():
        data = line.encode("utf-8")
        at, found = _line_at(old, data)
        if found or count > 1:
            shared.add(line)  # another part holds it too
        if not found:
            edits.append((at, 0, data + b"\n"))
    edits.sort(key=lambda e: (e[0], e[1] != 0, e[2]))  # insertions before a removal
    chunks, at = [], 0
    for offset, removed, inserted in edits:
        chunks.append(memoryview(old)[at:offset])
        chunks.append(inserted)
        at = offset + removed
    chunks.append(memoryview(old)[at:])
    return b"".join(chunks), sorted(shared)


def read_old(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
