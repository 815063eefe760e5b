"""Maven's version order (`ComparableVersion`), as OSV's `Maven` ecosystem uses it.

The rules are Maven's "Version Order Specification" (maven.apache.org/pom.html): a version
splits into numbers and qualifiers at `.`, `-` and each change between digits and letters
(which counts as a `-`); a `-` (or a qualifier after a `.`) opens a sub-list. Trailing null
items (`0`, `""`, `final`, `ga`, `release`) are trimmed from every list, so `1.0` = `1-ga` =
`1`. Known qualifiers order `alpha < beta < milestone < rc = cr < snapshot < "" < sp`; others
follow them, alphabetically; `a1`, `b1`, `m1` are alpha-1, beta-1, milestone-1. Numbers sort
above qualifiers and lists (`1-foo < 1-1 < 1.1`). No library is added: none on PyPI is
maintained, and the rules are a screenful whose documented examples the tests pin.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

Item = int | str | tuple["Item", ...]
"""A number, a qualifier (already in comparable form) or a sub-list."""

_QUALIFIERS = ("alpha", "beta", "milestone", "rc", "snapshot", "", "sp")
_RELEASE = _QUALIFIERS.index("")
_ALIASES = {"ga": "", "final": "", "release": "", "cr": "rc"}
_SHORT = {"a": "alpha", "b": "beta", "m": "milestone"}
_NOT_VERSION = re.compile(r"[\s$\[\](),{}]")
"""Spaces, properties (`${x}`) and ranges (`[1.0,2.0)`) are in no version."""
_PRERELEASE = frozenset(str(index) for index in range(_RELEASE))
"""The qualifiers below the release, in their comparable form."""
_RANK = {str: 0, tuple: 1, int: 2}
_TOKENS = re.compile(r"[.-]|\d+|[^\d.-]+")


@functools.total_ordering
@dataclass(frozen=True, slots=True, eq=False)
class MavenVersion:
    """A Maven version; equality and order are ComparableVersion's."""

    items: tuple[Item, ...]
    text: str = field(default="", compare=False)

    @property
    def is_prerelease(self) -> bool:
        """Whether a qualifier below the release (alpha … snapshot) is in it."""
        return _has_prerelease(self.items)

    @property
    def major(self) -> int:
        """The first number, 0 when the version starts with a qualifier."""
        first = self.items[0] if self.items else 0
        return first if isinstance(first, int) else 0

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MavenVersion):
            return NotImplemented
        return _compare_lists(self.items, other.items) == 0

    def __lt__(self, other: object) -> bool:
        # Another kind of version answers for itself: OSV's `introduced: "0"` (ranges.LOWEST)
        # sorts below every Maven version only if this comparison lets it.
        if not isinstance(other, MavenVersion):
            return NotImplemented
        return _compare_lists(self.items, other.items) < 0

    def __hash__(self) -> int:
        return hash(self.items)  # trimmed and canonical: equal versions have equal items

    def __str__(self) -> str:
        return self.text


@lru_cache(maxsize=65_536)
def parse(text: str) -> MavenVersion | None:
    """The version, or None when the text is empty or has characters no version has."""
    text = text.strip()
    if not text or _NOT_VERSION.search(text):
        return None
    return MavenVersion(_parse_items(text.lower()), text)


def _parse_items(text: str) -> tuple[Item, ...]:
    """The nested list of items, built as Maven's parser builds its `ListItem`s."""
    stack: list[list[Item]] = [[]]
    for opens, item in _items(text):
        if opens:
            stack.append([])
        stack[-1].append(item)
    while len(stack) > 1:
        inner = _trim(stack.pop())
        stack[-1].append(inner)
    return _trim(stack[0])


def _items(text: str) -> Iterator[tuple[bool, Item]]:
    """Each item in order, and whether it opens a sub-list."""
    pieces = _TOKENS.findall(text)
    previous = "."  # the version's start acts as a separator
    for index, piece in enumerate(pieces):
        if piece not in ".-":
            following = pieces[index + 1] if index + 1 < len(pieces) else ""
            yield _opens(previous, piece, index), _item(piece, following.isdigit())
        elif previous in ".-":
            yield previous == "-", 0  # an empty token is 0
        previous = piece
    if pieces and previous in ".-":
        yield previous == "-", 0


def _opens(previous: str, piece: str, index: int) -> bool:
    """Whether an item starts a sub-list."""
    if previous != ".":
        return True  # after `-`, or at a change between digits and letters
    return index > 0 and not piece.isdigit()  # a qualifier after `.`: `1.foo` is `1-foo`


def _item(token: str, followed_by_digit: bool) -> Item:
    if token.isdigit():
        return int(token)
    if followed_by_digit and token in _SHORT:
        token = _SHORT[token]
    token = _ALIASES.get(token, token)
    if token in _QUALIFIERS:
        return str(_QUALIFIERS.index(token))
    return f"{len(_QUALIFIERS)}-{token}"


def _trim(items: list[Item]) -> tuple[Item, ...]:
    """Drop null items from the end, looking past sub-lists that are not null (Maven's)."""
    for index in range(len(items) - 1, -1, -1):
        if _is_null(items[index]):
            del items[index]
        elif not isinstance(items[index], tuple):
            break
    if len(items) == 1 and isinstance(items[0], tuple):
        return items[0]  # `1-ga-1` is `1-1`: the trimmed qualifier leaves no level
    return tuple(items)


def _is_null(item: Item) -> bool:
    return item == 0 or item == str(_RELEASE) or item == ()


def _compare(left: Item | None, right: Item | None) -> int:
    """ComparableVersion's item order; None is a missing item (padding)."""
    if left is None or right is None:
        return -_against_null(right) if left is None and right is not None else _against_null(left)
    if type(left) is not type(right):  # qualifier < list < number
        return _sign(_RANK[type(left)] - _RANK[type(right)])
    if isinstance(left, tuple) and isinstance(right, tuple):
        return _compare_lists(left, right)
    return (left > right) - (left < right)  # type: ignore[operator]


def _against_null(item: Item | None) -> int:
    """How an item compares with padding: 0, the release qualifier, an empty list."""
    if item is None or isinstance(item, int):
        return _sign(item or 0)
    if isinstance(item, str):
        release = str(_RELEASE)
        return (item > release) - (item < release)
    return _against_null(item[0]) if item else 0


def _compare_lists(left: tuple[Item, ...], right: tuple[Item, ...]) -> int:
    for index in range(max(len(left), len(right))):
        a = left[index] if index < len(left) else None
        b = right[index] if index < len(right) else None
        found = _compare(a, b)
        if found:
            return found
    return 0


def _sign(number: int) -> int:
    return (number > 0) - (number < 0)


def _has_prerelease(items: tuple[Item, ...]) -> bool:
    return any(
        _has_prerelease(item) if isinstance(item, tuple) else item in _PRERELEASE for item in items
    )
