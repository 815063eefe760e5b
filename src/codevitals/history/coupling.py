"""Change coupling, with code-maat's definitions (Tornhill, *Your Code as a Crime Scene*).

A change set is a commit, or optionally all commits one author made within a time window.
Change sets touching more than `max_changeset` files are left out altogether (mass renames,
formatting, licence headers say nothing about design), as in code-maat, where a set's size
counts every file it changed. Then, for two files:

    revisions(f)  = change sets that changed f
    shared(a, b)  = change sets that changed both
    degree        = shared / ((revisions(a) + revisions(b)) / 2) × 100

and a pair is reported when the average revisions ≥ `min_revisions`, shared ≥ `min_shared`
and degree ≥ `min_degree` (code-maat's defaults: 5, 5, 30 %). Files are followed across
renames (code-maat sees a renamed file as two), and only files present at the tip and in
scope are paired.

A pair is *surprising* when its files live in different top-level folders, unless one is a
test and the other production code: tests are expected to change with what they test.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from codevitals.history.scope import Scope, top_folder
from codevitals.model.history import Coupling

if TYPE_CHECKING:
    # Only annotations: the options of a scan without history load no git log parser.
    from codevitals.history.lineage import Revision


@dataclass(frozen=True, slots=True)
class CouplingOptions:
    """Thresholds of the coupling analysis (code-maat's defaults)."""

    min_revisions: int = 5
    min_shared: int = 5
    min_degree: float = 30.0
    max_changeset: int = 30
    group_seconds: float = 0.0
    """Commits by one author within this many seconds of the group's first are one change;
    0 keeps every commit apart."""


def change_sets(revisions: Sequence[Revision], group_seconds: float) -> list[frozenset[str]]:
    """The paths (newest names) changed by each change set."""
    if group_seconds <= 0:
        return [frozenset(t.path for t in r.touches) for r in revisions]
    groups: list[frozenset[str]] = []
    by_author: dict[str, list[Revision]] = {}
    for revision in revisions:
        by_author.setdefault(revision.author, []).append(revision)
    for authored in by_author.values():
        groups.extend(_grouped(sorted(authored, key=lambda r: r.time), group_seconds))
    return groups


def _grouped(revisions: Sequence[Revision], window: float) -> Iterable[frozenset[str]]:
    """One author's commits (oldest first) grouped by the window from each group's first."""
    start = revisions[0].time
    paths: set[str] = set()
    for revision in revisions:
        if revision.time - start > window:
            yield frozenset(paths)
            start, paths = revision.time, set()
        paths.update(t.path for t in revision.touches)
    yield frozenset(paths)


def couple(
    sets: Iterable[frozenset[str]], scope: Scope, options: CouplingOptions
) -> list[Coupling]:
    """Coupled pairs over the change sets, strongest first (then most revisions)."""
    revisions: Counter[str] = Counter()
    shared: Counter[tuple[str, str]] = Counter()
    for paths in sets:
        if len(paths) > options.max_changeset:
            continue
        entities = sorted(p for p in (scope.local(path) for path in paths) if p is not None)
        revisions.update(entities)
        shared.update(combinations(entities, 2))
    pairs = [
        _pair(pair, count, revisions, scope)
        for pair, count in shared.items()
        if count >= options.min_shared
    ]
    kept = [p for p in pairs if _strong(p, options)]
    kept.sort(key=lambda p: (-p.degree, -p.average_revisions, p.first, p.second))
    return kept


def _pair(pair: tuple[str, str], count: int, revisions: Counter[str], scope: Scope) -> Coupling:
    first, second = pair
    return Coupling(
        first, second, count, revisions[first], revisions[second], _surprising(first, second, scope)
    )


def _strong(pair: Coupling, options: CouplingOptions) -> bool:
    # In integers where possible: a degree of exactly 30 % must not fall to 29.999… .
    both = pair.first_revisions + pair.second_revisions
    return both >= 2 * options.min_revisions and 200 * pair.shared >= options.min_degree * both


def _surprising(first: str, second: str, scope: Scope) -> bool:
    folders = top_folder(first), top_folder(second)
    if None in folders or folders[0] == folders[1]:
        return False
    return scope.role(first) is scope.role(second)
