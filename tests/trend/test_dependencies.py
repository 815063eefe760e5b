"""Dependencies at each snapshot: libyear against the releases of the time, or unknown."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from codevitals.deps.audit import AuditOptions
from codevitals.history.since import parse
from codevitals.scan import ScanOptions
from codevitals.trend import TrendOptions, trend
from tests.conftest import Repo
from tests.deps import pypi_data
from tests.deps.fake_server import FakeServer, Reply
from tests.trend.helpers import NOW

ADVISORIES = Path(__file__).parents[1] / "deps" / "fixtures" / "advisories"


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer() as running:
        document = pypi_data.document("requests", pypi_data.REQUESTS)
        running.route("/pypi/requests/json", Reply.json(document))
        yield running


@pytest.fixture
def upgraded(repo: Repo) -> Repo:
    """requests 2.19.1 in January, 2.31.0 from March, code changes in May."""
    repo.write("app.py", "x = 1\n")
    repo.write("requirements.txt", "requests==2.19.1\n")
    repo.commit("pin", date="2024-01-15T12:00:00")
    repo.write("requirements.txt", "requests==2.31.0\n")
    repo.commit("upgrade", date="2024-03-15T12:00:00")
    repo.write("app.py", "x = 2\n")
    repo.commit("code", date="2024-05-15T12:00:00")
    return repo


def _trend(repo: Repo, audit: AuditOptions) -> list[tuple[str, float | None, int | None]]:
    options = TrendOptions(
        since=parse("5m"), now=NOW, scan=ScanOptions(history=None, jobs=1), audit=audit
    )
    found = trend(repo.root, options)
    return [
        (
            dt.datetime.fromtimestamp(p.at, dt.UTC).strftime("%Y-%m-%d"),
            None if p.measures.libyear is None else round(p.measures.libyear, 2),
            p.measures.vulnerable,
        )
        for p in found.points
    ]


def test_libyear_counts_only_releases_that_existed_at_each_snapshot(
    upgraded: Repo, server: FakeServer
) -> None:
    audit = AuditOptions(index_url=f"{server.url}/pypi", vuln_db=ADVISORIES)
    assert _trend(upgraded, audit) == [
        ("2024-03-01", 4.94, 1),  # 2.19.1 against 2.31.0, the latest then; two advisories
        ("2024-05-01", 0.0, 0),  # 2.31.0 was the latest until 2.32.x in late May
        ("2024-06-01", 1.02, 0),  # 2.31.0 against 2.32.3 (2024-05-29)
    ]


def test_offline_without_cached_data_is_unknown_never_zero(upgraded: Repo) -> None:
    audit = AuditOptions(offline=True)
    assert _trend(upgraded, audit) == [
        ("2024-03-01", None, None),
        ("2024-05-01", None, None),
        ("2024-06-01", None, None),
    ]


def test_offline_uses_release_data_an_earlier_run_cached(
    upgraded: Repo, server: FakeServer
) -> None:
    online = AuditOptions(index_url=f"{server.url}/pypi", vuln_db=ADVISORIES)
    _trend(upgraded, online)
    offline = dataclasses.replace(online, offline=True)
    assert [libyear for _, libyear, _ in _trend(upgraded, offline)] == [4.94, 0.0, 1.02]
