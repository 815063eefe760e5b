"""Replaying history from each origin, then combining the origins.

For an origin (a span back from the tip's commit date, or a date) the replay finds the commit
the main line was at then, ranks the production files of its tree from what was known then
(`snapshot`), labels them with the bug fixes of the window that follows (`labels`) and
measures every ranking (`metrics`). History is mined once, through the same cache as `scan`,
and commit messages are read once; each origin only selects commits from them.

Origins are combined by the **median**: per ranking and metric, the median of the origins'
values, with the interval of the bootstrap replicas' medians (replica *i* of every origin
together). Pooling the origins' files into one sample would rank files of different years on
one scale, which no ranking is meant to do, and one unusual year (a rewrite, a burst of
fixes) moves a median less than a pooled sample.

An origin older than the first commit is skipped with a notice, and the result is partial;
when every origin is skipped, the backtest cannot run (a usage error: exit 2).
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from codevitals import __version__, git
from codevitals.cache import Cache, default_dir
from codevitals.errors import UsageError
from codevitals.history import fixlabels, store
from codevitals.history.analysis import shallow_boundary, skipped_notices, unread_notice
from codevitals.history.gitlog import Commit, Unreadable
from codevitals.history.lineage import Followed, follow
from codevitals.history.messages import read_messages
from codevitals.history.since import Since
from codevitals.model import Notice
from codevitals.model import validate as names
from codevitals.model.plan import HealthEvidence
from codevitals.model.validate import (
    Ablation,
    Comparison,
    Estimate,
    Origin,
    Ranking,
    Validation,
)
from codevitals.plan import evidence
from codevitals.scan import Progress
from codevitals.validate import ablation, fixsource, labels, metrics, rankings, snapshot
from codevitals.validate.options import ValidateOptions
from codevitals.validate.timeline import commit_at, commit_time, reachable

COMPARISONS = (
    (names.CODEVITALS, names.LOC, names.AUC),
    (names.CODEVITALS, names.CHANGE_COUNT_X_LOC, names.AUC),
    (names.EFFORT, names.SMALLEST_FIRST, names.POPT),
    (names.EFFORT, names.CHANGE_DENSITY, names.POPT),
    (names.EFFORT, names.RANDOM, names.POPT),
)
"""What each of codevitals' rankings must beat: size and change × size on AUC for the
hotspot ranking; smallest-first, change density and chance on Popt for the effort-aware one."""
SKIPPED = "origin-skipped"
INCOMPLETE = "window-incomplete"
NO_FIXES = "no-fixes"
SHALLOW = "shallow"


@dataclass(frozen=True, slots=True)
class _Repository:
    """What every origin draws on: the mined history and which of its commits fix bugs."""

    top: Path
    tip: str
    last: int
    """The tip's commit date: origins count back from it."""
    commits: list[Commit]
    boundary: frozenset[str]
    fixes: frozenset[str]
    label_source: fixsource.Fixes
    """Where `fixes` came from, with its notices."""
    unread: str = ""
    """Why file contents could not be read while mining ("" when they could)."""
    skipped: tuple[Unreadable, ...] = ()
    """Changes mined without their lines: a version of the file is missing."""

    def observe(
        self,
        window: _Window,
        options: ValidateOptions,
        chance: np.random.Generator,
        progress: Progress | None,
    ) -> tuple[snapshot.OriginScan, labels.Labels]:
        """What was known of each file at the origin, and the fixes it received in the window."""
        before, after = _split(self, window, options)
        known = snapshot.Known(window.commit, window.start, before.revisions, self.fixes)
        taken = snapshot.take(self.top, known, options, chance, progress)
        return taken, labels.label(after, self.fixes, taken.signals.paths)


@dataclass(frozen=True, slots=True)
class _Replayed:
    """One origin's result, its measurements, and what to tell the user."""

    origin: Origin | None
    evaluation: metrics.Evaluation | None
    notices: tuple[Notice, ...]
    partial: bool
    sample: ablation.OriginFiles | None = None
    """The origin's signals and labels, for the ablation's models."""


def validate(root: Path, options: ValidateOptions, progress: Progress | None = None) -> Validation:
    """Backtest the rankings on the history of the repository holding `root`."""
    repository = _open(root, options)
    seeds = np.random.SeedSequence(options.seed).spawn(len(options.origins))
    replays = [
        _replay(repository, origin, options, seed, progress)
        for origin, seed in zip(options.origins, seeds, strict=True)
    ]
    notices = [*repository.label_source.notices]
    notices += [notice for replayed in replays for notice in replayed.notices]
    kept = [r for r in replays if r.origin is not None and r.evaluation is not None]
    if not kept:
        raise UsageError(_nothing_to_replay(notices))
    if repository.boundary:
        notices.append(_shallow_notice())
    if repository.unread:
        notices.append(unread_notice(repository.unread))
    notices.extend(skipped_notices(repository.skipped))
    # Each origin's third stream: the first two (chance, resampling) are the rankings'.
    scored = [(r.sample, s) for r, s in zip(replays, seeds, strict=True) if r.sample is not None]
    found = ablation.ablate(
        [sample for sample, _ in scored], options.bootstrap, [s.spawn(1)[0] for _, s in scored]
    )
    if found is not None:
        _keep_evidence(repository, options, found)
    evaluated = [r.evaluation for r in kept if r.evaluation is not None]
    return Validation(
        root=repository.top.name,
        tool_version=__version__,
        commit=repository.tip,
        headline=options.headline,
        window=options.window.text,
        bootstrap=options.bootstrap,
        seed=options.seed,
        origins=tuple(r.origin for r in kept if r.origin is not None),
        combined=_combined(evaluated),
        comparisons=tuple(_compare(evaluated, *chosen) for chosen in COMPARISONS),
        notices=tuple(notices),
        partial=any(r.partial for r in replays)
        or bool(repository.boundary or repository.unread or repository.label_source.notices)
        or bool(repository.skipped),
        settings=options.describe(),
        labels=repository.label_source.source,
        ablation=found,
    )


def _keep_evidence(repository: _Repository, options: ValidateOptions, found: Ablation) -> None:
    """Record what health adds here, for the plan of later scans (`plan.evidence`)."""
    health = next(g for g in found.signals if g.signal == names.SIGNAL_HEALTH)
    if health.auc.value is None or found.health_log_odds is None:
        return
    kept = HealthEvidence(repository.tip, health.auc.value, health.auc.low, health.auc.high,
                          found.health_log_odds)  # fmt: skip
    scan = options.scan
    cache = Cache((scan.cache_dir or default_dir()) if scan.use_cache else None)
    try:
        evidence.record(cache, repository.top, kept)
    finally:
        cache.close()


def _open(root: Path, options: ValidateOptions) -> _Repository:
    top = git.repository(root)  # a bare repository is replayed from its objects alike
    if top is None:
        raise UsageError(f"{root}: not inside a git repository; the backtest replays its history")
    tip = git.head(top)
    if tip is None:
        raise UsageError(f"{top}: no commits yet; the backtest replays history")
    listed = None if options.labels is None else fixlabels.read_ids(options.labels)
    scan = options.scan
    cache = Cache((scan.cache_dir or default_dir()) if scan.use_cache else None)
    boundary = shallow_boundary(top)
    try:
        source = store.Source(top, tip, options.history.first_parent, boundary)
        mined = store.mine(source, cache)
    finally:
        cache.close()
    messages = read_messages(top, tip)
    labelled = (
        fixsource.from_messages(mined.commits, messages, options.fixes)
        if options.labels is None or listed is None
        else fixsource.from_file(options.labels, listed, messages.keys(), mined.commits)
    )
    moment = commit_time(top, tip)
    return _Repository(
        top,
        tip,
        moment,
        mined.commits,
        boundary,
        labelled.commits,
        labelled,
        mined.unread,
        mined.skipped,
    )


def _nothing_to_replay(notices: Sequence[Notice]) -> str:
    reasons = "; ".join(n.message for n in notices if n.reason == SKIPPED)
    return f"no origin to replay: {reasons}"


def _shallow_notice() -> Notice:
    return Notice(
        "",
        SHALLOW,
        "shallow clone: history before the boundary is missing, so the rankings knew less "
        "than the repository did (`git fetch --unshallow` fetches it)",
    )


# -- one origin ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Window:
    """Where an origin's window starts and ends on the main line."""

    label: str
    """The origin as the user gave it."""
    start: float
    end: float
    commit: str
    end_commit: str
    complete: bool


def _replay(
    repository: _Repository,
    origin: Since,
    options: ValidateOptions,
    seed: np.random.SeedSequence,
    progress: Progress | None,
) -> _Replayed:
    window = _place(repository, origin, options.window)
    if isinstance(window, Notice):
        return _Replayed(None, None, (window,), partial=True)
    chance, resampling = (np.random.default_rng(child) for child in seed.spawn(2))
    taken, found = repository.observe(window, options, chance, progress)
    files = metrics.Population.of(
        [int(n) for n in taken.signals.code_lines],
        [found.fixes.get(path, 0) for path in taken.signals.paths],
    )
    keys = rankings.keys(taken.signals)
    ranked = {name: metrics.rank(k) for name, k in keys.items()}
    evaluation = metrics.evaluate(files, ranked, options.bootstrap, resampling)
    result = _origin(window, taken.signals, found, evaluation)
    notices = [*taken.notices, *_window_notices(result)]
    partial = taken.partial or not window.complete
    sample = ablation.OriginFiles(taken.signals, files)
    return _Replayed(result, evaluation, tuple(notices), partial, sample)


@dataclass(frozen=True, slots=True)
class Observation:
    """One origin's population: its signals, and the fixes each file received in the window."""

    label: str
    signals: rankings.Signals
    fixes: metrics.Floats


def observe(root: Path, options: ValidateOptions) -> list[Observation]:
    """Every origin's signals and fix counts, unranked (what calibration fits models on)."""
    repository = _open(root, options)
    found = []
    for origin in options.origins:
        window = _place(repository, origin, options.window)
        if isinstance(window, Notice):
            continue
        chance = np.random.default_rng(options.seed)
        taken, fixed = repository.observe(window, options, chance, None)
        counts = [fixed.fixes.get(path, 0) for path in taken.signals.paths]
        found.append(Observation(window.label, taken.signals, np.asarray(counts, np.float64)))
    return found


def _place(repository: _Repository, origin: Since, length: Since) -> _Window | Notice:
    """The origin's window on the main line, or a notice saying why it cannot be replayed."""
    start = origin.start(repository.last)
    if start is None:
        return Notice("", SKIPPED, f"origin {origin.text!r} names no moment; skipped")
    commit = commit_at(repository.top, repository.tip, start)
    if commit is None:
        when = f"origin {origin.text} ({_date(start)})"
        return Notice("", SKIPPED, f"{when} is before the first commit; skipped")
    end = length.after(start)
    complete = end <= repository.last
    end_commit = commit_at(repository.top, repository.tip, end) if complete else repository.tip
    return _Window(origin.text, start, end, commit, end_commit or repository.tip, complete)


def _split(
    repository: _Repository, window: _Window, options: ValidateOptions
) -> tuple[Followed, Followed]:
    """The history known at the window's start, and the window's own commits."""
    known = reachable(repository.top, window.commit)
    landed = reachable(repository.top, window.end_commit) - known
    bots, boundary = options.history.bots, repository.boundary
    before = follow([c for c in repository.commits if c.sha in known], bots, boundary)
    after = follow([c for c in repository.commits if c.sha in landed], bots, boundary)
    return before, after


def _origin(
    window: _Window,
    signals: rankings.Signals,
    found: labels.Labels,
    evaluation: metrics.Evaluation,
) -> Origin:
    return Origin(
        label=window.label,
        start=int(window.start),
        end=int(window.end),
        complete=window.complete,
        commit=window.commit,
        end_commit=window.end_commit,
        files=len(signals.paths),
        code_lines=int(signals.code_lines.sum()),
        fixed_files=len(found.fixes),
        fix_events=found.events,
        fix_commits=found.commits,
        window_commits=found.window_commits,
        rankings=tuple(
            _ranking(name, evaluation.points[name], evaluation.replicas[name])
            for name in names.RANKINGS
        ),
    )


def _window_notices(origin: Origin) -> list[Notice]:
    found: list[Notice] = []
    if not origin.complete:
        found.append(Notice("", INCOMPLETE, (
            f"origin {origin.label}: the window reaches past the last commit, so fixes are "
            f"counted until {_date(origin.end)} only; results are partial"
        )))  # fmt: skip
    if not origin.fixed_files:
        found.append(Notice("", NO_FIXES, (
            f"origin {origin.label}: no bug-fix commit changed a production file in the "
            "window; there is nothing to predict, so its metrics are undefined"
        )))  # fmt: skip
    return found


def _date(moment: float) -> str:
    import datetime as dt  # noqa: PLC0415 - only for messages

    return dt.datetime.fromtimestamp(moment, dt.UTC).strftime("%Y-%m-%d")


# -- estimates and combining ----------------------------------------------------------------


def _estimate(metric: str, value: float, replicas: metrics.Floats | None) -> Estimate:
    bounds = metrics.interval(replicas) if replicas is not None and len(replicas) else None
    shown = value if np.isfinite(value) else None
    if bounds is None or shown is None:
        return Estimate(metric, shown)
    return Estimate(metric, shown, *bounds)


def _ranking(name: str, points: dict[str, float], replicas: dict[str, metrics.Floats]) -> Ranking:
    return Ranking(
        name,
        tuple(_estimate(m, points[m], replicas.get(m)) for m in names.METRICS),
    )


def _median(values: metrics.Floats, axis: int = 0) -> metrics.Floats:
    """The median of the defined values along `axis` (NaN where none is)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-undefined column
        return np.asarray(np.nanmedian(values, axis=axis), dtype=np.float64)


def _combined(evaluations: Sequence[metrics.Evaluation]) -> tuple[Ranking, ...]:
    def combine(name: str, metric: str) -> Estimate:
        points = np.asarray([e.points[name][metric] for e in evaluations])
        replicas = [e.replicas[name][metric] for e in evaluations if metric in e.replicas[name]]
        combined = _median(np.stack(replicas)) if len(replicas) == len(evaluations) else None
        return _estimate(metric, float(_median(points)), combined)

    return tuple(
        Ranking(name, tuple(combine(name, m) for m in names.METRICS)) for name in names.RANKINGS
    )


def _compare(
    evaluations: Sequence[metrics.Evaluation], ranking: str, baseline: str, metric: str
) -> Comparison:
    ours = np.asarray([e.points[ranking][metric] for e in evaluations])
    theirs = np.asarray([e.points[baseline][metric] for e in evaluations])
    defined = np.isfinite(ours) & np.isfinite(theirs)
    differences = [
        e.replicas[ranking][metric] - e.replicas[baseline][metric]
        for e in evaluations
        if metric in e.replicas[ranking]
    ]
    spread = _median(np.stack(differences)) if len(differences) == len(evaluations) else None
    difference = _estimate(metric, float(_median(ours - theirs)), spread)
    return Comparison(
        ranking=ranking,
        baseline=baseline,
        metric=metric,
        wins=int(np.sum(ours[defined] > theirs[defined])),
        origins=int(np.sum(defined)),
        difference=dataclasses.replace(difference, metric=metric),
    )
