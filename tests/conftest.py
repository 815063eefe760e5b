"""Shared fixtures: real git repositories in temporary folders, and an isolated CLI runner."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from codevitals.cli import main
from codevitals.deps.ecosystems import ECOSYSTEMS

_CONFIG_HOME = Path(tempfile.mkdtemp(prefix="codevitals-tests-"))
atexit.register(shutil.rmtree, _CONFIG_HOME, ignore_errors=True)
EMPTY_GITCONFIG = _CONFIG_HOME / "gitconfig"
"""An empty global git configuration of our own: on a shared machine /dev/null has been seen
replaced by a regular file for a moment ("bad config line 1 in file /dev/null")."""
EMPTY_GITCONFIG.write_text("")
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Ada",
    "GIT_AUTHOR_EMAIL": "ada@example.com",
    "GIT_COMMITTER_NAME": "Ada",
    "GIT_COMMITTER_EMAIL": "ada@example.com",
    "GIT_CONFIG_GLOBAL": str(EMPTY_GITCONFIG),
    "GIT_CONFIG_NOSYSTEM": "1",
}


class Repo:
    """A git repository built file by file and commit by commit in a temporary folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def git(self, *args: str, date: str = "2024-01-01T12:00:00") -> str:
        env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        done = subprocess.run(
            ["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=False
        )
        if done.returncode:  # say why: git's own message is the useful part
            raise subprocess.CalledProcessError(
                done.returncode, done.args, done.stdout, f"in {self.root}: {done.stderr}"
            )
        return done.stdout

    def init(self) -> Repo:
        self.git("init", "-q", "-b", "main")
        return self

    def write(self, path: str, content: str | bytes, *, dedent: bool = True) -> Path:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(textwrap.dedent(content) if dedent else content, encoding="utf-8")
        return target

    def commit(
        self,
        message: str = "change",
        *,
        date: str = "2024-01-01T12:00:00",
        author: str | None = None,
    ) -> str:
        """Commit everything; `author` as `Name <email>` (default Ada)."""
        self.git("add", "-A")
        by = [f"--author={author}"] if author else []
        self.git("commit", "-q", "-m", message, "--allow-empty", *by, date=date)
        return self.git("rev-parse", "HEAD").strip()

    def bare_clone(self, target: Path) -> Path:
        """A bare clone at `target` (as a mirror or a server holds the repository)."""
        self.git("clone", "-q", "--bare", str(self.root), str(target))
        return target


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """An empty git repository."""
    return Repo(tmp_path / "repo").init()


@pytest.fixture
def folder(tmp_path: Path) -> Repo:
    """A plain folder (no git) with the same helpers for writing files."""
    return Repo(tmp_path / "folder")


@pytest.fixture(autouse=True)
def no_real_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """A CLI run that audits dependencies asks a closed local port, never a real registry or
    OSV. A test passing --registry-url replaces the whole list (click reads the variable only
    when the option is not given), so it names every registry its repository needs."""
    monkeypatch.setenv("CODEVITALS_INDEX_URL", "http://127.0.0.1:9/pypi")
    # Not PyPI: --registry-url PyPI=URL would win over the --index-url tests pass.
    others = (item.name for item in ECOSYSTEMS if item.name != "PyPI")
    closed = (f"{name}=http://127.0.0.1:9/{name}" for name in others)
    monkeypatch.setenv("CODEVITALS_REGISTRY_URLS", " ".join(closed))
    monkeypatch.setenv("CODEVITALS_OSV_URL", "http://127.0.0.1:9")


@pytest.fixture(autouse=True)
def no_leaked_safe_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pool started in-process sets PYTHONSAFEPATH for its workers; scripts a later test
    runs (benchmarks/*.py import their neighbours) must start without it."""
    monkeypatch.setenv("PYTHONSAFEPATH", "")  # empty: off, and restored after the test
    # It also drops the current directory from sys.path, which a later test's spawned
    # process needs to unpickle a function defined in `tests`.
    monkeypatch.setattr(sys, "path", list(sys.path))


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own cache folder; none touches the user's."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("CODEVITALS_CACHE_DIR", str(cache))
    return cache


def run_cli(*args: str, cwd: Path | None = None) -> Result:
    """Invoke the CLI in-process, capturing stdout and stderr separately."""
    runner = CliRunner()
    previous = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return runner.invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(previous)
