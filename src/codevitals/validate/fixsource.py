"""Which commits fix bugs: the message classifier, or a file of fixing commit ids.

The classifier (`history.fixes`) reads every commit's message; `--labels FILE` takes the
fixes from a list of commit ids instead (`history.fixlabels` says how the file is written and
read). An id that names no commit of the history is left out with a notice naming it, and the
result is partial: the labels it meant are missing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from codevitals.history.fixes import FixRules, fix_commits
from codevitals.history.fixlabels import resolve, unknown_notice
from codevitals.history.gitlog import Commit
from codevitals.model import Notice
from codevitals.model.validate import FILE, MESSAGES, LabelSource


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
    notices = (unknown_notice(path, unknown),) if unknown else ()
    return Fixes(resolved, source, notices)
