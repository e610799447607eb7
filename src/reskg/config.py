"""The few settings of reskg: base IRI and where the project's files live."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_BASE = "https://w3id.org/reskg/"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _resources_root() -> Path:
    """The folder with ontology/, shapes/ and queries/: the source tree, else the wheel copy."""
    source_tree = _PACKAGE_DIR.parents[1]
    if (source_tree / "ontology" / "reskg.ttl").is_file():
        return source_tree
    return _PACKAGE_DIR / "_resources"


RESOURCES = _resources_root()


def normalise_base(base: str) -> str:
    """A base IRI always ends with '/' so that relative IRIs resolve under it."""
    return base if base.endswith("/") else base + "/"


@dataclass(frozen=True)
class Settings:
    """Where to read from and which base IRI to publish under."""

    base: str = field(
        default_factory=lambda: normalise_base(os.environ.get("RESKG_BASE", DEFAULT_BASE))
    )
    data_dir: Path = Path("data")
    ontology_file: Path = RESOURCES / "ontology" / "reskg.ttl"
    context_file: Path = RESOURCES / "ontology" / "context.jsonld"
    shapes_dir: Path = RESOURCES / "shapes"
    queries_dir: Path = RESOURCES / "queries"

    @property
    def ontology_ns(self) -> str:
        return self.base + "ontology#"

    @property
    def dataset_iri(self) -> str:
        return self.base + "dataset"

    def graph_iri(self, name: str) -> str:
        """The IRI of the named graph that holds one source file."""
        return f"{self.base}graph/{name}"
