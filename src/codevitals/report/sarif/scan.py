"""A scan as SARIF: every biomarker, every finding, every vulnerable or unchecked pin.

Three result sources make the run: biomarkers (each rule documented from the rule table,
a duplicated region with the other copies of it), findings (documented from ruff's or the
secrets rule's docs) and dependencies, on the manifest line that pins them (`sarif.deps`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from typing import ClassVar, TextIO

from codevitals.code.biomarkers import RULES, Rule
from codevitals.model import Biomarker, Clone, FileHealth, Location, ScanResult, Severity
from codevitals.model.deps import DependencyReport
from codevitals.model.findings import Finding, Findings, RuleDoc
from codevitals.report.rule_docs import anchor, rule_markdown
from codevitals.report.sarif.deps import pins
from codevitals.report.sarif.log import (
    DOCS_URI,
    Contribution,
    SarifResult,
    SarifRule,
    line_hash,
    sarif_document,
    write,
)

ScanSource = Callable[[ScanResult], Contribution]


# -- biomarkers ------------------------------------------------------------------------------


def biomarker_rule(rule: Rule) -> SarifRule:
    """A biomarker's SARIF rule, documented from the rule table."""
    return SarifRule(
        id=rule.code,
        name=rule.name,
        short=rule.title,
        full=rule.what,
        help_markdown=rule_markdown(rule, heading="#"),
        severity=rule.severity,
        tags=("maintainability", "code-health"),
        help_uri=f"{DOCS_URI}/rules.md#{anchor(rule)}",
    )


def biomarker_source(result: ScanResult) -> Contribution:
    """Every biomarker of every file, as a result of its rule."""
    contribution = Contribution()
    used: set[str] = set()
    copies = _copies(result.clones)
    for item in result.files:
        counts: dict[str, int] = {}
        path = item.file.path
        for biomarker in _every_biomarker(item):
            used.add(biomarker.code)
            print_ = biomarker_fingerprint(biomarker, counts)
            found = _biomarker_result(path, biomarker, print_)
            if biomarker.code == DUPLICATED_CODE:
                related = tuple(copies.get(path, {}).get(biomarker.line, ()))
                found = dataclasses.replace(found, related=related)
            contribution.results.append(found)
    contribution.rules = [biomarker_rule(rule) for rule in RULES if rule.code in used]
    return contribution


DUPLICATED_CODE = "CV203"


def _copies(clones: Sequence[Clone]) -> dict[str, dict[int, list[Location]]]:
    """Per file, the other copies of each duplicated region, by the region's first line.

    A file's regions are its copies merged while they overlap, as the clone search merges
    them into the regions the duplicated-code biomarker fires on.
    """
    sides: dict[str, list[tuple[Location, Location]]] = {}
    for clone in clones:
        sides.setdefault(clone.first.path, []).append((clone.first, clone.second))
        sides.setdefault(clone.second.path, []).append((clone.second, clone.first))
    found: dict[str, dict[int, list[Location]]] = {}
    for path, pairs in sides.items():
        regions: dict[int, list[Location]] = found.setdefault(path, {})
        start, reach = 0, 0
        for here, there in sorted(pairs, key=lambda pair: (pair[0].line, -pair[0].end_line)):
            if not regions or here.line > reach:
                start = here.line
            reach = max(reach, here.end_line)
            others = regions.setdefault(start, [])
            if there not in others:
                others.append(there)
    return found


def _every_biomarker(item: FileHealth) -> Iterator[Biomarker]:
    yield from item.biomarkers
    for function in item.functions:
        if function.metrics.nested:
            yield from function.biomarkers


def biomarker_fingerprint(biomarker: Biomarker, counts: dict[str, int]) -> str:
    """A line-independent fingerprint: the function and rule, and an occurrence index."""
    material = f"{biomarker.function or ''}\0{biomarker.code}"
    occurrence = counts.get(material, 0)
    counts[material] = occurrence + 1
    return line_hash(material, occurrence)


def _biomarker_result(path: str, biomarker: Biomarker, fingerprint: str) -> SarifResult:
    return SarifResult(
        rule_id=biomarker.code,
        severity=biomarker.severity,
        message=biomarker.message,
        path=path,
        line=biomarker.line,
        fingerprint=fingerprint,
    )


# -- findings --------------------------------------------------------------------------------


def finding_rule(doc: RuleDoc, severity: Severity) -> SarifRule:
    """A finding rule's SARIF rule, documented from ruff's (or the secrets rule's) docs."""
    # ruff's `S` rules are bandit's security tests: a low-rated one (bandit rates hard-coded
    # passwords, S105-S107, low) is still a security alert, ranked by `security-severity`.
    security = severity is not Severity.MINOR or (doc.code[:1] == "S" and doc.code[1:2].isdigit())
    return SarifRule(
        id=doc.code,
        name=doc.name,
        short=doc.summary,
        full=_first_paragraph(doc.explanation) or doc.summary,
        help_markdown=doc.explanation or doc.summary,
        severity=severity,
        tags=("security",) if security else ("style",),
        help_uri=doc.url,
    )


def _first_paragraph(markdown: str) -> str:
    """The text under the first heading ("What it does"), joined into one line."""
    lines: list[str] = []
    for line in markdown.strip().splitlines():
        if line.startswith("#"):
            if lines:
                break
            continue
        if not line.strip() and lines:
            break
        if line.strip():
            lines.append(line.strip())
    return " ".join(lines)


def finding_source(result: ScanResult) -> Contribution:
    """Every finding, as a result of its rule."""
    found: Findings | None = result.findings
    if found is None:
        return Contribution()
    severities = {f.code: f.severity for f in found.items}
    rules = [finding_rule(doc, severities[doc.code]) for doc in found.rules]
    return Contribution(rules, [_finding_result(f) for f in found.items])


def _finding_result(finding: Finding) -> SarifResult:
    return SarifResult(
        rule_id=finding.code,
        severity=finding.severity,
        message=finding.message,
        path=finding.path,
        line=finding.line,
        fingerprint=finding.fingerprint,
        column=finding.column,
        end_line=finding.end_line,
        end_column=finding.end_column,
    )


# -- dependencies ----------------------------------------------------------------------------


def dependency_source(result: ScanResult) -> Contribution:
    """Every vulnerable pin, and every pin nobody could check (see `sarif.deps`)."""
    report: DependencyReport | None = result.dependencies
    return Contribution() if report is None else pins(report)


SCAN_SOURCES: tuple[ScanSource, ...] = (biomarker_source, finding_source, dependency_source)
"""What a scan's SARIF run is made of."""


class SarifReporter:
    """A scan as SARIF: every biomarker and finding."""

    format_name: ClassVar[str] = "sarif"
    sources: ClassVar[Sequence[ScanSource]] = SCAN_SOURCES

    def report(self, result: ScanResult, out: TextIO) -> None:
        """Write the SARIF log."""
        languages = {item.file.path: item.file.language for item in result.files}
        contributions = (source(result) for source in self.sources)
        write(sarif_document(result.tool_version, contributions, languages), out)
