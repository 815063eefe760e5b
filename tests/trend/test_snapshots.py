"""Sampling moments and choosing the commit of each: calendar steps, collapsing, the start."""

from __future__ import annotations

import datetime as dt

import pytest

from codevitals.errors import UsageError
from codevitals.history.since import parse
from codevitals.trend.snapshots import LineCommit, Snapshot, choose, moments


def _at(text: str) -> int:
    return int(dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC).timestamp())


def _days(moments_: list[int]) -> list[str]:
    return [dt.datetime.fromtimestamp(m, dt.UTC).strftime("%Y-%m-%d") for m in moments_]


def test_monthly_moments_are_calendar_months_back_to_the_start_inclusive() -> None:
    found = moments(_at("2024-05-31"), _at("2024-01-31"), parse("1m"))
    assert _days(found) == ["2024-05-31", "2024-04-30", "2024-03-31", "2024-02-29", "2024-01-31"]


def test_fixed_steps_and_a_start_between_moments() -> None:
    found = moments(_at("2024-03-15"), _at("2024-02-20"), parse("2w"))
    assert _days(found) == ["2024-03-15", "2024-03-01"]


def test_every_must_be_a_positive_span() -> None:
    with pytest.raises(UsageError, match="--every takes a span"):
        moments(_at("2024-03-15"), _at("2024-01-01"), parse("0d"))


def test_too_many_moments_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="more than 1,000 moments"):
        moments(_at("2024-01-01"), _at("2000-01-01"), parse("1d"))


LINE = [  # newest first, as `git log --first-parent` lists it
    LineCommit("e", _at("2024-05-10")),
    LineCommit("d", _at("2024-04-20")),
    LineCommit("c", _at("2024-04-25")),  # committed after its child: clocks disagree
    LineCommit("b", _at("2024-02-10")),
    LineCommit("a", _at("2024-01-10")),
]


def test_each_moment_finds_the_newest_commit_at_or_before_it() -> None:
    sampled = [_at(d) for d in ("2024-05-15", "2024-04-22", "2024-03-01", "2024-01-10")]
    assert choose(LINE, sampled) == [
        Snapshot("e", _at("2024-05-10"), _at("2024-05-15")),
        Snapshot("d", _at("2024-04-20"), _at("2024-04-22")),
        Snapshot("b", _at("2024-02-10"), _at("2024-03-01")),
        Snapshot("a", _at("2024-01-10"), _at("2024-01-10")),
    ]


def test_moments_finding_one_commit_are_one_snapshot_at_the_newest() -> None:
    sampled = [_at(d) for d in ("2024-04-01", "2024-03-15", "2024-03-01", "2024-02-15")]
    assert choose(LINE, sampled) == [Snapshot("b", _at("2024-02-10"), _at("2024-04-01"), 4)]


def test_moments_before_the_first_commit_find_nothing() -> None:
    sampled = [_at(d) for d in ("2024-01-20", "2024-01-01", "2023-12-01")]
    assert choose(LINE, sampled) == [Snapshot("a", _at("2024-01-10"), _at("2024-01-20"))]
    assert choose(LINE, [_at("2023-12-01")]) == []
