"""Model values to JSON values, read from the dataclasses' own fields.

A dataclass becomes an object of its fields in the order they are declared, an enum its
value, a tuple a list; anything else is written as it is. A document states only where its
JSON differs from that: a `Shape` per dataclass (another key order, a renamed key, a float
rounded, a member written in place of its field, a key left out when None, a value written
through a function, a key derived from the whole object) or a function for a type whose JSON
another document already defines. A field added to the model then reaches the document
without a line here, and the schema test says whether the schema knows it.

Each dataclass is written by a function made for it once per process and document (its
members read by their declared types), so a document costs what a hand-written one does.
"""

from __future__ import annotations

import dataclasses
import operator
import sys
import threading
import types
import typing
from collections.abc import Callable, Mapping, Sequence
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
    """`value` as plain JSON data, each dataclass in the shape `shapes` gives its type.

    The data is to be written, not changed: the empty lists of members are one list.
    """
    return _encoder(shapes).encode(value)


def encode_object(value: Any, shapes: Shapes) -> dict[str, Any]:
    """A dataclass as a JSON object: `encode`, typed for the documents that embed it."""
    found: dict[str, Any] = _encoder(shapes).encode(value)
    return found


_ENCODERS: dict[int, tuple[Shapes, _Encoder]] = {}
"""Each document's encoder, by the identity of its shapes (held here, so never reused): the
writers are made once per process, not once per document."""


def _encoder(shapes: Shapes) -> _Encoder:
    found = _ENCODERS.get(id(shapes))
    if found is None or found[0] is not shapes:
        found = _ENCODERS[id(shapes)] = (shapes, _Encoder(shapes))
    return found[1]


_PLAIN = frozenset({str, int, float, bool, type(None)})
"""Types written as they are, looked up before anything else: most values are of these."""

_AS_DECLARED = Shape()

_EMPTY: list[Any] = []
"""Every empty list of a dataclass's member: a document is written, never changed."""


class _Encoder:
    """Writes the values of one document's shapes, with a writer made once per type.

    A scan of a large repository writes hundreds of thousands of objects: reading the shape
    anew for each made the document ten times slower to build than writing it by hand, and
    a loop over each object's members still three times slower. A dataclass's writer is
    therefore a function made for it, as one would write it by hand (`_ObjectSource`).
    """

    def __init__(self, shapes: Shapes) -> None:
        self.shapes = shapes
        self.writers: dict[type, Writer] = {}
        self.pending: dict[type, Writer] = {}
        """Writers being made, for a type that holds itself (a tree) to call its own."""
        self.making = threading.RLock()
        """Held while a writer is made: another thread waits for it, and never calls it
        half made (the report of a fleet's repository may be written in a thread)."""

    def encode(self, value: Any) -> Any:
        """Any value, by the writer of its type."""
        kind = type(value)
        if kind in _PLAIN:
            return value
        write = self.writers.get(kind)
        if write is None:
            write = self.writer(kind)
        return write(value)

    def writer(self, kind: type) -> Writer:
        """The function that writes values of `kind`, made on first use."""
        found = self.writers.get(kind)
        if found is None:
            with self.making:
                found = self.writers.get(kind) or self.pending.get(kind) or self._made(kind)
        return found

    def _made(self, kind: type) -> Writer:
        how = self.shapes.get(kind)
        if callable(how):
            found = how
        elif dataclasses.is_dataclass(kind):
            # Looked up when called, once the writer is made.
            self.pending[kind] = lambda value: self.writers[kind](value)  # noqa: PLW0108
            try:
                found = _ObjectSource(self).writer(kind, how or _AS_DECLARED)
            finally:
                del self.pending[kind]
        elif issubclass(kind, Enum):
            found = operator.attrgetter("_value_")
        elif issubclass(kind, tuple | list):
            found = self._list
        elif issubclass(kind, dict):
            found = self._dict
        else:
            found = _as_it_is
        self.writers[kind] = found
        return found

    def _list(self, value: Any) -> list[Any]:
        encode = self.encode
        return [encode(item) for item in value]

    def _dict(self, value: Any) -> dict[Any, Any]:
        encode = self.encode
        return {key: encode(item) for key, item in value.items()}


class _ObjectSource:
    """The source of one dataclass's writer: a dict display of its members, as by hand.

    Each member is written as its declared type says (`typing.get_type_hints`): a string,
    number, bool or None as it is, an enum by its value, a dataclass by its type's writer
    called directly, a tuple by a comprehension over its items. A member without a type to
    go by (a property, a derived key, `Any`, a union of classes, a class with subclasses)
    goes through `encode`, which looks at its value. The functions the source calls are its
    globals, so it holds only field names and keys from the shapes, never a scanned value.
    """

    def __init__(self, encoder: _Encoder) -> None:
        self.encoder = encoder
        self.scope: dict[str, Any] = {"encode": encoder.encode, "_rounded": _rounded}
        self.scope["_empty"] = _EMPTY
        self.before: list[str] = []
        """Statements before the object: the members written in its place, read once."""
        self.items: list[str] = []
        """The object's display, up to the first member that may be left out."""
        self.after: list[str] = []
        """Statements that add the members from then on, in order."""
        self.held = 0

    def writer(self, kind: type, shape: Shape) -> Writer:
        """The compiled function that writes a `kind` in `shape`."""
        self.members(kind, shape, "value")
        display = "{" + ", ".join(self.items) + "}"
        if self.after:
            body = [*self.before, f"found = {display}", *self.after, "return found"]
        else:
            body = [*self.before, f"return {display}"]
        source = "def write(value):\n" + "".join(f"    {line}\n" for line in body)
        # Safe to run: the source is made of our own field names and keys (see the class).
        exec(compile(source, f"<codec: {kind.__qualname__}>", "exec"), self.scope)  # noqa: S102
        write: Writer = self.scope["write"]
        return write

    def members(self, kind: type, shape: Shape, value: str) -> None:
        """Add the members of the object `value` (a name in the source) as `shape` says."""
        hints = _hints(kind)
        for name in shape.order or tuple(item.name for item in dataclasses.fields(kind)):
            if name in shape.derived:
                function = shape.derived[name]
                read = self.bound(f"{self.refer(function)}({value})")
                hint = _returned(function)
            else:
                read, hint = f"{value}.{name}", hints.get(name)
            key = shape.names.get(name, name)
            if name in shape.inline:
                self.inline(read, hint)
            elif name in shape.optional:
                held = self.local()
                written = self.written(name, shape, hint, held)
                self.after.append(f"if ({held} := {read}) is not None: found[{key!r}] = {written}")
            else:
                self.item(key, self.written(name, shape, hint, read))

    def inline(self, read: str, hint: Any) -> None:
        """Add a member's own members in its place; nothing when it is None."""
        how = self.encoder.shapes.get(hint) if isinstance(hint, type) else None
        if _known_dataclass(hint) and not callable(how):
            self.members(hint, how or _AS_DECLARED, self.bound(read))
        else:
            held = self.local()
            written = self.typed(_without_none(hint), held)
            self.after.append(f"if ({held} := {read}) is not None: found.update({written})")

    def written(self, name: str, shape: Shape, hint: Any, read: str) -> str:
        """How one member's value is written: through a function, rounded, or by its type."""
        # What a function returns is encoded in turn, so it may hand back model values.
        if name in shape.through:
            return f"encode({self.refer(shape.through[name])}({read}))"
        if name in shape.digits:
            digits = shape.digits[name]
            return (
                f"round({read}, {digits})"
                if hint in (float, int)
                else f"_rounded({read}, {digits})"
            )
        return self.typed(hint, read)

    def typed(self, hint: Any, read: str) -> str:
        """The expression that writes `read`, a value of the declared type `hint`."""
        if _plain(hint):
            return read
        rest = _without_none(hint)
        if rest is not hint:
            return f"(None if {read} is None else {self.typed(rest, read)})"
        origin, arguments = typing.get_origin(hint), typing.get_args(hint)
        if origin in (tuple, list, Sequence) and _items(origin, arguments):
            return self.sequence(arguments[0], read)
        if origin in (dict, Mapping) and len(arguments) == 2:
            return self.mapping(arguments[1], read)
        return self.instance(hint, read)

    def instance(self, hint: Any, read: str) -> str:
        """A value of one class: by its type's writer, an enum by its value, else by `encode`."""
        write = self.callee(hint)
        if write is not None:
            return f"{write}({read})"
        if isinstance(hint, type) and issubclass(hint, Enum):
            # `_value_` is where the enum keeps it: `.value` is a descriptor, 4 times slower.
            return f"{read}._value_"
        return f"encode({read})"

    def sequence(self, hint: Any, read: str) -> str:
        """A list of the items of `read`, each of type `hint`."""
        if _plain(hint):
            return f"list({read})"
        # Most lists of a scan (a function's bumps, conditions, biomarkers) are empty, and
        # share one list: 100,000 fewer made on a large repository (documents are only read).
        write = self.callee(hint)
        if write is not None:
            return f"list(map({write}, {read})) if {read} else _empty"
        item = self.local()
        return f"[{self.typed(hint, item)} for {item} in {read}] if {read} else _empty"

    def mapping(self, hint: Any, read: str) -> str:
        """A dict of the keys of `read`, each value of type `hint`."""
        if _plain(hint):
            return f"dict({read})"
        key, item = self.local(), self.local()
        return f"{{{key}: {self.typed(hint, item)} for {key}, {item} in {read}.items()}}"

    def callee(self, hint: Any) -> str | None:
        """The name of the function that writes values of type `hint`, if one does."""
        if not isinstance(hint, type):
            return None
        if callable(self.encoder.shapes.get(hint)) or _known_dataclass(hint):
            return self.refer(self.encoder.writer(hint))
        return None

    def item(self, key: str, written: str) -> None:
        """Add a key and the expression of its value, in the display while it lasts."""
        if self.after:
            self.after.append(f"found[{key!r}] = {written}")
        else:
            self.items.append(f"{key!r}: {written}")

    def bound(self, expression: str) -> str:
        """A name for the value of `expression`, worked out once where the source has come to."""
        name = self.local()
        (self.after or self.before).append(f"{name} = {expression}")
        return name

    def local(self) -> str:
        """A new name for a value the source holds."""
        self.held += 1
        return f"_v{self.held}"

    def refer(self, value: Any) -> str:
        """The name of `value` in the source's globals."""
        name = f"_g{len(self.scope)}"
        self.scope[name] = value
        return name


def _hints(kind: type) -> dict[str, Any]:
    """The declared types of a dataclass's fields, those that can be resolved here."""
    try:
        return typing.get_type_hints(kind)
    except (NameError, TypeError):
        pass
    # A name imported only for type checking (an import cycle broken) leaves its field
    # unknown, to be written by its value; the other fields are still written by their types.
    found: dict[str, Any] = {}
    for base in reversed(kind.__mro__):
        module = sys.modules.get(base.__module__)
        namespace = vars(module) if module is not None else {}
        for name, annotation in vars(base).get("__annotations__", {}).items():
            alone = types.SimpleNamespace(__annotations__={name: annotation})
            try:
                found[name] = typing.get_type_hints(alone, globalns=namespace)[name]
            except (NameError, TypeError):
                found.pop(name, None)
    return found


def _plain(hint: Any) -> bool:
    """Whether every value of this declared type is written as it is."""
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return all(_plain(item) for item in arguments)
    if origin is typing.Literal:
        return all(type(item) in _PLAIN for item in arguments)
    return hint in _PLAIN


def _returned(function: Writer) -> Any:
    """The return type a function declares (None, unknown, for a lambda or a builtin)."""
    try:
        return typing.get_type_hints(function).get("return")
    except (NameError, TypeError):
        return None


def _known_dataclass(hint: Any) -> bool:
    """Whether a value of this declared type is of that very dataclass, not a subclass."""
    return isinstance(hint, type) and dataclasses.is_dataclass(hint) and not hint.__subclasses__()


def _without_none(hint: Any) -> Any:
    """The one type of an optional type (`X | None` → `X`); any other type as it is."""
    arguments = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and len(arguments) == 2:
        rest = [item for item in arguments if item is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return hint


def _items(origin: Any, arguments: tuple[Any, ...]) -> bool:
    """Whether a sequence type says its items' type: `tuple[X, ...]`, `list[X]`."""
    if origin is tuple:
        return len(arguments) == 2 and arguments[1] is Ellipsis
    return len(arguments) == 1


def _as_it_is(value: Any) -> Any:
    return value


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
