"""Fitting and choosing the P(fix) model of `codevitals.history.fixmodel`, leave one repository out.

Each origin of each training repository is a population of files with what was known of
them then (`validate.rankings.Signals`) and the fixes each received in the year after. A
candidate is a set of signals; each enters as log(1 + value), standardised over the files it
is fitted on. The model is a logistic regression of "received a fix" fitted by Newton's
method (iteratively reweighted least squares) with a small L2 penalty on the standardised
weights (not on the intercept), every origin weighing the same in total so that a large
repository does not speak for the others.

Leave one out: for each repository, fit on the other nine, then rank the held-out one's files
by P(fix) (the hotspot ranking: AUC, fix-weighted recall@20 % of files) and by P(fix) per
code line (the effort-aware ranking: Popt), each the median of its origins like `validate`.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from codevitals.history.fixmodel import FixModel, Term
from codevitals.model import validate as names
from codevitals.validate import metrics
from codevitals.validate.metrics import Floats
from codevitals.validate.rankings import Signals
from codevitals.validate.replay import Observation

L2 = 1.0
"""The penalty on standardised weights: enough to keep Newton's steps finite when a signal
separates a small training set, too little to move the held-out figures (0.1 and 10 measured
the same within 0.003 AUC)."""
MAX_STEPS = 50

SIGNALS: dict[str, Callable[[Signals], Floats]] = {
    "code_lines": lambda s: s.code_lines,
    "changes": lambda s: s.changes,
    "weighted": lambda s: s.weighted,
    "authors": lambda s: s.authors,
    "churn": lambda s: s.churn,
    "all_changes": lambda s: s.all_changes,
    "fixes": lambda s: s.fixes,
    "prior_fixes": lambda s: s.all_fixes,
    "age": lambda s: s.age,
    "debt": lambda s: 10.0 - s.health,
}
"""Every signal a candidate can use, by name (each enters as log(1 + value))."""

CHOSEN = ("code_lines", "changes", "prior_fixes")
"""The shipped model's signals, in `FixModel`'s order."""
CANDIDATES: tuple[tuple[str, ...], ...] = (
    ("code_lines",),
    ("code_lines", "changes"),
    ("code_lines", "weighted"),
    ("code_lines", "changes", "authors"),
    ("code_lines", "changes", "churn"),
    ("code_lines", "changes", "all_changes"),
    ("code_lines", "changes", "age"),
    ("code_lines", "changes", "fixes"),
    CHOSEN,
    ("code_lines", "weighted", "prior_fixes"),
    ("code_lines", "changes", "prior_fixes", "age"),
    ("code_lines", "changes", "prior_fixes", "all_changes", "authors", "churn", "age"),
    ("code_lines", "changes", "prior_fixes", "debt"),
    ("code_lines", "changes", "debt"),
)
"""What was tried: size alone, then each history signal beside size and changes, then the
chosen model with more, and with health debt added."""

Origins = Mapping[str, Sequence[Observation]]
"""Each repository's observed origins."""


@dataclass(frozen=True, slots=True)
class Fit:
    """A fitted model: standardisation and weights per signal, and the intercept."""

    signals: tuple[str, ...]
    intercept: float
    means: Floats
    scales: Floats
    weights: Floats

    def log_odds(self, signals: Signals) -> Floats:
        """The log-odds of a fix of every file."""
        standard = (design(signals, self.signals) - self.means) / self.scales
        odds: Floats = self.intercept + standard @ self.weights
        return odds

    def probability(self, signals: Signals) -> Floats:
        """P(fix) of every file."""
        found: Floats = 1.0 / (1.0 + np.exp(-self.log_odds(signals)))
        return found

    def model(self) -> FixModel:
        """The shipped form (the chosen signals only)."""
        if self.signals != CHOSEN:
            raise ValueError(f"the shipped model takes {CHOSEN}, not {self.signals}")
        terms = [
            Term(name, float(m), float(s), float(w))
            for name, m, s, w in zip(self.signals, self.means, self.scales, self.weights,
                                     strict=True)
        ]  # fmt: skip
        return FixModel(float(self.intercept), *terms)


def design(signals: Signals, chosen: Sequence[str]) -> Floats:
    """log(1 + value) of each chosen signal, one column each."""
    columns = [np.log1p(np.maximum(SIGNALS[name](signals), 0.0)) for name in chosen]
    return np.column_stack(columns) if columns else np.zeros((len(signals.paths), 0))


def fit(observations: Sequence[Observation], chosen: Sequence[str], l2: float = L2) -> Fit:
    """The logistic model of the chosen signals, fitted on every file of the observations."""
    raw = np.vstack([design(o.signals, chosen) for o in observations])
    fixed = np.concatenate([(o.fixes > 0).astype(np.float64) for o in observations])
    sizes = [len(o.fixes) for o in observations]
    # Every origin weighs the same; the weights average 1 so that L2 means the same anywhere.
    weight = np.concatenate([np.full(n, len(fixed) / (len(sizes) * n)) for n in sizes])
    means, scales = raw.mean(axis=0), raw.std(axis=0)
    scales[scales == 0] = 1.0
    x = np.column_stack([np.ones(len(fixed)), (raw - means) / scales])
    penalty = l2 * np.eye(x.shape[1])
    penalty[0, 0] = 0.0
    beta = np.zeros(x.shape[1])
    for _ in range(MAX_STEPS):
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        gradient = x.T @ (weight * (fixed - p)) - penalty @ beta
        hessian = x.T @ (x * (weight * p * (1.0 - p))[:, None]) + penalty
        step = np.linalg.solve(hessian, gradient)
        beta += step
        if np.max(np.abs(step)) < 1e-9:
            break
    return Fit(tuple(chosen), float(beta[0]), means, scales, beta[1:])


def measure(keys: Sequence[Floats], observation: Observation) -> dict[str, float]:
    """Every metric of the ranking by `keys` of one origin's files."""
    files = metrics.Files(observation.signals.effort, observation.fixes)
    sample = metrics.Sample.of(files, metrics.once(len(files)))
    return {name: float(values[0]) for name, values in sample.measure(metrics.rank(keys)).items()}


def median(values: Sequence[float]) -> float:
    """The median of the defined values (NaN when none is)."""
    defined = [v for v in values if np.isfinite(v)]
    return statistics.median(defined) if defined else float("nan")


HELD_OUT = ("auc", "fix_recall", "popt")


def scored(fitted: Fit, observations: Sequence[Observation]) -> dict[str, float]:
    """A fitted model on one repository's origins: the medians of its origins' figures."""
    rows = []
    for observation in observations:
        p = fitted.probability(observation.signals)
        hot = measure([p, observation.signals.weighted], observation)
        effort = measure([p / observation.signals.effort], observation)
        rows.append((hot[names.AUC], hot[names.FIX_RECALL], effort[names.POPT]))
    return {name: median(column) for name, column in zip(HELD_OUT, zip(*rows, strict=True),
                                                          strict=True)}  # fmt: skip


def leave_one_out(origins: Origins, chosen: Sequence[str]) -> dict[str, dict[str, float]]:
    """Each repository scored by the model fitted on the others."""
    return {
        held: scored(fit([o for r, found in origins.items() if r != held for o in found], chosen),
                     origins[held])
        for held in origins
    }  # fmt: skip


BASELINES: dict[str, tuple[str, Callable[[Signals], list[Floats]]]] = {
    "loc_auc": (names.AUC, lambda s: [s.code_lines]),
    "change_count_x_loc_auc": (names.AUC, lambda s: [s.changes * s.code_lines]),
    "loc_fix_recall": (names.FIX_RECALL, lambda s: [s.code_lines]),
    "change_count_x_loc_fix_recall": (names.FIX_RECALL, lambda s: [s.changes * s.code_lines]),
    "smallest_first_popt": (names.POPT, lambda s: [-s.code_lines]),
    "change_density_popt": (names.POPT, lambda s: [s.changes / s.effort]),
}
"""The rankings the targets compare with: the same figures `validate` gives them."""


def baselines(origins: Origins) -> dict[str, dict[str, float]]:
    """Each repository's baseline figures, medians of its origins."""
    return {
        repo: {
            name: median([measure(keys(o.signals), o)[metric] for o in found])
            for name, (metric, keys) in BASELINES.items()
        }
        for repo, found in origins.items()
    }
