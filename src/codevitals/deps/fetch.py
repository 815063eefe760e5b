"""HTTP for the audit: the one place codevitals opens network connections.

One `httpx.Client` per run, shared by a bounded pool of threads, so a hundred lookups are a
handful of concurrent rounds over kept-alive connections, not a hundred sequential ones.
Every request has a deadline for the whole exchange (a server trickling bytes cannot hold
it open) and a size cap; transport errors, 429 and 5xx are retried with exponential backoff
(honouring a short `Retry-After`); anything else is a `Failure` with its reason.

Once a host has failed at the transport level after every retry, the requests still queued
for it fail at once with the same reason: a machine without network learns that in one
timeout, not in one timeout per package. Proxy settings (`HTTPS_PROXY`, `NO_PROXY`, …) and
certificate bundles (`SSL_CERT_FILE`) come from the environment, as httpx reads them.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from codevitals import __version__, workers

if TYPE_CHECKING:
    import httpx

MAX_BYTES = 64 * 1024 * 1024
"""Larger responses are refused: no metadata document comes near this."""
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_MAX_RETRY_AFTER = 5.0

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a lookup gave no answer: a reason slug and a message naming what failed."""

    reason: str
    """network, timeout, not-found, http-error, malformed, too-large, offline, …"""
    message: str


@dataclass(frozen=True, slots=True)
class HttpSettings:
    """How patient to be with servers."""

    timeout: float = 10.0
    """Seconds for a whole request, connection to last byte."""
    retries: int = 2
    backoff: float = 0.25
    """Seconds before the first retry; doubled for each further one."""
    concurrency: int = 16


class _DeadlineError(Exception):
    """The whole exchange took longer than the timeout."""


class _FinalError(Exception):
    """A failure no retry will cure."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message)
        self.failure = failure


class _UnknownHostError(_FinalError):
    """The host name does not resolve: retrying within a run only adds back-off sleeps."""


class _RetryableError(Exception):
    """A failure worth another try."""

    def __init__(self, failure: Failure, wait: float | None = None) -> None:
        super().__init__(failure.message)
        self.failure = failure
        self.wait = wait


class _TransportError(_RetryableError):
    """The host could not be reached or did not answer in time."""


def _not_asked(url: str, host: str, first: Failure) -> Failure:
    """A request left unsent because its host failed earlier in the run.

    It is said so under its own URL, with the first failure as the reason; the first failure's
    message alone would name another package's URL.
    """
    return Failure(first.reason, f"{url}: not asked, {host} failed earlier: {first.message}")


class Fetcher:
    """GET and POST JSON with timeouts, retries and a per-host breaker; map in parallel."""

    def __init__(self, settings: HttpSettings) -> None:
        self.settings = settings
        self._session: httpx.Client | None = None
        self._pool = workers.threads(settings.concurrency, "codevitals-http")
        self._broken: dict[str, Failure] = {}
        self._lock = threading.Lock()

    @property
    def _client(self) -> httpx.Client:
        """The connection pool, made at the first request.

        A warm audit sends no request, and importing httpx alone costs a tenth of its time.
        """
        with self._lock:
            if self._session is None:
                import httpx  # noqa: PLC0415

                self._session = httpx.Client(
                    timeout=httpx.Timeout(self.settings.timeout),
                    limits=httpx.Limits(
                        max_connections=self.settings.concurrency,
                        max_keepalive_connections=self.settings.concurrency,
                    ),
                    headers={
                        "User-Agent": f"codevitals/{__version__}",
                        "Accept": "application/json",
                    },
                    follow_redirects=True,
                )
            return self._session

    def get_json(self, url: str) -> Any | Failure:
        """The decoded JSON document at `url`, or why there is none."""
        return self._request("GET", url)

    def get_text(self, url: str) -> str | Failure:
        """The UTF-8 text at `url` (the Go module proxy answers in text), or why there is none."""
        answer: str | Failure = self._request("GET", url, decode=_text)
        return answer

    def post_json(self, url: str, body: Mapping[str, Any]) -> Any | Failure:
        """POST `body` as JSON; the decoded answer, or why there is none."""
        return self._request("POST", url, body)

    def map(self, function: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """`function` over `items` on the pool, results in order."""
        return list(self._pool.map(function, items))

    def close(self) -> None:
        """Release connections and threads."""
        self._pool.shutdown(wait=True)
        if self._session is not None:
            self._session.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _request(
        self,
        method: str,
        url: str,
        body: Mapping[str, Any] | None = None,
        decode: Callable[[bytes, str], Any] | None = None,
    ) -> Any:
        host = urlsplit(url).netloc
        for attempt in range(self.settings.retries + 1):
            if host in self._broken:
                return _not_asked(url, host, self._broken[host])
            try:
                return self._once(method, url, body, decode or _decode)
            except _UnknownHostError as unknown:
                return self._give_up(host, unknown)
            except _FinalError as stop:
                return stop.failure
            except _RetryableError as retry:
                if attempt == self.settings.retries:
                    return self._give_up(host, retry)
                time.sleep(self._pause(attempt, retry.wait))
        raise AssertionError("unreachable")  # pragma: no cover

    def _give_up(self, host: str, error: _RetryableError | _UnknownHostError) -> Failure:
        if isinstance(error, _TransportError | _UnknownHostError):
            with self._lock:  # the host's other requests fail at once
                self._broken.setdefault(host, error.failure)
        return error.failure

    def _pause(self, attempt: int, wait: float | None) -> float:
        pause: float = self.settings.backoff * 2.0**attempt
        return max(pause, min(wait, _MAX_RETRY_AFTER)) if wait is not None else pause

    def _once(
        self,
        method: str,
        url: str,
        body: Mapping[str, Any] | None,
        decode: Callable[[bytes, str], Any],
    ) -> Any:
        import httpx  # noqa: PLC0415  (imported once the client exists)

        client = self._client
        deadline = time.monotonic() + self.settings.timeout
        try:
            with client.stream(method, url, json=body) as response:
                data = _read(response, deadline, url)
        except (httpx.TimeoutException, _DeadlineError) as error:
            message = f"{url}: no answer in {self.settings.timeout:g} s"
            raise _TransportError(Failure("timeout", message)) from error
        except httpx.TransportError as error:
            failure = Failure("network", f"{url}: {_describe(error)}")
            if _caused_by(error, socket.gaierror):
                raise _UnknownHostError(failure) from error
            raise _TransportError(failure) from error
        return decode(data, url)


def _read(response: httpx.Response, deadline: float, url: str) -> bytes:
    """The body of a successful response; failures raise or become `_RetryableError`."""
    _check_status(response, url)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_BYTES:
            raise _FinalError(Failure("too-large", f"{url}: larger than {MAX_BYTES:,} bytes"))
        if time.monotonic() > deadline:
            raise _DeadlineError
        chunks.append(chunk)
    return b"".join(chunks)


def _check_status(response: httpx.Response, url: str) -> None:
    status = response.status_code
    if status < 400:
        return
    failure = Failure("not-found" if status == 404 else "http-error", f"{url}: HTTP {status}")
    if status in _RETRY_STATUS:
        raise _RetryableError(failure, _retry_after(response))
    raise _FinalError(failure)


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None


def _decode(data: bytes, url: str) -> Any:
    try:
        return json.loads(data)
    except ValueError as error:
        raise _FinalError(Failure("malformed", f"{url}: not JSON ({error})")) from error


def _text(data: bytes, url: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _FinalError(Failure("malformed", f"{url}: not UTF-8 text")) from error


def _caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    """Whether `kind` is anywhere in the chain of causes behind `error`."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, kind):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _describe(error: httpx.TransportError) -> str:
    text = str(error) or type(error).__name__
    return text.splitlines()[0]
