"""Which commits fix bugs: the message classifier, or a file of fixing commit ids.

The classifier (`history.fixes`) reads every commit's message. A team whose issue tracker
labels bugs knows better, so `--labels FILE` takes the fixes from a list of commit ids
instead (exported from the tracker, or `git log --format=%H` of a query):

* one commit id per line, full or abbreviated to at least 7 hex digits; whatever follows the
  id on its line after white space is ignored, so `git log --oneline` output works as is;
* `#` starts a comment, to the end of the line; blank lines are ignored.

Every listed commit is a fix, whatever its message and size; no other commit is. An id that
names no commit of the history (or, abbreviated, more than one) is left out with a notice
naming it, and the result is partial: the labels it meant are missing. A file that cannot be
read, or a line that is not a commit id, stops the backtest (a usage error: exit 2).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from codevitals.errors import UsageError
from codevitals.history.fixes import FixRules, fix_commits
from codevitals.history.gitlog import Commit
from codevitals.model import Notice
from codevitals.model.validate import FILE, MESSAGES, LabelSource

UNKNOWN_IDS = "unknown-fix-ids"
"""The reason of the notice naming ids found in no commit."""
SHOWN = 5
"""Unknown ids a notice names before it says how many more there are."""
_ID = re.compile(r"[0-9a-f]{7,40}", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Fixes:
    """The fix commits, where they came from, and what to tell the user."""

    commits: frozenset[str]
    source: LabelSource
    notices: tuple[Notice, ...] = ()


def from_messages(commits: Iterable[Commit], messages: Mapping[str, str], rules: FixRules) -> Fixes:
    """The commits whose messages the classifier calls fixes."""
    found = fix_commits(commits, messages, rules)
    return Fixes(found, LabelSource(MESSAGES, fix_commits=len(found)))


def from_file(
    path: Path, listed: Sequence[str], history: Collection[str], commits: Iterable[Commit]
) -> Fixes:
    """The commits a labels file lists, resolved among the ids of `history`.

    `listed` is what `read_ids` read from `path` before the history was mined; `history`
    holds every commit reachable from the tip.
    """
    resolved, unknown = resolve(listed, history)
    replayed = sum(commit.sha in resolved for commit in commits)
    source = LabelSource(FILE, str(path), len(listed), unknown, replayed)
    notices = (_unknown_notice(path, unknown),) if unknown else ()
    return Fixes(resolved, source, notices)


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


def _unknown_notice(path: Path, unknown: tuple[str, ...]) -> Notice:
    shown = ", ".join(unknown[:SHOWN])
    more = f" and {len(unknown) - SHOWN} more" if len(unknown) > SHOWN else ""
    return Notice(
        str(path),
        UNKNOWN_IDS,
        f"{len(unknown)} of the listed fix commits are not in the history (or are ambiguous) "
        f"and were left out: {shown}{more}",
    )
