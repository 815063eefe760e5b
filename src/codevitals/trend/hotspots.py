"""Hotspots at each snapshot, from one `git log` of the years the trend looks at.

At a snapshot's moment T, files are ranked as `codevitals hotspots` would have ranked them
then: the commits reachable from the snapshot's commit and made in the window before T (the
history default, 12 months), each weighted by its age at T, charged to files under the names
they have in that commit (renames followed), scored from each file's code lines in that
commit, its changes in the window and its prior fixes (the bug-fix commits of the log that
the snapshot reaches: the trend reads no history older than its oldest window, so older fixes
are not counted). `hotspot health` is the lines-weighted health of the top production hotspots.

One `git log --since`, from the start of the oldest window to HEAD, with the options history
mining uses (so mailmap, bots, renames and merges are treated alike) but without line counts
(hotspots count changes, and counting lines is most of git's work), is parsed once and cached
per HEAD and day (`trend:log:…`). Which of its commits a snapshot reaches comes from the commit
graph of the same years (one `git rev-list --parents`): a commit merged after T is not part
of T's history even if it was written before.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from codevitals import git, workers
from codevitals.cache import Cache
from codevitals.discover import Filters
from codevitals.errors import GitError
from codevitals.history import HistoryOptions, hotspots, store
from codevitals.history.analysis import shallow_boundary
from codevitals.history.bots import Bots
from codevitals.history.fixes import FixRules, fix_commits
from codevitals.history.gitlog import Commit, read_names, read_trees
from codevitals.history.lineage import Revision, follow
from codevitals.history.messages import read_messages
from codevitals.history.scope import Scope
from codevitals.model import FileHealth, FileMetrics, Role, SourceFile
from codevitals.model.history import Hotspot
from codevitals.trend.code import CodeMeasure
from codevitals.trend.hotspot_health import hotspot_health
from codevitals.trend.snapshots import Snapshot
from codevitals.workers.child import Background

_DAY = 86_400
_FORMAT_VERSION = 2
"""Part of the log's cache key: 2, changes without line counts (hotspots count changes)."""


@dataclass(frozen=True, slots=True)
class HotspotsAt:
    """The hotspots of one snapshot, and how its files were named then."""

    ranked: list[Hotspot]
    window_commits: int
    renamed: dict[str, str]
    """Path at HEAD → path in the snapshot's commit, for files renamed since."""

    @property
    def health(self) -> float | None:
        """The snapshot's hotspot health."""
        return hotspot_health(self.ranked, self.window_commits)


@dataclass(frozen=True, slots=True)
class Window:
    """The commits of HEAD's history since the oldest window starts, mined once."""

    top: Path
    start: int
    commits: list[Commit]
    """Newest first."""
    boundary: frozenset[str]
    """A shallow clone's boundary commits (empty in a full clone)."""
    options: HistoryOptions
    followed: list[Revision]
    """Every commit, bots included, charged to its files' names at HEAD."""
    parents: dict[str, tuple[str, ...]]
    """The parents of every commit since `start`, merges included: what reaches what."""
    fixes: frozenset[str]
    """The commits that fix bugs (`history.fixes`)."""

    def at(self, snapshot: Snapshot, code: CodeMeasure) -> HotspotsAt:
        """The hotspots of a snapshot, ranked at its moment."""
        reach = self._reach(snapshot.commit)
        own = follow([c for c in self.commits if c.sha in reach], self.options.bots, self.boundary)
        begins = self.options.since.start(snapshot.at)
        window = [r for r in own.revisions if begins is None or r.time >= begins]
        recency = hotspots.Recency(snapshot.at, self.options.half_life_days)
        scope = _scope(code)
        changed = hotspots.activity(window, scope, recency)
        fixed = hotspots.prior_fixes(own.revisions, scope, self.fixes)
        ranked = hotspots.rank(_files(code), changed, fixed)
        return HotspotsAt(ranked, len(window), self._renamed(reach))

    def _reach(self, commit: str) -> set[str]:
        """The commits since `start` that `commit` has in its history, itself included."""
        found: set[str] = set()
        pending = [commit]
        while pending:
            sha = pending.pop()
            if sha not in found and sha in self.parents:
                found.add(sha)
                pending.extend(self.parents[sha])
        return found

    def _renamed(self, reach: set[str]) -> dict[str, str]:
        """HEAD path → the name it had before the oldest commit the snapshot does not reach."""
        names: dict[str, str] = {}
        for revision in self.followed:  # newest first: the oldest commit's name wins
            if revision.sha not in reach:
                for touch in revision.touches:
                    names[touch.path] = touch.old_name or touch.name
        return {path: name for path, name in names.items() if name != path}


def _graph(top: Path, tip: str, start: int) -> dict[str, tuple[str, ...]]:
    """Each commit since `start` (committer time) with its parents, from one `git rev-list`."""
    out = git.run(top, "rev-list", "--parents", f"--since=@{start}", tip, "--")
    graph: dict[str, tuple[str, ...]] = {}
    for line in out.decode("ascii").splitlines():
        sha, *parents = line.split()
        graph[sha] = tuple(parents)
    return graph


def log_source(top: Path, tip: str, options: HistoryOptions) -> store.Source:
    """What the window's log is read from: `tip`'s history, as history mining reads it."""
    return store.Source(top, tip, options.first_parent, shallow_boundary(top))


class WindowLog:
    """A window's commits being mined (unless cached) while the snapshots are measured.

    Reading the log is mostly waiting on git and parsing what it prints, so a child process
    does it (`Background`) while this one measures code; the result is the same either way.
    """

    def __init__(self, source: store.Source, start: int, options: HistoryOptions, cache: Cache):
        self.source, self.start, self.options, self.cache = source, start, options, cache
        day = start - start % _DAY  # a window starting earlier the same day is a superset
        material = f"{_FORMAT_VERSION}\0{source.key()}\0{source.tip}\0{day}"  # key(): mailmap
        self._key = (
            "trend:log:" + hashlib.sha1(material.encode(), usedforsecurity=False).hexdigest()
        )
        cached = _cached_log(cache, self._key)
        top, tip, first_parent = source.top, source.tip, source.first_parent
        self._commits: list[Commit] | Background[list[Commit]] = (
            cached
            if cached is not None
            else workers.background(
                lambda: _window_log(top, tip, first_parent=first_parent, since=day)
            )
        )

    def window(self) -> Window:
        """The window, once its commits are read."""
        source = self.source
        commits = self._commits
        if isinstance(commits, Background):
            commits = self._commits = commits.result()
            record = store.encode(store.Mined(source.tip, commits, len(commits)))
            self.cache.put_many([(self._key, record)])
        boundary = source.shallow
        everyone = follow(commits, Bots(()), boundary).revisions
        graph = _graph(source.top, source.tip, self.start)
        fixes = fix_commits(commits, read_messages(source.top, source.tip), FixRules())
        return Window(
            source.top, self.start, commits, boundary, self.options, everyone, graph, fixes
        )


def _window_log(top: Path, tip: str, *, first_parent: bool, since: int) -> list[Commit]:
    """The window's commits; read from trees alone when some file's contents are missing.

    Finding a rename of an edited file reads both versions, which a partial clone or a
    damaged repository may not have: then only unchanged moves are followed.
    """
    try:
        return read_names(top, tip, first_parent=first_parent, since=since)
    except GitError:
        return read_trees(top, tip, first_parent=first_parent, since=since)


def _cached_log(cache: Cache, key: str) -> list[Commit] | None:
    record = cache.get_many([key]).get(key)
    if record is None:
        return None
    try:
        return store.decode(record).commits
    except ValueError:
        return None  # damaged: mine again


def _scope(code: CodeMeasure) -> Scope:
    """The snapshot's production files, reported under their own paths."""
    nothing = Filters(default_excludes=False, tests=())
    return Scope("", frozenset(code.files), nothing.excluded(), None, nothing.test_paths())


def _files(code: CodeMeasure) -> list[FileHealth]:
    """The snapshot's production files as the ranking reads them: health and code lines."""
    return [
        FileHealth(SourceFile(path, "", "", Role.PRODUCTION), FileMetrics(0, lines), health)
        for path, (health, lines) in code.files.items()
    ]
