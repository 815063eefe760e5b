"""Biomarkers in a few words, and the verb that says what removing them takes."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from codevitals.model import Biomarker

_SHORT: dict[str, Callable[[Biomarker], str]] = {
    "CV101": lambda b: f"cyclomatic complexity {b.value:g}",
    "CV102": lambda b: f"cognitive complexity {b.value:g}",
    "CV103": lambda b: f"nesting {b.value:g} deep",
    "CV104": lambda b: f"{b.value:g} bumpy-road blocks",
    "CV105": lambda b: f"a condition with {b.value:g} boolean operators (line {b.line})",
    "CV106": lambda b: f"{b.value:g} code lines",
    "CV107": lambda b: f"{b.value:g} arguments",
    "CV108": lambda b: "a brain method (large, complex, deeply nested, many arguments)",
    "CV201": lambda b: f"{b.value:,.0f} code lines in one file",
    "CV202": lambda b: f"low cohesion ({b.value:g} unrelated method groups, line {b.line})",
    "CV203": lambda b: f"{b.value:g} duplicated lines (line {b.line})",
    "CV204": lambda b: f"mean cyclomatic complexity {b.value:.1f}",
}
_VERBS = {
    "CV108": "split",
    "CV106": "split",
    "CV201": "break up",
    "CV202": "split by responsibility",
    "CV104": "extract the nested blocks of",
    "CV103": "flatten",
    "CV102": "simplify",
    "CV101": "simplify",
    "CV204": "simplify",
    "CV105": "name the conditions in",
    "CV107": "group the arguments of",
    "CV203": "remove the duplication in",
}
"""In order of precedence: the first verb whose biomarker is present describes the work."""


def short(biomarker: Biomarker) -> str:
    """The biomarker with its figure: "cognitive complexity 48"."""
    phrase = _SHORT.get(biomarker.code)
    return phrase(biomarker) if phrase else biomarker.name.replace("-", " ")


def verb(biomarkers: Sequence[Biomarker]) -> str:
    """What removing these biomarkers asks for: "split", "flatten" and so on."""
    present = {b.code for b in biomarkers}
    return next((verb for code, verb in _VERBS.items() if code in present), "improve")


def plural(count: int, noun: str) -> str:
    """`1 change`, `3 changes`."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"
