"""Release history of projects from a PyPI-compatible JSON API (`/pypi/<name>/json`).

Only what freshness needs is kept of each document (a large project's is megabytes): every
release with its first upload time and whether all its files are yanked. That compact form
is what the cache stores, for a day by default. Names are PEP 503 normalised, which is also
how the JSON API redirects them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from codevitals.deps.fetch import Failure, Fetcher
from codevitals.deps.store import Stamped

PYPI = "https://pypi.org/pypi"
TTL = 24 * 3600.0
"""Seconds release metadata stays fresh in the cache."""
_VERSION = "v1"


@dataclass(frozen=True, slots=True)
class Release:
    """One version of a project on the index."""

    version: str
    uploaded: str | None
    """ISO 8601 time of its first file's upload (UTC); None when it has no files."""
    yanked: bool = False
    yanked_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Project:
    """A project's releases, as the index lists them."""

    name: str
    releases: tuple[Release, ...]


class PypiClient:
    """Looks up projects: from the cache while fresh, else from the index, in parallel."""

    def __init__(self, fetcher: Fetcher | None, cache: Stamped, index_url: str = PYPI) -> None:
        """`fetcher` None means offline: only what the cache holds is known."""
        self._fetcher = fetcher
        self._cache = cache
        self.index_url = index_url.rstrip("/")
        digest = hashlib.sha1(self.index_url.encode(), usedforsecurity=False).hexdigest()
        self._prefix = f"pypi:{_VERSION}:{digest[:12]}:"

    def projects(self, names: Sequence[str]) -> dict[str, Project | Failure]:
        """Each of `names` (normalised) with its releases, or why they are unknown."""
        keys = {name: self._prefix + name for name in names}
        cached = self._cache.get_many(list(keys.values()))
        restored = {name: _restore(name, cached.get(key)) for name, key in keys.items()}
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
        document = fetcher.get_json(f"{self.index_url}/{name}/json")
        if isinstance(document, Failure):
            if document.reason == "not-found":
                message = f"no project {name!r} on the index (misspelt, or private?)"
                return Failure("not-found", message)
            return document
        return parse(name, document)


def parse(name: str, document: Any) -> Project | Failure:
    """A project from a JSON API document, or a `malformed` failure."""
    releases = document.get("releases") if isinstance(document, dict) else None
    if not isinstance(releases, dict):
        return Failure("malformed", f"{name}: the index's answer has no `releases`")
    return Project(
        name,
        tuple(
            _release(version, files)
            for version, files in releases.items()
            if isinstance(files, list) and files  # a release without files cannot be installed
        ),
    )


def _release(version: str, files: list[Any]) -> Release:
    uploads = [f.get("upload_time_iso_8601") for f in files if isinstance(f, dict)]
    yanked = all(isinstance(f, dict) and f.get("yanked") for f in files)
    reasons = [f.get("yanked_reason") for f in files if isinstance(f, dict)]
    return Release(
        version=version,
        uploaded=min((u for u in uploads if isinstance(u, str)), default=None),
        yanked=yanked,
        yanked_reason=next((r for r in reasons if isinstance(r, str) and r), None)
        if yanked
        else None,
    )


def _cacheable(item: Project | Failure) -> bool:
    """Projects, and the index's word that a project does not exist; not transient errors."""
    return isinstance(item, Project) or item.reason == "not-found"


def _compact(item: Project | Failure) -> Any:
    if isinstance(item, Failure):
        return {"missing": item.message}
    return {"releases": [[r.version, r.uploaded, r.yanked, r.yanked_reason] for r in item.releases]}


def _restore(name: str, payload: Any) -> Project | Failure | None:
    """A cached answer, or None when there is none (or it is not one we wrote)."""
    if isinstance(payload, dict) and isinstance(payload.get("missing"), str):
        return Failure("not-found", payload["missing"])
    rows = payload.get("releases") if isinstance(payload, dict) else None
    if not isinstance(rows, list) or not all(_is_row(row) for row in rows):
        return None
    return Project(name, tuple(Release(*row) for row in rows))


def _is_row(row: object) -> bool:
    """[version, uploaded, yanked, reason], as `_compact` writes it."""
    return isinstance(row, list) and len(row) == 4 and isinstance(row[0], str)
