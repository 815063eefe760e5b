"""The gate's new debt as SARIF, for pull-request annotations: each problem a result marked new.

A problem of a biomarker, a finding or a vulnerability keeps the rule (and the fingerprint)
`codevitals scan --format sarif` gives it, so code scanning matches the two.
"""

from __future__ import annotations

from typing import ClassVar, TextIO

from codevitals.code.biomarkers import RULES, Rule
from codevitals.model import Severity
from codevitals.model.deps import Vulnerability
from codevitals.model.findings import RuleDoc
from codevitals.model.gate import GateResult, Problem
from codevitals.report.sarif.deps import UNCHECKED_DEPENDENCY, vulnerability_rule
from codevitals.report.sarif.log import (
    DOCS_URI,
    LINE_HASH,
    Contribution,
    SarifResult,
    SarifRule,
    line_hash,
    sarif_document,
    write,
)
from codevitals.report.sarif.scan import biomarker_rule, finding_rule

HEALTH_DECLINE = SarifRule(
    id="health-decline",
    name="health-decline",
    short="Code health of a changed file declined",
    full="The change lowered the file's code health by more than the gate's tolerance.",
    help_markdown="# health-decline\n\nThe change lowered this file's code health (1-10) by "
    "more than the gate's tolerance. The result's message names the biomarkers that "
    "appeared or grew; `codevitals explain FILE` shows every point lost.",
    severity=Severity.MAJOR,
    tags=("maintainability", "code-health"),
    help_uri=f"{DOCS_URI}/gate.md#what-fails-the-gate",
)


def problem_source(result: GateResult) -> Contribution:
    """The gate's new debt, each problem a result marked new; then unchecked dependencies."""
    docs = {doc.code: doc for doc in result.rules}
    biomarkers = {rule.code: rule for rule in RULES}
    rules: dict[str, SarifRule] = {}
    results: list[SarifResult] = []
    for problem in (*result.problems, *result.unchecked):
        rule = _problem_rule(problem, docs, biomarkers)
        rules.setdefault(rule.id, rule)
        results.append(_problem_result(problem, rule.id))
    return Contribution(list(rules.values()), results)


def _problem_rule(
    problem: Problem, docs: dict[str, RuleDoc], biomarkers: dict[str, Rule]
) -> SarifRule:
    if problem.code == "health":
        return HEALTH_DECLINE
    if problem.code in biomarkers:
        return biomarker_rule(biomarkers[problem.code])
    if problem.name == UNCHECKED_DEPENDENCY.name:
        return UNCHECKED_DEPENDENCY
    if problem.check == "dependencies":
        return vulnerability_rule(Vulnerability(problem.code, summary=problem.message))
    doc = docs.get(problem.code) or RuleDoc(problem.code, problem.name, problem.name, "")
    return finding_rule(doc, problem.severity)


def _problem_fingerprint(problem: Problem) -> str:
    """A finding's own fingerprint; for biomarkers the one `scan --format sarif` gives."""
    if problem.fingerprint and LINE_HASH.fullmatch(problem.fingerprint):
        return problem.fingerprint
    material = (
        f"{problem.function or ''}\0{problem.code}"
        if problem.check == "biomarkers"
        else problem.fingerprint or f"{problem.check}\0{problem.code}"
    )
    return line_hash(material)


def _problem_result(problem: Problem, rule_id: str) -> SarifResult:
    fingerprint = _problem_fingerprint(problem)
    return SarifResult(
        rule_id=rule_id,
        severity=problem.severity,
        message=problem.message,
        path=problem.path,
        line=problem.line or 1,
        fingerprint=fingerprint,
        column=problem.column,
        new=True,
    )


class GateSarifReporter:
    """The gate's new debt as SARIF, for pull-request annotations."""

    format_name: ClassVar[str] = "sarif"

    def report(self, result: GateResult, out: TextIO) -> None:
        """Write the SARIF log."""
        write(sarif_document(result.tool_version, [problem_source(result)]), out)
