"""Benchmark `codevitals scan` against its peers on one git repository, side by side.

    python benchmarks/bench_scan.py REPO [--peers-bin /work/peers/bin] [--repeat N]

Everything runs on a private clone of REPO, so REPO itself is never touched. Every tool is
given the same files, the clone's tracked `*.py` files, and is run as a subprocess through
its command line. The scenarios:

* cold: `codevitals scan` with a fresh, empty cache folder, beside `lizard` and `radon cc -j`
  (code health) and pylint's duplicate-code checker (duplication). The rounds are
  interleaved (codevitals, then each peer, N times) so that background load hits all tools
  alike.
* warm: the same scan again with the cache the last cold run filled, nothing changed.
* changed: a function appended to one tracked file (a new one each time), then a warm scan.
* memory: one more cold scan whose whole process tree is sampled, since codevitals analyses
  in worker processes.

Each timed command reports its median and minimum wall time and its peak RSS: the largest
peak of any single process in its tree, as `wait4` reports it (the kernel keeps the maximum
over the process and every descendant it has reaped). The memory scenario adds the peak of
the tree's summed RSS and summed PSS, sampled from /proc.

A table goes to standard output and the figures to benchmarks/results/<repo>-<date>.json.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
PROJECT = Path(__file__).resolve().parent.parent
SCHEMA_VERSION = 1
SAMPLE_INTERVAL = 0.02
"""Seconds between two samples of the process tree's memory."""
MB = 1024.0
"""Kilobytes in a megabyte (RSS figures from the kernel are in KiB)."""

CODEVITALS = "codevitals"
LIZARD = "lizard"
RADON = "radon cc -j"
PYLINT = "pylint duplicate-code"
FRESH = "<fresh temp dir>"
WARM = "<cache dir of the last cold run>"


# -- tools ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tool:
    """A command line to time: a fixed prefix, then (for peers) the file list."""

    name: str
    prefix: tuple[str, ...]
    takes_files: bool
    accepts: Callable[[int], bool]
    """Whether an exit code means the tool ran to completion."""
    path: str | None = None
    """The executable; None when the tool is not installed."""
    version: str = ""
    display: tuple[str, ...] | None = None
    """The prefix as recorded, when it differs (a temporary path replaced by a label)."""

    def argv(self, files: Sequence[str]) -> list[str]:
        """The full command line for these files."""
        return [*self.prefix, *files] if self.takes_files else list(self.prefix)

    def shown(self, files: Sequence[str]) -> list[str]:
        """The command line as recorded: the file list abbreviated to its length."""
        prefix = list(self.display or self.prefix)
        return [*prefix, f"<{len(files)} files>"] if self.takes_files else prefix


def _pylint_ok(code: int) -> bool:
    """Pylint's exit code is a bit field of message kinds found; 32 is a usage error."""
    return 0 <= code < 32


def find_executable(name: str, peers_bin: Path | None) -> str | None:
    """The executable in `peers_bin` if there, else on PATH, else None."""
    if peers_bin is not None:
        candidate = peers_bin / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which(name)


def tool_version(executable: str, *args: str) -> str:
    """The first line a tool prints when asked its version (empty if it prints nothing)."""
    try:
        done = subprocess.run(
            [executable, *args], capture_output=True, text=True, timeout=120, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0].strip() if lines else ""


def peer_tools(peers_bin: Path | None) -> list[Tool]:
    """Lizard, radon and pylint, each with its executable when installed."""
    specs: list[tuple[str, str, tuple[str, ...], Callable[[int], bool]]] = [
        (LIZARD, "lizard", (), lambda code: code in (0, 1)),  # 1: functions over thresholds
        (RADON, "radon", ("cc", "-j"), lambda code: code == 0),
        (PYLINT, "pylint", ("--disable=all", "--enable=duplicate-code"), _pylint_ok),
    ]
    tools = []
    for name, command, args, accepts in specs:
        path = find_executable(command, peers_bin)
        version = tool_version(path, "--version") if path else ""
        tools.append(Tool(name, (path or command, *args), True, accepts, path, version))
    return tools


def codevitals_executable() -> list[str]:
    """The `codevitals` beside this Python, else on PATH, else `python -m codevitals`."""
    beside = Path(sys.executable).parent / CODEVITALS
    if beside.is_file():
        return [str(beside)]
    found = shutil.which(CODEVITALS)
    return [found] if found else [sys.executable, "-m", CODEVITALS]


def codevitals_tool(
    cache: tuple[Path, str], output: str, jobs: int | None, format_: str = "json"
) -> Tool:
    """`codevitals scan` of the current folder with a (cache folder, label), only `*.py`.

    `--include '*.py' --no-default-excludes` makes codevitals see exactly the tracked
    `*.py` files the peers are given; the harness checks that it did. The peers measure code
    health only, so codevitals runs no finding rules (`--preset none`), no dependency audit
    (`--no-deps`) and no history analyses (`--no-history`; bench_history.py measures those).
    """
    base = codevitals_executable()
    args = ["scan", "--format", format_, "--output", output, "--cache-dir"]
    rest = ["--include", "*.py", "--no-default-excludes", "--preset", "none", "--no-deps"]
    rest += ["--no-history"]
    rest += ["--jobs", str(jobs)] if jobs is not None else []
    rest.append(".")
    return Tool(
        CODEVITALS,
        (*base, *args, str(cache[0]), *rest),
        False,
        lambda code: code == 0,
        base[0],
        display=(CODEVITALS, *args, cache[1], *rest),
    )


# -- running and timing --------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One timed execution."""

    wall_s: float
    max_rss_kb: int
    returncode: int
    timed_out: bool = False
    stderr_tail: str = ""
    cpu_s: float = 0.0
    """User + system time of the command and every descendant it reaped (wait4's usage)."""


def _start(argv: Sequence[str], cwd: Path, stderr: Any) -> subprocess.Popen[bytes]:
    """Start a command in its own session (so a time-out can kill its whole tree), silently.

    Python may keep compiled bytecode, as it does for an installed package (pip compiles it):
    a shell that sets PYTHONDONTWRITEBYTECODE would otherwise make every run of an editable
    install compile its modules again (0.1 s a start, measured).

    A relative `PYTHONPATH` (the `PYTHONPATH=src` of the README) names this checkout's
    sources; left relative, it would name the measured repository's own `src/` in `cwd`, and
    the installed codevitals would run instead of the one meant.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if env.get("PYTHONPATH"):
        entries = env["PYTHONPATH"].split(os.pathsep)
        env["PYTHONPATH"] = os.pathsep.join(str(Path(p).resolve()) for p in entries if p)
    return subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        start_new_session=True,
    )


def run_once(argv: Sequence[str], cwd: Path, timeout: float) -> Run:
    """Run a command to completion; its wall time, and its tree's largest single peak RSS."""
    killed = threading.Event()
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = _start(argv, cwd, errors)
        timer = threading.Timer(timeout, _kill_group, (process.pid, killed))
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        tail = errors.read()[-2000:].decode(errors="replace")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, usage.ru_maxrss, process.returncode, killed.is_set(), tail, cpu)


def _kill_group(pid: int, killed: threading.Event) -> None:
    """End a command that ran past its time limit, with the workers it started."""
    killed.set()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


@dataclass
class Measurement:
    """Every run of one tool in one scenario."""

    scenario: str
    tool: str
    command: list[str]
    runs: list[Run] = field(default_factory=list)
    skipped: str | None = None

    @property
    def failed(self) -> str | None:
        """Why the measurement is unusable, if it is."""
        if self.skipped:
            return self.skipped
        for run in self.runs:
            if run.timed_out:
                return "timed out"
        return None

    @property
    def median_s(self) -> float | None:
        """Median wall time, if there are runs."""
        return statistics.median(r.wall_s for r in self.runs) if self.runs else None

    @property
    def min_s(self) -> float | None:
        """Fastest wall time, if there are runs."""
        return min(r.wall_s for r in self.runs) if self.runs else None

    @property
    def peak_rss_mb(self) -> float | None:
        """Largest single-process peak RSS over all runs, in MB."""
        return max(r.max_rss_kb for r in self.runs) / MB if self.runs else None

    def summary(self) -> dict[str, Any]:
        """The measurement as the results files of bench_gate and bench_trend record it."""
        return {
            "scenario": self.scenario,
            "command": self.command,
            "median_s": self.median_s,
            "min_s": self.min_s,
            "peak_rss_mb": self.peak_rss_mb,
            "skipped": self.failed,
            "runs": [{"wall_s": r.wall_s, "returncode": r.returncode} for r in self.runs],
        }

    def record(self, run: Run, accepts: Callable[[int], bool]) -> None:
        """Keep a run; a run that failed marks the measurement skipped, with its stderr."""
        self.runs.append(run)
        if not run.timed_out and not accepts(run.returncode):
            self.skipped = f"exit code {run.returncode}: {run.stderr_tail.strip()[-500:]}"


def summary_rows(document: dict[str, Any]) -> list[str]:
    """The table of a results document's measurements (as `Measurement.summary` wrote them)."""
    rows = [f"{'scenario':44} {'median s':>9} {'min s':>7} {'peak MB':>8}"]
    for m in document["measurements"]:
        peak = m["peak_rss_mb"] or 0.0
        rows.append(f"{m['scenario']:44} {m['median_s']:9.3f} {m['min_s']:7.3f} {peak:8.1f}")
    return rows


def load_row(document: dict[str, Any]) -> str:
    """The machine's load average when a benchmark started and ended."""
    load = document["machine"]
    return (
        f"load average at start {load['load_average_at_start']}, "
        f"at end {load['load_average_at_end']}"
    )


def write_results(document: dict[str, Any], folder: Path, stem: str) -> Path:
    """Write a benchmark's figures to `folder/<stem>-<today>.json`; returns the file."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{stem}-{dt.date.today().isoformat()}.json"
    target.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return target


# -- memory of a process tree --------------------------------------------------------------


@dataclass
class TreeMemory:
    """Peaks of a process tree's memory, sampled while it ran."""

    sum_rss_kb: int = 0
    sum_pss_kb: int = 0
    max_single_rss_kb: int = 0
    max_processes: int = 0
    samples: int = 0
    wall_s: float = 0.0
    returncode: int = 0

    def add(self, rss: int, pss: int, processes: int) -> None:
        """Fold one sample in."""
        self.sum_rss_kb = max(self.sum_rss_kb, rss)
        self.sum_pss_kb = max(self.sum_pss_kb, pss)
        self.max_processes = max(self.max_processes, processes)
        self.samples += 1


def _parents() -> dict[int, int]:
    """Parent pid of every process, from /proc/*/stat."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        parents[int(entry.name)] = int(fields[1])
    return parents


def _descendants(root: int) -> list[int]:
    """The root and every process below it."""
    children: dict[int, list[int]] = {}
    for pid, parent in _parents().items():
        children.setdefault(parent, []).append(pid)
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, ()))
    return found


def _rss_pss(pid: int) -> tuple[int, int]:
    """A process's resident and proportional set sizes in KiB (0, 0 once it is gone)."""
    values = {"Rss:": 0, "Pss:": 0}
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    for line in text.splitlines():
        parts = line.split()
        if parts and parts[0] in values:
            values[parts[0]] = int(parts[1])
    return values["Rss:"], values["Pss:"]


def sample_tree(argv: Sequence[str], cwd: Path, timeout: float) -> TreeMemory:
    """Run a command, sampling its process tree's summed RSS and PSS until it ends."""
    memory, killed = TreeMemory(), threading.Event()
    start = time.perf_counter()
    process = _start(argv, cwd, subprocess.DEVNULL)
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > timeout and not killed.is_set():
            _kill_group(process.pid, killed)
        pids = _descendants(process.pid)
        sizes = [_rss_pss(p) for p in pids]
        memory.add(sum(s[0] for s in sizes), sum(s[1] for s in sizes), len(pids))
        time.sleep(SAMPLE_INTERVAL)
    process.returncode = os.waitstatus_to_exitcode(status)
    memory.returncode = process.returncode
    memory.wall_s = time.perf_counter() - start
    memory.max_single_rss_kb = usage.ru_maxrss
    return memory


# -- the repository ------------------------------------------------------------------------


def git(cwd: Path, *args: str) -> str:
    """Run git and return its standard output."""
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


def private_clone(source: Path, work: Path) -> Path:
    """A clone of `source` under `work`, its index refreshed so git status is fast.

    The refresh waits a second first: files checked out in the same second as the index is
    written stay "racily clean", and git then re-reads every one of them on each status
    (50 ms on sqlalchemy, every run), which no work tree older than a second suffers.
    """
    clone = work / source.name
    git(work, "clone", "--quiet", str(source), str(clone))
    time.sleep(1.1)
    git(clone, "update-index", "-q", "--refresh")
    git(clone, "status", "--porcelain")
    return clone


def tracked_python(clone: Path) -> list[str]:
    """The clone's tracked `*.py` files, relative and sorted."""
    names = git(clone, "ls-files", "-z", "--", "*.py").split("\0")
    return sorted(name for name in names if name and (clone / name).is_file())


def count_lines(clone: Path, files: Sequence[str]) -> int:
    """Total lines of the files; reading them also puts them in the page cache."""
    return sum((clone / name).read_bytes().count(b"\n") for name in files)


def largest(clone: Path, files: Sequence[str]) -> str:
    """The largest of the files, in bytes: the costliest one to analyse again."""
    return max(files, key=lambda name: (clone / name).stat().st_size)


def append_function(path: Path, index: int) -> None:
    """Append a small, new function to a Python file, so its blob is one never analysed."""
    text = path.read_text(encoding="utf-8")
    separator = "" if text.endswith("\n") else "\n"
    path.write_text(
        f"{text}{separator}\n\ndef _codevitals_benchmark_{index}(value):\n"
        f'    """Appended by benchmarks/bench_scan.py."""\n'
        f"    if value:\n        return value + {index}\n    return None\n",
        encoding="utf-8",
    )


# -- scenarios -----------------------------------------------------------------------------


@dataclass
class Bench:
    """What the scenarios share: the clone, its files, options and results so far."""

    clone: Path
    work: Path
    files: list[str]
    repeat: int
    timeout: float
    jobs: int | None
    peers: list[Tool]
    measurements: list[Measurement] = field(default_factory=list)

    def fresh_cache(self) -> Path:
        """A new, empty cache folder."""
        return Path(tempfile.mkdtemp(prefix="cache-", dir=self.work))

    def codevitals(
        self, cache: Path, label: str, output: str = os.devnull, format_: str = "json"
    ) -> Tool:
        """The codevitals command for this cache, recorded with the cache's label."""
        return codevitals_tool((cache, label), output, self.jobs, format_)

    def measurement(self, scenario: str, tool: Tool) -> Measurement:
        """A new, registered measurement; skipped up front if the tool is not installed."""
        item = Measurement(scenario, tool.name, tool.shown(self.files))
        if tool.path is None:
            item.skipped = "not installed"
        self.measurements.append(item)
        return item

    def time(self, item: Measurement, tool: Tool) -> None:
        """Run the tool once into the measurement, unless it is already unusable."""
        if item.failed is None:
            item.record(run_once(tool.argv(self.files), self.clone, self.timeout), tool.accepts)


def cold(bench: Bench, log: Callable[[str], None]) -> Path:
    """Interleaved cold rounds of codevitals and every peer; returns the last cache used."""
    cache = Path(FRESH)
    ours = bench.measurement("cold", bench.codevitals(cache, FRESH))
    peers = [(bench.measurement("cold", peer), peer) for peer in bench.peers]
    for round_ in range(1, bench.repeat + 1):
        cache = bench.fresh_cache()
        bench.time(ours, bench.codevitals(cache, FRESH))
        log(f"cold round {round_}: {CODEVITALS} {ours.runs[-1].wall_s:.2f} s")
        for item, peer in peers:
            bench.time(item, peer)
            if item.runs and item.failed is None:
                log(f"cold round {round_}: {peer.name} {item.runs[-1].wall_s:.2f} s")
    return cache


WARM_FORMATS = (("", "terminal"), (" (json)", "json"))
"""Warm scenarios run with the default terminal report and with the full JSON report."""


def warm(bench: Bench, cache: Path) -> None:
    """Re-scan with a filled cache and nothing changed, in each report format."""
    for suffix, format_ in WARM_FORMATS:
        tool = bench.codevitals(cache, WARM, format_=format_)
        item = bench.measurement("warm" + suffix, tool)
        for _ in range(bench.repeat):
            bench.time(item, tool)


def changed(bench: Bench, cache: Path, target: str) -> None:
    """Append a new function to one file before each warm re-scan; restore it after."""
    tools = [(bench.codevitals(cache, WARM, format_=f), "changed" + s) for s, f in WARM_FORMATS]
    items = [(bench.measurement(scenario, tool), tool) for tool, scenario in tools]
    for item, _ in items:
        item.command.append(f"(after appending a function to {target})")
    try:
        for index in range(bench.repeat):
            for offset, (item, tool) in enumerate(items):
                append_function(bench.clone / target, index * len(items) + offset)
                bench.time(item, tool)
    finally:
        git(bench.clone, "checkout", "--quiet", "--", target)


def file_set(bench: Bench, cache: Path) -> dict[str, Any]:
    """Check, from a JSON report, that codevitals saw exactly the peers' files."""
    report_path = bench.work / "report.json"
    tool = bench.codevitals(cache, WARM, str(report_path))
    run = run_once(tool.argv(bench.files), bench.clone, bench.timeout)
    if run.returncode != 0:
        return {"error": f"exit code {run.returncode}: {run.stderr_tail.strip()[-500:]}"}
    report = json.loads(report_path.read_text(encoding="utf-8"))
    analysed = {item["path"] for item in report["files"]}
    skipped = {item["path"]: item["reason"] for item in report["skipped"]}
    given = set(bench.files)
    return {
        "files": len(given),
        "codevitals_analysed": len(analysed),
        "codevitals_skipped": skipped,
        "only_given_to_peers": sorted(given - analysed - set(skipped)),
        "only_seen_by_codevitals": sorted((analysed | set(skipped)) - given),
        "same": given == analysed | set(skipped),
    }


def memory(bench: Bench) -> dict[str, Any]:
    """One extra cold scan, its whole process tree sampled."""
    tool = bench.codevitals(bench.fresh_cache(), FRESH)
    tree = sample_tree(tool.argv(bench.files), bench.clone, bench.timeout)
    return {
        "command": tool.shown(bench.files),
        "peak_tree_rss_sum_mb": tree.sum_rss_kb / MB,
        "peak_tree_pss_sum_mb": tree.sum_pss_kb / MB,
        "peak_single_process_rss_mb": tree.max_single_rss_kb / MB,
        "max_processes": tree.max_processes,
        "samples": tree.samples,
        "sample_interval_s": SAMPLE_INTERVAL,
        "wall_s": tree.wall_s,
        "returncode": tree.returncode,
    }


# -- figures -------------------------------------------------------------------------------


LIMITS: list[tuple[str, str, str, str, float]] = [
    ("cold scan ÷ lizard", "cold", CODEVITALS, LIZARD, 0.5),
    ("cold scan ÷ radon cc -j", "cold", CODEVITALS, RADON, 0.5),
    ("cold scan (duplication included) ÷ pylint duplicate-code", "cold", CODEVITALS, PYLINT, 0.05),
]
"""(requirement, scenario, numerator tool, denominator tool, largest ratio allowed)."""


def find(measurements: Sequence[Measurement], scenario: str, tool: str) -> Measurement | None:
    """The usable measurement of a tool in a scenario, if any."""
    for item in measurements:
        if item.scenario == scenario and item.tool == tool and item.failed is None:
            return item
    return None


def ratio(
    ours: Measurement | None, theirs: Measurement | None, *, by_min: bool = False
) -> float | None:
    """The ratio of codevitals' median (or fastest) wall time to the other tool's."""
    if ours is None or theirs is None:
        return None
    mine, other = (ours.min_s, theirs.min_s) if by_min else (ours.median_s, theirs.median_s)
    return mine / other if mine and other else None


def requirements(measurements: Sequence[Measurement], mem: dict[str, Any]) -> list[dict[str, Any]]:
    """Every requirement of the issue with its measured value and verdict (None: unmeasured)."""
    rows: list[tuple[str, float | None, float, str]] = []
    for name, scenario, ours, theirs, limit in LIMITS:
        rows.append(
            (
                name,
                ratio(find(measurements, scenario, ours), find(measurements, scenario, theirs)),
                limit,
                "×",
            )
        )
    for name, scenario, limit in (
        ("warm re-scan, nothing changed", "warm", 0.5),
        ("warm re-scan, one file changed", "changed", 1.0),
        ("warm re-scan to JSON, nothing changed", "warm (json)", 0.5),
        ("warm re-scan to JSON, one file changed", "changed (json)", 1.0),
    ):
        item = find(measurements, scenario, CODEVITALS)
        rows.append((name, item.median_s if item else None, limit, "s"))
    rows.append(
        ("cold scan peak memory, tree's summed RSS", mem.get("peak_tree_rss_sum_mb"), 400.0, "MB")
    )
    return [
        {
            "requirement": name,
            "value": value,
            "limit": limit,
            "unit": unit,
            "passed": None if value is None else value <= limit,
        }
        for name, value, limit, unit in rows
    ]


def measurement_json(item: Measurement, baseline: Measurement | None) -> dict[str, Any]:
    """One measurement as recorded in the results file."""
    return {
        "scenario": item.scenario,
        "tool": item.tool,
        "command": item.command,
        "skipped": item.failed,
        "median_s": item.median_s,
        "min_s": item.min_s,
        "peak_rss_mb": item.peak_rss_mb,
        "codevitals_over_tool": ratio(baseline, item) if item.tool != CODEVITALS else None,
        "codevitals_over_tool_by_min": (
            ratio(baseline, item, by_min=True) if item.tool != CODEVITALS else None
        ),
        "runs": [
            {
                "wall_s": r.wall_s,
                "max_rss_mb": r.max_rss_kb / MB,
                "returncode": r.returncode,
                "timed_out": r.timed_out,
            }
            for r in item.runs
        ],
    }


def _cell(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def table(measurements: Sequence[Measurement]) -> Iterator[str]:
    """The measurements as aligned text rows."""
    yield (
        f"{'scenario':<9} {'tool':<22} {'median s':>9} {'min s':>8} "
        f"{'peak RSS MB':>12} {'codevitals ÷ tool':>18}"
    )
    for item in measurements:
        baseline = find(measurements, item.scenario, CODEVITALS)
        if item.failed is not None:
            yield f"{item.scenario:<9} {item.tool:<22} skipped: {item.failed.splitlines()[0]}"
            continue
        shown = "" if item.tool == CODEVITALS else _cell(ratio(baseline, item), 3)
        yield (
            f"{item.scenario:<9} {item.tool:<22} {_cell(item.median_s):>9} "
            f"{_cell(item.min_s):>8} {_cell(item.peak_rss_mb, 1):>12} {shown:>18}"
        )


def verdicts(rows: Sequence[dict[str, Any]]) -> Iterator[str]:
    """The requirements as text rows."""
    for row in rows:
        verdict = {None: "not measured", True: "pass", False: "FAIL"}[row["passed"]]
        value = f"{_cell(row['value'], 3)} {row['unit']}"
        limit = f"≤ {row['limit']:g} {row['unit']}"
        yield f"{row['requirement']:<58} {value:>12} {limit:>10}  {verdict}"


# -- the command ---------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("repo", type=Path, help="a git repository (it is cloned, not touched)")
    parser.add_argument(
        "--peers-bin",
        type=Path,
        default=Path("/work/peers/bin"),
        help="folder holding lizard, radon and pylint (else: PATH)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timed command")
    parser.add_argument("--jobs", type=int, default=None, help="pass --jobs N to codevitals")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=[LIZARD, RADON, PYLINT],
        metavar="TOOL",
        help="leave out a peer (lizard, 'radon cc -j', 'pylint duplicate-code'); repeatable",
    )
    parser.add_argument("--changed-file", help="file to change (default: the largest *.py)")
    parser.add_argument(
        "--timeout", type=float, default=3600.0, help="seconds before one command is killed"
    )
    parser.add_argument("--note", default="", help="free text kept in the results file")
    parser.add_argument("--results", type=Path, default=RESULTS, help="results folder")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def log(message: str) -> None:
    """Progress on standard error."""
    print(f"bench: {message}", file=sys.stderr, flush=True)


def codevitals_source() -> dict[str, Any]:
    """The commit of this checkout, and whether src/ differs from it (figures then vary)."""
    try:
        commit = git(PROJECT, "rev-parse", "HEAD").strip()
        dirty = bool(git(PROJECT, "status", "--porcelain", "--", "src").strip())
    except (OSError, subprocess.CalledProcessError):
        return {"commit": None, "src_modified": None}
    return {"commit": commit, "src_modified": dirty}


def describe_machine() -> dict[str, Any]:
    """What the figures depend on besides the code."""
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_average_at_start": os.getloadavg(),
    }


def measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Run every scenario on a private clone of the repository; return the results."""
    source = args.repo.resolve()
    clone = private_clone(source, work)
    files = tracked_python(clone)
    if not files:
        raise SystemExit(f"bench: {source}: no tracked *.py files")
    peers = [peer for peer in peer_tools(args.peers_bin) if peer.name not in args.skip]
    bench = Bench(clone, work, files, args.repeat, args.timeout, args.jobs, peers)
    target = args.changed_file or largest(clone, files)
    repository = {
        "name": source.name,
        "source": str(source),
        "commit": git(clone, "rev-parse", "HEAD").strip(),
        "files": len(files),
        "lines": count_lines(clone, files),
        "changed_file": target,
    }
    log(f"{source.name}: {len(files)} files, {repository['lines']} lines; repeat {args.repeat}")
    cache = cold(bench, log)
    checked = file_set(bench, cache)
    warm(bench, cache)
    changed(bench, cache, target)
    log("memory: one more cold scan, process tree sampled")
    mem = memory(bench)
    return {
        "repository": repository,
        "file_set": checked,
        "memory": mem,
        "measurements": bench.measurements,
        "tools": {t.name: {"path": t.path, "version": t.version} for t in peers},
    }


def results_document(
    args: argparse.Namespace, found: dict[str, Any], machine: dict[str, Any]
) -> dict[str, Any]:
    """The results file's content."""
    measurements: list[Measurement] = found["measurements"]
    machine["load_average_at_end"] = os.getloadavg()
    ours = codevitals_executable()
    tools = {
        CODEVITALS: {
            "path": " ".join(ours),
            "version": tool_version(*ours, "--version"),
            **codevitals_source(),
        },
        **found["tools"],
    }
    return {
        "schema_version": SCHEMA_VERSION,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "note": args.note,
        "repeat": args.repeat,
        "machine": machine,
        "tools": tools,
        "repository": found["repository"],
        "file_set": found["file_set"],
        "measurements": [
            measurement_json(m, find(measurements, m.scenario, CODEVITALS)) for m in measurements
        ],
        "memory": found["memory"],
        "requirements": requirements(measurements, found["memory"]),
    }


def report(document: dict[str, Any], measurements: Sequence[Measurement]) -> None:
    """Print the table, the memory figures and the verdicts."""
    repo, mem, machine = document["repository"], document["memory"], document["machine"]
    print(
        f"{repo['name']} @ {repo['commit'][:12]}: {repo['files']} files, {repo['lines']:,} "
        f"lines; {machine['cpus']} CPUs; load {machine['load_average_at_start'][0]:.2f} → "
        f"{machine['load_average_at_end'][0]:.2f}; medians of {document['repeat']} runs\n"
    )
    print("\n".join(table(measurements)))
    print(
        f"\ncold scan memory, process tree sampled every {SAMPLE_INTERVAL} s: summed RSS "
        f"{mem['peak_tree_rss_sum_mb']:.1f} MB, summed PSS {mem['peak_tree_pss_sum_mb']:.1f} "
        f"MB, largest process {mem['peak_single_process_rss_mb']:.1f} MB, "
        f"{mem['max_processes']} processes"
    )
    same = document["file_set"].get("same")
    print(f"same files for every tool: {same}\n")
    print("requirements (the issue sets them for sqlalchemy; ratios are of medians):")
    print("\n".join(verdicts(document["requirements"])))


def main(argv: Sequence[str] | None = None) -> int:
    """Benchmark, print the table and write the results file."""
    args = parse_args(argv)
    if not (args.repo / ".git").exists():
        raise SystemExit(f"bench: {args.repo}: not a git repository")
    machine = describe_machine()
    with tempfile.TemporaryDirectory(prefix="codevitals-bench-") as work:
        found = measure(args, Path(work))
    document = results_document(args, found, machine)
    out = write_results(document, args.results, found["repository"]["name"])
    report(document, found["measurements"])
    print(f"\nwritten: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
