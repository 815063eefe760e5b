"""Findings: rule violations reported per file and line (security smells, style, secrets).

They come from ruff (run isolated, never fixing) and codevitals' own secrets detector, and
carry everything a report needs, including each rule's documentation, so that reports never
import the stage that produced them.
"""

from __future__ import annotations

from dataclasses import dataclass

from codevitals.model import Notice, Severity


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule violation at a place in a file."""

    code: str
    """The rule code: a ruff code (`S105`, `D103`) or a secrets code (`CVS101`)."""
    name: str
    message: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    severity: Severity
    fingerprint: str
    """`<hash of rule and normalised line>:<occurrence>`: survives lines moving up or down."""


@dataclass(frozen=True, slots=True)
class RuleDoc:
    """A finding rule's documentation, for SARIF rule metadata and help."""

    code: str
    name: str
    summary: str
    explanation: str
    """Markdown, under ruff's fixed headings (What it does / Why is this bad? / Example)."""
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Conformance:
    """How much of a file the selected rules find nothing on; totals add up with `sum()`."""

    lines: int = 0
    """Non-blank lines checked."""
    flagged_lines: int = 0
    """Of those, lines with at least one finding."""

    @property
    def percent(self) -> float | None:
        """Share of checked lines with no finding, 0-100; None when nothing was checked."""
        if not self.lines:
            return None
        return 100.0 * (self.lines - self.flagged_lines) / self.lines

    def __add__(self, other: Conformance) -> Conformance:
        return Conformance(self.lines + other.lines, self.flagged_lines + other.flagged_lines)

    def __radd__(self, other: int) -> Conformance:
        return self if other == 0 else NotImplemented


@dataclass(frozen=True, slots=True)
class FileFindings:
    """The findings of one file and its conformance figure."""

    path: str
    conformance: Conformance
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class Findings:
    """Everything the finding rules reported in a scan."""

    presets: tuple[str, ...]
    selected: tuple[str, ...]
    """Rule codes and prefixes in effect, after `select` and `deselect`."""
    ruff_version: str
    files: tuple[FileFindings, ...] = ()
    rules: tuple[RuleDoc, ...] = ()
    """Documentation of every rule with at least one finding."""
    notices: tuple[Notice, ...] = ()
    """Files whose findings are unknown (ruff crashed on them), each with the reason; they are
    not in `files`, and the scan is partial."""

    @property
    def items(self) -> tuple[Finding, ...]:
        """Every finding, file by file."""
        return tuple(finding for item in self.files for finding in item.findings)

    @property
    def conformance(self) -> Conformance:
        """Conformance of all files together (lines-weighted)."""
        return sum((item.conformance for item in self.files), Conformance())
