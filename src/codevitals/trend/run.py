"""`codevitals trend`: sample HEAD's history, measure each snapshot, add the recorded scans.

Nothing is checked out: every snapshot's tree is read from git objects, and every blob an
earlier scan, gate or trend analysed comes from the content-addressed cache. Code measures
are cached per commit, the history the hotspots need per HEAD and day, so a second trend
the same day only reads the cache (and audits dependencies, whose data is cached too).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from codevitals import __version__, git
from codevitals.cache import Cache, default_dir
from codevitals.code.batch import announce
from codevitals.errors import UsageError
from codevitals.model import Notice, Role
from codevitals.model.trend import Measures, PointSource, Trend, TrendPoint
from codevitals.scan import Progress
from codevitals.trend import code, dependencies, hotspots, series, snapshots
from codevitals.trend.options import HOTSPOTS, TrendOptions
from codevitals.trend.record import STORE, history_key, identity
from codevitals.trend.snapshots import LineCommit, Snapshot
from codevitals.trend.store import Key, Row, ScanStore


def now() -> float:
    """The moment a trend counts back from; a seam for tests."""
    return time.time()


@dataclass(frozen=True, slots=True)
class _Range:
    """HEAD's first-parent line and the snapshots sampled from it."""

    top: Path
    head: str
    line: list[LineCommit]
    start: int
    end: int
    chosen: list[Snapshot]
    """Newest first."""
    sampled: int
    """Moments sampled, including those older than the first commit."""


def trend(root: Path, options: TrendOptions, progress: Progress | None = None) -> Trend:
    """The trend of the repository holding `root`."""
    announce(progress, "choosing snapshots")
    span = _sample(root, options)
    scan = options.scan
    cache = Cache((scan.cache_dir or default_dir()) if scan.use_cache else None)
    try:
        measured = _Measuring(span, options, cache).run(progress)
    finally:
        cache.close()
    entries, notices = _with_store(span, options, measured)
    frame = series.Frame(
        as_of=span.end,
        since=span.start,
        every=options.every.text,
        top=options.top,
        notices=tuple([*_range_notices(span), *measured.notices, *notices]),
        partial=measured.shallow,
        settings=_settings(options),
    )
    return series.build(entries, frame)


def _sample(root: Path, options: TrendOptions) -> _Range:
    top = git.toplevel(root if root.is_dir() else root.parent)
    if top is None and git.is_bare(root):
        raise UsageError(
            f"{root}: a bare repository has no work tree; run the trend in a clone of it"
        )
    if top is None:
        raise UsageError(f"{root}: not inside a git repository; a trend needs its history")
    head = git.head(top)
    if head is None:
        raise UsageError(f"{root}: no commits yet; a trend needs history")
    end = _end(options)
    line = snapshots.first_parent_line(top, head)
    since = options.since.start(end)
    start = int(since) if since is not None else min(c.time for c in line)
    sampled = snapshots.moments(end, start, options.every)
    chosen = snapshots.choose(line, sampled)
    if not chosen:
        first = min(c.time for c in line)
        raise UsageError(
            f"no commit of HEAD's first-parent line is as old as {_date(end)} "
            f"(the first is from {_date(first)}): nothing to sample"
        )
    return _Range(top, head, line, start, end, chosen, len(sampled))


def _end(options: TrendOptions) -> int:
    moment = options.now if options.now is not None else now()
    if options.until is None:
        return int(moment)
    until = options.until.start(moment)
    if until is None:
        raise UsageError("--until takes a date or a span back from now, not 'all'")
    return int(until)


@dataclass(frozen=True, slots=True)
class _Measured:
    entries: list[series.SeriesPoint]
    rows: list[Row]
    notices: list[Notice]
    shallow: bool


class _Measuring:
    """Measures every snapshot: code from the cache or a scan, hotspots, dependencies."""

    def __init__(self, span: _Range, options: TrendOptions, cache: Cache) -> None:
        self.span = span
        self.options = options
        self.cache = cache

    def run(self, progress: Progress | None) -> _Measured:
        span, options = self.span, self.options
        commits = [s.commit for s in span.chosen]
        # The log is read in the background while the snapshots' code is measured.
        source = hotspots.log_source(span.top, span.head, options.history)
        mining = hotspots.WindowLog(source, self._window_start(), options.history, self.cache)
        announce(progress, "analysing snapshots")
        found = code.measure(span.top, commits, options.scan, self.cache, progress)
        announce(progress, "reading history")
        window = mining.window()
        entries: list[series.SeriesPoint] = []
        rows: list[Row] = []
        announce(progress, "scoring snapshots")
        for snapshot in span.chosen:
            entry, row = self._measure(snapshot, found.by_commit[snapshot.commit], window)
            entries.append(entry)
            rows.append(row)
        notices = [*found.notices, *_partial_notices(span.chosen, found.by_commit)]
        if window.boundary:
            notices.append(_shallow_notice(span.line))
        return _Measured(entries, rows, notices, bool(window.boundary))

    def _window_start(self) -> int:
        oldest = min(s.at for s in self.span.chosen)
        start = self.options.history.since.start(oldest)
        return 0 if start is None else int(start)

    def _measure(
        self, snapshot: Snapshot, measured: code.CodeMeasure, window: hotspots.Window
    ) -> tuple[series.SeriesPoint, Row]:
        hot = window.at(snapshot, measured)
        audited = self._dependencies(snapshot)
        measures = Measures(
            health=measured.health,
            hotspot_health=hot.health,
            alert_files=measured.alert_files,
            duplication=measured.duplication,
            libyear=audited.libyear,
            vulnerable=audited.vulnerable,
            unknown_dependencies=audited.unknown_dependencies,
        )
        point = TrendPoint(
            at=snapshot.at,
            commit=snapshot.commit,
            commit_time=snapshot.commit_time,
            source=PointSource.SNAPSHOT,
            measures=measures,
            partial=measured.partial,
        )
        top = tuple(h.path for h in hot.ranked if h.role is Role.PRODUCTION)[:HOTSPOTS]

        def file_health(path: str) -> float | None:
            health = measured.files.get(hot.renamed.get(path, path))
            return None if health is None else health[0]

        entry = series.SeriesPoint(point, top, file_health, measured.folder_health)
        return entry, self._row(point, top, file_health, measured)

    def _dependencies(self, snapshot: Snapshot) -> Measures:
        audit = self.options.audit
        if audit is None:
            return Measures()
        filters = self.options.scan.filters
        auditor = dependencies.SnapshotAudit(self.span.top, audit, filters, self.cache)
        return auditor.at(snapshot.commit, snapshot.at)

    def _row(
        self,
        point: TrendPoint,
        top: tuple[str, ...],
        file_health: series.Lookup,
        measured: code.CodeMeasure,
    ) -> Row:
        files = {path: h for path in top if (h := file_health(path)) is not None}
        folders = {series.folder_of(path) for path in top} - {""}
        return Row(
            kind=PointSource.SNAPSHOT,
            commit=point.commit or "",
            commit_time=point.commit_time,
            at=point.at,
            measures=point.measures,
            partial=point.partial,
            history_settings=history_key(self.options.history),
            tool_version=__version__,
            hotspots=top,
            files=files,
            folders={f: h for f in sorted(folders) if (h := measured.folder_health(f)) is not None},
        )


def _with_store(
    span: _Range, options: TrendOptions, measured: _Measured
) -> tuple[list[series.SeriesPoint], list[Notice]]:
    """The snapshots plus the recorded scans; the snapshots are written to the store."""
    if options.store is None:
        return measured.entries, []
    history = history_key(options.history)
    with ScanStore(options.store) as store:
        key = Key(identity(store, span.top, span.head), "", code.settings_key(options.scan))
        rows = [row for row in store.rows(key) if row.kind is PointSource.SCAN]
        store.put(key, measured.rows)
        problems = store.notices
    line = {c.sha for c in span.line}
    scans = series.recorded(rows, line, span.start, span.end)
    entries = [series.from_row(row, history_settings=history) for row in scans]
    return measured.entries + entries, [Notice("", STORE, message) for message in problems]


def _range_notices(span: _Range) -> list[Notice]:
    found = sum(s.moments for s in span.chosen)
    missing = span.sampled - found
    if not missing:
        return []
    first = min(c.time for c in span.line)
    return [
        Notice(
            "",
            "before-first-commit",
            f"{missing} of {span.sampled} sampled moments are older than the first commit "
            f"({_date(first)}); left out",
        )
    ]


def _partial_notices(
    chosen: Sequence[Snapshot], found: dict[str, code.CodeMeasure]
) -> list[Notice]:
    return [
        Notice(
            "",
            "partial-snapshot",
            f"snapshot of {_date(s.at)} ({s.commit[:10]}) is partial: some files could not be "
            f"read in full ({found[s.commit].notices} notices when scanning it)",
        )
        for s in chosen
        if found[s.commit].partial
    ]


def _shallow_notice(line: Sequence[LineCommit]) -> Notice:
    first = min(c.time for c in line)
    return Notice(
        "",
        "shallow",
        f"shallow clone: history before {_date(first)} is missing, so snapshots stop there "
        "and hotspots near it miss older changes (`git fetch --unshallow` fetches them)",
    )


def _settings(options: TrendOptions) -> dict[str, object]:
    history = options.history
    return {
        "since": options.since.text,
        "every": options.every.text,
        "until": options.until.text if options.until is not None else None,
        "hotspots": HOTSPOTS,
        "hotspot-window": history.since.text,
        "half-life-days": history.half_life_days,
        "dependencies": options.audit is not None,
    }


def _date(moment: float) -> str:
    return dt.datetime.fromtimestamp(moment, dt.UTC).strftime("%Y-%m-%d")
