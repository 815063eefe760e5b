"""Trends of a repository whose health goes up, then down: exact values at each snapshot."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from codevitals import scan as scan_module
from codevitals.errors import UsageError
from codevitals.findings import select
from codevitals.history import HistoryOptions
from codevitals.history.since import parse
from codevitals.model.trend import HEALTH, Direction, PointSource, Trend
from codevitals.scan import ScanOptions, scan
from codevitals.trend import TrendOptions, trend
from tests.conftest import Repo
from tests.trend.helpers import NOW, TANGLED_PRICE, shop


def _options(**changes: Any) -> TrendOptions:
    options = TrendOptions(since=parse("6m"), now=NOW, scan=ScanOptions(history=None, jobs=1))
    return dataclasses.replace(options, **changes)


def _rounded(found: Trend, key: str) -> list[Any]:
    values = [getattr(p.measures, key) for p in found.points]
    return [round(v, 2) if isinstance(v, float) else v for v in values]


@pytest.fixture
def commits(repo: Repo) -> list[str]:
    return shop(repo)


def test_each_month_finds_its_commit_and_the_moments_before_the_first_find_none(
    repo: Repo, commits: list[str]
) -> None:
    found = trend(repo.root, _options())
    assert [p.commit for p in found.points] == commits
    assert [p.source for p in found.points] == [PointSource.SNAPSHOT] * 5
    days = ["2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01", "2024-06-01"]
    assert [_day(p.at) for p in found.points] == days
    assert [n.reason for n in found.notices] == ["before-first-commit"]
    assert "2 of 7 sampled moments" in found.notices[0].message


def test_health_goes_up_then_down_to_the_decimal(repo: Repo, commits: list[str]) -> None:
    found = trend(repo.root, _options())
    assert _rounded(found, "health") == [8.77, 10.0, 8.15, 6.13, 1.67]
    # Every production file changed in the year before each point, so every one is a
    # hotspot (healthy code that changes counts too): hotspot health is health.
    assert _rounded(found, "hotspot_health") == [8.77, 10.0, 8.15, 6.13, 1.67]
    assert _rounded(found, "alert_files") == [0, 0, 0, 0, 1]
    assert _rounded(found, "duplication") == [0.0, 0.0, 0.0, 22.64, 9.02]
    assert _rounded(found, "libyear") == [None] * 5  # not audited: unknown, never 0
    health = found.change(HEALTH)
    assert health is not None
    assert (round(health.first, 2), round(health.last, 2)) == (8.77, 1.67)
    assert health.direction is Direction.WORSE


def test_a_snapshot_measures_what_a_scan_of_its_checkout_measures(
    repo: Repo, commits: list[str], tmp_path: Path
) -> None:
    found = trend(repo.root, _options())
    for point in found.points:
        checkout = tmp_path / (point.commit or "")[:10]
        repo.git("worktree", "add", "-q", "--detach", str(checkout), point.commit or "")
        result = scan(checkout, ScanOptions(history=None, cache_dir=tmp_path / "other"))
        production = result.summary.production
        code_lines = production.code_lines + result.summary.tests.code_lines
        assert point.measures.health == production.health
        assert point.measures.alert_files == production.alert
        assert point.measures.duplication == 100 * result.summary.duplicated_lines / code_lines


def test_the_top_hotspots_and_their_folder_have_their_own_trend(
    repo: Repo, commits: list[str]
) -> None:
    found = trend(repo.root, _options())
    assert [(f.path, f.health) for f in found.files] == [
        ("src/app/models.py", (8.56, 10.0, 7.93, 5.23, 1.0)),
        ("src/app/report.py", (None, None, None, 9.8, 9.8)),
        ("src/app/util.py", (10.0, 10.0, 10.0, 10.0, 10.0)),
    ]
    assert [f.path for f in found.folders] == ["src/app"]
    assert [round(v or 0, 2) for v in found.folders[0].health] == [8.77, 10.0, 8.15, 6.13, 1.67]


def test_a_renamed_hotspot_keeps_its_trend(repo: Repo, commits: list[str]) -> None:
    repo.git("mv", "src/app/models.py", "src/app/orders.py")
    repo.commit("rename", date="2024-05-20T12:00:00")
    found = trend(repo.root, _options())
    assert found.files[0].path == "src/app/orders.py"
    assert found.files[0].health == (8.56, 10.0, 7.93, 5.23, 1.0)


def test_a_second_trend_scans_nothing(
    repo: Repo, commits: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = trend(repo.root, _options())
    scanned: list[str] = []
    original = scan_module.scan_revisions

    def spy(top: Path, asked: list[str], *args: Any) -> Any:
        scanned.extend(asked)
        return original(top, asked, *args)

    monkeypatch.setattr("codevitals.trend.code.scan_revisions", spy)
    again = trend(repo.root, _options())
    assert scanned == []
    assert again.points == first.points


def test_tests_are_not_hotspots(repo: Repo, commits: list[str]) -> None:
    repo.write("tests/test_models.py", TANGLED_PRICE.replace("def price", "def test_price"))
    repo.commit("a tangled test", date="2024-05-20T12:00:00")
    found = trend(repo.root, _options())
    assert [f.path for f in found.files] == [
        "src/app/models.py", "src/app/report.py", "src/app/util.py"
    ]  # fmt: skip


def test_a_single_commit_makes_a_single_point(repo: Repo) -> None:
    repo.write("app.py", "def f():\n    return 1\n")
    commit = repo.commit(date="2024-05-15T12:00:00")
    found = trend(repo.root, _options())
    assert [p.commit for p in found.points] == [commit]
    assert found.points[0].measures.health == 10.0
    health = found.change(HEALTH)
    assert health is not None
    assert (health.points, health.direction) == (1, Direction.SAME)


def test_a_range_before_the_first_commit_is_a_usage_error(repo: Repo, commits: list[str]) -> None:
    with pytest.raises(UsageError, match=r"as old as 2023-06-01 \(the first is from 2024-01-15\)"):
        trend(repo.root, _options(until=parse("2023-06-01")))


def test_no_repository_and_no_commits_are_usage_errors(repo: Repo, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no commits yet"):
        trend(repo.root, _options())
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(UsageError, match="not inside a git repository"):
        trend(plain, _options())


def test_a_shallow_clone_stops_at_its_boundary_with_a_notice(
    repo: Repo, commits: list[str], tmp_path: Path
) -> None:
    clone = Repo(tmp_path / "shallow")
    url = f"file://{repo.root}"
    Repo(tmp_path).git("clone", "-q", "--depth", "3", url, str(clone.root))
    found = trend(clone.root, _options())
    assert [p.commit for p in found.points] == commits[2:]
    assert found.partial
    assert {n.reason for n in found.notices} == {"before-first-commit", "shallow"}
    assert [round(p.measures.health or 0, 2) for p in found.points] == [8.15, 6.13, 1.67]


def _day(moment: int) -> str:
    return dt.datetime.fromtimestamp(moment, dt.UTC).strftime("%Y-%m-%d")


def test_a_change_merged_after_a_snapshot_is_not_in_its_history(repo: Repo) -> None:
    repo.write("src/app/models.py", TANGLED_PRICE)
    old = repo.commit("models", date="2023-01-10T12:00:00")
    repo.git("checkout", "-q", "-b", "side")
    repo.write("src/app/models.py", TANGLED_PRICE + "\n\nx = 1\n")
    repo.commit("written in April", date="2024-04-20T12:00:00")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "merged in May", "side", date="2024-05-20T12:00:00")
    found = trend(repo.root, _options(since=parse("1m")))
    assert found.points[0].commit == old
    assert [p.measures.hotspot_health for p in found.points] == [None, 8.56]


def test_a_file_fixed_before_ranks_above_its_twin(repo: Repo) -> None:
    # a.py and b.py are the same size and change alike; b.py had a bug fixed in the history
    # the trend reads, so it is the likelier to be fixed again: the top hotspot.
    for name in ("a.py", "b.py"):
        repo.write(f"src/app/{name}", "def f(x):\n    return x\n")
    repo.commit("start", date="2024-01-01T12:00:00")
    repo.write("src/app/b.py", "def f(x):\n    return x or 0\n")
    repo.commit("Fix crash on empty input", date="2024-02-01T12:00:00")
    repo.write("src/app/a.py", "def f(x):\n    return x or 0\n")
    repo.commit("Add a default", date="2024-02-01T12:00:00")
    for day in ("2024-03-01", "2024-04-01"):
        for name in ("a.py", "b.py"):
            repo.write(f"src/app/{name}", f"def f(x):\n    return x or {day[5:7]}\n")
        repo.commit("tweak", date=f"{day}T12:00:00")
    found = trend(repo.root, _options())
    assert [f.path for f in found.files][:2] == ["src/app/b.py", "src/app/a.py"]


def test_a_trend_takes_a_scan_of_code_health_alone() -> None:
    # Its dependencies and history are options of its own: a scan carrying them is refused
    # rather than quietly stripped.
    for scan_options in (
        ScanOptions(history=HistoryOptions()),
        ScanOptions(history=None, findings=select(["security"], [], [])),
    ):
        with pytest.raises(ValueError, match="code health alone"):
            TrendOptions(scan=scan_options)
    assert TrendOptions(scan=ScanOptions(history=None, findings=select([], [], []))).top == 5
