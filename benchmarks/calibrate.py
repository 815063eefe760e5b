"""Calibrate codevitals' rankings on the ten training repositories, and check the targets.

    python benchmarks/calibrate.py [--repo NAME=PATH ...] [--jobs N] [--quick] [--print-model]

Every figure comes from `codevitals validate` itself (the library, in this process), on the
ten repositories the issue names and on no other: psf/requests, pallets/flask, psf/black,
encode/httpx, tornadoweb/tornado, scrapy/scrapy, spotify/luigi, tqdm/tqdm, nvbn/thefuck and
celery/celery. A repository is found as NAME under /work/bench or /tmp/cv-train (clones of
the bare mirrors the `fetch` tool brings), unless `--repo NAME=PATH` says where.

1. **model**: every origin's files with what was known of them then and the fixes of the
   year after (`validate.replay.observe`, origins 1y, 2y, 3y). Each candidate set of signals
   (`fixmodel_fit.CANDIDATES`: "what was tried") is fitted leaving one repository out and
   scored on it; the chosen one, fitted on all ten, is the shipped `history.fixmodel.MODEL`
   (`--print-model` prints it as source). The effort-aware ranking is chosen the same way, on
   Popt (`fixmodel_fit.EFFORT_CANDIDATES` tried: P(fix) per line of other signal sets, a
   floor on the divisor, fix density modelled directly; `history.fixmodel.EFFORT` shipped),
   and an in-sample ceiling (`fixmodel_fit.ceiling`) bounds what its signals can reach. The
   targets are checked on the held-out figures,
   medians over the ten: hotspot AUC ≥ the best of lines and changes × lines + 0.02;
   effort-aware Popt ≥ 0.72 and above smallest-first and change density; fix-weighted
   recall@20 % of files ≥ 0.68.
2. **defaults**: the backtest as shipped (the model fitted on all ten, so in-sample), with
   1000 resamples: every ranking's combined metrics per repository and their medians.
3. **out of time**: the defaults on origins 4y and 5y, which no fit looked at.

`--quick` runs the model section and the defaults without resampling (a few minutes); re-run
it whenever the fix labels change, and paste `--print-model`'s output (both models) into
fixmodel.py.
The figures go to benchmarks/results/validation.json and a summary to standard output.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import statistics
import sys
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import fixmodel_fit as fitting
from bench_scan import codevitals_source, describe_machine, log
from codevitals.history.fixmodel import EFFORT, MODEL, FixModel
from codevitals.history.since import parse
from codevitals.model import validate as names
from codevitals.model.validate import Validation
from codevitals.validate.options import ValidateOptions
from codevitals.validate.replay import Observation, observe, validate

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
AUC_MARGIN = 0.02
POPT_TARGET = 0.72
FIX_RECALL_TARGET = 0.68
CEILING_DRAWS = 1000

Table = dict[str, dict[str, float | None]]
"""Ranking → metric → value."""
PerRepo = dict[str, Table]


@dataclasses.dataclass(frozen=True)
class Setting:
    """One way of running the backtest."""

    label: str
    origins: tuple[str, ...] = ("1y", "2y", "3y")

    def options(self, bootstrap: int) -> ValidateOptions:
        """The backtest's options for this setting."""
        origins = tuple(parse(text) for text in self.origins)
        return ValidateOptions(origins=origins, bootstrap=bootstrap)

    def describe(self) -> dict[str, Any]:
        """The setting as recorded with its results."""
        return {"label": self.label, "origins": list(self.origins), "model": MODEL.describe(),
                "effort_model": EFFORT.describe()}  # fmt: skip


def backtest(job: tuple[Path, Setting, int]) -> Validation:
    """`validate` on one repository (a top-level function, so that workers can run it)."""
    path, setting, bootstrap = job
    return validate(path, setting.options(bootstrap))


def observed(path: Path) -> list[Observation]:
    """Every default origin of one repository, unranked (a top-level function for workers)."""
    return observe(path, Setting("model").options(0))


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
        return dict(zip(self.repos, self._map(backtest, jobs), strict=True))

    def observations(self) -> dict[str, list[Observation]]:
        """Every repository's origins, unranked."""
        return dict(zip(self.repos, self._map(observed, list(self.repos.values())), strict=True))

    def tables(self, setting: Setting, bootstrap: int = 0) -> PerRepo:
        """Combined metrics per repository under one setting."""
        return {name: combined(r) for name, r in self.results(setting, bootstrap).items()}

    def _map(self, task: Any, jobs: list[Any]) -> list[Any]:
        if self.jobs <= 1:
            return [task(job) for job in jobs]
        with ProcessPoolExecutor(self.jobs) as pool:
            return list(pool.map(task, jobs))


def median(values: Iterable[float | None]) -> float | None:
    """The median of the defined values."""
    defined = [v for v in values if v is not None and v == v]  # noqa: PLR0124 - NaN
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


def wins(per_repo: PerRepo, ranking: str, baseline: str, metric: str) -> int:
    """Repositories where `ranking` beat `baseline` on `metric`."""
    return sum(
        value(table, ranking, metric) > value(table, baseline, metric)
        for table in per_repo.values()
    )


# -- the model, leave one repository out ----------------------------------------------------

Figures = dict[str, dict[str, float]]
"""Repository → figure → value."""


def column(per_repo: Figures, name: str) -> float:
    """The median of one figure over the repositories (NaN when none is defined)."""
    found = median(row[name] for row in per_repo.values())
    return float("nan") if found is None else found


def tried(origins: fitting.Origins) -> list[dict[str, Any]]:
    """Each candidate's held-out figures, per repository and median."""
    rows = []
    for signals in fitting.CANDIDATES:
        per_repo = fitting.leave_one_out(origins, signals)
        held = {name: column(per_repo, name) for name in fitting.HELD_OUT}
        rows.append({"signals": list(signals), "per_repository": per_repo, "medians": held})
        shown = " ".join(f"{k} {v:.3f}" for k, v in held.items())
        log(f"tried {'+'.join(signals)}: {shown}")
    return rows


def tried_effort(origins: fitting.Origins, baselines: Figures) -> list[dict[str, Any]]:
    """Each candidate effort-aware ranking: its held-out Popt, and where it beat the baselines."""
    rows = []
    for ranking in fitting.EFFORT_CANDIDATES:
        per_repo = fitting.leave_one_out_effort(origins, ranking)
        popt = median(per_repo.values())
        above = {
            name: sum(per_repo[r] > baselines[r][f"{name}_popt"] for r in per_repo)
            for name in ("smallest_first", "change_density")
        }
        rows.append({"ranking": ranking.label, "signals": list(ranking.signals),
                     "family": ranking.family.name, "floor": ranking.floor, "popt": per_repo,
                     "median_popt": popt, "above": above})  # fmt: skip
        log(f"tried for effort {ranking.label}: popt {popt:.3f}, above smallest-first in "
            f"{above['smallest_first']}")  # fmt: skip
    return rows


def effort_ceiling(origins: fitting.Origins) -> dict[str, Any]:
    """The best median Popt any weighting of the signals reached in sample (`fitting.ceiling`)."""
    popt, weights = fitting.ceiling(origins, CEILING_DRAWS)
    log(f"effort ceiling (in sample, best of {CEILING_DRAWS} draws): popt {popt:.3f}")
    return {"draws": CEILING_DRAWS, "median_popt": popt, "weights": weights}


def _auc(origins: fitting.Origins, signals: tuple[str, ...]) -> dict[str, float]:
    return {repo: row["auc"] for repo, row in fitting.leave_one_out(origins, signals).items()}


def choice_held_out(origins: fitting.Origins) -> dict[str, Any]:
    """What choosing a candidate by its held-out median is worth, itself held out.

    For each repository the other nine choose among the candidates tried
    (`chosen_by_the_others`): the hotspot model's signals by AUC, the effort-aware ranking by
    Popt. The medians say whether a candidate that beats the shipped one on the median would
    beat it on a repository it was not chosen on.
    """
    hotspot = fitting.chosen_by_the_others(origins, fitting.CANDIDATES, _auc)
    effort = fitting.chosen_by_the_others(
        origins, fitting.EFFORT_CANDIDATES, fitting.leave_one_out_effort
    )
    chosen: dict[str, dict[str, tuple[str, float]]] = {
        "auc": {repo: ("+".join(c), v) for repo, (c, v) in hotspot.items()},
        "popt": {repo: (c.label, v) for repo, (c, v) in effort.items()},
    }
    found: dict[str, Any] = {}
    for metric, rows in chosen.items():
        found[metric] = {
            "per_repository": {repo: {"chosen": c, "value": v} for repo, (c, v) in rows.items()},
            "median": median(v for _, v in rows.values()),
        }
        log(f"{metric} of the candidate the others chose, median: {found[metric]['median']:.3f}")
    return found


def model_targets(chosen: Figures, baselines: Figures) -> list[dict[str, Any]]:
    """The issue's targets, on the chosen model's held-out medians."""
    auc, recall, popt = (column(chosen, name) for name in fitting.HELD_OUT)
    loc, both = column(baselines, "loc_auc"), column(baselines, "change_count_x_loc_auc")
    smallest = column(baselines, "smallest_first_popt")
    density = column(baselines, "change_density_popt")
    best = max(loc, both) + AUC_MARGIN
    rows = [
        ("hotspot AUC ≥ max(loc, changes × lines) + 0.02", auc, best, auc >= best),
        ("effort Popt ≥ 0.72", popt, POPT_TARGET, popt >= POPT_TARGET),
        ("effort Popt > smallest-first's", popt, smallest, popt > smallest),
        ("effort Popt > change density's", popt, density, popt > density),
        ("fix-weighted recall@20 % of files ≥ 0.68", recall, FIX_RECALL_TARGET,
         recall >= FIX_RECALL_TARGET),
    ]  # fmt: skip
    return [{"target": t, "value": v, "against": a, "met": m} for t, v, a, m in rows]


def model_section(origins: fitting.Origins) -> tuple[dict[str, Any], FixModel, FixModel]:
    """What was tried, the chosen models held out against the baselines, and their fits on all.

    The chosen models are the hotspot model and the effort-aware ranking's.
    """
    rows = tried(origins)
    baselines = fitting.baselines(origins)
    effort_rows = tried_effort(origins, baselines)
    chosen = fitting.leave_one_out(origins, fitting.CHOSEN, effort=fitting.EFFORT)
    every = [o for found in origins.values() for o in found]
    final, effort = fitting.fit(every, fitting.CHOSEN), fitting.fit(every, fitting.EFFORT)
    per_repo = {repo: {**chosen[repo], **baselines[repo]} for repo in origins}
    found = {
        "chosen": list(fitting.CHOSEN),
        "effort": list(fitting.EFFORT),
        "l2": fitting.L2,
        "model": final.model().describe(),
        "effort_model": effort.model().describe(),
        "shipped": MODEL.describe(),
        "shipped_effort": EFFORT.describe(),
        "held_out": per_repo,
        "medians": {
            **{name: column(chosen, name) for name in fitting.HELD_OUT},
            **{name: column(baselines, name) for name in fitting.BASELINES},
        },
        "targets": model_targets(chosen, baselines),
        "tried": rows,
        "tried_effort": effort_rows,
        "effort_ceiling": effort_ceiling(origins),
        "choice_held_out": choice_held_out(origins),
    }
    return found, final.model(), effort.model()


def model_source(model: FixModel, name: str = "MODEL") -> str:
    """The model as the source of `history.fixmodel.MODEL` (or of `name`)."""
    terms = [
        f'    {field}=Term("{t.name}", {t.mean:.4f}, {t.scale:.4f}, {t.weight:.4f}),'
        for field, t in (("lines", model.lines), ("changes", model.changes),
                         ("fixes", model.fixes))
    ]  # fmt: skip
    return "\n".join([f"{name} = FixModel(", f"    intercept={model.intercept:.4f},", *terms, ")"])


def print_model(section: Mapping[str, Any]) -> None:
    """Held-out figures per repository and median, against the baselines."""
    shown = ("auc", "loc_auc", "change_count_x_loc_auc", "fix_recall", "popt",
             "smallest_first_popt", "change_density_popt")  # fmt: skip
    print("\nHeld out (fitted on the other nine), median of 3 origins per repository")
    print(f"{'':<10}" + "".join(f"{name[:16]:>18}" for name in shown))
    rows = [*section["held_out"].items(), ("median", section["medians"])]
    for name, row in rows:
        print(f"{name:<10}" + "".join(f"{row[k]:>18.3f}" for k in shown))
    print("\nWhat was tried (held-out medians)")
    for row in section["tried"]:
        cells = "  ".join(f"{k} {v:.3f}" for k, v in row["medians"].items())
        print(f"  {'+'.join(row['signals']):<72} {cells}")
    print("\nWhat was tried for the effort-aware ranking (held-out median Popt; repositories")
    print("  above smallest-first, above change density)")
    for row in section["tried_effort"]:
        above = row["above"]
        print(f"  {row['ranking']:<76} popt {row['median_popt']:.3f}  "
              f"{above['smallest_first']:>2} {above['change_density']:>2}")  # fmt: skip
    ceiling = section["effort_ceiling"]
    print(f"  {'in sample, the best of ' + str(ceiling['draws']) + ' random weightings':<76} "
          f"popt {ceiling['median_popt']:.3f}")  # fmt: skip
    print("\nThe choice held out: each repository scored by the candidate the other nine chose")
    for metric, found in section["choice_held_out"].items():
        print(f"  {metric}: median {found['median']:.3f}")
        for repo, row in found["per_repository"].items():
            print(f"    {repo:<10} {row['value']:.3f}  {row['chosen']}")


# -- the shipped defaults -------------------------------------------------------------------


def defaults(results: Mapping[str, Validation]) -> dict[str, Any]:
    """The backtest as shipped, with intervals, per repository and median."""
    per_repo = {name: combined(result) for name, result in results.items()}
    return {
        "per_repository": per_repo,
        "origins": {name: [_origin(o) for o in r.origins] for name, r in results.items()},
        "intervals": {name: _intervals(r) for name, r in results.items()},
        "medians": medians(per_repo),
        "hotspot_beats_loc_on_auc": wins(per_repo, names.CODEVITALS, names.LOC, names.AUC),
        "effort_beats_smallest_first_on_popt": wins(
            per_repo, names.EFFORT, names.SMALLEST_FIRST, names.POPT
        ),
        "effort_beats_change_density_on_popt": wins(
            per_repo, names.EFFORT, names.CHANGE_DENSITY, names.POPT
        ),
    }


def _origin(origin: Any) -> dict[str, Any]:
    keep = ("label", "start", "commit", "files", "code_lines", "fixed_files", "fix_events",
            "fix_commits", "window_commits", "complete")  # fmt: skip
    return {key: getattr(origin, key) for key in keep}


def _intervals(result: Validation) -> dict[str, dict[str, list[float | None]]]:
    kept = (names.CODEVITALS, names.EFFORT, names.LOC, names.SMALLEST_FIRST,
            names.CHANGE_COUNT_X_LOC, names.CHANGE_DENSITY)  # fmt: skip
    return {
        r.name: {e.metric: [e.low, e.high] for e in r.estimates}
        for r in result.combined
        if r.name in kept
    }


def out_of_time(runner: Runner) -> dict[str, Any]:
    """The defaults on origins no fit looked at."""
    later = Setting("out of time", origins=("4y", "5y"))
    per_repo = runner.tables(later)
    return {**later.describe(), "per_repository": per_repo, "medians": medians(per_repo)}


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
    """Per repository and median: the shipped rankings against their baselines."""
    print(f"\n{title}")
    shown = ((names.CODEVITALS, names.AUC), (names.LOC, names.AUC),
             (names.CHANGE_COUNT_X_LOC, names.AUC), (names.CODEVITALS, names.FIX_RECALL),
             (names.EFFORT, names.POPT), (names.SMALLEST_FIRST, names.POPT),
             (names.CHANGE_DENSITY, names.POPT))  # fmt: skip
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
    parser.add_argument(
        "--quick",
        action="store_true",
        help="the model and the defaults without resampling or out-of-time",
    )
    parser.add_argument(
        "--print-model",
        action="store_true",
        help="print the model fitted on all ten as fixmodel.py's source",
    )
    parser.add_argument("--results", type=Path, default=RESULTS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run every experiment, print a summary and write the results file."""
    args = parse_args(argv)
    runner = Runner(find_repos(args.repo), args.jobs)
    machine = describe_machine()
    section, fitted, effort = model_section(runner.observations())
    print_model(section)
    if args.print_model:
        print("\n" + model_source(fitted) + "\n" + model_source(effort, "EFFORT"))
    base = Setting("defaults")
    results = runner.results(base, 0 if args.quick else args.bootstrap)
    found = defaults(results)
    print_table("Shipped: median of 3 origins per repository (in-sample)",
                found["per_repository"], found["medians"])  # fmt: skip
    doc: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine,
        "codevitals": codevitals_source(),
        "repositories": describe_repos(runner.repos, results),
        "quick": args.quick,
        "model": section,
        "defaults": {**base.describe(), **found},
    }
    if not args.quick:
        doc["out_of_time"] = out_of_time(runner)
    _finish(doc, args.results)
    return 0


def _finish(doc: dict[str, Any], results: Path) -> None:
    doc["machine"]["load_average_at_end"] = os.getloadavg()
    print()
    for row in doc["model"]["targets"]:
        print(f"{row['target']:<48} {row['value']:.3f} vs {row['against']:.3f}  "
              f"{'met' if row['met'] else 'NOT MET'}")  # fmt: skip
    results.mkdir(parents=True, exist_ok=True)
    out = results / "validation.json"
    out.write_text(json.dumps(_rounded(doc), indent=1) + "\n", encoding="utf-8")
    print(f"\nwritten: {out}")


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
