"""Reading `git diff-tree --stdin -p -U0 --full-index` output.

Per commit and file: the blob after the change and the changed line ranges.

Each commit starts with a line holding its id. A file's diff starts with `diff --git`; its
header names the new blob (`index <old>..<new>`) and the new path (`+++ b/<path>`, C-quoted
when it holds unusual characters, `/dev/null` when deleted); then come hunks, `@@ -a,b +c,d @@`,
whose lines start with `+`, `-` or a backslash, so none can be taken for a header or a commit id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from codevitals import git

_COMMIT = re.compile(rb"[0-9a-f]{40}(?: .*)?")
_HUNK = re.compile(rb"@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_INDEX = re.compile(rb"index [0-9a-f]+\.\.([0-9a-f]+)")
_ZERO = re.compile(r"0+")
_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


class Hunk(NamedTuple):
    """Lines deleted, and where the lines added start in the new version and how many."""

    old_count: int
    new_start: int
    new_count: int


@dataclass(slots=True)
class FileDiff:
    """One file's change in one commit."""

    sha: str
    path: str = ""
    """The path after the change; empty when deleted, or binary (no text diff to map)."""
    blob: str | None = None
    hunks: list[Hunk] = field(default_factory=list)


def parse_patch(lines: Iterable[bytes]) -> Iterator[FileDiff]:
    """The file diffs in diff-tree output, in order."""
    reader = _DiffReader()
    for line in lines:
        finished = reader.feed(line)
        if finished is not None:
            yield finished
    if reader.current is not None:
        yield reader.current


_CONTENT = frozenset(b"+-\\ ")
"""First bytes of a hunk's lines."""


@dataclass(slots=True)
class _DiffReader:
    sha: str = ""
    current: FileDiff | None = None

    def feed(self, line: bytes) -> FileDiff | None:
        """Take one line; return the previous file's diff when the next one starts."""
        if self._in_hunk(line):
            return None
        if _COMMIT.fullmatch(line):
            self.sha = line[:40].decode()
        elif line.startswith(b"diff --git "):
            finished, self.current = self.current, FileDiff(self.sha)
            return finished
        elif self.current is not None:
            _header_or_hunk(self.current, line)
        return None

    def _in_hunk(self, line: bytes) -> bool:
        """A hunk's content: only once a file's first hunk has started."""
        in_hunks = self.current is not None and bool(self.current.hunks)
        return in_hunks and line[:1] != b"" and line[0] in _CONTENT


def _header_or_hunk(diff: FileDiff, line: bytes) -> None:
    if line.startswith(b"@@ "):
        match = _HUNK.match(line)
        if match:
            old, start, new = match.groups()
            diff.hunks.append(Hunk(_count(old), int(start), _count(new)))
    elif line.startswith(b"+++ "):
        diff.path = _path(line[4:])
    elif match := _INDEX.match(line):
        blob = match.group(1).decode()
        diff.blob = None if _ZERO.fullmatch(blob) else blob


def _count(field: bytes | None) -> int:
    return 1 if field is None else int(field)


def _path(raw: bytes) -> str:
    """The path in a `+++` line, without its `b/` prefix; empty for /dev/null."""
    if raw.startswith(b'"'):
        raw = unquote(raw)
    return "" if raw == b"/dev/null" else git.decoded_path(raw[2:])


def unquote(quoted: bytes) -> bytes:
    r"""Undo git's C-style quoting of a path: `"a\tb\303\251"` → the path's bytes."""
    text = quoted.decode("latin-1")[1:-1]
    out = bytearray()
    index = 0
    while index < len(text):
        char = text[index]
        if char != "\\":
            out.append(ord(char))
            index += 1
        elif text[index + 1 : index + 4].isdigit():
            out.append(int(text[index + 1 : index + 4], 8))
            index += 4
        else:
            out.append(_ESCAPES.get(text[index + 1], ord(text[index + 1])))
            index += 2
    return bytes(out)
