"""Fleet URLs: git's own transports only, and no network call that can wait forever."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from codevitals.fleet.clone import transport_problem
from tests.conftest import GIT_ENV, Repo
from tests.fleet.helpers import fleet_json, freeze, project, repos_file, statuses
from tests.history.helpers import ADA


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/org/repo.git",
        "http://git.example.com/repo",
        "ssh://git@example.com/org/repo.git",
        "git+ssh://example.com/repo",
        "git://example.com/repo.git",
        "file:///srv/git/repo.git",
        "git@github.com:org/repo.git",
        "example.com:repo.git",
    ],
)
def test_ordinary_transports_are_allowed(url: str) -> None:
    assert transport_problem(url) is None


@pytest.mark.parametrize(
    "url",
    ["fd::0", "ext::sh -c touch% marker", "fake::https://example.com/r", "ftp://example.com/r",
     "-oProxyCommand=x:repo", "ssh://-oProxyCommand=x/repo"],
)  # fmt: skip
def test_remote_helpers_and_unknown_schemes_are_refused(url: str) -> None:
    assert transport_problem(url) is not None


def test_refused_entries_fail_alone_and_run_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch)
    api = project(tmp_path / "work", "api", [ADA])
    marker = tmp_path / "helper-ran"
    entries = [str(api.root), "fd::0", f"ext::sh -c touch% {marker}", "nope::x"]
    document = fleet_json(repos_file(tmp_path, entries))
    assert statuses(document)["api"] == "scanned"
    failed = [r for r in document["repositories"] if r["status"] == "failed"]
    assert len(failed) == 3
    assert {r["reason"] for r in failed} == {"transport"}
    assert not marker.exists()


@pytest.fixture
def silent_git_host() -> Iterator[int]:
    """A port that accepts connections (the kernel completes them) and never answers."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield server.getsockname()[1]


def test_a_git_host_that_never_answers_fails_its_repository(
    tmp_path: Path, silent_git_host: int
) -> None:
    api = Repo(tmp_path / "api").init()
    api.write("a.py", "x = 1\n")
    api.commit("one")
    listed = repos_file(tmp_path, [str(api.root), f"git://127.0.0.1:{silent_git_host}/r.git"])
    command = [sys.executable, "-m", "codevitals", "fleet", str(listed), "--no-deps",
               "--format", "json", "--jobs", "2", "--clone-timeout", "2", "--quiet"]  # fmt: skip
    env = {**os.environ, **GIT_ENV, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    # A generous bound: without timeouts this never ends.
    done = subprocess.run(command, capture_output=True, env=env, timeout=240, check=False)
    assert done.returncode == 0, done.stderr.decode()
    document = json.loads(done.stdout)
    failed = [r for r in document["repositories"] if r["status"] == "failed"]
    assert [(r["name"], r["reason"]) for r in failed] == [("r", "timeout")]
    assert statuses(document)["api"] == "scanned"
