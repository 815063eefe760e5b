"""Cargo's `Cargo.toml`: the crates a package (or a workspace) asks for, by kind.

`[dependencies]` are the main group; `[dev-dependencies]` and `[build-dependencies]` are
`dev` and `build`, also under `[target.<cfg>.…]`; `[workspace.dependencies]` are what the
members inherit (`workspace = true`). A requirement is a range (`"1.2"` means `^1.2`): only
`"=1.2.3"` pins a version, and the `Cargo.lock` beside it says which version is in use. A
`package = "…"` key renames a crate: the real name is audited. `path` and `git` crates are
unresolvable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any, ClassVar

from codevitals.deps.manifests.base import Files, Parsed, Where, read_toml, table
from codevitals.deps.semver import parse
from codevitals.model.deps import Declaration

ECOSYSTEM = "crates.io"
KINDS = {"dependencies": "", "dev-dependencies": "dev", "build-dependencies": "build"}


class CargoTomlSource:
    """Cargo's manifest."""

    kind: ClassVar[str] = "Cargo.toml"
    lockfile: ClassVar[bool] = False

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `Cargo.toml`, outside `vendor/` and `target/`."""
        return path.name == "Cargo.toml" and not {"vendor", "target"} & set(path.parts)

    def read(self, files: Files, path: str) -> Parsed:
        """Each dependency of each kind, at the line that names it."""
        parsed = Parsed()
        found = read_toml(files, path, parsed)
        if found is not None:
            text, document = found
            lines = text.splitlines()
            for name, spec, group in _dependencies(document):
                where = Where(path, _line(lines, name), group)
                parsed.declarations.append(_declared(name, spec, where))
        return parsed


def _dependencies(document: dict[str, Any]) -> Iterator[tuple[str, Any, str]]:
    """(key, spec, group) of every dependency table of the manifest."""
    tables = [(table(document, kind), group) for kind, group in KINDS.items()]
    tables += [(table(document, "workspace", "dependencies"), "")]
    for target in table(document, "target").values():
        tables += [(table(target, kind), group) for kind, group in KINDS.items()]
    for entries, group in tables:
        for name, spec in entries.items():
            yield name, spec, group


def _declared(key: str, spec: Any, where: Where) -> Declaration:
    detail = spec if isinstance(spec, dict) else {"version": spec}
    renamed, version = detail.get("package"), detail.get("version")
    name = renamed if isinstance(renamed, str) else key
    requirement = version if isinstance(version, str) else ""
    kind = "path" if "path" in detail else "vcs" if "git" in detail else None
    return Declaration(
        name=name,
        path=where.path,
        line=where.line,
        requirement=f"{name} {requirement}".strip(),
        version=None if kind else _pinned(requirement),
        group=where.group,
        unresolvable=kind,
        ecosystem=ECOSYSTEM,
    )


def _pinned(requirement: str) -> str | None:
    """The version of `=1.2.3`, the only requirement that names one version."""
    text = requirement.strip()
    exact = parse(text[1:].strip()) if text.startswith("=") else None
    return str(exact) if exact is not None else None


def _line(lines: list[str], name: str) -> int | None:
    """The first line whose key is `name` (`name = …` or `[dependencies.name]`)."""
    pattern = re.compile(rf"""^\s*(\["?[\w.-]*\.)?"?{re.escape(name)}"?\s*(=|\])""")
    return next((number for number, line in enumerate(lines, 1) if pattern.match(line)), None)
