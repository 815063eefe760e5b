"""What each signal adds, here: the ablation of a small model fitted on the repository's history.

A logistic model predicts, from what was known at an origin, whether a bug fix will change a
file in the window after it. Its inputs are the signals of `ABLATION_SIGNALS`: code lines,
changes (recency-weighted and counted in the hotspot window, and counted over all history
before the origin), authors in the window, prior fixes (in the window and over all history),
health debt (10 − health) and the number of biomarkers; counts enter as log(1 + count). The
*size-and-history* model uses code lines, changes, authors and prior fixes. What one of
those adds is that model's metric minus the metric of the same model fitted without it; what
health (or the biomarker count) adds is the metric of the model with it added minus the
size-and-history model's. Health and biomarkers are added
one at a time, never together: they say much the same, and a model holding both would credit
neither. Metrics are AUC with files ranked by the predicted probability, and Popt with files
ranked by the probability per code line (the effort-aware reading, Kamei et al. 2013).

**No peeking.** The model scored on an origin is fitted on the files and labels of the *other*
origins (leave one origin out), never on the labels it is scored against. With the default
three origins a year apart this uses two years of labels for each fit; fitting only on
earlier origins would leave the oldest origin unscored and the next one a single year to
learn from. A model fitted on later origins has seen later years, but not the year it
predicts, and a handful of coefficients learnt from thousands of files carries little of any
one year. With one origin (or when the other origins hold no fixed file) there is nothing to
fit on: the ablation is not available.

Origins are combined as the rankings are (`replay`): the median of the origins' differences,
with the interval of the bootstrap replicas' medians; one resample serves the full model and
every reduced one, so each difference is paired.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from codevitals.model import validate as names
from codevitals.model.validate import Ablation, Estimate, SignalGain
from codevitals.validate import metrics
from codevitals.validate.metrics import Floats
from codevitals.validate.rankings import Signals

_COLUMNS: dict[str, Callable[[Signals], Sequence[Floats]]] = {
    names.SIGNAL_LINES: lambda s: [np.log1p(s.code_lines)],
    names.SIGNAL_CHANGES: lambda s: [
        np.log1p(s.weighted),
        np.log1p(s.changes),
        np.log1p(s.all_changes),
    ],
    names.SIGNAL_AUTHORS: lambda s: [np.log1p(s.authors)],
    names.SIGNAL_FIXES: lambda s: [np.log1p(s.fixes), np.log1p(s.all_fixes)],
    names.SIGNAL_HEALTH: lambda s: [10.0 - s.health],
    names.SIGNAL_BIOMARKERS: lambda s: [np.log1p(s.biomarkers)],
}
"""Each signal's model inputs."""
CODE_SIGNALS = (names.SIGNAL_HEALTH, names.SIGNAL_BIOMARKERS)
"""Signals read from the code rather than its history: each is weighed on its own, added to
the size-and-history model (together they would hide each other, saying much the same)."""
BASE = "size+history"
_RIDGE = 1e-3
"""A small L2 penalty (on standardised inputs): the fit converges even when a signal is
constant or separates the files perfectly."""
_STEPS = 50


@dataclass(frozen=True, slots=True)
class OriginFiles:
    """One origin: what was known about its files and which of them a fix changed."""

    signals: Signals
    files: metrics.Population


def design(signals: Signals, chosen: Sequence[str]) -> Floats:
    """The inputs of the chosen signals, one column each, after an intercept column."""
    columns = [np.ones(len(signals.paths))]
    for signal in chosen:
        columns.extend(_COLUMNS[signal](signals))
    return np.column_stack(columns)


def fit(x: Floats, y: Floats) -> Floats:
    """Logistic regression coefficients by Newton's method, with a small ridge penalty."""
    spread = x.std(axis=0)
    # A constant input (no file has prior fixes) keeps its scale: the ridge holds it at 0.
    scale = np.where(spread > 1e-12, spread, 1.0)
    scale[0] = 1.0  # the intercept stays as it is
    z = x / scale
    beta = np.zeros(z.shape[1])
    penalty = _RIDGE * len(y) * np.eye(len(beta))
    penalty[0, 0] = 0.0
    for _ in range(_STEPS):
        p = _logistic(z @ beta)
        gradient = z.T @ (y - p) - penalty @ beta
        hessian = (z * (p * (1.0 - p))[:, None]).T @ z + penalty + 1e-9 * np.eye(len(beta))
        step = np.linalg.lstsq(hessian, gradient, rcond=None)[0]
        beta = beta + step
        if float(np.max(np.abs(step))) < 1e-8:
            break
    fitted: Floats = beta / scale
    return fitted


def _logistic(values: Floats) -> Floats:
    result: Floats = 1.0 / (1.0 + np.exp(-np.clip(values, -50.0, 50.0)))
    return result


def _models() -> dict[str, tuple[str, ...]]:
    """The size-and-history model, each of its signals left out, each code signal added."""
    base = tuple(s for s in names.ABLATION_SIGNALS if s not in CODE_SIGNALS)
    return {
        BASE: base,
        **{_without(s): tuple(o for o in base if o != s) for s in base},
        **{_with(s): (*base, s) for s in CODE_SIGNALS},
    }


def _with(signal: str) -> str:
    return BASE if signal not in CODE_SIGNALS else f"+{signal}"


def _without(signal: str) -> str:
    return BASE if signal in CODE_SIGNALS else f"-{signal}"


def ablate(
    samples: Sequence[OriginFiles], bootstrap: int, seeds: Sequence[np.random.SeedSequence]
) -> Ablation | None:
    """What each signal adds, combined over the origins; None when no origin can be scored."""
    evaluations = [
        _score(samples, held, bootstrap, np.random.default_rng(seed))
        for held, seed in zip(range(len(samples)), seeds, strict=True)
    ]
    scored = [e for e in evaluations if e is not None]
    if not scored:
        return None
    model = tuple(_combine(scored, BASE, m, None) for m in (names.AUC, names.POPT))
    gains = tuple(
        SignalGain(signal, _gain(scored, signal, names.AUC), _gain(scored, signal, names.POPT),
                   *_wins(scored, signal))
        for signal in names.ABLATION_SIGNALS
    )  # fmt: skip
    return Ablation(len(scored), model[0], model[1], gains, _debt_log_odds(samples))


def _debt_log_odds(samples: Sequence[OriginFiles]) -> float | None:
    """The health-debt coefficient of the model with health, fitted on every origin.

    What the plan weighs a file's risk by when the backtest shows that health predicts.
    """
    labels = np.concatenate([s.files.fixed for s in samples])
    if not _learnable(labels):
        return None
    chosen = _models()[_with(names.SIGNAL_HEALTH)]
    x = np.concatenate([design(s.signals, chosen) for s in samples])
    return float(fit(x, labels)[-1])  # health debt is the last input


def _learnable(labels: Floats) -> bool:
    """Whether labels hold both fixed files and others: a model can only learn from both."""
    return bool(labels.any()) and not labels.all()


def _score(
    samples: Sequence[OriginFiles], held: int, bootstrap: int, rng: np.random.Generator
) -> metrics.Evaluation | None:
    """Fit every model on the other origins and measure it on origin `held`."""
    others = [s for i, s in enumerate(samples) if i != held]
    labels = np.concatenate([s.files.fixed for s in others]) if others else np.zeros(0)
    target = samples[held]
    if not _learnable(labels) or not target.files.fixed.any():
        return None
    ranked: dict[str, metrics.Ranked] = {}
    for name, chosen in _models().items():
        x = np.concatenate([design(s.signals, chosen) for s in others])
        chance = _logistic(design(target.signals, chosen) @ fit(x, labels))
        ranked[name] = metrics.rank([chance])
        ranked[_per_line(name)] = metrics.rank([chance / target.files.effort])
    return metrics.evaluate(target.files, ranked, bootstrap, rng)


def _gain(evaluations: Sequence[metrics.Evaluation], signal: str, metric: str) -> Estimate:
    return _combine(evaluations, _with(signal), metric, _without(signal))


def _per_line(model: str) -> str:
    return f"{model}/line"


def _key(model: str, metric: str) -> str:
    """The ranking a metric is read from: Popt from the probability per line."""
    return _per_line(model) if metric == names.POPT else model


def _combine(
    evaluations: Sequence[metrics.Evaluation], model: str, metric: str, without: str | None
) -> Estimate:
    """The model's metric (minus the model without `without`'s), median over the origins."""
    key = _key(model, metric)

    def point(e: metrics.Evaluation) -> float:
        less = e.points[_key(without, metric)][metric] if without else 0.0
        return e.points[key][metric] - less

    def drawn(e: metrics.Evaluation) -> Floats:
        less = e.replicas[_key(without, metric)][metric] if without else 0.0
        values: Floats = e.replicas[key][metric] - less
        return values

    value = _median(np.asarray([point(e) for e in evaluations]))
    replicas = [drawn(e) for e in evaluations if metric in e.replicas[key]]
    bounds = (
        metrics.interval(_median(np.stack(replicas)))
        if replicas and len(replicas) == len(evaluations)
        else None
    )
    shown = float(value) if np.isfinite(value) else None
    if shown is None or bounds is None:
        return Estimate(metric, shown)
    return Estimate(metric, shown, *bounds)


def _wins(evaluations: Sequence[metrics.Evaluation], signal: str) -> tuple[int, int]:
    """Origins where the signal raised AUC, and origins where that was defined."""
    full = np.asarray([e.points[_with(signal)][names.AUC] for e in evaluations])
    less = np.asarray([e.points[_without(signal)][names.AUC] for e in evaluations])
    defined = np.isfinite(full) & np.isfinite(less)
    return int(np.sum(full[defined] > less[defined])), int(np.sum(defined))


def _median(values: Floats) -> Floats:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-undefined column
        return np.asarray(np.nanmedian(values, axis=0), dtype=np.float64)
