"""Release history of Maven artifacts from Maven Central.

`<group as path>/<artifact>/maven-metadata.xml` lists every version the repository holds; it
has no release times. Those come from Central's search API (`core=gav`, one document per
version with its `timestamp` in milliseconds) when it answers; when it does not (it is often
unreachable where the repository is), every time is unknown — never guessed from the
metadata's `lastUpdated`, which is when the file was rewritten, not when a version shipped.
Maven Central never withdraws a version, so none is yanked. Names are `group:artifact`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import quote

from codevitals.deps import maven_version, safe_xml
from codevitals.deps.fetch import Failure, Fetcher
from codevitals.deps.registry import CachedRegistry, Project, Release, unknown_name
from codevitals.deps.store import Stamped

CENTRAL = "https://repo1.maven.org/maven2"
SEARCH = "https://search.maven.org/solrsearch/select"
_COORDINATES = re.compile(r"^[^:/]+:[^:/]+$")
ROWS = 200
"""Versions dated per artifact: the search API pages, and the newest matter most."""


class MavenClient(CachedRegistry):
    """Looks artifacts up on a Maven repository laid out as Central is."""

    kind = "maven"
    order = staticmethod(maven_version.parse)

    def __init__(self, fetcher: Fetcher | None, cache: Stamped, index_url: str = CENTRAL) -> None:
        """`fetcher` None means offline: only what the cache holds is known."""
        super().__init__(fetcher, cache, index_url)
        self.search_url = SEARCH if index_url.rstrip("/") == CENTRAL else None

    def _fetch(self, fetcher: Fetcher, name: str) -> Project | Failure:
        group, _, artifact = name.partition(":")
        if not _COORDINATES.match(name):
            return Failure("not-found", f"{name!r} is not a Maven `group:artifact` name")
        url = f"{self.index_url}/{group.replace('.', '/')}/{artifact}/maven-metadata.xml"
        document = fetcher.get_text(url)
        if isinstance(document, Failure):
            return unknown_name(document, f"artifact {name!r}", self.index_url)
        times = self._times(fetcher, group, artifact) if self.search_url else {}
        return parse(name, document, times)

    def _times(self, fetcher: Fetcher, group: str, artifact: str) -> dict[str, str]:
        query = quote(f'g:"{group}" AND a:"{artifact}"')
        answer = fetcher.get_json(f"{self.search_url}?q={query}&core=gav&rows={ROWS}&wt=json")
        return search_times(answer)


def parse(name: str, document: str, times: dict[str, str]) -> Project | Failure:
    """A project from `maven-metadata.xml` and the times known, or a `malformed` failure."""
    try:
        root = safe_xml.load(document)
    except safe_xml.XmlError as error:
        return Failure("malformed", f"{name}: maven-metadata.xml is not XML ({error})")
    listed = root.findall("versioning/versions/version")
    versions = [v.text.strip() for v in listed if v.text and v.text.strip()]
    if root.tag != "metadata" or not versions:
        return Failure("malformed", f"{name}: maven-metadata.xml lists no versions")
    releases = tuple(Release(v, times.get(v)) for v in dict.fromkeys(versions))
    return Project(name, releases, maven_version.parse)


def search_times(answer: Any | Failure) -> dict[str, str]:
    """Each version's upload time (ISO 8601, UTC) from a `core=gav` search answer."""
    response = answer.get("response") if isinstance(answer, dict) else None
    docs = response.get("docs") if isinstance(response, dict) else None
    times: dict[str, str] = {}
    for doc in docs if isinstance(docs, list) else []:
        version = doc.get("v") if isinstance(doc, dict) else None
        when = _iso(doc.get("timestamp")) if isinstance(doc, dict) else None
        if isinstance(version, str) and when is not None:
            times[version] = when
    return times


def _iso(milliseconds: object) -> str | None:
    """The time of a millisecond timestamp, or None when it is none (or past year 5000)."""
    if not isinstance(milliseconds, int) or not 0 < milliseconds < 10**14:
        return None
    moment = dt.datetime.fromtimestamp(milliseconds / 1000, tz=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
