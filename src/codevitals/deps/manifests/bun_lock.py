"""Bun's text lockfile, `bun.lock` (Bun 1.2 and later).

It is JSON with trailing commas (JSONC): commas before a closing bracket and comments are
dropped, keeping every line where it was, before it is parsed as JSON. `packages` maps a
package's place in the tree (`debug`, or `debug/ms` for a copy nested under debug) to an
array whose first item is `name@version`; `name@workspace:…` is a member of the workspace,
the project's own code, and a git, GitHub, tarball or folder spec names no registry version.
The older binary `bun.lockb` is not read.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import ClassVar

from codevitals.deps.manifests.base import Files, Parsed, Where, load_json, read_text
from codevitals.deps.manifests.npm_common import key_lines, locked
from codevitals.model.deps import Relation

# A string (kept), a comment or a comma before `}`/`]` (dropped): strings first, so a `//`
# or `,}` inside one is left alone.
_JSONC = re.compile(r'("(?:[^"\\\n]|\\.)*")|(//[^\n]*|/\*.*?\*/)|,(\s*[}\]])', re.DOTALL)


class BunLockSource:
    """Bun's text lockfile."""

    kind: ClassVar[str] = "bun.lock"
    lockfile: ClassVar[bool] = True

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `bun.lock`, outside `node_modules`."""
        return path.name == "bun.lock" and "node_modules" not in path.parts

    def read(self, files: Files, path: str) -> Parsed:
        """Every installed package with its version, top-level copies first."""
        parsed = Parsed()
        text = read_text(files, path, parsed)
        document = load_json(strict_json(text), path, parsed) if text is not None else None
        if text is None or document is None:
            return parsed
        packages = document.get("packages", {})
        if not isinstance(packages, dict):
            parsed.note(path, "invalid-lockfile", "`packages` is not an object", 1)
            return parsed
        lines = key_lines(text, "[")
        # A hoisted copy (`ms`) before a nested one (`debug/ms`): the project's is the former.
        for key in sorted(packages, key=_depth):
            where = Where(path, lines.get(key), "", Relation.UNKNOWN)
            _read_entry(key, packages[key], where, parsed)
        return parsed


def strict_json(text: str) -> str:
    """JSONC as JSON: comments and trailing commas dropped, every line kept in its place."""

    def plain(found: re.Match[str]) -> str:
        string, comment, closing = found.groups()
        if string is not None:
            return string
        if comment is not None:
            return "\n" * comment.count("\n")
        return str(closing)

    return _JSONC.sub(plain, text)


def _read_entry(key: str, entry: object, where: Where, parsed: Parsed) -> None:
    ident = entry[0] if isinstance(entry, list) and entry else None
    at = ident.rfind("@") if isinstance(ident, str) else -1
    if not isinstance(ident, str) or at <= 0:
        parsed.note(where.path, "invalid-lockfile", f"{key}: no `name@version`", where.line)
        return
    name, spec = ident[:at], ident[at + 1 :]
    if spec.startswith("workspace:"):
        return  # a member of the workspace: the project's own code
    declaration = locked(name, spec, where, parsed)
    if declaration is not None:
        parsed.declarations.append(declaration)


def _depth(key: str) -> int:
    """How deep a place is in the tree: `a` 0, `a/b` 1, `@s/a/@s/b` 1."""
    return len(re.findall(r"(?:^|/)(?:@[^/]+/)?[^/@]+", key)) - 1
