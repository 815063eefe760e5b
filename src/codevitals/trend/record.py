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
from codevitals.model.trend import PointSource, Trend
from codevitals.scan import ScanOptions
from codevitals.trend import dependencies, series
from codevitals.trend.code import CodeMeasure, settings_key
from codevitals.trend.hotspots import hotspot_health
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
    kept = ("since", "merges", "bots", "half-life-days", "hotspot-factor")
    text = json.dumps({name: described[name] for name in kept}, sort_keys=True)
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def identity(store: ScanStore, top: Path, head: str) -> str:
    """The repository's identity: its root commit(s) and the path of its work tree.

    The root is remembered per work tree and looked up again only when HEAD moved to a
    commit that does not descend from the one it was found at.
    """
    path = str(top.resolve())
    known = store.root(path)
    if known is not None and (known[0] == head or _descends(top, known[0], head)):
        root = known[1]
    else:
        found = git.run(top, "rev-list", "--max-parents=0", head, "--").decode("ascii").split()
        root = " ".join(sorted(found))
    store.remember_root(path, head, root)
    material = f"{root}\0{path}"
    return hashlib.sha1(material.encode(), usedforsecurity=False).hexdigest()


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
    try:
        trend, problems = _record(result, root, options, store_path, top)
    except GitError as error:
        trend, problems = None, [f"scan not recorded: {error}"]
    notices = tuple(Notice("", STORE, message) for message in problems)
    return dataclasses.replace(result, trend=trend, notices=result.notices + notices)


def _record(
    result: ScanResult, root: Path, options: ScanOptions, store_path: Path, top: Path
) -> tuple[Trend | None, list[str]]:
    head = result.commit or ""
    row = scan_row(result, options, int(now()), dirty=is_dirty(root), commit_time=_time(top, head))
    with ScanStore(store_path) as store:
        key = Key(identity(store, top, head), scope(top, root), settings_key(options))
        store.put(key, [row])
        rows = store.rows(key)
        problems = store.notices
    found = _trend(top, head, rows, row, history_key(options.history))
    return (found if len(found.points) > 1 else None), problems


def scan_row(
    result: ScanResult, options: ScanOptions, moment: int, *, dirty: bool, commit_time: int
) -> Row:
    """The row recording a scan."""
    code = CodeMeasure.of(result)
    found = result.history
    ranked = found.hotspots if found is not None else ()
    hot = hotspot_health(ranked, found.summary.window_commits) if found is not None else None
    audit = dependencies.measures(result.dependencies)
    top = [h.path for h in ranked if h.role is Role.PRODUCTION][:HOTSPOTS]
    folders = {series.folder_of(path) for path in top} - {""}
    return Row(
        kind=PointSource.SCAN,
        commit=result.commit or "",
        commit_time=commit_time,
        at=moment,
        measures=dataclasses.replace(
            audit,
            health=code.health,
            hotspot_health=hot,
            alert_files=code.alert_files,
            duplication=code.duplication,
        ),
        dirty=dirty,
        partial=result.partial,
        history_settings=history_key(options.history),
        tool_version=result.tool_version,
        hotspots=tuple(top),
        files={path: code.files[path][0] for path in top if path in code.files},
        folders={f: h for f in sorted(folders) if (h := code.folder_health(f)) is not None},
    )


def is_dirty(root: Path) -> bool:
    """Whether the work tree under `root` differs from HEAD: changed, staged or new files."""
    staged = git.run(root, "diff-index", "--cached", "--name-only", "--relative", "-z", "HEAD")
    return bool(staged) or bool(git.changed(root)) or bool(git.untracked(root))


def _trend(top: Path, head: str, rows: list[Row], row: Row, hist: str) -> Trend:
    """The last year of `rows` on HEAD's first-parent line, ending with `row`."""
    start = int(parse(DEFAULT_SINCE).start(row.at) or 0)
    oldest = min((r.commit_time or 0 for r in rows), default=0)
    line = _line(top, head, oldest)
    others = [r for r in rows if (r.kind, r.commit, r.dirty) != (row.kind, row.commit, row.dirty)]
    kept = series.recorded(others, line, start, row.at)
    entries = [series.from_row(r, history_settings=hist) for r in [*kept, row]]
    return series.build(entries, series.Frame(row.at, start, "", DEFAULT_TOP))


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
