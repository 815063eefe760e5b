"""How well a ranking of files predicted where bug fixes landed, with bootstrap intervals.

A ranking orders the files of a population, riskiest first. Files it cannot tell apart (equal
keys) are *tied*, and a group of ties is read as one block: reading part of a block finds
the same share of its fixed files as of its lines (or files). Every metric is then
independent of the order of the files within a block, so no arbitrary tie-breaker can help or
hurt a ranking. A file's *effort* is its code lines, at least 1.

* **AUC**: the probability that a fixed file ranks above a file that was not fixed, ties
  counting one half: the Mann–Whitney U statistic divided by (fixed × not fixed).
* **recall@10 % of files**: the share of fixed files among the first 10 % of files read.
* **recall@20 % of lines**: files are read in order until 20 % of all code lines are read;
  the share of fixed files found. The file being read when the budget runs out counts by
  the share of its lines read (the same linear interpolation Popt's curve makes).
* **Popt** (Mende & Koschke 2010, normalised as Kamei et al. 2013): the curve of a ranking
  joins (share of lines read, share of fixed files found) after each block, from (0, 0) to
  (1, 1); with A the area under a curve,

      Popt = 1 − (A(optimal) − A(ranking)) / (A(optimal) − A(worst))

  where the optimal ranking reads fixed files first, smallest first, and the worst reads
  files that were not fixed first, then fixed files largest first. 1 is optimal, 0 worst.
* **fix-weighted recall@20 % of files**: the share of fix *events* (a fix commit touching a
  file) in the first 20 % of files.

A metric is undefined (NaN here, null in reports) when it cannot be computed: no fixed file;
for AUC also no file without a fix; for Popt also an optimal and a worst curve that coincide.

The bootstrap resamples files with replacement: each replica gives every file a count (how
many times it was drawn) and the metrics are computed with those weights, so one replica
serves every ranking (a paired comparison) and nothing is sorted again. The interval is the
2.5th to 97.5th percentile of the replicas where the metric is defined.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from codevitals.model.validate import AUC, FIX_RECALL, POPT, RECALL_FILES, RECALL_LINES

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.intp]

TOP_FILES = 0.10
LINES_READ = 0.20
FIX_FILES = 0.20
CONFIDENCE = 95.0
_CHUNK = 128
"""Replicas computed at once: bounds memory to a few arrays of chunk × files."""


@dataclass(frozen=True, slots=True)
class Population:
    """A population of files: what reading each costs, and what the window held for it."""

    effort: Floats
    """Code lines, at least 1."""
    fixes: Floats
    """Fix commits that touched the file in the window."""

    @classmethod
    def of(cls, code_lines: Sequence[int], fixes: Sequence[int]) -> Population:
        """Files from their code lines and fix counts, in the same order."""
        effort = np.maximum(np.asarray(code_lines, dtype=np.float64), 1.0)
        return cls(effort, np.asarray(fixes, dtype=np.float64))

    @property
    def fixed(self) -> Floats:
        """1 for a file with a fix in the window, else 0."""
        return (self.fixes > 0).astype(np.float64)

    def __len__(self) -> int:
        return len(self.effort)


@dataclass(frozen=True, slots=True)
class Ranked:
    """Files in ranking order, and where each block of ties starts."""

    order: Ints
    starts: Ints


def rank(keys: Sequence[Floats]) -> Ranked:
    """Files by descending keys (the first key first, later keys breaking its ties)."""
    count = len(keys[0])
    if count == 0:
        return Ranked(np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp))
    order = np.lexsort([-key for key in reversed(keys)]).astype(np.intp)
    ordered = np.stack([key[order] for key in keys])
    differs = np.any(ordered[:, 1:] != ordered[:, :-1], axis=0)
    starts = np.concatenate([[0], np.flatnonzero(differs) + 1]).astype(np.intp)
    return Ranked(order, starts)


@dataclass(frozen=True, slots=True)
class _Curves:
    """Cumulative totals after each block, with a leading 0: one row per replica."""

    files: Floats
    effort: Floats
    fixed: Floats
    fixes: Floats

    @classmethod
    def build(cls, files: Population, ranked: Ranked, weights: Floats) -> _Curves:
        ordered = weights[:, ranked.order]

        def cumulative(values: Floats) -> Floats:
            blocks = np.add.reduceat(ordered * values[ranked.order], ranked.starts, axis=1)
            return np.concatenate([np.zeros((len(weights), 1)), np.cumsum(blocks, axis=1)], 1)

        ones = np.ones(len(files))
        return cls(cumulative(ones), cumulative(files.effort), cumulative(files.fixed),
                   cumulative(files.fixes))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Sample:
    """A population under some weights (the sample itself, or bootstrap replicas)."""

    files: Population
    weights: Floats
    best: Floats
    """Area under the optimal ranking's curve, per row of weights."""
    worst: Floats

    @classmethod
    def of(cls, files: Population, weights: Floats) -> Sample:
        """The sample with the areas of its optimal and worst rankings."""
        best = rank([files.fixed, -files.effort])  # fixed files, smallest first
        worst = rank([-files.fixed, files.effort])  # the others, then fixed, largest first
        areas = (_area(_Curves.build(files, order, weights)) for order in (best, worst))
        return cls(files, weights, *areas)

    def measure(self, ranked: Ranked) -> dict[str, Floats]:
        """Every metric of a ranking, one value per row of weights."""
        curves = _Curves.build(self.files, ranked, self.weights)
        return {
            AUC: _auc(curves),
            RECALL_FILES: _share(_reach(curves.files, curves.fixed, TOP_FILES), curves.fixed),
            RECALL_LINES: _share(_reach(curves.effort, curves.fixed, LINES_READ), curves.fixed),
            POPT: self._popt(curves),
            FIX_RECALL: _share(_reach(curves.files, curves.fixes, FIX_FILES), curves.fixes),
        }

    def _popt(self, curves: _Curves) -> Floats:
        span = self.best - self.worst
        with np.errstate(divide="ignore", invalid="ignore"):
            popt = 1.0 - (self.best - _area(curves)) / span
        return np.where((span > 1e-12) & (curves.fixed[:, -1] > 0), popt, np.nan)


def _reach(cum_x: Floats, cum_y: Floats, share: float) -> Floats:
    """What the curve holds in y once `share` of x is read, interpolating within a block."""
    budget = share * cum_x[:, -1]
    rows = np.arange(len(cum_x))
    after = np.clip(np.sum(cum_x < budget[:, None], axis=1), 1, cum_x.shape[1] - 1)
    x0, x1 = cum_x[rows, after - 1], cum_x[rows, after]
    y0, y1 = cum_y[rows, after - 1], cum_y[rows, after]
    width = x1 - x0
    part = np.divide(budget - x0, width, out=np.zeros_like(width), where=width > 0)
    reached: Floats = y0 + np.clip(part, 0.0, 1.0) * (y1 - y0)
    return reached


def _share(found: Floats, cum_y: Floats) -> Floats:
    total = cum_y[:, -1]
    with np.errstate(divide="ignore", invalid="ignore"):
        shares: Floats = np.where(total > 0, found / total, np.nan)
    return shares


def _area(curves: _Curves) -> Floats:
    """Area under (share of lines read, share of fixed files found), by trapezoids."""
    with np.errstate(divide="ignore", invalid="ignore"):
        x = curves.effort / curves.effort[:, -1:]
        y = curves.fixed / curves.fixed[:, -1:]
    areas: Floats = np.sum(np.diff(x, axis=1) * (y[:, 1:] + y[:, :-1]) / 2.0, axis=1)
    return areas


def _auc(curves: _Curves) -> Floats:
    """Mann–Whitney U / (positives × negatives), ties counting one half."""
    positives = np.diff(curves.fixed, axis=1)
    negatives = np.diff(curves.files, axis=1) - positives
    below = negatives.sum(axis=1, keepdims=True) - np.cumsum(negatives, axis=1)
    wins = np.sum(positives * (below + negatives / 2.0), axis=1)
    pairs = curves.fixed[:, -1] * negatives.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(pairs > 0, wins / pairs, np.nan)


def once(count: int) -> Floats:
    """The weights of the sample itself: every file once."""
    return np.ones((1, count))


def replicas(count: int, total: int, rng: np.random.Generator) -> Iterator[Floats]:
    """`total` bootstrap replicas of `count` files, in chunks: how often each file is drawn."""
    if count == 0:
        return
    for start in range(0, total, _CHUNK):
        size = min(_CHUNK, total - start)
        drawn = rng.integers(0, count, size=(size, count))
        flat = (drawn + count * np.arange(size)[:, None]).ravel()
        yield np.bincount(flat, minlength=size * count).reshape(size, count).astype(np.float64)


def interval(values: Floats) -> tuple[float, float] | None:
    """The central `CONFIDENCE` % of the defined values; None when none is defined."""
    defined = values[np.isfinite(values)]
    if not len(defined):
        return None
    tail = (100.0 - CONFIDENCE) / 2.0
    low, high = np.percentile(defined, [tail, 100.0 - tail])
    return float(low), float(high)


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Every ranking's metrics on the sample itself and on each bootstrap replica."""

    points: dict[str, dict[str, float]]
    """Ranking → metric → value (NaN where undefined)."""
    replicas: dict[str, dict[str, Floats]]
    """Ranking → metric → one value per replica (empty without a bootstrap)."""


def evaluate(
    files: Population, rankings: Mapping[str, Ranked], bootstrap: int, rng: np.random.Generator
) -> Evaluation:
    """Measure each ranking on the files, then on `bootstrap` replicas drawn from `rng`."""
    sample = Sample.of(files, once(len(files)))
    points = {
        name: {metric: float(values[0]) for metric, values in sample.measure(ranked).items()}
        for name, ranked in rankings.items()
    }
    drawn: dict[str, dict[str, list[Floats]]] = {name: {} for name in rankings}
    for weights in replicas(len(files), bootstrap, rng):
        resampled = Sample.of(files, weights)
        for name, ranked in rankings.items():
            for metric, values in resampled.measure(ranked).items():
                drawn[name].setdefault(metric, []).append(values)
    joined = {
        name: {metric: np.concatenate(parts) for metric, parts in by_metric.items()}
        for name, by_metric in drawn.items()
    }
    return Evaluation(points, joined)
