"""Golden-file comparison with scrubbers (after coverage.py's goldtest).

Set CODEVITALS_UPDATE_GOLD=1 to rewrite the golden files from the current output.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

GOLD = Path(__file__).parent / "gold"
_SCRUBS = [
    (re.compile(r"codevitals \d+\.\d+\.\d+\S*"), "codevitals X.Y.Z"),
    (re.compile(r'("name":\s*"codevitals",\s*"version":\s*)"[^"]*"'), r'\1"X.Y.Z"'),
    (re.compile(r"\b[0-9a-f]{40}\b"), "<sha>"),
    (re.compile(r"@ [0-9a-f]{10}\b"), "@ <sha>"),
    (re.compile(r"\(([0-9a-f]{10})\)"), "(<sha>)"),
]


def scrub(text: str) -> str:
    """Replace what legitimately varies between runs (versions, commit ids)."""
    for pattern, replacement in _SCRUBS:
        text = pattern.sub(replacement, text)
    return text


def compare(actual: str, name: str) -> None:
    """Assert `actual` (scrubbed) equals the golden file `name`, or rewrite it on request."""
    path = GOLD / name
    actual = scrub(actual)
    if os.environ.get("CODEVITALS_UPDATE_GOLD"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs; rerun with CODEVITALS_UPDATE_GOLD=1 if intended"
