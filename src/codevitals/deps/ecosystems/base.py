"""The `Ecosystem` seam: everything the audit knows of one package ecosystem.

An ecosystem is named as OSV spells it (`PyPI`, `npm`, `Go`, `crates.io`, …) and brings its
manifest and lockfile readers, its version ordering, its name normalisation and the client of
its registry. The audit, OSV lookups and range evaluation are written once against it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from codevitals.deps.fetch import Fetcher
from codevitals.deps.manifests.base import ManifestSource
from codevitals.deps.registry import RegistryClient
from codevitals.deps.store import Stamped
from codevitals.deps.versions import Parse
from codevitals.model.deps import Declaration

ClientFactory = Callable[[Fetcher | None, Stamped, str], RegistryClient]
"""Builds the registry client from the fetcher (None offline), its cache and the URL."""


def as_written(name: str) -> str:
    """The `normalise` of an ecosystem whose package names are compared as written."""
    return name


@dataclass(frozen=True, slots=True)
class Ecosystem:
    """One package ecosystem."""

    name: str
    """As OSV spells it, in queries and in `affected[].package.ecosystem`."""
    sources: tuple[ManifestSource, ...]
    parse: Parse
    """Its version ordering: text to a comparable version, None when not one."""
    normalise: Callable[[str], str]
    """The canonical form of a package name (PEP 503 on PyPI; as written elsewhere)."""
    client: ClientFactory
    registry_url: str
    workspaces: bool = False
    """Whether a lockfile resolves the manifests of the folders below it (npm, Cargo)."""
    allows: Callable[[Declaration, str], bool | None] | None = None
    """Whether a declaration's range allows a locked version (None: the first lock entry
    of the name is the one)."""
