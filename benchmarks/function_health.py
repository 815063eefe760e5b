"""Do unhealthy functions attract more bug fixes than healthy ones of the same size and history?

    python benchmarks/function_health.py [--repo NAME=PATH ...] [--jobs N] [--bootstrap N]

On the ten training repositories (`calibrate.TRAINING`), at each origin validate uses (1, 2
and 3 years back from the last commit), every top-level function and method of the
production files in the tree then is a row:

* its **code lines**, its **health** and **biomarkers**, from a scan of that revision (the
  library's `scan_revisions`, so the same analysis and cache as `codevitals validate`);
* its **prior changes**: commits in the year before the origin that changed its lines (the
  function-level history of `history.functions`: a commit's hunks mapped to the functions of
  the file as that commit left it, matched by qualified name to the function at the origin);
* its **label**: whether a bug-fix commit (`history.fixes`, the default rules) changed its
  lines in the year after the origin, mapped the same way (files renamed in the window are
  followed back to their names at the origin).

Two comparisons, each on the functions as they were at the origin:

(a) **held-out discrimination**: a logistic model of log code lines and log(1 + prior
    changes), against the same model plus health debt (10 − health) or plus the number of
    biomarkers. Models are fitted on the other nine repositories (leave one repository out)
    and scored by AUC on each origin of the one left out; per repository the median over its
    origins, with a paired bootstrap interval (functions resampled within each origin, the
    replicas' medians), and the median over repositories.
(b) **stratified fix rates**: functions in bins of code lines × prior changes (per repository
    and origin); in each bin, the share of unhealthy functions (any biomarker) and of healthy
    ones that a fix changed, and the Mantel–Haenszel odds ratio over the bins with its 95 %
    interval (Robins, Breslow and Greenland's variance), per repository and pooled.

The functions of each repository are kept under --rows (default /tmp/cv-function-health) so
that the analysis can run again without mining; results go to
benchmarks/results/function-health-DATE.json and a summary to standard output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import statistics
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bench_scan import codevitals_source, describe_machine, log
from calibrate import find_repos
from codevitals import git
from codevitals.cache import Cache, default_dir
from codevitals.history import HistoryOptions, store
from codevitals.history.fixes import FixRules, fix_commits
from codevitals.history.functions import Edit, FunctionRanker
from codevitals.history.gitlog import Commit
from codevitals.history.hotspots import Recency
from codevitals.history.lineage import Followed, Revision, follow
from codevitals.history.messages import read_messages
from codevitals.history.since import parse
from codevitals.model import FileHealth, FunctionHealth, Role
from codevitals.scan import ScanOptions, scan_revisions
from codevitals.validate.timeline import commit_at, commit_time, reachable

Floats = npt.NDArray[np.float64]

ORIGINS = ("1y", "2y", "3y")
WINDOW = parse("1y")
PRIOR = parse("1y")
"""Prior changes are counted in the year before the origin: validate's hotspot window."""
RESULTS = Path(__file__).resolve().parent / "results"
ROWS = Path("/tmp/cv-function-health")  # noqa: S108 - a scratch folder for mined rows
LINE_BINS = (0, 5, 10, 20, 40, 80)
"""Lower bounds of the code-line bins (the last is open)."""
CHANGE_BINS = (0, 1, 2, 4)
"""Lower bounds of the prior-change bins."""
FINE_LINE_BINS = (0, 3, 5, 7, 10, 13, 16, 20, 25, 30, 40, 50, 60, 80, 100, 130, 170, 250)
FINE_CHANGE_BINS = (0, 1, 2, 3, 4, 6, 9)
"""Finer bins: how much of the odds ratio is size left within the coarse bins."""
COLUMNS = ("origin", "code_lines", "changes", "health", "biomarkers", "fixed")


# -- mining the rows ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Repository:
    """A training repository's mined history and its fix commits."""

    top: Path
    tip: str
    commits: Sequence[Commit]
    fixes: frozenset[str]
    last: int


def open_repository(path: Path, cache: Cache) -> Repository:
    """Mine the history (through the cache `validate` uses) and classify its commits."""
    top = git.repository(path)
    tip = git.head(top) if top else None
    if top is None or tip is None:
        raise SystemExit(f"function_health: {path} holds no git history")
    mined = store.mine(store.Source(top, tip), cache)
    fixes = fix_commits(mined.commits, read_messages(top, tip), FixRules())
    return Repository(top, tip, mined.commits, fixes, commit_time(top, tip))


def functions_of(item: FileHealth) -> dict[str, FunctionHealth]:
    """Top-level functions and methods by qualified name; the largest of a repeated name."""
    chosen: dict[str, FunctionHealth] = {}
    top_level = (f for f in item.functions if not f.metrics.nested)
    for function in sorted(top_level, key=lambda f: f.metrics.lines):
        chosen[function.metrics.qualified_name] = function
    return chosen


def edits(revisions: Iterable[Revision], names: Mapping[str, str]) -> list[Edit]:
    """Each change of a population file (`names`: name in `revisions` → name at the origin)."""
    return [
        Edit(names[t.path], r.sha, r.parent, r.time, r.author, t.name, t.old_name)
        for r in revisions
        for t in r.touches
        if t.path in names and t.added + t.deleted > 0
    ]


def changed_functions(
    ranker: FunctionRanker, found: list[Edit], files: Sequence[FileHealth]
) -> dict[tuple[str, str], int]:
    """(path, function) → commits among `found` that changed it."""
    touched = {e.path for e in found}
    ranked = ranker.rank(found, [f for f in files if f.file.path in touched])
    return {(path, h.qualified_name): h.changes for path, hs in ranked.items() for h in hs}


def mine_rows(name: str, path: Path, jobs: int) -> list[list[float]]:
    """Every function of every origin: origin index, lines, changes, health, biomarkers, fixed."""
    cache = Cache(default_dir())
    try:
        repository = open_repository(path, cache)
        top = repository.top
        starts = [parse(o).start(repository.last) or 0.0 for o in ORIGINS]
        found = [(i, commit_at(top, repository.tip, s)) for i, s in enumerate(starts)]
        chosen = [(i, c) for i, c in found if c is not None]
        options = ScanOptions(findings=None, dependencies=None, history=None, plan=None, jobs=jobs)
        scans = scan_revisions(top, [c for _, c in chosen], options)
        recency = Recency(repository.last, HistoryOptions().half_life_days)
        ranker = FunctionRanker(top, cache, options.filters.max_file_size, jobs, recency)
        rows: list[list[float]] = []
        for (index, commit), scanned in zip(chosen, scans, strict=True):
            files = [f for f in scanned.files if f.file.role is Role.PRODUCTION]
            origin = Origin(index, commit, starts[index], files)
            rows.extend(origin_rows(repository, ranker, origin))
            log(f"{name} origin {ORIGINS[index]}: {len(rows)} functions so far")
        return rows
    finally:
        cache.close()


@dataclass(frozen=True, slots=True)
class Origin:
    """One origin: its index in `ORIGINS`, commit, moment and production files."""

    index: int
    commit: str
    start: float
    files: list[FileHealth]


def origin_rows(
    repository: Repository, ranker: FunctionRanker, origin: Origin
) -> list[list[float]]:
    """The functions of one origin with their size, history, health and label."""
    top, files = repository.top, origin.files
    end = WINDOW.after(origin.start)
    end_commit = commit_at(top, repository.tip, end) if end <= repository.last else None
    known = reachable(top, origin.commit)
    landed = reachable(top, end_commit or repository.tip) - known
    bots = HistoryOptions().bots
    before = follow([c for c in repository.commits if c.sha in known], bots)
    after = follow([c for c in repository.commits if c.sha in landed], bots)
    population = {f.file.path: f.file.path for f in files}
    prior_start = PRIOR.start(origin.start) or 0.0
    prior = [r for r in before.revisions if r.time >= prior_start]
    prior_changes = changed_functions(ranker, edits(prior, population), files)
    fixes = [r for r in after.revisions if r.sha in repository.fixes]
    fixed = changed_functions(ranker, edits(fixes, _names_at_origin(after, population)), files)
    rows = []
    for item in files:
        for qualified, function in functions_of(item).items():
            key = (item.file.path, qualified)
            changes, fixes_after = prior_changes.get(key, 0), fixed.get(key, 0)
            health, biomarkers = function.health, len(function.biomarkers)
            size = function.metrics.code_lines
            rows.append([origin.index, size, changes, health, biomarkers, fixes_after > 0])
    return rows


def _names_at_origin(window: Followed, population: Mapping[str, str]) -> dict[str, str]:
    return {window.newest.get(path, path): path for path in sorted(population)}


def load_rows(name: str, path: Path, folder: Path, jobs: int) -> Floats:
    """The repository's rows, mined once and kept in `folder`."""
    kept = folder / f"{name}.json"
    if kept.exists():
        return np.asarray(json.loads(kept.read_text()), dtype=np.float64).reshape(-1, 6)
    rows = mine_rows(name, path, jobs)
    folder.mkdir(parents=True, exist_ok=True)
    kept.write_text(json.dumps(rows))
    return np.asarray(rows, dtype=np.float64).reshape(-1, 6)


# -- (a) held-out discrimination ----------------------------------------------------------------

MODELS = {
    "size+changes": lambda r: [np.log1p(r[:, 1]), np.log1p(r[:, 2])],
    "+health": lambda r: [np.log1p(r[:, 1]), np.log1p(r[:, 2]), 10.0 - r[:, 3]],
    "+biomarkers": lambda r: [np.log1p(r[:, 1]), np.log1p(r[:, 2]), r[:, 4]],
    "health only": lambda r: [10.0 - r[:, 3]],
}


def design(rows: Floats, model: str) -> Floats:
    """The model's features with an intercept column."""
    columns = MODELS[model](rows)
    return np.column_stack([np.ones(len(rows)), *columns])


def fit(x: Floats, y: Floats, ridge: float = 1e-4, steps: int = 50) -> Floats:
    """Logistic regression by Newton's method, with a small ridge so that it always converges."""
    scale = np.maximum(x.std(axis=0), 1e-9)
    scale[0] = 1.0
    z = x / scale
    beta = np.zeros(z.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(z @ beta)))
        gradient = z.T @ (y - p) - ridge * beta
        hessian = (z * (p * (1 - p))[:, None]).T @ z + ridge * np.eye(len(beta))
        step = np.linalg.solve(hessian, gradient)
        beta += step
        if np.max(np.abs(step)) < 1e-8:
            break
    fitted: Floats = beta / scale
    return fitted


def auc(scores: Floats, labels: Floats, weights: Floats) -> Floats:
    """Weighted Mann–Whitney AUC, ties one half; one value per row of `weights`."""
    order = np.argsort(scores, kind="stable")
    s, y = scores[order], labels[order]
    starts = np.concatenate([[0], np.flatnonzero(np.diff(s)) + 1])
    w = weights[:, order]
    positive = np.add.reduceat(w * y, starts, axis=1)
    negative = np.add.reduceat(w * (1 - y), starts, axis=1)
    below = np.cumsum(negative, axis=1) - negative
    wins = np.sum(positive * (below + negative / 2.0), axis=1)
    pairs = positive.sum(axis=1) * negative.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(pairs > 0, wins / pairs, np.nan)


def bootstrap_weights(count: int, total: int, rng: np.random.Generator) -> Floats:
    """How often each of `count` items is drawn in each of `total` replicas."""
    drawn = rng.integers(0, count, size=(total, count))
    flat = (drawn + count * np.arange(total)[:, None]).ravel()
    return np.bincount(flat, minlength=total * count).reshape(total, count).astype(np.float64)


def held_out(data: Mapping[str, Floats], bootstrap: int, seed: int) -> dict[str, Any]:
    """Per repository and median: each model's AUC and the paired differences with intervals."""
    rng = np.random.default_rng(seed)
    per_repo: dict[str, Any] = {}
    for held, rows in data.items():
        train = np.concatenate([r for name, r in data.items() if name != held])
        coefficients = {m: fit(design(train, m), train[:, 5]) for m in MODELS}
        points: dict[str, list[float]] = {m: [] for m in MODELS}
        replicas: dict[str, list[Floats]] = {m: [] for m in MODELS}
        for origin in sorted(set(rows[:, 0])):
            part = rows[rows[:, 0] == origin]
            weights = np.vstack(
                [np.ones((1, len(part))), bootstrap_weights(len(part), bootstrap, rng)]
            )
            for model, beta in coefficients.items():
                found = auc(design(part, model) @ beta, part[:, 5], weights)
                points[model].append(float(found[0]))
                replicas[model].append(found[1:])
        per_repo[held] = _repo_summary(points, replicas, coefficients)
    return {"per_repository": per_repo, "median": _median_summary(per_repo)}


def _repo_summary(
    points: Mapping[str, list[float]],
    replicas: Mapping[str, list[Floats]],
    coefficients: Mapping[str, Floats],
) -> dict[str, Any]:
    base = "size+changes"
    found: dict[str, Any] = {
        "auc": {m: _nanmedian(v) for m, v in points.items()},
        "auc_by_origin": dict(points),
        "coefficients": {m: [float(c) for c in beta] for m, beta in coefficients.items()},
    }
    for model in ("+health", "+biomarkers"):
        differences = np.stack(replicas[model]) - np.stack(replicas[base])
        median = np.nanmedian(differences, axis=0)
        low, high = np.nanpercentile(median, [2.5, 97.5])
        value = _nanmedian([a - b for a, b in zip(points[model], points[base], strict=True)])
        found[f"{model} minus size+changes"] = {
            "value": value,
            "low": float(low),
            "high": float(high),
        }
    return found


def _nanmedian(values: Sequence[float]) -> float:
    defined = [v for v in values if math.isfinite(v)]
    return statistics.median(defined) if defined else float("nan")


def _median_summary(per_repo: Mapping[str, Any]) -> dict[str, Any]:
    rows = list(per_repo.values())
    summary: dict[str, Any] = {"auc": {m: _nanmedian([r["auc"][m] for r in rows]) for m in MODELS}}
    for key in ("+health minus size+changes", "+biomarkers minus size+changes"):
        values = [r[key]["value"] for r in rows]
        summary[key] = {
            "median": _nanmedian(values),
            "positive": sum(v > 0 for v in values),
            "interval_above_zero": sum(r[key]["low"] > 0 for r in rows),
            "interval_below_zero": sum(r[key]["high"] < 0 for r in rows),
        }
    return summary


# -- (b) stratified fix rates ---------------------------------------------------------------------


def strata(rows: Floats, fine: bool = False) -> npt.NDArray[np.int64]:
    """The stratum of each row: origin × code-line bin × prior-change bin."""
    line_bins = FINE_LINE_BINS if fine else LINE_BINS
    change_bins = FINE_CHANGE_BINS if fine else CHANGE_BINS
    lines = np.searchsorted(line_bins, rows[:, 1], side="right") - 1
    changes = np.searchsorted(change_bins, rows[:, 2], side="right") - 1
    return (rows[:, 0].astype(np.int64) * 1000 + lines * 10 + changes).astype(np.int64)


def mantel_haenszel(tables: Sequence[tuple[float, float, float, float]]) -> dict[str, float]:
    """The common odds ratio of 2×2 tables (a exposed cases, b exposed others, c, d) and its CI.

    The interval is Robins, Breslow and Greenland's (1986) on the log scale.
    """
    r_sum = s_sum = pr = ps_qr = qs = 0.0
    for a, b, c, d in tables:
        n = a + b + c + d
        if n <= 1:
            continue
        r, s = a * d / n, b * c / n
        p, q = (a + d) / n, (b + c) / n
        r_sum, s_sum = r_sum + r, s_sum + s
        pr, ps_qr, qs = pr + p * r, ps_qr + p * s + q * r, qs + q * s
    if r_sum <= 0 or s_sum <= 0:
        return {"odds_ratio": float("nan"), "low": float("nan"), "high": float("nan")}
    ratio = r_sum / s_sum
    variance = pr / (2 * r_sum**2) + ps_qr / (2 * r_sum * s_sum) + qs / (2 * s_sum**2)
    spread = 1.96 * math.sqrt(variance)
    return {"odds_ratio": ratio, "low": ratio * math.exp(-spread), "high": ratio * math.exp(spread)}


def stratified(rows: Floats) -> dict[str, Any]:
    """Fix rates of unhealthy and healthy functions, and the MH odds ratios over the bins."""
    unhealthy = rows[:, 4] > 0
    fixed = rows[:, 5] > 0
    crude = (
        float(np.mean(fixed[unhealthy])) if unhealthy.any() else float("nan"),
        float(np.mean(fixed[~unhealthy])) if (~unhealthy).any() else float("nan"),
    )
    coarse, count = _odds_ratio(strata(rows), unhealthy, fixed)
    fine, fine_count = _odds_ratio(strata(rows, fine=True), unhealthy, fixed)
    return {
        "functions": len(rows),
        "unhealthy": int(unhealthy.sum()),
        "fixed": int(fixed.sum()),
        "fix_rate_unhealthy": crude[0],
        "fix_rate_healthy": crude[1],
        "mantel_haenszel": coarse,
        "tables": count,
        "mantel_haenszel_fine_bins": fine,
        "fine_tables": fine_count,
    }


def _odds_ratio(
    keys: npt.NDArray[np.int64], unhealthy: npt.NDArray[np.bool_], fixed: npt.NDArray[np.bool_]
) -> tuple[dict[str, float], int]:
    tables = []
    for key in np.unique(keys):
        inside = keys == key
        tables.append(
            (
                float(np.sum(inside & unhealthy & fixed)),
                float(np.sum(inside & unhealthy & ~fixed)),
                float(np.sum(inside & ~unhealthy & fixed)),
                float(np.sum(inside & ~unhealthy & ~fixed)),
            )
        )
    return mantel_haenszel(tables), len(tables)


def bins(rows: Floats) -> list[dict[str, Any]]:
    """Pooled over repositories and origins: per size × change bin, counts and fix rates."""
    lines = np.searchsorted(LINE_BINS, rows[:, 1], side="right") - 1
    changes = np.searchsorted(CHANGE_BINS, rows[:, 2], side="right") - 1
    unhealthy, fixed = rows[:, 4] > 0, rows[:, 5] > 0
    found = []
    for li, low in enumerate(LINE_BINS):
        for ci, clow in enumerate(CHANGE_BINS):
            inside = (lines == li) & (changes == ci)
            cells = {}
            for label, group in (
                ("unhealthy", inside & unhealthy),
                ("healthy", inside & ~unhealthy),
            ):
                count = int(group.sum())
                hits = int((group & fixed).sum())
                rate = hits / count if count else None
                cells[label] = {"functions": count, "fixed": hits, "rate": rate}
            found.append({"code_lines_from": low, "changes_from": clow, **cells})
    return found


# -- running --------------------------------------------------------------------------------------


def summary(found: Mapping[str, Any]) -> None:
    """The figures on standard output."""
    per_repo = found["held_out"]["per_repository"]
    heads = ("functions", "fixed", "base AUC", "+health", "+biomarkers", "MH OR (any biomarker)")
    print(
        f"\n{'':<9}{heads[0]:>10}{heads[1]:>6}{heads[2]:>9}  {heads[3]:<23}{heads[4]:<23}{heads[5]}"
    )
    for name, row in per_repo.items():
        cells = [f"{row['auc']['size+changes']:.3f}"]
        for key in ("+health minus size+changes", "+biomarkers minus size+changes"):
            d = row[key]
            cells.append(f"{d['value']:+.3f} [{d['low']:+.3f},{d['high']:+.3f}]")
        mh = found["stratified"]["per_repository"][name]["mantel_haenszel"]
        cells.append(f"{mh['odds_ratio']:.2f} [{mh['low']:.2f},{mh['high']:.2f}]")
        counts = found["stratified"]["per_repository"][name]
        print(
            f"{name:<9}{counts['functions']:>10}{counts['fixed']:>6}{cells[0]:>9}  "
            f"{cells[1]:<23}{cells[2]:<23}{cells[3]}"
        )
    median = found["held_out"]["median"]
    print(f"median AUC: {json.dumps(median['auc'])}")
    for key in ("+health minus size+changes", "+biomarkers minus size+changes"):
        print(f"{key}: {json.dumps(median[key])}")
    pooled = found["stratified"]["pooled"]
    print(
        f"pooled: {pooled['functions']} functions, {pooled['fixed']} fixed; fix rate "
        f"unhealthy {pooled['fix_rate_unhealthy']:.3f} vs healthy "
        f"{pooled['fix_rate_healthy']:.3f}; MH OR {json.dumps(pooled['mantel_haenszel'])}; "
        f"fine bins {json.dumps(pooled['mantel_haenszel_fine_bins'])}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Mine (or load) every repository's functions, compare the models, write the results."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--repo", action="append", default=[], metavar="NAME=PATH")
    parser.add_argument("--jobs", type=int, default=1, help="analysis worker processes")
    parser.add_argument("--bootstrap", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rows", type=Path, default=ROWS)
    parser.add_argument("--only", action="append", default=[], help="mine only these")
    args = parser.parse_args(argv)
    repos = find_repos(args.repo)
    if args.only:
        repos = {k: v for k, v in repos.items() if k in args.only}
    data = {}
    for name, path in repos.items():
        log(f"{name}: functions at {', '.join(ORIGINS)}")
        data[name] = load_rows(name, path, args.rows, args.jobs)
    pooled = np.concatenate(list(data.values()))
    # Each repository's origins get strata of their own in the pooled odds ratio.
    shifted = [
        np.column_stack([rows[:, 0] + 10.0 * i, rows[:, 1:]])
        for i, rows in enumerate(data.values())
    ]
    found = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": describe_machine(),
        "codevitals": codevitals_source(),
        "repositories": {
            name: {"path": str(path), "functions": len(data[name])} for name, path in repos.items()
        },
        "origins": list(ORIGINS),
        "held_out": held_out(data, args.bootstrap, args.seed) if len(data) > 1 else None,
        "stratified": {
            "per_repository": {name: stratified(rows) for name, rows in data.items()},
            "pooled": stratified(np.concatenate(shifted)),
            "bins": bins(pooled),
        },
    }
    if found["held_out"] is not None:
        summary(found)
    day = dt.datetime.now(dt.UTC).date().isoformat()
    out = RESULTS / f"function-health-{day}.json"
    out.write_text(json.dumps(found, indent=1, default=float) + "\n")
    log(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
