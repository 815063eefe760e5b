"""The SQLite cache: round trips, corruption, concurrent writers and interrupted writes."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import threading
from pathlib import Path

import pytest

from codevitals.cache import Cache, default_dir

WRITERS = 2
needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs the fork start method"
)
ROWS_PER_BATCH = 50
BATCHES = 10


def _db_file(directory: Path) -> Path:
    """The one database file a cache keeps in its folder."""
    (found,) = (p for p in directory.iterdir() if p.suffix == ".sqlite3")
    return found


def _filled(directory: Path, items: dict[str, bytes]) -> Path:
    cache = Cache(directory)
    cache.put_many(items.items())
    cache.close()
    return _db_file(directory)


def test_round_trip(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c")
    cache.put_many([("a", b"\x00\x01 first"), ("b", b"second")])
    assert cache.get_many(["a", "b"]) == {"a": b"\x00\x01 first", "b": b"second"}
    cache.close()

    reopened = Cache(tmp_path / "c")
    assert reopened.get_many(["b", "a"]) == {"a": b"\x00\x01 first", "b": b"second"}
    assert reopened.notices == []
    reopened.close()


def test_later_writes_replace_earlier_ones(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put_many([("k", b"old")])
    cache.put_many([("k", b"new")])
    assert cache.get_many(["k"]) == {"k": b"new"}
    cache.close()


def test_missing_keys_are_left_out(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put_many([("present", b"1")])
    assert cache.get_many(["absent", "present", "also-absent"]) == {"present": b"1"}
    assert cache.get_many([]) == {}
    cache.close()


def test_lookups_larger_than_one_sql_batch(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    items = {f"key-{i}": str(i).encode() for i in range(1234)}
    cache.put_many(items.items())
    assert cache.get_many([*items, "nope"]) == items
    cache.close()


def test_disabled_cache_stores_nothing(tmp_path: Path) -> None:
    cache = Cache(None)
    assert not cache.enabled
    cache.put_many([("a", b"1")])
    assert cache.get_many(["a"]) == {}
    assert cache.notices == []
    cache.close()
    assert list(tmp_path.iterdir()) == []


def test_default_dir_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CODEVITALS_CACHE_DIR", str(tmp_path / "here"))
    assert default_dir() == tmp_path / "here"
    monkeypatch.delenv("CODEVITALS_CACHE_DIR")
    assert default_dir() != tmp_path / "here"
    assert "codevitals" in str(default_dir())


def test_garbage_file_is_rebuilt_with_a_notice(tmp_path: Path) -> None:
    db = _filled(tmp_path, {"a": b"1"})
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.write_bytes(b"this is not an SQLite database\n" * 200)

    cache = Cache(tmp_path)
    assert cache.enabled
    assert len(cache.notices) == 1
    assert "corrupt" in cache.notices[0]
    assert str(db) in cache.notices[0]
    assert cache.get_many(["a"]) == {}  # the old contents are gone…
    cache.put_many([("b", b"2")])  # …and the new database works
    cache.close()

    reopened = Cache(tmp_path)
    assert reopened.get_many(["b"]) == {"b": b"2"}
    assert reopened.notices == []
    reopened.close()


def test_corrupt_pages_found_after_opening_are_rebuilt(tmp_path: Path) -> None:
    # A valid header with damaged data pages opens fine; the damage shows on the first read.
    db = _filled(tmp_path, {f"k{i}": os.urandom(100) for i in range(3000)})
    with db.open("r+b") as handle:
        handle.seek(20 * 4096)
        handle.write(b"\xff" * 4096)

    cache = Cache(tmp_path)
    cache.get_many([f"k{i}" for i in range(3000)])
    assert any("corrupt" in notice for notice in cache.notices), cache.notices
    cache.put_many([("fresh", b"1")])
    cache.close()

    # The next run finds a healthy cache instead of tripping over the same damage again.
    reopened = Cache(tmp_path)
    assert reopened.get_many(["fresh"]) == {"fresh": b"1"}
    assert reopened.notices == []
    reopened.close()


def test_a_path_that_cannot_be_a_database_disables_caching(tmp_path: Path) -> None:
    # Not corruption: nothing to rebuild, and certainly nothing to delete. The scan goes on.
    _filled(tmp_path / "probe", {})
    name = _db_file(tmp_path / "probe").name
    (tmp_path / "c" / name).mkdir(parents=True)
    (tmp_path / "c" / name / "keep.txt").write_text("mine")

    cache = Cache(tmp_path / "c")
    assert not cache.enabled
    assert len(cache.notices) == 1
    assert "not caching" in cache.notices[0]
    assert cache.get_many(["a"]) == {}
    cache.put_many([("a", b"1")])
    cache.close()
    assert (tmp_path / "c" / name / "keep.txt").read_text() == "mine"


def test_a_folder_that_is_a_file_disables_caching(tmp_path: Path) -> None:
    (tmp_path / "c").write_text("not a folder")
    cache = Cache(tmp_path / "c")
    assert not cache.enabled
    assert "not caching" in cache.notices[0]
    assert (tmp_path / "c").read_text() == "not a folder"


def _writer(directory: str, writer: int, start: multiprocessing.synchronize.Event) -> None:
    start.wait(10)
    cache = Cache(Path(directory))
    for batch in range(BATCHES):
        cache.put_many(
            (f"{writer}-{batch}-{row}", f"{writer}:{batch}:{row}".encode())
            for row in range(ROWS_PER_BATCH)
        )
    notices = cache.notices
    cache.close()
    if notices:  # a notice means a write was dropped or the database was discarded
        raise SystemExit(f"writer {writer}: {notices}")


@needs_fork
def test_concurrent_writers_from_two_processes(tmp_path: Path) -> None:
    # Both open a database that does not exist yet, so they also race to create it.
    context = multiprocessing.get_context("fork")
    for attempt in range(20):
        directory = tmp_path / f"attempt-{attempt}"
        start = context.Event()
        workers = [
            context.Process(target=_writer, args=(str(directory), n, start)) for n in range(WRITERS)
        ]
        for worker in workers:
            worker.start()
        start.set()
        for worker in workers:
            worker.join(60)
        assert [worker.exitcode for worker in workers] == [0] * WRITERS

        cache = Cache(directory)
        expected = {
            f"{w}-{b}-{r}": f"{w}:{b}:{r}".encode()
            for w in range(WRITERS)
            for b in range(BATCHES)
            for r in range(ROWS_PER_BATCH)
        }
        assert cache.get_many(list(expected)) == expected
        assert cache.notices == []
        cache.close()


def test_opening_waits_for_a_database_another_process_is_creating(tmp_path: Path) -> None:
    # The state a second scan meets while the first is still creating the cache: the file is
    # not in WAL mode yet and the other connection is writing to it. Switching to WAL then
    # reports "locked" at once (SQLite does not wait there); that must be waited out, never
    # mistaken for corruption and deleted.
    _filled(tmp_path / "probe", {})
    db = tmp_path / "c" / _db_file(tmp_path / "probe").name
    db.parent.mkdir()
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO entries VALUES ('theirs', X'01')")
    release = threading.Timer(0.3, other.execute, ["COMMIT"])
    release.start()
    try:
        cache = Cache(db.parent)
    finally:
        release.join()
        other.close()
    assert cache.notices == []
    assert cache.get_many(["theirs"]) == {"theirs": b"\x01"}
    cache.close()


def _killed_mid_transaction(db: str) -> None:
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        "INSERT OR REPLACE INTO entries VALUES (?, ?)",
        [(f"lost-{i}", b"x" * 1000) for i in range(2000)],
    )
    connection.execute("INSERT OR REPLACE INTO entries VALUES ('kept', X'00')")
    os.kill(os.getpid(), signal.SIGKILL)


@needs_fork
def test_a_process_killed_mid_write_leaves_the_cache_usable(tmp_path: Path) -> None:
    db = _filled(tmp_path, {"kept": b"before"})
    child = multiprocessing.get_context("fork").Process(
        target=_killed_mid_transaction, args=(str(db),)
    )
    child.start()
    child.join(30)
    assert child.exitcode == -signal.SIGKILL

    cache = Cache(tmp_path)
    assert cache.notices == []
    assert cache.get_many(["kept", "lost-0", "lost-1999"]) == {"kept": b"before"}
    cache.put_many([("after", b"1")])
    assert cache.get_many(["after"]) == {"after": b"1"}
    cache.close()


def test_a_failed_write_is_rolled_back_whole(tmp_path: Path) -> None:
    _filled(tmp_path, {"kept": b"before"})
    cache = Cache(tmp_path)
    # The third row breaks the NOT NULL constraint after two rows were written.
    rows: list[tuple[str, bytes]] = [("kept", b"after"), ("new", b"1"), ("bad", None)]  # type: ignore[list-item]
    cache.put_many(rows)
    assert len(cache.notices) == 1
    assert "not written" in cache.notices[0]
    cache.close()

    reopened = Cache(tmp_path)
    assert reopened.get_many(["kept", "new", "bad"]) == {"kept": b"before"}
    reopened.put_many([("new", b"2")])
    assert reopened.get_many(["new"]) == {"new": b"2"}
    reopened.close()
