"""NuGet: `*.csproj` package references, `Directory.Packages.props`, `packages.lock.json`.

Versions order as NuGet's `NuGetVersion` (`deps.nuget_version`: four numbers, SemVer 2
labels). Package ids are case-insensitive on nuget.org; they are kept as written, as OSV
spells them, and the registry client asks for them in lower case.
"""

from __future__ import annotations

from codevitals.deps.ecosystems.base import Ecosystem, as_written
from codevitals.deps.manifests import NUGET_SOURCES
from codevitals.deps.nuget import NUGET as NUGET_URL
from codevitals.deps.nuget import NuGetClient
from codevitals.deps.nuget_version import parse

NUGET = Ecosystem(
    name="NuGet",
    sources=NUGET_SOURCES,
    parse=parse,
    normalise=as_written,
    client=NuGetClient,
    registry_url=NUGET_URL,
)
