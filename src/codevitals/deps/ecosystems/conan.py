"""ConanCenter: Conan's `conanfile.txt` and `conan.lock`, C and C++ packages.

OSV names the ecosystem `ConanCenter` and a package by its recipe name (`zlib`, `openssl`).
Conan orders versions number by number and compares other parts as text, as Maven's
`ComparableVersion` does (`1.1.1` < `1.1.1t` < `1.1.1u`: OpenSSL's letter releases).
ConanCenter's web API is not a registry codevitals reads: vulnerabilities are looked up,
freshness stays unknown.
"""

from __future__ import annotations

from codevitals.deps.ecosystems.base import Ecosystem, as_written
from codevitals.deps.manifests import CONAN_SOURCES
from codevitals.deps.maven_version import parse
from codevitals.deps.registry import NoRegistry

CONAN = Ecosystem(
    name="ConanCenter",
    sources=CONAN_SOURCES,
    parse=parse,
    normalise=as_written,
    client=NoRegistry,
    registry_url="",
)
