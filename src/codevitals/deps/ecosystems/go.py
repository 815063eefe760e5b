"""Go: `go.mod` and `go.sum`, modules from the Go module proxy.

Versions are SemVer with Go's `v` prefix (`deps.semver.go`); module paths are as written
(case matters, and the proxy escapes it).
"""

from __future__ import annotations

from codevitals.deps.ecosystems.base import Ecosystem, as_written
from codevitals.deps.goproxy import GOPROXY, GoProxyClient
from codevitals.deps.manifests import GO_SOURCES
from codevitals.deps.semver import go

GO = Ecosystem(
    name="Go",
    sources=GO_SOURCES,
    parse=go,
    normalise=as_written,
    client=GoProxyClient,
    registry_url=GOPROXY,
)
