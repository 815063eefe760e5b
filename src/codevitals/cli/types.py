"""Parameter types: periods of time (`2y`, `18m`, `6w`, `90d`, dates, `all`), `NAME=NUMBER`."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

import click

from codevitals.errors import CodevitalsError
from codevitals.history.since import Since, parse

if TYPE_CHECKING:
    _ParamType = click.ParamType[Since, Any]
else:  # click < 8.2 has no type parameters
    _ParamType = click.ParamType


class Duration(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2 on
    """`2y`, `18m`, `6w`, `90d`: a period of years, months, weeks or days."""

    name = "duration"
    _UNITS: ClassVar[dict[str, float]] = {"y": 365.25, "m": 30.44, "w": 7.0, "d": 1.0}

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """A `timedelta` from its text (values already converted pass through)."""
        if isinstance(value, dt.timedelta):
            return value
        found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([ymwd])\s*", str(value).lower())
        if found is None:
            self.fail(f"{value!r} is not a duration such as 2y, 18m, 6w or 90d", param, ctx)
        return dt.timedelta(days=float(found.group(1)) * self._UNITS[found.group(2)])


class When(_ParamType):
    """A date (2024-01-31), a span back from now (30d, 6w, 12m, 2y) or `all`."""

    name = "when"

    def __init__(self, *, span_only: bool = False) -> None:
        self.span_only = span_only

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Since:
        """A `Since` from its text (values already converted pass through)."""
        if isinstance(value, Since):
            return value
        try:
            parsed = parse(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)
        if self.span_only and not parsed.unit:
            self.fail(f"{value!r} is not a span such as 8h, 1d or 1w", param, ctx)
        return parsed


class NamedNumber(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2 on
    """`NAME=NUMBER` with NUMBER at least `minimum`, NAME checked by `known` (which raises).

    The text passes through unchanged (`build.pairs` reads it). Configuration items are
    checked with it, so `threshold = {large-method = -3}` is refused naming the file and key.
    """

    name = "name=number"

    def __init__(self, minimum: float, known: Callable[[str], object] | None = None) -> None:
        self.minimum = minimum
        self.known = known

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The text itself, once its name and number are checked."""
        name, sep, number = str(value).partition("=")
        try:
            amount = float(number) if sep else None
        except ValueError:
            amount = None
        if amount is None or math.isnan(amount):
            self.fail(f"{value!r} is not NAME=NUMBER", param, ctx)
        if amount < self.minimum:
            self.fail(
                f"{name.strip()} = {number.strip()}; allowed: {self.minimum:g} or more", param, ctx
            )
        if self.known is not None:
            try:
                self.known(name)
            except CodevitalsError as error:
                self.fail(str(error), param, ctx)
        return value
