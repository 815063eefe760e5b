"""Reporters, one module per format, all behind `base.Reporter`.

A new format is one module and one line in `REPORTERS`.
"""

from __future__ import annotations

from codevitals.report.base import Reporter, write_report
from codevitals.report.html import HtmlReporter
from codevitals.report.json_report import JsonReporter
from codevitals.report.terminal import TerminalReporter

REPORTERS: dict[str, type[Reporter]] = {
    TerminalReporter.format_name: TerminalReporter,
    JsonReporter.format_name: JsonReporter,
    HtmlReporter.format_name: HtmlReporter,
}

__all__ = ["REPORTERS", "Reporter", "write_report"]
