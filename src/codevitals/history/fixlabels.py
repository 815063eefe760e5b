"""A file of fixing commit ids (`--labels FILE`): reading it and finding its commits.

A team whose issue tracker labels bugs knows better than the message classifier
(`history.fixes`), so the fixes may come from a list of commit ids instead (exported from the
tracker, or `git log --format=%H` of a query):

* one commit id per line, full or abbreviated to at least 7 hex digits; whatever follows the
  id on its line after white space is ignored, so `git log --oneline` output works as is;
* `#` starts a comment, to the end of the line; blank lines are ignored.

Every listed commit is a fix, whatever its message and size; no other commit is. An id that
names no commit of the history (or, abbreviated, more than one) is left out with a notice
naming it (`unknown_notice`): the labels it meant are missing. A file that cannot be read, or
a line that is not a commit id, is a usage error (exit 2).

The scan's prior fixes and the backtest's labels (`validate.fixsource`) read it alike.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterable
from pathlib import Path

from codevitals.errors import UsageError
from codevitals.model import Notice

UNKNOWN_IDS = "unknown-fix-ids"
"""The reason of the notice naming ids found in no commit."""
SHOWN = 5
"""Unknown ids a notice names before it says how many more there are."""
_ID = re.compile(r"[0-9a-f]{7,40}", re.IGNORECASE)


def read_ids(path: Path) -> tuple[str, ...]:
    """The commit ids a labels file lists, lower-cased, in order, duplicates dropped."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise UsageError(f"--labels {path}: cannot read it ({reason})") from None
    ids: dict[str, None] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        words = line.partition("#")[0].split()
        if not words:
            continue
        if not _ID.fullmatch(words[0]):
            raise UsageError(
                f"--labels {path}:{number}: {words[0][:40]!r} is not a commit id "
                "(7 to 40 hex digits)"
            )
        ids[words[0].lower()] = None
    return tuple(ids)


def resolve(ids: Iterable[str], history: Collection[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The full ids `ids` name in `history`, and those naming no commit or several."""
    full = set(history)
    ordered = sorted(full)
    found: set[str] = set()
    unknown: list[str] = []
    for given in ids:
        matches = [given] if given in full else _starting_with(ordered, given)
        if len(matches) == 1:
            found.add(matches[0])
        else:
            unknown.append(given)
    return frozenset(found), tuple(unknown)


def _starting_with(ordered: list[str], prefix: str) -> list[str]:
    """The ids of the sorted list that start with `prefix` (at most two: one is enough)."""
    start = bisect.bisect_left(ordered, prefix)
    return [sha for sha in ordered[start : start + 2] if sha.startswith(prefix)]


def unknown_notice(path: Path, unknown: tuple[str, ...]) -> Notice:
    """The notice naming the listed ids that were left out."""
    shown = ", ".join(unknown[:SHOWN])
    more = f" and {len(unknown) - SHOWN} more" if len(unknown) > SHOWN else ""
    return Notice(
        str(path),
        UNKNOWN_IDS,
        f"{len(unknown)} of the listed fix commits are not in the history (or are ambiguous) "
        f"and were left out: {shown}{more}",
    )
