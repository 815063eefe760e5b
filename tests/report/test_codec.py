"""The JSON codec writes dataclasses by their fields, and a shape only where a document differs."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import pytest

from codevitals.report.json.codec import Shape, Shapes, encode


class Colour(StrEnum):
    RED = "red"


@dataclass(frozen=True)
class Inner:
    path: str
    score: float


@dataclass(frozen=True)
class Outer:
    name: str
    colour: Colour
    inner: Inner | None
    tags: tuple[str, ...]
    items: tuple[Inner, ...] = ()


def test_a_dataclass_is_its_fields_in_declaration_order() -> None:
    value = Outer("a", Colour.RED, Inner("x.py", 1.23456), ("t",), (Inner("y.py", 2.0),))
    assert encode(value, {}) == {
        "name": "a",
        "colour": "red",
        "inner": {"path": "x.py", "score": 1.23456},
        "tags": ["t"],
        "items": [{"path": "y.py", "score": 2.0}],
    }
    assert list(encode(value, {})) == ["name", "colour", "inner", "tags", "items"]


def test_a_shape_reorders_renames_and_rounds() -> None:
    shapes: Shapes = {
        Outer: Shape(order=("tags", "name", "inner"), names={"name": "label"}),
        Inner: Shape(digits={"score": 2}),
    }
    found = encode(Outer("a", Colour.RED, Inner("x.py", 1.23456), ("t",)), shapes)
    assert list(found.items()) == [
        ("tags", ["t"]),
        ("label", "a"),
        ("inner", {"path": "x.py", "score": 1.23}),
    ]


def test_an_inlined_member_is_written_in_its_fields_place_and_none_writes_nothing() -> None:
    shapes: Shapes = {Outer: Shape(order=("name", "inner"), inline=frozenset({"inner"}))}
    assert encode(Outer("a", Colour.RED, Inner("x.py", 1.0), ()), shapes) == {
        "name": "a",
        "path": "x.py",
        "score": 1.0,
    }
    assert encode(Outer("a", Colour.RED, None, ()), shapes) == {"name": "a"}


def test_a_writer_takes_over_its_type_wherever_it_appears() -> None:
    shapes: Shapes = {Inner: lambda item: item.path}
    value = Outer("a", Colour.RED, Inner("x.py", 1.0), (), (Inner("y.py", 2.0),))
    found = encode(value, shapes)
    assert (found["inner"], found["items"]) == ("x.py", ["y.py"])


def test_plain_values_and_mappings_pass_through() -> None:
    assert encode({"since": "12m", "bots": ("a", "b"), "n": None}, {}) == {
        "since": "12m",
        "bots": ["a", "b"],
        "n": None,
    }


def test_a_member_written_through_a_function_and_a_derived_key() -> None:
    shapes: Shapes = {
        Outer: Shape(
            order=("name", "size", "tags", "inner"),
            through={"tags": ", ".join, "inner": lambda inner: inner},
            derived={"size": lambda outer: len(outer.items)},
            names={"size": "count"},
        ),
        Inner: Shape(digits={"score": 1}),
    }
    value = Outer("a", Colour.RED, Inner("x.py", 1.26), ("t", "u"), (Inner("y.py", 2.0),))
    assert encode(value, shapes) == {
        "name": "a",
        "count": 1,
        "tags": "t, u",
        # What the function returns is encoded in turn, in its own type's shape.
        "inner": {"path": "x.py", "score": 1.3},
    }


def test_a_property_named_in_the_order_is_written_like_a_field() -> None:
    @dataclass(frozen=True)
    class Pair:
        first: int
        second: int

        @property
        def total(self) -> int:
            return self.first + self.second

    assert encode(Pair(1, 2), {Pair: Shape(order=("total", "first"))}) == {"total": 3, "first": 1}


def test_a_derived_key_is_rounded_like_a_field() -> None:
    shapes: Shapes = {
        Inner: Shape(
            order=("path", "half"),
            derived={"half": lambda inner: inner.score / 2},
            digits={"half": 2},
        )
    }
    assert encode(Inner("x.py", 1.0 / 3), shapes) == {"path": "x.py", "half": 0.17}


def test_an_optional_field_is_left_out_when_none() -> None:
    shapes: Shapes = {Outer: Shape(order=("name", "inner"), optional=frozenset({"inner"}))}
    assert encode(Outer("a", Colour.RED, None, ()), shapes) == {"name": "a"}
    assert encode(Outer("a", Colour.RED, Inner("x.py", 1.0), ()), shapes) == {
        "name": "a",
        "inner": {"path": "x.py", "score": 1.0},
    }


@dataclass(frozen=True)
class Node:
    name: str
    children: tuple[Node, ...] = ()


def test_a_type_that_holds_itself_is_written_to_any_depth() -> None:
    tree = Node("a", (Node("b", (Node("c"),)), Node("d")))
    assert encode(tree, {Node: Shape(names={"children": "kids"})}) == {
        "name": "a",
        "kids": [{"name": "b", "kids": [{"name": "c", "kids": []}]}, {"name": "d", "kids": []}],
    }


@dataclass(frozen=True)
class Special(Inner):
    extra: int = 0


def test_a_subclass_of_a_declared_type_is_written_in_its_own_shape() -> None:
    value = Outer("a", Colour.RED, Special("x.py", 1.0, 7), (), (Special("y.py", 2.0),))
    found = encode(value, {Special: Shape(order=("extra", "path"))})
    assert found["inner"] == {"extra": 7, "path": "x.py"}
    assert found["items"] == [{"extra": 0, "path": "y.py"}]


@dataclass(frozen=True)
class Unresolved:
    name: str
    hidden: Missing | None  # type: ignore[name-defined]  # noqa: F821
    items: tuple[Inner, ...] = ()


def test_a_field_whose_type_cannot_be_resolved_is_written_by_its_value() -> None:
    value = Unresolved("a", Inner("x.py", 1.0), (Inner("y.py", 2.0),))
    assert encode(value, {Inner: Shape(order=("path",))}) == {
        "name": "a",
        "hidden": {"path": "x.py"},
        "items": [{"path": "y.py"}],
    }


@dataclass(frozen=True)
class Mixed:
    first: str
    maybe: Inner | None
    colour: Colour | None
    by_name: dict[str, Inner]
    anything: Any
    last: Sequence[Inner]


def test_members_are_written_by_their_declared_types_and_keys_keep_their_order() -> None:
    shapes: Shapes = {
        Mixed: Shape(optional=frozenset({"maybe"}), inline=frozenset({"colour"})),
        Inner: Shape(digits={"score": 1}),
    }
    full = Mixed("a", Inner("x.py", 1.26), None, {"k": Inner("y.py", 2.0)}, (Colour.RED,), [])
    assert list(encode(full, shapes).items()) == [
        ("first", "a"),
        ("maybe", {"path": "x.py", "score": 1.3}),
        ("by_name", {"k": {"path": "y.py", "score": 2.0}}),
        ("anything", ["red"]),
        ("last", []),
    ]
    bare = Mixed("a", None, None, {}, None, [Inner("z.py", 0.04)])
    assert list(encode(bare, shapes)) == ["first", "by_name", "anything", "last"]
    assert encode(bare, shapes)["last"] == [{"path": "z.py", "score": 0.0}]


def test_each_types_writer_is_made_once_for_every_document_of_the_same_shapes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A scan writes hundreds of thousands of objects: working out a type's members for each
    # object, or for each document, made the document several times slower than by hand.
    read: list[type] = []
    fields = dataclasses.fields

    def counted(kind: Any) -> Any:
        read.append(kind)
        return fields(kind)

    monkeypatch.setattr(dataclasses, "fields", counted)
    shapes: Shapes = {}
    for name in ("a", "b"):
        encode(Outer(name, Colour.RED, Inner("x.py", 1.0), (), (Inner("y.py", 2.0),)), shapes)
    assert sorted(kind.__name__ for kind in read) == ["Inner", "Outer"]


def test_a_derived_key_is_written_by_the_type_its_function_returns_and_worked_out_once() -> None:
    calls: list[Outer] = []

    def both(outer: Outer) -> tuple[Inner, ...]:
        calls.append(outer)
        return (*outer.items, *((outer.inner,) if outer.inner else ()))

    shapes: Shapes = {
        Outer: Shape(order=("name", "all"), derived={"all": both}),
        Inner: Shape(order=("path",)),
    }
    value = Outer("a", Colour.RED, Inner("x.py", 1.0), (), (Inner("y.py", 2.0),))
    assert encode(value, shapes) == {"name": "a", "all": [{"path": "y.py"}, {"path": "x.py"}]}
    assert calls == [value]


class _SlowNames(Mapping[str, str]):
    """Field names read while a writer is made: the first read lets another thread in."""

    def __init__(self) -> None:
        self.making = threading.Event()

    def __getitem__(self, key: str) -> str:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def get(self, key: str, default: Any = None) -> Any:
        self.making.set()
        time.sleep(0.05)  # room for the other thread to reach the writer being made
        return default


def test_a_writer_being_made_in_one_thread_is_awaited_by_another() -> None:
    names = _SlowNames()
    shapes: Shapes = {Node: Shape(names=names)}
    tree = Node("a", (Node("b"),))
    found: list[Any] = []

    def other() -> None:
        names.making.wait(timeout=60)
        try:
            found.append(encode(tree, shapes))
        except RecursionError as error:  # it called the writer before it was made
            found.append(error)

    thread = threading.Thread(target=other)
    thread.start()
    first = encode(tree, shapes)
    thread.join(timeout=60)
    assert found == [first]
