"""What npm's manifest and lockfile readers share: names, specs and declarations."""

from __future__ import annotations

import re

from codevitals.deps.manifests.base import Parsed, Where
from codevitals.deps.semver import parse
from codevitals.model.deps import Declaration

ECOSYSTEM = "npm"
_PROTOCOLS = (
    ("file:", "path"), ("link:", "path"), ("portal:", "path"), ("workspace:", "path"),
    ("git", "vcs"), ("github:", "vcs"), ("gitlab:", "vcs"), ("bitbucket:", "vcs"),
    ("http:", "url"), ("https:", "url"), ("npm:", "alias"),
)  # fmt: skip
_GITHUB_SHORTHAND = re.compile(r"^[\w.-]+/[\w.-]+(#.*)?$")


def key_lines(text: str, opener: str) -> dict[str, int]:
    """The line where each key first opens an object (`{`) or array (`[`), in one pass.

    A lockfile of thousands of packages is not searched once per package; and only the lines
    holding the opener meet the pattern (half the time of matching every line).
    """
    pattern = re.compile(r'\s*"((?:[^"\\]|\\.)*)"\s*:\s*' + re.escape(opener))
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = pattern.match(line) if opener in line else None
        if match is not None:
            found.setdefault(match.group(1), number)
    return found


def spec_kind(spec: str) -> str | None:
    """Why a dependency spec names no registry version (path, vcs, url, alias), or None."""
    lowered = spec.strip().lower()
    kind = next((kind for prefix, kind in _PROTOCOLS if lowered.startswith(prefix)), None)
    if kind is None and _GITHUB_SHORTHAND.match(lowered):
        return "vcs"
    return kind


def exact(spec: str) -> str | None:
    """The one version a spec allows (`1.2.3`, `=1.2.3`, `v1.2.3`), else None."""
    found = parse(spec.strip())
    return str(found) if found is not None and spec.strip() != "0" else None


def declared(name: str, spec: str, where: Where) -> Declaration:
    """A `package.json` dependency: pinned when the spec is one exact version."""
    kind = spec_kind(spec)
    return Declaration(
        name=name,
        path=where.path,
        line=where.line,
        requirement=f"{name}@{spec}",
        version=None if kind else exact(spec),
        group=where.group,
        relation=where.relation,
        unresolvable=kind,
        ecosystem=ECOSYSTEM,
    )


def locked(name: str, version: object, where: Where, parsed: Parsed) -> Declaration | None:
    """A lockfile entry, or None with a notice when it has no version."""
    if not isinstance(version, str) or not version:
        parsed.note(where.path, "invalid-lockfile", f"{name}: no version", where.line)
        return None
    kind = spec_kind(version)
    if kind is None and parse(version) is None:
        message = f"{name}: {version!r} is not a SemVer version; it cannot be compared"
        parsed.note(where.path, "invalid-version", message, where.line)
    return Declaration(
        name=name,
        path=where.path,
        line=where.line,
        requirement=f"{name}@{version}",
        version=None if kind else version,
        group=where.group,
        relation=where.relation,
        unresolvable=kind,
        ecosystem=ECOSYSTEM,
    )
