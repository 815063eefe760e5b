"""Dependencies as SARIF: each vulnerable pin, and each pin that could not be checked.

A vulnerable pin is a result of its advisory's rule (GitHub groups and ranks alerts by it) on
the manifest line that pins it. A pin whose vulnerabilities could not be looked up (the lookup
failed, or nobody could tell the version in use) is a result of `unchecked-dependency`: an
upload without them would show a clean repository where nothing was checked. `deps --format
sarif` writes these alone, `scan --format sarif` beside its biomarkers and findings, with the
same rules and fingerprints, so code scanning matches the two; the gate's rules are these too.
"""

from __future__ import annotations

from typing import ClassVar, TextIO

from codevitals.model import Severity
from codevitals.model.deps import Dependency, DependencyReport, Vulnerability, checked
from codevitals.report import deps_counts as counts
from codevitals.report.sarif.log import (
    Contribution,
    SarifResult,
    SarifRule,
    line_hash,
    sarif_document,
    write,
)

UNCHECKED_DEPENDENCY = SarifRule(
    id="unchecked-dependency",
    name="unchecked-dependency",
    short="A dependency could not be checked for vulnerabilities",
    full="A pinned version whose vulnerabilities could not be looked up, or a version in use "
    "that nobody could tell.",
    help_markdown="# unchecked-dependency\n\nNo vulnerability source could check this "
    "dependency: OSV (and PyPI) unreachable or failing, `--offline` without `--vuln-db`, or a "
    "version in use that is not pinned or locked. It is not known to be vulnerable, nor known "
    "to be clean; `codevitals deps --strict` and `codevitals gate --strict` fail on it.",
    severity=Severity.MAJOR,
    tags=("security", "dependencies"),
)


def pins(report: DependencyReport) -> Contribution:
    """The vulnerable pins (ignored vulnerabilities among them, suppressed), then the unchecked."""
    vulnerable, unchecked = vulnerable_pins(report), unchecked_pins(report)
    return Contribution(vulnerable.rules + unchecked.rules, vulnerable.results + unchecked.results)


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


def vulnerable_pins(report: DependencyReport) -> Contribution:
    """Each advisory of each pin, as a result of the advisory's rule on the pinning line."""
    contribution = Contribution()
    seen: set[str] = set()
    for dependency in report.dependencies:
        for vulnerability, suppressed in counts.known_vulnerabilities(dependency):
            if vulnerability.id not in seen:
                seen.add(vulnerability.id)
                contribution.rules.append(vulnerability_rule(vulnerability))
            result = _vulnerability_result(dependency, vulnerability, suppressed)
            contribution.results.append(result)
    return contribution


def _vulnerability_result(
    dependency: Dependency, vulnerability: Vulnerability, suppressed: str | None
) -> SarifResult:
    declaration = dependency.declaration
    fix = f"; upgrade to {dependency.fix}" if dependency.fix else "; no fixed version yet"
    if suppressed is not None:
        fix = f"; ignored (--ignore-vuln): {suppressed}"
    material = f"{declaration.name}\0{vulnerability.id}"  # survives the pin moving lines
    return SarifResult(
        rule_id=vulnerability.id,
        severity=vulnerability.level,
        message=f"{declaration.name} {declaration.version or '?'} ({declaration.ecosystem}) "
        f"is affected by {vulnerability.id}{fix}",
        path=declaration.path,
        line=declaration.line or 1,
        fingerprint=line_hash(material),
        suppressed=suppressed,
    )


def unchecked_pins(report: DependencyReport) -> Contribution:
    """Each dependency no vulnerability source vouched for, on the line that declares it."""
    found = [_unchecked(item) for item in report.dependencies if not checked(item)]
    return Contribution([UNCHECKED_DEPENDENCY] if found else [], found)


def _unchecked(item: Dependency) -> SarifResult:
    declaration = item.declaration
    why = "; ".join(u.message for u in item.unknowns)
    version = f" {declaration.version}" if declaration.version else ""
    return SarifResult(
        rule_id=UNCHECKED_DEPENDENCY.id,
        severity=UNCHECKED_DEPENDENCY.severity,
        message=f"{declaration.name}{version} ({declaration.ecosystem}) could not be checked "
        f"for vulnerabilities: {why}",
        path=declaration.path,
        line=declaration.line or 1,
        fingerprint=unchecked_fingerprint(declaration.name),
    )


def unchecked_fingerprint(name: str) -> str:
    """The line hash of an unchecked pin: the package, wherever its line moves (as the gate's)."""
    return line_hash(f"{name}:unchecked")  # the gate problem's own fingerprint, as it hashes it


class DepsSarifReporter(counts.DepsReporter):
    """Vulnerable and unchecked pins as SARIF, for code scanning."""

    format_name: ClassVar[str] = "sarif"

    def report(self, result: DependencyReport, out: TextIO) -> None:
        """Write the SARIF log."""
        write(sarif_document(self.tool_version, [pins(result)]), out)
