"""Line measures: which lines hold code, and the fingerprints the clone detector compares.

Everything is a whole-file pass in C (regular expressions, `bytes.translate`, `split`); the
only Python-level loop hashes the distinct lines that hold code. Nothing here visits syntax
nodes.

A line's token count is its length once every token is one byte and layout is gone. Names
are most of the tokens (1.6 million in sqlalchemy's 19 MB), and a regular expression pays
for every match and tries every byte, so letters are collapsed by `split` and `join` first:
the expression then only finds the strings and numbers, in half the bytes. Measured over
sqlalchemy, `LineTable.of` takes a third less time than with one expression for every token.
"""

from __future__ import annotations

import hashlib
import re
import string
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate, compress, repeat

from codevitals.parse.python import PYTHON

_LAYOUT = b" \t\f\r\v"
_LETTERS = string.ascii_letters.encode() + b"_"
_SHAPES = bytes.maketrans(
    _LETTERS + string.digits.encode() + _LAYOUT + b"\n",
    b" " * len(_LETTERS) + b"0" * 10 + b"l" * len(_LAYOUT) + b"n",
)
"""Letters become the only whitespace that `split` sees, so a run of them becomes one `a`;
digits become `0`, layout `l` and the newline `n`. Quotes, backslashes, dots and the other
bytes stay as they are: each is a token of its own unless a string or a number takes it."""
_STRING_OR_NUMBER = re.compile(
    rb"""["'0](?:(?<=")[^"\\n]*(?:\\[^n][^"\\n]*)*"|(?<=')[^'\\n]*(?:\\[^n][^'\\n]*)*'"""
    rb"""|(?<=0)(?<![a0]0)[a0.]*)"""
)
"""In the shapes: a one-line string, or a number (a digit that no name holds, and the dots and
names that follow it). It opens with a set of bytes, which `re` skips to without trying the
rest of the pattern: a third of the time the same alternatives take without it."""
_MAX_TOKENS_PER_LINE = 255
_BLAKE2B_8 = hashlib.blake2b(digest_size=8)
"""Never updated: a copy of it is a new hasher, without parsing `digest_size` again."""

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
        tokens = list(map(len, _split(_one_byte_tokens(uncommented), b"n")))
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
        lines = list(compress(self.squeezed, keep))
        counts = list(compress(self.tokens, keep))
        if max(counts, default=0) > _MAX_TOKENS_PER_LINE:  # rare: clamp only when needed
            counts = list(map(min, counts, repeat(_MAX_TOKENS_PER_LINE)))
        return Fingerprints(
            lines=array("I", compress(range(1, len(keep) + 1), keep)).tobytes(),
            hashes=b"".join(map(_digests(lines).__getitem__, lines)),
            tokens=bytes(counts),
        )


def _one_byte_tokens(text: bytes) -> bytes:
    """The text with each token as one byte, layout removed and `n` between lines.

    The tokens are names, numbers (with the dots and names that follow them), one-line strings,
    and every other byte that is not layout.
    """
    # The sentinels keep `split` from dropping a name that opens or closes the file.
    shapes = b"a".join((b"n" + text.translate(_SHAPES) + b"n").split())
    # Every digit left is inside a name (a digit that opens a token opened a number, now gone),
    # so without the digits the pieces of one name meet: `a0a` becomes `aa`, and nothing else
    # does. Names with digits in several places are rare: the loop rarely runs twice.
    marks = _STRING_OR_NUMBER.sub(b'"', shapes).translate(None, b"0")
    while b"aa" in marks:
        marks = marks.replace(b"aa", b"a")
    # Layout goes last: until then it keeps the names on either side of it apart.
    return marks[1:-1].translate(None, b"l")


def _digests(lines: list[bytes]) -> dict[bytes, bytes]:
    """The digest of every distinct line.

    About half the code lines of a file repeat another (`)`, `else:`, `return None`), and
    hashing costs more than a look-up: with the copied hasher, 35 % less time than hashing
    every line with `blake2b(line, digest_size=8)`.
    """
    digests = dict.fromkeys(lines, b"")
    copy = _BLAKE2B_8.copy
    for line in digests:
        hasher = copy()
        hasher.update(line)
        digests[line] = hasher.digest()
    return digests


def _split(text: bytes, newline: bytes = b"\n") -> list[bytes]:
    """Split into physical lines; a trailing newline does not start another line."""
    lines = text.split(newline)
    if lines and not lines[-1]:
        lines.pop()
    return lines


def _clear(flags: list[bool], ranges: Iterable[LineRange]) -> None:
    for first, last in ranges:
        end = min(last, len(flags))  # never grow the list
        flags[first - 1 : end] = [False] * max(0, end - first + 1)
