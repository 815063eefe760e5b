"""Release history of packages from the npm registry (`https://registry.npmjs.org/<name>`).

The abbreviated document (`Accept: application/vnd.npm.install-v1+json`) has no release
times, so the full one is read: `versions` (each with its `deprecated` message, if any) and
`time` (each version's publication). A deprecated version counts as withdrawn, as a yanked
release does on PyPI: it is not offered as the latest, and the report says so. Scoped names
are asked for as `@scope%2fname`, as npm itself does. The compact form is what the cache
stores (see `registry`).
"""

from __future__ import annotations

from typing import Any

from codevitals.deps import semver
from codevitals.deps.fetch import Failure, Fetcher
from codevitals.deps.registry import CachedRegistry, Project, Release, unknown_name
from codevitals.deps.store import Stamped

NPM = "https://registry.npmjs.org"


class NpmClient(CachedRegistry):
    """Looks up packages on an npm registry."""

    kind = "npm"
    order = staticmethod(semver.parse)

    def __init__(self, fetcher: Fetcher | None, cache: Stamped, index_url: str = NPM) -> None:
        """`fetcher` None means offline: only what the cache holds is known."""
        super().__init__(fetcher, cache, index_url)

    def _fetch(self, fetcher: Fetcher, name: str) -> Project | Failure:
        document = fetcher.get_json(f"{self.index_url}/{name.replace('/', '%2f')}")
        if isinstance(document, Failure):
            return unknown_name(document, f"package {name!r}", "the npm registry")
        return parse(name, document)


def parse(name: str, document: Any) -> Project | Failure:
    """A project from a registry document, or a `malformed` failure."""
    versions = document.get("versions") if isinstance(document, dict) else None
    times = document.get("time") if isinstance(document, dict) else None
    if not isinstance(versions, dict):
        return Failure("malformed", f"{name}: the registry's answer has no `versions`")
    times = times if isinstance(times, dict) else {}
    releases = tuple(_release(v, meta, times.get(v)) for v, meta in versions.items())
    return Project(name, releases, semver.parse)


def _release(version: str, meta: object, published: object) -> Release:
    deprecated = meta.get("deprecated") if isinstance(meta, dict) else None
    withdrawn = isinstance(deprecated, str) and bool(deprecated)
    return Release(
        version=version,
        uploaded=published if isinstance(published, str) else None,
        yanked=withdrawn,
        yanked_reason=f"deprecated: {deprecated}" if withdrawn else None,
    )
