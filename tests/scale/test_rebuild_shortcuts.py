"""What makes a rebuild fast must not make it wrong: the remembered file hashes, the one-entry
summaries of the parts, and validation in a worker while the summaries are read."""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from pathlib import Path

import pytest

from reskg import cache as cache_module
from reskg import incremental
from reskg.build import build
from reskg.cache import file_hash, load_hashes, save_hashes
from reskg.config import Settings

FILES = ["graph.ttl", "graph.nt", "graph.jsonld", "graph.trig", "graph.rdf", "dataset.ttl"]
OLD = 1_600_000_000  # a modification time long before any hashing in these tests


@pytest.fixture()
def fresh_memo(monkeypatch: pytest.MonkeyPatch) -> dict:
    memo: dict = {}
    monkeypatch.setattr(cache_module, "_HASHES", memo)
    monkeypatch.setattr(cache_module, "_USED", set())
    return memo


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_remembered_hash_is_not_trusted_once_the_file_changed(tmp_path, fresh_memo, monkeypatch):
    monkeypatch.setattr(cache_module, "RACY_NS", 0)  # trust a hash taken just after an edit
    path = tmp_path / "a.ttl"
    path.write_bytes(b"<a> <b> <c> .\n")
    os.utime(path, ns=(OLD * 10**9, OLD * 10**9))
    assert file_hash(path) == sha(b"<a> <b> <c> .\n")
    save_hashes(tmp_path / "cache")
    fresh_memo.clear()
    load_hashes(tmp_path / "cache")
    assert str(path.absolute()) in fresh_memo  # old enough to be trusted
    # same size, same modification time put back: only the change time tells
    time.sleep(0.05)  # (past the file system's clock tick)
    path.write_bytes(b"<a> <b> <d> .\n")
    os.utime(path, ns=(OLD * 10**9, OLD * 10**9))
    assert file_hash(path) == sha(b"<a> <b> <d> .\n")


def test_a_hash_taken_right_after_an_edit_is_not_kept(tmp_path, fresh_memo):
    path = tmp_path / "a.ttl"
    path.write_bytes(b"<a> <b> <c> .\n")  # modified now: an edit in the same tick is possible
    file_hash(path)
    save_hashes(tmp_path / "cache")
    fresh_memo.clear()
    load_hashes(tmp_path / "cache")
    assert str(path.absolute()) not in fresh_memo


def test_only_the_files_of_this_build_are_remembered(tmp_path, fresh_memo, monkeypatch):
    monkeypatch.setattr(cache_module, "RACY_NS", 0)
    kept, gone = tmp_path / "kept.ttl", tmp_path / "gone.ttl"
    for path in (kept, gone):
        path.write_bytes(b"<a> <b> <c> .\n")
        os.utime(path, ns=(OLD * 10**9, OLD * 10**9))
    time.sleep(0.01)
    file_hash(kept)
    file_hash(gone)
    save_hashes(tmp_path / "cache")
    cache_module._USED.clear()  # a later build that no longer has gone.ttl
    fresh_memo.clear()
    load_hashes(tmp_path / "cache")
    file_hash(kept)
    save_hashes(tmp_path / "cache")
    fresh_memo.clear()
    load_hashes(tmp_path / "cache")
    assert set(fresh_memo) == {str(kept.absolute())}


def test_an_unreadable_hash_memo_is_ignored(tmp_path, fresh_memo):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / cache_module.HASHES_FILE).write_bytes(b"not a pickle")
    load_hashes(tmp_path / "cache")
    assert fresh_memo == {}
    save = {"/x.ttl": (1, 2, 3, 4, "ab"), "/y.ttl": (1, 2, 3, 4, 5, 6), "/z.ttl": "a"}
    (tmp_path / "cache" / cache_module.HASHES_FILE).write_bytes(pickle.dumps(save))
    load_hashes(tmp_path / "cache")  # another version's entries, or a damaged file
    assert fresh_memo == {}


def units(data: Path) -> list[Path]:
    return sorted(p for p in data.iterdir() if (p / "source.txt").is_file())


def test_rebuild_validating_in_a_worker_matches_a_clean_build(corpus, tmp_path, epoch, monkeypatch):
    """One changed unit of a (here: small) corpus goes to a worker process, as on a corpus
    of more than OVERLAP_UNITS; the other parts come from the summaries entry."""
    monkeypatch.setattr(incremental, "OVERLAP_UNITS", 0)
    settings = Settings(base="https://w3id.org/reskg/")
    out = tmp_path / "site" / "dist"
    build(settings, corpus, out, store="oxigraph", jobs=2)
    target = units(corpus)[4] / "statements.ttl"
    target.write_text(target.read_text().replace('"Demand ', '"Changed demand ', 1))
    second = build(settings, corpus, out, store="oxigraph", jobs=2)
    assert second.validated == [units(corpus)[4].name]
    clean = build(
        settings, corpus, tmp_path / "clean" / "dist", store="oxigraph", use_cache=False, jobs=1
    )
    assert len(clean.validated) == 6
    for name in FILES:
        assert (out / name).read_bytes() == (tmp_path / "clean/dist" / name).read_bytes(), name


def test_a_lost_summaries_entry_only_costs_time(corpus, tmp_path, epoch):
    settings = Settings(base="https://w3id.org/reskg/")
    out = tmp_path / "site" / "dist"
    build(settings, corpus, out, store="oxigraph", jobs=1)
    entries = list((tmp_path / "site" / ".reskg-cache" / "parts").rglob("summaries.pickle"))
    assert len(entries) == 1
    entries[0].write_bytes(b"torn")
    again = build(settings, corpus, out, store="oxigraph", jobs=1)
    assert again.validated == [] and again.rewritten == []
