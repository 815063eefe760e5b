"""Release history of Go modules from a module proxy (`https://proxy.golang.org`).

`<module>/@v/list` lists the tagged versions (one a line); `<module>/@v/<version>.info`
gives a version's `Time`. Asking for the time of every version of every module would be
thousands of requests, so only the most recent `_DATED` tagged versions are dated; a
pseudo-version (`v0.0.0-20191109021931-daa7c04131f5`) carries its own time. Retractions
come from the latest version's `go.mod` (`retract v1.0.1`, `retract [v1.0.0, v1.0.5]`):
a retracted version counts as withdrawn, as a yanked release does on PyPI. Upper-case
letters in module paths are escaped as `!` and the lower-case letter, as the proxy protocol
requires. A module without tags has no list; `@latest` then names its newest pseudo-version.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from codevitals.deps.fetch import Failure, Fetcher
from codevitals.deps.registry import CachedRegistry, Project, Release
from codevitals.deps.semver import SemVer, go
from codevitals.deps.store import Stamped

GOPROXY = "https://proxy.golang.org"
_DATED = 20
_PSEUDO = re.compile(r"[.-](\d{14})-[0-9a-f]{12}(?:\+incompatible)?$")
_RETRACT = re.compile(r"^\s*(?:retract\s+)?(\[[^\]]*\]|v\S+)\s*(?://\s*(.*))?$")


def escape(module: str) -> str:
    """The proxy's case-encoding: each upper-case letter as `!` and its lower case."""
    return re.sub(r"[A-Z]", lambda found: "!" + found.group(0).lower(), module)


def pseudo_time(version: str) -> str | None:
    """The commit time a pseudo-version carries (ISO 8601, UTC), or None."""
    found = _PSEUDO.search(version)
    if found is None:
        return None
    try:
        moment = dt.datetime.strptime(found.group(1), "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
    except ValueError:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class GoProxyClient(CachedRegistry):
    """Looks modules up on a Go module proxy."""

    kind = "goproxy"
    order = staticmethod(go)

    def __init__(self, fetcher: Fetcher | None, cache: Stamped, index_url: str = GOPROXY) -> None:
        """`fetcher` None means offline: only what the cache holds is known."""
        super().__init__(fetcher, cache, index_url)

    def _fetch(self, fetcher: Fetcher, name: str) -> Project | Failure:
        if name == "stdlib":
            return Failure("no-registry", "the Go toolchain's releases are not on the proxy")
        base = f"{self.index_url}/{escape(name)}/@v"
        listed = fetcher.get_text(f"{base}/list")
        if isinstance(listed, Failure):
            return _missing(name, listed)
        versions = sorted(
            ((at, v) for v in listed.split() if (at := go(v)) is not None), key=lambda p: p[0]
        )
        if not versions:
            return Failure("no-releases", f"{name}: no tagged versions on the proxy")
        retracted = _retractions(fetcher.get_text(f"{base}/{versions[-1][1]}.mod"))
        dated = {v for _, v in versions[-_DATED:]}
        # Sequential on purpose: this runs on the fetcher's pool, which must not wait on itself.
        times = {v: _time(fetcher.get_json(f"{base}/{v}.info")) for v in sorted(dated)}
        return Project(
            name,
            tuple(
                Release(v, times.get(v) or pseudo_time(v), *_retracted(at, retracted))
                for at, v in versions
            ),
            go,
        )


def _missing(name: str, failure: Failure) -> Failure:
    if failure.reason == "not-found" or failure.message.endswith("HTTP 410"):
        message = f"no module {name!r} on the Go module proxy (misspelt, or private?)"
        return Failure("not-found", message)
    return failure


def _time(info: Any) -> str | None:
    value = info.get("Time") if isinstance(info, dict) else None
    return value if isinstance(value, str) else None


Retraction = tuple[SemVer, SemVer, str]
"""The lowest and highest version retracted, and why."""


def _retractions(text: str | Failure) -> list[Retraction]:
    """The `retract` directives of a go.mod (single lines and blocks)."""
    if isinstance(text, Failure):
        return []
    found: list[Retraction] = []
    block = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("retract") and stripped.endswith("("):
            block = True
        elif block and stripped == ")":
            block = False
        elif block or stripped.startswith("retract"):
            retraction = _retraction(stripped)
            found += [retraction] if retraction is not None else []
    return found


def _retraction(directive: str) -> Retraction | None:
    """`retract v1.0.1 // why` or `[v1.0.0, v1.0.5]` (with or without the verb), else None."""
    match = _RETRACT.match(directive)
    if match is None:
        return None
    bounds = [go(v.strip()) for v in match.group(1).strip("[]").split(",")]
    low, high = bounds[0], bounds[-1]
    if low is None or high is None:
        return None
    return low, high, (match.group(2) or "").strip()


def _retracted(at: SemVer, retractions: list[Retraction]) -> tuple[bool, str | None]:
    for low, high, why in retractions:
        if low <= at <= high:
            return True, f"retracted: {why}" if why else "retracted"
    return False, None
