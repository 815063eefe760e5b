"""Freshness: latest, libyear, versions and majors behind, yanked, unmaintained."""

from __future__ import annotations

import datetime as dt

import pytest

from codevitals.deps.freshness import assess, available, timeline
from codevitals.deps.pypi import Project, parse
from codevitals.model.deps import Freshness, Unknown
from tests.deps import pypi_data

NOW = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
TWO_YEARS = dt.timedelta(days=730)


def project(releases: pypi_data.Releases, name: str = "demo") -> Project:
    found = parse(name, pypi_data.document(name, releases))
    assert isinstance(found, Project)
    return found


def check(releases: pypi_data.Releases, current: str | None) -> tuple[Freshness, list[Unknown]]:
    return assess(project(releases), current, NOW, TWO_YEARS)


def test_libyear_is_the_time_between_the_release_in_use_and_the_latest() -> None:
    fresh, unknowns = check(pypi_data.REQUESTS, "2.19.1")
    assert unknowns == []
    assert fresh.latest == "2.32.3"  # 2.32.0 is yanked; nothing above it is final
    assert fresh.released == "2018-06-14T12:00:00Z"
    assert fresh.latest_released == "2024-05-29T12:00:00Z"
    assert fresh.libyear == pytest.approx(
        (dt.date(2024, 5, 29) - dt.date(2018, 6, 14)).days / 365.25
    )
    assert fresh.behind == 4  # 2.20.0, 2.30.0, 2.31.0, 2.32.3 (the yanked one not counted)
    assert fresh.majors_behind == 0


def test_the_latest_version_has_no_libyear() -> None:
    fresh, _ = check(pypi_data.REQUESTS, "2.32.3")
    assert (fresh.libyear, fresh.behind) == (0.0, 0)


def test_pre_releases_are_not_the_latest_for_a_final_release() -> None:
    fresh, _ = check(pypi_data.FLASK, "2.3.3")
    assert fresh.latest == "3.0.0"
    assert (fresh.behind, fresh.majors_behind) == (1, 1)


def test_a_pre_release_in_use_compares_with_its_own_line() -> None:
    fresh, _ = check(pypi_data.FLASK, "3.1.0rc1")
    assert fresh.latest == "3.1.0rc1"
    assert fresh.libyear == 0.0


def test_a_yanked_version_in_use_is_flagged() -> None:
    fresh, _ = check(pypi_data.REQUESTS, "2.32.0")
    assert fresh.yanked
    assert fresh.yanked_reason == "broken metadata"


def test_no_release_for_longer_than_the_period_is_unmaintained() -> None:
    fresh, _ = check(pypi_data.OLDLIB, "1.0")
    assert fresh.unmaintained
    assert fresh.last_release == "2016-03-01T12:00:00Z"
    recent, _ = assess(project(pypi_data.OLDLIB), "1.0", NOW, dt.timedelta(days=365 * 10))
    assert not recent.unmaintained


def test_unpinned_gets_latest_and_maintenance_but_no_libyear() -> None:
    fresh, unknowns = check(pypi_data.REQUESTS, None)
    assert fresh.latest == "2.32.3"
    assert fresh.libyear is None
    assert unknowns == []  # the audit reports the version itself as unknown


@pytest.mark.parametrize(("current", "reason"), [("9.9.9", "version-not-found"),
                                                  ("banana", "invalid-version")])  # fmt: skip
def test_a_version_the_index_does_not_have_is_unknown(current: str, reason: str) -> None:
    fresh, unknowns = check(pypi_data.REQUESTS, current)
    assert [u.reason for u in unknowns] == [reason]
    assert fresh.libyear is None
    assert fresh.latest == "2.32.3"


def test_as_of_a_past_moment_later_releases_did_not_exist_yet() -> None:
    then = dt.datetime(2023, 5, 10, tzinfo=dt.UTC)
    at_the_time = available(project(pypi_data.REQUESTS), then, "2.19.1")
    fresh, unknowns = assess(at_the_time, "2.19.1", then, TWO_YEARS)
    assert unknowns == []
    assert fresh.latest == "2.30.0"
    assert fresh.libyear == pytest.approx(
        (dt.date(2023, 5, 3) - dt.date(2018, 6, 14)).days / 365.25
    )
    assert fresh.behind == 2  # 2.20.0 and 2.30.0


def test_the_version_in_use_stays_even_if_uploaded_after_the_moment() -> None:
    then = dt.datetime(2023, 5, 22, 8, tzinfo=dt.UTC)  # committed hours before the upload
    at_the_time = available(project(pypi_data.REQUESTS), then, "2.31.0")
    assert [r.version for r in at_the_time.releases] == ["2.19.1", "2.20.0", "2.30.0", "2.31.0"]


def test_one_timeline_measures_every_version_in_use_as_the_project_alone_does() -> None:
    # A lockfile pins several versions of one package; the audit parses the project once.
    known = timeline(project(pypi_data.FLASK), NOW, TWO_YEARS)
    for current in ("2.3.3", "3.1.0rc1", "3.0.0", "2.3.3.0", "9.9", None):
        alone = assess(project(pypi_data.FLASK), current, NOW, TWO_YEARS)
        assert assess(known, current, NOW, TWO_YEARS) == alone, current
    # `2.3.3.0` is `2.3.3` spelt otherwise: found by comparing, not by its text.
    fresh, unknowns = assess(known, "2.3.3.0", NOW, TWO_YEARS)
    assert (unknowns, fresh.behind) == ([], 1)
