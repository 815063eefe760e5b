"""Configuration files: `.codevitals.toml`, or `[tool.codevitals]` in `pyproject.toml`.

Keys are the long names of command-line options (`max-file-size`, `threshold`, …) and act
as their defaults; the command line wins. The CLI passes the set of valid keys, so the two
can never drift apart, and an unknown key is an error that names the nearest valid one.

A scanned repository's configuration cannot choose where codevitals writes: `output` and
`cache-dir` are accepted only on the command line.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from codevitals.errors import ConfigError

FILES = (".codevitals.toml", "pyproject.toml")


@dataclass(frozen=True, slots=True)
class Loaded:
    """A configuration table and where it came from (None when there is no file)."""

    values: Mapping[str, Any] = field(default_factory=dict)
    path: Path | None = None


def find(start: Path, stop: Path | None = None) -> Path | None:
    """The nearest configuration file at or above `start`, not above `stop`.

    A `pyproject.toml` counts only when it has a `[tool.codevitals]` table.
    """
    folder = start.resolve()
    boundary = stop.resolve() if stop is not None else None
    while True:
        for name in FILES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_table(candidate)):
                return candidate
        if folder in (boundary, folder.parent):
            return None
        folder = folder.parent


def load(path: Path, allowed: Collection[str]) -> Loaded:
    """Read and validate a configuration file."""
    document = _read(path)
    table = _tool_table(document) if path.name == "pyproject.toml" else document
    if table is None:
        table = {}
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.codevitals] must be a table")
    check_keys(table, allowed, where=str(path))
    return Loaded(table, path)


def check_keys(table: Mapping[str, Any], allowed: Collection[str], *, where: str) -> None:
    """Reject unknown keys, naming the nearest valid one."""
    for key in table:
        if key not in allowed:
            nearest = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint = f"; did you mean {nearest[0]!r}?" if nearest else ""
            raise ConfigError(f"{where}: unknown key {key!r}{hint}")


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from error
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from error


def _tool_table(document: Mapping[str, Any]) -> object | None:
    """`[tool.codevitals]` of a pyproject document, None when there is none."""
    tool = document.get("tool")
    return tool.get("codevitals") if isinstance(tool, dict) else None


def _has_table(path: Path) -> bool:
    try:
        return _tool_table(_read(path)) is not None
    except ConfigError:
        return True  # report the broken file rather than silently skipping it
