"""Model values to JSON values, read from the dataclasses' own fields.

A dataclass becomes an object of its fields in the order they are declared, an enum its
value, a tuple a list; anything else is written as it is. A document states only where its
JSON differs from that: a `Shape` per dataclass (another key order, a renamed key, a float
rounded, a member written in place of its field, a value written through a function, a key
derived from the whole object) or a function for a type whose JSON another document already
defines. A field added to the model then reaches the document
without a line here, and the schema test says whether the schema knows it.
"""

from __future__ import annotations

import dataclasses
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
    through: Mapping[str, Writer] = field(default_factory=dict)
    """Field → the function its value is written through (a Unix time as ISO 8601, say)."""
    derived: Mapping[str, Writer] = field(default_factory=dict)
    """Key → the function of the whole object that computes it, for a key no field holds
    (then written as a field's value would be: through a function, rounded, encoded)."""


Shapes = Mapping[type, Shape | Writer]
"""What one document says about the types it writes."""


def encode(value: Any, shapes: Shapes) -> Any:
    """`value` as plain JSON data, each dataclass in the shape `shapes` gives its type."""
    how = shapes.get(type(value))
    if callable(how):
        return how(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _object(value, how or _AS_DECLARED, shapes)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [encode(item, shapes) for item in value]
    if isinstance(value, dict):
        return {key: encode(item, shapes) for key, item in value.items()}
    return value


def encode_object(value: Any, shapes: Shapes) -> dict[str, Any]:
    """A dataclass as a JSON object: `encode`, typed for the documents that embed it."""
    found: dict[str, Any] = encode(value, shapes)
    return found


_AS_DECLARED = Shape()


def _object(value: Any, shape: Shape, shapes: Shapes) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in shape.order or tuple(f.name for f in dataclasses.fields(value)):
        if name in shape.inline:
            member = getattr(value, name)
            found.update(encode(member, shapes) if member is not None else {})
        else:
            found[shape.names.get(name, name)] = _member(value, name, shape, shapes)
    return found


def _member(value: Any, name: str, shape: Shape, shapes: Shapes) -> Any:
    """One key's value: derived from the object, or its member written as the shape says."""
    # What a function returns is encoded in turn, so it may hand back model values.
    member = shape.derived[name](value) if name in shape.derived else getattr(value, name)
    if name in shape.through:
        return encode(shape.through[name](member), shapes)
    if name in shape.digits and member is not None:
        return round(member, shape.digits[name])
    return encode(member, shapes)
