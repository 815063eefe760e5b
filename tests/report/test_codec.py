"""The JSON codec writes dataclasses by their fields, and a shape only where a document differs."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

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
