"""The incremental build: per-resolution parts, cached by content hash, validated in parallel.

Each unit (resolution folder) and the shared inputs become a cached part (export fragments,
statistics, validation results) keyed by the hash of their files, of the shared inputs and of
the shapes. Missing parts are computed in batches across worker processes. The exports are
assembled from the parts; an output file whose inputs did not change is hard-linked from the
previous output instead of being rewritten. Output goes through `output.publish_dir`.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDFS

from reskg.assemble import (
    FORMATS,
    SEPARATORS,
    Layout,
    frame,
    join,
    nt_bytes,
    patched_nt,
    read_old,
    render_xml_with_clashes,
    segment,
    shared_lines,
    xml_namespaces,
)
from reskg.build import (
    DESCRIPTION_FILE,
    REPORT_FILE,
    TITLES,
    BuildResult,
    ValidationFailed,
    input_files,
)
from reskg.cache import Cache, digest, file_hash, load_hashes, save_hashes
from reskg.config import Settings
from reskg.describe import (
    DistributionFile,
    GraphStats,
    build_iri,
    build_time,
    describe_dataset,
    input_entities,
)
from reskg.export import jsonld_context, not_xml
from reskg.links.describe import linksets_of_folder
from reskg.load import data_files
from reskg.namespaces import our_prefixes
from reskg.output import publish_dir, write_bytes
from reskg.progress import Progress
from reskg.shard import Fragment, UnitResult, discover, process_batch, shared_result
from reskg.turtle_writer import Abbreviator, turtle_document
from reskg.validate import merged_report

MANIFEST = "outputs.json"
SUMMARIES = "summaries"  # the summaries of the parts of a recent build, in one cache entry
OVERLAP_UNITS = 50  # from this many units, even one changed unit is validated in a worker
STALE_SUMMARIES = 20  # parts read from their own entries before SUMMARIES is written again
MAX_PATCHED = 50  # more changed parts than this: assemble the exports in full


@dataclass
class Summary:
    """What a rebuild needs of an unchanged part: everything but its rendered fragments."""

    name: str
    violations: list
    subjects: set[str]
    objects: set[str]
    stats: GraphStats
    xmlns: list[dict[str, str]]


def summarize(part: UnitResult) -> Summary:
    stats = GraphStats()
    for f in part.fragments:
        stats.merge(f.stats)
    xmlns = [f.xmlns for f in part.fragments if f.nt]
    return Summary(part.name, part.violations, part.subjects, part.objects, stats, xmlns)


def interned(summary: Summary, pool: dict[str, str]) -> Summary:
    """The summary with each string shared through ``pool``: IRIs recur across parts and
    between a part's subjects and its statistics, and pickle writes a shared string once."""

    def each(items) -> set[str]:
        return {pool.setdefault(x, x) for x in items}

    s = summary.stats
    stats = GraphStats(
        s.triples,
        each(s.subjects),
        each(s.predicates),
        each(s.classes),
        each(s.sources),
        {pool.setdefault(c, c): each(found) for c, found in s.typed.items()},
    )
    return Summary(
        summary.name,
        summary.violations,
        each(summary.subjects),
        each(summary.objects),
        stats,
        summary.xmlns,
    )


def process_and_store(
    settings: Settings,
    shared: list,
    shared_key: str,
    units: list,
    cache_root: Path | None,
    keys: dict[str, str],
) -> list[UnitResult]:
    """`process_batch`, each part written to the cache by the worker that made it: its
    summary first (what a rebuild reads), then the whole part."""
    cache = Cache(cache_root)
    parts = process_batch(settings, shared, shared_key, units)
    for part in parts:
        cache.put(keys[part.name], summarize(part), part)
    return parts


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
    load_hashes(cache_dir)
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
    full: dict[str, UnitResult] = {}  # parts rendered or loaded whole in this build
    summaries: dict[str, Summary] = {}

    def keep(part: UnitResult) -> None:  # (written to the cache by `process_and_store`)
        full[part.name] = part
        summaries[part.name] = summarize(part)

    # Units with no cached part go to worker processes first: on two cores or more, their
    # validation overlaps the reading of the other parts' summaries.
    absent = [u for u in units if not cache.has(keys[u.name])]
    parallel = jobs > 1 and (len(absent) > 4 or (absent and len(units) > OVERLAP_UNITS))
    sent = absent if parallel else []
    pool = ProcessPoolExecutor(max_workers=jobs) if sent else None
    try:
        futures = [
            pool.submit(process_and_store, settings, shared, shared_key, batch, cache.root, keys)
            for batch in (_batches(sent, jobs) if pool else [])
        ]
        shared_part = cache.get(shared_key)
        if shared_part is None:
            shared_part = shared_result(settings, shared, shared_key)
            cache.put(shared_key, shared_part)
        full[""] = shared_part
        last = cache.get(SUMMARIES) or {}  # one read for the summaries of a recent build
        sent_names = {u.name for u in sent}
        missing = []  # no readable part, not sent: validated in this process
        for u in units:
            if u.name in sent_names:
                continue
            summary = last.get(keys[u.name]) or cache.get(keys[u.name])  # (first in its part)
            if summary is None:
                missing.append(u)
            else:
                summaries[u.name] = summary
        total, done = len(sent) + len(missing), 0
        progress("validating", 0, total)
        for future in futures:
            for part in future.result():
                keep(part)
                done += 1
            progress("validating", done, total)
    finally:
        if pool is not None:
            pool.shutdown()
    if missing:
        for part in process_and_store(settings, shared, shared_key, missing, cache.root, keys):
            keep(part)
        progress("validating", total, total)
    validated_names = sent_names | {u.name for u in missing}
    validated = [u.name for u in units if u.name in validated_names]
    ordered = [summaries[u.name] for u in units]
    if sum(keys[u.name] not in last for u in units) > min(STALE_SUMMARIES, len(units) // 2):
        strings: dict[str, str] = {}
        cache.put(SUMMARIES, {keys[u.name]: interned(summaries[u.name], strings) for u in units})
    violations = list(shared_part.violations)
    coupled = _coupled(ordered, shared_part.subjects)
    if coupled:
        log(f"{len(coupled)} resolution(s) share nodes: validating them together")
        joint = process_batch(settings, shared, shared_key, [u for u in units if u.name in coupled])
        joint_names = {p.name for p in joint}
        ordered = [p for p in ordered if p.name not in joint_names]
        ordered += [summarize(p) for p in joint]
        ordered.sort(key=lambda p: p.name)
        violations = []  # the joint batch sees the shared nodes together with the units
        joint_shared = shared_result(settings, shared, shared_key)
        keep_out = set().union(*(p.subjects for p in joint))
        violations += [v for v in joint_shared.violations if v.focus not in keep_out]
    for part in ordered:
        violations.extend(part.violations)
    report = merged_report(violations)
    if not report.conforms:
        raise ValidationFailed(report)

    parts = [("", shared_key)] + [(u.name, keys[u.name]) for u in units]
    export_key = digest(shared_key, *(keys[u.name] for u in units))
    previous, layout = _previous_outputs(out_dir, cache_dir)
    prefixes = our_prefixes(settings.base)
    context = jsonld_context(settings)
    stats = GraphStats()
    shared_summary = summarize(shared_part)
    stats.merge(shared_summary.stats)
    for part in ordered:
        stats.merge(part.stats)
    xmlns = xml_namespaces([x for p in [shared_summary, *ordered] for x in p.xmlns])

    def fragments_of(name: str, key: str) -> list[Fragment]:
        part = full.get(name) or (cache.get(key) if name == "" else cache.get(key, second=True))
        if part is None:
            raise RuntimeError(f"the build cache lost part {name or 'shared'!r}: rebuild")
        full[name] = part
        return part.fragments

    assembler = _Assembler(parts, layout, prefixes, context, xmlns, fragments_of, cache)
    files_out: list[DistributionFile] = []
    rewritten: list[str] = []
    skipped: dict[str, str] = {}  # an export that cannot carry the data: not written
    with publish_dir(out_dir) as stage:
        for i, (name, filename, media) in enumerate(FORMATS):
            progress("exporting", i, len(FORMATS))
            old = previous.get(filename)
            if old is not None and old[0] == export_key and old[1].is_file() and layout is not None:
                os.link(old[1], stage / filename)
                size = (stage / filename).stat().st_size
                assembler.reuse(name, old[1])
            else:
                data = assembler.render(name, old[1] if old else None)
                why = assembler.not_xml if name == "xml" else None
                if why is not None:
                    skipped[filename] = why
                    continue
                write_bytes(stage / filename, data)
                size = len(data)
                rewritten.append(filename)
            files_out.append(DistributionFile(filename, media, size, TITLES.get(name, filename)))
        progress("exporting", len(FORMATS), len(FORMATS))
        stats.triples = assembler.triples
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
        manifest = {
            "out": str(out_dir.absolute()),
            "files": {filename: export_key for _n, filename, _m in FORMATS},
            "layout": assembler.layout().to_json(),
        }
        tmp = cache_dir / f".{MANIFEST}.tmp"
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(manifest))
            os.replace(tmp, cache_dir / MANIFEST)
        except OSError:  # the output is published; without a manifest the next build rewrites
            tmp.unlink(missing_ok=True)
        save_hashes(cache_dir)
    log(f"validated {len(validated)} resolution(s), reused {len(units) - len(validated)}")
    if assembler.patched:
        log(f"patched {', '.join(assembler.patched)} in place of a full assembly")
    return BuildResult(
        out=out_dir,
        triples=stats.triples,
        report=report,
        files=files_out,
        validated=validated,
        rewritten=rewritten,
        patched=assembler.patched,
        skipped=skipped,
    )


class _Assembler:
    """Renders each export in full or patches the previous one (`reskg.assemble`)."""

    def __init__(self, parts, layout, prefixes, context, xmlns, fragments_of, cache):
        self.parts: list[tuple[str, str]] = parts
        self.old: Layout | None = layout
        self.prefixes, self.context, self.xmlns = prefixes, context, xmlns
        self.fragments_of = fragments_of
        self.cache = cache
        self.lengths: dict[str, list[int]] = {}
        self.frames: dict[str, str] = {}
        self.shared: list[str] | None = None
        self.triples = 0
        self.patched: list[str] = []
        # why the RDF/XML cannot be written, found in the segments rendered by this build (a
        # previous file reused in part had none: it would not have been written)
        self.not_xml: str | None = None

    def frame(self, fmt: str) -> tuple[bytes, bytes]:
        head, tail = frame(fmt, self.prefixes, self.context, self.xmlns or {})
        self.frames[fmt] = hashlib.sha256(head + b"\0" + tail).hexdigest()
        return head, tail

    def changed(self) -> list[int] | None:
        """Indexes of the parts whose key changed, or None if the old layout cannot serve."""
        old = self.old
        if old is None or [n for n, _k in old.parts] != [n for n, _k in self.parts]:
            return None
        found = [i for i, (a, b) in enumerate(zip(old.parts, self.parts, strict=True)) if a != b]
        return found if len(found) <= MAX_PATCHED else None

    def reuse(self, fmt: str, path: Path) -> None:
        """The file is the previous one: carry its layout over."""
        assert self.old is not None
        if fmt == "nt":
            self.shared = self.old.shared_lines
            data = read_old(path) or b""
            self.triples = data.count(b"\n")
        else:
            self.frame(fmt)
            self.lengths[fmt] = self.old.lengths.get(fmt, [])

    def render(self, fmt: str, old_path: Path | None) -> bytes:
        changed = self.changed()
        old = read_old(old_path) if old_path is not None and changed is not None else None
        if fmt == "nt":
            if old is not None and changed is not None:
                result = self._patch_nt(old, changed)
                if result is not None:
                    self.patched.append("nt")
                    return result
            return self._full_nt()
        if fmt == "xml" and self.xmlns is None:  # a prefix clash: no segments
            self.lengths[fmt] = []
            self.frames[fmt] = ""
            data = render_xml_with_clashes(
                [f for name, key in self.parts for f in self.fragments_of(name, key)]
            )
            self.not_xml = not_xml(data)
            return data
        head, tail = self.frame(fmt)
        if (
            old is not None
            and changed is not None
            and self.old is not None
            and self.old.frames.get(fmt) == self.frames[fmt]
            and len(self.old.lengths.get(fmt, [])) == len(self.parts)
        ):
            segments = self._old_segments(fmt, old, head, tail)
            if segments is not None:
                for i in changed:
                    segments[i] = self._segment(fmt, i)
                self.lengths[fmt] = [len(x) for x in segments]
                self.patched.append(fmt)
                return join(head, SEPARATORS[fmt], segments, tail)
        segments = [self._segment(fmt, i) for i in range(len(self.parts))]
        self.lengths[fmt] = [len(x) for x in segments]
        return join(head, SEPARATORS[fmt], segments, tail)

    def _segment(self, fmt: str, i: int) -> bytes:
        data = segment(fmt, self.fragments_of(*self.parts[i]), self.prefixes)
        if fmt == "xml" and self.not_xml is None:
            self.not_xml = not_xml(data)
        return data

    def _old_segments(self, fmt: str, old: bytes, head: bytes, tail: bytes) -> list | None:
        """The previous file cut into its parts' segments, or None if it is not laid out as
        the manifest says (edited by hand, say): then it is assembled in full."""
        assert self.old is not None
        sep, at, segments = SEPARATORS[fmt], len(head), []
        view = memoryview(old)  # slices without copies: one copy, in the final join
        if not old.startswith(head):
            return None
        for length in self.old.lengths[fmt]:
            segments.append(view[at : at + length])
            if length:
                at += length + len(sep)
        end = at - len(sep) if any(self.old.lengths[fmt]) else at
        return segments if old[end:] == tail else None

    def _full_nt(self) -> bytes:
        every = [self.fragments_of(n, k) for n, k in self.parts]
        lines: set[str] = set()
        for fragments in every:
            for f in fragments:
                lines.update(f.nt)
        self.shared = shared_lines(every)
        self.triples = len(lines)
        return nt_bytes(sorted(lines))

    def _patch_nt(self, old: bytes, changed: list[int]) -> bytes | None:
        assert self.old is not None
        before, after = [], []
        for i in changed:
            old_part = self.cache.get(self.old.parts[i][1], second=True)
            if old_part is None:
                return None
            before.append({line for f in old_part.fragments for line in f.nt})
            after.append({line for f in self.fragments_of(*self.parts[i]) for line in f.nt})
        result = patched_nt(old, before, after, self.old)
        if result is None:
            return None
        data, self.shared = result
        self.triples = data.count(b"\n")
        return data

    def layout(self) -> Layout:
        return Layout(self.parts, self.lengths, self.frames, self.shared)


def _previous_outputs(
    out_dir: Path, cache_dir: Path | None
) -> tuple[dict[str, tuple[str, Path]], Layout | None]:
    """The files of the current output with the key they were built from (if we know it),
    and how they were assembled."""
    if cache_dir is None or not (cache_dir / MANIFEST).is_file() or not out_dir.exists():
        return {}, None
    try:
        manifest = json.loads((cache_dir / MANIFEST).read_text())
    except (OSError, ValueError):
        return {}, None
    if not isinstance(manifest, dict) or manifest.get("out") != str(out_dir.absolute()):
        return {}, None
    current = out_dir.resolve()
    files = {name: (key, current / name) for name, key in manifest.get("files", {}).items()}
    layout = manifest.get("layout")
    return files, Layout.from_json(layout) if isinstance(layout, dict) else None
