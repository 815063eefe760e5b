"""The gate's verdict: what a change did to code health, and which new debt fails it.

Everything a reviewer needs is here, in the terms they act on (file, function, biomarker or
rule, before → after), so that every report format renders a gate result without knowing
how it was computed. Each kind of new debt is a `Problem` tagged with the check that found
it; a new check (newly vulnerable dependencies, say) adds problems and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from codevitals.model import Notice, Severity
from codevitals.model.findings import RuleDoc


@dataclass(frozen=True, slots=True)
class Problem:
    """One piece of new debt (or, among `resolved`, debt a change removed)."""

    check: str
    """The gate check that found it: `health`, `biomarkers`, `findings`, …"""
    path: str
    code: str
    """Biomarker code (`CV102`), rule code (`S105`), or `health` for a file's decline."""
    name: str
    message: str
    """What happened, for a reviewer: where, what, before → after."""
    severity: Severity
    line: int | None = None
    column: int | None = None
    function: str | None = None
    before: float | None = None
    after: float | None = None
    fingerprint: str | None = None
    """Stable identity for SARIF's partialFingerprints and the baseline."""


@dataclass(frozen=True, slots=True)
class HealthChange:
    """A changed file's health before and after (None: the file is new, or deleted)."""

    path: str
    before: float | None
    after: float | None
    reasons: tuple[str, ...] = ()
    """What moved the score: biomarkers that appeared, disappeared or changed value."""
    moved: tuple[str, ...] = ()
    """Functions that moved into or out of the file, from or to another changed file."""
    moved_only: bool = False
    """The health changed only because functions moved: neither improvement nor decline."""

    @property
    def delta(self) -> float:
        """Health after minus health before; 0 when the file was added or deleted."""
        if self.before is None or self.after is None:
            return 0.0
        return self.after - self.before


@dataclass(frozen=True, slots=True)
class GateResult:
    """The outcome of `codevitals gate`."""

    tool_version: str
    base_ref: str | None
    """The base as given (None: no base, the baseline alone decides)."""
    base_commit: str | None
    """The commit compared with: the merge base of the base ref and HEAD, by default."""
    head_ref: str | None
    """None: the working tree."""
    head_commit: str | None
    checks: tuple[str, ...]
    tolerance: float
    problems: tuple[Problem, ...] = ()
    """New debt that fails the gate."""
    resolved: tuple[Problem, ...] = ()
    """Debt the change removed: biomarkers and findings gone from changed files."""
    changes: tuple[HealthChange, ...] = ()
    """Every changed file whose health could be compared, or that was added or deleted."""
    suppressed: int = 0
    """New debt that the baseline file accepts."""
    rules: tuple[RuleDoc, ...] = ()
    """Documentation of the finding rules in `problems` and `resolved`."""
    notices: tuple[Notice, ...] = ()
    partial: bool = False

    @property
    def passed(self) -> bool:
        """True when there is no new debt."""
        return not self.problems

    def improved(self) -> tuple[HealthChange, ...]:
        """Files whose health rose by more than the tolerance, most improved first."""
        better = [c for c in self.changes if c.delta > self.tolerance and not c.moved_only]
        return tuple(sorted(better, key=lambda c: -c.delta))

    def declined(self) -> tuple[HealthChange, ...]:
        """Files whose health fell by more than the tolerance, worst first."""
        worse = [c for c in self.changes if c.delta < -self.tolerance and not c.moved_only]
        return tuple(sorted(worse, key=lambda c: c.delta))

    def moved_only(self) -> tuple[HealthChange, ...]:
        """Files whose health changed only because functions moved between files."""
        return tuple(c for c in self.changes if c.moved_only)

    def declined_accepted(self) -> tuple[HealthChange, ...]:
        """Declines that are not problems: accepted by the baseline, or the check is off."""
        failing = {p.path for p in self.problems if p.code == "health"}
        return tuple(c for c in self.declined() if c.path not in failing)
