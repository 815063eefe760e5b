"""Trust first: git never runs the scanned repository's hooks, never writes it, never fetches.

Each test builds a real repository and proves with a marker file, the index's bytes or the
object count that nothing ran, nothing was written and nothing was fetched.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from codevitals import git
from tests.conftest import Repo, run_cli


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
