"""pnpm's `pnpm-lock.yaml` (lockfile versions 5, 6 and 9): every package under `packages`.

Keys name a package and its version: `/a/1.2.3_peer` (v5), `/a@1.2.3(peer@1.0.0)` (v6),
`a@1.2.3` (v9); peer suffixes are left out. The YAML is read with a safe loader that
refuses aliases: pnpm never writes them, and a "billion laughs" file of nested aliases would
otherwise expand to gigabytes.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import PurePosixPath
from typing import Any, ClassVar

from codevitals.deps.manifests.base import Files, Parsed, Where, read_text
from codevitals.deps.manifests.npm_common import locked
from codevitals.model.deps import Relation

_KEY_LINE = re.compile(r"""^  (['"]?)(\S.*?)\1:\s*$""")


class PnpmLockSource:
    """pnpm's lockfile."""

    kind: ClassVar[str] = "pnpm-lock.yaml"
    lockfile: ClassVar[bool] = True

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `pnpm-lock.yaml`, outside `node_modules`."""
        return path.name == "pnpm-lock.yaml" and "node_modules" not in path.parts

    def read(self, files: Files, path: str) -> Parsed:
        """Every package with its version."""
        parsed = Parsed()
        text = read_text(files, path, parsed)
        document = load_yaml(text, path, parsed) if text is not None else None
        if document is None or text is None:
            return parsed
        packages = document.get("packages")
        lines = _key_lines(text)
        seen: set[tuple[str, str]] = set()
        for key, entry in packages.items() if isinstance(packages, dict) else ():
            name, version = split_key(str(key))
            if (name, version) in seen:
                continue
            seen.add((name, version))
            group = "dev" if isinstance(entry, dict) and entry.get("dev") is True else ""
            where = Where(path, lines.get(str(key)), group, Relation.UNKNOWN)
            declaration = locked(name, version, where, parsed)
            if declaration is not None:
                parsed.declarations.append(declaration)
        return parsed


def split_key(key: str) -> tuple[str, str]:
    """(name, version) of a `packages` key of any lockfile version."""
    key = key.removeprefix("/").split("(", 1)[0]
    at = key.rfind("@")
    if at > 0:
        return key[:at], key[at + 1 :]
    name, _, version = key.rpartition("/")  # v5: /name/version_peers
    return name, version.split("_", 1)[0]


def _key_lines(text: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = _KEY_LINE.match(line)
        if match is not None:
            found.setdefault(match.group(2), number)
    return found


def load_yaml(text: str, path: str, parsed: Parsed) -> dict[str, Any] | None:
    """The YAML mapping, or None with a notice (syntax errors, aliases, not a mapping)."""
    # Imported here: only YAML lockfiles need it, and every command loads this module.
    import yaml  # noqa: PLC0415

    try:
        document = _without_aliases(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        parsed.note(path, "invalid-yaml", str(problem), line)
        return None
    if not isinstance(document, dict):
        parsed.note(path, "invalid-lockfile", "not a YAML mapping", 1)
        return None
    return document


def _without_aliases(text: str) -> Any:
    """The YAML document, refused (a `ComposerError`) at its first alias, before composing.

    With libyaml (in PyYAML's wheels) the text is parsed twice in C: once into events, to find
    an alias before anything is built, then into the document. Both together take a fifth of
    the pure-Python loader's time (0.05 s against 0.23 s for vuejs/core's 190 kB lockfile).
    """
    import yaml  # noqa: PLC0415

    fast = getattr(yaml, "CSafeLoader", None)
    if fast is None:
        return yaml.load(text, Loader=_no_alias_loader())  # noqa: S506
    for event in yaml.parse(text, Loader=fast):
        if isinstance(event, yaml.AliasEvent):
            raise _refused(event)
    return yaml.load(text, Loader=fast)  # noqa: S506  (CSafeLoader is the safe loader)


def _refused(event: Any) -> Exception:
    import yaml  # noqa: PLC0415

    message = "aliases are not allowed in a lockfile"
    return yaml.composer.ComposerError(None, None, message, event.start_mark)


@cache
def _no_alias_loader() -> type[Any]:
    import yaml  # noqa: PLC0415

    class NoAliasLoader(yaml.SafeLoader):
        """The safe loader, refusing aliases (`*name`) before they are expanded."""

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                raise _refused(self.get_event())  # type: ignore[no-untyped-call]
            return super().compose_node(parent, index)

    return NoAliasLoader
