"""Each ranking's keys, from the signals known at the origin."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from codevitals.history.fixmodel import MODEL
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
        authors=column(2, 1, 0),
        churn=column(30, 12, 0),
        all_changes=column(9, 4, 1),
        all_fixes=column(3, 0, 0),
        age=column(400, 30, 900),
        chance=column(0.2, 0.9, 0.5),
        biomarkers=column(3, 0, 0),
    )


def test_baselines() -> None:
    found = keys(signals())
    assert [k.tolist() for k in found[names.LOC]] == [[100, 10, 0]]
    assert [k.tolist() for k in found[names.SMALLEST_FIRST]] == [[-100, -10, 0]]
    assert [k.tolist() for k in found[names.CHANGE_COUNT]] == [[2, 4, 0]]
    assert [k.tolist() for k in found[names.CHANGE_COUNT_X_LOC]] == [[200, 40, 0]]
    # Per code line, an empty file reading as one line.
    assert [k.tolist() for k in found[names.CHANGE_DENSITY]] == [[0.02, 0.4, 0.0]]
    assert [k.tolist() for k in found[names.FIX_COUNT]] == [[1, 0, 0]]
    assert [k.tolist() for k in found[names.RANDOM]] == [[0.2, 0.9, 0.5]]


def test_codevitals_is_the_chance_of_a_fix_then_recent_change() -> None:
    chance, recent = keys(signals())[names.CODEVITALS]
    expected = [
        MODEL.probability(100, 2, 3),
        MODEL.probability(10, 4, 0),
        MODEL.probability(0, 0, 0),
    ]
    assert chance.tolist() == pytest.approx(expected)
    assert recent.tolist() == [1.5, 3.0, 0.0]


def test_health_changes_no_ranking_of_codevitals() -> None:
    healthy = dataclasses.replace(signals(), health=np.full(3, 10.0))
    sick = dataclasses.replace(signals(), health=np.full(3, 1.0))
    for name in (names.CODEVITALS, names.EFFORT):
        assert [k.tolist() for k in keys(healthy)[name]] == [k.tolist() for k in keys(sick)[name]]


def test_effort_is_the_chance_of_a_fix_per_line() -> None:
    (per_line,) = keys(signals())[names.EFFORT]
    chance, _ = keys(signals())[names.CODEVITALS]
    # An empty file reads as one line.
    assert per_line.tolist() == pytest.approx((chance / np.asarray([100, 10, 1])).tolist())
    # The small file changed twice as often with no prior fix outranks the large one per line.
    assert per_line[1] > per_line[0]
