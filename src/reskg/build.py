"""The build: load the data folder, validate it, write every export and the dataset description.

Output goes through `output.publish_dir`, so a failed build leaves the previous output intact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL, RDF

from reskg.config import Settings
from reskg.describe import DistributionFile, build_time, describe_dataset
from reskg.errors import DataError, InputError
from reskg.export import EXPORTERS, not_xml
from reskg.links.describe import linksets_of_folder
from reskg.load import SOURCE_TEXT, data_files, graph_name, load_dataset, union_graph
from reskg.output import publish_dir, write_bytes
from reskg.progress import Progress, silent
from reskg.store import DEFAULT_STORE
from reskg.validate import ValidationReport, load_shapes, validate_graph

DESCRIPTION_FILE = "dataset.ttl"
REPORT_FILE = "validation-report.ttl"
TITLES = {
    "ttl": "The whole graph in Turtle",
    "nt": "The whole graph in N-Triples, sorted",
    "jsonld": "The whole graph in JSON-LD, compacted with the reskg context",
    "trig": "The graph in TriG, one named graph per source file",
    "xml": "The whole graph in RDF/XML",
}


class ValidationFailed(DataError):
    """The data does not conform to the shapes; carries the report."""

    def __init__(self, report: ValidationReport):
        self.report = report
        super().__init__(
            f"the data does not conform to the shapes ({len(report.violations)} problem(s))"
        )


@dataclass
class BuildResult:
    out: Path
    triples: int
    report: ValidationReport
    files: list[DistributionFile]
    validated: list[str] = field(default_factory=list)  # units validated (not from the cache)
    rewritten: list[str] = field(default_factory=list)  # output files written anew
    patched: list[str] = field(default_factory=list)  # formats patched from the previous file
    skipped: dict[str, str] = field(default_factory=dict)  # output file not written -> why


def input_files(
    settings: Settings, data_dir: Path, files: list[Path] | None = None
) -> list[tuple[str, Path]]:
    """Every input of the build, with the IRI of the named graph it becomes (``files``: the
    data folder's RDF files when already listed)."""
    inputs = [(settings.graph_iri("ontology"), settings.ontology_file)]
    listed = data_files(data_dir) if files is None else files
    inputs += [(settings.graph_iri(graph_name(p, data_dir)), p) for p in listed]
    inputs += [
        (settings.graph_iri(f"{p.parent.name}/source"), p)
        for p in sorted(data_dir.glob(f"*/{SOURCE_TEXT}"))
    ]
    inputs += [(shapes_document(settings, p), p) for p in sorted(settings.shapes_dir.glob("*.ttl"))]
    return inputs


def shapes_document(settings: Settings, path: Path) -> str:
    """The published document of a shapes file (`reskg.validate.shapes_home`)."""
    from reskg.ox_fragments import parse_triples
    from reskg.validate import shapes_home

    declared = (
        t.subject.value
        for t in parse_triples(path, settings.base)
        if t.predicate.value == str(RDF.type) and t.object.value == str(OWL.Ontology)
    )
    return shapes_home(declared, settings.base)


def build(
    settings: Settings,
    data_dir: Path,
    out_dir: Path,
    log: Callable[[str], None] = lambda _m: None,
    store: str = DEFAULT_STORE,
    use_cache: bool = True,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    progress: Progress = silent,
) -> BuildResult:
    """Load, validate and export; raise ValidationFailed (exit 1) before writing anything.

    `store="memory"` is the reference path (one rdflib graph, one pySHACL call);
    `store="oxigraph"` the incremental path of `reskg.incremental` (cached, parallel).
    """
    ensure_parent(out_dir)
    if store != "memory":
        from reskg.incremental import build_incremental

        cache = default_cache_dir(out_dir) if cache_dir is None else cache_dir
        return build_incremental(
            settings, data_dir, out_dir, log, cache if use_cache else None, jobs, progress
        )
    return build_memory(settings, data_dir, out_dir, log)


def ensure_parent(out_dir: Path) -> None:
    """The output folder's parent exists and is a folder, or the build stops before any work."""
    parent = out_dir.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"cannot create output folder: {exc.strerror or exc}", path=str(out_dir)
        ) from exc


def default_cache_dir(out_dir: Path) -> Path:
    """The cache lives beside the output folder, outside it: `.reskg-cache/`."""
    return out_dir.absolute().parent / ".reskg-cache"


def build_memory(
    settings: Settings, data_dir: Path, out_dir: Path, log: Callable[[str], None] = lambda _m: None
) -> BuildResult:
    """The whole graph in rdflib's memory store, validated in one pySHACL call (stock: rdflib
    also evaluates the SPARQL-based shapes, so this path is the reference for the others)."""
    started = build_time()
    log(f"loading {data_dir}")
    dataset = load_dataset(settings, data_dir)
    graph: Graph = union_graph(dataset)
    log(f"validating {len(graph)} triples")
    report = validate_graph(graph, load_shapes(settings), sparql="rdflib")
    if not report.conforms:
        raise ValidationFailed(report)
    files: list[DistributionFile] = []
    with publish_dir(out_dir) as stage:
        skipped: dict[str, str] = {}
        for exporter in EXPORTERS.values():
            log(f"writing {exporter.filename}")
            data = exporter.render(dataset, graph, settings)
            why = not_xml(data) if exporter.name == "xml" else None
            if why is not None:
                skipped[exporter.filename] = why
                continue
            write_bytes(stage / exporter.filename, data)
            files.append(
                DistributionFile(
                    exporter.filename,
                    exporter.media_type,
                    len(data),
                    TITLES.get(exporter.name, exporter.filename),
                )
            )
        write_bytes(stage / REPORT_FILE, report.as_turtle().encode("utf-8"))
        description = describe_dataset(
            graph, settings, files, input_files(settings, data_dir), started, build_time()
        )
        description += linksets_of_folder(settings, data_dir)
        write_bytes(
            stage / DESCRIPTION_FILE, description.serialize(format="turtle", encoding="utf-8")
        )
    return BuildResult(out=out_dir, triples=len(graph), report=report, files=files, skipped=skipped)
