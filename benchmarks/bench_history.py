"""Benchmark history mining on one git repository, beside `git log` alone and PyDriller.

    python benchmarks/bench_history.py REPO [--repeat N] [--pydriller-commits N]

Everything runs on a private clone of REPO, so REPO itself is never touched. The scenarios:

* cold: codevitals' mining of the full history with an empty cache (`history.mine`: the one
  streaming `git log`, its parsing, renames followed, bots left out), in a fresh Python
  process, interleaved with `git log --numstat --no-merges` alone (output to /dev/null), the
  floor any git-based miner stands on;
* pydriller: PyDriller (installed in the peers' environment) iterating every non-merge
  commit's modified files with their paths and line counts, the same facts codevitals mines.
  PyDriller is slow, so by default it iterates the newest `--pydriller-commits` commits and
  its time is extrapolated to the whole history at its measured rate (the results say so);
* incremental: one new commit in the clone, then the mining again with the filled cache (it
  parses only that commit);
* command: `codevitals hotspots` (scan, history and every analysis, JSON to /dev/null) with
  filled caches after one new commit: what a user waits for, start-up included;
* memory: one more cold mining with its process tree (Python and git) sampled.

A table goes to standard output and the figures to benchmarks/results/history-<repo>-<date>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench_scan import (
    MB,
    SAMPLE_INTERVAL,
    Run,
    codevitals_executable,
    codevitals_source,
    describe_machine,
    git,
    log,
    private_clone,
    run_once,
    sample_tree,
    write_results,
)

RESULTS = Path(__file__).resolve().parent / "results"
PEERS_PYTHON = Path("/work/peers/bin/python")
PYDRILLER = """\
import sys
from pydriller import Repository

limit = int(sys.argv[2])
commits = files = 0
for commit in Repository(sys.argv[1], only_no_merge=True, order="reverse").traverse_commits():
    for modified in commit.modified_files:
        facts = (modified.new_path, modified.old_path, modified.added_lines, modified.deleted_lines)
        files += 1
    commits += 1
    if limit and commits >= limit:
        break
print(commits, files)
"""
IDENTITY = ("-c", "user.name=Bench", "-c", "user.email=bench@example.com")


@dataclass
class Timed:
    """Every run of one command."""

    name: str
    command: list[str]
    runs: list[Run] = field(default_factory=list)
    note: str = ""

    @property
    def median_s(self) -> float:
        """Median wall time."""
        return statistics.median(r.wall_s for r in self.runs)

    @property
    def peak_rss_mb(self) -> float:
        """Largest single-process peak RSS over the runs."""
        return max(r.max_rss_kb for r in self.runs) / MB

    def run(self, cwd: Path, timeout: float, argv: Sequence[str] | None = None) -> Run:
        """Time the command (or `argv`) once; a failed run stops the benchmark."""
        done = run_once(argv or self.command, cwd, timeout)
        if done.returncode != 0 or done.timed_out:
            raise SystemExit(f"bench: {self.name} failed: {done.stderr_tail.strip()[-800:]}")
        self.runs.append(done)
        return done


def mine_command(clone: Path, cache: Path) -> list[str]:
    """This script in mining mode, in a fresh interpreter."""
    return [sys.executable, str(Path(__file__).resolve()), "--mine", str(clone), str(cache)]


def mine_only(repo: Path, cache_dir: Path) -> None:
    """Mine REPO's history through CACHE (the benchmark's child process)."""
    from codevitals.cache import Cache  # noqa: PLC0415 - only the child needs codevitals
    from codevitals.history import HistoryOptions, mine  # noqa: PLC0415

    cache = Cache(cache_dir)
    tip = git(repo, "rev-parse", "HEAD").strip()
    mining = mine(repo, tip, HistoryOptions(), cache)
    cache.close()
    print(json.dumps({"commits": len(mining.followed.revisions), "parsed": mining.parsed}))


def new_commit(clone: Path, index: int) -> None:
    """Commit one small change, so that the next run has exactly one commit to mine."""
    target = clone / "README.bench"
    with target.open("a", encoding="utf-8") as handle:
        handle.write(f"change {index}\n")
    git(clone, "add", "README.bench")
    git(clone, *IDENTITY, "commit", "--quiet", "--no-verify", "-m", f"bench change {index}")


@dataclass
class Bench:
    """The clone, the work folder and the options shared by the scenarios."""

    clone: Path
    work: Path
    repeat: int
    timeout: float

    def fresh(self) -> Path:
        """A new, empty cache folder."""
        return Path(tempfile.mkdtemp(prefix="cache-", dir=self.work))


def cold(bench: Bench) -> tuple[Timed, Timed, Path]:
    """Interleaved rounds of cold mining and `git log` alone; the last cache used."""
    mining = Timed("codevitals mining, cold", mine_command(bench.clone, Path("<fresh>")))
    baseline = Timed(
        "git log --numstat --no-merges",
        ["sh", "-c", "git log --numstat --no-merges > /dev/null"],
    )
    cache = bench.fresh()
    for round_ in range(1, bench.repeat + 1):
        cache = bench.fresh()
        mined = mining.run(bench.clone, bench.timeout, mine_command(bench.clone, cache))
        alone = baseline.run(bench.clone, bench.timeout)
        log(f"cold round {round_}: mining {mined.wall_s:.2f} s, git log {alone.wall_s:.2f} s")
    return mining, baseline, cache


def pydriller(bench: Bench, commits: int, total: int) -> Timed:
    """PyDriller over the newest `commits` non-merge commits (0: all), once."""
    script = bench.work / "pydriller_bench.py"
    script.write_text(PYDRILLER, encoding="utf-8")
    item = Timed("pydriller", [str(PEERS_PYTHON), str(script), str(bench.clone), str(commits)])
    if not PEERS_PYTHON.exists():
        item.note = "not installed"
        return item
    item.run(bench.clone, bench.timeout)
    if commits and commits < total:
        item.note = f"{commits} of {total} commits, extrapolated linearly"
    return item


def incremental(bench: Bench, cache: Path) -> Timed:
    """One new commit before each mining with the filled cache."""
    item = Timed("codevitals mining, 1 new commit", mine_command(bench.clone, cache))
    for index in range(bench.repeat):
        new_commit(bench.clone, index)
        item.run(bench.clone, bench.timeout)
    return item


def command(bench: Bench) -> Timed:
    """`codevitals hotspots` with filled caches after one new commit (the first run fills)."""
    cache = bench.fresh()
    argv = [*codevitals_executable(), "hotspots", "--format", "json", "--output", os.devnull,
            "--cache-dir", str(cache), "--quiet", "."]  # fmt: skip
    run_once(argv, bench.clone, bench.timeout)  # fills the caches: scan and history
    item = Timed("codevitals hotspots, 1 new commit", argv)
    for index in range(bench.repeat):
        new_commit(bench.clone, 1000 + index)
        item.run(bench.clone, bench.timeout)
    return item


def memory(bench: Bench) -> dict[str, Any]:
    """One more cold mining, its process tree sampled."""
    tree = sample_tree(mine_command(bench.clone, bench.fresh()), bench.clone, bench.timeout)
    return {
        "peak_tree_rss_sum_mb": tree.sum_rss_kb / MB,
        "peak_tree_pss_sum_mb": tree.sum_pss_kb / MB,
        "peak_single_process_rss_mb": tree.max_single_rss_kb / MB,
        "max_processes": tree.max_processes,
        "sample_interval_s": SAMPLE_INTERVAL,
        "wall_s": tree.wall_s,
    }


def requirements(found: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's targets with their values and verdicts."""
    mining, baseline, driller = found["cold"], found["git log"], found["pydriller"]
    rows: list[tuple[str, float | None, str, Callable[[float], bool]]] = [
        ("cold mining ÷ git log alone", mining.median_s / baseline.median_s, "≤ 1.2×",
         lambda v: v <= 1.2),
        ("PyDriller ÷ cold mining", found["pydriller_s"] / mining.median_s
         if found["pydriller_s"] else None, "≥ 10×", lambda v: v >= 10),
        ("incremental mining, one new commit", found["incremental"].median_s, "≤ 1 s",
         lambda v: v <= 1.0),
        ("cold mining peak memory, tree's summed RSS", found["memory"]["peak_tree_rss_sum_mb"],
         "≤ 500 MB", lambda v: v <= 500),
    ]  # fmt: skip
    del driller
    return [
        {"requirement": name, "value": value, "target": target,
         "passed": None if value is None else check(value)}
        for name, value, target, check in rows
    ]  # fmt: skip


def timed_json(item: Timed) -> dict[str, Any]:
    """One command's runs as recorded."""
    return {
        "name": item.name,
        "command": item.command,
        "note": item.note,
        "median_s": item.median_s if item.runs else None,
        "peak_rss_mb": item.peak_rss_mb if item.runs else None,
        "runs_s": [r.wall_s for r in item.runs],
    }


def measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Every scenario on a private clone."""
    clone = private_clone(args.repo.resolve(), work)
    bench = Bench(clone, work, args.repeat, args.timeout)
    total = int(git(clone, "rev-list", "--count", "--no-merges", "HEAD"))
    log(f"{clone.name}: {total} non-merge commits; repeat {args.repeat}")
    mining, baseline, cache = cold(bench)
    driller = pydriller(bench, args.pydriller_commits, total)
    counted = min(args.pydriller_commits or total, total)
    driller_s = driller.median_s * total / counted if driller.runs else None
    log(f"pydriller: {driller.median_s if driller.runs else 0:.1f} s for {counted} commits")
    head = git(clone, "rev-parse", "HEAD").strip()
    found: dict[str, Any] = {
        "repository": {"name": clone.name, "commit": head, "non_merge_commits": total},
        "cold": mining, "git log": baseline, "pydriller": driller, "pydriller_s": driller_s,
        "incremental": incremental(bench, cache),
        "command": command(bench),
        "memory": memory(bench),
    }  # fmt: skip
    return found


def document(
    args: argparse.Namespace, found: dict[str, Any], machine: dict[str, Any]
) -> dict[str, Any]:
    """The results file's content."""
    machine["load_average_at_end"] = os.getloadavg()
    timed = [found[k] for k in ("cold", "git log", "pydriller", "incremental", "command")]
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "repeat": args.repeat,
        "machine": machine,
        "codevitals": codevitals_source(),
        "repository": found["repository"],
        "measurements": [timed_json(t) for t in timed],
        "pydriller_extrapolated_s": found["pydriller_s"],
        "memory": found["memory"],
        "requirements": requirements(found),
    }


def report(doc: dict[str, Any]) -> None:
    """Print the figures and the verdicts."""
    repo, machine = doc["repository"], doc["machine"]
    load = f"{machine['load_average_at_start'][0]:.2f} → {machine['load_average_at_end'][0]:.2f}"
    runs = f"medians of {doc['repeat']} runs"
    print(f"{repo['name']} @ {repo['commit'][:12]}: {repo['non_merge_commits']} non-merge "
          f"commits; {machine['cpus']} CPUs; load {load}; {runs}\n")  # fmt: skip
    for item in doc["measurements"]:
        median = "—" if item["median_s"] is None else f"{item['median_s']:8.2f} s"
        rss = "—" if item["peak_rss_mb"] is None else f"{item['peak_rss_mb']:7.1f} MB"
        note = f"  ({item['note']})" if item["note"] else ""
        print(f"{item['name']:<36} {median:>10} {rss:>10}{note}")
    if doc["pydriller_extrapolated_s"]:
        print(f"{'pydriller, whole history':<36} {doc['pydriller_extrapolated_s']:8.1f} s")
    mem = doc["memory"]
    print(f"\ncold mining memory, tree sampled: summed RSS {mem['peak_tree_rss_sum_mb']:.1f} MB, "
          f"largest process {mem['peak_single_process_rss_mb']:.1f} MB\n")  # fmt: skip
    for row in doc["requirements"]:
        verdict = {None: "not measured", True: "pass", False: "FAIL"}[row["passed"]]
        value = "—" if row["value"] is None else f"{row['value']:.3f}"
        print(f"{row['requirement']:<44} {value:>10} {row['target']:>9}  {verdict}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("repo", type=Path, nargs="?")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pydriller-commits", type=int, default=1000,
                        help="newest commits PyDriller iterates (0: all of them)")  # fmt: skip
    parser.add_argument("--timeout", type=float, default=7200.0)
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--mine", nargs=2, metavar=("REPO", "CACHE"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Benchmark, print the figures and write the results file."""
    args = parse_args(argv)
    if args.mine:
        mine_only(Path(args.mine[0]), Path(args.mine[1]))
        return 0
    if args.repo is None or not (args.repo / ".git").exists():
        raise SystemExit("bench: give a git repository")
    machine = describe_machine()
    with tempfile.TemporaryDirectory(prefix="codevitals-bench-history-") as work:
        found = measure(args, Path(work))
    doc = document(args, found, machine)
    out = write_results(doc, args.results, f"history-{doc['repository']['name']}")
    report(doc)
    print(f"\nwritten: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
