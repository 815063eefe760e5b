"""Fingerprints of findings that survive lines moving, and the per-file conformance figure.

A finding's fingerprint is a hash of its rule and its line's text with whitespace
normalised, followed by `:n`, its occurrence among findings of that rule on identical lines
of the file. Adding or removing lines above a finding leaves it unchanged; so does
re-indenting it. This is the idea behind SARIF's `partialFingerprints` (GitHub's
`primaryLocationLineHash` hashes the line's text the same way, with the same `:n` suffix).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence

from codevitals.model.findings import Conformance


def normalise(line: str) -> str:
    """A line's text with leading, trailing and repeated whitespace removed."""
    return " ".join(line.split())


def fingerprints(spots: Iterable[tuple[str, int]], lines: Sequence[str]) -> list[str]:
    """The fingerprint of each (rule code, line number) in a file whose lines are given."""
    seen: Counter[str] = Counter()
    result: list[str] = []
    for code, line in spots:
        text = normalise(lines[line - 1]) if 0 < line <= len(lines) else ""
        digest = hashlib.sha1(f"{code}\0{text}".encode(), usedforsecurity=False).hexdigest()[:16]
        result.append(f"{digest}:{seen[digest]}")
        seen[digest] += 1
    return result


def conformance(lines: Sequence[str], flagged: Iterable[int]) -> Conformance:
    """Non-blank lines, and how many of them carry a finding."""
    checked = {number for number, text in enumerate(lines, start=1) if text.strip()}
    return Conformance(len(checked), len(checked & set(flagged)))
