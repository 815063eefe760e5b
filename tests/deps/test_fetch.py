"""The HTTP client against a local fake server: retries, timeouts, errors, concurrency."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from codevitals.deps.fetch import Failure, Fetcher, HttpSettings
from tests.deps.fake_server import FakeServer, Reply

FAST = HttpSettings(timeout=2.0, retries=2, backoff=0.01, concurrency=8)


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer() as running:
        yield running


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(FAST) as client:
        yield client


def test_json_is_decoded(server: FakeServer, fetcher: Fetcher) -> None:
    server.route("/ok", Reply.json({"a": [1, 2]}))
    assert fetcher.get_json(f"{server.url}/ok") == {"a": [1, 2]}


def test_post_sends_json(server: FakeServer, fetcher: Fetcher) -> None:
    server.route("/echo", lambda _path, body: Reply(200, body))
    assert fetcher.post_json(f"{server.url}/echo", {"q": 1}) == {"q": 1}
    assert server.requests[0][0] == "POST"


def test_404_is_not_found_and_not_retried(server: FakeServer, fetcher: Fetcher) -> None:
    answer = fetcher.get_json(f"{server.url}/missing")
    assert isinstance(answer, Failure)
    assert answer.reason == "not-found"
    assert len(server.requests) == 1


def test_500_is_retried_then_reported(server: FakeServer, fetcher: Fetcher) -> None:
    server.route("/broken", Reply(500, b"oops"))
    answer = fetcher.get_json(f"{server.url}/broken")
    assert answer == Failure("http-error", f"{server.url}/broken: HTTP 500")
    assert len(server.requests) == 3  # one try and two retries


def test_a_transient_500_is_recovered_from(server: FakeServer, fetcher: Fetcher) -> None:
    replies = iter([Reply(503), Reply(429, headers={"Retry-After": "0"}), Reply.json([1])])
    server.route("/flaky", lambda _p, _b: next(replies))
    assert fetcher.get_json(f"{server.url}/flaky") == [1]


def test_other_client_errors_are_not_retried(server: FakeServer, fetcher: Fetcher) -> None:
    server.route("/forbidden", Reply(403, b"no"))
    answer = fetcher.get_json(f"{server.url}/forbidden")
    assert isinstance(answer, Failure)
    assert answer.reason == "http-error"
    assert len(server.requests) == 1


def test_malformed_json_is_reported(server: FakeServer, fetcher: Fetcher) -> None:
    server.route("/bad", Reply(200, b"{not json"))
    answer = fetcher.get_json(f"{server.url}/bad")
    assert isinstance(answer, Failure)
    assert answer.reason == "malformed"


def test_a_slow_server_times_out(server: FakeServer) -> None:
    server.route("/slow", Reply.json({}, delay=1.0))
    with Fetcher(HttpSettings(timeout=0.2, retries=0)) as client:
        answer = client.get_json(f"{server.url}/slow")
    assert isinstance(answer, Failure)
    assert answer.reason == "timeout"


def test_a_trickling_response_cannot_outlast_the_deadline(server: FakeServer) -> None:
    # Each byte arrives well within the read timeout; the whole exchange does not.
    server.route("/trickle", Reply(200, b'{"a": "' + b"x" * 200 + b'"}', trickle=0.01))
    with Fetcher(HttpSettings(timeout=0.3, retries=0)) as client:
        answer = client.get_json(f"{server.url}/trickle")
    assert isinstance(answer, Failure)
    assert answer.reason == "timeout"


def test_an_unreachable_host_fails_once_then_fast(fetcher: Fetcher) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here once closed
    urls = [f"http://127.0.0.1:{port}/p/{i}" for i in range(20)]
    answers = fetcher.map(fetcher.get_json, urls)
    assert all(isinstance(a, Failure) and a.reason == "network" for a in answers)


def test_lookups_run_concurrently(server: FakeServer, fetcher: Fetcher) -> None:
    server.route("/p/", Reply.json({}, delay=0.2))
    fetcher.map(fetcher.get_json, [f"{server.url}/p/{i}" for i in range(16)])
    assert len(server.requests) == 16
    assert server.peak > 1
    assert server.peak <= FAST.concurrency


def test_the_proxy_configured_in_the_environment_is_used(
    server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fake server plays the proxy: a proxied request names the whole URL.
    server.route("http://pypi.test/", Reply.json({"via": "proxy"}))
    monkeypatch.setenv("HTTP_PROXY", server.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    with Fetcher(FAST) as client:
        assert client.get_json("http://pypi.test/pypi/demo/json") == {"via": "proxy"}
    assert server.requests[0][1] == "http://pypi.test/pypi/demo/json"


def test_a_name_that_does_not_resolve_is_not_retried(
    fetcher: Fetcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With no network (CI, an air-gapped machine) every lookup fails at name resolution;
    # retrying with back-off would only add sleeps to every run.
    lookups: list[str] = []

    def fail(host: str, *args: object, **kwargs: object) -> list[object]:
        lookups.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    urls = [f"https://osv.example/v1/query/{i}" for i in range(5)]
    answers = [fetcher.get_json(url) for url in urls]
    assert all(isinstance(a, Failure) and a.reason == "network" for a in answers)
    assert lookups == ["osv.example"]  # one lookup: no retries, and the host is then known down
    # Each later failure names its own request and says it was not sent, and why.
    assert answers[3].message.startswith(f"{urls[3]}: not asked, osv.example failed earlier: ")
    assert answers[3].message.endswith(answers[0].message)
