"""Security findings worth fixing now: grouped by the function (or file) they sit in.

Security smells are weighed by severity (bandit's rating); minor ones weigh nothing by default
and stay out of the plan. A committed secret weighs most. In one function or file the heaviest
finding counts in full and each further one a quarter: fixing the tenth is not ten times the
first's worth. Findings in test files are reported by
`scan` and the gate but not planned: there, fake credentials and shell calls in fixtures are the
common case, and they would crowd out the production code the plan is for. A smell in an
example, benchmark or documentation folder weighs a share (`development-only`); a secret weighs
in full anywhere.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from codevitals.model import FileHealth, Role, ScanResult
from codevitals.model.findings import Finding
from codevitals.model.plan import Action, Effort, Kind, Reason, Target
from codevitals.plan.candidates import Candidate
from codevitals.plan.options import PlanOptions
from codevitals.plan.phrases import plural
from codevitals.plan.places import development_note, in_development_folder, place_of

SECRETS = "CVS"
SMALL_COUNT = 2
LARGE_COUNT = 6


def security(result: ScanResult, options: PlanOptions) -> Iterator[Candidate]:
    """One candidate per function or file holding findings that carry points."""
    if result.findings is None:
        return
    files = {item.file.path: item for item in result.files}
    for found in result.findings.files:
        item = files.get(found.path)
        if item is not None and item.file.role is not Role.PRODUCTION:
            continue
        weighed = [f for f in found.findings if _weight(f, options) > 0]
        for target, group in _by_function(found.path, weighed, item).items():
            yield _candidate(target, group, options)


def _weight(finding: Finding, options: PlanOptions) -> float:
    if finding.code.startswith(SECRETS):
        return options.weight("secret")
    return options.weight(f"finding-{finding.severity.value}")


def _by_function(
    path: str, findings: Sequence[Finding], item: FileHealth | None
) -> dict[Target, list[Finding]]:
    grouped: dict[Target, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(_target(path, finding.line, item), []).append(finding)
    return grouped


def _target(path: str, line: int, item: FileHealth | None) -> Target:
    """The top-level function or method around `line`, else the file."""
    functions = () if item is None else item.functions
    for function in functions:
        metrics = function.metrics
        if not metrics.nested and metrics.line <= line <= metrics.end_line:
            return Target(path, metrics.qualified_name, metrics.line)
    return Target(path)


def _candidate(target: Target, findings: Sequence[Finding], options: PlanOptions) -> Candidate:
    ordered = sorted(findings, key=lambda f: (-_weight(f, options), f.line, f.code))
    further = options.weight("further-finding")
    share = _share(target.path or "", ordered, options)
    reasons = tuple(
        Reason(f"finding:{f.code}", f"{f.code} {f.name} at line {f.line}", points)
        for i, f in enumerate(ordered)
        if (points := _weight(f, options) * (further if i else 1) * share)
    )
    if share != 1.0:
        reasons = (*reasons, development_note(share))
    action, effort = _action(target, ordered), _effort(len(ordered))
    place = place_of(target.path or "")
    return Candidate(target, Kind.SECURITY, action, reasons, effort, place=place)


def _share(path: str, findings: Sequence[Finding], options: PlanOptions) -> float:
    """A share for smells in development folders; secrets weigh in full anywhere."""
    secret = any(f.code.startswith(SECRETS) for f in findings)
    development = in_development_folder(path) and not secret
    return options.weight("development-only") if development else 1.0


def _action(target: Target, findings: Sequence[Finding]) -> Action:
    where = target.function or target.path or ""
    if all(f.code.startswith(SECRETS) for f in findings):
        return Action(
            f"revoke and remove the {'secret' if len(findings) == 1 else 'secrets'} in", where
        )
    return Action(f"fix {plural(len(findings), 'security finding')} in", where)


def _effort(count: int) -> Effort:
    if count <= SMALL_COUNT:
        return Effort.SMALL
    return Effort.MEDIUM if count < LARGE_COUNT else Effort.LARGE
