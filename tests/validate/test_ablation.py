"""What each signal adds: models fitted on the other origins, on samples with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from codevitals.model import validate as names
from codevitals.model.validate import Ablation, SignalGain
from codevitals.validate import ablation, metrics
from codevitals.validate.rankings import Signals

FILES = 300


def sample(rng: np.random.Generator, fixed_where: str) -> ablation.OriginFiles:
    """Files of random size and health (independent), fixed where the scenario says."""
    lines = np.round(np.exp(rng.normal(4.0, 1.0, FILES))).astype(np.float64)
    unhealthy = rng.random(FILES) < 0.3
    health = np.where(unhealthy, 6.0, 10.0)
    changes = rng.poisson(2.0, FILES).astype(np.float64)
    if fixed_where == "big":
        fixed = lines >= np.quantile(lines, 0.8)
    else:  # the unhealthy files, among the smaller ones
        fixed = unhealthy & (lines < np.quantile(lines, 0.7))
    signals = Signals(
        paths=tuple(f"f{i}.py" for i in range(FILES)),
        code_lines=lines,
        health=health,
        changes=changes,
        weighted=changes * 0.5,
        fixes=np.zeros(FILES),
        authors=np.minimum(changes, 2.0),
        churn=changes * 10.0,
        all_changes=changes * 3.0,
        all_fixes=np.zeros(FILES),
        age=np.full(FILES, 400.0),
        chance=rng.random(FILES),
        biomarkers=np.where(unhealthy, 2.0, 0.0),
    )
    files = metrics.Population(np.maximum(lines, 1.0), fixed.astype(np.float64))
    return ablation.OriginFiles(signals, files)


def run(fixed_where: str, origins: int = 3, bootstrap: int = 100) -> Ablation:
    rng = np.random.default_rng(7)
    samples = [sample(rng, fixed_where) for _ in range(origins)]
    seeds = np.random.SeedSequence(1).spawn(origins)
    found = ablation.ablate(samples, bootstrap, seeds)
    assert found is not None
    return found


def above(value: float | None, bound: float) -> bool:
    return value is not None and value > bound


def gains(found: Ablation) -> dict[str, SignalGain]:
    return {gain.signal: gain for gain in found.signals}


def test_fixes_in_the_big_files_credit_lines_and_not_health() -> None:
    found = run("big")
    assert found.origins == 3
    assert [g.signal for g in found.signals] == list(names.ABLATION_SIGNALS)
    assert above(found.auc.value, 0.95)
    by = gains(found)
    lines, health = by[names.SIGNAL_LINES].auc, by[names.SIGNAL_HEALTH].auc
    assert above(lines.value, 0.3)
    assert above(lines.low, 0.0)  # the interval excludes zero
    assert by[names.SIGNAL_LINES].wins == by[names.SIGNAL_LINES].origins == 3
    assert health.value == pytest.approx(0.0, abs=0.01)
    assert health.low is not None
    assert health.high is not None
    assert health.low <= 0.0 <= health.high


def test_fixes_in_the_unhealthy_small_files_credit_health() -> None:
    found = run("unhealthy")
    by = gains(found)
    for signal in (names.SIGNAL_HEALTH, names.SIGNAL_BIOMARKERS):
        gain = by[signal]
        assert above(gain.auc.value, 0.2), signal
        assert above(gain.auc.low, 0.0), signal
        assert above(gain.popt.low, 0.0), signal
        assert gain.wins == 3
    # Changes were drawn independently of the fixes: they add nothing to speak of.
    changes = by[names.SIGNAL_CHANGES].auc
    assert changes.value == pytest.approx(0.0, abs=0.05)


def test_one_origin_leaves_nothing_to_fit_on() -> None:
    rng = np.random.default_rng(0)
    only = [sample(rng, "big")]
    assert ablation.ablate(only, 10, np.random.SeedSequence(0).spawn(1)) is None


def test_origins_without_fixes_to_learn_from_are_not_scored() -> None:
    rng = np.random.default_rng(0)
    fixed, empty = sample(rng, "big"), sample(rng, "big")
    empty = ablation.OriginFiles(
        empty.signals, metrics.Population(empty.files.effort, np.zeros(FILES))
    )
    # The empty origin has nothing to predict, and the fixed one nothing to learn from.
    assert ablation.ablate([fixed, empty], 10, np.random.SeedSequence(0).spawn(2)) is None
    found = ablation.ablate([fixed, empty, fixed], 0, np.random.SeedSequence(0).spawn(3))
    assert found is not None
    assert found.origins == 2
    assert found.auc.low is None  # no bootstrap, no interval


def test_the_fit_recovers_known_coefficients() -> None:
    rng = np.random.default_rng(3)
    x = np.column_stack([np.ones(20_000), rng.normal(size=20_000)])
    y = (rng.random(20_000) < 1 / (1 + np.exp(-(-1.0 + 2.0 * x[:, 1])))).astype(np.float64)
    intercept, slope = ablation.fit(x, y)
    assert abs(intercept + 1.0) < 0.1
    assert abs(slope - 2.0) < 0.15
