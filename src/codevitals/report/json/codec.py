"""Model values to JSON values, read from the dataclasses' own fields.

A dataclass becomes an object of its fields in the order they are declared, an enum its
value, a tuple a list; anything else is written as it is. A document states only where its
JSON differs from that: a `Shape` per dataclass (another key order, a renamed key, a float
rounded, a member written in place of its field, a key left out when None, a value written
through a function, a key derived from the whole object) or a function for a type whose JSON
another document already defines. A field added to the model then reaches the document
without a line here, and the schema test says whether the schema knows it.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

Writer = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class Shape:
    """Where a dataclass's JSON object differs from its fields in declaration order."""

    order: tuple[str, ...] = ()
    """The fields written, in this order; empty for every field as declared."""
    names: Mapping[str, str] = field(default_factory=dict)
    """Field → key, where the document's key is not the field's name."""
    digits: Mapping[str, int] = field(default_factory=dict)
    """Field → the decimals its float is rounded to."""
    inline: frozenset[str] = frozenset()
    """Fields whose object's members are written in the field's place (nothing when None)."""
    optional: frozenset[str] = frozenset()
    """Fields whose key is left out when their value is None."""
    through: Mapping[str, Writer] = field(default_factory=dict)
    """Field → the function its value is written through (a Unix time as ISO 8601, say)."""
    derived: Mapping[str, Writer] = field(default_factory=dict)
    """Key → the function of the whole object that computes it, for a key no field holds
    (then written as a field's value would be: through a function, rounded, encoded)."""


Shapes = Mapping[type, Shape | Writer]
"""What one document says about the types it writes (a string, number, bool or None is
always written as it is)."""


def encode(value: Any, shapes: Shapes) -> Any:
    """`value` as plain JSON data, each dataclass in the shape `shapes` gives its type."""
    return _Encoder(shapes).encode(value)


def encode_object(value: Any, shapes: Shapes) -> dict[str, Any]:
    """A dataclass as a JSON object: `encode`, typed for the documents that embed it."""
    found: dict[str, Any] = _Encoder(shapes).encode(value)
    return found


_PLAIN = frozenset({str, int, float, bool, type(None)})
"""Types written as they are, looked up before anything else: most values are of these."""

_AS_DECLARED = Shape()

_Member = tuple[str | None, Writer, Writer | None, bool]
"""A key (None: the member's own keys, in its place), how to read the member from the
object, how to write it (None: as any value is), and whether None leaves the key out."""


class _Encoder:
    """Writes values of one document, working out once per type how to write it.

    A scan of a large repository writes hundreds of thousands of objects: reading the shape
    anew for each made the document ten times slower to build than writing it by hand.
    """

    def __init__(self, shapes: Shapes) -> None:
        self.shapes = shapes
        self.writers: dict[type, Writer] = {}

    def encode(self, value: Any) -> Any:
        kind = type(value)
        if kind in _PLAIN:
            return value
        write = self.writers.get(kind)
        if write is None:
            write = self.writers[kind] = self._writer(kind)
        return write(value)

    def _writer(self, kind: type) -> Writer:
        how = self.shapes.get(kind)
        if callable(how):
            return how
        if dataclasses.is_dataclass(kind):
            return self._object(kind, how or _AS_DECLARED)
        if issubclass(kind, Enum):
            return lambda value: value.value
        if issubclass(kind, tuple | list):
            # Most lists of a scan (a function's bumps, conditions, biomarkers) are empty.
            return lambda value: [self.encode(item) for item in value] if value else []
        if issubclass(kind, dict):
            return lambda value: {key: self.encode(item) for key, item in value.items()}
        return lambda value: value

    def _object(self, kind: type, shape: Shape) -> Writer:
        names = shape.order or tuple(f.name for f in dataclasses.fields(kind))
        return functools.partial(self._fill, tuple(self._member(name, shape) for name in names))

    def _fill(self, members: tuple[_Member, ...], value: Any) -> dict[str, Any]:
        """The object of `value`, member by member."""
        found: dict[str, Any] = {}
        for key, read, write, optional in members:
            member = read(value)
            if member is None and optional:
                continue
            if key is None:
                found.update(self.encode(member))
            elif write is None:  # most members: a plain value, written as it is
                found[key] = member if type(member) in _PLAIN else self.encode(member)
            else:
                found[key] = write(member)
        return found

    def _member(self, name: str, shape: Shape) -> _Member:
        """How to read one key's value (from the object when derived) and write it."""
        read = shape.derived.get(name) or operator.attrgetter(name)
        key = None if name in shape.inline else shape.names.get(name, name)
        optional = name in shape.inline or name in shape.optional
        # What a function returns is encoded in turn, so it may hand back model values.
        if name in shape.through:
            through = shape.through[name]
            return key, read, lambda member: self.encode(through(member)), optional
        if name in shape.digits:
            digits = shape.digits[name]
            return key, read, lambda member: _rounded(member, digits), optional
        return key, read, None, optional


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
