"""Run the gate: scan both sides of a change, run the checks, apply the baseline.

The head is the working tree (or `--head REF`); the base is the merge base of `--base REF`
and HEAD, so a pull request is judged by its own changes, as `git diff BASE...HEAD` shows
them. The base is scanned from git objects: nothing is checked out, and every blob the
cache has seen is never read. Findings run only on files whose content differs between the
two sides, since identical content has identical findings.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from codevitals import __version__, git
from codevitals.code import suppressions
from codevitals.errors import UsageError
from codevitals.gate.baseline import Baseline
from codevitals.gate.checks import CHECKS, DEPENDENCY_CHECK, health_changes
from codevitals.gate.compare import Check, GatePolicy, ScanPair
from codevitals.model import Notice, ScanResult
from codevitals.model.findings import RuleDoc
from codevitals.model.gate import GateResult, Problem
from codevitals.scan import Progress, ScanOptions, scan, scan_revision


@dataclass(frozen=True, slots=True)
class GateRequest:
    """What to compare, and under which options and policy."""

    root: Path
    base: str | None
    head: str | None = None
    """None: the working tree."""
    merge_base: bool = True
    options: ScanOptions = field(default_factory=ScanOptions)
    policy: GatePolicy = field(default_factory=GatePolicy)
    baseline: Baseline | None = None
    progress: Progress | None = None
    """Called as files are analysed, on each side in turn."""


@dataclass(frozen=True, slots=True)
class _Sides:
    top: Path
    base_commit: str | None
    head_commit: str | None
    base: ScanResult | None
    head: ScanResult


def gate(request: GateRequest) -> GateResult:
    """Compare the change with its base and name every piece of new debt."""
    sides = _scan_sides(request, whole_head=False)
    change = ScanPair(sides.base, sides.head)
    policy = request.policy
    problems = [p for name in policy.checks for p in CHECKS[name].problems(change, policy)]
    resolved = [p for name in policy.checks for p in CHECKS[name].resolved(change, policy)]
    suppressed = 0
    if request.baseline is not None:
        problems, suppressed = request.baseline.filter(problems, policy.tolerance)
    unchecked = (
        list(DEPENDENCY_CHECK.unchecked(change)) if Check.DEPENDENCIES in policy.checks else []
    )
    return GateResult(
        tool_version=__version__,
        base_ref=request.base,
        base_commit=sides.base_commit,
        head_ref=request.head,
        head_commit=sides.head_commit,
        checks=policy.checks,
        tolerance=policy.tolerance,
        problems=tuple(problems),
        resolved=tuple(resolved),
        changes=tuple(health_changes(change)),
        suppressed=suppressed,
        rules=tuple(_rules(sides, [*problems, *resolved])),
        notices=tuple(_notices(sides)),
        partial=bool(unchecked)
        or sides.head.partial
        or (sides.base is not None and sides.base.partial),
        unchecked=tuple(unchecked),
        strict=policy.strict,
        changed_files=len(change.changed),
    )


def current_debt(request: GateRequest) -> Baseline:
    """Every piece of debt in the head, as a baseline accepting all of it."""
    sides = _scan_sides(replace(request, base=None), whole_head=True)
    change = ScanPair(None, sides.head)
    policy = request.policy
    debt = [p for name in policy.checks for p in CHECKS[name].problems(change, policy)]
    health = {f.file.path: f.health for f in sides.head.files}
    return Baseline.of(health, debt)


def _scan_sides(request: GateRequest, *, whole_head: bool) -> _Sides:
    top = git.toplevel(request.root)
    if top is None and git.is_bare(request.root):
        raise UsageError(
            f"{request.root}: a bare repository has no work tree to gate; "
            "gate a clone of it, or scan it (its HEAD is scanned from git objects)"
        )
    if top is None:
        raise UsageError(f"{request.root}: the gate needs a git repository")
    head_commit = git.resolve(top, request.head) if request.head else git.head(top)
    base_commit = _base_commit(top, request, head_commit)
    base_blobs = {e.path: e.blob_id for e in git.tree(top, base_commit)} if base_commit else {}
    head = _scan_head(top, request, head_commit, base_blobs, whole=whole_head)
    base = None
    if base_commit is not None:
        head_blobs = {f.file.path: f.file.blob_id for f in head.files}
        options = _ChangedFiles.of(request.options, head_blobs)
        base = scan_revision(top, base_commit, options, request.progress)
    return _Sides(top, base_commit, head_commit, base, head)


def _base_commit(top: Path, request: GateRequest, head_commit: str | None) -> str | None:
    if request.base is None:
        return None
    commit = git.resolve(top, request.base)
    if request.merge_base and head_commit is not None:
        return git.merge_base(top, commit, head_commit)
    return commit


def _scan_head(
    top: Path, request: GateRequest, commit: str | None, base: dict[str, str], *, whole: bool
) -> ScanResult:
    options = request.options if whole else _ChangedFiles.of(request.options, base)
    if request.head is None:
        return scan(top, options, request.progress)
    assert commit is not None  # noqa: S101 -- resolved from request.head
    return scan_revision(top, commit, options, request.progress)


@dataclass(frozen=True, slots=True)
class _ChangedFiles(ScanOptions):
    """The options of one side's scan: findings only where the other side differs.

    A file whose blob is the other side's at the same path has the same findings there.
    """

    other: Mapping[str, str] = field(default_factory=dict)
    """The other side's blob ids, by path."""

    @classmethod
    def of(cls, options: ScanOptions, other: Mapping[str, str]) -> _ChangedFiles:
        """`options`, checking for findings only what differs from `other`."""
        given = {item.name: getattr(options, item.name) for item in fields(options)}
        return cls(**given, other=other)

    def checks_findings(self, path: str, blob_id: str) -> bool:
        """Whether the file differs from the other side's at the same path."""
        return self.other.get(path) != blob_id


def _rules(sides: _Sides, problems: list[Problem]) -> Iterator[RuleDoc]:
    codes = {p.code for p in problems}
    seen: set[str] = set()
    for side in (sides.head, sides.base):
        if side is None or side.findings is None:
            continue
        for doc in side.findings.rules:
            if doc.code in codes and doc.code not in seen:
                seen.add(doc.code)
                yield doc


def _notices(sides: _Sides) -> Iterator[Notice]:
    yield from sides.head.notices
    if sides.base is not None:
        label = (sides.base_commit or "")[:10]
        for notice in sides.base.notices:
            # The base's suppression comments are the change's to keep or remove, not news.
            if notice.reason not in (suppressions.UNKNOWN, suppressions.UNUSED):
                yield replace(notice, message=f"{notice.message} (in base {label})")
