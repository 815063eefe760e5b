"""The scan store: rows replace rows with the same key, concurrent writers, corruption."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from pathlib import Path

from codevitals.model.trend import Measures, PointSource
from codevitals.trend.store import Key, Row, ScanStore

KEY = Key("repo-id", "", "settings")


def _row(commit: str, at: int, *, dirty: bool = False, health: float = 7.5) -> Row:
    return Row(
        kind=PointSource.SCAN,
        commit=commit,
        commit_time=at - 60,
        at=at,
        measures=Measures(health=health, alert_files=1, duplication=2.5),
        dirty=dirty,
        hotspots=("src/a.py",),
        files={"src/a.py": 4.25},
        folders={"src": 6.5},
    )


def test_rows_come_back_oldest_first_with_everything_they_hold(tmp_path: Path) -> None:
    with ScanStore(tmp_path / "store.sqlite3") as store:
        store.put(KEY, [_row("b", 200), _row("a", 100)])
        assert store.rows(KEY) == [_row("a", 100), _row("b", 200)]
        assert store.rows(Key("repo-id", "src", "settings")) == []
        assert store.rows(Key("repo-id", "", "other settings")) == []
        assert store.notices == []


def test_a_commit_keeps_its_latest_clean_and_latest_dirty_scan(tmp_path: Path) -> None:
    with ScanStore(tmp_path / "store.sqlite3") as store:
        store.put(KEY, [_row("a", 100, health=5.0)])
        store.put(KEY, [_row("a", 150, dirty=True, health=6.0)])
        store.put(KEY, [_row("a", 200, health=7.0)])
        store.put(KEY, [_row("a", 250, dirty=True, health=8.0)])
        kept = [(r.at, r.dirty, r.measures.health) for r in store.rows(KEY)]
    assert kept == [(200, False, 7.0), (250, True, 8.0)]


def _write_many(path: str, writer: int) -> None:
    with ScanStore(Path(path)) as store:
        for index in range(40):
            store.put(KEY, [_row(f"{writer}-{index}", 1000 * writer + index)])
        assert store.notices == []


def test_two_processes_write_at_once_and_nothing_is_lost(tmp_path: Path) -> None:
    path = str(tmp_path / "store.sqlite3")
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_write_many, args=(path, n)) for n in (1, 2)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)
    assert [w.exitcode for w in writers] == [0, 0]
    with ScanStore(Path(path)) as store:
        commits = {row.commit for row in store.rows(KEY)}
    assert commits == {f"{w}-{i}" for w in (1, 2) for i in range(40)}


def test_a_corrupt_store_is_rebuilt_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    path.write_bytes(b"this is not a database, it was damaged" * 100)
    with ScanStore(path) as store:
        assert len(store.notices) == 1
        assert "was corrupt" in store.notices[0]
        assert "recorded scans of uncommitted work are lost" in store.notices[0]
        store.put(KEY, [_row("a", 100)])
        assert [r.commit for r in store.rows(KEY)] == ["a"]


def test_a_store_that_cannot_be_opened_is_a_notice(tmp_path: Path) -> None:
    folder = tmp_path / "store.sqlite3"
    folder.mkdir()
    with ScanStore(folder) as store:
        store.put(KEY, [_row("a", 100)])
        assert store.rows(KEY) == []
        assert "unavailable" in store.notices[0]


def test_rows_this_version_cannot_read_are_left_out(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    with ScanStore(path) as store:
        store.put(KEY, [_row("a", 100), _row("b", 200)])
    with sqlite3.connect(path) as db:
        db.execute("UPDATE points SET payload = '{\"from\": \"the future\"}' WHERE commit_id = 'a'")
    with ScanStore(path) as store:
        assert [r.commit for r in store.rows(KEY)] == ["b"]


def _killed_mid_write(path: str) -> None:
    db = sqlite3.connect(path)
    db.execute("BEGIN IMMEDIATE")
    db.execute("DELETE FROM points")
    db.execute("INSERT INTO points VALUES ('x', '', 's', 'scan', 'half', 0, 1, '{}')")
    os._exit(1)  # killed before the transaction commits


def test_a_writer_killed_mid_transaction_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    with ScanStore(path) as store:
        store.put(KEY, [_row("a", 100)])
    spawn = multiprocessing.get_context("spawn")
    writer = spawn.Process(target=_killed_mid_write, args=(str(path),))
    writer.start()
    writer.join(timeout=120)
    assert writer.exitcode == 1
    with ScanStore(path) as store:
        assert [r.commit for r in store.rows(KEY)] == ["a"]
        assert store.notices == []
