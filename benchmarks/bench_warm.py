"""Warm re-scans by two versions of codevitals, interleaved on the same repositories.

    PYTHONPATH=src python benchmarks/bench_warm.py REPO [REPO ...] [--before main] [--repeat 5]

`bench_polyglot.py` measures the issue's limit, the warm re-scan per 500 k lines, for this
checkout alone; on a shared machine its wall times move with other people's work, so two
runs made hours apart cannot tell a change from a busier machine. This script runs the
same `codevitals scan --no-history --no-deps --preset none` warm re-scan (every file of the
languages both read, a cache the after version filled, nothing changed) with the sources of
git revision `--before` and with this checkout's `src/`, one after the other, `--repeat`
times per repository: both meet the same load. It reports per repository, and in total,
the median wall and CPU time (user + system, from `wait4`) and seconds per 500 k lines.

A table goes to standard output, the figures to benchmarks/results/warm-<date>.json.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from bench_scan import count_lines, log, private_clone, run_once
from check_lizard import LIZARD_LANGUAGES
from codevitals.discover import ANALYSED
from oracle_match import (
    add_results_option,
    describe_machine,
    describe_repository,
    results_document,
    save,
    scan_command,
    tracked_files,
)

HERE = Path(__file__).resolve().parent.parent
LINES = 500_000
VERSIONS = ("before", "after")


def sources_of(revision: str, work: Path) -> Path:
    """The `src/` folder of a git revision of this checkout, extracted under `work`."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, "src"],
        cwd=HERE,
        capture_output=True,
        check=True,
    ).stdout
    target = work / "before"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target / "src"


@contextlib.contextmanager
def running(sources: Path) -> Iterator[None]:
    """Commands started within run the codevitals in `sources` (run_once passes os.environ)."""
    previous = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(sources)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = previous


def measure(
    clone: Path, command: list[str], trees: dict[str, Path], args: argparse.Namespace
) -> dict[str, dict[str, list[float]]]:
    """Every version's wall and CPU times on one repository, the versions interleaved."""
    with running(trees["after"]):
        run_once(command, clone, args.timeout)  # cold: fills the cache both read
    times: dict[str, dict[str, list[float]]] = {v: {"wall_s": [], "cpu_s": []} for v in trees}
    for _ in range(args.repeat):
        for version, sources in trees.items():
            with running(sources):
                run = run_once(command, clone, args.timeout)
            if run.timed_out or run.returncode not in (0, 1):
                raise SystemExit(f"bench_warm: {version} failed: {run.stderr_tail[-300:]}")
            times[version]["wall_s"].append(run.wall_s)
            times[version]["cpu_s"].append(run.cpu_s)
    return times


def summary(rows: dict[str, dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per version: the sums of the repositories' medians, and per 500 k of their lines."""
    lines = sum(row["lines"] for row in rows.values())
    totals: dict[str, dict[str, float]] = {}
    for version in VERSIONS:
        wall = sum(statistics.median(row[version]["wall_s"]) for row in rows.values())
        cpu = sum(statistics.median(row[version]["cpu_s"]) for row in rows.values())
        totals[version] = {
            "wall_s": wall,
            "cpu_s": cpu,
            "wall_s_per_500k_lines": wall * LINES / lines if lines else 0.0,
            "cpu_s_per_500k_lines": cpu * LINES / lines if lines else 0.0,
        }
    return totals


def report(rows: dict[str, dict[str, Any]], totals: dict[str, dict[str, float]]) -> None:
    """Print each repository's medians and the totals."""
    for name, row in rows.items():
        cells = "  ".join(
            f"{version} {statistics.median(row[version]['wall_s']):6.3f} s wall "
            f"{statistics.median(row[version]['cpu_s']):6.3f} s CPU"
            for version in VERSIONS
        )
        print(f"{name:14} {row['lines']:9,} lines  {cells}")
    for version, total in totals.items():
        print(
            f"{version:6} total: wall {total['wall_s']:.2f} s, CPU {total['cpu_s']:.2f} s; "
            f"per 500k lines: wall {total['wall_s_per_500k_lines']:.2f} s, "
            f"CPU {total['cpu_s_per_500k_lines']:.2f} s"
        )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repos", type=Path, nargs="+")
    parser.add_argument("--before", default="main", help="git revision of the other version")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=600.0)
    add_results_option(parser)
    parser.add_argument("--note", default="")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Benchmark, print the figures and write the results file."""
    args = parse_args(argv)
    languages = sorted(ANALYSED & set(LIZARD_LANGUAGES))
    machine = describe_machine()
    rows: dict[str, dict[str, Any]] = {}
    described = []
    with tempfile.TemporaryDirectory(prefix="codevitals-warm-") as folder:
        work = Path(folder)
        trees = {"before": sources_of(args.before, work), "after": HERE / "src"}
        for source in args.repos:
            clone = private_clone(source.resolve(), work)
            files = sorted(tracked_files(clone, languages))
            if not files:
                log(f"{source}: no tracked file of the languages; left out")
                continue
            cache = Path(tempfile.mkdtemp(prefix="cache-", dir=work))
            command = scan_command(cache, Path(os.devnull), languages)
            lines = count_lines(clone, files)
            rows[clone.name] = {"lines": lines, **measure(clone, command, trees, args)}
            described.append(describe_repository(source) | {"files": len(files), "lines": lines})
            log(f"{clone.name}: done")
    totals = summary(rows)
    body = {
        "note": args.note,
        "before": args.before,
        "repeat": args.repeat,
        "repositories": rows,
        "totals": totals,
    }
    report(rows, totals)
    document = results_document("none (timing)", described, machine, body)
    print(f"written: {save(document, 'warm', args.results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
