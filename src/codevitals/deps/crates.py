"""Release history of crates from the crates.io API (`/api/v1/crates/<name>`).

Each version's `num`, `created_at` and `yanked` is what freshness needs. crates.io asks
crawlers for a User-Agent naming the tool (the fetcher sends `codevitals/<version>`) and
at most one request a second: requests are spaced by `interval` seconds, however many
threads ask. The answers are cached a day, so that pace is paid once.
"""

from __future__ import annotations

import threading
from time import monotonic, sleep
from typing import Any

from codevitals.deps import semver
from codevitals.deps.fetch import Failure, Fetcher
from codevitals.deps.registry import CachedRegistry, Project, Release
from codevitals.deps.store import Stamped

CRATES = "https://crates.io/api/v1/crates"
INTERVAL = 1.0
"""Seconds between two requests: crates.io's crawler policy."""


class CratesClient(CachedRegistry):
    """Looks crates up on crates.io, one request a second."""

    kind = "crates"
    order = staticmethod(semver.parse)

    def __init__(self, fetcher: Fetcher | None, cache: Stamped, index_url: str = CRATES) -> None:
        """`fetcher` None means offline: only what the cache holds is known."""
        super().__init__(fetcher, cache, index_url)
        self.interval = INTERVAL
        self._pace = threading.Lock()
        self._next = 0.0

    def _fetch(self, fetcher: Fetcher, name: str) -> Project | Failure:
        with self._pace:  # one request starts per interval, whatever the pool's size
            wait = self._next - monotonic()
            if wait > 0:
                sleep(wait)
            self._next = monotonic() + self.interval
        document = fetcher.get_json(f"{self.index_url}/{name}")
        if isinstance(document, Failure):
            if document.reason == "not-found":
                message = f"no crate {name!r} on crates.io (misspelt, or private?)"
                return Failure("not-found", message)
            return document
        return parse(name, document)


def parse(name: str, document: Any) -> Project | Failure:
    """A project from the API's answer, or a `malformed` failure."""
    versions = document.get("versions") if isinstance(document, dict) else None
    if not isinstance(versions, list) or not all(isinstance(v, dict) for v in versions):
        return Failure("malformed", f"{name}: crates.io's answer has no `versions`")
    releases = tuple(
        Release(str(v.get("num")), v.get("created_at"), bool(v.get("yanked")))
        for v in versions
        if isinstance(v.get("num"), str)
    )
    return Project(name, releases, semver.parse)
