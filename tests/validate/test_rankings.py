"""Each ranking's keys, from the signals known at the origin."""

from __future__ import annotations

import numpy as np
import pytest

from codevitals.history.hotspots import Factors
from codevitals.model import validate as names
from codevitals.validate.rankings import Signals, keys


def signals() -> Signals:
    def column(*values: float) -> np.ndarray:
        return np.asarray(values, dtype=np.float64)

    return Signals(
        paths=("a.py", "b.py", "c.py"),
        code_lines=column(100, 10, 0),
        health=column(6.0, 10.0, 10.0),
        changes=column(2, 4, 0),
        weighted=column(1.5, 3.0, 0.0),
        fixes=column(1, 0, 0),
        chance=column(0.2, 0.9, 0.5),
        biomarkers=column(3, 0, 0),
    )


def test_baselines() -> None:
    found = keys(signals(), Factors())
    assert [k.tolist() for k in found[names.LOC]] == [[100, 10, 0]]
    assert [k.tolist() for k in found[names.CHANGE_COUNT]] == [[2, 4, 0]]
    assert [k.tolist() for k in found[names.CHANGE_COUNT_X_LOC]] == [[200, 40, 0]]
    # Per code line, an empty file reading as one line.
    assert [k.tolist() for k in found[names.CHANGE_DENSITY]] == [[0.02, 0.4, 0.0]]
    assert [k.tolist() for k in found[names.FIX_COUNT]] == [[1, 0, 0]]
    assert [k.tolist() for k in found[names.RANDOM]] == [[0.2, 0.9, 0.5]]


def test_codevitals_is_the_hotspot_score_then_recent_change() -> None:
    plain = Factors(change=1, debt=1, size=1, offset=0)
    score, recent = keys(signals(), plain)[names.CODEVITALS]
    # weighted changes × (10 − health) × code lines
    assert score.tolist() == pytest.approx([1.5 * 4 * 100, 0, 0])
    assert recent.tolist() == [1.5, 3.0, 0.0]
    # The defaults: (weighted changes + 1)² × (10 − health + 1)^½ × code lines.
    score, _ = keys(signals(), Factors())[names.CODEVITALS]
    assert score.tolist() == pytest.approx([2.5**2 * 5**0.5 * 100, 4**2 * 10, 0])


def test_density_is_recent_change_times_the_debt_factor_per_line() -> None:
    density, debt = keys(signals(), Factors(debt=2, offset=0))[names.DENSITY]
    assert density.tolist() == pytest.approx([1.5 * 16 / 100, 0, 0])
    assert debt.tolist() == pytest.approx([16 / 100, 0, 0])
