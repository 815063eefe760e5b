"""The scan store: one row per recorded scan and per computed snapshot, in SQLite.

Rows are keyed by repository identity (its root commit and the path of its work tree), the
scanned folder within it, the code settings (a digest: scores under other thresholds are not
comparable), the kind (scan or snapshot), the commit and whether the work tree was dirty.
Writing a row with the same key replaces it: the store keeps the latest clean scan of each
commit, the latest scan of uncommitted work on top of it, and the latest snapshot of it.

Safe under concurrent writers and interruption: WAL mode, a busy timeout, one transaction
per write (all of a trend's snapshots are one). A file that is not a database, or that SQLite
reports corrupt, is deleted and rebuilt with a notice: snapshots can be computed again from
git (`codevitals trend`), but recorded scans of uncommitted work are lost. Any other failure
(locked for too long, a folder that cannot be written) stops recording for this run, with a
notice, and never fails the command.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from codevitals import cache
from codevitals.model.trend import Measures, PointSource

FILE = "trend-v1.sqlite3"
"""The store's file name in the cache folder (the default location)."""
_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS points (
        repository TEXT NOT NULL, scope TEXT NOT NULL, settings TEXT NOT NULL,
        kind TEXT NOT NULL, commit_id TEXT NOT NULL, dirty INTEGER NOT NULL,
        at INTEGER NOT NULL, payload TEXT NOT NULL,
        PRIMARY KEY (repository, scope, settings, kind, commit_id, dirty)
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS roots (
        path TEXT PRIMARY KEY, head TEXT NOT NULL, root TEXT NOT NULL
    )""",
)
_PROBE = "SELECT count(*) FROM points LIMIT 1"
_LOST = (
    "snapshots are computed again by `codevitals trend`; recorded scans of uncommitted work "
    "are lost"
)


@dataclass(frozen=True, slots=True)
class Key:
    """Which rows belong together: one repository, one scanned folder, one set of settings."""

    repository: str
    scope: str
    """The scanned folder relative to the work tree's top ("" for all of it)."""
    settings: str
    """Digest of the code settings (see `code.settings_key`)."""


@dataclass(frozen=True, slots=True)
class Row:
    """A recorded scan or a computed snapshot."""

    kind: PointSource
    commit: str
    commit_time: int | None
    at: int
    """When it was measured: the scan's time, or the snapshot's sampled moment."""
    measures: Measures
    dirty: bool = False
    partial: bool = False
    history_settings: str = ""
    """Digest of the history settings behind `hotspot_health` (see `record.history_key`)."""
    tool_version: str = ""
    hotspots: tuple[str, ...] = ()
    """The top production hotspots at this point, first first."""
    files: dict[str, float] = field(default_factory=dict)
    """Health of the files of interest (top hotspots), by path at this point."""
    folders: dict[str, float] = field(default_factory=dict)
    """Production health of the folders holding them."""

    def payload(self) -> str:
        """Everything but the key, as JSON."""
        return json.dumps(
            {
                "commit_time": self.commit_time,
                "measures": asdict(self.measures),
                "partial": self.partial,
                "history_settings": self.history_settings,
                "tool_version": self.tool_version,
                "hotspots": list(self.hotspots),
                "files": self.files,
                "folders": self.folders,
            },
            separators=(",", ":"),
        )


class ScanStore:
    """Reads and writes rows; `notices` collects one line per problem, naming the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notices: list[str] = []
        self._db = self._open()

    def __enter__(self) -> ScanStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def put(self, key: Key, rows: Sequence[Row]) -> None:
        """Write rows in one transaction, replacing rows with the same key."""
        records = [
            (key.repository, key.scope, key.settings, row.kind.value, row.commit,
             int(row.dirty), row.at, row.payload())
            for row in rows
        ]  # fmt: skip
        self._write("INSERT OR REPLACE INTO points VALUES (?, ?, ?, ?, ?, ?, ?, ?)", records)

    def rows(self, key: Key) -> list[Row]:
        """Every row stored under `key`, oldest first; rows that cannot be read are skipped."""
        query = (
            "SELECT kind, commit_id, dirty, at, payload FROM points "
            "WHERE repository = ? AND scope = ? AND settings = ? ORDER BY at"
        )
        found = self._read(query, (key.repository, key.scope, key.settings))
        return [row for row in (_row(*record) for record in found) if row is not None]

    def root(self, path: str) -> tuple[str, str] | None:
        """The (head, root commit) recorded for a work tree, if any."""
        found = self._read("SELECT head, root FROM roots WHERE path = ?", (path,))
        return (str(found[0][0]), str(found[0][1])) if found else None

    def remember_root(self, path: str, head: str, root: str) -> None:
        """Record a work tree's root commit, as found at `head`."""
        self._write("INSERT OR REPLACE INTO roots VALUES (?, ?, ?)", [(path, head, root)])

    def close(self) -> None:
        """Release the database."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def _open(self) -> sqlite3.Connection | None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return cache.connect(self.path, _SCHEMA, _PROBE)
        except sqlite3.DatabaseError as error:
            if cache.is_corrupt(error):
                return self._rebuild(error)
            self.notices.append(f"{self.path} unavailable ({error}); scans not recorded")
        except OSError as error:
            self.notices.append(
                f"{self.path} unavailable ({error.strerror or error}); scans not recorded"
            )
        return None

    def _rebuild(self, error: sqlite3.DatabaseError) -> sqlite3.Connection | None:
        self.notices.append(f"{self.path} was corrupt ({error}); rebuilt it: {_LOST}")
        try:
            cache.discard(self.path)
            return cache.connect(self.path, _SCHEMA, _PROBE)
        except (sqlite3.DatabaseError, OSError) as again:
            self.notices.append(f"{self.path} could not be rebuilt ({again}); scans not recorded")
            return None

    def _read(self, query: str, parameters: tuple[str, ...]) -> list[tuple[Any, ...]]:
        if self._db is None:
            return []
        try:
            return self._db.execute(query, parameters).fetchall()
        except sqlite3.DatabaseError as error:
            self._fail(error, f"{self.path} unreadable ({error}); recorded scans left out")
            return []

    def _write(self, statement: str, records: Sequence[tuple[Any, ...]]) -> None:
        if self._db is None or not records:
            return
        try:
            with self._db:
                self._db.executemany(statement, records)
        except sqlite3.DatabaseError as error:
            self._fail(error, f"{self.path} not written ({error}); scans not recorded")

    def _fail(self, error: sqlite3.DatabaseError, message: str) -> None:
        """Rebuild a store found corrupt in use; otherwise stop using it for this run."""
        self.close()
        if cache.is_corrupt(error):
            self._db = self._rebuild(error)
        else:
            self.notices.append(message)


def _row(kind: str, commit: str, dirty: int, at: int, payload: str) -> Row | None:
    """A row from its columns; None for one this version cannot read."""
    try:
        data = json.loads(payload)
        return Row(
            kind=PointSource(kind),
            commit=commit,
            commit_time=data["commit_time"],
            at=int(at),
            measures=Measures(**data["measures"]),
            dirty=bool(dirty),
            partial=bool(data["partial"]),
            history_settings=str(data["history_settings"]),
            tool_version=str(data["tool_version"]),
            hotspots=tuple(str(path) for path in data["hotspots"]),
            files={str(k): float(v) for k, v in data["files"].items()},
            folders={str(k): float(v) for k, v in data["folders"].items()},
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
