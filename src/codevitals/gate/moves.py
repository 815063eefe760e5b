"""Functions moved between the changed files of a change: neither new debt nor improvement.

A function is recognised as moved when a file of the base held it and lost it, and another
file of the head gained a function of the same qualified name and the same measures (code
lines, cyclomatic and cognitive complexity, nesting, arguments): the same body, elsewhere.
The file it left gains health and the file it joined may lose some, yet the code is what it
was. A file whose only difference in function-level biomarkers is such a function is
changed *by moves only*; its file-level biomarkers (size, cohesion, overall complexity)
follow the code that moved and are not counted against or for it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from codevitals.gate.compare import ScanPair, all_biomarkers
from codevitals.model import FileHealth, FunctionHealth

Signature = tuple[str, int, int, int, int, int]
"""A function's qualified name and measures: what stays the same when its body moves."""


@dataclass(frozen=True, slots=True)
class Move:
    """One function that left one changed file for another."""

    name: str
    source: str
    destination: str


@dataclass(frozen=True, slots=True)
class Moves:
    """Every move of a change, and what they explain."""

    moves: tuple[Move, ...]
    only: frozenset[str]
    """Files whose health changed only by functions moving in or out."""

    def names(self, path: str) -> tuple[str, ...]:
        """The functions that moved into or out of a file, in order."""
        return tuple(dict.fromkeys(m.name for m in self.moves if path in (m.source, m.destination)))

    def reasons(self, path: str) -> Iterator[str]:
        """`find_best_app` moved to `app/find.py`, or from it."""
        for move in self.moves:
            if move.source == path:
                yield f"`{move.name}` moved to {move.destination}"
            elif move.destination == path:
                yield f"`{move.name}` moved from {move.source}"


def find_moves(change: ScanPair) -> Moves:
    """The functions moved between changed production files, and the files they explain."""
    before, after = change.files(change.base), change.files(change.head)
    moves = tuple(_moves(before, after))
    by_path: dict[str, set[str]] = {}
    for move in moves:
        by_path.setdefault(move.source, set()).add(move.name)
        by_path.setdefault(move.destination, set()).add(move.name)
    only = frozenset(
        path
        for path, names in by_path.items()
        if _rest(before.get(path), names) == _rest(after.get(path), names)
    )
    return Moves(moves, only)


def _moves(before: Mapping[str, FileHealth], after: Mapping[str, FileHealth]) -> Iterator[Move]:
    left = _departures(before, after)
    for path, item in sorted(after.items()):
        kept = _signatures(before.get(path))
        for signature in _signatures(item) - kept:
            sources = left.get(signature)
            if sources:
                yield Move(signature[0], sources.pop(0), path)


def _departures(
    before: Mapping[str, FileHealth], after: Mapping[str, FileHealth]
) -> dict[Signature, list[str]]:
    """The files each function signature left, in path order."""
    left: dict[Signature, list[str]] = {}
    for path, item in sorted(before.items()):
        for signature in sorted(_signatures(item) - _signatures(after.get(path))):
            left.setdefault(signature, []).append(path)
    return left


def _signatures(item: FileHealth | None) -> set[Signature]:
    if item is None:
        return set()
    return {_signature(f) for f in item.functions if not f.metrics.nested}


def _signature(function: FunctionHealth) -> Signature:
    m = function.metrics
    return (m.qualified_name, m.code_lines, m.cyclomatic, m.cognitive, m.nesting, m.arguments)


def _rest(item: FileHealth | None, moved: Iterable[str]) -> Counter[tuple[str, str, float]]:
    """The function-level biomarkers of a file, but for those of the functions that moved."""
    if item is None:
        return Counter()
    names = tuple(moved)
    return Counter(
        (b.function, b.code, b.value)
        for b in all_biomarkers(item)
        if b.function and not within(b.function, names)
    )


def within(function: str, names: Iterable[str]) -> bool:
    """Whether `function` is one of `names`, or nested in one of them."""
    return any(function == name or function.startswith(name + ".") for name in names)
