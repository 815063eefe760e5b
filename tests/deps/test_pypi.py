"""Project metadata from a PyPI-compatible JSON API (a local fake one), cached with a TTL."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from codevitals.cache import Cache
from codevitals.deps.fetch import Failure, Fetcher, HttpSettings
from codevitals.deps.pypi import PYPI, TTL, Project, PypiClient
from codevitals.deps.store import Stamped
from tests.deps import pypi_data
from tests.deps.fake_server import FakeServer, Reply

FAST = HttpSettings(timeout=2.0, retries=1, backoff=0.01)


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer() as running:
        running.route(
            "/pypi/requests/json", Reply.json(pypi_data.document("requests", pypi_data.REQUESTS))
        )
        running.route("/pypi/flask/json", Reply.json(pypi_data.document("Flask", pypi_data.FLASK)))
        yield running


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def client(
    server: FakeServer, cache: Cache | None, clock: Clock, *, online: bool = True
) -> PypiClient:
    fetcher = Fetcher(FAST) if online else None
    return PypiClient(fetcher, Stamped(cache, TTL if online else None, clock), f"{server.url}/pypi")


def test_releases_with_upload_times_and_yanked_flags(server: FakeServer) -> None:
    found = client(server, None, Clock()).projects(["requests"])["requests"]
    assert isinstance(found, Project)
    by_version = {r.version: r for r in found.releases}
    assert by_version["2.19.1"].uploaded == "2018-06-14T12:00:00.000000Z"
    assert by_version["2.32.0"].yanked
    assert by_version["2.32.0"].yanked_reason == "broken metadata"
    assert not by_version["2.31.0"].yanked


def test_an_unknown_project_is_not_found(server: FakeServer) -> None:
    found = client(server, None, Clock()).projects(["no-such-project"])["no-such-project"]
    assert isinstance(found, Failure)
    assert found.reason == "not-found"
    assert "no project 'no-such-project'" in found.message


def test_a_malformed_document_is_reported(server: FakeServer) -> None:
    server.route("/pypi/weird/json", Reply.json({"info": {}}))
    found = client(server, None, Clock()).projects(["weird"])["weird"]
    assert isinstance(found, Failure)
    assert found.reason == "malformed"


def test_the_cache_answers_until_the_ttl_passes(server: FakeServer, cache: Cache) -> None:
    clock = Clock()
    client(server, cache, clock).projects(["requests", "flask"])
    assert len(server.requests) == 2
    client(server, cache, clock).projects(["requests", "flask"])
    assert len(server.requests) == 2
    clock.now += TTL + 1
    client(server, cache, clock).projects(["requests"])
    assert len(server.requests) == 3


def test_not_found_is_cached_but_errors_are_not(server: FakeServer, cache: Cache) -> None:
    server.route("/pypi/broken/json", Reply(500))
    clock = Clock()
    client(server, cache, clock).projects(["gone", "broken"])
    asked = len(server.requests)
    client(server, cache, clock).projects(["gone", "broken"])
    assert [p for _, p, _ in server.requests[asked:]] == ["/pypi/broken/json"] * 2


def test_offline_reads_the_cache_whatever_its_age_and_nothing_else(
    server: FakeServer, cache: Cache
) -> None:
    clock = Clock()
    client(server, cache, clock).projects(["requests"])
    clock.now += 10 * TTL
    asked = len(server.requests)
    found = client(server, cache, clock, online=False).projects(["requests", "flask"])
    assert isinstance(found["requests"], Project)
    assert found["flask"] == Failure("offline", "--offline and not in the cache")
    assert len(server.requests) == asked


@pytest.mark.skipif(
    not os.environ.get("CODEVITALS_LIVE"), reason="set CODEVITALS_LIVE=1 to use pypi.org"
)
def test_live_pypi() -> None:
    with Fetcher(HttpSettings()) as fetcher:
        found = PypiClient(fetcher, Stamped(None, None), PYPI).projects(["requests"])["requests"]
    assert isinstance(found, Project)
    versions = {r.version for r in found.releases}
    assert {"2.0.0", "2.31.0"} <= versions
    assert all(r.uploaded for r in found.releases)


def test_a_cache_entry_we_did_not_write_is_fetched_again(server: FakeServer, cache: Cache) -> None:
    clock = Clock()
    index = client(server, cache, clock)
    key = index._prefix + "requests"
    for junk in (b"not json", b'[1700000000, {"releases": [[1, 2]]}]', b"[1700000000, 7]"):
        cache.put_many([(key, junk)])
        found = client(server, cache, clock).projects(["requests"])["requests"]
        assert isinstance(found, Project)
    assert len(server.requests) == 3
