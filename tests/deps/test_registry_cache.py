"""How registry answers are cached: columns with each release's place, read back as fetched.

A warm audit trusts the places stored with a project instead of parsing every release again,
so an entry of another format, or places made by other ordering rules, must never be misread:
the first is read as it was written and placed again, the second placed again, and anything
else we did not write is fetched again.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest

from codevitals.cache import Cache
from codevitals.deps import registry
from codevitals.deps.fetch import Fetcher, HttpSettings
from codevitals.deps.freshness import assess, timeline
from codevitals.deps.pypi import TTL, Project, PypiClient
from codevitals.deps.registry import FORMAT, ORDERING, placed
from codevitals.deps.store import Stamped
from tests.deps import pypi_data
from tests.deps.fake_server import FakeServer, Reply

FAST = HttpSettings(timeout=2.0, retries=1, backoff=0.01)
NOW = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
TWO_YEARS = dt.timedelta(days=730)
STAMP = 1_700_000_000.0
RELEASES: pypi_data.Releases = {
    **pypi_data.REQUESTS,
    "2.32.0rc1": "2024-05-01",
    "2.31": "2023-05-23",  # the same version as 2.31.0: one place for both
    "not a version": "2024-05-02",
}
IN_USE = ("2.19.1", "2.31.0", "2.31", "2.32.0rc1", "2.32.0", "2.30.0.0", "9.9", None)


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer() as running:
        running.route("/pypi/demo/json", Reply.json(pypi_data.document("demo", RELEASES)))
        yield running


def client(server: FakeServer, cache: Cache, *, online: bool) -> PypiClient:
    fetcher = Fetcher(FAST) if online else None
    stamped = Stamped(cache, TTL if online else None, lambda: STAMP)
    return PypiClient(fetcher, stamped, f"{server.url}/pypi")


def fetched(server: FakeServer, cache: Cache) -> Project:
    found = client(server, cache, online=True).projects(["demo"])["demo"]
    assert isinstance(found, Project)
    return found


def offline(server: FakeServer, cache: Cache) -> Project | None:
    found = client(server, cache, online=False).projects(["demo"])["demo"]
    return found if isinstance(found, Project) else None


def stored(server: FakeServer, cache: Cache) -> tuple[str, dict[str, Any]]:
    """The cache key of the project and the payload stored under it."""
    key = client(server, cache, online=False)._prefix + "demo"
    return key, json.loads(cache.get_many([key])[key])[1]


def put(cache: Cache, key: str, payload: object) -> None:
    cache.put_many([(key, json.dumps([STAMP, payload]).encode())])


def freshness_of(project: Project) -> list[object]:
    known = timeline(project, NOW, TWO_YEARS)
    return [assess(known, current, NOW, TWO_YEARS) for current in IN_USE]


def test_a_cached_project_reads_back_as_fetched_with_its_places(
    server: FakeServer, cache: Cache
) -> None:
    fresh = fetched(server, cache)
    _, payload = stored(server, cache)
    assert (payload["format"], payload["ordering"]) == (FORMAT, ORDERING)
    restored = offline(server, cache)
    assert restored is not None
    assert restored.releases == fresh.releases
    assert restored.places == placed(fresh) == placed(registry.Project("demo", fresh.releases))
    assert any(r.yanked and r.yanked_reason for r in restored.releases)
    assert freshness_of(restored) == freshness_of(registry.Project("demo", fresh.releases))


def test_an_entry_of_the_first_format_is_read_and_placed_again(
    server: FakeServer, cache: Cache
) -> None:
    fresh = fetched(server, cache)
    key, _ = stored(server, cache)
    rows = [[r.version, r.uploaded, r.yanked, r.yanked_reason] for r in fresh.releases]
    put(cache, key, {"releases": rows})  # as codevitals wrote it before places were stored
    restored = offline(server, cache)
    assert restored is not None
    assert (restored.releases, restored.places) == (fresh.releases, None)
    assert freshness_of(restored) == freshness_of(fresh)


@pytest.mark.parametrize("ordering", [ORDERING - 1, ORDERING + 1, None])
def test_places_made_by_other_ordering_rules_are_made_again(
    server: FakeServer, cache: Cache, ordering: int | None
) -> None:
    fresh = fetched(server, cache)
    key, payload = stored(server, cache)
    count = len(fresh.releases)
    # Places that would put the oldest release on top, were they believed.
    wrong = {"places": list(range(count))[::-1], "majors": [0] * count, "prereleases": [],
             "finals": list(range(count)), "latest": 0}  # fmt: skip
    put(cache, key, {**payload, **wrong, "ordering": ordering})
    restored = offline(server, cache)
    assert restored is not None
    assert restored.places is None
    assert freshness_of(restored) == freshness_of(fresh)


@pytest.mark.parametrize(
    "change",
    [
        {"versions": [1, 2]},
        {"uploaded": ["2018-06-14T12:00:00.000000Z"]},
        {"uploaded": 7},
        {"withdrawn": [[99, True, "gone"]]},
        {"withdrawn": [[0, "yes", None]]},
        {"withdrawn": None},
    ],
)
def test_an_entry_of_the_current_format_we_did_not_write_is_fetched_again(
    server: FakeServer, cache: Cache, change: dict[str, Any]
) -> None:
    fresh = fetched(server, cache)
    key, payload = stored(server, cache)
    put(cache, key, {**payload, **change})
    assert offline(server, cache) is None
    asked = len(server.requests)
    assert fetched(server, cache).releases == fresh.releases
    assert len(server.requests) == asked + 1


@pytest.mark.parametrize(
    "change",
    [
        {"places": [0]},
        {"majors": ["2"]},
        {"prereleases": [999]},
        {"places": True},
        {},
        {"finals": ["2"]},
        {"finals": None},
        {"latest": 999},
        {"latest": "0"},
    ],
)
def test_stored_places_that_do_not_fit_the_releases_are_made_again(
    server: FakeServer, cache: Cache, change: dict[str, Any]
) -> None:
    fresh = fetched(server, cache)
    key, payload = stored(server, cache)
    if change.get("places") is True:  # booleans are no places, even as many as the releases
        change = {"places": [True] * len(fresh.releases)}
    elif not change:
        change = {"majors": None}
    put(cache, key, {**payload, **change})
    restored = offline(server, cache)
    assert restored is not None
    assert (restored.releases, restored.places) == (fresh.releases, None)
