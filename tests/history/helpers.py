"""Building blocks for history tests: authors, dates relative to a fixed now, a runner."""

from __future__ import annotations

import datetime as dt
from typing import Any

from codevitals.history import HistoryOptions
from codevitals.history.since import parse
from codevitals.model import ScanResult
from codevitals.model.history import History
from codevitals.scan import ScanOptions, scan
from tests.conftest import Repo

ADA = "Ada <ada@example.com>"
BEA = "Bea <bea@example.com>"
CY = "Cy <cy@example.com>"
NOW = dt.datetime(2024, 7, 1, tzinfo=dt.UTC).timestamp()
"""2024-07-01T00:00:00Z, the moment every test measures history from."""
DAY = 86_400


def days_ago(days: float) -> str:
    """A commit date `days` before NOW, as git reads it."""
    moment = dt.datetime.fromtimestamp(NOW - days * DAY, dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S+0000")


def scan_history(repo: Repo, **options: Any) -> ScanResult:
    """Scan with history measured from NOW; `since`-like options may be given as text."""
    for key in ("since", "inactive_after"):
        if isinstance(options.get(key), str):
            options[key] = parse(options[key])
    return scan(repo.root, ScanOptions(jobs=1, history=HistoryOptions(now=NOW, **options)))


def history(repo: Repo, **options: Any) -> History:
    """The history analyses alone."""
    found = scan_history(repo, **options).history
    assert found is not None
    return found
