"""npm: `package.json` and every npm, yarn, pnpm and Bun lockfile.

The lockfiles are `package-lock.json`, `npm-shrinkwrap.json`, `yarn.lock`, `pnpm-lock.yaml`
and `bun.lock`.

Versions are SemVer (`deps.semver`); names are as written (the registry's are lower case,
and case matters to it).
"""

from __future__ import annotations

from codevitals.deps.ecosystems.base import Ecosystem, as_written
from codevitals.deps.manifests import NPM_SOURCES
from codevitals.deps.npm import NPM as NPM_URL
from codevitals.deps.npm import NpmClient
from codevitals.deps.semver import parse, satisfies
from codevitals.model.deps import Declaration


def _allows(item: Declaration, version: str) -> bool | None:
    """Whether a `package.json` range (`name@range`) holds a locked version."""
    at = parse(version)
    spec = item.requirement.removeprefix(f"{item.name}@")
    return satisfies(at, spec) if at is not None else None


NPM = Ecosystem(
    name="npm",
    sources=NPM_SOURCES,
    parse=parse,
    normalise=as_written,
    client=NpmClient,
    registry_url=NPM_URL,
    workspaces=True,
    allows=_allows,
)
