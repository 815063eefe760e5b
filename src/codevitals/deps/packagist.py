"""Release history of PHP packages from Packagist (`/p2/<vendor>/<name>.json`).

Composer 2's metadata lists a package's tagged releases, newest first, each with `version`
(as tagged, `v1.2.3`), `version_normalized` and `time`. The list is minified: each entry
holds only what differs from the one before it, and `"__unset"` removes a key, so entries
are expanded in order before they are read. A package marked `abandoned` (true, or the name
of its replacement) is reported unmaintained. Branches live in a second file (`~dev.json`)
and are not fetched: a package locked at a branch is unresolvable anyway.
"""

from __future__ import annotations

from typing import Any

from codevitals.deps import composerversion
from codevitals.deps.fetch import Failure, Fetcher
from codevitals.deps.registry import CachedRegistry, Project, Release, unknown_name
from codevitals.deps.store import Stamped

PACKAGIST = "https://repo.packagist.org/p2"
UNSET = "__unset"


class PackagistClient(CachedRegistry):
    """Looks packages up on Packagist (or a Composer 2 repository answering the same)."""

    kind = "packagist"
    order = staticmethod(composerversion.parse)

    def __init__(self, fetcher: Fetcher | None, cache: Stamped, index_url: str = PACKAGIST) -> None:
        """`fetcher` None means offline: only what the cache holds is known."""
        super().__init__(fetcher, cache, index_url)

    def _fetch(self, fetcher: Fetcher, name: str) -> Project | Failure:
        if name.count("/") != 1:
            return Failure("not-found", f"{name!r} is no Packagist name (vendor/package)")
        document = fetcher.get_json(f"{self.index_url}/{name}.json")
        if isinstance(document, Failure):
            return unknown_name(document, f"package {name!r}", "Packagist")
        return parse(name, document)


def parse(name: str, document: Any) -> Project | Failure:
    """A project from a `p2` document, or a `malformed` failure."""
    packages = document.get("packages") if isinstance(document, dict) else None
    entries = packages.get(name) if isinstance(packages, dict) else None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        return Failure("malformed", f"{name}: Packagist's answer has no `packages.{name}` list")
    expanded = _expand(entries) if document.get("minified") else entries
    releases = tuple(
        Release(e["version"], e.get("time") if isinstance(e.get("time"), str) else None)
        for e in expanded
        if isinstance(e.get("version"), str)
    )
    newest = expanded[0] if expanded else {}
    return Project(name, releases, composerversion.parse, _abandoned(newest.get("abandoned")))


def _expand(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Composer 2's minified list: each entry is the one before it with its own changes."""
    expanded: list[dict[str, Any]] = []
    current: dict[str, Any] = {}
    for entry in entries:
        current = {**current, **entry}
        current = {k: v for k, v in current.items() if v != UNSET}
        expanded.append(current)
    return expanded


def _abandoned(flag: object) -> str | None:
    """Why the package is unmaintained, from its `abandoned` key (true or a replacement)."""
    if isinstance(flag, str) and flag:
        return f"abandoned; use {flag} instead"
    return "abandoned" if flag is True else None
