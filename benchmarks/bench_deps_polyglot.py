"""Benchmark `codevitals deps` on other ecosystems' lockfiles, beside osv-scanner.

    python benchmarks/bench_deps_polyglot.py --npm DIR --pins DIR [--pins DIR …]
        --vuln-db DIR [--vuln-db DIR …] [--scanner PATH] [--repeat N]

Scenarios, each the whole command as a subprocess (interpreter start-up, imports, report):

* **npm lockfile, cold**: `codevitals deps DIR` on a folder with a `package.json` and its
  `package-lock.json` (e.g. 1,500+ packages made with `npm install --package-lock-only`),
  empty cache: every package's document fetched from the npm registry, vulnerabilities from
  the offline records (the OSV API is not reachable from the machine this was written on),
  their index built in the same run.
* **npm lockfile, warm**: again with the cache the cold run filled: no request is sent.
* **npm lockfile, warm, one zip**: the same, with the same records given as one zip (the form
  of OSV's per-ecosystem `all.zip` dumps), indexed by one run beforehand. A folder of
  8,000 records is checked for changes file by file on every run (a fifth of a warm audit's
  CPU time); a zip is one file.
* **pins offline**: every `--pins` folder (real lockfiles of several ecosystems, e.g. the
  folders `check_osv_scanner.py` reads) copied side by side into one folder and audited
  `--offline --vuln-db`, the records indexed by one run beforehand.
* **osv-scanner**: `osv-scanner scan --experimental-offline` on the same two folders with
  the same records, in its own database layout (as `check_osv_scanner.py` builds it).

Wall time and CPU time (user + system of every process the command ran, from
`getrusage(RUSAGE_CHILDREN)`) are both reported: this machine is shared, and wall time
includes waiting for a core. codevitals runs with bytecode written once to a temporary
`PYTHONPYCACHEPREFIX`, as an installed package has it (`PYTHONDONTWRITEBYTECODE` would make
every run compile its modules again); an untimed run fills it. Medians go to a table and
every run to benchmarks/results/deps-polyglot-<date>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import check_osv_scanner  # noqa: E402  (benchmarks/ is not a package)

ROOT = HERE.parent
RESULTS = HERE / "results"
TARGETS = {
    "npm lockfile, cold": 10.0,
    "npm lockfile, warm": 0.5,
    "npm lockfile, warm, one zip": 0.5,
    "pins offline": 1.0,
}


@dataclass
class Measurement:
    """Wall and CPU seconds of one scenario's runs."""

    scenario: str
    command: list[str]
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    exits: list[int] = field(default_factory=list)
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        """The figures as recorded."""
        return {
            "scenario": self.scenario,
            "command": self.command,
            "wall_s": self.walls,
            "cpu_s": self.cpus,
            "median_wall_s": _median(self.walls),
            "median_cpu_s": _median(self.cpus),
            "exit_codes": self.exits,
            "target_s": TARGETS.get(self.scenario),
            "note": self.note,
        }


def _median(values: Sequence[float]) -> float | None:
    return round(statistics.median(values), 3) if values else None


def timed(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds of the process and its children, exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def record(item: Measurement, env: dict[str, str]) -> None:
    """One run of the scenario, added to its figures."""
    wall, cpu, code = timed(item.command, env)
    item.walls.append(round(wall, 3))
    item.cpus.append(round(cpu, 3))
    item.exits.append(code)


def codevitals_env(pycache: Path) -> dict[str, str]:
    """Our sources, with bytecode kept in a folder of its own as an installed package has it."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPATH": str(ROOT / "src"), "PYTHONPYCACHEPREFIX": str(pycache)}


def deps(folder: Path, cache: Path, records: Path, *extra: str) -> list[str]:
    """The `codevitals deps` command line."""
    return [sys.executable, "-m", "codevitals", "deps", str(folder), "--vuln-db", str(records),
            "--cache-dir", str(cache), "--format", "json", "--output", os.devnull, "-q",
            *extra]  # fmt: skip


def scanner(path: Path, folder: Path) -> list[str]:
    """osv-scanner offline over a folder, every package listed, JSON out."""
    return [str(path), "scan", "--experimental-offline", "--skip-git", "--recursive",
            "--format", "json", "--output", os.devnull, str(folder)]  # fmt: skip


def zipped(folder: Path, target: Path) -> Path:
    """The records of `folder` as one zip, as OSV publishes each ecosystem's."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*.json")):
            archive.write(path, path.relative_to(folder).as_posix())
    return target


def gather_pins(folders: Sequence[Path], work: Path) -> Path:
    """Every folder's files side by side under one folder (ORIGIN.json files left out)."""
    target = work / "pins"
    for folder in folders:
        shutil.copytree(folder, target / folder.name, ignore=shutil.ignore_patterns("ORIGIN.json"))
    return target


def count_pins(folder: Path, cache: Path, records: Path, env: dict[str, str]) -> dict[str, int]:
    """Dependencies with a version in use, per ecosystem, as codevitals reports them."""
    command = deps(folder, cache, records, "--offline")
    command[command.index("--output") + 1] = "-"
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    counts: dict[str, int] = {}
    for item in json.loads(done.stdout)["dependencies"]:
        if item.get("version"):
            counts[item["ecosystem"]] = counts.get(item["ecosystem"], 0) + 1
    return counts


def measure(args: argparse.Namespace, work: Path) -> tuple[list[Measurement], dict[str, Any]]:
    """Every scenario, runs of the two tools interleaved."""
    check_osv_scanner.build_databases(args.vuln_db, work)
    records = work / "records"
    env = codevitals_env(work / "pycache")
    scan_env = {**os.environ, "OSV_SCANNER_LOCAL_DB_CACHE_DIRECTORY": str(work)}
    pins = gather_pins(args.pins, work)
    npm_cache, pins_cache = work / "npm-cache", work / "pins-cache"
    subprocess.run(deps(pins, pins_cache, records, "--offline"), env=env, check=False)  # index
    counts = count_pins(pins, pins_cache, records, env)
    cold = Measurement("npm lockfile, cold", deps(args.npm, npm_cache, records))
    warm = Measurement("npm lockfile, warm", deps(args.npm, npm_cache, records))
    archive = zipped(records, work / "records.zip")
    warm_zip = Measurement("npm lockfile, warm, one zip", deps(args.npm, npm_cache, archive))
    offline = Measurement("pins offline", deps(pins, pins_cache, records, "--offline"))
    their_npm = Measurement("osv-scanner, npm lockfile", scanner(args.scanner, args.npm))
    their_pins = Measurement("osv-scanner, pins", scanner(args.scanner, pins))
    for _ in range(args.repeat):
        shutil.rmtree(npm_cache, ignore_errors=True)
        record(cold, env)
        record(warm, env)
        # The zip's index, made untimed (the cold run made the folder's; the cache is new).
        subprocess.run(warm_zip.command, env=env, capture_output=True, check=False)
        record(warm_zip, env)
        record(offline, env)
        record(their_npm, scan_env)
        record(their_pins, scan_env)
    cold.note = "empty cache: npm registry fetched, offline records indexed in the same run"
    warm.note = "the cache the cold run filled; the run right after it"
    warm_zip.note = "the same cache; the records as one zip, indexed before the first run"
    offline.note = f"{sum(counts.values())} pins: {counts}"
    return [cold, warm, warm_zip, offline, their_npm, their_pins], counts


def table(items: Sequence[Measurement]) -> str:
    """Median wall and CPU seconds of each scenario beside its target."""
    lines = ["| scenario | median wall | median CPU | target | runs |", "|---|---|---|---|---|"]
    for item in items:
        target = TARGETS.get(item.scenario)
        lines.append(
            f"| {item.scenario} | {_median(item.walls)} s | {_median(item.cpus)} s | "
            f"{f'≤ {target} s' if target else '–'} | {len(item.walls)} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--npm", type=Path, required=True)
    parser.add_argument("--pins", type=Path, action="append", required=True)
    parser.add_argument("--vuln-db", type=Path, action="append", required=True)
    parser.add_argument("--scanner", type=Path, default=check_osv_scanner.SCANNER)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if not args.scanner.exists():
        sys.exit(f"{args.scanner}: not found; run benchmarks/oracles/install.sh osv-scanner")
    with tempfile.TemporaryDirectory(prefix="codevitals-bench-deps-") as folder:
        items, counts = measure(args, Path(folder))
    print(table(items))
    document = {
        "date": dt.date.today().isoformat(),
        "npm_lockfile": str(args.npm),
        "pins": [str(p) for p in args.pins],
        "pins_by_ecosystem": counts,
        "vuln_db": [str(p) for p in args.vuln_db],
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "scenarios": [item.as_json() for item in items],
    }
    args.results.mkdir(parents=True, exist_ok=True)
    out = args.results / f"deps-polyglot-{document['date']}.json"
    out.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
