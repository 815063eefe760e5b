"""Composer's `composer.json`: the packages a PHP project asks for.

`require` is the main group and `require-dev` is `dev`. Platform packages — `php`, `hhvm`,
`ext-*`, `lib-*`, `composer`, `composer-plugin-api`, `composer-runtime-api` — are the
interpreter and its extensions, not packages of Packagist: they are skipped. A constraint
pins a version only when it is one exact version (`1.2.3`, `v1.2.3`, `=1.2.3`); a branch
(`dev-main`, `2.x-dev`) is unresolvable, and ranges take their version from `composer.lock`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any, ClassVar

from codevitals.deps.composerversion import parse
from codevitals.deps.manifests.base import Files, Lines, Parsed, Where, read_json, sections
from codevitals.model.deps import Declaration

ECOSYSTEM = "Packagist"
GROUPS = {"require": "", "require-dev": "dev"}
_PLATFORM = re.compile(
    r"^(php(-64bit|-ipv6|-zts|-debug)?|hhvm|composer|composer-plugin-api|composer-runtime-api"
    r"|ext-.+|lib-.+)$",
    re.IGNORECASE,
)
_BRANCH = re.compile(r"^dev-|[.-]dev$|\.x-dev$", re.IGNORECASE)


class ComposerJsonSource:
    """Composer's project manifest."""

    kind: ClassVar[str] = "composer.json"
    lockfile: ClassVar[bool] = False

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `composer.json`, outside `vendor/` (installed packages, not the project)."""
        return path.name == "composer.json" and "vendor" not in path.parts

    def read(self, files: Files, path: str) -> Parsed:
        """Each package of `require` and `require-dev` at its line."""
        parsed = Parsed()
        found = read_json(files, path, parsed)
        if found is None:
            return parsed
        text, document = found
        for name, spec, where in _requirements(document, Lines(text), path):
            if isinstance(spec, str):
                parsed.declarations.append(_declaration(name, spec, where))
            else:
                message = f"{name}: constraint is not a string"
                parsed.note(path, "invalid-manifest", message, where.line)
        return parsed


def _requirements(
    document: dict[str, Any], lines: Lines, path: str
) -> Iterator[tuple[str, object, Where]]:
    """(name, constraint, where) of every package required, platform packages left out."""
    for section, group, entries in sections(document, GROUPS):
        start = lines.find(f'"{section}"', start=0)
        for name, spec in entries.items():
            if not _PLATFORM.match(name):
                line = lines.find(f'"{name}"', start=start) if start is not None else None
                yield name, spec, Where(path, line, group)


def _declaration(name: str, spec: str, where: Where) -> Declaration:
    exact = spec.strip().removeprefix("==").removeprefix("=").strip()
    branch = bool(_BRANCH.search(exact.split("#")[0].split(" as ")[0].strip()))
    return Declaration(
        name=name.lower(),  # Packagist names are case-insensitive, and listed in lower case
        path=where.path,
        line=where.line,
        requirement=f"{name} {spec}",
        version=exact if not branch and parse(exact) is not None else None,
        group=where.group,
        unresolvable="vcs" if branch else None,
        ecosystem=ECOSYSTEM,
    )
