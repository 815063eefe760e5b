"""The two sides of a change, and which files it touched."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from codevitals.errors import ConfigError
from codevitals.model import Biomarker, FileHealth, Role, ScanResult, Severity
from codevitals.model.findings import Finding


class Check(StrEnum):
    """The checks the gate knows."""

    HEALTH = "health"
    BIOMARKERS = "biomarkers"
    FINDINGS = "findings"
    DEPENDENCIES = "dependencies"


_SEVERITIES = {s.value: rank for rank, s in enumerate(Severity)}


@dataclass(frozen=True, slots=True)
class GatePolicy:
    """What fails the gate (`[tool.codevitals.gate]`)."""

    tolerance: float = 0.1
    """A changed file may lose this much health before its decline fails the gate."""
    checks: tuple[str, ...] = tuple(Check)
    min_severity: Severity = Severity.MINOR
    """New findings below this severity are reported but do not fail the gate."""
    strict: bool = False
    """New dependencies whose vulnerabilities could not be checked fail the gate too."""

    def __post_init__(self) -> None:
        unknown = sorted(set(self.checks) - {c.value for c in Check})
        if unknown:
            known = ", ".join(c.value for c in Check)
            raise ConfigError(f"unknown gate check {unknown[0]!r} (known: {known})")
        if self.tolerance < 0:
            raise ConfigError("the gate's tolerance cannot be negative")

    def fails_on(self, severity: Severity) -> bool:
        """Whether a new finding of this severity fails the gate."""
        return _SEVERITIES[severity.value] >= _SEVERITIES[self.min_severity.value]


@dataclass(frozen=True, slots=True)
class ScanPair:
    """The base and head scans, and the files whose content differs between them."""

    base: ScanResult | None
    """None when there is no base: every file counts as changed."""
    head: ScanResult
    changed: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "changed", frozenset(_changed(self.base, self.head)))

    def files(self, side: ScanResult | None) -> dict[str, FileHealth]:
        """Changed production files of one side, by path."""
        if side is None:
            return {}
        return {
            f.file.path: f
            for f in side.files
            if f.file.path in self.changed and f.file.role is Role.PRODUCTION
        }

    def findings(self, side: ScanResult | None) -> list[Finding]:
        """Findings in changed files of one side."""
        if side is None or side.findings is None:
            return []
        return [f for f in side.findings.items if f.path in self.changed]


def _changed(base: ScanResult | None, head: ScanResult) -> Iterator[str]:
    for before, after in ((_blobs(base), _blobs(head)), (_manifests(base), _manifests(head))):
        for path in before.keys() | after.keys():
            if before.get(path) != after.get(path):
                yield path


def _manifests(side: ScanResult | None) -> dict[str, tuple[tuple[object, ...], ...]]:
    """What each audited manifest declares, where: a manifest is not analysed, so has no blob."""
    report = side.dependencies if side is not None else None
    if report is None:
        return {}
    declared: dict[str, tuple[tuple[object, ...], ...]] = {m.path: () for m in report.manifests}
    for item in report.dependencies:
        d = item.declaration
        entry = (d.name, d.requirement, d.version, d.line, d.group)
        declared[d.path] = (*declared.get(d.path, ()), entry)
    return declared


def _blobs(side: ScanResult | None) -> dict[str, str]:
    if side is None:
        return {}
    blobs = {f.file.path: f.file.blob_id for f in side.files}
    if side.findings is not None:
        for item in side.findings.files:
            blobs.setdefault(item.path, "")
    return blobs


def biomarker_key(path: str, biomarker: Biomarker) -> tuple[str, str, str]:
    """Identity of a biomarker across a change: file, function, rule — never its line."""
    return path, biomarker.function or "", biomarker.code


def all_biomarkers(item: FileHealth) -> Iterator[Biomarker]:
    """A file's biomarkers: file-level ones and those of every function."""
    yield from item.biomarkers
    for function in item.functions:
        if function.metrics.nested:
            yield from function.biomarkers
