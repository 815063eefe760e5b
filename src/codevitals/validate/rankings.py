"""The rankings under test, each from what was known at the origin.

Every ranking orders the same population (production files in the tree at the origin) by
keys, riskiest first; files with equal keys are ties (see `metrics`). History-based signals
count the commits in the hotspot window before the origin (`--since`, 12 months by default),
so that codevitals and the baselines built on change counts see the same history.

* `codevitals`: the hotspot score (recency-weighted changes × health debt × code lines, with
  `--hotspot-factor` exponents), ties broken by recency-weighted changes, as `hotspots` does;
* `density`: recency-weighted changes × the hotspot score's debt factor, per code line
  (effort-aware); files that did not change in the window follow, by debt factor per line;
* `loc`: code lines;
* `change_count`: commits that changed the file;
* `change_count_x_loc`: those commits × code lines;
* `change_density`: those commits per code line;
* `fix_count`: bug-fix commits that changed the file (Rahman et al. 2011);
* `random`: uniform draws from the seed.

Densities divide by code lines, at least 1.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from codevitals.history.hotspots import Factors
from codevitals.model import validate as names
from codevitals.validate.metrics import Floats


@dataclass(frozen=True, slots=True)
class Signals:
    """What was known at the origin about each file of the population, in path order."""

    paths: tuple[str, ...]
    code_lines: Floats
    health: Floats
    changes: Floats
    """Commits in the hotspot window."""
    weighted: Floats
    """The same commits, each weighted by its recency at the origin."""
    fixes: Floats
    """Bug-fix commits in the hotspot window."""
    chance: Floats
    """A uniform draw per file, for the random ranking."""
    biomarkers: Floats
    """Biomarkers in the file (its functions' and its own), for the ablation."""

    @property
    def effort(self) -> Floats:
        """Code lines, at least 1: what reading a file costs."""
        return np.maximum(self.code_lines, 1.0)


Keys = list[Floats]


def _each(signals: Signals, value: Callable[[float, float, float], float]) -> Floats:
    """`value(weighted changes, health, code lines)` of every file."""
    columns = zip(signals.weighted, signals.health, signals.code_lines, strict=True)
    return np.asarray([value(float(w), float(h), float(n)) for w, h, n in columns])


def _codevitals(signals: Signals, factors: Factors) -> Keys:
    score = _each(signals, lambda w, h, n: factors.score(w, h, int(n)))
    return [score, signals.weighted]


def _density(signals: Signals, factors: Factors) -> Keys:
    debt = _each(signals, lambda w, h, n: factors.debt_factor(h)) / signals.effort
    return [signals.weighted * debt, debt]


def _baseline(key: Callable[[Signals], Floats]) -> Callable[[Signals, Factors], Keys]:
    def keys(signals: Signals, factors: Factors) -> Keys:
        return [key(signals)]

    return keys


_KEYS: dict[str, Callable[[Signals, Factors], Keys]] = {
    names.CODEVITALS: _codevitals,
    names.DENSITY: _density,
    names.LOC: _baseline(lambda s: s.code_lines),
    names.CHANGE_COUNT: _baseline(lambda s: s.changes),
    names.CHANGE_COUNT_X_LOC: _baseline(lambda s: s.changes * s.code_lines),
    names.CHANGE_DENSITY: _baseline(lambda s: s.changes / s.effort),
    names.FIX_COUNT: _baseline(lambda s: s.fixes),
    names.RANDOM: _baseline(lambda s: s.chance),
}


def keys(
    signals: Signals, factors: Factors, chosen: Sequence[str] = names.RANKINGS
) -> dict[str, Keys]:
    """The keys of each chosen ranking, by name."""
    return {name: _KEYS[name](signals, factors) for name in chosen}
