"""The JSON layout every report uses: keys one per line, list elements one per line.

Each element is encoded compactly by Python's C encoder (an indented dump falls back to the
pure-Python encoder, 10× slower), and diffs and `grep` stay readable.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from codevitals.model import SCHEMA_VERSION
from codevitals.report.json.codec import Shape


def write_lines(doc: dict[str, Any], out: TextIO, *, nested: frozenset[str] = frozenset()) -> None:
    """Write a JSON object: keys one per line, list elements one per line, values compact.

    Objects under a key in `nested` (large ones, such as a scan's `history`) are laid out
    key by key in the same way, one level deeper.
    """
    out.write("{\n")
    _members(doc, out, "  ", nested)
    out.write("}\n")


def _members(doc: dict[str, Any], out: TextIO, indent: str, nested: frozenset[str]) -> None:
    last = len(doc) - 1
    for index, (key, value) in enumerate(doc.items()):
        comma = "," if index < last else ""
        out.write(f"{indent}{compact(key)}: ")
        if isinstance(value, list) and value:
            out.write(f"[\n{indent}  ")
            out.write(f",\n{indent}  ".join(compact(item) for item in value))
            out.write(f"\n{indent}]{comma}\n")
        elif key in nested and isinstance(value, dict):
            out.write("{\n")
            _members(value, out, indent + "  ", nested)
            out.write(f"{indent}}}{comma}\n")
        else:
            out.write(f"{compact(value)}{comma}\n")


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def compact(value: Any) -> str:
    """One value as compact JSON."""
    return _ENCODER.encode(value)


NOTICE = Shape(order=("path", "line", "reason", "message"))
"""A notice as every JSON report writes it."""


def header(tool_version: str, root: str, commit: str | None) -> dict[str, Any]:
    """What opens every document about one repository: schema, tool, where and at which commit."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "codevitals", "version": tool_version},
        "root": root,
        "commit": commit,
    }
