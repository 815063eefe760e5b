"""Scanning a commit from git objects: same results as its checkout, nothing checked out."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from codevitals import git
from codevitals.code import incremental
from codevitals.discover import Filters
from codevitals.errors import GitError
from codevitals.measure import analyse_versions
from codevitals.model import ScanResult
from codevitals.scan import ScanOptions, scan, scan_revision, scan_revisions
from tests.conftest import Repo
from tests.sample import ORDERS, build


def _health(result: ScanResult) -> dict[str, float]:
    return {item.file.path: item.health for item in result.files}


def test_a_revision_scores_as_its_checkout_did(repo: Repo, tmp_path: Path) -> None:
    build(repo)
    before = scan(repo.root, ScanOptions(cache_dir=tmp_path / "c1"))
    commit = repo.git("rev-parse", "HEAD").strip()
    repo.write("shop/orders.py", "def price():\n    return 1\n")
    repo.write("shop/extra.py", ORDERS, dedent=False)  # untracked: not in the commit

    result = scan_revision(repo.root, commit, ScanOptions(cache_dir=tmp_path / "c2"))

    assert _health(result) == _health(before)
    assert result.commit == commit
    assert [s.path for s in result.skipped] == [s.path for s in before.skipped]
    assert (repo.root / "shop" / "orders.py").read_text() == "def price():\n    return 1\n"


def test_a_warm_revision_scan_reads_no_blob(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    build(repo)
    commit = repo.git("rev-parse", "HEAD").strip()
    scan_revision(repo.root, commit)
    asked: list[str] = []
    original = git.BlobReader.read

    def spy(self: git.BlobReader, blob_ids: list[str]) -> dict[str, bytes]:
        asked.extend(blob_ids)
        return original(self, blob_ids)

    monkeypatch.setattr(git.BlobReader, "read", spy)
    again = scan_revision(repo.root, commit)
    assert asked == []
    assert again.files


def test_revision_filters_and_shebang_files(repo: Repo) -> None:
    repo.write("bin/tool", "#!/usr/bin/env python3\nprint(1)\n")
    repo.write("bin/script", "#!/bin/sh\necho 1\n")
    repo.write("big.py", "x = 1\n" * 100)
    repo.write("tests/test_a.py", "def test_a():\n    assert True\n")
    repo.write("vendor/v.py", "x = 1\n")
    commit = repo.commit()
    options = ScanOptions(filters=Filters(max_file_size=300))
    result = scan_revision(repo.root, commit, options)
    roles = {item.file.path: item.file.role.value for item in result.files}
    assert roles == {"bin/tool": "production", "tests/test_a.py": "test"}
    assert {s.path: s.reason for s in result.skipped} == {"big.py": "too-large"}


def test_blob_reader_reads_many_blobs_through_one_process(repo: Repo) -> None:
    repo.write("a.py", "a = 1\n")
    repo.write("b.bin", bytes(range(256)) * 300)
    commit = repo.commit()
    ids = {entry.path: entry.blob_id for entry in git.tree(repo.root, commit)}
    with git.BlobReader(repo.root) as blobs:
        found = blobs.read([ids["a.py"], "0" * 40, ids["b.bin"]])
    assert found == {ids["a.py"]: b"a = 1\n", ids["b.bin"]: bytes(range(256)) * 300}


def test_resolve_rejects_options_and_unknown_refs(repo: Repo) -> None:
    commit = repo.commit()
    assert git.resolve(repo.root, "main") == commit
    with pytest.raises(GitError, match="names no commit"):
        git.resolve(repo.root, "nope")
    with pytest.raises(GitError, match="not a revision"):
        git.resolve(repo.root, "--output=/tmp/x")


def test_several_revisions_score_as_each_alone_and_share_their_blobs(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(repo)
    first = repo.git("rev-parse", "HEAD").strip()
    repo.write("shop/orders.py", ORDERS + "\n\ndef extra():\n    return 2\n", dedent=False)
    repo.write("shop/broken.py", "def broken(:\n")
    second = repo.commit("more")
    alone = [
        scan_revision(repo.root, c, ScanOptions(cache_dir=tmp_path / "c1")) for c in (first, second)
    ]
    analysed: list[str] = []

    def spy(tasks: list[tuple[str, str, bytes | None]], *args: object) -> object:
        analysed.extend(name for name, _, _ in tasks)
        return analyse_versions(tasks, *args)  # type: ignore[arg-type]

    monkeypatch.setattr("codevitals.scan.reading.analyse_versions", spy)
    together = list(
        scan_revisions(repo.root, [first, second], ScanOptions(cache_dir=tmp_path / "c2"))
    )
    assert [_health(r) for r in together] == [_health(r) for r in alone]
    assert [r.commit for r in together] == [first, second]
    assert [r.notices for r in together] == [r.notices for r in alone]
    blobs = {f.file.blob_id for r in alone for f in r.files}
    assert len(analysed) == len(set(analysed)) >= len(blobs)  # each blob once, by its id


def test_scoring_revisions_and_analysing_pieces_make_no_reference_cycles(
    repo: Repo, tmp_path: Path
) -> None:
    # Trends run without the cycle collector (workers.collector.paused, pinned workers):
    # nothing they make may need it.
    build(repo)
    first = repo.git("rev-parse", "HEAD").strip()
    repo.write("shop/orders.py", ORDERS + "\n\ndef extra():\n    return 2\n", dedent=False)
    second = repo.commit("more")
    gc.collect()
    gc.disable()
    try:
        results = list(scan_revisions(repo.root, [first, second], ScanOptions(cache_dir=tmp_path)))
        assert len(results) == 2
        for source in (
            ORDERS.encode(),
            (ORDERS + "\n\nclass A:\n    def m(self):\n        pass\n").encode(),
        ):
            incremental.analyse_encoded(source, max_size=100_000)
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_a_blob_that_fails_analysis_is_a_notice_in_every_revision_holding_it(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(repo)
    repo.write("shop/fragile.py", "# fails\ndef f():\n    return 1\n", dedent=False)
    first = repo.commit("fragile")
    repo.write("shop/orders.py", ORDERS + "\n\ndef extra():\n    return 2\n", dedent=False)
    second = repo.commit("more")
    real = incremental.analyse_encoded

    def fragile(data: bytes, *, max_size: int) -> bytes:
        if data.startswith(b"# fails"):
            raise RuntimeError("parser fault")
        return real(data, max_size=max_size)

    monkeypatch.setattr(incremental, "analyse_encoded", fragile)
    results = list(scan_revisions(repo.root, [first, second], ScanOptions(cache_dir=tmp_path)))
    for result in results:
        [notice] = [n for n in result.notices if n.path == "shop/fragile.py"]
        assert notice.reason == "analysis-failed"
        assert "parser fault" in notice.message
        assert "shop/fragile.py" not in {f.file.path for f in result.files}
    assert [r.commit for r in results] == [first, second]
