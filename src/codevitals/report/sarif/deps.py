"""The dependency audit as SARIF: each vulnerable pin, and each pin that could not be checked.

A vulnerable pin keeps the rule (the advisory) and the fingerprint `scan --format sarif` gives
it, so code scanning matches the two. A pin whose vulnerabilities could not be looked up (the
lookup failed, or nobody could tell the version in use) is a result of `unchecked-dependency`,
the gate's rule: an upload without them would show a clean repository where nothing was checked.
"""

from __future__ import annotations

import hashlib
from typing import ClassVar, TextIO

from codevitals.model import Severity
from codevitals.model.deps import Dependency, DependencyReport, checked
from codevitals.report import deps_counts as counts
from codevitals.report.sarif.log import Contribution, SarifResult, SarifRule, sarif_document, write
from codevitals.report.sarif.scan import vulnerable_pins

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
    material = f"{name}:unchecked"  # the gate problem's own fingerprint, hashed as the gate does
    return hashlib.sha1(material.encode(), usedforsecurity=False).hexdigest()[:16] + ":0"


class DepsSarifReporter(counts.DepsReporter):
    """Vulnerable and unchecked pins as SARIF, for code scanning."""

    format_name: ClassVar[str] = "sarif"

    def report(self, result: DependencyReport, out: TextIO) -> None:
        """Write the SARIF log."""
        contributions = (vulnerable_pins(result), unchecked_pins(result))
        write(sarif_document(self.tool_version, contributions), out)
