"""Calibrate codevitals' rankings on the ten training repositories, and check the targets.

    python benchmarks/calibrate.py [--repo NAME=PATH ...] [--jobs N] [--skip-grid]

Every figure comes from `codevitals validate` itself (the library, in this process), on the
ten repositories the issue names and on no other: psf/requests, pallets/flask, psf/black,
encode/httpx, tornadoweb/tornado, scrapy/scrapy, spotify/luigi, tqdm/tqdm, nvbn/thefuck and
celery/celery. A repository is found as NAME under /work/bench or /tmp/cv-train (clones of
the bare mirrors the `fetch` tool brings), unless `--repo NAME=PATH` says where.

1. **defaults**: the backtest with the current defaults (origins 1y, 2y, 3y back from each
   repository's last commit, fixes in the year after each, 1000 resamples): every ranking's
   combined metrics per repository, their medians over the ten, and the issue's targets.
2. **grid**: the hotspot formula's offset, change and debt exponents and half-life, without
   resampling: the medians of each setting.
3. **leave one out**: for each repository, the setting the other nine prefer (highest median
   AUC + median fix-weighted recall of the hotspot ranking), scored on the one left out
   against lines of code.
4. **biomarkers**: each biomarker left out of the health model in turn (`--ignore`), and the
   size biomarkers together: what each does to the medians.
5. **signals**: with the defaults, what health debt, recency and change add beyond size and
   change count (the same formula without each).
6. **out of time**: the defaults on origins 4y and 5y, which no calibration looked at.

The figures go to benchmarks/results/validation.json and a summary to standard output.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import itertools
import json
import os
import statistics
import sys
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from bench_scan import codevitals_source, describe_machine, log
from codevitals.code.health import Policy
from codevitals.history import HistoryOptions
from codevitals.history.hotspots import Factors
from codevitals.history.since import parse
from codevitals.model import validate as names
from codevitals.model.validate import Validation
from codevitals.scan import ScanOptions
from codevitals.validate.options import ValidateOptions
from codevitals.validate.replay import validate

TRAINING = {
    "requests": "psf/requests",
    "flask": "pallets/flask",
    "black": "psf/black",
    "httpx": "encode/httpx",
    "tornado": "tornadoweb/tornado",
    "scrapy": "scrapy/scrapy",
    "luigi": "spotify/luigi",
    "tqdm": "tqdm/tqdm",
    "thefuck": "nvbn/thefuck",
    "celery": "celery/celery",
}
SEARCH = (Path("/work/bench"), Path("/tmp/cv-train"))  # noqa: S108 - where clones are made
RESULTS = Path(__file__).resolve().parent / "results"
SIZE_BIOMARKERS = ("large-method", "large-file", "brain-method")
GRID = {
    "offset": (0.0, 1.0),
    "change": (0.5, 1.0, 2.0),
    "debt": (0.0, 0.5, 1.0),
    "half_life": (90.0, 180.0, 365.0),
}

Table = dict[str, dict[str, float | None]]
"""Ranking → metric → value."""
PerRepo = dict[str, Table]


@dataclasses.dataclass(frozen=True)
class Setting:
    """One way of running the backtest."""

    label: str
    factors: Factors = dataclasses.field(default_factory=Factors)
    half_life: float = HistoryOptions().half_life_days
    ignore: tuple[str, ...] = ()
    origins: tuple[str, ...] = ("1y", "2y", "3y")

    def options(self, bootstrap: int) -> ValidateOptions:
        """The backtest's options for this setting."""
        scan = ScanOptions(policy=Policy.build(ignore=self.ignore), findings=None,
                           dependencies=None, history=None)  # fmt: skip
        history = HistoryOptions(factors=self.factors, half_life_days=self.half_life)
        origins = tuple(parse(text) for text in self.origins)
        return ValidateOptions(origins=origins, bootstrap=bootstrap, scan=scan, history=history)

    def describe(self) -> dict[str, Any]:
        """The setting as recorded with its results."""
        return {
            "label": self.label,
            "factors": dataclasses.asdict(self.factors),
            "half_life_days": self.half_life,
            "ignore": list(self.ignore),
            "origins": list(self.origins),
        }


def backtest(job: tuple[Path, Setting, int]) -> Validation:
    """`validate` on one repository (a top-level function, so that workers can run it)."""
    path, setting, bootstrap = job
    return validate(path, setting.options(bootstrap))


def combined(result: Validation) -> Table:
    """Each ranking's combined metrics."""
    return {r.name: {e.metric: e.value for e in r.estimates} for r in result.combined}


@dataclasses.dataclass
class Runner:
    """Runs settings over the repositories, in `jobs` processes."""

    repos: dict[str, Path]
    jobs: int

    def results(self, setting: Setting, bootstrap: int = 0) -> dict[str, Validation]:
        """The backtest of every repository under one setting."""
        jobs = [(path, setting, bootstrap) for path in self.repos.values()]
        if self.jobs <= 1:
            found = [backtest(job) for job in jobs]
        else:
            with ProcessPoolExecutor(self.jobs) as pool:
                found = list(pool.map(backtest, jobs))
        return dict(zip(self.repos, found, strict=True))

    def tables(self, setting: Setting, bootstrap: int = 0) -> PerRepo:
        """Combined metrics per repository under one setting."""
        return {name: combined(r) for name, r in self.results(setting, bootstrap).items()}


def median(values: Iterable[float | None]) -> float | None:
    """The median of the defined values."""
    defined = [v for v in values if v is not None]
    return statistics.median(defined) if defined else None


def medians(per_repo: PerRepo, repos: Sequence[str] | None = None) -> Table:
    """Per ranking and metric, the median over the repositories."""
    chosen = list(repos or per_repo)
    return {
        ranking: {m: median(per_repo[r][ranking][m] for r in chosen) for m in names.METRICS}
        for ranking in names.RANKINGS
    }


def value(table: Table, ranking: str, metric: str) -> float:
    """A value, NaN when undefined (so that comparisons with it are false)."""
    found = table[ranking][metric]
    return float("nan") if found is None else found


def targets(table: Table) -> list[dict[str, Any]]:
    """The issue's targets on the medians over the training repositories."""
    auc = value(table, names.CODEVITALS, names.AUC)
    loc = value(table, names.LOC, names.AUC)
    both = value(table, names.CHANGE_COUNT_X_LOC, names.AUC)
    fixes = value(table, names.CODEVITALS, names.FIX_RECALL)
    popt = value(table, names.DENSITY, names.POPT)
    density = value(table, names.CHANGE_DENSITY, names.POPT)
    rows = [
        ("hotspot AUC > lines of code's", auc, loc, auc > loc),
        ("hotspot AUC > change count × lines'", auc, both, auc > both),
        ("fix-weighted recall@20 % of files ≥ 0.70", fixes, 0.70, fixes >= 0.70),
        ("density Popt > change density's", popt, density, popt > density),
    ]
    return [{"target": t, "value": v, "against": a, "met": m} for t, v, a, m in rows]


def wins(per_repo: PerRepo, ranking: str, baseline: str, metric: str) -> int:
    """Repositories where `ranking` beat `baseline` on `metric`."""
    return sum(
        value(table, ranking, metric) > value(table, baseline, metric)
        for table in per_repo.values()
    )


# -- experiments ----------------------------------------------------------------------------


def defaults(results: Mapping[str, Validation]) -> dict[str, Any]:
    """The backtest with the current defaults, with intervals, per repository and median."""
    per_repo = {name: combined(result) for name, result in results.items()}
    table = medians(per_repo)
    return {
        "per_repository": per_repo,
        "origins": {name: [_origin(o) for o in r.origins] for name, r in results.items()},
        "intervals": {name: _intervals(r) for name, r in results.items()},
        "medians": table,
        "targets": targets(table),
        "hotspot_beats_loc_on_auc": wins(per_repo, names.CODEVITALS, names.LOC, names.AUC),
        "density_beats_change_density_on_popt": wins(
            per_repo, names.DENSITY, names.CHANGE_DENSITY, names.POPT
        ),
    }


def _origin(origin: Any) -> dict[str, Any]:
    keep = ("label", "start", "commit", "files", "code_lines", "fixed_files", "fix_events",
            "fix_commits", "window_commits", "complete")  # fmt: skip
    return {key: getattr(origin, key) for key in keep}


def _intervals(result: Validation) -> dict[str, dict[str, list[float | None]]]:
    return {
        r.name: {e.metric: [e.low, e.high] for e in r.estimates}
        for r in result.combined
        if r.name in (names.CODEVITALS, names.DENSITY, names.LOC, names.CHANGE_COUNT_X_LOC)
    }


def grid_settings() -> list[Setting]:
    """Every combination of offset, change and debt exponents and half-life (size 1)."""
    return [
        Setting(
            f"offset={o:g} change={c:g} debt={d:g} half-life={h:g}",
            Factors(change=c, debt=d, offset=o),
            h,
        )
        for o, c, d, h in itertools.product(*GRID.values())
    ]


def grid(runner: Runner, settings: Sequence[Setting]) -> list[dict[str, Any]]:
    """Each setting's per-repository tables and medians, without resampling."""
    rows = []
    for index, setting in enumerate(settings, 1):
        per_repo = runner.tables(setting)
        rows.append({**setting.describe(), "per_repository": per_repo,
                     "medians": medians(per_repo)})  # fmt: skip
        summary = _summary(medians(per_repo))
        log(f"grid {index}/{len(settings)} {setting.label}: {summary}")
    return rows


def _summary(table: Table) -> str:
    def shown(ranking: str, metric: str) -> str:
        found = table[ranking][metric]
        return "n/a" if found is None else f"{found:.3f}"

    return (f"AUC {shown(names.CODEVITALS, names.AUC)} fix recall "
            f"{shown(names.CODEVITALS, names.FIX_RECALL)} density Popt "
            f"{shown(names.DENSITY, names.POPT)}")  # fmt: skip


def objective(per_repo: PerRepo, repos: Sequence[str]) -> float:
    """What calibration maximises: median AUC + median fix-weighted recall of the hotspots."""
    table = medians(per_repo, repos)
    return value(table, names.CODEVITALS, names.AUC) + value(
        table, names.CODEVITALS, names.FIX_RECALL
    )


def leave_one_out(rows: Sequence[dict[str, Any]], repos: Sequence[str]) -> list[dict[str, Any]]:
    """For each repository, the setting the other nine prefer, scored on it."""
    folds = []
    for held in repos:
        rest = [r for r in repos if r != held]
        best = max(rows, key=lambda row: objective(row["per_repository"], rest))
        table = best["per_repository"][held]
        auc, loc = value(table, names.CODEVITALS, names.AUC), value(table, names.LOC, names.AUC)
        folds.append({"held_out": held, "chosen": best["label"], "auc": auc, "loc_auc": loc,
                      "auc_minus_loc": auc - loc,
                      "fix_recall": value(table, names.CODEVITALS, names.FIX_RECALL)})  # fmt: skip
    return folds


def biomarkers(runner: Runner, base: Setting) -> list[dict[str, Any]]:
    """The medians with each biomarker, and then the size biomarkers, left out."""
    from codevitals.code.biomarkers import RULES  # noqa: PLC0415 - only this experiment

    reference = medians(runner.tables(base))
    left_out = [(rule.name,) for rule in RULES if not rule.preview] + [SIZE_BIOMARKERS]
    rows = []
    for ignore in left_out:
        table = medians(runner.tables(dataclasses.replace(base, ignore=ignore)))
        auc = _change(table, reference, names.CODEVITALS, names.AUC)
        popt = _change(table, reference, names.DENSITY, names.POPT)
        rows.append({"ignored": list(ignore), "medians": table, "auc_change": auc,
                     "popt_change": popt})  # fmt: skip
        log(f"without {', '.join(ignore)}: {_summary(table)}")
    return rows


def _change(table: Table, reference: Table, ranking: str, metric: str) -> float:
    return value(table, ranking, metric) - value(reference, ranking, metric)


def signals(runner: Runner, base: Setting) -> list[dict[str, Any]]:
    """The default formula without debt, without recency, without change, without size."""
    factors = base.factors
    variants = [
        base,
        dataclasses.replace(base, label="no debt", factors=dataclasses.replace(factors, debt=0)),
        dataclasses.replace(base, label="no recency", half_life=0.0),
        dataclasses.replace(base, label="no change", factors=dataclasses.replace(factors,
                            change=0)),
        dataclasses.replace(base, label="no size", factors=dataclasses.replace(factors, size=0)),
    ]  # fmt: skip
    rows = []
    for variant in variants:
        per_repo = runner.tables(variant)
        rows.append({**variant.describe(), "medians": medians(per_repo),
                     "beats_loc_on_auc": wins(per_repo, names.CODEVITALS, names.LOC,
                                              names.AUC)})  # fmt: skip
        log(f"signals, {variant.label}: {_summary(medians(per_repo))}")
    return rows


def out_of_time(runner: Runner, base: Setting, bootstrap: int) -> dict[str, Any]:
    """The defaults on origins no calibration looked at."""
    later = dataclasses.replace(base, label="out of time", origins=("4y", "5y"))
    per_repo = runner.tables(later, bootstrap)
    table = medians(per_repo)
    return {**later.describe(), "per_repository": per_repo, "medians": table,
            "targets": targets(table)}  # fmt: skip


# -- running ----------------------------------------------------------------------------------


def find_repos(overrides: Sequence[str]) -> dict[str, Path]:
    """Where each training repository is."""
    given = dict(item.split("=", 1) for item in overrides)
    found: dict[str, Path] = {}
    for name, github in TRAINING.items():
        candidates = [Path(given[name])] if name in given else [d / name for d in SEARCH]
        path = next((c for c in candidates if (c / ".git").exists()), None)
        if path is None:
            raise SystemExit(f"calibrate: {name} ({github}) not found; --repo {name}=PATH")
        found[name] = path
    return found


def describe_repos(repos: Mapping[str, Path], results: Mapping[str, Validation]) -> list[Any]:
    """Each repository with the commit its history was replayed up to."""
    return [{"name": name, "github": TRAINING[name], "path": str(path),
             "commit": results[name].commit} for name, path in repos.items()]  # fmt: skip


def print_table(title: str, per_repo: PerRepo, table: Table) -> None:
    """Per repository and median: AUC of the hotspots and of lines of code, and the rest."""
    print(f"\n{title}")
    shown = ((names.CODEVITALS, names.AUC), (names.LOC, names.AUC),
             (names.CHANGE_COUNT_X_LOC, names.AUC), (names.CODEVITALS, names.FIX_RECALL),
             (names.DENSITY, names.POPT), (names.CHANGE_DENSITY, names.POPT))  # fmt: skip
    print(f"{'':<10}" + "".join(f"{r[:10] + ' ' + m[:5]:>18}" for r, m in shown))
    for name, row in [*per_repo.items(), ("median", table)]:
        cells = "".join(f"{_cell(row[r][m]):>18}" for r, m in shown)
        print(f"{name:<10}{cells}")


def _cell(found: float | None) -> str:
    return "n/a" if found is None else f"{found:.3f}"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--repo", action="append", default=[], metavar="NAME=PATH")
    parser.add_argument("--jobs", type=int, default=1, help="repositories run at once")
    parser.add_argument("--bootstrap", type=int, default=1000)
    parser.add_argument("--skip-grid", action="store_true", help="only the defaults' figures")
    parser.add_argument("--results", type=Path, default=RESULTS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run every experiment, print a summary and write the results file."""
    args = parse_args(argv)
    runner = Runner(find_repos(args.repo), args.jobs)
    machine = describe_machine()
    base = Setting("defaults")
    results = runner.results(base, args.bootstrap)
    found = defaults(results)
    print_table("Defaults: median of 3 origins per repository", found["per_repository"],
                found["medians"])  # fmt: skip
    doc: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine,
        "codevitals": codevitals_source(),
        "repositories": describe_repos(runner.repos, results),
        "defaults": {**base.describe(), **found},
        "signals": signals(runner, base),
        "out_of_time": out_of_time(runner, base, 0),
    }
    if not args.skip_grid:
        rows = grid(runner, grid_settings())
        doc["grid"] = rows
        doc["leave_one_out"] = leave_one_out(rows, list(runner.repos))
        doc["biomarkers"] = biomarkers(runner, base)
    _finish(doc, args.results)
    return 0


def _finish(doc: dict[str, Any], results: Path) -> None:
    doc["machine"]["load_average_at_end"] = os.getloadavg()
    for row in doc["defaults"]["targets"]:
        print(f"{row['target']:<44} {row['value']:.3f} vs {row['against']:.3f}  "
              f"{'met' if row['met'] else 'NOT MET'}")  # fmt: skip
    for fold in doc.get("leave_one_out", []):
        print(f"leave out {fold['held_out']:<9} chose {fold['chosen']:<42} "
              f"AUC − loc {fold['auc_minus_loc']:+.3f}")  # fmt: skip
    results.mkdir(parents=True, exist_ok=True)
    out = results / "validation.json"
    out.write_text(json.dumps(compact(doc), indent=1) + "\n", encoding="utf-8")
    print(f"\nwritten: {out}")


GRID_KEPT = {
    names.CODEVITALS: (names.AUC, names.FIX_RECALL),
    names.DENSITY: (names.POPT,),
    names.LOC: (names.AUC,),
}
"""What a grid row keeps per repository in the results file: the figures the targets and
leave-one-out read (the baselines do not depend on the setting; `defaults` has them all)."""


def compact(doc: dict[str, Any]) -> Any:
    """The results as written: grid rows trimmed to what the grid changes, 4 decimals."""
    trimmed = dict(doc)
    if "grid" in doc:
        trimmed["grid"] = [_trim(row) for row in doc["grid"]]
    return _rounded(trimmed)


def _trim(row: dict[str, Any]) -> dict[str, Any]:
    def kept(table: Table) -> Table:
        return {name: {m: table[name][m] for m in chosen} for name, chosen in GRID_KEPT.items()}

    medians = {name: row["medians"][name] for name in GRID_KEPT}
    per_repo = {name: kept(table) for name, table in row["per_repository"].items()}
    return {**row, "per_repository": per_repo, "medians": medians}


def _rounded(found: Any) -> Any:
    if isinstance(found, float):
        return round(found, 4)
    if isinstance(found, dict):
        return {key: _rounded(item) for key, item in found.items()}
    if isinstance(found, list | tuple):
        return [_rounded(item) for item in found]
    return found


if __name__ == "__main__":
    sys.exit(main())
