"""Commit messages, read apart from the mined history.

Only the backtest and the fix counts need messages, and a message can be long (a squashed
pull request lists every commit in it), so the mined history that every scan loads and caches
holds none. They come from one `git log` without diffs instead, which git answers from the
commit objects alone: 0.1 s for sqlalchemy's 18 k commits (4 MB of messages).
"""

from __future__ import annotations

from pathlib import Path

from codevitals import git

_FORMAT = "--format=%H%x00%B"
"""With `-z`, git ends each commit's output with a NUL, so fields alternate: id, message."""


def read_messages(top: Path, tip: str) -> dict[str, str]:
    """The message of every commit reachable from `tip`, merges included, by commit id."""
    output = git.run(top, "log", "-z", "--no-color", "--encoding=UTF-8", _FORMAT, tip, "--")
    fields = output.split(b"\0")
    return {
        fields[index].decode("ascii"): fields[index + 1].decode("utf-8", "replace")
        for index in range(0, len(fields) - 1, 2)
    }
