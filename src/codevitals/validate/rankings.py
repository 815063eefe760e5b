"""The rankings under test, each from what was known at the origin.

Every ranking orders the same population (production files in the tree at the origin) by
keys, riskiest first; files with equal keys are ties (see `metrics`). History-based signals
count the commits in the hotspot window before the origin (`--since`, 12 months by default),
so that codevitals and the baselines built on change counts see the same history; prior
fixes count every bug-fix commit before the origin.

* `codevitals`: the hotspot score, P(fix) from code lines, changes in the window and prior
  fixes (`history.fixmodel`), ties broken by recency-weighted changes, as `hotspots` does;
* `effort`: P(fix) per code line (effort-aware; formerly `density`);
* `loc`: code lines;
* `smallest_first`: code lines, smallest first (what effort-aware rankings must beat);
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

from codevitals.history.fixmodel import MODEL, FixModel
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
    authors: Floats
    """Authors of the commits in the hotspot window."""
    churn: Floats
    """Lines added plus lines deleted by the commits in the hotspot window."""
    all_changes: Floats
    """Commits that changed the file in all history before the origin."""
    all_fixes: Floats
    """Bug-fix commits among them."""
    age: Floats
    """Days from the file's first commit to the origin (0 when history never saw it)."""
    chance: Floats
    """A uniform draw per file, for the random ranking."""
    biomarkers: Floats
    """Biomarkers in the file (its functions' and its own), for the ablation."""

    @property
    def effort(self) -> Floats:
        """Code lines, at least 1: what reading a file costs."""
        return np.maximum(self.code_lines, 1.0)


Keys = list[Floats]


def probability(signals: Signals, model: FixModel = MODEL) -> Floats:
    """P(fix) of every file, from its code lines, changes and prior fixes."""
    columns = zip(signals.code_lines, signals.changes, signals.all_fixes, strict=True)
    return np.asarray([model.probability(float(n), float(c), float(f)) for n, c, f in columns])


def _codevitals(signals: Signals) -> Keys:
    return [probability(signals), signals.weighted]


def _effort(signals: Signals) -> Keys:
    return [probability(signals) / signals.effort]


def _baseline(key: Callable[[Signals], Floats]) -> Callable[[Signals], Keys]:
    def keys(signals: Signals) -> Keys:
        return [key(signals)]

    return keys


_KEYS: dict[str, Callable[[Signals], Keys]] = {
    names.CODEVITALS: _codevitals,
    names.EFFORT: _effort,
    names.LOC: _baseline(lambda s: s.code_lines),
    names.SMALLEST_FIRST: _baseline(lambda s: -s.code_lines),
    names.CHANGE_COUNT: _baseline(lambda s: s.changes),
    names.CHANGE_COUNT_X_LOC: _baseline(lambda s: s.changes * s.code_lines),
    names.CHANGE_DENSITY: _baseline(lambda s: s.changes / s.effort),
    names.FIX_COUNT: _baseline(lambda s: s.fixes),
    names.RANDOM: _baseline(lambda s: s.chance),
}


def keys(signals: Signals, chosen: Sequence[str] = names.RANKINGS) -> dict[str, Keys]:
    """The keys of each chosen ranking, by name."""
    return {name: _KEYS[name](signals) for name in chosen}
