"""Release history of projects from a PyPI-compatible JSON API (`/pypi/<name>/json`).

Only what freshness needs is kept of each document (a large project's is megabytes): every
release with its first upload time and whether all its files are yanked. That compact form
is what the cache stores (see `registry`), for a day by default. Names are PEP 503
normalised, which is also how the JSON API redirects them.
"""

from __future__ import annotations

from typing import Any

from codevitals.deps.endpoints import PYPI
from codevitals.deps.fetch import Failure, Fetcher
from codevitals.deps.registry import TTL, CachedRegistry, Project, Release, unknown_name
from codevitals.deps.store import Stamped


class PypiClient(CachedRegistry):
    """Looks up projects on a PyPI-compatible JSON API."""

    kind = "pypi"

    def __init__(self, fetcher: Fetcher | None, cache: Stamped, index_url: str = PYPI) -> None:
        """`fetcher` None means offline: only what the cache holds is known."""
        super().__init__(fetcher, cache, index_url)

    def _fetch(self, fetcher: Fetcher, name: str) -> Project | Failure:
        document = fetcher.get_json(f"{self.index_url}/{name}/json")
        if isinstance(document, Failure):
            return unknown_name(document, f"project {name!r}", "the index")
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


__all__ = ["PYPI", "TTL", "Project", "PypiClient", "Release", "parse"]
