"""What every package registry answers, and the cache in front of all of them.

A registry client (PyPI's JSON API, the npm registry, …) turns a package's document into a
`Project`: every release with its first upload time and whether it is withdrawn (yanked on
PyPI, deprecated on npm). `CachedRegistry` holds what they share: answers come from the
cache while fresh, the rest are fetched in parallel through the one `Fetcher`, and only
projects (and a registry's word that a package does not exist) are cached, never transient
errors. Offline (no fetcher), only the cache answers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from codevitals.deps.fetch import Failure, Fetcher
from codevitals.deps.store import Stamped
from codevitals.deps.versions import Parse, pep440

TTL = 24 * 3600.0
"""Seconds release metadata stays fresh in the cache."""


class Release(NamedTuple):
    """One version of a project on the index (a tuple: a warm audit restores 100,000)."""

    version: str
    uploaded: str | None
    """ISO 8601 time of its first file's upload (UTC); None when it has no files."""
    yanked: bool = False
    yanked_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Project:
    """A project's releases, as the index lists them, and how its ecosystem orders them."""

    name: str
    releases: tuple[Release, ...]
    order: Parse = field(default=pep440, compare=False, repr=False)
    """The ecosystem's version parser (PEP 440 on PyPI)."""
    unmaintained: str | None = None
    """The registry's own word that the project is no longer maintained (Packagist's
    `abandoned`), or None when it says nothing."""


class RegistryClient(Protocol):
    """Where an ecosystem's release history comes from."""

    index_url: str

    def projects(self, names: Sequence[str]) -> dict[str, Project | Failure]:
        """Each of `names` (normalised) with its releases, or why they are unknown."""


class CachedRegistry:
    """Looks up projects: from the cache while fresh, else from the registry, in parallel.

    A subclass says how to fetch one project (`_fetch`); `kind` keeps its cache keys apart.
    """

    kind = "registry"
    order: Parse = staticmethod(pep440)
    """How the registry's ecosystem orders versions (`Project.order`)."""

    def __init__(self, fetcher: Fetcher | None, cache: Stamped, index_url: str) -> None:
        """`fetcher` None means offline: only what the cache holds is known."""
        self._fetcher = fetcher
        self._cache = cache
        self.index_url = index_url.rstrip("/")
        digest = hashlib.sha1(self.index_url.encode(), usedforsecurity=False).hexdigest()
        self._prefix = f"{self.kind}:v1:{digest[:12]}:"

    def projects(self, names: Sequence[str]) -> dict[str, Project | Failure]:
        """Each of `names` (normalised) with its releases, or why they are unknown."""
        keys = {name: self._prefix + name for name in names}
        cached = self._cache.get_many(list(keys.values()))
        restored = {name: self._restore(name, cached.get(key)) for name, key in keys.items()}
        found = {name: item for name, item in restored.items() if item is not None}
        missing = [name for name in names if name not in found]
        if self._fetcher is None:
            offline = Failure("offline", "--offline and not in the cache")
            return {**found, **dict.fromkeys(missing, offline)}
        fetcher = self._fetcher
        fetched = fetcher.map(lambda name: self._fetch(fetcher, name), missing)
        self._cache.put_many(
            {keys[name]: _compact(item) for name, item in zip(missing, fetched, strict=True)
             if _cacheable(item)}
        )  # fmt: skip
        found.update(zip(missing, fetched, strict=True))
        return found

    def _fetch(self, fetcher: Fetcher, name: str) -> Project | Failure:
        raise NotImplementedError

    def _restore(self, name: str, payload: Any) -> Project | Failure | None:
        """A cached answer, or None when there is none (or it is not one we wrote)."""
        if isinstance(payload, dict) and isinstance(payload.get("missing"), str):
            return Failure("not-found", payload["missing"])
        rows = payload.get("releases") if isinstance(payload, dict) else None
        if not isinstance(rows, list) or not all(map(_is_row, rows)):
            return None
        flag = payload.get("unmaintained")
        releases = tuple(map(Release._make, rows))
        return Project(name, releases, self.order, flag if isinstance(flag, str) else None)


def _cacheable(item: Project | Failure) -> bool:
    """Projects, and the index's word that a project does not exist; not transient errors."""
    return isinstance(item, Project) or item.reason == "not-found"


def _compact(item: Project | Failure) -> Any:
    if isinstance(item, Failure):
        return {"missing": item.message}
    rows = [[r.version, r.uploaded, r.yanked, r.yanked_reason] for r in item.releases]
    if item.unmaintained is not None:
        return {"releases": rows, "unmaintained": item.unmaintained}
    return {"releases": rows}


def _is_row(row: object) -> bool:
    """[version, uploaded, yanked, reason], as `_compact` writes it."""
    return type(row) is list and len(row) == 4 and type(row[0]) is str
