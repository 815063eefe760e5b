"""The P(fix) model: what each signal does to the chance of a fix, worked out by hand."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from codevitals.history.fixmodel import EFFORT, MODEL, FixModel, Term

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


def test_the_effort_model_weighs_history_not_size() -> None:
    # Size is the effort ranking's divisor, so its P(fix) leaves lines out: equal history,
    # equal chance; more history, more.
    assert EFFORT.lines.weight == 0
    assert EFFORT.probability(20, 2, 1) == EFFORT.probability(2000, 2, 1)
    assert EFFORT.probability(20, 5, 1) > EFFORT.probability(20, 2, 1)
    assert EFFORT.probability(20, 2, 3) > EFFORT.probability(20, 2, 1)
    assert EFFORT.per_line(20, 2, 1) == pytest.approx(EFFORT.probability(0, 2, 1) / 20)


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


CALIBRATION = Path(__file__).parents[2] / "benchmarks" / "results" / "validation.json"
"""The committed run of `benchmarks/calibrate.py`: what the models were fitted to."""


def test_the_shipped_models_are_those_the_committed_calibration_fitted() -> None:
    # The fix labels change what the fit gives; shipping coefficients fitted on other labels than
    # the committed results describe would make every figure in docs/validation.md wrong.
    # The results are rounded to 4 places, as `--print-model` prints the coefficients.
    fitted = json.loads(CALIBRATION.read_text(encoding="utf-8"))["model"]
    for shipped, name in ((MODEL, "model"), (EFFORT, "effort_model")):
        assert coefficients(shipped.describe()) == pytest.approx(
            coefficients(fitted[name]), abs=1e-4
        )


def coefficients(described: dict[str, object]) -> dict[str, float]:
    """A described model's numbers, flat: `changes.weight` and the like."""
    flat: dict[str, float] = {}
    for key, found in described.items():
        if isinstance(found, dict):
            flat.update({f"{key}.{part}": float(v) for part, v in found.items()})
        elif isinstance(found, int | float):
            flat[key] = float(found)
    return flat
