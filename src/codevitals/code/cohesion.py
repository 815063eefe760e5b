"""LCOM4 (Hitz and Montazeri, 1995): how many unrelated groups of methods a class holds.

Two methods are related when they use the same attribute of the instance or one calls the
other through it (`self.` in Python, `this.` in JavaScript: the method's receiver). Each
connected group is a candidate class of its own; one group is a cohesive class. Constructors
are left out because they touch every attribute and would connect all methods trivially, and
so are methods that use no member at all (static helpers carry no evidence either way).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

_CONSTRUCTORS = frozenset({"__init__", "__new__", "__post_init__", "__init_subclass__"})


@dataclass(frozen=True, slots=True)
class Method:
    """A method's name, the name of its bound parameter and the byte range of its body."""

    name: str
    receiver: str | None
    start: int
    end: int


@cache
def _member_pattern(receiver: str) -> re.Pattern[bytes]:
    # `.` in most languages; `->` after PHP's `$this`; nothing after Ruby's `@`.
    separator = rb"(?:\.|->|(?<=@))"
    name = re.escape(receiver.encode())
    # The receiver comes first and its guard (not part of a longer name or a.self) after it:
    # a pattern that opens with a literal is searched for as a string, twenty times faster
    # than trying the guard at every byte of every method.
    return re.compile(name + rb"(?<![\w.]" + name + rb")" + separator + rb"([A-Za-z_]\w*)")


Uses = list[tuple[str, frozenset[bytes]]]
"""The `self` members each method uses, in source order (constructors and helpers left out)."""


def components(
    source: bytes, methods: Sequence[Method], constructors: frozenset[str] = _CONSTRUCTORS
) -> tuple[tuple[str, ...], ...]:
    """Connected groups of method names, each in source order, groups by first method."""
    return groups(uses(source, methods, constructors))


def uses(
    source: bytes, methods: Sequence[Method], constructors: frozenset[str] = _CONSTRUCTORS
) -> Uses:
    """What each method that counts uses of its instance (or class).

    `constructors` are the language's constructor names (Python's by default).
    """
    return [
        (
            method.name,
            frozenset(_member_pattern(receiver).findall(source, method.start, method.end)),
        )
        for method in methods
        if (receiver := method.receiver) and method.name not in constructors
    ]


def groups(methods: Uses) -> tuple[tuple[str, ...], ...]:
    """Connected groups of the methods (a later method of the same name replaces an earlier)."""
    members = dict(methods)
    names = [name for name, used in members.items() if used]
    parent = {name: name for name in names}
    users: dict[bytes, str] = {}
    encoded = {name.encode(): name for name in names}
    for name in names:
        for member in members[name]:
            # Linked: the method called (a member named like a method), and the first user.
            linked = [encoded[member]] if member in encoded else []
            linked.append(users.setdefault(member, name))
            for other in linked:
                parent[_root(parent, other)] = _root(parent, name)
    found: dict[str, list[str]] = {}
    for name in names:
        found.setdefault(_root(parent, name), []).append(name)
    return tuple(tuple(group) for group in found.values())


def _root(parent: dict[str, str], name: str) -> str:
    """The representative of `name`'s group (union-find, halving the path as it goes)."""
    while parent[name] != name:
        parent[name] = parent[parent[name]]
        name = parent[name]
    return name
