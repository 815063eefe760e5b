"""The JSON layout every report uses: keys one per line, list elements one per line.

Each element is encoded compactly by Python's C encoder (an indented dump falls back to the
pure-Python encoder, 10× slower), and diffs and `grep` stay readable.
"""

from __future__ import annotations

import json
from typing import Any, TextIO


def write_lines(doc: dict[str, Any], out: TextIO) -> None:
    """Write a JSON object: keys one per line, list elements one per line, values compact."""
    out.write("{\n")
    last = len(doc) - 1
    for index, (key, value) in enumerate(doc.items()):
        comma = "," if index < last else ""
        if isinstance(value, list) and value:
            out.write(f"  {compact(key)}: [\n    ")
            out.write(",\n    ".join(compact(item) for item in value))
            out.write(f"\n  ]{comma}\n")
        else:
            out.write(f"  {compact(key)}: {compact(value)}{comma}\n")
    out.write("}\n")


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def compact(value: Any) -> str:
    """One value as compact JSON."""
    return _ENCODER.encode(value)
