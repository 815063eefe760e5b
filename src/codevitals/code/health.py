"""The health model: 10 minus the points of every biomarker found, never below 1.

A function loses the points of its own biomarkers. A file loses the points of its file-level
biomarkers and of the biomarkers of its top-level functions and methods; functions nested in
another function are scored on their own but not charged to the file again, because their
complexity is already part of the function that contains them. `docs/health-model.md`
explains the choices.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from codevitals.code.biomarkers import RULES, FileSubject, Level, Region, Rule, lookup
from codevitals.code.biomarkers.base import Reading
from codevitals.code.suppressions import Silencer
from codevitals.model import (
    Biomarker,
    FileHealth,
    FileMetrics,
    FunctionHealth,
    FunctionMetrics,
    SourceFile,
)

BEST = 10.0
WORST = 1.0
MAX_DEFICIT = BEST - WORST
DECAY = 0.65
"""Each further deficit of a file, worst first, counts this much of the one before."""


@dataclass(frozen=True, slots=True)
class Policy:
    """Which rules run, with which thresholds and weights."""

    function_rules: tuple[Rule, ...]
    file_rules: tuple[Rule, ...]
    thresholds: Mapping[str, float]
    weights: Mapping[str, float]

    @classmethod
    def build(
        cls,
        thresholds: Mapping[str, float] | None = None,
        weights: Mapping[str, float] | None = None,
        ignore: Iterable[str] = (),
        *,
        preview: bool = False,
    ) -> Policy:
        """Merge overrides (by rule name or code) into the defaults; unknown names raise."""
        chosen_thresholds = {rule.name: rule.threshold for rule in RULES}
        chosen_thresholds.update({lookup(k).name: float(v) for k, v in (thresholds or {}).items()})
        chosen_weights = {rule.name: rule.weight for rule in RULES}
        chosen_weights.update({lookup(k).name: float(v) for k, v in (weights or {}).items()})
        ignored = {lookup(key).name for key in ignore}
        rules = [
            rule for rule in RULES if rule.name not in ignored and (preview or not rule.preview)
        ]
        return cls(
            tuple(rule for rule in rules if rule.target is Level.FUNCTION),
            tuple(rule for rule in rules if rule.target is Level.FILE),
            chosen_thresholds,
            chosen_weights,
        )

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every enabled rule."""
        return self.function_rules + self.file_rules

    def describe(self) -> dict[str, object]:
        """The policy as plain data, for reports."""
        return {
            "rules": [rule.code for rule in self.rules],
            "thresholds": dict(self.thresholds),
            "weights": dict(self.weights),
        }


def score(deficit: float) -> float:
    """Health after losing `deficit` points."""
    return round(max(WORST, BEST - deficit), 2)


@dataclass(slots=True)
class _Finding:
    """A rule's reading with its cost, before the file's diminishing returns are known."""

    rule: Rule
    reading: Reading
    threshold: float
    points: float
    function: str | None
    file_factor: float = 0.0


@dataclass(slots=True)
class _Deficit:
    """One term of a file's deficit: a top-level function's lost points, or a file biomarker."""

    points: float
    findings: list[_Finding]
    line: int


def assess(
    file: SourceFile, metrics: FileMetrics, duplicated: Sequence[Region], policy: Policy
) -> FileHealth:
    """Score one file and each of its functions.

    A function scores 10 minus the points of its biomarkers. The file's deficit adds up the
    deficits of its top-level functions and its file-level biomarkers, worst first, each
    counting `DECAY` times the one before: the worst problem counts fully, and many small
    problems cannot sink a file as far as one large one. Biomarkers a suppression comment
    silences cost nothing; they are listed apart, with the suppressions that silenced nothing.
    """
    per_function = [(function, _findings(function, policy)) for function in metrics.functions]
    subject = FileSubject(metrics, tuple(duplicated))
    file_found = _run_file_rules(subject, policy)
    silenced: list[_Finding] = []
    silencer = Silencer(metrics.suppressions) if metrics.suppressions else None
    if silencer is not None:
        per_function = [
            (function, _unsilenced(found, silencer, silenced, function.line))
            for function, found in per_function
        ]
        file_found = _unsilenced(file_found, silencer, silenced, None)
    terms = [
        _Deficit(min(MAX_DEFICIT, sum(f.points for f in found)), found, function.line)
        for function, found in per_function
        if found and not function.nested
    ]
    terms.extend(_Deficit(f.points, [f], f.reading.line) for f in file_found)
    terms.sort(key=lambda term: (-term.points, term.line))
    for rank, term in enumerate(terms):
        raw = sum(f.points for f in term.findings)
        for finding in term.findings:
            finding.file_factor = DECAY**rank * (term.points / raw if raw else 0.0)
    # One Biomarker per finding, shared by its function and its file.
    made = {id(f): _biomarker(f) for _, found in per_function for f in found}
    made.update(
        {id(f): _biomarker(f) for term in terms for f in term.findings if id(f) not in made}
    )
    functions = tuple(
        FunctionHealth(
            function, score(sum(f.points for f in found)), tuple(made[id(f)] for f in found)
        )
        if found
        else FunctionHealth(function, BEST, ())  # most functions: nothing to add up
        for function, found in per_function
    )
    charged = [made[id(f)] for term in terms for f in term.findings]
    charged.sort(key=lambda b: (b.line, b.code))
    deficit = sum(b.file_points for b in charged)
    if silencer is None:
        return FileHealth(file, metrics, score(deficit), tuple(charged), functions)
    quiet = sorted(map(_biomarker, silenced), key=lambda b: (b.line, b.code))
    unused = silencer.unused(rule.name for rule in policy.rules)
    return FileHealth(
        file, metrics, score(deficit), tuple(charged), functions, tuple(quiet), unused
    )


def _unsilenced(
    found: list[_Finding], silencer: Silencer, silenced: list[_Finding], definition: int | None
) -> list[_Finding]:
    """The findings no suppression silences; the others go to `silenced`."""
    kept: list[_Finding] = []
    for finding in found:
        quiet = silencer.silences(finding.rule.name, finding.reading.line, definition)
        (silenced if quiet else kept).append(finding)
    return kept


def _findings(function: FunctionMetrics, policy: Policy) -> list[_Finding]:
    """The biomarkers a function shows; most show none, and are recognised without the rules."""
    shape = _shape(function)
    quiet = _quiet_shapes(policy)
    if shape is not None and shape in quiet:
        return []
    found = [
        _Finding(rule, reading, *_cost(rule, reading, policy), function.qualified_name)
        for rule in policy.function_rules
        for reading in rule.detect(function, policy.thresholds[rule.name], policy.thresholds)  # type: ignore[arg-type]
    ]
    if shape is not None and not found:
        quiet.add(shape)
    return found


_Shape = tuple[int, int, int, int, int, int, bool]
_quiet: tuple[Policy | None, set[_Shape]] = (None, set())


def _shape(function: FunctionMetrics) -> _Shape | None:
    """What the function rules read of a function without bumps or conditions; else None.

    Whether a rule fires depends on these values alone (names and lines only go into its
    message), so two functions of one shape fire the same rules.
    """
    if function.bumps or function.conditions:
        return None
    f = function
    return (f.lines, f.code_lines, f.cyclomatic, f.cognitive, f.nesting, f.arguments, f.nested)


def _quiet_shapes(policy: Policy) -> set[_Shape]:
    """Shapes on which no function rule of `policy` fires (remembered for the latest policy).

    Most functions of a repository are small and share a few shapes: a warm scan of
    sqlalchemy runs the rules for 2,000 shapes instead of 31,000 functions.
    """
    global _quiet  # noqa: PLW0603 - a one-slot memo, reset when the policy changes
    if _quiet[0] is not policy:
        _quiet = (policy, set())
    return _quiet[1]


def _run_file_rules(subject: FileSubject, policy: Policy) -> list[_Finding]:
    return [
        _Finding(rule, reading, *_cost(rule, reading, policy), None)
        for rule in policy.file_rules
        for reading in rule.detect(subject, policy.thresholds[rule.name], policy.thresholds)  # type: ignore[arg-type]
    ]


def _cost(rule: Rule, reading: Reading, policy: Policy) -> tuple[float, float]:
    """The threshold that applied, and the points the reading costs."""
    threshold = policy.thresholds[rule.name]
    return threshold, rule.points(reading.value, threshold, policy.weights[rule.name])


def _biomarker(finding: _Finding) -> Biomarker:
    rule, reading = finding.rule, finding.reading
    return Biomarker(
        code=rule.code,
        name=rule.name,
        severity=rule.severity,
        line=reading.line,
        value=reading.value,
        threshold=finding.threshold,
        points=finding.points,
        file_points=round(finding.points * finding.file_factor, 3),
        message=reading.message,
        function=finding.function,
    )
