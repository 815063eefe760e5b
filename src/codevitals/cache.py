"""A content-addressed store: opaque keys (blob id + analyzer version + options) to bytes.

SQLite in WAL mode makes it safe under concurrent scans (readers never block, writers
queue behind `busy_timeout`) and under interruption (a write is one transaction, so a
killed scan leaves the previous state). A file that is not a database, or a database
SQLite reports as corrupt (when opened or later), is deleted and rebuilt, with a notice.
Any other failure (locked for too long, a path that cannot be opened) only turns caching
off for this run, with a notice: it is never taken for corruption, so another scan's
cache is never deleted because it was busy.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

ENV_DIR = "CODEVITALS_CACHE_DIR"
_FILE = "analysis-v1.sqlite3"
_BATCH = 500
_SCHEMA = "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL)"
_WAIT_SECONDS = 30.0
"""How long to wait for another scan's lock before giving up on the cache for this run."""
_CORRUPT = frozenset({11, 26})
"""SQLITE_CORRUPT and SQLITE_NOTADB: the only errors that justify deleting the file."""
_BUSY = frozenset({5, 6})
"""SQLITE_BUSY and SQLITE_LOCKED: another connection holds a lock."""


def default_dir() -> Path:
    """`$CODEVITALS_CACHE_DIR`, else the platform's user cache folder."""
    configured = os.environ.get(ENV_DIR)
    if configured:
        return Path(configured)
    # Imported only here: a run given its cache folder need not load it.
    import platformdirs  # noqa: PLC0415

    return Path(platformdirs.user_cache_dir("codevitals"))


class Cache:
    """Read and write analysis records by key; a disabled cache stores nothing.

    `notices` collects one line per problem met, each naming the database file.
    """

    def __init__(self, directory: Path | None) -> None:
        self.notices: list[str] = []
        self._db: sqlite3.Connection | None = None
        self._path = Path()
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
            self._fail(error, f"{self._path} unreadable ({error}); continuing without it")
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
            self._fail(error, f"{self._path} not written ({error}); continuing without it")

    def close(self) -> None:
        """Release the database."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def _open(self, path: Path) -> sqlite3.Connection | None:
        self._path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return _connect(path)
        except sqlite3.DatabaseError as error:
            if is_corrupt(error):
                return self._rebuild(error)
            self.notices.append(f"{path} unavailable ({error}); not caching")
        except OSError as error:
            self.notices.append(f"{path} unavailable ({error.strerror or error}); not caching")
        return None

    def _rebuild(self, error: sqlite3.DatabaseError) -> sqlite3.Connection | None:
        path = self._path
        self.notices.append(f"{path} was corrupt ({error}); rebuilt it")
        try:
            discard(path)
            return _connect(path)
        except (sqlite3.DatabaseError, OSError) as again:
            self.notices.append(f"{path} could not be rebuilt ({again}); not caching")
            return None

    def _fail(self, error: sqlite3.DatabaseError, message: str) -> None:
        """Rebuild a database found corrupt in use; otherwise stop using it for this run."""
        self.close()
        if is_corrupt(error):
            self._db = self._rebuild(error)
        else:
            self.notices.append(message)


def _connect(path: Path) -> sqlite3.Connection:
    return connect(path, [_SCHEMA], "SELECT count(*) FROM entries LIMIT 1")


def connect(path: Path, schema: Sequence[str], probe: str) -> sqlite3.Connection:
    """Open a database for concurrent writers and create its tables.

    WAL mode and a busy timeout let processes share it; `probe` is a query that reads the
    tables, so that a file that is not a database (or is corrupt) fails here. Errors are
    sqlite3's: `is_corrupt` tells which of them justify deleting the file (`discard`).
    """
    db = sqlite3.connect(path, timeout=_WAIT_SECONDS, isolation_level=None, check_same_thread=False)
    try:
        db.execute(f"PRAGMA busy_timeout = {int(_WAIT_SECONDS * 1000)}")
        # Switching to WAL can fail with "locked" at once, without waiting, while another
        # process is creating the same database: wait for it here instead.
        _patiently(db, "PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        for statement in schema:
            _patiently(db, statement)
        db.execute(probe).fetchone()
        db.isolation_level = "DEFERRED"  # back to implicit transactions for `with db:`
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db


def _patiently(db: sqlite3.Connection, statement: str) -> None:
    """Run `statement`, retrying while another connection holds a lock."""
    deadline = time.monotonic() + _WAIT_SECONDS
    pause = 0.005
    while True:
        try:
            db.execute(statement).fetchall()
        except sqlite3.OperationalError as error:
            if _code(error) not in _BUSY or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.1)
        else:
            return


def _code(error: sqlite3.Error) -> int:
    """The primary SQLite result code of an error (extended codes carry it in the low byte)."""
    code: int | None = getattr(error, "sqlite_errorcode", None)
    return -1 if code is None else code & 0xFF


def is_corrupt(error: sqlite3.Error) -> bool:
    """Whether SQLite reports the database file corrupt or not a database at all."""
    return _code(error) in _CORRUPT


def discard(path: Path) -> None:
    """Delete a database file with its write-ahead log and shared-memory index."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
