"""Recording a scan in the scan store, and the trend the scan then shows.

Every `codevitals scan` of a git work tree records one compact row: the commit, whether the
work tree had uncommitted changes in the scanned folder, when, and the same measures a trend
snapshot has, with the health of the top hotspots and of their folders. The scan's `trend`
is then read back: the repository's recorded scans and computed snapshots of the last year,
on the first-parent line of HEAD, this scan last.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from pathlib import Path

from codevitals import git
from codevitals.errors import GitError
from codevitals.history import HistoryOptions
from codevitals.history.since import parse
from codevitals.model import Notice, Role, ScanResult
from codevitals.model.trend import Measures, PointSource, Trend
from codevitals.scan import ScanOptions
from codevitals.trend import dependencies, series
from codevitals.trend.code import CodeMeasure, settings_key
from codevitals.trend.hotspot_health import hotspot_health
from codevitals.trend.options import DEFAULT_SINCE, DEFAULT_TOP, HOTSPOTS
from codevitals.trend.store import Key, Row, ScanStore

STORE = "store"
"""The reason slug of the store's notices."""


def now() -> float:
    """The time a scan is recorded at; a seam for tests."""
    return time.time()


def history_key(options: HistoryOptions | None) -> str:
    """A digest of the history settings that change hotspot health ("" without history)."""
    if options is None:
        return ""
    described = options.describe()
    kept = ("since", "merges", "bots", "half-life-days", "hotspot-model")
    text = json.dumps({name: described[name] for name in kept}, sort_keys=True)
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def identity(store: ScanStore, top: Path, head: str) -> str:
    """The repository's identity: its root commit(s) and the path of its work tree."""
    path = str(top.resolve())
    root = _known_root(store, top, path, head) or _root(top, head)
    store.remember_root(path, head, root)
    material = f"{root}\0{path}"
    return hashlib.sha1(material.encode(), usedforsecurity=False).hexdigest()


def _known_root(store: ScanStore, top: Path, path: str, head: str) -> str | None:
    """The root remembered for the work tree, unless HEAD left the line it was found on.

    A root can only change with history that does not descend from it.
    """
    known = store.root(path)
    if known is None:
        return None
    found_at, root = known
    return root if found_at == head or _descends(top, found_at, head) else None


def _root(top: Path, head: str) -> str:
    found = git.run(top, "rev-list", "--max-parents=0", head, "--").decode("ascii").split()
    return " ".join(sorted(found))


def scope(top: Path, root: Path) -> str:
    """The scanned folder relative to the work tree's top ("" for all of it)."""
    try:
        relative = root.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative


def attach(result: ScanResult, root: Path, options: ScanOptions, store_path: Path) -> ScanResult:
    """Record the scan of `root` and give it its repository's trend; outside git, as is.

    A trend needs an earlier point: after the first recorded scan, `trend` stays None. A
    scan is never failed by its recording: a problem becomes a notice.
    """
    top = git.toplevel(root)
    if top is None or result.commit is None:
        return result
    recorded = _Recorded(result, root, top, options)
    try:
        trend, problems = recorded.save(store_path)
    except GitError as error:
        trend, problems = None, [f"scan not recorded: {error}"]
    notices = tuple(Notice("", STORE, message) for message in problems)
    return dataclasses.replace(result, trend=trend, notices=result.notices + notices)


@dataclasses.dataclass(frozen=True, slots=True)
class _Recorded:
    """A scan of a folder of a git work tree, as the store records it."""

    result: ScanResult
    root: Path
    top: Path
    options: ScanOptions

    @property
    def head(self) -> str:
        """The commit scanned (or changed, in a dirty work tree)."""
        return self.result.commit or ""

    def save(self, store_path: Path) -> tuple[Trend | None, list[str]]:
        """Write the row; the trend it now ends (None with no earlier point), and problems."""
        row = self.row(int(now()))
        with ScanStore(store_path) as store:
            identified = identity(store, self.top, self.head)
            key = Key(identified, scope(self.top, self.root), settings_key(self.options))
            store.put(key, [row])
            rows = store.rows(key)
            problems = store.notices
        found = self._trend(rows, row)
        return (found if len(found.points) > 1 else None), problems

    def row(self, moment: int) -> Row:
        """The row recording the scan."""
        result = self.result
        code = CodeMeasure.of(result)
        top = _top_hotspots(result)
        folders = {series.folder_of(path) for path in top} - {""}
        return Row(
            kind=PointSource.SCAN,
            commit=self.head,
            commit_time=_time(self.top, self.head),
            at=moment,
            measures=_measures(result, code),
            dirty=is_dirty(self.root),
            partial=result.partial,
            history_settings=history_key(self.options.history),
            tool_version=result.tool_version,
            hotspots=tuple(top),
            files={path: code.files[path][0] for path in top if path in code.files},
            folders={f: h for f in sorted(folders) if (h := code.folder_health(f)) is not None},
        )

    def _trend(self, rows: list[Row], row: Row) -> Trend:
        """The last year of `rows` on HEAD's first-parent line, ending with `row`."""
        start = int(parse(DEFAULT_SINCE).start(row.at) or 0)
        line = _line(self.top, self.head, min((r.commit_time or 0 for r in rows), default=0))
        same = (row.kind, row.commit, row.dirty)
        others = [r for r in rows if (r.kind, r.commit, r.dirty) != same]
        kept = series.recorded(others, line, start, row.at)
        history = history_key(self.options.history)
        entries = [series.from_row(r, history_settings=history) for r in [*kept, row]]
        return series.build(entries, series.Frame(row.at, start, "", DEFAULT_TOP))


def _measures(result: ScanResult, code: CodeMeasure) -> Measures:
    found = result.history
    hot = None if found is None else hotspot_health(found.hotspots, found.summary.window_commits)
    return dataclasses.replace(
        dependencies.measures(result.dependencies),
        health=code.health,
        hotspot_health=hot,
        alert_files=code.alert_files,
        duplication=code.duplication,
    )


def _top_hotspots(result: ScanResult) -> list[str]:
    ranked = result.history.hotspots if result.history is not None else ()
    return [h.path for h in ranked if h.role is Role.PRODUCTION][:HOTSPOTS]


def is_dirty(root: Path) -> bool:
    """Whether the work tree under `root` differs from HEAD: changed, staged or new files."""
    return bool(git.differs_from_head(root)) or bool(git.untracked(root))


def _line(top: Path, head: str, since: int) -> set[str]:
    """HEAD's first-parent line back to `since` (commit time)."""
    out = git.run(top, "log", "--first-parent", f"--since=@{since}", "--format=%H", head, "--")
    return {head, *out.decode("ascii").split()}


def _time(top: Path, commit: str) -> int:
    return int(git.run(top, "show", "-s", "--format=%ct", commit, "--").strip() or 0)


def _descends(top: Path, older: str, newer: str) -> bool:
    try:
        git.run(top, "merge-base", "--is-ancestor", older, newer)
    except GitError:
        return False
    return True
