"""The history stage: mine the repository once, then run every analysis on the result."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from codevitals import git
from codevitals.cache import Cache
from codevitals.discover import Filters
from codevitals.errors import GitError
from codevitals.history import coupling, hotspots, knowledge, store
from codevitals.history.fixes import FixRules, fix_commits
from codevitals.history.functions import Edit, FunctionRanker
from codevitals.history.gitlog import Unreadable
from codevitals.history.lineage import Followed, Revision, follow
from codevitals.history.messages import read_messages
from codevitals.history.options import HistoryOptions
from codevitals.history.scope import Scope
from codevitals.model import FileHealth, Notice, Role
from codevitals.model.history import Coupling, FileKnowledge, History, HistorySummary, Hotspot

NO_HISTORY = "no-history"
SHALLOW = "shallow"
UNREAD = "missing-objects"
MISSING_BLOB = "missing-blob"
SKIPPED_SHOWN = 20
"""Changes with missing blobs named one by one; the rest are counted in one notice."""


def now() -> float:
    """The current time; a seam for tests."""
    return time.time()


@dataclass(frozen=True, slots=True)
class Outcome:
    """The history found (None when there is none to analyse) and what to tell the user."""

    history: History | None
    notices: tuple[Notice, ...] = ()
    partial: bool = False
    """Some of the history could not be read (the notices say what); a shallow history is
    partial too, as `history.shallow` says."""


@dataclass(frozen=True, slots=True)
class Inputs:
    """What the analyses need from the scan."""

    root: Path
    files: Sequence[FileHealth]
    filters: Filters
    cache: Cache
    jobs: int = 0
    """Worker processes for analysing old versions of files (0: one per CPU)."""


def analyse(inputs: Inputs, options: HistoryOptions) -> Outcome:
    """Every history analysis of the repository holding `inputs.root`."""
    top = git.toplevel(inputs.root)
    if top is None:
        return _skipped("not a git repository; history analyses skipped")
    tip = git.head(top)
    if tip is None:
        return _skipped("no commits yet; history analyses skipped")
    return analyse_at(top, tip, inputs, options)


def analyse_at(top: Path, tip: str, inputs: Inputs, options: HistoryOptions) -> Outcome:
    """Every history analysis of the repository at `top` (bare or not) up to commit `tip`.

    For scans of a commit rather than of a work tree: `inputs.root` is `top`, and the files
    are the commit's, as `scan_revision` scored them.
    """
    try:
        return _analyse(top, tip, inputs, options)
    except GitError as error:
        return dataclasses.replace(_skipped(f"history analyses skipped: {error}"), partial=True)


def _skipped(message: str) -> Outcome:
    return Outcome(None, (Notice("", NO_HISTORY, message),))


@dataclass(frozen=True, slots=True)
class Mining:
    """A repository's history, mined and followed across renames."""

    followed: Followed
    boundary: frozenset[str]
    """A shallow clone's boundary commits (empty in a full clone)."""
    parsed: int
    """Commits parsed from git by this run; the rest came from the cache."""
    unread: str = ""
    """Why file contents could not be read (`store.Mined.unread`); "" when they could."""
    skipped: tuple[Unreadable, ...] = ()
    """Changes counted without their lines: a version of the file is missing."""
    fixes: frozenset[str] = frozenset()
    """The commits that fix bugs (`fixes`): the hotspot score counts a file's prior fixes."""


def mine(top: Path, tip: str, options: HistoryOptions, cache: Cache) -> Mining:
    """Every commit reachable from `tip`: from the cache, and from git since the cached tip."""
    boundary = shallow_boundary(top)
    mined = store.mine(store.Source(top, tip, options.first_parent, boundary), cache)
    followed = follow(mined.commits, options.bots, boundary)
    fixes = fix_commits(mined.commits, read_messages(top, tip), FixRules())
    return Mining(followed, boundary, mined.new, mined.unread, mined.skipped, fixes)


def _analyse(top: Path, tip: str, inputs: Inputs, options: HistoryOptions) -> Outcome:
    mining = mine(top, tip, options, inputs.cache)
    scope = Scope.build(top, inputs.root, tip, inputs.filters)
    moment = options.now if options.now is not None else now()
    unreadable = frozenset(change.sha for change in mining.skipped)
    analyses = _Analyses(
        top, inputs, options, scope, moment, mining.fixes, not mining.unread, unreadable
    )
    history = analyses.run(mining.followed)
    shallow = bool(mining.boundary)
    notices: tuple[Notice, ...] = (_shallow_notice(len(mining.boundary)),) if shallow else ()
    if mining.unread:
        notices += (unread_notice(mining.unread),)
    notices += skipped_notices(mining.skipped)
    partial = bool(mining.unread or mining.skipped)
    return Outcome(dataclasses.replace(history, shallow=shallow), notices, partial)


def unread_notice(why: str) -> Notice:
    """What a history read without file contents lacks, and why."""
    return Notice(
        "",
        UNREAD,
        f"{why}; history has no line counts, no renames of edited files and no "
        "function-level hotspots",
    )


def skipped_notices(skipped: Sequence[Unreadable]) -> tuple[Notice, ...]:
    """One notice per change whose file version is missing (the first `SKIPPED_SHOWN`)."""
    notices = tuple(
        Notice(
            change.path,
            MISSING_BLOB,
            f"commit {change.sha[:10]}: blob {change.blob[:10]} is missing from git; this change "
            "is counted without its lines",
        )
        for change in skipped[:SKIPPED_SHOWN]
    )
    if len(skipped) > SKIPPED_SHOWN:
        more = len(skipped) - SKIPPED_SHOWN
        notices += (Notice("", MISSING_BLOB, f"{more} more changes with missing blobs"),)
    return notices


def shallow_boundary(top: Path) -> frozenset[str]:
    """The commits where a shallow clone's history is cut (none in a full clone)."""
    if git.run(top, "rev-parse", "--is-shallow-repository").strip() != b"true":
        return frozenset()
    where = git.run(top, "rev-parse", "--git-path", "shallow").decode().strip()
    try:
        return frozenset((top / where).read_text(encoding="ascii").split())
    except OSError:
        return frozenset()


def _shallow_notice(boundary: int) -> Notice:
    return Notice(
        "",
        SHALLOW,
        f"shallow clone: history stops at {boundary} boundary commit(s), so older changes, "
        "authors and renames are missing (`git fetch --unshallow` fetches them)",
    )


@dataclass(frozen=True, slots=True)
class _Analyses:
    top: Path
    inputs: Inputs
    options: HistoryOptions
    scope: Scope
    now: float
    fixes: frozenset[str]
    contents: bool = True
    """Whether old versions of files can be read (function-level hotspots need them)."""
    unreadable: frozenset[str] = frozenset()
    """Commits that changed a file whose version is missing: their diffs cannot be read (one
    diff reads every chosen path of a commit, so the commit's other files go too)."""

    def run(self, followed: Followed) -> History:
        revisions = followed.revisions
        start = self.options.since.start(self.now)
        window = [r for r in revisions if start is None or r.time >= start]
        found = knowledge.assess(revisions, self.scope, self.now, self._cutoff())
        changed = hotspots.activity(window, self.scope, self._recency())
        return History(
            as_of=int(self.now),
            window_start=None if start is None else int(start),
            summary=_summary(revisions, window, followed.bot_commits, found),
            hotspots=tuple(self._hotspots(window, changed, revisions)),
            coupling=tuple(self._coupling(window)),
            files=tuple(_with_changes(found.files, changed)),
            folders=tuple(found.folders),
            truck_factor=found.truck_factor,
            contributors=tuple(found.contributors),
            settings=self.options.describe(),
        )

    def _cutoff(self) -> float:
        cutoff = self.options.inactive_after.start(self.now)
        return float("-inf") if cutoff is None else cutoff

    def _recency(self) -> hotspots.Recency:
        return hotspots.Recency(self.now, self.options.half_life_days)

    def _hotspots(
        self,
        window: Sequence[Revision],
        changed: dict[str, hotspots.Activity],
        revisions: Sequence[Revision],
    ) -> list[Hotspot]:
        fixed = hotspots.prior_fixes(revisions, self.scope, self.fixes)
        ranked = hotspots.rank(self.inputs.files, changed, fixed)
        production = [h.path for h in ranked if h.role is Role.PRODUCTION]
        chosen = set(production[: self.options.function_files]) if self.contents else set()
        if not chosen:
            return ranked
        functions = self._ranker().rank(self._edits(window, chosen), self.inputs.files)
        return [dataclasses.replace(h, functions=functions.get(h.path, ())) for h in ranked]

    def _ranker(self) -> FunctionRanker:
        return FunctionRanker(
            self.top,
            self.inputs.cache,
            self.inputs.filters.max_file_size,
            self.inputs.jobs,
            self._recency(),
        )

    def _edits(self, window: Sequence[Revision], chosen: set[str]) -> list[Edit]:
        return [
            Edit(path, r.sha, r.parent, r.time, r.author, touch.name, touch.old_name)
            for r in window
            for touch in r.touches
            if r.sha not in self.unreadable and (path := self.scope.local(touch.path)) in chosen
        ]

    def _coupling(self, window: Sequence[Revision]) -> list[Coupling]:
        options = self.options.coupling
        sets = coupling.change_sets(window, options.group_seconds)
        return coupling.couple(sets, self.scope, options)


def _with_changes(
    files: Sequence[FileKnowledge], changed: dict[str, hotspots.Activity]
) -> list[FileKnowledge]:
    """Each file's knowledge with how often it changed in the window."""
    return [
        dataclasses.replace(item, window_changes=seen.changes)
        if (seen := changed.get(item.path))
        else item
        for item in files
    ]


def _summary(
    revisions: Sequence[Revision],
    window: Sequence[Revision],
    bot_commits: int,
    found: knowledge.Knowledge,
) -> HistorySummary:
    times = [r.time for r in revisions]
    return HistorySummary(
        commits=len(revisions),
        window_commits=len(window),
        bot_commits=bot_commits,
        authors=len(found.contributors),
        active_authors=sum(1 for c in found.contributors if c.active),
        first_commit=min(times, default=None),
        last_commit=max(times, default=None),
    )
