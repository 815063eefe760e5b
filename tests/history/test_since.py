"""Dates and spans as users write them, resolved against the moment of the analysis."""

from __future__ import annotations

import datetime as dt

import pytest

from codevitals.history.since import parse


def at(text: str) -> float:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC).timestamp()


def test_a_date_is_midnight_utc_whatever_now_is() -> None:
    assert parse("2024-01-31").start(now=at("2030-05-05T05:05:05")) == at("2024-01-31T00:00:00")


def test_a_date_with_an_offset_keeps_it() -> None:
    assert parse("2024-01-31T02:00:00+02:00").start(0) == at("2024-01-31T00:00:00")


@pytest.mark.parametrize(
    ("text", "now", "start"),
    [
        ("12m", "2024-03-31T12:00:00", "2023-03-31T12:00:00"),
        ("1m", "2024-03-31T12:00:00", "2024-02-29T12:00:00"),  # clamped to February's end
        ("2y", "2024-02-29T00:00:00", "2022-02-28T00:00:00"),
        ("14M", "2024-02-15T00:00:00", "2022-12-15T00:00:00"),  # across a year boundary
        ("30d", "2024-03-31T00:00:00", "2024-03-01T00:00:00"),
        ("2w", "2024-03-15T00:00:00", "2024-03-01T00:00:00"),
        ("8h", "2024-03-15T08:00:00", "2024-03-15T00:00:00"),
    ],
)
def test_spans_count_back_in_calendar_units(text: str, now: str, start: str) -> None:
    assert parse(text).start(at(now)) == at(start)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("1y", "2023-08-08T14:15:20", "2024-08-08T14:15:20"),
        ("1m", "2024-01-31T00:00:00", "2024-02-29T00:00:00"),  # clamped to February's end
        ("14m", "2023-11-15T00:00:00", "2025-01-15T00:00:00"),
        ("2w", "2024-03-01T00:00:00", "2024-03-15T00:00:00"),
    ],
)
def test_a_span_after_a_moment_counts_forward_in_the_same_units(
    text: str, start: str, end: str
) -> None:
    assert parse(text).after(at(start)) == at(end)
    if text != "1m":
        assert parse(text).start(at(end)) == at(start)  # and back again


def test_all_means_the_whole_history() -> None:
    assert parse(" ALL ").start(at("2024-01-01T00:00:00")) is None


def test_span_lengths_for_grouping() -> None:
    assert parse("1d").seconds() == 86_400
    assert parse("8h").seconds() == 8 * 3600
    assert parse("1m").seconds() == pytest.approx(2_629_746)  # 365.2425 / 12 days
    assert parse("1y").seconds() == pytest.approx(31_556_952)


@pytest.mark.parametrize("text", ["", "yesterday", "12", "m12", "2024-13-01", "3q"])
def test_anything_else_is_refused_with_a_hint(text: str) -> None:
    with pytest.raises(ValueError, match=r"neither a date \(2024-01-31\) nor a span"):
        parse(text)
