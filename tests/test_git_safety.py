"""Trust first: git never runs the scanned repository's hooks, never writes it, never fetches.

Each test builds a real repository and proves with a marker file, the index's bytes or the
object count that nothing ran, nothing was written and nothing was fetched.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest

from codevitals import git
from tests.conftest import Repo, run_cli
from tests.validate.helpers import build


def _hook(folder: Path, marker: Path) -> None:
    """An executable `post-index-change` hook in `folder` that creates `marker`."""
    folder.mkdir(parents=True, exist_ok=True)
    hook = folder / "post-index-change"
    hook.write_text(f"#!/bin/sh\ntouch '{marker}'\n")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)


@pytest.mark.parametrize("where", ["hooks folder", "core.hooksPath"])
def test_a_scan_runs_no_hook_and_leaves_the_index_alone(
    repo: Repo, tmp_path: Path, where: str
) -> None:
    repo.write("a.py", "def f():\n    return 1\n")
    repo.commit("one file")
    assert run_cli("scan", str(repo.root), "--offline", "--quiet").exit_code == 0  # a first point
    repo.write("b.py", "def g():\n    return 2\n")
    repo.commit("another", date="2024-01-02T12:00:00")
    marker = tmp_path / "hook-ran"
    if where == "core.hooksPath":
        _hook(tmp_path / "configured-hooks", marker)
        repo.git("config", "core.hooksPath", str(tmp_path / "configured-hooks"))
    else:
        _hook(repo.root / ".git" / "hooks", marker)
    os.utime(repo.root / "a.py", (1_700_000_000, 1_700_000_000))  # stale stat data, same bytes
    index = repo.root / ".git" / "index"
    before = (index.read_bytes(), index.stat().st_mtime_ns)
    result = run_cli("scan", str(repo.root), "--offline", "--format", "json")
    assert result.exit_code == 0, result.output
    assert not marker.exists()
    assert (index.read_bytes(), index.stat().st_mtime_ns) == before
    assert json.loads(result.stdout)["trend"]["points"][-1]["dirty"] is False


def test_dirtiness_is_judged_without_writing_the_index(repo: Repo) -> None:
    repo.write("a.py", "x = 1\n")
    repo.write("b.py", "y = 2\n")
    repo.write("c.py", "z = 3\n")
    repo.commit("three files")
    os.utime(repo.root / "a.py", (1, 1))  # same bytes, stale stat data
    index = repo.root / ".git" / "index"
    before = index.read_bytes()
    assert git.differs_from_head(repo.root) == set()
    (repo.root / "b.py").write_text("y = 22\n")  # unstaged, stat data stale too
    (repo.root / "c.py").unlink()
    assert git.differs_from_head(repo.root) == {"b.py", "c.py"}
    assert index.read_bytes() == before


def _objects(repo: Repo) -> int:
    """Objects in the repository's own store (listing them fetches nothing)."""
    listing = repo.git("cat-file", "--batch-all-objects", "--batch-check")
    return len(listing.splitlines())


def _history(repo: Repo, versions: int = 5) -> Repo:
    """A few commits changing two modules: every old version is a blob of its own."""
    for version in range(versions):
        body = f"def f(x):\n    if x > {version}:\n        return x\n    return 0\n"
        repo.write("app/core.py", body)
        repo.write(f"app/step{version}.py", f"def step():\n    return {version}\n")
        repo.commit(f"version {version}", date=f"2024-01-0{version + 1}T12:00:00")
    return repo


@pytest.fixture
def partial_clone(tmp_path: Path) -> Repo:
    """A blobless clone (`--filter=blob:none`) of a local repository: the checkout fetched the
    blobs at HEAD, older versions stay on the remote, which would serve them on demand."""
    source = _history(Repo(tmp_path / "source").init())
    source.git("config", "uploadpack.allowFilter", "true")
    clone = Repo(tmp_path / "clone")
    source.git("clone", "-q", "--filter=blob:none", f"file://{source.root}", str(clone.root))
    return clone


@pytest.mark.parametrize("network", ["--offline", "--no-deps"])
def test_a_scan_of_a_partial_clone_fetches_nothing_and_says_what_is_missing(
    partial_clone: Repo, network: str
) -> None:
    before = _objects(partial_clone)
    result = run_cli("scan", str(partial_clone.root), network, "--format", "json")
    assert result.exit_code == 0, result.output
    assert _objects(partial_clone) == before
    document = json.loads(result.stdout)
    assert document["partial"] is True
    assert document["history"]["summary"]["commits"] == 5
    assert {n["reason"] for n in document["notices"]} == {"missing-objects"}
    assert "partial clone" in result.stderr


@pytest.mark.parametrize(
    ("command", "says"),
    [
        (["gate", "--base", "HEAD~3"], "app/core.py: unreadable: blob missing from git"),
        (["trend", "--since", "2024-01-01", "--until", "2024-01-06", "--every", "1d"],
         "snapshot of 2024-01-02 (.*) is partial"),
    ],
    ids=["gate", "trend"],
)  # fmt: skip
def test_older_versions_in_a_partial_clone_are_skipped_not_fetched(
    partial_clone: Repo, command: list[str], says: str
) -> None:
    before = _objects(partial_clone)
    result = run_cli(command[0], str(partial_clone.root), *command[1:], "--offline")
    assert result.exit_code == 0, result.output
    assert _objects(partial_clone) == before
    assert re.search(says, result.stderr), result.stderr


def test_a_revision_scan_of_a_partial_clone_skips_blobs_not_at_hand(partial_clone: Repo) -> None:
    old = partial_clone.git("rev-parse", "HEAD~4").strip()
    before = _objects(partial_clone)
    with git.BlobReader(partial_clone.root) as blobs:
        entries = {e.path: e for e in git.tree(partial_clone.root, old, blobs.objects)}
        found = blobs.read([e.blob_id for e in entries.values()])
    core = entries["app/core.py"]  # its first version was never fetched
    assert core.blob_id not in found
    assert core.size == 0
    assert entries["app/step0.py"].blob_id in found  # unchanged since: fetched by the checkout
    assert _objects(partial_clone) == before


def _drop_blob(repo: Repo, revision: str) -> None:
    """Delete a loose blob, as a damaged object store loses one."""
    blob = repo.git("rev-parse", revision).strip()
    (repo.root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()


def test_one_missing_blob_costs_the_line_counts_of_its_changes_only(repo: Repo) -> None:
    _history(repo)
    _drop_blob(repo, "HEAD~2:app/core.py")  # made by HEAD~2, replaced by HEAD~1
    result = run_cli("scan", str(repo.root), "--offline", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["partial"] is True
    assert document["history"]["summary"]["commits"] == 5
    assert "app/core.py" in {item["path"] for item in document["history"]["files"]}
    commits = [repo.git("rev-parse", f"HEAD~{n}").strip()[:10] for n in (1, 2)]
    assert [(n["path"], n["reason"], n["message"][:17]) for n in document["notices"]] == [
        ("app/core.py", "missing-blob", f"commit {sha}") for sha in commits
    ]


def test_a_backtest_with_a_missing_blob_runs_and_is_partial(repo: Repo) -> None:
    build(repo)
    _drop_blob(repo, "HEAD~6:a.py")  # a version of a.py between the origin and the tip
    result = run_cli("validate", str(repo.root), "--origin", "1y", "--bootstrap", "20",
                     "--jobs", "1", "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["partial"] is True
    assert "missing-blob" in {n["reason"] for n in document["notices"]}


def test_a_trend_follows_renames_in_a_partial_clone_without_fetching(tmp_path: Path) -> None:
    source = _history(Repo(tmp_path / "source").init())
    source.git("mv", "app/core.py", "app/kernel.py")  # moved and edited: an inexact rename
    source.write("app/kernel.py", "def f(x):\n    if x > 9:\n        return x\n    return 1\n")
    source.commit("rename", date="2024-01-07T12:00:00")
    source.git("config", "uploadpack.allowFilter", "true")
    clone = Repo(tmp_path / "clone")
    source.git("clone", "-q", "--filter=blob:none", f"file://{source.root}", str(clone.root))
    before = _objects(clone)
    result = run_cli("trend", str(clone.root), "--since", "2024-01-01", "--until", "2024-01-08",
                     "--every", "1d", "--offline", "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _objects(clone) == before
    assert json.loads(result.stdout)["partial"] is True


@pytest.fixture
def bare(repo: Repo, tmp_path: Path) -> Repo:
    """A bare clone (`git clone --bare`, as a mirror or a server holds) of a small history."""
    _history(repo)
    repo.write("requirements.txt", "requests==2.19.0\n")
    repo.commit("dependencies", date="2024-01-09T12:00:00")
    clone = Repo(tmp_path / "bare.git")
    repo.git("clone", "-q", "--bare", str(repo.root), str(clone.root))
    return clone


def test_a_bare_repository_is_scanned_at_head_with_its_history(repo: Repo, bare: Repo) -> None:
    result = run_cli("scan", str(bare.root), "--offline", "--format", "json", "--since", "all")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    worktree = json.loads(run_cli("scan", str(repo.root), "--offline", "--format", "json").stdout)
    assert document["commit"] == repo.git("rev-parse", "HEAD").strip()
    assert [f["path"] for f in document["files"]] == [f["path"] for f in worktree["files"]]
    assert document["history"]["summary"]["commits"] == 6
    assert document["history"]["hotspots"][0]["path"] == "app/core.py"
    assert [d["name"] for d in document["dependencies"]["dependencies"]] == ["requests"]
    assert (document["partial"], document["notices"]) == (False, [])


def test_hotspots_and_deps_read_a_bare_repository(bare: Repo) -> None:
    hotspots = run_cli("hotspots", str(bare.root), "--since", "all", "--quiet")
    assert hotspots.exit_code == 0, hotspots.output
    assert "app/core.py" in hotspots.stdout
    deps = run_cli("deps", str(bare.root), "--offline", "--format", "json", "--quiet")
    assert [d["name"] for d in json.loads(deps.stdout)["dependencies"]] == ["requests"]


def test_a_backtest_replays_a_bare_repository(repo: Repo, tmp_path: Path) -> None:
    build(repo)
    clone = tmp_path / "history.git"
    repo.git("clone", "-q", "--bare", str(repo.root), str(clone))
    result = run_cli("validate", str(clone), "--origin", "1y", "--bootstrap", "20",
                     "--jobs", "1", "--format", "json", "--quiet")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["commit"] == repo.git("rev-parse", "HEAD").strip()


@pytest.mark.parametrize("command", [["gate", "--base", "HEAD~1"], ["trend"]])
def test_commands_that_need_a_work_tree_say_so_in_a_bare_repository(
    bare: Repo, command: list[str]
) -> None:
    result = run_cli(command[0], str(bare.root), *command[1:], "--offline")
    assert result.exit_code == 2
    assert "a bare repository has no work tree" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_manifest_missing_from_git_makes_the_audit_partial(bare: Repo) -> None:
    blob = bare.git("rev-parse", "HEAD:requirements.txt").strip()
    (bare.root / "objects" / blob[:2] / blob[2:]).unlink()
    result = run_cli("deps", str(bare.root), "--offline", "--format", "json")
    document = json.loads(result.stdout)
    assert document["partial"] is True
    assert [(n["path"], n["reason"]) for n in document["notices"]] == [
        ("requirements.txt", "unreadable")
    ]
    assert "requirements.txt: unreadable: blob missing from git" in result.stderr
