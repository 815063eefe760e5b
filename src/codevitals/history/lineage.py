"""Following files across renames, and leaving out what says nothing about the code.

Commits arrive newest first, so a rename is met before the older commits it affects: from
then on the old path stands for the file's newest name. A path used again later by another
file is safe, since the newer file's commits were all met before the rename. Within one
commit every path is resolved before its renames are recorded (they only apply to older
commits).

Renames in bot commits still count (the file did move), but the commits themselves are left
out, as are the changes of a shallow clone's boundary commits: git shows each of those as
adding every file in the tree. Authors are people (`identities`): the names and emails of
the commits followed, linked where one commit shows both.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from codevitals.history.bots import Bots
from codevitals.history.gitlog import Commit, FileChange
from codevitals.history.identities import people


class Touch(NamedTuple):
    """A file a commit changed, under the name it has at the tip."""

    path: str
    name: str
    """Its path in this commit."""
    old_name: str | None
    """Its path before this commit, when the commit renamed it."""
    added: int
    """Lines added (0 for binary files)."""
    deleted: int


class Revision(NamedTuple):
    """A commit as the analyses see it."""

    sha: str
    parent: str | None
    time: int
    author: str
    touches: tuple[Touch, ...]


@dataclass(frozen=True, slots=True)
class Followed:
    """Revisions (newest first) and what was left out."""

    revisions: list[Revision]
    bot_commits: int
    newest: dict[str, str] = field(default_factory=dict)
    """Each renamed path's name at the newest commit (the backtest maps names back with it)."""


def follow(commits: Sequence[Commit], bots: Bots, boundary: Collection[str] = ()) -> Followed:
    """Resolve every change to its file's newest name; leave out bots and boundary changes."""
    newest: dict[str, str] = {}
    revisions: list[Revision] = []
    bot_commits = 0
    known = people((c.author, c.email) for c in commits if not bots.match(c.author, c.email))
    for commit in commits:
        changes = () if commit.sha in boundary else commit.changes
        touches = _resolve(changes, newest)
        for change in changes:
            if change.old_path is not None:
                newest[change.old_path] = newest.get(change.path, change.path)
        if bots.match(commit.author, commit.email):
            bot_commits += 1
            continue
        parent = commit.parents[0] if commit.parents else None
        who = known[commit.author, commit.email]
        revisions.append(Revision(commit.sha, parent, commit.time, who, touches))
    return Followed(revisions, bot_commits, newest)


def _resolve(changes: Sequence[FileChange], newest: dict[str, str]) -> tuple[Touch, ...]:
    touches: dict[str, Touch] = {}
    for change in changes:
        path = newest.get(change.path, change.path)
        added, deleted = max(change.added, 0), max(change.deleted, 0)
        if path in touches:  # two paths of one file in one commit: count it once
            seen = touches[path]
            added, deleted = added + seen.added, deleted + seen.deleted
        touches[path] = Touch(path, change.path, change.old_path, added, deleted)
    return tuple(touches.values())
