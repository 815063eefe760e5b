"""Benchmark `codevitals deps`: a 100-package lockfile cold and warm, and 300 pins offline.

    python benchmarks/bench_deps.py [--database DB] [--peers-bin DIR] [--repeat N]

Scenarios, each the whole command as a subprocess (start-up, imports, report included):

* **lockfile, cold**: `benchmarks/data/pylock.toml` (100 real packages pinned to their
  versions of 2024-11-01) with an empty cache: 100 projects fetched from PyPI's JSON API,
  vulnerabilities from the offline database DB, whose index is built in the same run.
* **lockfile, cold index warm**: the same with the database already indexed (made by one
  `--offline` run first), so only PyPI is cold. This is the run the 5 s target is about:
  the OSV API (the default vulnerability source) is not reachable from this machine.
* **lockfile, warm**: again with the cache the cold run filled; no request is sent.
* **300 pins offline**: a requirements file pinning 300 packages of DB (each to the first
  version its first advisory lists), `--offline --vuln-db DB`, index built beforehand.
* **peers**: `libyear -r requirements.txt` (the same 100 pins; it reads the same JSON API,
  one project after another, with no cache) and `pip-audit -r … --no-deps --disable-pip -s
  pypi` (PyPI's vulnerability data). The table's `cv ÷ it` is codevitals' cold run (index
  warm) over the peer's. A peer that cannot audit a package here says how many it skipped.

Runs are interleaved (codevitals cold, then each peer, N times). A table goes to standard
output and the figures to benchmarks/results/deps-<date>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
LOCKFILE = HERE / "data" / "pylock.toml"
RESULTS = HERE / "results"
DATABASE = HERE.parents[1] / "shared" / "data" / "pypa-advisory-database"
TARGETS = {"lockfile cold, index warm": 5.0, "lockfile warm": 0.5, "300 pins offline": 1.0}
PINS = 300


@dataclass
class Measurement:
    """Wall times, peak RSS and exit codes of one scenario's runs."""

    scenario: str
    command: list[str]
    walls: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    exits: list[int] = field(default_factory=list)
    note: str = ""

    def median(self) -> float | None:
        """Median wall time in seconds."""
        return statistics.median(self.walls) if self.walls else None

    def as_json(self) -> dict[str, Any]:
        """The figures as recorded."""
        median = self.median()
        target = TARGETS.get(self.scenario)
        return {
            "scenario": self.scenario,
            "command": self.command,
            "wall_s": self.walls,
            "median_s": median,
            "min_s": min(self.walls) if self.walls else None,
            "peak_rss_mb": max(self.rss_mb) if self.rss_mb else None,
            "exit_codes": self.exits,
            "target_s": target,
            "passed": None if target is None or median is None else median <= target,
            "note": self.note,
        }


def timed(argv: Sequence[str], cwd: Path) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code) of one command, output discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024.0, process.returncode


def record(item: Measurement, cwd: Path) -> None:
    """Run the item's command once and keep its figures."""
    wall, rss, code = timed(item.command, cwd)
    item.walls.append(wall)
    item.rss_mb.append(rss)
    item.exits.append(code)


def codevitals() -> list[str]:
    """The codevitals beside this Python, else the one on PATH."""
    beside = Path(sys.executable).parent / "codevitals"
    return [str(beside)] if beside.exists() else [shutil.which("codevitals") or "codevitals"]


def deps(folder: Path, cache: Path, database: Path, *extra: str) -> list[str]:
    """`codevitals deps` writing JSON nowhere, with its own cache."""
    output = ["--format", "json", "--output", os.devnull]
    where = ["--vuln-db", str(database), "--cache-dir", str(cache)]
    return [*codevitals(), "deps", str(folder), "-q", *output, *where, *extra]


def write_projects(work: Path, database: Path) -> tuple[Path, Path]:
    """The 100-package lockfile folder and the 300-pin folder."""
    lock = work / "lockfile"
    lock.mkdir()
    shutil.copy(LOCKFILE, lock / "pylock.toml")
    packages = tomllib.loads(LOCKFILE.read_text())["packages"]
    pins = "".join(f"{p['name']}=={p['version']}\n" for p in packages)
    (lock / "peers-requirements.txt").write_text(pins)  # not a manifest name codevitals reads
    offline = work / "pins"
    offline.mkdir()
    (offline / "requirements.txt").write_text(three_hundred_pins(database))
    return lock, offline


def three_hundred_pins(database: Path) -> str:
    """One pin per package of the database, to a version its first advisory lists."""
    pins: dict[str, str] = {}
    for path in sorted(database.rglob("*.yaml")):
        record_ = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        for affected in record_.get("affected", []):
            name, versions = affected["package"]["name"], affected.get("versions") or []
            if versions and name.lower() not in pins and len(pins) < PINS:
                pins[name.lower()] = versions[0]
    return "".join(f"{name}=={version}\n" for name, version in pins.items())


def peer_commands(lock: Path, peers_bin: Path, cache: Path) -> list[Measurement]:
    """The peers, libyear and pip-audit, over the same 100 pins, when installed."""
    requirements = str(lock / "peers-requirements.txt")
    found: list[Measurement] = []
    libyear = peers_bin / "libyear"
    if libyear.exists():
        found.append(Measurement("peer: libyear", [str(libyear), "-r", requirements]))
    audit = peers_bin / "pip-audit"
    if audit.exists():
        found.append(Measurement("peer: pip-audit -s pypi", [
            str(audit), "-r", requirements, "--no-deps", "--disable-pip", "-s", "pypi",
            "--progress-spinner", "off", "-f", "json", "-o", str(cache / "pip-audit.json"),
            "--cache-dir", str(cache / "pip-audit")]))  # fmt: skip
    return found


def pip_audit_skips(cache: Path) -> str:
    """How many packages pip-audit could not audit in its last run."""
    try:
        document = json.loads((cache / "pip-audit.json").read_text())
    except (OSError, ValueError):
        return "no report"
    skipped = [d for d in document.get("dependencies", []) if d.get("skip_reason")]
    return f"skipped {len(skipped)} of {len(document.get('dependencies', []))} packages"


def measure(args: argparse.Namespace, work: Path) -> list[Measurement]:
    """Every scenario, interleaved with the peers for the cold runs."""
    lock, pins = write_projects(work, args.database)
    database = args.database
    cold = Measurement("lockfile cold", deps(lock, work / "c-cold", database))
    cold_pypi = Measurement("lockfile cold, index warm", deps(lock, work / "c-pypi", database))
    peers = peer_commands(lock, args.peers_bin, work)
    for round_ in range(args.repeat):
        for cache in (work / "c-cold", work / "c-pypi"):
            shutil.rmtree(cache, ignore_errors=True)
        cold.command = deps(lock, work / "c-cold", database)
        record(cold, work)
        subprocess.run(deps(lock, work / "c-pypi", database, "--offline"), check=False,
                       capture_output=True)  # fmt: skip
        record(cold_pypi, work)
        for peer in peers:
            shutil.rmtree(work / "pip-audit", ignore_errors=True)
            record(peer, work)
        log(f"round {round_ + 1}/{args.repeat}: cold {cold.walls[-1]:.2f} s, "
            f"index warm {cold_pypi.walls[-1]:.2f} s")  # fmt: skip
    warm = Measurement("lockfile warm", deps(lock, work / "c-pypi", database))
    offline = Measurement("300 pins offline", deps(pins, work / "c-pins", database, "--offline"))
    subprocess.run(offline.command, check=False, capture_output=True)  # builds the index
    for _ in range(args.repeat):
        record(warm, work)
        record(offline, work)
    for peer in peers:
        if "pip-audit" in peer.scenario:
            peer.note = pip_audit_skips(work)
    return [cold, cold_pypi, warm, offline, *peers]


def table(items: Sequence[Measurement]) -> str:
    """The figures as a plain table, with ratios to codevitals' cold run."""
    base = items[1].median() or 1.0
    rows = [f"{'scenario':<28} {'median s':>9} {'min s':>7} {'RSS MB':>7} {'target':>7}  "
            f"{'cv ÷ it':>7}  note"]  # fmt: skip
    for item in items:
        data = item.as_json()
        target = f"≤{data['target_s']:g}" if data["target_s"] else ""
        verdict = {True: " ok", False: " MISSED", None: ""}[data["passed"]]
        peer = item.scenario.startswith("peer") and data["median_s"]
        ratio = f"{base / data['median_s']:.2f}" if peer else ""
        figures = f"{data['median_s'] or 0:>9.3f} {data['min_s'] or 0:>7.3f}"
        memory = f"{data['peak_rss_mb'] or 0:>7.0f}"
        rows.append(f"{item.scenario:<28} {figures} {memory} {target:>7}{verdict}  {ratio:>7}  "
                    f"{item.note}")  # fmt: skip
    return "\n".join(rows)


def log(message: str) -> None:
    """Progress on standard error."""
    print(message, file=sys.stderr, flush=True)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, default=DATABASE)
    parser.add_argument("--peers-bin", type=Path, default=Path("/work/peers/bin"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--note", default="")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print, and write the results file."""
    args = parse_args(argv)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-deps-") as folder:
        items = measure(args, Path(folder))
    print(table(items))
    document = {
        "schema_version": 1,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "note": args.note,
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "load_before": load_before,
            "load_after": os.getloadavg(),
        },
        "database": str(args.database),
        "measurements": [item.as_json() for item in items],
    }
    args.results.mkdir(parents=True, exist_ok=True)
    target = args.results / f"deps-{dt.datetime.now(dt.UTC):%Y-%m-%d}.json"
    target.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    log(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
