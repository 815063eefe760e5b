"""Building blocks for history tests: authors and dates relative to a fixed now."""

from __future__ import annotations

import datetime as dt

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
