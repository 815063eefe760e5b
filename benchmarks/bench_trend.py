"""Benchmark `codevitals trend` on one git repository beside one cold scan of its HEAD.

    python benchmarks/bench_trend.py REPO [--repeat N]

Everything runs on a private clone of REPO (REPO itself is never touched). The issue's
target: 12 monthly snapshots in at most 3 times the wall time of one cold scan of HEAD
(code health alone: `--no-deps --no-history --preset none`). In interleaved rounds, so that
background load hits all alike, each with an empty cache folder:

* scan of HEAD, cold (the reference);
* scan of HEAD, cold, as typed offline (`--no-deps`: with history and the default findings),
  a second reference, reported beside the first;
* trend, cold: `codevitals trend --since 12m --every 1m --no-deps`, as a user types it (a
  clone whose last commit is months old has fewer distinct snapshots: the results say how
  many);
* trend, cold, 12 months up to HEAD's commit date (`--until`): 13 distinct snapshots, the
  twelve monthly steps of a repository still being worked on. This is the requirement.

Then, with the cache each scenario leaves: the same trend again (warm: every code measure
and the mined history come from the cache), and a trend right after a scan of HEAD (the
usual order: HEAD's blobs are cached, the other snapshots' are not). A last cold trend is
sampled for the summed memory of its process tree (Python, workers, git).

The results also say why a trend costs what it does: how many distinct Python blobs the
snapshots hold, and their bytes, against HEAD's (every blob not cached is analysed once).

A table goes to standard output and the figures to benchmarks/results/trend-<repo>-<date>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench_scan import (
    MB,
    RESULTS,
    Measurement,
    codevitals_executable,
    codevitals_source,
    describe_machine,
    git,
    load_row,
    log,
    private_clone,
    run_once,
    sample_tree,
    summary_rows,
    write_results,
)

TARGET_RATIO = 3.0
"""The issue's limit: 12 monthly snapshots within 3 cold scans of HEAD."""
TIMEOUT_S = 3600.0
REQUIREMENT = "trend, cold, 12 months to HEAD"
REFERENCE = "scan of HEAD, cold"
DEFAULT_SCAN = "scan of HEAD, cold, as typed (--no-deps)"
"""A second reference: the scan a user runs offline (with history and the default findings)."""


def scan_argv(cache: Path, *, health_only: bool = True) -> list[str]:
    """One scan of HEAD: code health alone, or as typed without the network."""
    only = ["--no-history", "--preset", "none"] if health_only else []
    options = ["--no-deps", *only, "--no-store"]
    return [*codevitals_executable(), "scan", *options, "--format", "json", "--quiet",
            "--cache-dir", str(cache), "."]  # fmt: skip


def trend_argv(cache: Path, until: str | None) -> list[str]:
    """`codevitals trend --since 12m --every 1m --no-deps`, up to `until` if given."""
    bound = ["--until", until] if until else []
    return [*codevitals_executable(), "trend", "--since", "12m", "--every", "1m", "--no-deps",
            *bound, "--format", "json", "--quiet", "--cache-dir", str(cache), "."]  # fmt: skip


def shown(argv: Sequence[str], cache: Path, label: str) -> list[str]:
    """A command line as recorded: the temporary cache folder replaced by a label."""
    return [label if item == str(cache) else item for item in argv]


class TrendBench:
    """The clone and the measurements so far."""

    def __init__(self, clone: Path, work: Path, repeat: int) -> None:
        self.clone = clone
        self.work = work
        self.repeat = repeat
        self.until = git(clone, "log", "-1", "--format=%cI", "HEAD").strip()
        self.measurements: list[Measurement] = []
        self.caches = 0

    def fresh(self) -> Path:
        """A new, empty cache folder."""
        self.caches += 1
        return self.work / f"cache-{self.caches}"

    def time(self, scenario: str, argv: list[str], cache: Path, label: str) -> None:
        """Run a command once more under `scenario`, recording it."""
        found = [m for m in self.measurements if m.scenario == scenario]
        item = found[0] if found else Measurement(scenario, "codevitals", shown(argv, cache, label))
        if not found:
            self.measurements.append(item)
        item.record(run_once(argv, self.clone, TIMEOUT_S), lambda code: code == 0)

    def median(self, scenario: str) -> float | None:
        """The median wall time of a scenario, if measured."""
        found = [m for m in self.measurements if m.scenario == scenario]
        return found[0].median_s if found else None


def measure(bench: TrendBench) -> Path:
    """Every scenario, cold ones interleaved; returns the cache of the last 12-month trend."""
    last = bench.work
    for _ in range(bench.repeat):
        cache = bench.fresh()
        bench.time(REFERENCE, scan_argv(cache), cache, "<fresh>")
        cache = bench.fresh()
        bench.time(DEFAULT_SCAN, scan_argv(cache, health_only=False), cache, "<fresh>")
        cache = bench.fresh()
        bench.time("trend, cold", trend_argv(cache, None), cache, "<fresh>")
        last = bench.fresh()
        bench.time(REQUIREMENT, trend_argv(last, bench.until), last, "<fresh>")
    for _ in range(bench.repeat):
        bench.time("trend, warm, 12 months to HEAD", trend_argv(last, bench.until), last, "<warm>")
        cache = bench.fresh()
        run_once(scan_argv(cache), bench.clone, TIMEOUT_S)  # not timed: as a user scanned first
        label = "<cache of one scan of HEAD>"
        bench.time("trend after a scan, 12 months to HEAD", trend_argv(cache, bench.until),
                   cache, label)  # fmt: skip
    return last


def snapshots(clone: Path, cache: Path, until: str) -> dict[str, Any]:
    """What the trend measured, from its JSON, and the blobs its snapshots hold."""
    out = run_json(clone, trend_argv(cache, until))
    commits = [p["commit"] for p in out["points"]]
    return {"snapshots": len(commits), **blobs(clone, commits)}


def run_json(clone: Path, argv: list[str]) -> dict[str, Any]:
    """A codevitals command's JSON output."""
    done = subprocess.run(argv, cwd=clone, capture_output=True, text=True, check=True)
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def blobs(clone: Path, commits: Sequence[str]) -> dict[str, Any]:
    """Distinct Python blobs (count, MB) across the commits' trees, and HEAD's alone."""
    sizes: dict[str, int] = {}
    head: dict[str, int] = {}
    for index, commit in enumerate(commits):
        for line in git(clone, "ls-tree", "-r", "-l", commit).splitlines():
            meta, _, path = line.partition("\t")
            _mode, kind, blob, size = meta.split()
            if kind == "blob" and path.endswith(".py"):
                sizes[blob] = int(size)
                if index == len(commits) - 1:
                    head[blob] = int(size)
    return {
        "python_blobs": len(sizes),
        "python_mb": round(sum(sizes.values()) / MB / MB, 1),
        "head_python_blobs": len(head),
        "head_python_mb": round(sum(head.values()) / MB / MB, 1),
    }


def results_document(
    bench: TrendBench, source: Path, machine: dict[str, Any], facts: dict[str, Any]
) -> dict[str, Any]:
    """The figures, with what they depend on."""
    reference, measured = bench.median(REFERENCE), bench.median(REQUIREMENT)
    ratio = measured / reference if measured and reference else None
    typed = bench.median(DEFAULT_SCAN)
    return {
        "schema_version": 1,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "repeat": bench.repeat,
        "machine": {**machine, "load_average_at_end": os.getloadavg()},
        "codevitals": {"command": codevitals_executable(), **codevitals_source()},
        "repository": {
            "name": source.name,
            "source": str(source),
            "commit": git(bench.clone, "rev-parse", "HEAD").strip(),
            "until": bench.until,
            **facts,
        },
        "requirement": {
            "scenario": REQUIREMENT,
            "reference": REFERENCE,
            "limit_ratio": TARGET_RATIO,
            "ratio": ratio,
            "ratio_to_default_scan": measured / typed if measured and typed else None,
        },
        "measurements": [m.summary() for m in bench.measurements],
    }


def memory(bench: TrendBench) -> dict[str, Any]:
    """One more cold 12-month trend, its process tree sampled."""
    found = sample_tree(trend_argv(bench.fresh(), bench.until), bench.clone, TIMEOUT_S)
    return {
        "wall_s": found.wall_s,
        "tree_rss_mb": found.sum_rss_kb / MB,
        "tree_pss_mb": found.sum_pss_kb / MB,
        "largest_process_rss_mb": found.max_single_rss_kb / MB,
        "processes": found.max_processes,
    }


def table(document: dict[str, Any]) -> str:
    """The measurements as a plain-text table, and the requirement's verdict."""
    rows = summary_rows(document)
    repo = document["repository"]
    rows.append(
        f"\n{repo['snapshots']} snapshots hold {repo['python_blobs']:,} distinct Python blobs, "
        f"{repo['python_mb']} MB; HEAD alone {repo['head_python_blobs']:,}, "
        f"{repo['head_python_mb']} MB"
    )
    need = document["requirement"]
    ratio = need["ratio"]
    verdict = "met" if ratio is not None and ratio <= need["limit_ratio"] else "NOT met"
    rows.append(f"{REQUIREMENT} ÷ {REFERENCE}: {ratio:.2f} (limit {need['limit_ratio']:g}): "
                f"{verdict}")  # fmt: skip
    if need.get("ratio_to_default_scan") is not None:
        rows.append(f"{REQUIREMENT} ÷ {DEFAULT_SCAN}: {need['ratio_to_default_scan']:.2f}")
    rows.append(load_row(document))
    return "\n".join(rows)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path, help="git repository to clone")
    parser.add_argument("--repeat", type=int, default=3, help="runs per scenario (default 3)")
    parser.add_argument("--no-save", action="store_true", help="do not write results JSON")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Clone, time scan and trends, report."""
    args = parse_args(argv)
    source = args.repo.resolve()
    machine = describe_machine()
    with tempfile.TemporaryDirectory(prefix="bench-trend-") as folder:
        work = Path(folder)
        bench = TrendBench(private_clone(source, work), work, args.repeat)
        log(f"{source.name}: 12 months of monthly snapshots, {args.repeat} runs per scenario")
        warm = measure(bench)
        facts = {**snapshots(bench.clone, warm, bench.until), "memory": memory(bench)}
        document = results_document(bench, source, machine, facts)
    print(table(document))
    if not args.no_save:
        target = write_results(document, RESULTS, f"trend-{source.name}")
        log(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
