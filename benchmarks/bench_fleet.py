"""Benchmark `codevitals fleet` scaling: 1 vs 2 workers, local processes vs a Dask LocalCluster.

    python benchmarks/bench_fleet.py REPO [REPO ...] [--repeat N] [--work DIR]

Each REPO (a work tree or a bare repository) is cloned bare into the work folder first
(`git clone --bare`, hard links where possible), so the repositories themselves are never
touched, and the list of clones is the fleet. The scenarios, interleaved round by round so
that background load hits them alike, each a fresh `codevitals fleet` process with a fresh,
empty cache folder (a cold run: every file analysed, every history mined):

* local 1: `--jobs 1`, one worker process;
* local 2: `--jobs 2`;
* dask 1: `--scheduler local --workers 1`, a LocalCluster of one single-threaded worker;
* dask 2: `--scheduler local --workers 2`.

Every run is `--offline --no-deps --fresh --quiet`, JSON to /dev/null: the benchmark
measures scanning and history, not the network. Each reports the median wall time and the
largest single-process peak RSS; speed-ups are 1-worker time ÷ 2-worker time, and Dask's
overhead is its time ÷ local processes' time. The machine's load average is recorded before
and after. A table goes to standard output and the figures to
benchmarks/results/fleet-<date>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench_scan import MB, Run, codevitals_executable, describe_machine, git, log, run_once

RESULTS = Path(__file__).resolve().parent / "results"
SCENARIOS = {
    "local 1": ["--jobs", "1"],
    "local 2": ["--jobs", "2"],
    "dask 1": ["--scheduler", "local", "--workers", "1"],
    "dask 2": ["--scheduler", "local", "--workers", "2"],
}


@dataclass
class Scenario:
    """Every run of one way of running the fleet."""

    name: str
    options: list[str]
    runs: list[Run] = field(default_factory=list)

    @property
    def median_s(self) -> float:
        """Median wall time."""
        return statistics.median(r.wall_s for r in self.runs)

    @property
    def peak_rss_mb(self) -> float:
        """Largest single-process peak RSS over the runs."""
        return max(r.max_rss_kb for r in self.runs) / MB


def clone_all(sources: Sequence[Path], work: Path) -> Path:
    """Bare clones of every source in `work/fleet`, listed in `work/fleet.txt`."""
    folder = work / "fleet"
    folder.mkdir()
    lines = []
    for source in sources:
        name = source.resolve().name
        name = source.resolve().parent.name.split("+")[-1] if name == "repo" else name
        target = folder / f"{name.removesuffix('.git')}.git"
        git(work, "clone", "--quiet", "--bare", str(source.resolve()), str(target))
        lines.append(str(target))
    listed = work / "fleet.txt"
    listed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return listed


def command(listed: Path, cache: Path, options: Sequence[str]) -> list[str]:
    """One cold fleet run."""
    return [*codevitals_executable(), "fleet", str(listed), *options, "--offline", "--no-deps",
            "--fresh", "--quiet", "--format", "json", "--output", os.devnull,
            "--cache-dir", str(cache)]  # fmt: skip


def measure(listed: Path, work: Path, repeat: int, timeout: float) -> list[Scenario]:
    """Interleaved rounds of every scenario, each run with a fresh cache."""
    scenarios = [Scenario(name, options) for name, options in SCENARIOS.items()]
    for round_ in range(1, repeat + 1):
        for scenario in scenarios:
            cache = Path(tempfile.mkdtemp(prefix="cache-", dir=work))
            done = run_once(command(listed, cache, scenario.options), work, timeout)
            if done.returncode != 0 or done.timed_out:
                raise SystemExit(f"bench: {scenario.name} failed: {done.stderr_tail[-800:]}")
            scenario.runs.append(done)
            log(f"round {round_}: {scenario.name} {done.wall_s:.1f} s, load {os.getloadavg()}")
    return scenarios


def size(listed: Path) -> dict[str, Any]:
    """How many repositories, commits and tracked Python files the fleet holds."""
    repositories = listed.read_text(encoding="utf-8").split()
    commits = files = 0
    for repository in repositories:
        commits += int(git(Path(repository), "rev-list", "--count", "HEAD"))
        tree = git(Path(repository), "ls-tree", "-r", "--name-only", "HEAD").splitlines()
        files += sum(1 for path in tree if path.endswith(".py"))
    return {"repositories": len(repositories), "commits": commits, "python_files": files}


def summary(scenarios: Sequence[Scenario]) -> dict[str, Any]:
    """Speed-ups from one to two workers, and Dask's time against local processes'."""
    by_name = {s.name: s.median_s for s in scenarios}
    return {
        "speedup_local": by_name["local 1"] / by_name["local 2"],
        "speedup_dask": by_name["dask 1"] / by_name["dask 2"],
        "dask_over_local_1": by_name["dask 1"] / by_name["local 1"],
        "dask_over_local_2": by_name["dask 2"] / by_name["local 2"],
    }


def table(scenarios: Sequence[Scenario], ratios: dict[str, Any]) -> list[str]:
    """The figures as a Markdown table."""
    rows = ["| scenario | median wall (s) | runs (s) | peak RSS (MB) |", "|---|---|---|---|"]
    for s in scenarios:
        runs = ", ".join(f"{r.wall_s:.1f}" for r in s.runs)
        rows.append(f"| {s.name} | {s.median_s:.1f} | {runs} | {s.peak_rss_mb:.0f} |")
    rows += ["", *(f"{key}: {value:.2f}" for key, value in ratios.items())]
    return rows


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repos", nargs="+", type=Path, help="work trees or bare repositories")
    parser.add_argument("--repeat", type=int, default=1, help="rounds (default 1)")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per run")
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary one)")
    return parser.parse_args(argv)


def _scenario(item: Scenario) -> dict[str, Any]:
    return {
        "name": item.name,
        "options": item.options,
        "median_s": item.median_s,
        "runs_s": [r.wall_s for r in item.runs],
        "peak_rss_mb": item.peak_rss_mb,
    }


def main(argv: Sequence[str] | None = None) -> None:
    """Clone, measure, print and save."""
    args = parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-fleet-"))
    work.mkdir(parents=True, exist_ok=True)
    listed = clone_all(args.repos, work)
    machine = describe_machine()
    scenarios = measure(listed, work, args.repeat, args.timeout)
    ratios = summary(scenarios)
    results = {
        "date": dt.date.today().isoformat(),
        "machine": {**machine, "load_average_at_end": os.getloadavg()},
        "fleet": size(listed),
        "command": command(Path("<fleet.txt>"), Path("<fresh>"), ["<scenario options>"]),
        "scenarios": [_scenario(s) for s in scenarios],
        "ratios": ratios,
    }
    print("\n".join(table(scenarios, ratios)))
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / f"fleet-{results['date']}.json"
    target.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    log(f"results in {target}")


if __name__ == "__main__":
    main()
