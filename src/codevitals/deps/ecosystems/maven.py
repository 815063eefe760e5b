"""Maven: `pom.xml`, `gradle.lockfile` and Gradle version catalogs, artifacts from Maven Central.

Versions order as Maven's `ComparableVersion` (`deps.maven_version`); a package is named
`group:artifact`, as OSV's `Maven` ecosystem names it, and case matters.
"""

from __future__ import annotations

from codevitals.deps.ecosystems.base import Ecosystem, as_written
from codevitals.deps.manifests import MAVEN_SOURCES
from codevitals.deps.maven import CENTRAL, MavenClient
from codevitals.deps.maven_version import parse

MAVEN = Ecosystem(
    name="Maven",
    sources=MAVEN_SOURCES,
    parse=parse,
    normalise=as_written,
    client=MavenClient,
    registry_url=CENTRAL,
)
