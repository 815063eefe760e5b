"""Files a scanned repository controls are read only when regular, inside it and bounded.

Each case is a repository that puts a link or a special file where a manifest, `.gitignore`,
configuration file or baseline belongs: a link to /dev/zero (endless), a link to a file
outside the repository, a FIFO (a read that never ends), a file over the size cap. Calls that
could hang run in a thread with a generous timeout, so a hang fails the test instead of
blocking the suite.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from click.testing import Result

from codevitals import repofiles
from codevitals.deps.collect import collect
from codevitals.discover import Filters, discover
from codevitals.errors import CodevitalsError
from tests.conftest import Repo, run_cli

T = TypeVar("T")
ZERO = Path("/dev/zero")
HANG_SECONDS = 60.0
"""Far longer than any of these calls takes; only a hang reaches it."""

needs_zero = pytest.mark.skipif(not ZERO.exists(), reason="no /dev/zero here")
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


def finishes(call: Callable[[], T]) -> T:
    """`call()`'s result, failing the test if it does not return within `HANG_SECONDS`."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as error:  # handed back to the test's thread
            failure.append(error)

    thread = threading.Thread(target=run, daemon=True)  # a hung one must not block exit
    thread.start()
    thread.join(HANG_SECONDS)
    assert not thread.is_alive(), f"still running after {HANG_SECONDS:g} s"
    if failure:
        raise failure[0]
    return outcome[0]


def _outside(tmp_path: Path, text: str = "secret-package==1.0\n") -> Path:
    target = tmp_path / "outside" / "secrets.txt"
    target.parent.mkdir(exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


# -- the helper ------------------------------------------------------------------------------


def test_a_regular_file_inside_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"abc")
    (tmp_path / "link.txt").symlink_to("a.txt")  # a link that stays inside is fine
    assert repofiles.read_bytes(tmp_path / "a.txt", root=tmp_path) == b"abc"
    assert repofiles.read_bytes(tmp_path / "link.txt", root=tmp_path) == b"abc"


@needs_zero
def test_a_link_to_dev_zero_is_refused(tmp_path: Path) -> None:
    (tmp_path / "zero").symlink_to(ZERO)
    with pytest.raises(repofiles.RefusedFileError) as raised:
        finishes(lambda: repofiles.read_bytes(tmp_path / "zero", root=tmp_path))
    assert raised.value.reason == "outside-repository"
    # Even where any path is allowed (the user named it), a device is not a file.
    with pytest.raises(repofiles.RefusedFileError) as raised:
        finishes(lambda: repofiles.read_bytes(tmp_path / "zero", root=None))
    assert raised.value.reason == "not-a-file"
    assert "a character device" in str(raised.value)


def test_a_link_leading_outside_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "link").symlink_to(_outside(tmp_path))
    with pytest.raises(repofiles.RefusedFileError, match="outside the repository") as raised:
        repofiles.read_bytes(root / "link", root=root)
    assert raised.value.reason == "outside-repository"
    assert repofiles.read_bytes(root / "link", root=None) == b"secret-package==1.0\n"


@needs_fifo
def test_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(repofiles.RefusedFileError, match="a FIFO") as raised:
        finishes(lambda: repofiles.read_bytes(tmp_path / "pipe", root=tmp_path))
    assert raised.value.reason == "not-a-file"


def test_a_file_over_the_cap_is_refused(tmp_path: Path) -> None:
    (tmp_path / "big").write_bytes(b"x" * 101)
    with pytest.raises(repofiles.RefusedFileError, match="larger than 100 bytes") as raised:
        repofiles.read_bytes(tmp_path / "big", root=tmp_path, limit=100)
    assert raised.value.reason == "too-large"
    assert repofiles.read_bytes(tmp_path / "big", root=tmp_path, limit=101) == b"x" * 101


def test_a_folder_or_nothing_is_refused(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    with pytest.raises(repofiles.RefusedFileError, match="a folder"):
        repofiles.read_bytes(tmp_path / "dir", root=tmp_path)
    with pytest.raises(repofiles.RefusedFileError) as raised:
        repofiles.read_bytes(tmp_path / "gone", root=tmp_path)
    assert raised.value.reason == "unreadable"
    assert isinstance(raised.value, CodevitalsError)  # uncaught, it is a one-line error


# -- dependency manifests ----------------------------------------------------------------------


def _collect(root: Path, path: str = "requirements.txt") -> tuple[list[str], dict[str, str]]:
    collected = finishes(lambda: collect(root, [path]))
    names = [d.name for d in collected.declarations]
    return names, {n.path: n.reason for n in collected.notices}


@needs_zero
def test_requirements_linked_to_dev_zero(folder: Repo) -> None:
    folder.root.mkdir(parents=True, exist_ok=True)
    (folder.root / "requirements.txt").symlink_to(ZERO)
    assert _collect(folder.root) == ([], {"requirements.txt": "outside-repository"})


def test_requirements_linked_outside_send_no_names_anywhere(folder: Repo, tmp_path: Path) -> None:
    folder.root.mkdir(parents=True, exist_ok=True)
    (folder.root / "requirements.txt").symlink_to(_outside(tmp_path))
    assert _collect(folder.root) == ([], {"requirements.txt": "outside-repository"})


def test_an_include_linked_outside_is_refused(folder: Repo, tmp_path: Path) -> None:
    folder.write("requirements.txt", "-r base.txt\nrequests==2.0\n")
    (folder.root / "base.txt").symlink_to(_outside(tmp_path))
    assert _collect(folder.root) == (["requests"], {"requirements.txt": "include-outside"})


@needs_fifo
def test_requirements_as_a_fifo(folder: Repo) -> None:
    folder.root.mkdir(parents=True, exist_ok=True)
    os.mkfifo(folder.root / "requirements.txt")
    assert _collect(folder.root) == ([], {"requirements.txt": "not-a-file"})


def test_an_oversized_lockfile(folder: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repofiles, "MAX_BYTES", 1000)
    folder.write("requirements.txt", "requests==2.0\n" + "# padding\n" * 100)
    assert _collect(folder.root) == ([], {"requirements.txt": "too-large"})


@needs_zero
def test_scan_of_an_untracked_manifest_link_goes_on(repo: Repo) -> None:
    repo.write("app.py", "x = 1\n")
    repo.commit()
    (repo.root / "requirements.txt").symlink_to(ZERO)  # untracked: git lists it as a file
    result = finishes(lambda: run_cli("scan", str(repo.root), "--format", "json", "--offline"))
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [f["path"] for f in document["files"]] == ["app.py"]
    dependencies = document["dependencies"]
    assert dependencies["partial"] is True
    assert {n["path"]: n["reason"] for n in dependencies["notices"]} == {
        "requirements.txt": "outside-repository"
    }


# -- .gitignore outside git ------------------------------------------------------------------


@needs_fifo
def test_a_gitignore_fifo_is_a_notice_and_the_walk_goes_on(folder: Repo) -> None:
    folder.write("app.py", "x = 1\n")
    os.mkfifo(folder.root / ".gitignore")
    found = finishes(lambda: discover(folder.root, Filters()))
    assert [c.path for c in found.files] == ["app.py"]
    assert [(n.path, n.reason) for n in found.notices] == [(".gitignore", "not-a-file")]


@needs_zero
def test_a_gitignore_linked_to_dev_zero_in_a_subfolder(folder: Repo) -> None:
    folder.write("pkg/app.py", "x = 1\n")
    (folder.root / "pkg" / ".gitignore").symlink_to(ZERO)
    found = finishes(lambda: discover(folder.root, Filters()))
    assert [c.path for c in found.files] == ["pkg/app.py"]
    assert [(n.path, n.reason) for n in found.notices] == [("pkg/.gitignore", "outside-repository")]


def test_a_gitignore_inside_still_applies(folder: Repo) -> None:
    folder.write("app.py", "x = 1\n")
    folder.write("build/gen.py", "x = 1\n")
    folder.write("ignores.txt", "build/\n")
    (folder.root / ".gitignore").symlink_to("ignores.txt")
    found = discover(folder.root, Filters())
    assert [c.path for c in found.files] == ["app.py"]
    assert found.notices == []


# -- configuration files ---------------------------------------------------------------------


def _one_error(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("codevitals: error: ")
    return line


def test_a_configuration_linked_outside_is_an_error(repo: Repo, tmp_path: Path) -> None:
    repo.write("app.py", "x = 1\n")
    (repo.root / ".codevitals.toml").symlink_to(_outside(tmp_path, "exclude = ['app.py']\n"))
    line = _one_error(run_cli("scan", str(repo.root), "--format", "json"))
    assert ".codevitals.toml: cannot read: leads outside the repository" in line


@needs_fifo
def test_a_configuration_fifo_is_an_error(repo: Repo) -> None:
    repo.write("app.py", "x = 1\n")
    os.mkfifo(repo.root / ".codevitals.toml")
    result = finishes(lambda: run_cli("scan", str(repo.root), "--format", "json"))
    assert "a FIFO, not a regular file" in _one_error(result)


@needs_zero
def test_a_configuration_named_on_the_command_line_is_still_a_file(repo: Repo) -> None:
    repo.write("app.py", "x = 1\n")
    result = finishes(lambda: run_cli("scan", str(repo.root), "--config", str(ZERO)))
    assert "/dev/zero: cannot read: a character device" in _one_error(result)


@needs_zero
def test_a_pyproject_linked_to_dev_zero_is_only_a_bad_manifest(repo: Repo) -> None:
    repo.write("app.py", "x = 1\n")
    (repo.root / "pyproject.toml").symlink_to(ZERO)
    result = finishes(lambda: run_cli("scan", str(repo.root), "--format", "json", "--offline"))
    assert result.exit_code == 0, result.output
    notices = json.loads(result.stdout)["dependencies"]["notices"]
    assert [(n["path"], n["reason"]) for n in notices] == [("pyproject.toml", "outside-repository")]


# -- the gate's baseline ---------------------------------------------------------------------


def _gate(repo: Repo, *args: str) -> Result:
    return finishes(lambda: run_cli("gate", str(repo.root), "--no-deps", "-q", *args))


@pytest.fixture
def gated(repo: Repo) -> Repo:
    repo.write("app.py", "x = 1\n")
    repo.commit()
    return repo


@needs_zero
def test_a_configured_baseline_outside_the_repository_is_refused(gated: Repo) -> None:
    gated.write(".codevitals.toml", "[gate]\nbaseline = '/dev/zero'\n")
    line = _one_error(_gate(gated))
    assert "[gate]: baseline: '/dev/zero' lies outside the repository" in line


def test_a_configured_baseline_climbing_out_is_refused(gated: Repo, tmp_path: Path) -> None:
    _outside(tmp_path)
    gated.write(".codevitals.toml", "[gate]\nbaseline = '../outside/secrets.txt'\n")
    assert "lies outside the repository" in _one_error(_gate(gated))


@needs_zero
def test_a_configured_baseline_linked_to_dev_zero(gated: Repo) -> None:
    (gated.root / "baseline.json").symlink_to(ZERO)
    gated.write(".codevitals.toml", "[gate]\nbaseline = 'baseline.json'\n")
    assert "lies outside the repository" in _one_error(_gate(gated))


@needs_zero
def test_a_baseline_named_on_the_command_line_is_still_a_file(gated: Repo) -> None:
    line = _one_error(_gate(gated, "--baseline", str(ZERO)))
    assert "cannot read the baseline: a character device, not a regular file" in line


@needs_fifo
def test_a_baseline_fifo(gated: Repo) -> None:
    os.mkfifo(gated.root / "baseline.json")
    gated.write(".codevitals.toml", "[gate]\nbaseline = 'baseline.json'\n")
    assert "cannot read the baseline: a FIFO" in _one_error(_gate(gated))


def test_a_configured_baseline_inside_is_used(gated: Repo) -> None:
    written = _gate(gated, "--write-baseline", str(gated.root / "debt.json"))
    assert written.exit_code == 0, written.output
    gated.write(".codevitals.toml", "[gate]\nbaseline = 'debt.json'\n")
    result = _gate(gated, "--format", "json")
    assert result.exit_code == 0, result.output


# -- explain ---------------------------------------------------------------------------------


def test_explain_a_link_leading_outside(gated: Repo, tmp_path: Path) -> None:
    outside = _outside(tmp_path, "def f():\n    return 1\n").rename(tmp_path / "outside" / "f.py")
    (gated.root / "linked.py").symlink_to(outside)
    line = _one_error(run_cli("explain", str(gated.root / "linked.py"), "-q"))
    assert "linked.py: leads outside the repository" in line


def test_explain_still_explains_a_file(gated: Repo) -> None:
    result = run_cli("explain", str(gated.root / "app.py") + ":nothing", "-q")
    assert "no function 'nothing' in app.py" in _one_error(result)
