"""Repository results to JSON and back, for the fleet's store.

JSON rather than pickle: loading a stored record can never run code. The conversion follows
the model's type annotations, which use only dataclasses, enums, tuples, `X | None` and
plain values, so a field added to the model needs no change here.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from enum import Enum
from functools import cache
from typing import Any

from codevitals.model.fleet import RepositoryResult


def encode(result: RepositoryResult) -> bytes:
    """The result as compact JSON."""
    return json.dumps(_plain(result), separators=(",", ":"), ensure_ascii=False).encode()


def decode(record: bytes) -> RepositoryResult:
    """A result from `encode`'s bytes; ValueError when they are not one."""
    try:
        value = _build(RepositoryResult, json.loads(record))
    except (TypeError, KeyError, AttributeError, ValueError) as error:
        raise ValueError(f"malformed fleet record: {error}") from error
    if not isinstance(value, RepositoryResult):
        raise ValueError("malformed fleet record")
    return value


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


def _build(kind: Any, data: Any) -> Any:
    """A value of type `kind` from its plain form."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        return _union(typing.get_args(kind), data)
    if origin is tuple:
        item = typing.get_args(kind)[0]
        return tuple(_build(item, element) for element in data)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        return kind(**{name: _build(hints[name], data[name]) for name in hints if name in data})
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    if kind is float and isinstance(data, int):
        return float(data)
    if isinstance(kind, type) and not isinstance(data, kind):
        raise TypeError(f"{data!r} is not a {kind.__name__}")
    return data


def _union(options: tuple[Any, ...], data: Any) -> Any:
    if data is None:
        return None
    chosen = [option for option in options if option is not type(None)]
    return _build(chosen[0], data)


@cache
def _hints(kind: type) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(kind)}
    return {name: hint for name, hint in typing.get_type_hints(kind).items() if name in names}
