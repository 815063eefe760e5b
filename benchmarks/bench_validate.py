"""Benchmark `codevitals validate` on one repository: cold, then with a warm cache.

    python benchmarks/bench_validate.py REPO [--repeat N]

The backtest only reads the repository (git objects; nothing is checked out or written), so
it runs on REPO itself. The scenarios, each the whole command in a fresh process (start-up
included), JSON to /dev/null, default options (origins 1y, 2y, 3y; 1000 resamples):

* cold: an empty cache folder each time: history mined, every blob of the three trees
  analysed, then the backtest;
* warm: the cache of the last cold run: what a second `codevitals validate` costs;
* memory: one more cold run with its process tree (Python, git, analysis workers) sampled.

No peer tool backtests a ranking against a repository's own bug fixes, so there is nothing
to run beside it; the target is absolute: warm ≤ 60 s on celery (about 13 k commits).
A table goes to standard output and the figures to
benchmarks/results/validate-<repo>-<date>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench_history import Timed, timed_json
from bench_scan import (
    MB,
    SAMPLE_INTERVAL,
    codevitals_executable,
    codevitals_source,
    describe_machine,
    git,
    log,
    sample_tree,
    write_results,
)

RESULTS = Path(__file__).resolve().parent / "results"
WARM_TARGET_S = 60.0


def command(cache: Path) -> list[str]:
    """The backtest with its defaults, its report thrown away."""
    return [*codevitals_executable(), "validate", "--format", "json", "--output", os.devnull,
            "--cache-dir", str(cache), "--quiet", "."]  # fmt: skip


def measure(repo: Path, repeat: int, timeout: float, work: Path) -> dict[str, Any]:
    """Cold runs (a fresh cache each), warm runs on the last cache, and the cold memory."""
    cold = Timed("codevitals validate, cold", command(Path("<fresh>")))
    cache = work
    for round_ in range(1, repeat + 1):
        cache = Path(tempfile.mkdtemp(prefix="cache-", dir=work))
        done = cold.run(repo, timeout, command(cache))
        log(f"cold round {round_}: {done.wall_s:.1f} s")
    warm = Timed("codevitals validate, warm", command(cache))
    for round_ in range(1, repeat + 1):
        done = warm.run(repo, timeout)
        log(f"warm round {round_}: {done.wall_s:.2f} s")
    fresh = Path(tempfile.mkdtemp(prefix="cache-", dir=work))
    tree = sample_tree(command(fresh), repo, timeout)
    return {"cold": cold, "warm": warm, "memory": {
        "peak_tree_rss_sum_mb": tree.sum_rss_kb / MB,
        "peak_tree_pss_sum_mb": tree.sum_pss_kb / MB,
        "peak_single_process_rss_mb": tree.max_single_rss_kb / MB,
        "max_processes": tree.max_processes,
        "sample_interval_s": SAMPLE_INTERVAL,
        "wall_s": tree.wall_s,
    }}  # fmt: skip


def document(repo: Path, repeat: int, found: dict[str, Any], machine: dict[str, Any]) -> Any:
    """The results file's content."""
    machine["load_average_at_end"] = os.getloadavg()
    warm = found["warm"].median_s
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "repeat": repeat,
        "machine": machine,
        "codevitals": codevitals_source(),
        "repository": {
            "name": repo.name,
            "commit": git(repo, "rev-parse", "HEAD").strip(),
            "commits": int(git(repo, "rev-list", "--count", "HEAD")),
        },
        "measurements": [timed_json(found["cold"]), timed_json(found["warm"])],
        "memory": found["memory"],
        "requirements": [
            {
                "requirement": "warm validate",
                "value": warm,
                "target": f"≤ {WARM_TARGET_S:g} s",
                "passed": warm <= WARM_TARGET_S,
            }
        ],
    }


def report(doc: dict[str, Any]) -> None:
    """Print the figures and the verdict."""
    repo, machine = doc["repository"], doc["machine"]
    load = f"{machine['load_average_at_start'][0]:.2f} → {machine['load_average_at_end'][0]:.2f}"
    print(f"{repo['name']} @ {repo['commit'][:12]}: {repo['commits']} commits; "
          f"{machine['cpus']} CPUs; load {load}; medians of {doc['repeat']} runs\n")  # fmt: skip
    for item in doc["measurements"]:
        print(f"{item['name']:<30} {item['median_s']:8.2f} s {item['peak_rss_mb']:8.1f} MB "
              f"(runs: {', '.join(f'{r:.2f}' for r in item['runs_s'])})")  # fmt: skip
    mem = doc["memory"]
    print(f"\ncold run, process tree sampled: summed RSS {mem['peak_tree_rss_sum_mb']:.1f} MB, "
          f"largest process {mem['peak_single_process_rss_mb']:.1f} MB\n")  # fmt: skip
    for row in doc["requirements"]:
        verdict = "pass" if row["passed"] else "FAIL"
        print(f"{row['requirement']:<30} {row['value']:8.2f} s {row['target']:>8}  {verdict}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=3600.0)
    parser.add_argument("--results", type=Path, default=RESULTS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Benchmark, print the figures and write the results file."""
    args = parse_args(argv)
    if not (args.repo / ".git").exists():
        raise SystemExit("bench: give a git repository")
    machine = describe_machine()
    with tempfile.TemporaryDirectory(prefix="codevitals-bench-validate-") as work:
        found = measure(args.repo.resolve(), args.repeat, args.timeout, Path(work))
    doc = document(args.repo.resolve(), args.repeat, found, machine)
    out = write_results(doc, args.results, f"validate-{doc['repository']['name']}")
    report(doc)
    print(f"\nwritten: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
