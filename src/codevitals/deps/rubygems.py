"""Release history of gems from RubyGems.org (`/api/v1/versions/<name>.json`).

The answer is a list with one entry per version and platform (`number`, `platform`,
`created_at`, `prerelease`); a native gem's version appears once per platform, and the
earliest upload is its release time. Yanked versions are not listed at all, so a version in
use that the list lacks has unknown freshness (`version-not-found`), never a clean one.
"""

from __future__ import annotations

from typing import Any

from codevitals.deps import gemversion
from codevitals.deps.fetch import Failure, Fetcher
from codevitals.deps.registry import CachedRegistry, Project, Release, unknown_name
from codevitals.deps.store import Stamped

RUBYGEMS = "https://rubygems.org/api/v1/versions"


class RubyGemsClient(CachedRegistry):
    """Looks gems up on RubyGems.org (or a registry answering the same API)."""

    kind = "rubygems"
    order = staticmethod(gemversion.parse)

    def __init__(self, fetcher: Fetcher | None, cache: Stamped, index_url: str = RUBYGEMS) -> None:
        """`fetcher` None means offline: only what the cache holds is known."""
        super().__init__(fetcher, cache, index_url)

    def _fetch(self, fetcher: Fetcher, name: str) -> Project | Failure:
        document = fetcher.get_json(f"{self.index_url}/{name}.json")
        if isinstance(document, Failure):
            return unknown_name(document, f"gem {name!r}", "RubyGems.org")
        return parse(name, document)


def parse(name: str, document: Any) -> Project | Failure:
    """A project from the API's answer, or a `malformed` failure."""
    if not isinstance(document, list) or not all(isinstance(v, dict) for v in document):
        return Failure("malformed", f"{name}: RubyGems.org's answer is not a list of versions")
    uploaded: dict[str, str | None] = {}
    for entry in document:
        number, created = entry.get("number"), entry.get("created_at")
        if not isinstance(number, str):
            continue
        created = created if isinstance(created, str) else None
        earlier = uploaded.get(number)
        # ISO 8601 times in one zone order as text; the first platform's upload is the release.
        uploaded[number] = min(t for t in (earlier, created) if t) if earlier or created else None
    releases = tuple(Release(number, time) for number, time in uploaded.items())
    return Project(name, releases, gemversion.parse)
