r"""pip requirements files: `requirements*.txt` and `requirements/*.txt`.

Follows pip's file format: `\\` continues a line, `#` after whitespace starts a comment,
`-r`/`--requirement` includes another file and `-c`/`--constraint` pins versions without
declaring anything. Per-requirement options (`--hash`, …) are dropped; global options
(`--index-url`, `--pre`, …) are ignored. Editable, URL and VCS requirements are reported
as unresolvable: no index version describes what they install. Includes are read only
inside the audited folder, never from the network, and an include loop is reported once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import ClassVar

from codevitals.deps.manifests.base import (
    Files,
    Parsed,
    Where,
    canonicalize_name,
    from_pep508,
    read_text,
)
from codevitals.model.deps import Declaration

_COMMENT = re.compile(r"(^|\s+)#.*$")
_OPTION = re.compile(r"^(-[a-zA-Z]|--[a-z-]+)(?:[=\s]\s*|(?=\S))?(.*)$")
_INCLUDES = {"-r": "include", "--requirement": "include", "-c": "constraint",
             "--constraint": "constraint"}  # fmt: skip
_EDITABLE = frozenset({"-e", "--editable"})
_EGG = re.compile(r"[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
_URL_START = re.compile(r"^(\w[\w+.-]*://|\.{0,2}/|\.$|\.\.$)")


def is_requirements(path: PurePosixPath) -> bool:
    """`requirements*.txt`, `*-requirements.txt`, or any `.txt` in a `requirements/` folder."""
    name = path.name.lower()
    if not name.endswith(".txt"):
        return False
    in_folder = path.parent.name.lower() in ("requirements", "reqs")
    return in_folder or name.startswith("requirements") or name.endswith("requirements.txt")


def group_of(path: PurePosixPath) -> str:
    """`requirements-dev.txt` and `requirements/dev.txt` are the `dev` group."""
    stem = path.stem.lower()
    if path.parent.name.lower() in ("requirements", "reqs") and stem != "requirements":
        return stem
    return stem.removeprefix("requirements").strip("-_.") or ""


@dataclass(frozen=True, slots=True)
class LogicalLine:
    r"""A line after joining `\\` continuations, with the number of its first physical line."""

    number: int
    text: str


def logical_lines(text: str) -> list[LogicalLine]:
    """Join continuations, drop comments and blank lines."""
    lines: list[LogicalLine] = []
    pending: list[str] = []
    start = 1
    for number, raw in enumerate(text.splitlines(), start=1):
        if not pending:
            start = number
        stripped = _COMMENT.sub("", raw)
        if stripped.endswith("\\"):
            pending.append(stripped[:-1])
            continue
        joined = " ".join([*pending, stripped]).strip()
        pending = []
        if joined:
            lines.append(LogicalLine(start, joined))
    if pending and " ".join(pending).strip():
        lines.append(LogicalLine(start, " ".join(pending).strip()))
    return lines


@dataclass(slots=True)
class _Walk:
    """State shared by a file and everything it includes."""

    files: Files
    parsed: Parsed = field(default_factory=Parsed)
    stack: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    """The group of each file on the stack: each file's declarations are in its own."""
    seen: set[str] = field(default_factory=set)
    constraints: dict[str, Declaration] = field(default_factory=dict)


class RequirementsSource:
    """pip requirements files, with their includes and constraints."""

    kind: ClassVar[str] = "requirements"
    lockfile: ClassVar[bool] = False

    def matches(self, path: PurePosixPath) -> bool:
        """`requirements*.txt` and friends."""
        return is_requirements(path)

    def read(self, files: Files, path: str) -> Parsed:
        """Declarations of the file and its includes; constraints pin unpinned ones."""
        walk = _Walk(files)
        _read_file(walk, path, constraint=False)
        walk.parsed.declarations = [
            _constrained(item, walk.constraints) for item in walk.parsed.declarations
        ]
        return walk.parsed


def _constrained(item: Declaration, constraints: dict[str, Declaration]) -> Declaration:
    pin = constraints.get(item.name)
    if item.version or item.unresolvable or pin is None:
        return item
    return replace(item, version=pin.version, locked_in=f"{pin.path}:{pin.line}")


def _read_file(walk: _Walk, path: str, *, constraint: bool) -> None:
    walk.seen.add(path)
    walk.groups.append(group_of(PurePosixPath(path)))
    walk.stack.append(path)
    text = read_text(walk.files, path, walk.parsed)
    for line in logical_lines(text or ""):
        _read_line(walk, path, line, constraint=constraint)
    walk.stack.pop()
    walk.groups.pop()


def _read_line(walk: _Walk, path: str, line: LogicalLine, *, constraint: bool) -> None:
    option = _OPTION.match(line.text) if line.text.startswith("-") else None
    if option is None:
        _requirement(walk, path, line, line.text, constraint=constraint)
    elif option.group(1) in _INCLUDES:
        constraint = constraint or _INCLUDES[option.group(1)] == "constraint"
        _include(walk, path, line, option.group(2).strip(), constraint=constraint)
    elif option.group(1) in _EDITABLE:
        _unresolvable(walk, path, line, option.group(2).strip(), "editable")
    # Anything else is a global option (--index-url, --pre, …): it declares nothing.


def _requirement(walk: _Walk, path: str, line: LogicalLine, text: str, *, constraint: bool) -> None:
    text = text.split(" --", 1)[0].split("\t--", 1)[0].strip()  # per-requirement options
    if _URL_START.match(text):
        _unresolvable(walk, path, line, text, _target_kind(text))
        return
    declaration = from_pep508(text, Where(path, line.number, walk.groups[-1]), walk.parsed)
    if declaration is None:
        return
    if not constraint:
        walk.parsed.declarations.append(declaration)
    elif declaration.version:
        walk.constraints[declaration.name] = declaration


def _target_kind(target: str) -> str:
    """The kind of a bare target: vcs (`git+https://…`), url, or path (files, folders)."""
    scheme, found, _ = target.partition("://")
    if not found or scheme.lower() == "file":
        return "path"
    return "vcs" if "+" in scheme else "url"


def _unresolvable(walk: _Walk, path: str, line: LogicalLine, target: str, kind: str) -> None:
    target = target.split(" --", 1)[0].strip()
    walk.parsed.declarations.append(
        Declaration(name=_name_of(target), path=path, line=line.number, requirement=target,
                    group=walk.groups[-1], unresolvable=kind)
    )  # fmt: skip


def _name_of(target: str) -> str:
    """A project name for a URL or path requirement: `#egg=`, a wheel's name, or the target."""
    egg = _EGG.search(target)
    if egg:
        return canonicalize_name(egg.group(1))
    if " @ " in target:
        return canonicalize_name(target.split(" @ ", 1)[0].split("[", 1)[0].strip())
    from packaging.utils import InvalidWheelFilename, parse_wheel_filename  # noqa: PLC0415

    filename = target.rstrip("/").rsplit("/", 1)[-1]
    try:
        return canonicalize_name(parse_wheel_filename(filename)[0])
    except InvalidWheelFilename:
        return target


def _include(walk: _Walk, path: str, line: LogicalLine, target: str, *, constraint: bool) -> None:
    if "://" in target:
        walk.parsed.note(path, "remote-include", f"{target}: not fetched", line.number)
        return
    included = walk.files.inside(PurePosixPath(path).parent / target)
    if included is None:
        message = f"{target}: outside the audited folder; not read"
        walk.parsed.note(path, "include-outside", message, line.number)
    elif included in walk.stack:
        loop = " → ".join([*walk.stack[walk.stack.index(included) :], included])
        walk.parsed.note(path, "include-loop", f"include loop {loop}; not read again", line.number)
    elif not walk.files.is_file(included):
        walk.parsed.note(path, "include-missing", f"{target}: no such file", line.number)
    elif included not in walk.seen:
        _read_file(walk, included, constraint=constraint)
