"""What a biomarker rule is: an id, its documentation, a default threshold, and a detector."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from codevitals.model import FileMetrics, FunctionMetrics, Severity

MAX_INTENSITY = 3.0
"""A biomarker costs at most this many times its weight, however far over the threshold."""


class Level(StrEnum):
    """What a rule inspects."""

    FUNCTION = "function"
    FILE = "file"


@dataclass(frozen=True, slots=True)
class Reading:
    """A rule's detection: where, the measured value, and a message a reviewer can act on."""

    line: int
    value: float
    message: str


@dataclass(frozen=True, slots=True)
class Region:
    """A duplicated line range of a file and the other place holding the same code."""

    line: int
    end_line: int
    lines: int
    """Code lines in the range."""
    other: str
    """`path:line` of (one of) the other copies."""


@dataclass(frozen=True, slots=True)
class FileSubject:
    """What file rules look at: the file's metrics and its duplicated regions."""

    metrics: FileMetrics
    duplicated: tuple[Region, ...] = ()


Limits = Mapping[str, float]
"""Threshold of every rule by name, defaults merged with configuration."""

FunctionDetector = Callable[[FunctionMetrics, float, Limits], Iterable[Reading]]
FileDetector = Callable[[FileSubject, float, Limits], Iterable[Reading]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A biomarker: one named, documented, configurable sign of unhealthy code."""

    code: str
    name: str
    title: str
    target: Level
    severity: Severity
    threshold: float
    """Default threshold; see `strict` for how values compare with it."""
    weight: float
    """Health points one detection costs at the threshold."""
    unit: str
    what: str
    why: str
    example: str
    options: str
    detect: FunctionDetector | FileDetector
    strict: bool = False
    """Fire when the value is greater than the threshold, instead of at least equal to it."""
    preview: bool = False
    """New rules start in preview and run only with `--preview` until the backtest supports them."""

    def exceeds(self, value: float, threshold: float) -> bool:
        """Whether a measured value is over this rule's threshold."""
        return value > threshold if self.strict else value >= threshold

    def points(self, value: float, threshold: float, weight: float) -> float:
        """Health points a detection costs: the weight, growing with log2(value / threshold).

        Twice the threshold costs twice the weight; the cost is capped at `MAX_INTENSITY`.
        """
        if threshold <= 0 or value <= threshold:
            return round(weight, 2)
        return round(weight * min(MAX_INTENSITY, 1 + math.log2(value / threshold)), 2)

    @property
    def comparison(self) -> str:
        """The comparison the threshold uses, for documentation."""
        return ">" if self.strict else "≥"
