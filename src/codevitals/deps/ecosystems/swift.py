"""SwiftURL: SwiftPM's `Package.resolved`, packages named by their repositories' URLs.

OSV names this ecosystem `SwiftURL` and a package by its repository URL without the scheme
(`github.com/apple/swift-nio`). Versions are SemVer tags. SwiftPM has no central registry
(a package is its git repository, whose tags codevitals does not fetch): vulnerabilities
are looked up, freshness stays unknown.
"""

from __future__ import annotations

from codevitals.deps.ecosystems.base import Ecosystem
from codevitals.deps.manifests import SWIFT_SOURCES
from codevitals.deps.manifests.package_resolved import swift_url
from codevitals.deps.registry import NoRegistry
from codevitals.deps.semver import parse

SWIFT = Ecosystem(
    name="SwiftURL",
    sources=SWIFT_SOURCES,
    parse=parse,
    normalise=swift_url,
    client=NoRegistry,
    registry_url="",
)
