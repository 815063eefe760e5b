"""Release history of crates from crates.io's sparse index, the one cargo itself reads.

A crate's index file has one JSON line per version; its `vers`, `yanked` and `pubtime` (the
publication time, in every entry crates.io serves) are what freshness needs. The index is
where crates.io sends automated tools: served from a CDN with no crawler limit, and reached
wherever cargo works. Its web API (`crates.io/api/v1/crates/<name>`) asks crawlers for one
request a second, so a cold audit of a 300-crate lockfile took five minutes there.
`--registry-url crates.io=URL` names another index of the same layout (a mirror, or a
repository manager's remote of crates.io).
"""

from __future__ import annotations

import json

from codevitals.deps import semver
from codevitals.deps.fetch import Failure, Fetcher
from codevitals.deps.registry import CachedRegistry, Project, Release, unknown_name

INDEX = "https://index.crates.io"


class CratesClient(CachedRegistry):
    """Looks crates up in crates.io's sparse index."""

    kind = "crates-index"
    order = staticmethod(semver.parse)

    def _fetch(self, fetcher: Fetcher, name: str) -> Project | Failure:
        text = fetcher.get_text(f"{self.index_url}/{index_path(name)}")
        if isinstance(text, Failure):
            return unknown_name(text, f"crate {name!r}", "crates.io")
        return parse(name, text)


def index_path(name: str) -> str:
    """Where the index keeps a crate's file: by its length and first letters, in lower case."""
    lowered = name.lower()
    if len(lowered) <= 2:
        return f"{len(lowered)}/{lowered}"
    if len(lowered) == 3:
        return f"3/{lowered[0]}/{lowered}"
    return f"{lowered[:2]}/{lowered[2:4]}/{lowered}"


def parse(name: str, text: str) -> Project | Failure:
    """A project from a crate's index file, or a `malformed` failure.

    A line that is not a version entry fails the whole file: an index answering with an HTML
    page or a truncated file must not pass for a crate with fewer releases.
    """
    releases: list[Release] = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            release = _release(line)
            if release is None:
                message = f"{name}: line {number} of its index file is no version entry"
                return Failure("malformed", message)
            releases.append(release)
    if not releases:
        return Failure("malformed", f"{name}: its index file lists no version")
    return Project(name, tuple(releases), semver.parse)


def _release(line: str) -> Release | None:
    """The version one line of an index file describes, or None when it describes none."""
    try:
        entry = json.loads(line)
    except ValueError:
        return None
    version = entry.get("vers") if isinstance(entry, dict) else None
    if not isinstance(version, str):
        return None
    published = entry.get("pubtime")  # absent from entries of indexes that do not date them
    return Release(
        version, published if isinstance(published, str) else None, entry.get("yanked") is True
    )
