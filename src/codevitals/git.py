"""The seam to git: every git subprocess codevitals runs goes through `run`.

git runs read-only: optional index locks are off (`GIT_OPTIONAL_LOCKS=0`, so no command
refreshes and rewrites the index). A repository's own configuration can name programs for git
to run, so the ones our commands could reach are switched off: the file-system monitor,
signature checks in `git log`, and clean filters when `diff-files` re-reads a file.

Variables that point git at a repository (`GIT_DIR`, `GIT_INDEX_FILE`, …, as set inside a
git hook) are dropped: git finds the repository from the folder asked about, as discovery does.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from codevitals.errors import GitError

_SAFE_CONFIG = (
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.quotepath=false",
    "-c",
    "log.showSignature=false",
)
_ENV = {"GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
_REPOSITORY_ENV = frozenset(
    {  # `git rev-parse --local-env-vars`
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_CONFIG",
        "GIT_CONFIG_PARAMETERS",
        "GIT_CONFIG_COUNT",
        "GIT_OBJECT_DIRECTORY",
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_IMPLICIT_WORK_TREE",
        "GIT_GRAFT_FILE",
        "GIT_INDEX_FILE",
        "GIT_NO_REPLACE_OBJECTS",
        "GIT_REPLACE_REF_BASE",
        "GIT_PREFIX",
        "GIT_INTERNAL_SUPER_PREFIX",
        "GIT_SHALLOW_FILE",
        "GIT_COMMON_DIR",
    }
)
_FILTER_KEYS = r"^filter\..*\.(clean|smudge|process)$"
SYMLINK_MODE = "120000"
SUBMODULE_MODE = "160000"


def _command(args: Sequence[str], config: Sequence[str] = ()) -> list[str]:
    """The full command line of a git command, with the safety settings every command gets."""
    return ["git", *_SAFE_CONFIG, *config, *args]


def _environment() -> dict[str, str]:
    """The environment git runs in: ours, minus repository pointers, plus the safe settings."""
    env = {name: value for name, value in os.environ.items() if name not in _REPOSITORY_ENV}
    return {**env, **_ENV}


def run(cwd: Path, *args: str, config: Sequence[str] = ()) -> bytes:
    """Run a git command in `cwd` and return its standard output; raise GitError on failure.

    `config` holds extra `-c name=value` arguments for this command.
    """
    try:
        done = subprocess.run(
            _command(args, config),
            cwd=cwd,
            capture_output=True,
            env=_environment(),
            check=False,
        )
    except OSError as error:
        raise GitError(f"cannot run git: {error.strerror}") from error
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {message[0] if message else done.returncode}")
    return done.stdout


def toplevel(path: Path) -> Path | None:
    """The work tree root containing `path`, or None when it is not inside one."""
    try:
        out = run(path, "rev-parse", "--show-toplevel")
    except GitError:
        return None
    return Path(os.fsdecode(out.strip())) if out.strip() else None


def head(path: Path) -> str | None:
    """The commit checked out, or None in a repository without commits."""
    try:
        return run(path, "rev-parse", "--verify", "--quiet", "HEAD").decode().strip() or None
    except GitError:
        return None


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """A tracked file: its mode, blob id and path relative to the folder asked about."""

    mode: str
    blob_id: str
    path: str
    watched: bool = True
    """False when git was told not to look at the working copy (assume-unchanged or
    skip-worktree): then `changed` cannot vouch that it still matches `blob_id`."""


def tracked(folder: Path) -> list[IndexEntry]:
    """Files in the index under `folder`, paths relative to it."""
    entries: dict[str, IndexEntry] = {}
    for record in _records(run(folder, "ls-files", "--stage", "-v", "-z")):
        meta, _, path = record.partition("\t")
        tag, mode, blob_id, _stage = meta.split(" ")
        # `-v` tags assume-unchanged entries in lower case and skip-worktree ones with S.
        watched = tag.isupper() and tag != "S"
        entries.setdefault(path, IndexEntry(mode, blob_id, path, watched))  # one per conflict
    return list(entries.values())


def changed(folder: Path) -> set[str]:
    """Tracked files under `folder` whose working copy may differ from the index.

    diff-files re-reads a file whose stat data looks stale and would pass it through the
    clean filter its attributes name; with filters off it compares raw bytes, which is what
    codevitals analyses anyway (at worst a file is hashed that need not have been).
    """
    output = run(
        folder, "diff-files", "--name-only", "--relative", "-z", config=_without_filters(folder)
    )
    return set(_records(output))


def _without_filters(folder: Path) -> list[str]:
    """`-c` arguments that switch off every filter driver the configuration defines."""
    try:
        output = run(folder, "config", "-z", "--get-regexp", _FILTER_KEYS)
    except GitError:
        return []  # none defined (git config exits 1)
    drivers = {
        key[len("filter.") : key.rindex(".")]
        for key in (record.partition("\n")[0] for record in _records(output))
    }
    arguments: list[str] = []
    for driver in sorted(drivers):
        for setting in ("clean=", "smudge=", "process=", "required=false"):
            arguments += ["-c", f"filter.{driver}.{setting}"]
    return arguments


def untracked(folder: Path) -> list[str]:
    """Files under `folder` that git neither tracks nor ignores."""
    return list(_records(run(folder, "ls-files", "--others", "--exclude-standard", "-z")))


def _records(output: bytes) -> list[str]:
    return [os.fsdecode(item) for item in output.split(b"\0") if item]


def blob_id(data: bytes) -> str:
    """The id `git hash-object` gives these bytes."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def resolve(cwd: Path, ref: str) -> str:
    """The commit id `ref` names; GitError when it names no commit."""
    if ref.startswith("-"):
        raise GitError(f"{ref!r} is not a revision")  # never let a ref pass as an option
    try:
        out = run(cwd, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    except GitError:
        out = b""
    if not out.strip():
        raise GitError(f"{ref!r} names no commit in this repository")
    return out.decode().strip()


def merge_base(cwd: Path, first: str, second: str) -> str:
    """The best common ancestor of two commits (what `git diff A...B` compares with)."""
    try:
        return run(cwd, "merge-base", first, second).decode().strip()
    except GitError as error:
        raise GitError(f"{first[:10]} and {second[:10]} have no common ancestor") from error


@dataclass(frozen=True, slots=True)
class TreeEntry:
    """A file in a commit's tree: its mode, blob id, size in bytes and path."""

    mode: str
    blob_id: str
    size: int
    path: str


def tree(cwd: Path, commit: str) -> list[TreeEntry]:
    """Every blob in `commit`'s tree, recursively, paths relative to the repository's top."""
    entries: list[TreeEntry] = []
    for record in _records(run(cwd, "ls-tree", "-r", "-l", "-z", "--full-tree", commit)):
        meta, _, path = record.partition("\t")
        mode, kind, blob_id, size = meta.split()
        if kind == "blob":
            entries.append(TreeEntry(mode, blob_id, int(size), path))
    return entries


class BlobReader:
    """Reads blobs through one `git cat-file --batch` process, started on first use.

    Requests are written one at a time and each answer read before the next, so neither
    pipe can fill up and block the other. Use it as a context manager: leaving stops git.
    """

    def __init__(self, cwd: Path) -> None:
        self._cwd = cwd
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def read(self, blob_ids: Sequence[str]) -> dict[str, bytes]:
        """The contents of the blobs that exist, by id."""
        found: dict[str, bytes] = {}
        for blob_id in blob_ids:
            data = self._one(blob_id)
            if data is not None:
                found[blob_id] = data
        return found

    def close(self) -> None:
        """Stop git."""
        process, self._process = self._process, None
        if process is not None:
            assert process.stdin is not None  # noqa: S101 -- started with pipes
            process.stdin.close()
            process.wait()
            if process.stdout is not None:
                process.stdout.close()

    def _one(self, blob_id: str) -> bytes | None:
        stdin, stdout = self._pipes()
        stdin.write(blob_id.encode() + b"\n")
        stdin.flush()
        header = stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            return None  # "<id> missing", or not a blob
        data = stdout.read(int(header[2]))
        stdout.read(1)  # the newline after every object
        return data

    def _pipes(self) -> tuple[IO[bytes], IO[bytes]]:
        if self._process is None:
            self._process = self._start()
        assert self._process.stdin is not None  # noqa: S101 -- started with pipes
        assert self._process.stdout is not None  # noqa: S101
        return self._process.stdin, self._process.stdout

    def _start(self) -> subprocess.Popen[bytes]:
        try:
            return subprocess.Popen(
                _command(["cat-file", "--batch"]),
                cwd=self._cwd,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=_environment(),
            )
        except OSError as error:
            raise GitError(f"cannot run git: {error.strerror}") from error
