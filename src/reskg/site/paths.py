"""One mapping between resource IRIs and document paths, used by the site and the server.

A resource IRI ``{base}id/org/eeas`` has the documents ``id/org/eeas.html``, ``.ttl``,
``.jsonld``, ``.nt`` and ``.rdf`` relative to the site root. A hash IRI (``{base}ontology#Demand``)
belongs to the document of the IRI before the ``#``. Only IRIs whose path segments are plain,
non-dot, printable names map to a path, so a mapped path can never leave the site folder.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

# An IRI path segment we are willing to turn into a file name: no '/', '\\', '%', NUL or space.
_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~!$&'()*+,;=:@-]*$")

# Document suffix -> media type; the order is the preference when a client accepts anything.
DOC_FORMATS: dict[str, str] = {
    ".html": "text/html",
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".rdf": "application/rdf+xml",
}


def document_iri(iri: str) -> str:
    """The IRI without its fragment: the resource whose page describes this IRI."""
    return iri.split("#", 1)[0]


def safe_relpath(rel: str) -> PurePosixPath | None:
    """A relative POSIX path made only of safe segments, or None."""
    if not rel or len(rel) > 1024:
        return None
    parts = rel.split("/")
    if not all(_SEGMENT.match(p) and p not in (".", "..") for p in parts):
        return None
    return PurePosixPath(*parts)


def resource_path(iri: str, base: str) -> PurePosixPath | None:
    """The path (without suffix) of a resource's documents, or None if not under the base."""
    iri = document_iri(iri)
    if not iri.startswith(base):
        return None
    return safe_relpath(iri[len(base) :])


def doc_path(iri: str, base: str, suffix: str = ".html") -> str | None:
    """The site-relative path of one document of a resource, e.g. ``id/org/eeas.ttl``."""
    path = resource_path(iri, base)
    if path is None or suffix not in DOC_FORMATS:
        return None
    return f"{path}{suffix}"


def split_doc_path(rel: str) -> tuple[str, str] | None:
    """A request path ``id/org/eeas.ttl`` as (resource path, suffix), or None if no doc suffix."""
    for suffix in DOC_FORMATS:
        if rel.endswith(suffix) and len(rel) > len(suffix):
            return rel[: -len(suffix)], suffix
    return None


def relative_href(from_path: str, to_path: str) -> str:
    """A relative link from one site file to another (works from file:// and any host)."""
    from_parts = PurePosixPath(from_path).parent.parts
    to_parts = PurePosixPath(to_path).parts
    common = 0
    while (
        common < len(from_parts)
        and common < len(to_parts) - 1
        and from_parts[common] == to_parts[common]
    ):
        common += 1
    ups = [".."] * (len(from_parts) - common)
    return "/".join(ups + list(to_parts[common:])) or to_parts[-1]


def inside(root: Path, rel: str) -> Path | None:
    """The file ``root/rel`` if rel is safe and the result stays inside root, else None."""
    safe = safe_relpath(rel)
    if safe is None:
        return None
    root = root.resolve()
    target = (root / safe).resolve()
    if not target.is_relative_to(root):
        return None
    return target
