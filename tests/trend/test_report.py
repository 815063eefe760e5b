"""How trends read: directions as shown, sparklines, thinning, durations, long paths."""

from __future__ import annotations

from codevitals.model.trend import ALERT_FILES, HEALTH, LIBYEAR, Direction
from codevitals.report.terminal.trend import (
    chart_range,
    shorten,
    span,
    sparkline,
    thin,
)


def test_a_change_is_judged_as_shown() -> None:
    assert HEALTH.direction(4.84, 4.87) is Direction.BETTER  # shown 4.8 → 4.9
    assert HEALTH.change(4.84, 4.87) == 0.1
    assert HEALTH.direction(4.86, 4.94) is Direction.SAME  # shown 4.9 → 4.9
    assert LIBYEAR.direction(3.0, 2.0) is Direction.BETTER  # less lag is better
    assert ALERT_FILES.direction(2, 3) is Direction.WORSE


def test_sparklines_scale_between_the_extremes_and_leave_gaps() -> None:
    assert sparkline([1.0, 5.5, 10.0, None, 10.0], 1.0, 10.0) == "▁▄█ █"  # halves round down
    assert sparkline([7.0, 7.0], 7.0, 7.0) == "▄▄"


def test_a_change_too_small_to_show_draws_flat_not_as_a_cliff() -> None:
    values: list[float | None] = [8.14, 8.12, 8.12, 8.11]  # shown 8.1 throughout
    assert sparkline(values, *chart_range(values, 1)) == "▄▄▄▄"
    steps: list[float | None] = [7.0, 7.1, 7.3]  # one block per step shown
    assert sparkline(steps, *chart_range(steps, 1)) == "▂▃▅"
    assert chart_range([7.0, 9.0], 1) == (7.0, 9.0)  # wide enough already


def test_small_ranges_stay_within_the_measure_bounds() -> None:
    assert sparkline([10.0, 10.0], *chart_range([10.0, 10.0], 1, 10.0)) == "██"
    assert sparkline([0.0, 0.0, 1.0], *chart_range([0.0, 0.0, 1.0], 0)) == "▁▁▂"


def test_long_series_keep_the_last_point_of_each_slice() -> None:
    values: list[float | None] = [float(i) for i in range(100)]
    thinned = thin(values, 32)
    assert len(thinned) == 32
    assert (thinned[0], thinned[-1]) == (2.0, 99.0)
    assert thin(values[:5], 32) == values[:5]


def test_durations_read_as_people_say_them() -> None:
    day = 86_400
    shown = [span(s) for s in (90, 3 * 3600, 5 * day, 21 * day, 213 * day, 1100 * day)]
    assert shown == ["2 minutes", "3 hours", "5 days", "3 weeks", "7 months", "3 years"]


def test_long_paths_keep_their_last_parts() -> None:
    path = "lib/sqlalchemy/dialects/postgresql/base.py"
    assert shorten(path, 30) == "…/dialects/postgresql/base.py"
    assert shorten(path) == path
