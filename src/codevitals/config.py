"""Configuration files: `.codevitals.toml`, or `[tool.codevitals]` in `pyproject.toml`.

Keys are the long names of command-line options (`max-file-size`, `threshold`, …) and act
as their defaults; the command line wins. The CLI passes the set of valid keys, so the two
can never drift apart, and an unknown key is an error that names the nearest valid one.

A scanned repository's configuration cannot choose where codevitals writes: `output` and
`cache-dir` are accepted only on the command line. A configuration file found in the
repository is read only when it is a regular file inside it (see `repofiles`).

A `pyproject.toml` is also a dependency manifest: when it is not valid TOML and shows no
`[tool.codevitals]` table, it is no configuration file, and the dependency audit reports it.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from codevitals import repofiles
from codevitals.errors import ConfigError

FILES = (".codevitals.toml", "pyproject.toml")
_TABLE_LINE = re.compile(
    r"""^\s*(?:\[+\s*tool\s*\.\s*["']?codevitals\b|tool\s*\.\s*["']?codevitals["']?\s*[.=]"""
    r"""|["']?codevitals["']?\s*[.=])""",
    re.MULTILINE,
)
"""A line that starts `[tool.codevitals…]`, `tool.codevitals = …` or, under `[tool]`,
`codevitals = …`: how a broken pyproject.toml shows it meant to configure codevitals."""


@dataclass(frozen=True, slots=True)
class Loaded:
    """A configuration table and where it came from (None when there is no file)."""

    values: Mapping[str, Any] = field(default_factory=dict)
    path: Path | None = None


def find(start: Path, stop: Path | None = None) -> Path | None:
    """The nearest configuration file at or above `start`, not above `stop`.

    A `pyproject.toml` counts only when it has a `[tool.codevitals]` table. Any other entry
    named `.codevitals.toml` counts, even a link or a FIFO, so that `load` refuses it aloud.
    """
    folder = start.resolve()
    boundary = stop.resolve() if stop is not None else None
    while True:
        for name in FILES:
            if _is_configuration(folder / name, boundary):
                return folder / name
        if folder in (boundary, folder.parent):
            return None
        folder = folder.parent


def load(
    path: Path,
    allowed: Collection[str],
    *,
    root: Path | None = None,
    cli_only: Collection[str] = (),
) -> Loaded:
    """Read and validate a configuration file; one found in a repository must lie in `root`.

    `cli_only`: keys that exist only on the command line, refused as such.
    """
    document = _read(path, root)
    table = _tool_table(document) if path.name == "pyproject.toml" else document
    if table is None:
        table = {}
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.codevitals] must be a table")
    check_keys(table, allowed, where=str(path), cli_only=cli_only)
    return Loaded(table, path)


def check_keys(
    table: Mapping[str, Any],
    allowed: Collection[str],
    *,
    where: str,
    cli_only: Collection[str] = (),
) -> None:
    """Reject unknown keys, naming the nearest valid one, and say which are CLI-only."""
    for key in table:
        if key in allowed:
            continue
        if key in cli_only:
            raise ConfigError(f"{where}: {key!r} is accepted only on the command line")
        nearest = difflib.get_close_matches(key, sorted(allowed), n=1)
        hint = f"; did you mean {nearest[0]!r}?" if nearest else ""
        raise ConfigError(f"{where}: unknown key {key!r}{hint}")


def _read(path: Path, root: Path | None) -> dict[str, Any]:
    try:
        return tomllib.loads(_text(path, root))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from error


def _text(path: Path, root: Path | None) -> str:
    try:
        data = repofiles.read_bytes(path, root=root)
    except repofiles.RefusedFileError as error:
        raise ConfigError(f"{path}: cannot read: {error}") from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8") from error


def _tool_table(document: Mapping[str, Any]) -> object | None:
    """`[tool.codevitals]` of a pyproject document, None when there is none."""
    tool = document.get("tool")
    return tool.get("codevitals") if isinstance(tool, dict) else None


def _is_configuration(candidate: Path, root: Path | None) -> bool:
    if candidate.name == "pyproject.toml":
        return candidate.is_file() and _has_table(candidate, root)
    return os.path.lexists(candidate)


def _has_table(path: Path, root: Path | None) -> bool:
    try:
        text = _text(path, root)
    except ConfigError:
        return False  # refused or unreadable: the dependency audit says so about its manifest
    try:
        return _tool_table(tomllib.loads(text)) is not None
    except tomllib.TOMLDecodeError:
        # Broken: a configuration error if it meant to configure codevitals, else only a
        # broken manifest, which must not stop every command.
        return _TABLE_LINE.search(text) is not None
