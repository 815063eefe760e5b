"""SARIF 2.1.0, as GitHub code scanning reads it.

Rules carry their documentation and a `helpUri` (a biomarker's points at its section of
`docs/rules.md`); results carry relative locations, levels and
`partialFingerprints.primaryLocationLineHash`, and a duplicated region the other copies of it
as `relatedLocations`.

A run is assembled from *result sources*: each turns one kind of result into SARIF rules
and results. A scan has three (biomarkers, findings, vulnerable dependencies on the manifest
line that pins them); the gate has one (its problems, of any check).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, TextIO
from urllib.parse import quote

from codevitals.code.biomarkers import RULES, Rule
from codevitals.model import Biomarker, Clone, FileHealth, Location, ScanResult, Severity
from codevitals.model.deps import Dependency, DependencyReport, Vulnerability
from codevitals.model.findings import Finding, Findings, RuleDoc
from codevitals.model.gate import GateResult, Problem
from codevitals.report.rules import anchor, rule_markdown

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/codevitals/codevitals"
DOCS_URI = f"{INFORMATION_URI}/blob/main/docs"
SRCROOT = "%SRCROOT%"
LEVELS = {Severity.MINOR: "note", Severity.MAJOR: "warning", Severity.CRITICAL: "error"}
SECURITY_SEVERITY = {Severity.MINOR: "3.0", Severity.MAJOR: "6.0", Severity.CRITICAL: "9.0"}
"""GitHub ranks security alerts by `properties.security-severity` (CVSS-like, 0-10)."""


@dataclass(frozen=True, slots=True)
class SarifRule:
    """A reportingDescriptor: one rule's identity, documentation and default level."""

    id: str
    name: str
    short: str
    full: str
    help_markdown: str
    severity: Severity
    tags: tuple[str, ...]
    help_uri: str | None = None

    def document(self) -> dict[str, Any]:
        """The rule as SARIF JSON."""
        properties: dict[str, Any] = {"tags": list(self.tags), "precision": "high"}
        if "security" in self.tags:
            properties["security-severity"] = SECURITY_SEVERITY[self.severity]
        rule: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "shortDescription": {"text": self.short},
            "fullDescription": {"text": self.full},
            "help": {"text": self.help_markdown, "markdown": self.help_markdown},
            "defaultConfiguration": {"level": LEVELS[self.severity]},
            "properties": properties,
        }
        if self.help_uri:
            rule["helpUri"] = self.help_uri
        return rule


@dataclass(frozen=True, slots=True)
class SarifResult:
    """A result: which rule, where, and its fingerprint."""

    rule_id: str
    severity: Severity
    message: str
    path: str
    line: int
    fingerprint: str
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    new: bool = False
    """Marked `baselineState: new` (the gate reports only new debt)."""
    related: tuple[Location, ...] = ()
    """Other places the result concerns: the other copies of duplicated code."""

    def document(self, rule_index: int) -> dict[str, Any]:
        """The result as SARIF JSON."""
        region: dict[str, int] = {"startLine": max(1, self.line)}
        if self.column is not None:
            region["startColumn"] = max(1, self.column)
        if self.end_line is not None:
            region["endLine"] = max(region["startLine"], self.end_line)
        if self.end_column is not None and self.column is not None:
            region["endColumn"] = max(1, self.end_column)
        result: dict[str, Any] = {
            "ruleId": self.rule_id,
            "ruleIndex": rule_index,
            "level": LEVELS[self.severity],
            "message": {"text": self.message},
            "locations": [_location(self.path, region)],
            "partialFingerprints": {"primaryLocationLineHash": self.fingerprint},
        }
        if self.new:
            result["baselineState"] = "new"
        if self.related:
            result["relatedLocations"] = [
                {
                    "id": number,
                    **_location(copy.path, {"startLine": copy.line, "endLine": copy.end_line}),
                    "message": {"text": "another copy"},
                }
                for number, copy in enumerate(self.related, 1)
            ]
        return result


def _location(path: str, region: dict[str, int]) -> dict[str, Any]:
    # A relative URI reference: spaces, `#`, `%` and non-ASCII characters are percent-encoded.
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": quote(path), "uriBaseId": SRCROOT},
            "region": region,
        }
    }


@dataclass(slots=True)
class Contribution:
    """What one result source adds to the run."""

    rules: list[SarifRule] = field(default_factory=list)
    results: list[SarifResult] = field(default_factory=list)


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
    digest = hashlib.sha1(material.encode(), usedforsecurity=False).hexdigest()[:16]
    occurrence = counts.get(digest, 0)
    counts[digest] = occurrence + 1
    return f"{digest}:{occurrence}"


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


def vulnerability_rule(vulnerability: Vulnerability) -> SarifRule:
    """One advisory as a rule: GitHub groups and ranks alerts by it."""
    aliases = ", ".join(vulnerability.aliases)
    help_lines = [
        f"# {vulnerability.id}",
        "",
        vulnerability.summary or "A known vulnerability (OSV).",
        "",
        *([f"Also known as: {aliases}.", ""] if aliases else []),
        *([f"CVSS: {vulnerability.vector}", ""] if vulnerability.vector else []),
        "Upgrade to a version that fixes it; `codevitals deps` shows the smallest upgrade that "
        "fixes every known vulnerability of the package.",
    ]
    return SarifRule(
        id=vulnerability.id,
        name="vulnerable-dependency",
        short=vulnerability.summary or f"Vulnerable dependency ({vulnerability.id})",
        full=(vulnerability.summary or vulnerability.id) + (f" ({aliases})" if aliases else ""),
        help_markdown="\n".join(help_lines),
        severity=vulnerability.level,
        tags=("security", "dependency"),
        help_uri=vulnerability.url,
    )


def dependency_source(result: ScanResult) -> Contribution:
    """Every vulnerable pin, as a result on the manifest line that pins it."""
    report: DependencyReport | None = result.dependencies
    if report is None:
        return Contribution()
    contribution = Contribution()
    seen: set[str] = set()
    for dependency in report.dependencies:
        for vulnerability in dependency.vulnerabilities:
            if vulnerability.id not in seen:
                seen.add(vulnerability.id)
                contribution.rules.append(vulnerability_rule(vulnerability))
            contribution.results.append(_vulnerability_result(dependency, vulnerability))
    return contribution


def _vulnerability_result(dependency: Dependency, vulnerability: Vulnerability) -> SarifResult:
    declaration = dependency.declaration
    fix = f"; upgrade to {dependency.fix}" if dependency.fix else "; no fixed version yet"
    material = f"{declaration.name}\0{vulnerability.id}"  # survives the pin moving lines
    return SarifResult(
        rule_id=vulnerability.id,
        severity=vulnerability.level,
        message=f"{declaration.name} {declaration.version or '?'} ({declaration.ecosystem}) "
        f"is affected by {vulnerability.id}{fix}",
        path=declaration.path,
        line=declaration.line or 1,
        fingerprint=hashlib.sha1(material.encode(), usedforsecurity=False).hexdigest()[:16] + ":0",
    )


SCAN_SOURCES: tuple[ScanSource, ...] = (biomarker_source, finding_source, dependency_source)
"""What a scan's SARIF run is made of."""


# -- the gate --------------------------------------------------------------------------------

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


UNCHECKED_DEPENDENCY = SarifRule(
    id="unchecked-dependency",
    name="unchecked-dependency",
    short="A new dependency could not be checked for vulnerabilities",
    full="The change pins a version whose vulnerabilities could not be looked up.",
    help_markdown="# unchecked-dependency\n\nThe change pins a version that no vulnerability "
    "source could check (OSV and PyPI unreachable, or `--offline` without `--vuln-db`). It is "
    "not known to be vulnerable, nor known to be clean; `--strict` fails the gate on it.",
    severity=Severity.MAJOR,
    tags=("security", "dependencies"),
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
    if problem.fingerprint and ":" in problem.fingerprint:
        return problem.fingerprint
    material = (
        f"{problem.function or ''}\0{problem.code}"
        if problem.check == "biomarkers"
        else problem.fingerprint or f"{problem.check}\0{problem.code}"
    )
    return hashlib.sha1(material.encode(), usedforsecurity=False).hexdigest()[:16] + ":0"


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


# -- the document ----------------------------------------------------------------------------


def sarif_document(
    version: str, contributions: Iterable[Contribution], languages: dict[str, str] | None = None
) -> dict[str, Any]:
    """One SARIF log with one run made of the contributions, rules indexed once each.

    With `languages` (path → language), each file a result is in is listed as an artifact
    with its `sourceLanguage`.
    """
    rules: list[SarifRule] = []
    index: dict[str, int] = {}
    results: list[dict[str, Any]] = []
    paths: dict[str, None] = {}
    for contribution in contributions:
        for rule in contribution.rules:
            if rule.id not in index:
                index[rule.id] = len(rules)
                rules.append(rule)
        results.extend(r.document(index[r.rule_id]) for r in contribution.results)
        paths.update(dict.fromkeys(r.path for r in contribution.results))
    driver = {
        "name": "codevitals",
        "version": version,
        "semanticVersion": version,
        "informationUri": INFORMATION_URI,
        "rules": [rule.document() for rule in rules],
    }
    run: dict[str, Any] = {"tool": {"driver": driver}}
    if languages:
        run["artifacts"] = [_artifact(path, languages[path]) for path in paths if path in languages]
    run.update(columnKind="unicodeCodePoints", results=results)
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


SARIF_LANGUAGES = {"cpp": "cplusplus"}
"""Our language names that SARIF's list of `sourceLanguage` values (appendix J) spells apart."""


def _artifact(path: str, language: str) -> dict[str, Any]:
    return {
        "location": {"uri": quote(path), "uriBaseId": SRCROOT},
        "sourceLanguage": SARIF_LANGUAGES.get(language, language),
    }


def _write(document: dict[str, Any], out: TextIO) -> None:
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")


class SarifReporter:
    """A scan as SARIF: every biomarker and finding."""

    format_name: ClassVar[str] = "sarif"
    sources: ClassVar[Sequence[ScanSource]] = SCAN_SOURCES

    def report(self, result: ScanResult, out: TextIO) -> None:
        """Write the SARIF log."""
        languages = {item.file.path: item.file.language for item in result.files}
        contributions = (source(result) for source in self.sources)
        _write(sarif_document(result.tool_version, contributions, languages), out)


class GateSarifReporter:
    """The gate's new debt as SARIF, for pull-request annotations."""

    format_name: ClassVar[str] = "sarif"

    def report(self, result: GateResult, out: TextIO) -> None:
        """Write the SARIF log."""
        _write(sarif_document(result.tool_version, [problem_source(result)]), out)
