"""Incremental mining: the parsed history is cached, so a run parses only the new commits.

One record per repository and mining mode holds the last commit mined (the tip) and every
commit reachable from it. The next run asks git only for `tip..HEAD` when the old tip is
still an ancestor of HEAD (and, on the first-parent line, when the oldest new commit's first
parent is the old tip); after a rebase, a reset or a branch switch it mines everything again.

The key covers what changes the parsed commits without moving HEAD: the `.mailmap` (names
are mailmapped by git) and, in a shallow clone, the shallow boundary (a `git fetch --deepen`
brings older commits). Records are marshalled plain tuples: fast, and loading one cannot run
code.
"""

from __future__ import annotations

import hashlib
import marshal
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codevitals import git
from codevitals.cache import Cache
from codevitals.errors import GitError
from codevitals.history import gitlog
from codevitals.history.gitlog import Commit, FileChange, read_log, read_trees

FORMAT_VERSION = 1
"""Bump whenever what mining records changes; it is part of the key."""
PARTIAL_CLONE = "partial clone: the contents git did not fetch are not fetched now"
"""Why a partial clone's history has no line counts."""


@dataclass(frozen=True, slots=True)
class Mined:
    """The commits reachable from `tip`, newest first, and how they were obtained."""

    tip: str
    commits: list[Commit]
    new: int
    """How many commits this run parsed (all of them when nothing was cached)."""
    unread: str = ""
    """Why file contents could not be read ("" when they could): the commits then have no
    line counts and only unchanged moves as renames (`read_trees`)."""
    skipped: tuple[gitlog.Unreadable, ...] = ()
    """Changes whose file versions are missing: counted without their lines (the rest of
    the history has its line counts)."""


@dataclass(frozen=True, slots=True)
class Source:
    """What to mine: a repository, the commit to mine up to, and how to treat merges."""

    top: Path
    tip: str
    first_parent: bool = False
    shallow: frozenset[str] = frozenset()
    """A shallow clone's boundary commits."""

    def key(self) -> str:
        """The cache key of this repository's mined history (whatever the tip)."""
        mailmap = _read(self.top / ".mailmap")
        fixed = (str(FORMAT_VERSION), str(self.top.resolve()), str(self.first_parent))
        material = "\0".join((*fixed, *sorted(self.shallow)))
        digest = hashlib.sha1(material.encode() + b"\0" + mailmap, usedforsecurity=False)
        return "history:" + digest.hexdigest()


def mine(source: Source, cache: Cache) -> Mined:
    """Every commit reachable from the tip, reusing and refreshing the cached history."""
    key = source.key()
    stored = _load(cache, key)
    if stored is not None and stored.tip == source.tip:
        return Mined(source.tip, stored.commits, 0)
    if git.is_partial(source.top):  # git dies on the first blob it may not fetch: read none
        return _without_contents(source, PARTIAL_CLONE)
    try:
        mined = _extend(source, stored) if stored else None
        if mined is None:
            commits = read_log(source.top, source.tip, first_parent=source.first_parent)
            mined = Mined(source.tip, commits, len(commits))
    except GitError as error:  # a damaged repository
        try:
            return _around_missing(source)
        except GitError:  # not a missing blob (a missing tree or commit): read trees alone
            return _without_contents(source, f"some file contents cannot be read ({error})")
    cache.put_many([(key, encode(mined))])
    return mined


def _without_contents(source: Source, why: str) -> Mined:
    """The history read from trees alone, when git cannot read some file's contents.

    Line counts and renames of edited files need the contents, so a missing blob would
    otherwise cost the whole history. Such a history is not cached: a later run, with every
    object at hand, reads it in full.
    """
    commits = read_trees(source.top, source.tip, first_parent=source.first_parent)
    return Mined(source.tip, commits, len(commits), why)


def _around_missing(source: Source) -> Mined:
    """The history with line counts, except for the changes whose blobs are missing.

    `git log --numstat` dies at the first missing blob, so the commits that had one are
    read apart: their other files with line counts, each file whose version is missing as
    changed with no line counts. Such a history is not cached either. Raises GitError when
    no missing blob explains the failure.
    """
    top, tip, first_parent = source.top, source.tip, source.first_parent
    skipped = gitlog.unreadable(top, tip, first_parent=first_parent)
    if not skipped:
        raise GitError("no missing blob explains the failure")
    merges = "--first-parent" if first_parent else "--no-merges"
    listed = git.run(top, "rev-list", "--parents", merges, tip, "--").decode("ascii")
    # a merge (on the first-parent line) is diffed against its first parent, as git log does
    requests = {line[:40]: line[:81] for line in listed.splitlines()}
    damaged: dict[str, list[FileChange]] = {}
    for change in skipped:
        damaged.setdefault(change.sha, []).append(FileChange(change.path, None, 0, 0))
    intact = [request for sha, request in requests.items() if sha not in damaged]
    apart = [request for sha, request in requests.items() if sha in damaged]
    excluded = sorted({f":(exclude,literal){change.path}" for change in skipped})
    commits = {c.sha: c for c in gitlog.read_listed(top, intact)}
    for commit in gitlog.read_listed(top, apart, excluded):
        commits[commit.sha] = commit._replace(changes=commit.changes + tuple(damaged[commit.sha]))
    return Mined(tip, [commits[sha] for sha in requests], len(requests), skipped=tuple(skipped))


def _extend(source: Source, stored: Mined) -> Mined | None:
    """The stored history plus the commits since its tip; None when it cannot be extended."""
    if not _is_ancestor(source.top, stored.tip, source.tip):
        return None
    new = read_log(source.top, f"{stored.tip}..{source.tip}", first_parent=source.first_parent)
    if source.first_parent and not _continues(new, stored.tip):
        return None  # the old tip is not on the new tip's first-parent line
    return Mined(source.tip, new + stored.commits, len(new))


def _continues(new: list[Commit], tip: str) -> bool:
    """Whether the oldest new commit's first parent is the old tip."""
    return bool(new) and new[-1].parents[:1] == (tip,)


def _is_ancestor(top: Path, older: str, newer: str) -> bool:
    try:
        git.run(top, "merge-base", "--is-ancestor", older, newer)
    except GitError:
        return False  # not an ancestor (exit 1), or the old tip is gone
    return True


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _load(cache: Cache, cache_key: str) -> Mined | None:
    record = cache.get_many([cache_key]).get(cache_key)
    if record is None:
        return None
    try:
        return decode(record)
    except ValueError:
        return None  # a damaged record: mine again


def encode(mined: Mined) -> bytes:
    """Serialise mined history for the cache."""
    commits = [
        (c.sha, c.parents, c.time, c.author, c.email, tuple(tuple(x) for x in c.changes))
        for c in mined.commits
    ]
    return marshal.dumps((FORMAT_VERSION, mined.tip, commits))


def decode(record: bytes) -> Mined:
    """Rebuild mined history from `encode`'s bytes; ValueError on anything malformed."""
    try:
        version, tip, rows = marshal.loads(record)  # noqa: S302 - our own cache records
        if version != FORMAT_VERSION:
            raise ValueError(f"history record version {version}")
        return Mined(tip, [_commit(row) for row in rows], 0)
    except (EOFError, TypeError, ValueError) as error:
        raise ValueError(f"malformed history record: {error}") from error


def _commit(row: Any) -> Commit:
    sha, parents, time, author, email, changes = row
    return Commit(sha, parents, time, author, email, tuple(FileChange(*c) for c in changes))
