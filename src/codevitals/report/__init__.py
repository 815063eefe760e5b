"""Reporters: one package per format, one module in it per document, all behind `base.Reporter`.

`terminal/`, `json/`, `sarif/`, `markdown/` and `html/` are siblings: none imports another.
What several formats must say alike lives beside them (`words.py`, `deps_counts.py`,
`rule_docs.py`), with the writer every file-producing format goes through (`base.py`) and the
progress bars commands draw while they work (`progress.py`).

`WHERE` names the reporter of each (document, format). A new format is a package with a
module per document it renders and one line per document here; a new document is a module in
each format that renders it and one line per format.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, cast

from codevitals.report.base import Reporter, write_output, write_report

if TYPE_CHECKING:
    from codevitals.model import ScanResult
    from codevitals.model.deps import DependencyReport
    from codevitals.model.fleet import Organisation
    from codevitals.model.gate import GateResult
    from codevitals.model.validate import Validation

T = TypeVar("T")

Document = Literal[
    "scan", "plan", "hotspots", "gate", "trend", "validate", "deps", "fleet", "languages"
]
"""What a command renders; each names the model its reporters take."""

WHERE: dict[tuple[Document, str], str] = {
    ("scan", "terminal"): "terminal.scan:TerminalReporter",
    ("scan", "json"): "json.scan:JsonReporter",
    ("scan", "markdown"): "markdown.scan:MarkdownReporter",
    ("scan", "sarif"): "sarif.scan:SarifReporter",
    ("scan", "html"): "html.scan:HtmlReporter",
    ("plan", "terminal"): "terminal.plan:PlanTerminalReporter",
    ("plan", "json"): "json.plan:PlanJsonReporter",
    ("plan", "markdown"): "markdown.plan:PlanMarkdownReporter",
    ("plan", "html"): "html.scan:HtmlReporter",  # the whole page: its plan panel has every item
    ("hotspots", "terminal"): "terminal.hotspots:HotspotsReporter",
    ("hotspots", "json"): "json.scan:JsonReporter",  # the hotspots are in the scan's document
    ("hotspots", "markdown"): "markdown.scan:MarkdownReporter",
    ("hotspots", "sarif"): "sarif.scan:SarifReporter",
    ("hotspots", "html"): "html.scan:HtmlReporter",
    ("gate", "terminal"): "terminal.gate:GateTerminalReporter",
    ("gate", "json"): "json.gate:GateJsonReporter",
    ("gate", "markdown"): "markdown.gate:GateMarkdownReporter",
    ("gate", "sarif"): "sarif.gate:GateSarifReporter",
    ("trend", "terminal"): "terminal.trend:TrendTerminalReporter",
    ("trend", "json"): "json.trend:TrendJsonReporter",
    ("validate", "terminal"): "terminal.validate:ValidateTerminalReporter",
    ("validate", "json"): "json.validate:ValidateJsonReporter",
    ("deps", "terminal"): "terminal.deps:DepsTerminalReporter",
    ("deps", "json"): "json.deps:DepsJsonReporter",
    ("deps", "markdown"): "markdown.deps:DepsMarkdownReporter",
    ("deps", "sarif"): "sarif.deps:DepsSarifReporter",
    ("deps", "cyclonedx"): "cyclonedx.deps:DepsCycloneDxReporter",
    ("fleet", "terminal"): "terminal.fleet:FleetTerminalReporter",
    ("fleet", "json"): "json.fleet:FleetJsonReporter",
    ("fleet", "html"): "html.fleet:FleetHtmlReporter",
    ("languages", "terminal"): "terminal.languages:LanguagesTerminal",
    ("languages", "json"): "json.languages:LanguagesJson",
}
"""(document, format) → `module:Class` under `codevitals.report`, imported when asked for."""


def reporter(document: Document, format_name: str) -> type[Reporter[Any]]:
    """The reporter class of `document` in `format_name`, its module imported now.

    A command lists every format at start-up (the choices of `--format`) but renders one:
    importing them all would load rich, the HTML templates and the models of other commands
    on every run, a fifth of a warm scan's time.
    """
    module, _, attribute = WHERE[document, format_name].partition(":")
    found = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
    return cast("type[Reporter[Any]]", found)


class Formats(Mapping[str, type[Reporter[T]]], Generic[T]):
    """One document's reporter classes by format name (`WHERE`'s lines for that document)."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self._names = [name for (each, name) in WHERE if each == document]

    def __getitem__(self, name: str) -> type[Reporter[T]]:
        if name not in self._names:
            raise KeyError(name)
        return reporter(self.document, name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


REPORTERS: Formats[ScanResult] = Formats("scan")
"""`codevitals scan --format` (and `hotspots`, beyond the terminal) picks from these."""
PLAN_REPORTERS: Formats[ScanResult] = Formats("plan")
"""`codevitals plan --format` picks from these: the plan alone, or the whole HTML report."""
GATE_REPORTERS: Formats[GateResult] = Formats("gate")
"""`codevitals gate --format` picks from these."""
FLEET_REPORTERS: Formats[Organisation] = Formats("fleet")
"""`codevitals fleet --format` picks from these."""
VALIDATE_REPORTERS: Formats[Validation] = Formats("validate")
"""The backtest's formats (`codevitals validate --format`)."""
DEPS_REPORTERS: Formats[DependencyReport] = Formats("deps")
"""`codevitals deps --format` picks from these."""

__all__ = [
    "DEPS_REPORTERS",
    "FLEET_REPORTERS",
    "GATE_REPORTERS",
    "PLAN_REPORTERS",
    "REPORTERS",
    "VALIDATE_REPORTERS",
    "WHERE",
    "Document",
    "Formats",
    "Reporter",
    "reporter",
    "write_output",
    "write_report",
]
