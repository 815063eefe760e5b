"""Model values to JSON values, read from the dataclasses' own fields.

A dataclass becomes an object of its fields in the order they are declared, an enum its
value, a tuple a list; anything else is written as it is. A document states only where its
JSON differs from that: a `Shape` per dataclass (another key order, a renamed key, a float
rounded, a member written in place of its field) or a function for a type whose JSON
another document already defines. A field added to the model then reaches the document
without a line here, and the schema test says whether the schema knows it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


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


Writer = Callable[[Any], Any]
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


_AS_DECLARED = Shape()


def _object(value: Any, shape: Shape, shapes: Shapes) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in shape.order or tuple(f.name for f in dataclasses.fields(value)):
        member = getattr(value, name)
        if name in shape.inline:
            found.update(encode(member, shapes) if member is not None else {})
        elif name in shape.digits and member is not None:
            found[shape.names.get(name, name)] = round(member, shape.digits[name])
        else:
            found[shape.names.get(name, name)] = encode(member, shapes)
    return found
