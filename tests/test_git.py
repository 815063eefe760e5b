"""The git seam's streaming and batch-reading commands, on real repositories."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from codevitals import git
from codevitals.errors import GitError
from tests.conftest import Repo, run_cli


def test_stream_yields_all_of_a_large_output_in_chunks(repo: Repo) -> None:
    # 3 MB of output: more than one chunk, and more than a pipe buffer.
    repo.write("big.txt", "x" * 3_000_000 + "\n")
    repo.commit()
    chunks = list(git.stream(repo.root, "cat-file", "-p", "HEAD:big.txt"))
    assert b"".join(chunks) == b"x" * 3_000_000 + b"\n"
    assert len(chunks) > 1


def test_stream_feeds_standard_input(repo: Repo) -> None:
    repo.write("a.txt", "alpha\n")
    repo.commit()
    blob = repo.git("rev-parse", "HEAD:a.txt").strip()
    out = b"".join(git.stream(repo.root, "cat-file", "--batch-check", stdin=f"{blob}\n".encode()))
    assert out == f"{blob} blob 6\n".encode()


def test_stream_failure_raises_git_error_with_git_message(repo: Repo) -> None:
    with pytest.raises(GitError, match=r"git log failed: fatal: .*nonexistent"):
        list(git.stream(repo.root, "log", "nonexistent"))


def test_stopping_early_ends_the_command(repo: Repo) -> None:
    repo.write("big.txt", "y" * 3_000_000)
    repo.commit()
    chunks = git.stream(repo.root, "cat-file", "-p", "HEAD:big.txt")
    assert next(chunks)
    chunks.close()  # no hang, no error: git is killed and reaped


def test_read_blobs_in_the_order_asked_with_missing_ones_as_none(repo: Repo) -> None:
    repo.write("a.txt", "alpha\n")
    repo.write("b.bin", b"\x00\x01\n\n")
    repo.commit()
    a = repo.git("rev-parse", "HEAD:a.txt").strip()
    b = repo.git("rev-parse", "HEAD:b.bin").strip()
    missing = "0" * 39 + "1"
    assert list(git.read_blobs(repo.root, [b, missing, a, b])) == [
        (b, b"\x00\x01\n\n"),
        (missing, None),
        (a, b"alpha\n"),
        (b, b"\x00\x01\n\n"),
    ]


def test_read_blobs_of_nothing_runs_nothing(tmp_path: Path) -> None:
    assert list(git.read_blobs(tmp_path / "not-a-repo", [])) == []


def test_differs_from_head_compares_contents_not_stat_data(repo: Repo) -> None:
    repo.write("a.py", "x = 1\n")
    repo.write("b.py", "y = 2\n")
    repo.commit("two files")
    path = repo.root / "a.py"
    path.write_text("x = 1\n")  # the same bytes, newer stat data
    os.utime(path, (1, 1))
    assert "a.py" in git.changed(repo.root)  # may differ, by its stat data
    assert git.differs_from_head(repo.root) == set()
    repo.write("b.py", "y = 3\n")
    repo.git("add", "b.py")  # staged changes count too
    path.write_text("x = 2\n")
    assert git.differs_from_head(repo.root) == {"a.py", "b.py"}


def _counting_runs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """The arguments of every git command run from now on."""
    runs: list[tuple[str, ...]] = []
    real = git.run

    def counting(cwd: Path, *args: str, **options: Any) -> bytes:
        runs.append(args)
        return real(cwd, *args, **options)

    monkeypatch.setattr(git, "run", counting)
    return runs


def test_a_scan_command_asks_git_each_question_once(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Configuration, discovery and the scan store each want the top and the untracked files.
    repo.write("app.py", "def f(x):\n    return x\n")
    repo.commit()
    repo.write("new.py", "def g():\n    return 1\n")
    runs = _counting_runs(monkeypatch)
    result = run_cli("scan", str(repo.root), "-q", "--no-deps", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert runs.count(("rev-parse", "--show-toplevel")) == 1
    assert runs.count(("ls-files", "--others", "--exclude-standard", "-z")) == 1
    assert runs.count(("rev-parse", "--is-bare-repository")) == 0  # a work tree is not bare
    report = json.loads(result.stdout)
    assert sorted(f["path"] for f in report["files"]) == ["app.py", "new.py"]


def test_outside_a_snapshot_git_is_asked_every_time(tmp_path: Path) -> None:
    folder = Repo(tmp_path / "later")
    assert git.toplevel(folder.root) is None
    folder.init()
    assert git.toplevel(folder.root) == folder.root.resolve()
    with git.one_snapshot():
        assert git.untracked(folder.root) == []
        folder.write("a.txt", "a\n")
        assert git.untracked(folder.root) == []  # the snapshot's answer
    assert git.untracked(folder.root) == ["a.txt"]
