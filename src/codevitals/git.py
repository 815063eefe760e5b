"""The seam to git: every git subprocess codevitals runs goes through `run`.

git runs read-only: optional index locks are off (`GIT_OPTIONAL_LOCKS=0`, so no command
refreshes and rewrites the index) and the file-system monitor is disabled, because a
repository's own configuration could name a program for it to run.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from codevitals.errors import GitError

_SAFE_CONFIG = ("-c", "core.fsmonitor=false", "-c", "core.quotepath=false")
_ENV = {"GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
SYMLINK_MODE = "120000"
SUBMODULE_MODE = "160000"


def run(cwd: Path, *args: str) -> bytes:
    """Run a git command in `cwd` and return its standard output; raise GitError on failure."""
    try:
        done = subprocess.run(
            ["git", *_SAFE_CONFIG, *args],
            cwd=cwd,
            capture_output=True,
            env={**os.environ, **_ENV},
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
    """Tracked files under `folder` whose working copy may differ from the index."""
    return set(_records(run(folder, "diff-files", "--name-only", "--relative", "-z")))


def untracked(folder: Path) -> list[str]:
    """Files under `folder` that git neither tracks nor ignores."""
    return list(_records(run(folder, "ls-files", "--others", "--exclude-standard", "-z")))


def _records(output: bytes) -> list[str]:
    return [os.fsdecode(item) for item in output.split(b"\0") if item]


def blob_id(data: bytes) -> str:
    """The id `git hash-object` gives these bytes."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()
