"""A content-addressed store: opaque keys (blob id + analyzer version + options) to bytes.

SQLite in WAL mode makes it safe under concurrent scans (readers never block, writers
queue behind `busy_timeout`) and under interruption (a write is one transaction, so a
killed scan leaves the previous state). A file that is not a database, or a database
SQLite reports as corrupt, is moved aside and rebuilt, with a notice.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

import platformdirs

from codevitals.errors import CacheError

ENV_DIR = "CODEVITALS_CACHE_DIR"
_FILE = "analysis-v1.sqlite3"
_BATCH = 500
_SCHEMA = "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL)"


def default_dir() -> Path:
    """`$CODEVITALS_CACHE_DIR`, else the platform's user cache folder."""
    configured = os.environ.get(ENV_DIR)
    return Path(configured) if configured else Path(platformdirs.user_cache_dir("codevitals"))


class Cache:
    """Read and write analysis records by key; a disabled cache stores nothing."""

    def __init__(self, directory: Path | None) -> None:
        self.notices: list[str] = []
        self._db: sqlite3.Connection | None = None
        if directory is not None:
            self._db = self._open(directory / _FILE)

    @property
    def enabled(self) -> bool:
        """Whether records are read and written."""
        return self._db is not None

    def get_many(self, keys: Sequence[str]) -> dict[str, bytes]:
        """The stored records for whichever of `keys` are present."""
        if self._db is None or not keys:
            return {}
        found: dict[str, bytes] = {}
        try:
            for start in range(0, len(keys), _BATCH):
                batch = keys[start : start + _BATCH]
                marks = ",".join("?" * len(batch))
                query = f"SELECT key, value FROM entries WHERE key IN ({marks})"  # noqa: S608
                found.update(self._db.execute(query, batch).fetchall())
        except sqlite3.DatabaseError as error:
            self._disable(f"cache unreadable ({error}); continuing without it")
        return found

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> None:
        """Store records; a failure to write costs speed next time, never this scan."""
        if self._db is None:
            return
        rows = list(items)
        if not rows:
            return
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", rows)
        except sqlite3.DatabaseError as error:
            self._disable(f"cache not written ({error}); continuing without it")

    def close(self) -> None:
        """Release the database."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def _open(self, path: Path) -> sqlite3.Connection | None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return _connect(path)
        except sqlite3.DatabaseError as error:
            self.notices.append(f"cache {path} was corrupt ({error}); rebuilt it")
        except OSError as error:
            self.notices.append(f"cache {path} unavailable ({error.strerror}); not caching")
            return None
        try:
            _discard(path)
            return _connect(path)
        except (sqlite3.DatabaseError, OSError) as error:
            raise CacheError(f"cannot rebuild the cache at {path}: {error}") from error

    def _disable(self, message: str) -> None:
        self.notices.append(message)
        self.close()


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA busy_timeout = 30000")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute(_SCHEMA)
        db.execute("SELECT count(*) FROM entries LIMIT 1").fetchone()
        db.isolation_level = "DEFERRED"  # back to implicit transactions for `with db:`
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db


def _discard(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
