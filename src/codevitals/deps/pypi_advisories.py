"""Known vulnerabilities from PyPI itself: the second source when OSV cannot be reached.

The JSON API's document of one release (`/pypi/<name>/<version>/json`) lists the
advisories affecting that release under `vulnerabilities` (id, aliases, summary, details,
`fixed_in`, link, withdrawn) — PyPI's own copy of the OSV data, which pip-audit reads by
default. Each entry becomes an `Advisory` whose single range starts at the release and ends
at its lowest `fixed_in` above it, so the audit computes fixes the same way for both
sources. Answers are cached as OSV's are, for an hour.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from codevitals.deps.advisory import ECOSYSTEM, Advisory, Affected, Event, VersionRange
from codevitals.deps.endpoints import PYPI
from codevitals.deps.fetch import Failure, Fetcher
from codevitals.deps.osv import QUERY_TTL, Query
from codevitals.deps.ranges import version
from codevitals.deps.store import Stamped
from codevitals.model.deps import VulnerabilitySource

TTL = QUERY_TTL
"""Seconds a release's list of vulnerabilities stays fresh in the cache."""


class PypiAdvisoryService:
    """Reads each release's `vulnerabilities` from a PyPI-compatible JSON API."""

    source = VulnerabilitySource.PYPI
    ecosystems = frozenset({ECOSYSTEM})
    """PyPI knows only its own packages: the audit asks it about no other ecosystem."""

    def __init__(self, fetcher: Fetcher, cache: Stamped, index_url: str = PYPI) -> None:
        self._fetcher = fetcher
        self._cache = cache
        self.index_url = index_url.rstrip("/")
        self.description = self.index_url
        digest = hashlib.sha1(self.index_url.encode(), usedforsecurity=False).hexdigest()[:12]
        self._prefix = f"pypi-vulns:v1:{digest}:"

    def advisories(
        self, queries: Sequence[Query], ecosystem: str = ECOSYSTEM
    ) -> dict[Query, list[Advisory] | Failure]:
        """The advisories PyPI lists for each release, or why that is unknown."""
        if ecosystem != ECOSYSTEM:
            return dict.fromkeys(queries, Failure("unsupported", "PyPI knows only PyPI packages"))
        keys = {query: f"{self._prefix}{query[0]}\0{query[1]}" for query in queries}
        cached = self._cache.get_many(list(keys.values()))
        found: dict[Query, list[dict[str, Any]] | Failure] = {
            query: cached[key] for query, key in keys.items() if isinstance(cached.get(key), list)
        }
        missing = [query for query in queries if query not in found]
        fetched = self._fetcher.map(self._fetch, missing)
        found.update(zip(missing, fetched, strict=True))
        self._cache.put_many(
            {keys[q]: entries for q in missing if isinstance(entries := found[q], list)}
        )
        return {query: _advisories(query, found[query]) for query in queries}

    def _fetch(self, query: Query) -> list[dict[str, Any]] | Failure:
        name, release = query
        url = f"{self.index_url}/{name}/{release}/json"
        document = self._fetcher.get_json(url)
        if isinstance(document, Failure):
            return Failure(document.reason, f"PyPI: {document.message}")
        entries = document.get("vulnerabilities") if isinstance(document, dict) else None
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            return Failure("malformed", f"PyPI: {url}: no `vulnerabilities` list")
        return entries


def _advisories(query: Query, entries: list[dict[str, Any]] | Failure) -> list[Advisory] | Failure:
    if isinstance(entries, Failure):
        return entries
    return [_advisory(entry, query[1]) for entry in entries if not entry.get("withdrawn")]


def _advisory(entry: dict[str, Any], release: str) -> Advisory:
    """One entry as an advisory affecting `release` until its lowest fix above it."""
    current = version(release)
    fixes = [at for at in map(version, _strings(entry.get("fixed_in"))) if at is not None]
    later = [at for at in fixes if current is not None and at > current]
    events = [Event("introduced", release)] + ([Event("fixed", str(min(later)))] if later else [])
    summary = entry.get("summary") or entry.get("details") or ""
    return Advisory(
        id=str(entry.get("id", "")),
        aliases=tuple(_strings(entry.get("aliases"))),
        summary=" ".join(str(summary).strip().split("\n\n", 1)[0].split()),
        affected=(Affected((VersionRange("ECOSYSTEM", tuple(events)),), (release,)),),
    )


def _strings(value: object) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []
