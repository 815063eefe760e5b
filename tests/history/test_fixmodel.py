"""The P(fix) model: what each signal does to the chance of a fix, worked out by hand."""

from __future__ import annotations

import math

import pytest

from codevitals.history.fixmodel import MODEL, FixModel, Term

TOY = FixModel(
    intercept=0.0,
    lines=Term("code_lines", 0.0, 1.0, 1.0),
    changes=Term("changes", 0.0, 1.0, 1.0),
    fixes=Term("prior_fixes", 0.0, 1.0, 1.0),
)
"""Every weight 1, no standardisation: z = log(1 + lines) + log(1 + changes) + log(1 + fixes)."""


def test_a_toy_model_by_hand() -> None:
    # z = log 2 + log 2 + log 1: odds 4, P = 4/5.
    assert TOY.probability(1, 1, 0) == pytest.approx(0.8)
    assert TOY.score(1, 1, 0) == pytest.approx(80.0)
    # Nothing at all: z = 0, P = ½; an empty file reads as one line.
    assert TOY.per_line(0, 0, 0) == pytest.approx(0.5)
    # Negative counts (never produced, but harmless) count as 0.
    assert TOY.probability(-3, 0, 0) == pytest.approx(0.5)


def test_each_signal_raises_the_chance_of_a_fix() -> None:
    base = MODEL.probability(100, 2, 1)
    assert MODEL.probability(1000, 2, 1) > base
    assert MODEL.probability(100, 10, 1) > base
    assert MODEL.probability(100, 2, 5) > base
    assert 0 < MODEL.probability(0, 0, 0) < base < MODEL.probability(10_000, 100, 100) < 1


def test_per_line_favours_small_files_at_equal_history() -> None:
    # P(fix) grows more slowly than lines (weight / scale < 1 on log lines): per line, the
    # smaller file of two with the same history comes first.
    assert MODEL.lines.weight / MODEL.lines.scale < 1
    assert MODEL.per_line(20, 2, 0) > MODEL.per_line(200, 2, 0)


def test_describe_holds_every_coefficient() -> None:
    described = MODEL.describe()
    assert described["intercept"] == MODEL.intercept
    assert described["prior_fixes"] == {
        "mean": MODEL.fixes.mean,
        "scale": MODEL.fixes.scale,
        "weight": MODEL.fixes.weight,
    }
    assert set(described) == {"intercept", "code_lines", "changes", "prior_fixes"}
    assert all(math.isfinite(t.weight) for t in (MODEL.lines, MODEL.changes, MODEL.fixes))
