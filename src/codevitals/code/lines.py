"""Line measures: which lines hold code, and the fingerprints the clone detector compares.

Everything is a whole-file pass in C (regular expressions, `bytes.translate`, `split`); the
only Python-level loop hashes the lines that hold code. Nothing here visits syntax nodes.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate, compress

from codevitals.parse.python import PYTHON

_LONG_TOKEN = re.compile(
    rb"""\d[\w.]*|\w+|"[^"\\\n]*(?:\\.[^"\\\n]*)*"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'"""
)
"""The tokens that can be longer than one byte: numbers, names and one-line strings. Every
other byte that is not layout is a token of its own. (`\\w+` after the number finds just the
names, and a string's plain stretches are taken whole rather than byte by byte: 15 % less
time than spelling them out, on a pattern tried at every byte of every file.)"""
_LAYOUT = b" \t\f\r\v"
_MAX_TOKENS_PER_LINE = 255

LineRange = tuple[int, int]
"""Inclusive 1-based first and last line."""


@dataclass(frozen=True, slots=True)
class Fingerprints:
    """One entry per code line outside imports: its number, a hash, and its token count.

    A hash is the 8-byte BLAKE2b digest of the line with comments and layout removed, so two
    lines match when their tokens match. Stored as bytes so that the cache and numpy read
    them without conversion.
    """

    lines: bytes
    """Line numbers as native uint32."""
    hashes: bytes
    """Digests, 8 bytes a line."""
    tokens: bytes
    """Token counts as uint8, saturating at 255."""

    def __len__(self) -> int:
        return len(self.hashes) // 8


EMPTY_FINGERPRINTS = Fingerprints(b"", b"", b"")


@dataclass(frozen=True, slots=True)
class LineTable:
    """Per-line facts of one file: tokens on each line and the running count of code lines."""

    squeezed: list[bytes]
    """Each line with comments and layout removed."""
    tokens: list[int]
    code: list[bool]
    """code[n - 1]: line n holds code (tokens outside comments and docstrings)."""
    _running: list[int]

    @classmethod
    def of(
        cls, source: bytes, docstrings: Iterable[LineRange], uncommented: bytes | None = None
    ) -> LineTable:
        """Measure every line of a UTF-8 source; docstring lines never count as code.

        `uncommented` is the source with its comments blanked by its language's front end
        (`Language.uncomment`); by default Python's `#` comments are removed.
        """
        if uncommented is None:
            uncommented = PYTHON.uncomment(source, ())
        squeezed = _split(uncommented.translate(None, _LAYOUT))
        # Every long token becomes one byte and the others are one already, so a line's length
        # without layout is its token count (matching the one-byte tokens too cost a third more).
        marked = _LONG_TOKEN.sub(b"x", uncommented).translate(None, _LAYOUT)
        tokens = list(map(len, _split(marked)))
        code = list(map(bool, tokens))
        _clear(code, docstrings)
        return cls(squeezed, tokens, code, [0, *accumulate(code)])

    @property
    def lines(self) -> int:
        """Physical lines."""
        return len(self.code)

    def code_lines(self, first: int = 1, last: int | None = None) -> int:
        """Code lines among lines first..last (inclusive, 1-based)."""
        last = self.lines if last is None else min(last, self.lines)
        return self._running[last] - self._running[max(first, 1) - 1]

    def fingerprints(self, excluded: Iterable[LineRange]) -> Fingerprints:
        """Fingerprint every code line outside the excluded line ranges (imports)."""
        keep = list(self.code)
        _clear(keep, excluded)
        blake2b = hashlib.blake2b
        return Fingerprints(
            lines=array("I", compress(range(1, len(keep) + 1), keep)).tobytes(),
            hashes=b"".join(
                [blake2b(line, digest_size=8).digest() for line in compress(self.squeezed, keep)]
            ),
            tokens=bytes([min(_MAX_TOKENS_PER_LINE, n) for n in compress(self.tokens, keep)]),
        )


def _split(text: bytes) -> list[bytes]:
    """Split into physical lines; a trailing newline does not start another line."""
    lines = text.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    return lines


def _clear(flags: list[bool], ranges: Iterable[LineRange]) -> None:
    for first, last in ranges:
        end = min(last, len(flags))  # never grow the list
        flags[first - 1 : end] = [False] * max(0, end - first + 1)
