"""Release history of NuGet packages from nuget.org's V3 API.

The flat container (`/v3-flatcontainer/<id>/index.json`, ids in lower case) lists every
version, normalised. The registration index beside it
(`/v3/registration5-gz-semver2/<id>/index.json`) gives each version's `published` time,
whether it is `listed` and its `deprecation`; its pages are inline for small packages and
fetched by their `@id` otherwise. An unlisted or deprecated version counts as withdrawn, as
a yanked release does on PyPI. When the registration does not answer, the versions are
still known and their times unknown.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from codevitals.deps import nuget_version
from codevitals.deps.fetch import Failure, Fetcher
from codevitals.deps.registry import CachedRegistry, Project, Release, unknown_name
from codevitals.deps.store import Stamped

NUGET = "https://api.nuget.org/v3-flatcontainer"
REGISTRATION = "v3/registration5-gz-semver2"
"""Beside the flat container: `<feed>/v3/registration5-gz-semver2/<id>/index.json`."""
_PAGES = 20
"""Registration pages fetched per package at most (each holds up to 64 versions)."""
_UNLISTED = "1900-01-01"
"""The `published` date nuget.org gives an unlisted version."""

Entry = tuple[str | None, bool, str | None]
"""A version's publication time, whether it is withdrawn, and why."""


class NuGetClient(CachedRegistry):
    """Looks packages up on a NuGet V3 feed."""

    kind = "nuget"
    order = staticmethod(nuget_version.parse)

    def __init__(self, fetcher: Fetcher | None, cache: Stamped, index_url: str = NUGET) -> None:
        """`fetcher` None means offline: only what the cache holds is known."""
        super().__init__(fetcher, cache, index_url)
        base, _, leaf = self.index_url.rpartition("/")
        # A feed laid out as nuget.org's has its registration beside the flat container.
        self.registration_url = f"{base}/{REGISTRATION}" if leaf == "v3-flatcontainer" else None

    def _fetch(self, fetcher: Fetcher, name: str) -> Project | Failure:
        package = name.lower()
        listed = fetcher.get_json(f"{self.index_url}/{package}/index.json")
        if isinstance(listed, Failure):
            return unknown_name(listed, f"package {name!r}", self.index_url)
        versions = listed.get("versions") if isinstance(listed, dict) else None
        if not isinstance(versions, list) or not all(isinstance(v, str) for v in versions):
            return Failure("malformed", f"{name}: the feed's answer has no `versions`")
        entries: dict[str, Entry] = {}
        if self.registration_url is not None:
            url = f"{self.registration_url}/{package}/index.json"
            entries = registration(fetcher, fetcher.get_json(url))
        releases = tuple(
            Release(v, *entries.get(nuget_version.normalised(v), (None, False, None)))
            for v in versions
        )
        return Project(name, releases, nuget_version.parse)


def registration(fetcher: Fetcher, index: Any) -> dict[str, Entry]:
    """Each version's entry (by normalised version) from a registration index and its pages."""
    entries: dict[str, Entry] = {}
    for page in _pages(fetcher, index):
        leaves = page.get("items")
        for leaf in leaves if isinstance(leaves, list) else []:
            entry = leaf.get("catalogEntry") if isinstance(leaf, dict) else None
            if isinstance(entry, dict) and isinstance(entry.get("version"), str):
                entries[nuget_version.normalised(entry["version"])] = _entry(entry)
    return entries


def _pages(fetcher: Fetcher, index: Any) -> Iterator[dict[str, Any]]:
    """The index's pages: inline ones as they are, the others fetched by their `@id`."""
    pages = index.get("items") if isinstance(index, dict) else None
    for page in (pages if isinstance(pages, list) else [])[:_PAGES]:
        if not isinstance(page, dict):
            continue
        if "items" in page or not isinstance(page.get("@id"), str):
            yield page
            continue
        # Sequential on purpose: this runs on the fetcher's pool, which must not wait on itself.
        answer = fetcher.get_json(page["@id"])
        if isinstance(answer, dict):
            yield answer


def _entry(entry: dict[str, Any]) -> Entry:
    published = entry.get("published")
    when = published if isinstance(published, str) and published[:4] > "1900" else None
    unlisted = entry.get("listed") is False or (
        isinstance(published, str) and published.startswith(_UNLISTED)
    )
    deprecation = entry.get("deprecation")
    if isinstance(deprecation, dict):
        reasons = deprecation.get("reasons")
        why = (
            ", ".join(r for r in reasons if isinstance(r, str)) if isinstance(reasons, list) else ""
        )
        message = deprecation.get("message")
        detail = f"{why}: {message}" if isinstance(message, str) and message else why
        return when, True, f"deprecated: {detail}".rstrip(": ")
    return when, unlisted, "unlisted" if unlisted else None
