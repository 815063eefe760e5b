"""Reporters, one module per format, all behind `base.Reporter`.

A new format is one module and one line in `REPORTERS`.
"""

from __future__ import annotations

from codevitals.model import ScanResult
from codevitals.model.fleet import Organisation
from codevitals.model.gate import GateResult
from codevitals.model.validate import Validation
from codevitals.report.base import Reporter, write_output, write_report
from codevitals.report.fleet_json import FleetJsonReporter
from codevitals.report.fleet_terminal import FleetTerminalReporter
from codevitals.report.gate_terminal import GateTerminalReporter
from codevitals.report.html import HtmlReporter
from codevitals.report.html_fleet import FleetHtmlReporter
from codevitals.report.json_plan import PlanJsonReporter
from codevitals.report.json_report import GateJsonReporter, JsonReporter
from codevitals.report.markdown import GateMarkdownReporter, MarkdownReporter
from codevitals.report.markdown_plan import PlanMarkdownReporter
from codevitals.report.sarif import GateSarifReporter, SarifReporter
from codevitals.report.terminal import TerminalReporter
from codevitals.report.terminal_plan import PlanTerminalReporter
from codevitals.report.validate_json import ValidateJsonReporter
from codevitals.report.validate_terminal import ValidateTerminalReporter

REPORTERS: dict[str, type[Reporter[ScanResult]]] = {
    TerminalReporter.format_name: TerminalReporter,
    JsonReporter.format_name: JsonReporter,
    MarkdownReporter.format_name: MarkdownReporter,
    SarifReporter.format_name: SarifReporter,
    HtmlReporter.format_name: HtmlReporter,
}
PLAN_REPORTERS: dict[str, type[Reporter[ScanResult]]] = {
    PlanTerminalReporter.format_name: PlanTerminalReporter,
    PlanJsonReporter.format_name: PlanJsonReporter,
    PlanMarkdownReporter.format_name: PlanMarkdownReporter,
    HtmlReporter.format_name: HtmlReporter,
}
"""`codevitals plan --format` picks from these: the plan alone, or the whole HTML report."""
GATE_REPORTERS: dict[str, type[Reporter[GateResult]]] = {
    GateTerminalReporter.format_name: GateTerminalReporter,
    GateJsonReporter.format_name: GateJsonReporter,
    GateMarkdownReporter.format_name: GateMarkdownReporter,
    GateSarifReporter.format_name: GateSarifReporter,
}
"""The same formats render the gate's result; `codevitals gate --format` picks from these."""
FLEET_REPORTERS: dict[str, type[Reporter[Organisation]]] = {
    FleetTerminalReporter.format_name: FleetTerminalReporter,
    FleetJsonReporter.format_name: FleetJsonReporter,
    FleetHtmlReporter.format_name: FleetHtmlReporter,
}
"""`codevitals fleet --format` picks from these."""
VALIDATE_REPORTERS: dict[str, type[Reporter[Validation]]] = {
    ValidateTerminalReporter.format_name: ValidateTerminalReporter,
    ValidateJsonReporter.format_name: ValidateJsonReporter,
}
"""The backtest's formats (`codevitals validate --format`)."""

__all__ = [
    "FLEET_REPORTERS",
    "GATE_REPORTERS",
    "PLAN_REPORTERS",
    "REPORTERS",
    "VALIDATE_REPORTERS",
    "Reporter",
    "write_output",
    "write_report",
]
