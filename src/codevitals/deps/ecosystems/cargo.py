"""crates.io: Cargo's `Cargo.toml` (workspaces too) and `Cargo.lock`.

Versions are SemVer; a requirement is a range in Cargo's own spelling (`"1.2"` is `^1.2`,
comparators separated by commas), which picks the locked version a manifest asks for.
"""

from __future__ import annotations

from codevitals.deps.crates import INDEX, CratesClient
from codevitals.deps.ecosystems.base import Ecosystem, as_written
from codevitals.deps.manifests import CARGO_SOURCES
from codevitals.deps.semver import parse, satisfies
from codevitals.model.deps import Declaration


def _allows(item: Declaration, version: str) -> bool | None:
    """Whether a Cargo requirement (`name 1.2`, `name >=1, <2`) holds a locked version."""
    at = parse(version)
    spec = item.requirement.removeprefix(item.name).strip()
    if at is None or not spec:
        return None
    parts = [p.strip() for p in spec.split(",")]
    return satisfies(at, " ".join(f"^{p}" if p[:1].isdigit() else p for p in parts))


CARGO = Ecosystem(
    name="crates.io",
    sources=CARGO_SOURCES,
    parse=parse,
    normalise=as_written,
    client=CratesClient,
    registry_url=INDEX,
    workspaces=True,
    allows=_allows,
)
