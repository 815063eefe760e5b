"""Benchmark `codevitals gate` on one git repository with one file changed.

    python benchmarks/bench_gate.py REPO [--repeat N] [--target PATH]

Everything runs on a private clone of REPO (REPO itself is never touched). The target file
(default: the largest tracked production `*.py` file, the costliest to analyse again) gets
a new function appended, so the working tree differs from HEAD in exactly one file, and
the gate runs as a pull request's CI would: `codevitals gate --base HEAD`.

Scenarios, each the median of N runs (with the minimum and the peak RSS):

* cold: an empty cache folder: both sides are analysed from scratch (the base from git
  objects, through one `git cat-file --batch`), ruff and the secrets detector run on the
  changed file of each side.
* warm, new change: the cache filled by earlier runs (as after a gate run on `main`), and
  a new function appended before each run, so the changed file's content is one the cache
  has never seen. This is the requirement: at most 2 s on sqlalchemy.
* warm, same change: nothing new since the last run.

Beside them, for scale, in the same rounds: `codevitals scan` with the warm cache, and
`ruff check` of only the changed file with the security rules (what a per-file lint hook
costs; it knows nothing of the base, health or biomarkers).

A table goes to standard output and the figures to benchmarks/results/gate-<repo>-<date>.json.
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

from bench_scan import (
    RESULTS,
    Measurement,
    append_function,
    codevitals_executable,
    codevitals_source,
    describe_machine,
    find_executable,
    git,
    load_row,
    log,
    private_clone,
    run_once,
    summary_rows,
    tool_version,
    tracked_python,
    write_results,
)

REQUIREMENT_S = 2.0
"""The issue's limit for a warm gate with one changed file, on sqlalchemy."""
TIMEOUT_S = 900.0


def gate_argv(cache: Path) -> list[str]:
    """`codevitals gate --base HEAD`, its report thrown away, with this cache folder."""
    # The report goes to standard output, which run_once sends to /dev/null.
    return [*codevitals_executable(), "gate", "--base", "HEAD", "--format", "json",
            "--quiet", "--cache-dir", str(cache)]  # fmt: skip


def scan_argv(cache: Path) -> list[str]:
    """`codevitals scan` of the same clone with the same cache."""
    return [*codevitals_executable(), "scan", "--format", "json",
            "--quiet", "--cache-dir", str(cache), "."]  # fmt: skip


def shown(argv: Sequence[str], cache: Path, label: str) -> list[str]:
    """A command line as recorded: the temporary cache folder replaced by a label."""
    return [label if item == str(cache) else item for item in argv]


def gate_ok(code: int) -> bool:
    """0: passed, 1: new debt (the appended function may be debt): both ran to completion."""
    return code in (0, 1)


def default_target(clone: Path) -> str:
    """The largest tracked production Python file."""
    files = [f for f in tracked_python(clone) if not f.startswith(("test/", "tests/"))]
    return max(files, key=lambda name: (clone / name).stat().st_size)


class GateBench:
    """The clone, its changed file and the measurements so far."""

    def __init__(self, clone: Path, target: str, repeat: int) -> None:
        self.clone = clone
        self.target = target
        self.repeat = repeat
        self.changes = 0
        self.measurements: list[Measurement] = []

    def change(self) -> None:
        """Append a new function to the target: content no cache has seen."""
        self.changes += 1
        append_function(self.clone / self.target, self.changes)

    def time(self, scenario: str, tool: str, argv: list[str], display: list[str]) -> None:
        """Run a command once more under `scenario`, recording it."""
        found = [m for m in self.measurements if m.scenario == scenario]
        item = found[0] if found else Measurement(scenario, tool, display)
        if not found:
            self.measurements.append(item)
        item.record(run_once(argv, self.clone, TIMEOUT_S), gate_ok)

    def gate(self, scenario: str, cache: Path, label: str) -> None:
        """Time `codevitals gate` with this cache folder."""
        argv = gate_argv(cache)
        self.time(scenario, "codevitals gate", argv, shown(argv, cache, label))


def measure(bench: GateBench, ruff: str | None, work: Path) -> None:
    """Every scenario; the warm ones interleaved so that background load hits all alike."""
    bench.change()
    for round_ in range(bench.repeat):
        bench.gate("cold", work / f"cold-{round_}", "<fresh>")
    warm = work / "warm"
    run_once(gate_argv(warm), bench.clone, TIMEOUT_S)  # as after a gate run on main
    for _ in range(bench.repeat):
        bench.change()
        bench.gate("warm, new change", warm, "<warm>")
        bench.gate("warm, same change", warm, "<warm>")
        argv = scan_argv(warm)
        bench.time("scan, warm (reference)", "codevitals scan", argv, shown(argv, warm, "<warm>"))
        if ruff is not None:
            argv = [ruff, "check", "--isolated", "--no-cache", "--select", "S,C901",
                    "--exit-zero", bench.target]  # fmt: skip
            bench.time("ruff check of the changed file (reference)", "ruff", argv, argv)


def results_document(
    bench: GateBench, source: Path, ruff: str | None, machine: dict[str, Any]
) -> dict[str, Any]:
    """The figures, with what they depend on (`machine` as described before the runs)."""
    machine = {**machine, "load_average_at_end": os.getloadavg()}
    return {
        "schema_version": 1,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "repeat": bench.repeat,
        "machine": machine,
        "codevitals": {"command": codevitals_executable(), **codevitals_source()},
        "ruff": tool_version(ruff, "--version") if ruff else None,
        "repository": {
            "name": source.name,
            "source": str(source),
            "commit": git(bench.clone, "rev-parse", "HEAD").strip(),
            "files": len(tracked_python(bench.clone)),
            "changed_file": bench.target,
        },
        "requirement": {
            "scenario": "warm, new change",
            "limit_s": REQUIREMENT_S,
            "median_s": _median(bench, "warm, new change"),
        },
        "measurements": [m.summary() for m in bench.measurements],
    }


def _median(bench: GateBench, scenario: str) -> float | None:
    found = [m for m in bench.measurements if m.scenario == scenario]
    return found[0].median_s if found else None


def table(document: dict[str, Any]) -> str:
    """The measurements as a plain-text table, and the requirement's verdict."""
    rows = summary_rows(document)
    need = document["requirement"]
    met = need["median_s"] is not None and need["median_s"] <= need["limit_s"]
    rows.append(
        f"\nwarm gate, one new change: {need['median_s']:.3f} s "
        f"(limit {need['limit_s']:g} s): {'met' if met else 'NOT met'}"
    )
    rows.append(load_row(document))
    return "\n".join(rows)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path, help="git repository to clone and gate")
    parser.add_argument("--repeat", type=int, default=5, help="runs per scenario (default 5)")
    parser.add_argument("--target", help="file to change (default: the largest production one)")
    parser.add_argument("--no-save", action="store_true", help="do not write results JSON")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Clone, change one file, time the gate, report."""
    args = parse_args(argv)
    source = args.repo.resolve()
    ruff = find_executable("ruff", Path(sys.executable).parent)
    machine = describe_machine()
    with tempfile.TemporaryDirectory(prefix="bench-gate-") as folder:
        work = Path(folder)
        clone = private_clone(source, work)
        bench = GateBench(clone, args.target or default_target(clone), args.repeat)
        log(f"{source.name}: changing {bench.target}, {args.repeat} runs per scenario")
        measure(bench, ruff, work)
        document = results_document(bench, source, ruff, machine)
    print(table(document))
    if not args.no_save:
        target = write_results(document, RESULTS, f"gate-{source.name}")
        log(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
