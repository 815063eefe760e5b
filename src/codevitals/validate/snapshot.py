"""The population at an origin, and what was known about it then.

Code health comes from the tree at the origin, changes and fixes from the history before it.
The tree is scanned from git objects (`scan_revision`), so every blob analysed before (by a
scan, the gate or another origin) comes from the cache. The population is what a scan of
that commit would score as production code: analysed languages, tests and vendored or
generated files left out.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from codevitals.history import hotspots
from codevitals.history.lineage import Revision
from codevitals.history.scope import Scope
from codevitals.model import FileHealth, Notice, Role
from codevitals.scan import Progress, scan_revision
from codevitals.validate.metrics import Floats
from codevitals.validate.options import ValidateOptions
from codevitals.validate.rankings import Signals


@dataclass(frozen=True, slots=True)
class OriginScan:
    """The population at an origin, with its signals and what the scan had to say."""

    signals: Signals
    notices: tuple[Notice, ...]
    partial: bool


@dataclass(frozen=True, slots=True)
class Known:
    """What was known at an origin: the commit and moment, the history and fix commits."""

    commit: str
    moment: float
    before: Sequence[Revision]
    fixes: Collection[str]


def take(
    top: Path,
    known: Known,
    options: ValidateOptions,
    chance: np.random.Generator,
    progress: Progress | None = None,
) -> OriginScan:
    """Score the tree of the origin's commit and count the history before it."""
    scanned = scan_revision(top, known.commit, options.scan, progress)
    files = sorted(
        (f for f in scanned.files if f.file.role is Role.PRODUCTION), key=lambda f: f.file.path
    )
    scope = Scope.build(top, top, known.commit, options.scan.filters)
    start = options.history.since.start(known.moment)
    window = [r for r in known.before if start is None or r.time >= start]
    recency = hotspots.Recency(known.moment, options.history.half_life_days)
    found = _Found(
        changed=hotspots.activity(window, scope, recency),
        fixed=hotspots.activity([r for r in window if r.sha in known.fixes], scope, recency),
        ever=hotspots.activity(known.before, scope, recency),
        ever_fixed=hotspots.activity(
            [r for r in known.before if r.sha in known.fixes], scope, recency
        ),
    )
    signals = _signals(files, found, known.moment, chance)
    return OriginScan(signals, scanned.notices, scanned.partial)


@dataclass(frozen=True, slots=True)
class _Found:
    """Changes per file: in the hotspot window and in all history before the origin."""

    changed: dict[str, hotspots.Activity]
    fixed: dict[str, hotspots.Activity]
    ever: dict[str, hotspots.Activity]
    ever_fixed: dict[str, hotspots.Activity]


def _signals(
    files: Sequence[FileHealth], found: _Found, moment: float, chance: np.random.Generator
) -> Signals:
    none = hotspots.Activity()
    paths = tuple(f.file.path for f in files)

    def column(values: Iterable[float]) -> Floats:
        return np.fromiter(values, dtype=np.float64, count=len(paths))

    def of(activities: dict[str, hotspots.Activity]) -> list[hotspots.Activity]:
        return [activities.get(p, none) for p in paths]

    changed, ever = of(found.changed), of(found.ever)
    return Signals(
        paths=paths,
        code_lines=column(f.metrics.code_lines for f in files),
        health=column(f.health for f in files),
        changes=column(a.changes for a in changed),
        weighted=column(a.weighted for a in changed),
        fixes=column(a.changes for a in of(found.fixed)),
        authors=column(len(a.authors) for a in changed),
        churn=column(a.churn for a in changed),
        all_changes=column(a.changes for a in ever),
        all_fixes=column(a.changes for a in of(found.ever_fixed)),
        age=column(max(moment - a.first, 0.0) / hotspots.DAY if a.changes else 0.0 for a in ever),
        chance=chance.random(len(paths)),
        biomarkers=column([len(f.biomarkers) for f in files]),
    )
