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
The effort-aware ranking's P(fix) may come from a model of its own signals (`EFFORT`).

Other effort-aware rankings were tried the same way (`EFFORT_CANDIDATES`): P(fix) per line of
other signal sets, a floor on the divisor, and a model of fix density itself (Poisson
regression of fix counts with log code lines as offset). `ceiling` bounds what any weighting
of the signals could reach, in sample, and `chosen_by_the_others` holds out the choice itself:
the candidate with the best median is the best of many noisy figures, so its median flatters
it.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

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
    "biomarkers": lambda s: s.biomarkers,
}
"""Every signal a candidate can use, by name (each enters as log(1 + value))."""

CHOSEN = ("code_lines", "changes", "prior_fixes")
"""The shipped model's signals, in `FixModel`'s order."""
EFFORT = ("changes", "prior_fixes")
"""The effort-aware ranking's model: without size, which is already its divisor."""
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
    ("code_lines", "changes", "prior_fixes", "authors"),
    ("code_lines", "changes", "prior_fixes", "fixes"),
    ("code_lines", "changes", "authors", "fixes"),
    ("code_lines", "authors"),
    ("code_lines", "changes", "prior_fixes", "debt"),
    ("code_lines", "changes", "debt"),
)
"""What was tried: size alone, then each history signal beside size and changes, then the
chosen model with more, authors and fixes in the window with and without it (the best medians
with the third round's labels), and with health debt added."""

Origins = Mapping[str, Sequence[Observation]]
"""Each repository's observed origins."""


@dataclass(frozen=True, slots=True)
class Family:
    """What a model predicts: its outcome per file, inverse link, variance and offset."""

    name: str
    counts: bool
    """The outcome is the number of fix commits, not whether there was one."""
    offset: bool
    """log(code lines) enters with weight 1, so that the model predicts fixes per line."""

    def mean(self, predictor: Floats) -> Floats:
        """The expected outcome from the linear predictor (offset included)."""
        found: Floats = np.exp(predictor) if self.counts else 1.0 / (1.0 + np.exp(-predictor))
        return found

    def variance(self, mean: Floats) -> Floats:
        """The outcome's variance at its mean: Newton's weights."""
        found: Floats = mean if self.counts else mean * (1.0 - mean)
        return found


LOGISTIC = Family("logistic", counts=False, offset=False)
"""P(fix): the chance that at least one fix changes the file."""
DENSITY = Family("fix density", counts=True, offset=True)
"""Fix commits per code line, by Poisson regression with log(lines) as offset."""


@dataclass(frozen=True, slots=True)
class Fit:
    """A fitted model: standardisation and weights per signal, and the intercept."""

    signals: tuple[str, ...]
    intercept: float
    means: Floats
    scales: Floats
    weights: Floats
    family: Family = LOGISTIC

    def log_odds(self, signals: Signals) -> Floats:
        """The linear predictor of every file: log-odds of a fix, or log fixes per line."""
        standard = (design(signals, self.signals) - self.means) / self.scales
        odds: Floats = self.intercept + standard @ self.weights
        return odds

    def probability(self, signals: Signals) -> Floats:
        """P(fix) of every file (of a logistic model)."""
        found: Floats = 1.0 / (1.0 + np.exp(-self.log_odds(signals)))
        return found

    def model(self) -> FixModel:
        """The shipped form: `CHOSEN`'s signals, each left out weighing 0."""
        if not set(self.signals) <= set(CHOSEN):
            raise ValueError(f"the shipped model takes {CHOSEN}, not {self.signals}")
        fitted = {
            name: Term(name, float(m), float(s), float(w))
            for name, m, s, w in zip(self.signals, self.means, self.scales, self.weights,
                                     strict=True)
        }  # fmt: skip
        terms = [fitted.get(name, Term(name, 0.0, 1.0, 0.0)) for name in CHOSEN]
        return FixModel(float(self.intercept), *terms)


def design(signals: Signals, chosen: Sequence[str]) -> Floats:
    """log(1 + value) of each chosen signal, one column each."""
    columns = [np.log1p(np.maximum(SIGNALS[name](signals), 0.0)) for name in chosen]
    return np.column_stack(columns) if columns else np.zeros((len(signals.paths), 0))


def fit(
    observations: Sequence[Observation],
    chosen: Sequence[str],
    l2: float = L2,
    family: Family = LOGISTIC,
) -> Fit:
    """The model of the chosen signals, fitted on every file of the observations."""
    raw = np.vstack([design(o.signals, chosen) for o in observations])
    if family.counts:
        outcome = np.concatenate([o.fixes for o in observations])
    else:
        outcome = np.concatenate([(o.fixes > 0).astype(np.float64) for o in observations])
    effort = np.concatenate([o.signals.effort for o in observations])
    offset = np.log(effort) if family.offset else np.zeros(len(outcome))
    sizes = [len(o.fixes) for o in observations]
    # Every origin weighs the same; the weights average 1 so that L2 means the same anywhere.
    weight = np.concatenate([np.full(n, len(outcome) / (len(sizes) * n)) for n in sizes])
    means, scales = raw.mean(axis=0), raw.std(axis=0)
    scales[scales == 0] = 1.0
    x = np.column_stack([np.ones(len(outcome)), (raw - means) / scales])
    penalty = l2 * np.eye(x.shape[1])
    penalty[0, 0] = 0.0
    beta = np.zeros(x.shape[1])
    if family.counts:  # from the mean rate, so that the first steps of exp() stay finite
        beta[0] = np.log(max(float(weight @ outcome) / float(weight @ effort), 1e-6))
    for _ in range(MAX_STEPS):
        mean = family.mean(x @ beta + offset)
        gradient = x.T @ (weight * (outcome - mean)) - penalty @ beta
        hessian = x.T @ (x * (weight * family.variance(mean))[:, None]) + penalty
        step = np.linalg.solve(hessian, gradient)
        beta += step
        if np.max(np.abs(step)) < 1e-9:
            break
    return Fit(tuple(chosen), float(beta[0]), means, scales, beta[1:], family)


def measure(keys: Sequence[Floats], observation: Observation) -> dict[str, float]:
    """Every metric of the ranking by `keys` of one origin's files."""
    files = metrics.Population(observation.signals.effort, observation.fixes)
    sample = metrics.Sample.of(files, metrics.once(len(files)))
    return {name: float(values[0]) for name, values in sample.measure(metrics.rank(keys)).items()}


def median(values: Sequence[float]) -> float:
    """The median of the defined values (NaN when none is)."""
    defined = [v for v in values if np.isfinite(v)]
    return statistics.median(defined) if defined else float("nan")


HELD_OUT = ("auc", "fix_recall", "popt")


def scored(
    fitted: Fit, observations: Sequence[Observation], effort_fit: Fit | None = None
) -> dict[str, float]:
    """A fitted model on one repository's origins: the medians of its origins' figures.

    The effort-aware ranking divides `effort_fit`'s P(fix) by code lines (`fitted`'s if None).
    """
    per_line = effort_fit or fitted
    rows = []
    for observation in observations:
        p = fitted.probability(observation.signals)
        hot = measure([p, observation.signals.weighted], observation)
        effort = measure([per_line.probability(observation.signals) / observation.signals.effort],
                         observation)  # fmt: skip
        rows.append((hot[names.AUC], hot[names.FIX_RECALL], effort[names.POPT]))
    return {name: median(column) for name, column in zip(HELD_OUT, zip(*rows, strict=True),
                                                          strict=True)}  # fmt: skip


def leave_one_out(
    origins: Origins, chosen: Sequence[str], effort: Sequence[str] | None = None
) -> dict[str, dict[str, float]]:
    """Each repository scored by the model fitted on the others.

    With `effort`, the effort-aware ranking's P(fix) comes from a model of those signals.
    """
    found = {}
    for held in origins:
        others = [o for r, observed in origins.items() if r != held for o in observed]
        per_line = None if effort is None else fit(others, effort)
        found[held] = scored(fit(others, chosen), origins[held], per_line)
    return found


@dataclass(frozen=True, slots=True)
class EffortRanking:
    """A candidate for the effort-aware ranking: a model of the training files and a key."""

    signals: tuple[str, ...]
    family: Family = LOGISTIC
    floor: float = 1.0
    """Files smaller than this many code lines are divided as if they had this many."""

    @property
    def label(self) -> str:
        """How the candidate is named in tables."""
        signals = "+".join(self.signals)
        if self.family.offset:
            return f"fix density (Poisson, log lines offset) of {signals}"
        floor = f", at least {self.floor:g} lines" if self.floor > 1 else ""
        return f"P(fix) per line{floor}, P(fix) of {signals}"

    def fit(self, observations: Sequence[Observation]) -> Fit:
        """The candidate's model, fitted on the observations."""
        return fit(observations, self.signals, family=self.family)

    def key(self, fitted: Fit, signals: Signals) -> Floats:
        """Expected fixes per line read: P(fix) per code line, or the modelled fix density."""
        if fitted.family.offset:
            return fitted.log_odds(signals)
        found: Floats = fitted.probability(signals) / np.maximum(signals.effort, self.floor)
        return found


EFFORT_RANKING = EffortRanking(EFFORT)
"""The shipped effort-aware ranking (`history.fixmodel.EFFORT`)."""
EFFORT_CANDIDATES: tuple[EffortRanking, ...] = (
    EffortRanking(CHOSEN),
    EffortRanking(("changes",)),
    EFFORT_RANKING,
    EffortRanking(("weighted", "prior_fixes")),
    EffortRanking(("changes", "prior_fixes", "all_changes")),
    EffortRanking(("changes", "prior_fixes", "authors")),
    EffortRanking(("changes", "prior_fixes", "age")),
    EffortRanking(("changes", "prior_fixes", "fixes")),
    EffortRanking(("changes", "prior_fixes", "debt")),
    EffortRanking(("changes", "prior_fixes", "biomarkers")),
    EffortRanking(("code_lines", "changes", "prior_fixes", "age")),
    EffortRanking(EFFORT, floor=40.0),
    EffortRanking(EFFORT, family=DENSITY),
    EffortRanking(CHOSEN, family=DENSITY),
)  # fmt: skip
"""What was tried for the effort-aware ranking: P(fix) per line with the hotspot model, then
with history alone and with more signals, a floor on the divisor, and fix density modelled
directly."""


def leave_one_out_effort(origins: Origins, ranking: EffortRanking) -> dict[str, float]:
    """Each repository's Popt (median of its origins) by the ranking fitted on the others."""
    found = {}
    for held in origins:
        fitted = ranking.fit([o for r, observed in origins.items() if r != held for o in observed])
        popts = [measure([ranking.key(fitted, o.signals)], o)[names.POPT] for o in origins[held]]
        found[held] = median(popts)
    return found


Candidate = TypeVar("Candidate")


def chosen_by_the_others(
    origins: Origins,
    candidates: Sequence[Candidate],
    judge: Callable[[Origins, Candidate], Mapping[str, float]],
) -> dict[str, tuple[Candidate, float]]:
    """Each repository scored by the candidate the others chose, with the one chosen.

    `judge` gives a candidate's held-out figure per repository of the origins it is given
    (`leave_one_out`'s AUC, `leave_one_out_effort`'s Popt). For each repository the other
    repositories choose the candidate with the best median of their own held-out figures (so
    the repository scored has no say in the choice), and the repository is scored by it as
    `judge` scores it on all of them: fitted on the others. The median over repositories is
    what choosing by the median is worth held out, to set beside the chosen candidate's.
    """
    everywhere = [judge(origins, candidate) for candidate in candidates]
    found = {}
    for held in origins:
        others = {repo: observed for repo, observed in origins.items() if repo != held}
        medians = [median(list(judge(others, candidate).values())) for candidate in candidates]
        best = max(range(len(candidates)), key=lambda i: np.nan_to_num(medians[i], nan=-np.inf))
        found[held] = (candidates[best], everywhere[best][held])
    return found


CEILING_SIGNALS = ("changes", "weighted", "fixes", "prior_fixes", "all_changes", "authors",
                   "biomarkers")  # fmt: skip
"""The signals `ceiling` weighs."""


def ceiling(origins: Origins, draws: int, seed: int = 0) -> tuple[float, dict[str, float]]:
    """The best median Popt of seeded random rankings, scored on the data they were drawn for.

    Each draw keys a file by Σ wᵢ · log(1 + signalᵢ) − γ · log(code lines), a random subset of
    `CEILING_SIGNALS` with random weights and γ in [0.6, 1.4]; the draw whose median over the
    repositories (of the medians of their origins) is highest wins. Nothing is held out, so it
    is an optimistic bound on what these signals can reach, not a ranking to ship.
    """
    rng = np.random.default_rng(seed)
    columns = {r: [(design(o.signals, CEILING_SIGNALS), np.log(o.signals.effort), o)
                   for o in found] for r, found in origins.items()}  # fmt: skip
    best, chosen = -np.inf, np.zeros(len(CEILING_SIGNALS) + 1)
    for _ in range(draws):
        weights = rng.exponential(0.7, len(CEILING_SIGNALS))
        weights *= rng.random(len(CEILING_SIGNALS)) < 0.6
        gamma = rng.uniform(0.6, 1.4)
        popt = median([
            median([measure([x @ weights - gamma * size], o)[names.POPT] for x, size, o in cols])
            for cols in columns.values()
        ])  # fmt: skip
        if popt > best:
            best, chosen = popt, np.append(weights, gamma)
    return float(best), dict(zip((*CEILING_SIGNALS, "gamma"), map(float, chosen), strict=True))


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
