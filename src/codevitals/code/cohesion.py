"""LCOM4 (Hitz and Montazeri, 1995): how many unrelated groups of methods a class holds.

Two methods are related when they use the same attribute of the instance or one calls the
other through it (`self.` in Python, `this.` in JavaScript: the method's receiver). Each
connected group is a candidate class of its own; one group is a cohesive class. Constructors
are left out because they touch every attribute and would connect all methods trivially, and
so are methods that use no member at all (static helpers carry no evidence either way) and
the accessors of C#, Kotlin and Swift properties: each reaches its own backing field, so a
class of plain properties would count one group per property.

Accessors by shape are left out too, as SonarQube's LCOM4 left them out: a method whose one
member is a field, not another method of its class (a getter, a setter, a builder's
`fun timeout(t) = apply { timeout = t }`, a registry's
`def before_request(self, f): self.before_request_funcs.append(f)`). Each reaches one field
of its own, so a class of them would count one group per field; a call to one is a use of
its field.

Java, C#, Kotlin, C++, Swift, Scala and Ruby's classes also reach members by their bare
names (`count++` for `this.count++`). There, a bare name counts as a member when the class
declares a field or a method of that name and the method declares no parameter or variable
of that name (a method that shadows a field anywhere is taken never to use it bare: scopes
inside a method are not told apart).
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
    locals: frozenset[bytes] = frozenset()
    """The parameters and variables it declares: a bare name among them is no member."""
    accessor: bool = False
    """A property's accessor, left out as constructors are (`Signature.accessor`)."""


@cache
def _member_pattern(receiver: str) -> re.Pattern[bytes]:
    # `.` in most languages; `->` after PHP's `$this`; nothing after Ruby's `@`.
    separator = rb"(?:\.|->|(?<=@))"
    name = re.escape(receiver.encode())
    # The receiver comes first and its guard (not part of a longer name or a.self) after it:
    # a pattern that opens with a literal is searched for as a string, twenty times faster
    # than trying the guard at every byte of every method. A member's name may hold `$` (Java,
    # JavaScript: Vue's `this.$el`) or open with `#` (a JavaScript private member).
    member = rb"(#?[A-Za-z_$][\w$]*)"
    if receiver == "@":  # Ruby's methods reach their own as `@x` and as `self.x`
        return re.compile(rb"(?:(?<![\w.])@|(?<![\w.@$])self\.)" + member)
    return re.compile(name + rb"(?<![\w.]" + name + rb")" + separator + member)


_BARE_NAME = re.compile(
    rb"""[A-Za-z_](?<![\w$.@'"][A-Za-z_])(?<!->[A-Za-z_])(?<!::[A-Za-z_])\w*(?![\w$'"])"""
)
"""A name not reached through anything (`other.count`, `p->count`, `A::count`), nor the whole
of a string (`"count"`): what may be a member used by its bare name. It opens with the name's
first letter, which the engine scans for, and looks behind from there: looking behind first
would be tried at every byte (a third of the time on Newtonsoft.Json)."""


_MARKED_NAME = re.compile(rb"(?<![\w$.@'\"])[A-Za-z_]\w*[?!](?![=\w])")
"""A bare name ending in `?` or `!` (Ruby's predicates and bang methods): `valid?`, not the
`!=` of `valid != x` nor the `?` of a ternary, which stands apart from its condition."""


Uses = list[tuple[str, frozenset[bytes]]]
"""The `self` members each method uses, in source order (constructors and helpers left out)."""


def components(
    source: bytes,
    methods: Sequence[Method],
    constructors: frozenset[str] = _CONSTRUCTORS,
    fields: frozenset[str] | None = None,
) -> tuple[tuple[str, ...], ...]:
    """Connected groups of method names, each in source order, groups by first method."""
    return groups(uses(source, methods, constructors, fields))


def uses(
    source: bytes,
    methods: Sequence[Method],
    constructors: frozenset[str] = _CONSTRUCTORS,
    fields: frozenset[str] | None = None,
) -> Uses:
    """What each method that counts uses of its instance (or class).

    `constructors` are the language's constructor names (Python's by default). `fields` are
    the instance fields of a class whose methods may use members by their bare names (then
    a bare method name is a call too); None where members are reached only through the
    receiver. Comments must be blanked in `source`: a bare name in one would count.
    """
    bare = None if fields is None else _bare_members(fields, methods, constructors)
    return [
        (method.name, _used(source, method, receiver, bare))
        for method in methods
        if (receiver := method.receiver) and not _left_out(method, constructors)
    ]


@dataclass(frozen=True, slots=True)
class _Bare:
    """The members a class's methods may use by their bare names."""

    names: frozenset[bytes]
    marked: bool
    """Whether some end in `?` or `!` (Ruby's `valid?`, `save!`): a second pattern finds them."""


def _bare_members(
    fields: frozenset[str], methods: Sequence[Method], constructors: frozenset[str]
) -> _Bare:
    # A static method (no receiver) is the class's, not the instance's: calling it relates
    # nothing, as a static field does not. A constructor is not called by its bare name
    # (Scala's is named `this`, which every `this.` would otherwise match).
    instance = (m.name for m in methods if m.receiver and not _left_out(m, constructors))
    names = frozenset(name.encode() for name in fields.union(instance))
    return _Bare(names, any(name[-1:] in b"?!" for name in names))


def _left_out(method: Method, constructors: frozenset[str]) -> bool:
    return method.accessor or method.name in constructors


def _used(source: bytes, method: Method, receiver: str, bare: _Bare | None) -> frozenset[bytes]:
    found = frozenset(_member_pattern(receiver).findall(source, method.start, method.end))
    if bare is not None and bare.names:
        # The method's own name is left out: a recursive call relates it to nothing else.
        names = bare.names.intersection(_BARE_NAME.findall(source, method.start, method.end))
        if bare.marked:
            seen = _MARKED_NAME.findall(source, method.start, method.end)
            names |= bare.names.intersection(seen)
        found |= names - method.locals - {method.name.encode()}
    return found


def groups(methods: Uses) -> tuple[tuple[str, ...], ...]:
    """Connected groups of the methods (a later method of the same name replaces an earlier)."""
    members = dict(methods)
    fields = accessors(members)
    names = [name for name, used in members.items() if used and name.encode() not in fields]
    parent = {name: name for name in names}
    users: dict[bytes, str] = {}
    encoded = {name.encode(): name for name in names}
    for name in names:
        for member in {fields.get(used, used) for used in members[name]}:
            # Linked: the method called (a member named like a method), and the first user.
            linked = [encoded[member]] if member in encoded else []
            linked.append(users.setdefault(member, name))
            for other in linked:
                parent[_root(parent, other)] = _root(parent, name)
    found: dict[str, list[str]] = {}
    for name in names:
        found.setdefault(_root(parent, name), []).append(name)
    return tuple(tuple(group) for group in found.values())


def accessors(members: dict[str, frozenset[bytes]]) -> dict[bytes, bytes]:
    """Each accessor by shape, with the one member it uses (its field).

    A fluent setter is often named as its field (`fun dispatcher(d) = apply { this.dispatcher
    = d }`): the one member a method uses by its own name is its field, not a call.
    """
    methods = {name.encode() for name in members}
    found = {}
    for name, used in members.items():
        if len(used) == 1:
            [member] = used
            own = name.encode()
            if member == own or member not in methods:
                found[own] = member
    return found


def _root(parent: dict[str, str], name: str) -> str:
    """The representative of `name`'s group (union-find, halving the path as it goes)."""
    while parent[name] != name:
        parent[name] = parent[parent[name]]
        name = parent[name]
    return name
