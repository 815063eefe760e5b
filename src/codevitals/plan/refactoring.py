"""Refactoring targets: the unhealthy parts of hotspot files, placed at their file's risk.

A file's risk is measured (its hotspot score, `plan.risk`); health is not part of it. So a
refactoring item does not claim to remove risk: its file's risk places it, shared among the
file's biomarkers in proportion to their points (a file's items add up to the file's risk),
and its reasons say what health adds — what to fix, and why changing the code costs — as
judgement, not as a measured cut in fixes. Only where the repository's own backtest showed
health predicting its fixes (`plan.evidence`) is health part of the risk, and the reason
then says how much of the file's risk its debt brings, as measured. The top hotspot files
are split into their changed, unhealthy functions and their file-level biomarkers; other
files (and every file without history) are one item each.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from codevitals.model import Biomarker, FileHealth, ScanResult
from codevitals.model.history import FunctionHotspot, Hotspot
from codevitals.model.plan import Action, Effort, Kind, Reason, Target
from codevitals.plan.candidates import Candidate
from codevitals.plan.options import PlanOptions
from codevitals.plan.phrases import plural, short, verb
from codevitals.plan.places import place_of
from codevitals.plan.risk import MEASURED, Risk

SMALL_LINES = 30
LARGE_LINES = 100
SMALL_FILE_LINES = 150
LARGE_FILE_LINES = 1000
MANY_BIOMARKERS = 5
BRAIN_METHOD = "CV108"
MONTH = 30.4375 * 86_400
SPLIT_FILE = frozenset({"CV201", "CV202"})
"""File-level biomarkers whose removal means restructuring the file: always large."""


@dataclass(frozen=True, slots=True)
class _Context:
    risk: Risk
    scale: float
    """Points per point of hotspot risk (the `hotspot` weight)."""
    window: str
    """" in 12 months", or "" for the whole history."""

    def reasons(self, item: FileHealth, biomarkers: Sequence[Biomarker]) -> tuple[Reason, ...]:
        """A reason per biomarker, worth its share of the file's risk; the heaviest first.

        Where the biomarkers are of several functions, each names its own.
        """
        debt = sum(b.file_points for b in item.biomarkers)
        several = len({b.function for b in biomarkers if b.function is not None}) > 1
        reasons = [
            Reason(
                f"biomarker:{b.code}",
                f"{short(b)} in {b.function}" if several and b.function else short(b),
                self._points(item, b, debt),
            )
            for b in biomarkers
        ]
        return tuple(sorted(reasons, key=lambda r: -r.points))

    def _points(self, item: FileHealth, biomarker: Biomarker, debt: float) -> float:
        share = biomarker.file_points / debt if debt else 0.0
        return self.scale * self.risk.points(item.file.path, share)

    def health(self, item: FileHealth) -> Reason:
        """What the item's health means: measured risk where validate showed it, else judgement."""
        evidence = self.risk.evidence
        if self.risk.health != MEASURED or evidence is None:
            return JUDGEMENT
        share = self.risk.debt_share(item.health)
        text = (
            f"health: debt brings {share:.0%} of its risk (validated here, +{evidence.auc:.2f} AUC)"
        )
        return Reason("health", text, 0.0)

    def changed(self, changes: int, authors: int) -> Reason:
        """How often the code changed, as context: its points are in the biomarkers'."""
        by = f" by {plural(authors, 'author')}" if authors else ""
        return Reason("change", f"changed {plural(changes, 'time')}{self.window}{by}", 0.0)


JUDGEMENT = Reason(
    "health",
    "health: what to fix and why change costs (judgement, unmeasured)",
    0.0,
)
"""What every refactoring item's health biomarkers mean: the points are the file's measured
risk, and no backtest measured how many fixes refactoring removes (short: terminal width)."""


def refactoring(result: ScanResult, risk: Risk, options: PlanOptions) -> Iterator[Candidate]:
    """Refactoring candidates for every production file with risk."""
    files = {item.file.path: item for item in result.files}
    context = _Context(risk, options.weight("hotspot"), _window(result))
    for path in risk.ranked():
        item = files.get(path)
        if item is not None and item.biomarkers:
            yield from _file_candidates(item, context)


def _window(result: ScanResult) -> str:
    history = result.history
    if history is None or history.window_start is None:
        return ""
    months = round((history.as_of - history.window_start) / MONTH)
    return f" in {months} months"


def _file_candidates(item: FileHealth, context: _Context) -> Iterator[Candidate]:
    spot = context.risk.hotspots.get(item.file.path)
    if spot is None or not spot.functions:
        yield _whole_file(item, spot, context)
        return
    for function in spot.functions:
        found = _function_candidate(item, function, context)
        if found is not None:
            yield found
    own = [b for b in item.biomarkers if b.function is None]
    if own:
        reasons = (*context.reasons(item, own), context.changed(spot.changes, spot.authors),
                   context.health(item))  # fmt: skip
        effort = Effort.LARGE if SPLIT_FILE & {b.code for b in own} else Effort.MEDIUM
        yield _file_candidate(item, own, reasons, effort)


def _function_candidate(
    item: FileHealth, function: FunctionHotspot, context: _Context
) -> Candidate | None:
    name = function.qualified_name
    own = [b for b in item.biomarkers if b.function == name or _nested_in(b, name)]
    if not own or function.changes == 0:
        return None
    change = context.changed(function.changes, function.authors)
    reasons = (*context.reasons(item, own), change, context.health(item))
    target = Target(item.file.path, name, function.line)
    effort = _function_effort(function.code_lines, own)
    place = place_of(item.file.path)
    return Candidate(target, Kind.REFACTOR, Action(verb(own), name), reasons, effort, place=place)


def _nested_in(biomarker: Biomarker, name: str) -> bool:
    return biomarker.function is not None and biomarker.function.startswith(name + ".")


def _whole_file(item: FileHealth, spot: Hotspot | None, context: _Context) -> Candidate:
    reasons = context.reasons(item, item.biomarkers)
    if spot is not None:
        reasons = (*reasons, context.changed(spot.changes, spot.authors))
    reasons = (*reasons, context.health(item))
    effort = _file_effort(item.metrics.code_lines, item.biomarkers)
    return _file_candidate(item, item.biomarkers, reasons, effort)


def _file_candidate(
    item: FileHealth, biomarkers: Sequence[Biomarker], reasons: tuple[Reason, ...], effort: Effort
) -> Candidate:
    action = Action(verb(biomarkers), item.file.path)
    place = place_of(item.file.path)
    return Candidate(Target(item.file.path), Kind.REFACTOR, action, reasons, effort, place=place)


def _function_effort(code_lines: int, biomarkers: Sequence[Biomarker]) -> Effort:
    """Large past 100 lines (or a brain method); small up to 30 lines and two biomarkers."""
    codes = {b.code for b in biomarkers}
    if code_lines > LARGE_LINES or BRAIN_METHOD in codes:
        return Effort.LARGE
    return Effort.SMALL if code_lines <= SMALL_LINES and len(codes) <= 2 else Effort.MEDIUM


def _file_effort(code_lines: int, biomarkers: Sequence[Biomarker]) -> Effort:
    count = len(biomarkers)
    if code_lines > LARGE_FILE_LINES or count > 2 * MANY_BIOMARKERS:
        return Effort.LARGE
    return Effort.SMALL if code_lines <= SMALL_FILE_LINES and count <= 2 else Effort.MEDIUM
