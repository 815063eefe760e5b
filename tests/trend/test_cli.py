"""`codevitals trend` and the scan store as a user meets them: output, recording, options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from codevitals.history import analysis
from codevitals.trend import record
from tests.conftest import Repo, run_cli
from tests.gold import compare
from tests.schemas import validator
from tests.trend.helpers import NOW, UNTIL, shop

DAY = 86_400


@pytest.fixture
def commits(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setattr(analysis, "now", lambda: NOW)
    monkeypatch.setattr(record, "now", lambda: NOW)
    return shop(repo)


def trend(repo: Repo, *args: str) -> dict[str, object]:
    result = run_cli("trend", str(repo.root), "--until", UNTIL, "--since", "6m", "--no-deps",
                     "-f", "json", "-q", *args)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


def scan(repo: Repo, *args: str) -> dict[str, object]:
    result = run_cli("scan", str(repo.root), "--no-deps", "-f", "json", "-q", *args)
    assert result.exit_code == 0, result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


def test_terminal_trend_matches_gold(commits: list[str], repo: Repo) -> None:
    result = run_cli("trend", str(repo.root), "--until", UNTIL, "--since", "6m", "--no-deps")
    assert result.exit_code == 0, result.stderr
    assert "2 of 7 sampled moments are older than the first commit" in result.stderr
    compare(result.stdout, "trend.terminal.txt")
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_json_trend_matches_gold_and_schema(commits: list[str], repo: Repo) -> None:
    document = trend(repo)
    validator("trend.schema.json").validate(document)
    compare(json.dumps(document, indent=1, ensure_ascii=False) + "\n", "trend.json")


def test_a_second_scan_shows_the_trend_of_the_recorded_scans(
    commits: list[str], repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = scan(repo)
    assert "trend" not in first  # one point is no trend yet
    repo.write("src/app/util.py", "def identity(value):\n    return value\n\n\nx = 1\n")
    monkeypatch.setattr(record, "now", lambda: NOW + DAY)
    second = scan(repo)
    validator("scan.schema.json").validate(second)
    found = second["trend"]
    assert isinstance(found, dict)
    points = found["points"]
    assert [(p["source"], p["commit"], p["dirty"]) for p in points] == [
        ("scan", commits[-1], False),
        ("scan", commits[-1], True),
    ]
    assert [p["alert_files"] for p in points] == [1, 1]
    # Every production file is a hotspot; util.py, healthy, grew by a line in the work tree.
    assert [p["hotspot_health"] for p in points] == [1.67, 1.74]
    terminal = run_cli("scan", str(repo.root), "--no-deps", "-q")
    assert "Trend  2023-06-02 → 2024-06-02: 2 recorded scans" in terminal.stdout


def test_trend_adds_recorded_scans_of_uncommitted_work_and_drops_repeated_commits(
    commits: list[str], repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(record, "now", lambda: NOW - 10 * DAY)
    scan(repo)  # a clean scan of the last commit: the same measurement as its snapshot
    repo.write("src/app/util.py", "def identity(value):\n    return value\n\n\nx = 1\n")
    monkeypatch.setattr(record, "now", lambda: NOW - 5 * DAY)
    scan(repo)
    points = trend(repo)["points"]
    assert isinstance(points, list)
    assert [(p["source"], p["at"][:10], p["dirty"]) for p in points] == [
        ("snapshot", "2024-02-01", False),
        ("snapshot", "2024-03-01", False),
        ("snapshot", "2024-04-01", False),
        ("snapshot", "2024-05-01", False),
        ("scan", "2024-05-27", True),
        ("snapshot", "2024-06-01", False),
    ]


def test_scans_under_other_settings_are_not_mixed_in(commits: list[str], repo: Repo) -> None:
    scan(repo, "--threshold", "cognitive-complexity=5")
    repo.write("src/app/util.py", "x = 1\n")
    scan(repo, "--threshold", "cognitive-complexity=5")
    points = trend(repo)["points"]
    assert isinstance(points, list)
    assert {p["source"] for p in points} == {"snapshot"}


def test_no_store_records_nothing_and_store_chooses_the_file(
    commits: list[str], repo: Repo, isolated_cache: Path, tmp_path: Path
) -> None:
    default = isolated_cache / "trend-v1.sqlite3"
    scan(repo, "--no-store")
    assert not default.exists()
    chosen = tmp_path / "elsewhere" / "scans.sqlite3"
    scan(repo, "--store", str(chosen))
    assert chosen.is_file()
    assert not default.exists()
    scan(repo)
    assert default.is_file()


def test_a_folder_outside_git_is_scanned_without_recording(
    folder: Repo, isolated_cache: Path
) -> None:
    folder.write("app.py", "x = 1\n")
    result = run_cli("scan", str(folder.root), "--no-deps", "-q")
    assert result.exit_code == 0, result.stderr
    assert not (isolated_cache / "trend-v1.sqlite3").exists()


def test_a_corrupt_store_is_rebuilt_and_the_scan_goes_on(
    commits: list[str], repo: Repo, isolated_cache: Path
) -> None:
    isolated_cache.mkdir(parents=True, exist_ok=True)
    (isolated_cache / "trend-v1.sqlite3").write_bytes(b"garbage" * 1000)
    result = run_cli("scan", str(repo.root), "--no-deps")
    assert result.exit_code == 0, result.stderr
    assert "store: " in result.stderr
    assert "was corrupt" in result.stderr
    assert "Code health" in result.stdout


def test_a_range_without_commits_exits_2_with_one_line(commits: list[str], repo: Repo) -> None:
    result = run_cli("trend", str(repo.root), "--until", "2023-01-01", "--no-deps")
    assert result.exit_code == 2
    assert result.stderr == (
        "codevitals: error: no commit of HEAD's first-parent line is as old as 2023-01-01 "
        "(the first is from 2024-01-15): nothing to sample\n"
    )


def test_the_trend_range_comes_from_its_own_table(commits: list[str], repo: Repo) -> None:
    repo.write(
        "pyproject.toml",
        '[tool.codevitals]\nsince = "1m"\n\n[tool.codevitals.trend]\nsince = "3m"\nevery = "1m"\n',
    )
    repo.commit("configure", date="2024-05-16T12:00:00")
    result = run_cli("trend", str(repo.root), "--until", UNTIL, "--no-deps", "-f", "json", "-q")
    assert result.exit_code == 0, result.stderr
    points = json.loads(result.stdout)["points"]
    days = [p["at"][:10] for p in points]
    assert days == ["2024-03-01", "2024-04-01", "2024-05-01", "2024-06-01"]


def test_a_repository_cannot_choose_where_scans_are_recorded(repo: Repo) -> None:
    repo.write(".codevitals.toml", 'store = "/tmp/elsewhere.sqlite3"\n')
    repo.commit()
    result = run_cli("scan", str(repo.root), "--no-deps")
    assert result.exit_code == 2
    assert "'store' is accepted only on the command line" in result.stderr


def test_every_sets_the_step_between_snapshots(commits: list[str], repo: Repo) -> None:
    points = trend(repo, "--every", "2m")["points"]
    assert isinstance(points, list)
    assert [(p["at"][:10], p["commit"]) for p in points] == [
        ("2024-02-01", commits[0]),
        ("2024-04-01", commits[2]),
        ("2024-06-01", commits[4]),
    ]
