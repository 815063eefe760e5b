"""Reporters, one module per format, all behind `base.Reporter`.

A new format is one module and one line in `REPORTERS`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from codevitals.report.base import Reporter, write_output, write_report

if TYPE_CHECKING:
    from codevitals.model import ScanResult
    from codevitals.model.fleet import Organisation
    from codevitals.model.gate import GateResult
    from codevitals.model.validate import Validation

T = TypeVar("T")


class Registry(Mapping[str, type[Reporter[T]]], Generic[T]):
    """Reporter classes by format name, each imported the first time it is asked for.

    A command lists every format at start-up (the choices of `--format`) but renders one:
    importing them all would load rich, the HTML templates and the models of other commands
    on every run, a fifth of a warm scan's time.
    """

    def __init__(self, where: Mapping[str, str]) -> None:
        self._where = dict(where)
        """Format name → `module:Class`."""

    def __getitem__(self, name: str) -> type[Reporter[T]]:
        module, _, attribute = self._where[name].partition(":")
        return cast("type[Reporter[T]]", getattr(importlib.import_module(module), attribute))

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


_HERE = "codevitals.report"
REPORTERS: Registry[ScanResult] = Registry(
    {
        "terminal": f"{_HERE}.terminal:TerminalReporter",
        "json": f"{_HERE}.json_report:JsonReporter",
        "markdown": f"{_HERE}.markdown:MarkdownReporter",
        "sarif": f"{_HERE}.sarif:SarifReporter",
        "html": f"{_HERE}.html:HtmlReporter",
    }
)
PLAN_REPORTERS: Registry[ScanResult] = Registry(
    {
        "terminal": f"{_HERE}.terminal_plan:PlanTerminalReporter",
        "json": f"{_HERE}.json_plan:PlanJsonReporter",
        "markdown": f"{_HERE}.markdown_plan:PlanMarkdownReporter",
        "html": f"{_HERE}.html:HtmlReporter",
    }
)
"""`codevitals plan --format` picks from these: the plan alone, or the whole HTML report."""
GATE_REPORTERS: Registry[GateResult] = Registry(
    {
        "terminal": f"{_HERE}.gate_terminal:GateTerminalReporter",
        "json": f"{_HERE}.json_report:GateJsonReporter",
        "markdown": f"{_HERE}.markdown:GateMarkdownReporter",
        "sarif": f"{_HERE}.sarif:GateSarifReporter",
    }
)
"""The same formats render the gate's result; `codevitals gate --format` picks from these."""
FLEET_REPORTERS: Registry[Organisation] = Registry(
    {
        "terminal": f"{_HERE}.fleet_terminal:FleetTerminalReporter",
        "json": f"{_HERE}.fleet_json:FleetJsonReporter",
        "html": f"{_HERE}.html_fleet:FleetHtmlReporter",
    }
)
"""`codevitals fleet --format` picks from these."""
VALIDATE_REPORTERS: Registry[Validation] = Registry(
    {
        "terminal": f"{_HERE}.validate_terminal:ValidateTerminalReporter",
        "json": f"{_HERE}.validate_json:ValidateJsonReporter",
    }
)
"""The backtest's formats (`codevitals validate --format`)."""

__all__ = [
    "FLEET_REPORTERS",
    "GATE_REPORTERS",
    "PLAN_REPORTERS",
    "REPORTERS",
    "VALIDATE_REPORTERS",
    "Registry",
    "Reporter",
    "write_output",
    "write_report",
]
