"""Mining: one `git log` subprocess, parsed while git is still writing it.

The format puts a record separator before each commit and NULs between its fields
(`%H %P %at %aN %aE`: mailmapped author name and email), and `-z --numstat` gives one
NUL-terminated entry per changed file: `added<TAB>deleted<TAB>path`, or for a rename
`added<TAB>deleted<TAB>`, then the old path, then the new one. With `-z` paths are never
quoted and a rename always names both paths, so there is no `{old => new}` shorthand to
expand. Binary files count `-` lines, kept as -1.

Only what a repository's configuration could change is pinned: rename detection on (`-M`),
no colour, no external diff or text-conversion programs (they would run code the repository
names), paths from the top level, UTF-8 output. Names and emails that are not valid UTF-8
are decoded leniently; paths as `git.decoded_path` names them, as discovery does.

A long history is mined in parallel: `git rev-list` names the commits in `git log`'s order
(a fraction of a second), every other commit goes to one of two `git diff-tree --stdin`
processes printing exactly what `git log` prints for it (same format and options; `--always`
keeps commits without changes, `--root` diffs the first commit), and the commits are put
back in order. Computing diffs is most of git's work, so on two CPUs the history of
sqlalchemy (15 k commits) is read in 7 s instead of 12. Main-line history
(`--first-parent`, where a merge is diffed against its first parent) keeps the single log.
The diff-trees see an empty index: with the real one, git would read a file from the work tree
in place of its blob (passing it through the configured filters), which `git log` never does.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from codevitals import git, workers

_START = b"\x1e"
"""Opens every commit's header; no numstat entry can start with it."""
_FORMAT = "--format=%x1e%H%x00%P%x00%at%x00%aN%x00%aE"
_PINNED = (
    "-z",
    "--numstat",
    "-M",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--no-relative",
    "--encoding=UTF-8",
    _FORMAT,
)
_NAMES_ONLY = tuple("--name-status" if a == "--numstat" else a for a in _PINNED)
"""Paths and renames without line counts: git then diffs trees only, not file contents, which
is most of its work (a year of sqlalchemy: 0.04 s instead of 1.3 s)."""
EXACT_RENAMES = "-M100%"
"""Renames of files moved unchanged only: git finds them by blob id without reading a blob."""
BINARY = -1
"""Lines added and deleted of a binary file, for which git counts none."""
PARALLEL_FROM = 2000
"""Commits from which a history is mined by several processes; fewer take a second at most."""
MAX_PROCESSES = 4
_LEAN = ("-c", "core.deltaBaseCacheLimit=48m", "-c", "core.packedGitLimit=64m")
"""Smaller object caches for each of the parallel processes (git's defaults are 96 MB and all
of the pack mapped): together they stay near one `git log`'s memory, for a few % of time."""


class FileChange(NamedTuple):
    """One file changed by a commit."""

    path: str
    old_path: str | None
    """The path it had before, when the commit renamed it."""
    added: int
    deleted: int


class Commit(NamedTuple):
    """A commit with the files it changed."""

    sha: str
    parents: tuple[str, ...]
    time: int
    """Author time, Unix seconds."""
    author: str
    email: str
    changes: tuple[FileChange, ...]


def log_arguments(
    revisions: str, *, first_parent: bool, since: int | None = None, line_counts: bool = True
) -> list[str]:
    """The `git log` command line for `revisions` (a commit or a `from..to` range).

    Merges are left out by default: their changes already appear in the commits merged.
    With `first_parent`, history is the main line only and a merge stands for everything it
    brought in, as a diff against its first parent (git 2.31+ does this by default).
    `since` (Unix seconds) stops at commits committed before it. Without `line_counts`,
    changes count 0 lines added and deleted.
    """
    bound = [] if since is None else [f"--since=@{since}"]
    pinned = _PINNED if line_counts else _NAMES_ONLY
    return ["log", *pinned, *_merges(first_parent), *bound, revisions, "--"]


def _merges(first_parent: bool) -> list[str]:
    return ["--first-parent", "--diff-merges=first-parent"] if first_parent else ["--no-merges"]


def read_log(
    top: Path, revisions: str, *, first_parent: bool, since: int | None = None
) -> list[Commit]:
    """The commits in `revisions` (committed at or after `since`, if given), newest first."""
    processes = _processes()
    if not first_parent and processes > 1:
        bound = [] if since is None else [f"--since=@{since}"]
        listed = git.run(top, "rev-list", "--no-merges", *bound, revisions, "--")
        shas = listed.decode("ascii").split()
        if len(shas) >= PARALLEL_FROM:
            return _in_parallel(top, shas, processes)
    arguments = log_arguments(revisions, first_parent=first_parent, since=since)
    return list(parse(git.stream(top, *arguments)))


def read_names(
    top: Path, revisions: str, *, first_parent: bool, since: int | None = None
) -> list[Commit]:
    """`read_log`'s commits with their paths and renames but no line counts (all 0).

    One `git log` is enough: without line counts git diffs trees, not file contents.
    """
    arguments = log_arguments(revisions, first_parent=first_parent, since=since, line_counts=False)
    return list(parse(git.stream(top, *arguments), line_counts=False))


def read_trees(
    top: Path, revisions: str, *, first_parent: bool, since: int | None = None
) -> list[Commit]:
    """`read_names`' commits read without a single blob: only unchanged moves are renames.

    For a history some of whose blobs are missing (a partial clone, a damaged object store):
    finding the rename of an edited file reads both versions, which git may not have.
    """
    names = log_arguments(revisions, first_parent=first_parent, since=since, line_counts=False)
    arguments = [EXACT_RENAMES if argument == "-M" else argument for argument in names]
    return list(parse(git.stream(top, *arguments), line_counts=False))


class Unreadable(NamedTuple):
    """A change git cannot count lines of: one of its file's versions is missing."""

    sha: str
    path: str
    blob: str
    """The missing blob's id."""


def unreadable(top: Path, revisions: str, *, first_parent: bool) -> list[Unreadable]:
    """The changes in `revisions` whose old or new version is missing from the object store.

    `git rev-list --objects --missing=print` names the missing objects without dying at the
    first; `git log --raw` (blob ids, no rename detection, so no contents read) finds the
    commits and paths that had them.
    """
    listed = git.run(top, "rev-list", "--objects", "--missing=print", revisions, "--")
    missing = {line[1:] for line in listed.split(b"\n") if line.startswith(b"?")}
    if not missing:
        return []
    raw = ["log", "-z", "--raw", "--no-abbrev", "--no-renames", "--format=%x1e%H"]
    output = git.run(top, *raw, *_merges(first_parent), revisions, "--")
    found = []
    for record in output.split(_START)[1:]:
        sha, *fields = record.split(b"\0")
        for status, path in zip(fields[::2], fields[1::2], strict=False):
            # `:100644 100644 <old blob> <new blob> M`
            blobs = status.strip().split(b" ")[2:4]
            gone = [blob for blob in blobs if blob in missing]
            if gone:
                found.append(Unreadable(sha.decode(), git.decoded_path(path), gone[0].decode()))
    return found


def read_listed(top: Path, requests: Sequence[str], pathspecs: Sequence[str] = ()) -> list[Commit]:
    """`read_log`'s record of each commit requested, limited to `pathspecs` if any.

    A request is a commit id, or a merge's id and its first parent's (`sha parent`) to diff
    it against that parent, as the first-parent history does. Every commit requested is in
    the result, even one that changed none of the paths (`--always`).
    """
    if not requests:
        return []
    arguments = ["diff-tree", "--stdin", "--always", "--root", *_PINNED, "--", *pathspecs]
    feed = "".join(f"{request}\n" for request in requests).encode("ascii")
    return list(parse(git.stream(top, *arguments, stdin=feed, without_index=True)))


def _processes() -> int:
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return min(cpus, MAX_PROCESSES)


def _in_parallel(top: Path, shas: Sequence[str], processes: int) -> list[Commit]:
    """The commits of `shas`, diffed by several processes and put back in their order.

    Every n-th commit goes to the same process, so each gets a like share of old and new
    commits (recent ones touch more files and cost more).
    """
    shares = [shas[start::processes] for start in range(processes)]
    with workers.threads(processes, "codevitals-git") as pool:
        found = {c.sha: c for part in pool.map(lambda s: _diff_trees(top, s), shares) for c in part}
    return [found[sha] for sha in shas]


def _diff_trees(top: Path, shas: Sequence[str]) -> list[Commit]:
    """What `git log` prints of these commits, from one `git diff-tree --stdin`."""
    arguments = ["diff-tree", "--stdin", "--always", "--root", *_PINNED]
    feed = "".join(f"{sha}\n" for sha in shas).encode("ascii")
    found = git.stream(top, *arguments, stdin=feed, config=_LEAN, without_index=True)
    return list(parse(found))


def parse(chunks: Iterable[bytes], *, line_counts: bool = True) -> Iterator[Commit]:
    """Commits from `git log` output in the format above, as chunks of any size.

    Without `line_counts` the output is `--name-status`'s: a status, then the path, or for a
    rename the old path and the new one.
    """
    read_change = _change if line_counts else _named_change
    tokens = _tokens(chunks)
    header: list[bytes] | None = None
    changes: list[FileChange] = []
    for token in tokens:
        if token.startswith(_START):
            if header is not None:
                yield _commit(header, changes)
            header = [token[1:], *(next(tokens, b"") for _ in range(4))]
            changes = []
        elif token.strip(b"\n"):
            changes.append(read_change(token.lstrip(b"\n"), tokens))
    if header is not None:
        yield _commit(header, changes)


def _tokens(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """NUL-separated fields, whatever the chunk boundaries."""
    rest = b""
    for chunk in chunks:
        fields = (rest + chunk).split(b"\0")
        rest = fields.pop()
        yield from fields
    if rest:
        yield rest


def _commit(header: list[bytes], changes: list[FileChange]) -> Commit:
    sha, parents, time, name, email = header
    return Commit(
        sha.decode("ascii"),
        tuple(parents.decode("ascii").split()),
        int(time or 0),
        name.decode("utf-8", "replace"),
        email.decode("utf-8", "replace"),
        tuple(changes),
    )


def _change(entry: bytes, tokens: Iterator[bytes]) -> FileChange:
    added, deleted, path = entry.split(b"\t", 2)
    old: str | None = None
    if not path:  # a rename: the old and the new path follow
        old = git.decoded_path(next(tokens, b""))
        path = next(tokens, b"")
    return FileChange(git.decoded_path(path), old, _count(added), _count(deleted))


def _named_change(status: bytes, tokens: Iterator[bytes]) -> FileChange:
    old = git.decoded_path(next(tokens, b"")) if status.startswith(b"R") else None
    return FileChange(git.decoded_path(next(tokens, b"")), old, 0, 0)


def _count(field: bytes) -> int:
    return BINARY if field == b"-" else int(field)
