"""Points in time as users write them: a date (`2024-01-31`) or a span back from now (`12m`).

Spans count back in calendar units from the moment of the analysis: `30d` days, `6w` weeks,
`12m` months (the same day of the month, or the month's last day when it is shorter), `2y`
years; `8h` hours is there for grouping commits. `all` means the whole history. Dates are
ISO 8601 (`2024-01-31`, `2024-01-31T12:00`); without a time zone they are read as UTC.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

ALL = "all"
_SPAN = re.compile(r"(\d+)\s*([hdwmy])", re.IGNORECASE)
_FIXED_SECONDS = {"h": 3600, "d": 86_400, "w": 7 * 86_400}
_AVERAGE_MONTH_SECONDS = 365.2425 / 12 * 86_400


@dataclass(frozen=True, slots=True)
class Since:
    """A parsed point in time; `start` resolves it against the moment of the analysis."""

    text: str
    """As the user wrote it (kept for reports)."""
    date: dt.datetime | None = None
    """An absolute moment (aware, UTC)."""
    count: int = 0
    unit: str = ""
    """One of h, d, w, m, y for a span; empty for a date or `all`."""

    def start(self, now: float) -> float | None:
        """The timestamp where the window starts; None for the whole history."""
        if self.date is not None:
            return self.date.timestamp()
        if not self.unit:
            return None
        if self.unit in _FIXED_SECONDS:
            return now - self.count * _FIXED_SECONDS[self.unit]
        months = self.count * (12 if self.unit == "y" else 1)
        return _months_before(dt.datetime.fromtimestamp(now, dt.UTC), months).timestamp()

    def after(self, moment: float) -> float:
        """The moment a span later, in the same calendar units as `start` counts back."""
        if self.unit in _FIXED_SECONDS:
            return moment + self.count * _FIXED_SECONDS[self.unit]
        months = self.count * (12 if self.unit == "y" else 1)
        return _months_before(dt.datetime.fromtimestamp(moment, dt.UTC), -months).timestamp()

    def seconds(self) -> float:
        """The span's length in seconds (months and years of average length)."""
        if self.unit in _FIXED_SECONDS:
            return float(self.count * _FIXED_SECONDS[self.unit])
        months = self.count * (12 if self.unit == "y" else 1)
        return months * _AVERAGE_MONTH_SECONDS


def parse(text: str) -> Since:
    """Read a date, a span or `all`; raise ValueError with a message for anything else."""
    cleaned = text.strip()
    if cleaned.lower() == ALL:
        return Since(cleaned)
    span = _SPAN.fullmatch(cleaned)
    if span:
        return Since(cleaned, count=int(span.group(1)), unit=span.group(2).lower())
    try:
        moment = dt.datetime.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(
            f"{text!r} is neither a date (2024-01-31) nor a span (30d, 6w, 12m, 2y) nor 'all'"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return Since(cleaned, date=moment)


def _months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day and time `months` calendar months earlier, clamped to the month's end."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)
