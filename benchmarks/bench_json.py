"""The scan's JSON document built by two versions of codevitals: in-process, and the command.

    PYTHONPATH=src python benchmarks/bench_json.py REPO [--before main] [--repeat 5]

Two measures, each for the sources of git revision `--before` and for this checkout's `src/`:

* in-process: a warm scan of REPO (code health only, no history, no dependencies) is run
  once through the command line with the JSON reporter held back; then its result is
  reported once to memory as the command would (the first report: writers made, if any),
  and the document is built (`report.json.scan.document`) and built and written to memory,
  best of `--repeat` each. Each version runs in a process of its own, with its own sources
  (compiled to bytecode first, both).
* the command: `codevitals scan --no-history --no-deps --format json -o /dev/null
  --cache-dir DIR -q .` warm, the versions interleaved `--repeat` times so that both meet
  the same load on a busy machine; median and best CPU time (user + system, from `wait4`).

A table goes to standard output, the figures to benchmarks/results/json-<date>.json.
"""

from __future__ import annotations

import argparse
import compileall
import gc
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench_scan import codevitals_executable, run_once
from bench_warm import sources_of
from codevitals.cli import main as codevitals
from codevitals.report.json import scan
from codevitals.report.json.lines import write_lines
from oracle_match import describe_machine, describe_repository, results_document, save

HERE = Path(__file__).resolve().parent.parent
VERSIONS = ("before", "after")


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The shortest of `repeat` timed runs, in seconds (a collection before each)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def in_process(repo: Path, cache: Path, repeat: int) -> dict[str, float]:
    """Build and write the document of a warm scan of `repo` with the codevitals imported."""
    results: list[Any] = []
    report = scan.JsonReporter.report
    scan.JsonReporter.report = lambda self, result, out: results.append(result)  # type: ignore[method-assign]
    command = ["scan", "--no-history", "--no-deps", "--format", "json", "-o", os.devnull]
    codevitals([*command, "--cache-dir", str(cache), "-q", str(repo)], standalone_mode=False)
    result = results[0]
    files = len(result.files)
    # The first report, as the command writes it: with the writers made for the first time.
    start = time.perf_counter()
    report(scan.JsonReporter(), result, io.StringIO())
    first = time.perf_counter() - start
    document = best_of(repeat, lambda: scan.document(result))
    write = best_of(repeat, lambda: write_lines(scan.document(result), io.StringIO()))
    return {
        "files": files,
        "first_report_s": first,
        "document_s": document,
        "document_and_write_s": write,
    }


def child(version: str, sources: Path, arguments: list[str]) -> dict[str, float]:
    """`in_process` in a process that imports the codevitals in `sources`."""
    environment = {**os.environ, "PYTHONPATH": str(sources)}
    argv = [sys.executable, __file__, "--child", *arguments]
    output = subprocess.run(argv, env=environment, capture_output=True, check=False)
    if output.returncode != 0:
        raise SystemExit(f"bench_json: {version} failed: {output.stderr.decode()[-600:]}")
    figures: dict[str, float] = json.loads(output.stdout)
    return figures


def command_runs(
    repo: Path, cache: Path, trees: dict[str, Path], repeat: int
) -> dict[str, dict[str, list[float]]]:
    """Every version's wall and CPU times of the warm JSON scan, the versions interleaved."""
    command = [*codevitals_executable(), "scan", "--no-history", "--no-deps", "--format", "json"]
    command += ["-o", os.devnull, "--cache-dir", str(cache), "-q", "."]
    times: dict[str, dict[str, list[float]]] = {v: {"wall_s": [], "cpu_s": []} for v in trees}
    for _ in range(repeat):
        for version, sources in trees.items():
            previous = os.environ.get("PYTHONPATH")
            os.environ["PYTHONPATH"] = str(sources)
            try:
                run = run_once(command, repo, 600.0)
            finally:
                os.environ["PYTHONPATH"] = previous or ""
            if run.timed_out or run.returncode not in (0, 1):
                raise SystemExit(f"bench_json: {version} failed: {run.stderr_tail[-300:]}")
            times[version]["wall_s"].append(run.wall_s)
            times[version]["cpu_s"].append(run.cpu_s)
    return times


def report(documents: dict[str, dict[str, float]], runs: dict[str, dict[str, list[float]]]) -> None:
    """Print the figures of both versions and the after ÷ before ratios."""
    for version in VERSIONS:
        built = documents[version]["document_s"]
        written = documents[version]["document_and_write_s"]
        cpu = runs[version]["cpu_s"]
        first = documents[version]["first_report_s"]
        print(
            f"{version:6} first report {first:.3f} s, "
            f"document {built:.3f} s, document and write {written:.3f} s; "
            f"command CPU median {statistics.median(cpu):.3f} s, best {min(cpu):.3f} s"
        )
    ratio = documents["after"]["document_s"] / documents["before"]["document_s"]
    median = statistics.median(runs["after"]["cpu_s"]) / statistics.median(runs["before"]["cpu_s"])
    print(f"after ÷ before: document {ratio:.2f}, command CPU (medians) {median:.3f}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--before", default="main", help="git revision of the other version")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cache", type=Path, help="cache folder (a new one by default)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--note", default="")
    parser.add_argument("--results", type=Path, default=HERE / "benchmarks" / "results")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Benchmark, print the figures and write the results file."""
    args = parse_args(argv)
    repo = args.repo.resolve()
    if args.child:
        print(json.dumps(in_process(repo, args.cache, args.repeat)))
        return 0
    machine = describe_machine()
    with tempfile.TemporaryDirectory(prefix="codevitals-json-") as folder:
        work = Path(folder)
        cache = args.cache or work / "cache"
        trees = {"before": sources_of(args.before, work), "after": HERE / "src"}
        for tree in trees.values():
            # Both versions load bytecode, as an installed package does: with
            # PYTHONDONTWRITEBYTECODE set, a tree without it is parsed again on every run.
            compileall.compile_dir(tree, quiet=1)
        # The first run fills the cache (when cold) for both versions: the scan is the same.
        arguments = [str(repo), "--cache", str(cache), "--repeat", str(args.repeat)]
        documents = {v: child(v, trees[v], arguments) for v in VERSIONS}
        runs = command_runs(repo, cache, trees, args.repeat)
    report(documents, runs)
    body = {"note": args.note, "before": args.before, "repeat": args.repeat}
    body |= {"documents": documents, "command": runs}
    document = results_document("none (timing)", describe_repository(repo), machine, body)
    print(f"written: {save(document, 'json', args.results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
