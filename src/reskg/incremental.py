"""The incremental build: per-resolution parts, cached by content hash, validated in parallel.

Each unit (resolution folder) and the shared inputs become a cached part (export fragments,
statistics, validation results) keyed by the hash of their files, of the shared inputs and of
the shapes. Missing parts are computed in batches across worker processes. The exports are
assembled from the parts; an output file whose inputs did not change is hard-linked from the
previous output instead of being rewritten. Output goes through `output.publish_dir`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDFS

from reskg.build import (
    DESCRIPTION_FILE,
    REPORT_FILE,
    TITLES,
    BuildResult,
    ValidationFailed,
    input_files,
)
from reskg.cache import Cache, digest, file_hash
from reskg.config import Settings
from reskg.describe import (
    DistributionFile,
    GraphStats,
    build_iri,
    build_time,
    describe_dataset,
    input_entities,
)
from reskg.export import jsonld_context
from reskg.links.describe import linksets_of_folder
from reskg.load import data_files
from reskg.namespaces import our_prefixes
from reskg.output import publish_dir, write_bytes
from reskg.progress import Progress
from reskg.shard import Fragment, UnitResult, discover, process_batch, shared_result
from reskg.turtle_writer import Abbreviator, turtle_document
from reskg.validate import merged_report

MANIFEST = "outputs.json"
FORMATS = [  # name, file, media type
    ("ttl", "graph.ttl", "text/turtle"),
    ("nt", "graph.nt", "application/n-triples"),
    ("jsonld", "graph.jsonld", "application/ld+json"),
    ("trig", "graph.trig", "application/trig"),
    ("xml", "graph.rdf", "application/rdf+xml"),
]


def _turtle_body(fragment: Fragment, prefixes: dict[str, str]) -> str:
    """The fragment's Turtle if it only uses our prefixes, else its N-Triples (valid Turtle)."""
    if all(prefixes.get(p) == ns for p, ns in fragment.prefixes.items()):
        return fragment.turtle
    return "\n".join(fragment.nt)


def render_turtle(fragments: list[Fragment], prefixes: dict[str, str]) -> bytes:
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items()))
    bodies = [_turtle_body(f, prefixes) for f in fragments if f.nt]
    return (head + "\n" + "\n\n".join(bodies) + "\n").encode("utf-8")


def render_trig(fragments: list[Fragment], prefixes: dict[str, str]) -> bytes:
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items()))
    blocks = [f"<{f.graph_iri}> {{\n{_turtle_body(f, prefixes)}\n}}" for f in fragments if f.nt]
    return (head + "\n" + "\n\n".join(blocks) + "\n").encode("utf-8")


def ntriples_lines(fragments: list[Fragment]) -> list[str]:
    """Every triple once, as sorted N-Triples lines."""
    lines: set[str] = set()
    for f in fragments:
        lines.update(f.nt)
    return sorted(lines)


def render_nt(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def render_jsonld(fragments: list[Fragment], context: dict) -> bytes:
    ctx = json.dumps({"@context": context}, indent=2, sort_keys=True, ensure_ascii=False)
    ctx_body = ctx[1:-1].strip("\n")
    nodes = ",\n".join(n for f in fragments for n in f.jsonld)
    return ("{\n" + ctx_body + ',\n  "@graph": [\n' + nodes + "\n  ]\n}").encode("utf-8")


def render_xml(fragments: list[Fragment]) -> bytes:
    xmlns: dict[str, str] = {}
    bodies = []
    for f in fragments:
        if not f.nt:
            continue
        if any(xmlns.get(p, ns) != ns for p, ns in f.xmlns.items()):
            # A prefix clash: declare this fragment's namespaces on each of its elements.
            attrs = " ".join(f'xmlns:{p}="{ns}"' for p, ns in sorted(f.xmlns.items()))
            bodies.append(f.xml.replace("<rdf:Description ", f"<rdf:Description {attrs} "))
            continue
        xmlns.update(f.xmlns)
        bodies.append(f.xml)
    xmlns.setdefault("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#")
    attrs = "\n".join(f'   xmlns:{p}="{ns}"' for p, ns in sorted(xmlns.items()))
    head = f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF\n{attrs}\n>\n'
    return (head + "\n".join(bodies) + "\n</rdf:RDF>\n").encode("utf-8")


def _batches(items: list, jobs: int) -> list[list]:
    size = max(1, min(50, -(-len(items) // (jobs * 4))))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _coupled(results: list[UnitResult], shared_subjects: set[str]) -> set[str]:
    """Units whose nodes another part also describes or mentions: validate them together."""
    owner: dict[str, str] = {}  # subject -> the unit describing it (the first one)
    described_twice: set[str] = set()
    for r in results:
        for s in r.subjects:
            if owner.setdefault(s, r.name) != r.name:
                described_twice.add(s)
    owners: dict[str, set[str]] = {s: set() for s in described_twice}
    if owners:
        for r in results:
            for s in r.subjects & described_twice:
                owners[s].add(r.name)
    coupled = set()
    for r in results:
        if r.subjects & shared_subjects:
            coupled.add(r.name)
        for node in ((r.objects & owner.keys()) - r.subjects) | (r.subjects & described_twice):
            others = owners.get(node) or {owner[node]}
            if others - {r.name}:
                coupled.add(r.name)
                coupled.update(others)
    return coupled


def inputs_turtle(build: URIRef, inputs: list[tuple[str, Path]], abbreviate: Abbreviator) -> str:
    """The build's inputs as Turtle: what `describe_dataset` would add for them, as text."""
    entities = sorted(input_entities(inputs))
    iri, term = abbreviate.iri, abbreviate.term
    used = ",\n        ".join(iri(e[0]) for e in entities)
    blocks = [f"{iri(str(build))} {iri(str(PROV.used))} {used} ."]
    for graph_iri, name, sha in entities:
        blocks.append(
            f"{iri(graph_iri)} a {iri(str(PROV.Entity))} ;\n"
            f"    {iri(str(RDFS.label))} {term(Literal(name))} ;\n"
            f"    {iri(str(DCTERMS.identifier))} {term(Literal(sha))} ."
        )
    return "\n\n".join(blocks)


def build_incremental(
    settings: Settings,
    data_dir: Path,
    out_dir: Path,
    log: Callable[[str], None],
    cache_dir: Path | None,
    jobs: int | None,
    progress: Progress,
) -> BuildResult:
    started = build_time()
    jobs = jobs or os.cpu_count() or 1
    cache = Cache(cache_dir)
    files = data_files(data_dir)
    shared, units = discover(settings, data_dir, files)
    shapes = sorted(settings.shapes_dir.glob("*.ttl"))
    shared_key = digest(
        settings.base,
        settings.context_file.read_bytes(),
        *(f"{p.name}:{file_hash(p)}" for p in shapes),
        *(f"{iri}:{file_hash(p)}" for iri, p in shared),
    )
    keys = {
        u.name: digest(
            shared_key,
            u.name,
            *(f"{iri}:{file_hash(p)}" for iri, p in u.files),
            file_hash(u.source_text) if u.source_text else "",
        )
        for u in units
    }
    log(f"{len(units)} resolution(s), {len(shared)} shared file(s)")
    shared_part = cache.get(shared_key)
    if shared_part is None:
        shared_part = shared_result(settings, shared, shared_key)
        cache.put(shared_key, shared_part)
    parts: dict[str, UnitResult] = {}
    missing = []
    for u in units:
        part = cache.get(keys[u.name])
        if part is None:
            missing.append(u)
        else:
            parts[u.name] = part
    validated = [u.name for u in missing]
    done = 0
    progress("validating", 0, len(missing))
    if len(missing) > 4 and jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [
                pool.submit(process_batch, settings, shared, shared_key, batch)
                for batch in _batches(missing, jobs)
            ]
            for future in futures:
                for part in future.result():
                    parts[part.name] = part
                    cache.put(keys[part.name], part)
                    done += 1
                progress("validating", done, len(missing))
    elif missing:
        for part in process_batch(settings, shared, shared_key, missing):
            parts[part.name] = part
            cache.put(keys[part.name], part)
        progress("validating", len(missing), len(missing))
    ordered = [parts[u.name] for u in units]
    violations = list(shared_part.violations)
    coupled = _coupled(ordered, shared_part.subjects)
    if coupled:
        log(f"{len(coupled)} resolution(s) share nodes: validating them together")
        joint = process_batch(settings, shared, shared_key, [u for u in units if u.name in coupled])
        ordered = [p for p in ordered if p.name not in coupled] + joint
        ordered.sort(key=lambda p: p.name)
        violations = []  # the joint batch sees the shared nodes together with the units
        joint_shared = shared_result(settings, shared, shared_key)
        keep = set().union(*(p.subjects for p in joint))
        violations += [v for v in joint_shared.violations if v.focus not in keep]
    for part in ordered:
        violations.extend(part.violations)
    report = merged_report(violations)
    if not report.conforms:
        raise ValidationFailed(report)

    fragments = shared_part.fragments + [f for p in ordered for f in p.fragments]
    export_key = digest(shared_key, *(keys[u.name] for u in units))
    previous = _previous_outputs(out_dir, cache_dir)
    prefixes = our_prefixes(settings.base)
    renderers = {
        "ttl": lambda: render_turtle(fragments, prefixes),
        "nt": lambda: render_nt(nt_lines),
        "jsonld": lambda: render_jsonld(fragments, jsonld_context(settings)),
        "trig": lambda: render_trig(fragments, prefixes),
        "xml": lambda: render_xml(fragments),
    }
    files_out: list[DistributionFile] = []
    rewritten: list[str] = []
    stats = GraphStats()
    for f in fragments:
        stats.merge(f.stats)
    nt_lines = ntriples_lines(fragments)
    stats.triples = len(nt_lines)
    with publish_dir(out_dir) as stage:
        for i, (name, filename, media) in enumerate(FORMATS):
            progress("exporting", i, len(FORMATS))
            old = previous.get(filename)
            if old is not None and old[0] == export_key and old[1].is_file():
                os.link(old[1], stage / filename)
                size = (stage / filename).stat().st_size
            else:
                data = renderers[name]()
                write_bytes(stage / filename, data)
                size = len(data)
                rewritten.append(filename)
            files_out.append(DistributionFile(filename, media, size, TITLES.get(name, filename)))
        progress("exporting", len(FORMATS), len(FORMATS))
        write_bytes(stage / REPORT_FILE, report.as_turtle().encode("utf-8"))
        inputs = input_files(settings, data_dir, files)
        # The inputs (three triples each, thousands on a corpus) are written straight as Turtle:
        # through an rdflib graph they were most of a rebuild's time.
        description = describe_dataset(stats, settings, files_out, [], started, build_time())
        description += linksets_of_folder(settings, data_dir)
        description_prefixes = {p: str(ns) for p, ns in description.namespaces()}
        description_prefixes.update(prefixes)
        document = turtle_document(
            description,
            description_prefixes,
            lambda abbreviate: inputs_turtle(build_iri(settings), inputs, abbreviate),
        )
        write_bytes(stage / DESCRIPTION_FILE, document)
    if cache_dir is not None:
        manifest = {filename: export_key for _n, filename, _m in FORMATS}
        tmp = cache_dir / f".{MANIFEST}.tmp"
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps({"out": str(out_dir.absolute()), "files": manifest}))
            os.replace(tmp, cache_dir / MANIFEST)
        except OSError:  # the output is published; without a manifest the next build rewrites
            tmp.unlink(missing_ok=True)
    log(f"validated {len(validated)} resolution(s), reused {len(units) - len(validated)}")
    return BuildResult(
        out=out_dir,
        triples=stats.triples,
        report=report,
        files=files_out,
        validated=validated,
        rewritten=rewritten,
    )


def _previous_outputs(out_dir: Path, cache_dir: Path | None) -> dict[str, tuple[str, Path]]:
    """The files of the current output with the key they were built from (if we know it)."""
    if cache_dir is None or not (cache_dir / MANIFEST).is_file() or not out_dir.exists():
        return {}
    try:
        manifest = json.loads((cache_dir / MANIFEST).read_text())
    except (OSError, ValueError):
        return {}
    if manifest.get("out") != str(out_dir.absolute()):
        return {}
    current = out_dir.resolve()
    return {name: (key, current / name) for name, key in manifest.get("files", {}).items()}
