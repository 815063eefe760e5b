"""Time a cold code-health scan against lizard over several repositories together.

    python benchmarks/bench_polyglot.py REPO [REPO ...] [--language L ...] [--repeat N]

The issue "Polyglot code health" sets, over its repositories of every language together:
a cold scan within 0.5 × lizard's wall time and 0.6 × its CPU time (user + system of every
process), a warm re-scan within 0.5 s per 500 k lines, and a peak memory within 400 MB.

Every repository is cloned privately (REPO is never touched) and both tools are given the
same files: the tracked files of the chosen languages (default: those codevitals analyses
that lizard also reads). A round runs, for each repository in turn, `codevitals scan
--no-history --no-deps --preset none` with a fresh cache and then lizard (pinned, see
oracles/) on the same files; a round's figure is the sum over the repositories. The
rounds are interleaved so that background load hits both tools alike. CPU time is the
kernel's account of each command and every descendant it reaped (codevitals' worker
processes included), as `wait4` returns it. Then the warm re-scans, with the caches of the
last cold round, and one more cold scan per repository with its process tree's memory
sampled (the largest summed RSS over the repositories is checked).

Each cold round also runs `parse_floor.py` on each repository's files: the front ends' parse
(rereads of files that do not parse included) and query alone, in a process of its own, timed
the same way; and `parse_floor.py --once`, each file parsed once by its grammar. Their ratios
to lizard are the least a cold scan's could be whatever the rest of codevitals does, and
whatever its rereading does: they show how much of the distance to a limit is left to
codevitals' own code.

A table goes to standard output, the figures to benchmarks/results/polyglot-<date>.json.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench_scan import (
    MB,
    Run,
    count_lines,
    log,
    private_clone,
    run_once,
    sample_tree,
    tool_version,
)
from check_lizard import LIZARD_LANGUAGES
from codevitals.discover import ANALYSED
from oracle_match import (
    add_results_option,
    describe_machine,
    describe_repository,
    oracles_home,
    results_document,
    save,
    scan_command,
    tracked_files,
)

COLD = "codevitals cold"
LIZARD_COLD = "lizard cold"
FLOOR = "parse and query only"
GRAMMAR = "grammar parse once and query"
FLOOR_SCRIPT = Path(__file__).with_name("parse_floor.py")
WARM = "codevitals warm"
LINES_PER_WARM_LIMIT = 500_000
LIMITS = {
    "cold wall ÷ lizard": 0.5,
    "cold CPU ÷ lizard": 0.6,
    "warm s per 500k lines": 0.5,
    "peak tree RSS MB": 400.0,
}


@dataclass
class Repository:
    """One private clone and the files both tools are given."""

    name: str
    clone: Path
    files: list[str]
    lines: int
    described: dict[str, Any]
    listing: Path
    """The files, one per line, so that any number fits a command (lizard's `-f`)."""


@dataclass
class Rounds:
    """Every round of one scenario: per round, the runs of each repository."""

    names: list[str]
    """The repositories, in the order of each round's runs."""
    rounds: list[list[Run]] = field(default_factory=list)

    def totals(self, attribute: str) -> list[float]:
        """Per round, the sum over the repositories of `wall_s` or `cpu_s`."""
        return [sum(getattr(run, attribute) for run in runs) for runs in self.rounds]

    def median(self, attribute: str) -> float | None:
        """The median round's total."""
        totals = self.totals(attribute)
        return statistics.median(totals) if totals else None

    def failures(self) -> list[str]:
        """Runs that timed out or ended with an exit code the tool does not use for success."""
        return [
            f"exit {run.returncode}{' (timed out)' if run.timed_out else ''}: "
            f"{run.stderr_tail.strip()[-300:]}"
            for runs in self.rounds
            for run in runs
            if run.timed_out or run.returncode not in (0, 1)
        ]

    def per_repository(self) -> dict[str, dict[str, float]]:
        """Each repository's median wall and CPU time: an outlier shows here."""
        return {
            name: {
                "median_wall_s": statistics.median(runs[index].wall_s for runs in self.rounds),
                "median_cpu_s": statistics.median(runs[index].cpu_s for runs in self.rounds),
            }
            for index, name in enumerate(self.names)
        }

    def as_json(self) -> dict[str, Any]:
        """Medians, every round's totals and each repository's medians."""
        return {
            "median_wall_s": self.median("wall_s"),
            "median_cpu_s": self.median("cpu_s"),
            "per_repository": self.per_repository() if self.rounds else {},
            "wall_s": self.totals("wall_s"),
            "cpu_s": self.totals("cpu_s"),
            "peak_single_process_rss_mb": max(
                (run.max_rss_kb / MB for runs in self.rounds for run in runs), default=None
            ),
            "failures": self.failures(),
        }


@dataclass
class Bench:
    """What the scenarios share."""

    repositories: list[Repository]
    languages: list[str]
    lizard: Path
    work: Path
    timeout: float
    caches: dict[str, Path] = field(default_factory=dict)

    def codevitals(self, cache: Path) -> list[str]:
        """The codevitals command, run in a repository's clone."""
        return scan_command(cache, Path(os.devnull), self.languages)

    def fresh_cache(self, repo: Repository) -> Path:
        """A new, empty cache folder for one repository, remembered for the warm runs."""
        self.caches[repo.name] = Path(tempfile.mkdtemp(prefix="cache-", dir=self.work))
        return self.caches[repo.name]

    def lizard_command(self, repo: Repository) -> list[str]:
        """Lizard over the repository's files."""
        return [str(self.lizard), "-f", str(repo.listing)]

    def floor_command(self, repo: Repository, *, once: bool = False) -> list[str]:
        """The front ends' (`once`: the grammars') parse and query alone over the files."""
        return [sys.executable, str(FLOOR_SCRIPT), *(["--once"] if once else []), str(repo.listing)]


def prepare(sources: Sequence[Path], languages: Sequence[str], work: Path) -> list[Repository]:
    """Clone each repository and list its files of the languages (read once: page cache)."""
    repositories = []
    for source in sources:
        clone = private_clone(source.resolve(), work)
        files = sorted(tracked_files(clone, languages))
        if not files:
            log(f"{source}: no tracked file of {', '.join(languages)}; left out")
            continue
        described = describe_repository(source) | {"files": len(files)}
        lines = count_lines(clone, files)
        listing = work / f"{clone.name}.files"
        listing.write_text("\n".join(files) + "\n", encoding="utf-8")
        repositories.append(
            Repository(clone.name, clone, files, lines, described | {"lines": lines}, listing)
        )
    return repositories


def cold(bench: Bench, repeat: int) -> dict[str, Rounds]:
    """Interleaved cold rounds: every repository with codevitals, lizard and the floor."""
    names = [repo.name for repo in bench.repositories]
    scenarios = {name: Rounds(names) for name in (COLD, LIZARD_COLD, FLOOR, GRAMMAR)}
    for number in range(1, repeat + 1):
        runs: dict[str, list[Run]] = {name: [] for name in scenarios}
        for repo in bench.repositories:
            command = bench.codevitals(bench.fresh_cache(repo))
            runs[COLD].append(run_once(command, repo.clone, bench.timeout))
            runs[LIZARD_COLD].append(
                run_once(bench.lizard_command(repo), repo.clone, bench.timeout)
            )
            runs[FLOOR].append(run_once(bench.floor_command(repo), repo.clone, bench.timeout))
            grammar = bench.floor_command(repo, once=True)
            runs[GRAMMAR].append(run_once(grammar, repo.clone, bench.timeout))
        for name, rounds in scenarios.items():
            rounds.rounds.append(runs[name])
        log(
            f"cold round {number}: "
            + "; ".join(
                f"{name} {rounds.totals('wall_s')[-1]:.2f} s wall "
                f"{rounds.totals('cpu_s')[-1]:.2f} s CPU"
                for name, rounds in scenarios.items()
            )
        )
    return scenarios


def warm(bench: Bench, repeat: int) -> Rounds:
    """Re-scans with the caches the last cold round filled, nothing changed."""
    rounds = Rounds([repo.name for repo in bench.repositories])
    for _ in range(repeat):
        rounds.rounds.append(
            [
                run_once(bench.codevitals(bench.caches[repo.name]), repo.clone, bench.timeout)
                for repo in bench.repositories
            ]
        )
    return rounds


def memory(bench: Bench) -> dict[str, Any]:
    """One more cold scan per repository, its process tree sampled."""
    peaks = {}
    for repo in bench.repositories:
        command = bench.codevitals(bench.fresh_cache(repo))
        tree = sample_tree(command, repo.clone, bench.timeout)
        peaks[repo.name] = {
            "peak_tree_rss_sum_mb": tree.sum_rss_kb / MB,
            "peak_tree_pss_sum_mb": tree.sum_pss_kb / MB,
            "peak_single_process_rss_mb": tree.max_single_rss_kb / MB,
            "max_processes": tree.max_processes,
            "returncode": tree.returncode,
        }
    largest = max((peak["peak_tree_rss_sum_mb"] for peak in peaks.values()), default=None)
    return {"largest_tree_rss_sum_mb": largest, "repositories": peaks}


def warm_by_repository(warm: Rounds, repositories: Sequence[Repository]) -> dict[str, float]:
    """Each repository's own median warm re-scan in seconds per 500 k lines.

    The limit is checked over the repositories together (the sum of their re-scans over
    their lines); a user re-scans one repository, whose own figure this is. A small one pays
    the interpreter's start-up for few lines, so its figure is far above a large one's.
    """
    medians = warm.per_repository()
    return {
        repo.name: medians[repo.name]["median_wall_s"] * LINES_PER_WARM_LIMIT / repo.lines
        for repo in repositories
        if repo.lines and repo.name in medians
    }


def requirements(
    scenarios: dict[str, Rounds], lines: int, mem: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """Each of the issue's limits with its value and verdict (None: not measured)."""
    ours, theirs = scenarios[COLD], scenarios[LIZARD_COLD]
    wall, lizard_wall = ours.median("wall_s"), theirs.median("wall_s")
    cpu, lizard_cpu = ours.median("cpu_s"), theirs.median("cpu_s")
    warm_s = scenarios[WARM].median("wall_s")
    values = {
        "cold wall ÷ lizard": wall / lizard_wall if wall and lizard_wall else None,
        "cold CPU ÷ lizard": cpu / lizard_cpu if cpu and lizard_cpu else None,
        "warm s per 500k lines": warm_s * LINES_PER_WARM_LIMIT / lines
        if warm_s and lines
        else None,
        "peak tree RSS MB": mem["largest_tree_rss_sum_mb"],
    }
    return {
        name: {
            "value": value,
            "limit": LIMITS[name],
            "passed": None if value is None else value <= LIMITS[name],
        }
        for name, value in values.items()
    }


def floor_ratio(scenarios: dict[str, Rounds], name: str = FLOOR) -> float | None:
    """A parse-and-query-alone scenario's CPU time ÷ lizard's (medians of the rounds)."""
    floor, lizard = scenarios[name].median("cpu_s"), scenarios[LIZARD_COLD].median("cpu_s")
    return floor / lizard if floor and lizard else None


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repos", type=Path, nargs="+")
    parser.add_argument(
        "--language",
        action="append",
        choices=sorted(LIZARD_LANGUAGES),
        help="files of this language (repeatable; default: every language codevitals "
        "analyses that lizard reads)",
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=3600.0)
    parser.add_argument("--lizard", type=Path, default=oracles_home() / "lizard" / "bin" / "lizard")
    add_results_option(parser)
    parser.add_argument("--note", default="")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def report(document: dict[str, Any]) -> None:
    """Print the figures and the verdicts."""
    scenarios = document["scenarios"]
    for repo in document["repository"]:
        times = "".join(
            f"  {name} {scenarios[name]['per_repository'][repo['name']]['median_cpu_s']:7.2f}"
            for name in (COLD, LIZARD_COLD, FLOOR, GRAMMAR, WARM)
        )
        own = document["warm_s_per_500k_lines_by_repository"].get(repo["name"])
        warm = "" if own is None else f"; warm s per 500k lines {own:.2f}"
        print(
            f"{repo['name']:16} {repo['files']:6} files {repo['lines']:10,} lines; "
            f"CPU s:{times}{warm}"
        )
    print(f"languages: {', '.join(document['languages'])}; medians of {document['repeat']} rounds")
    for name in (COLD, LIZARD_COLD, FLOOR, GRAMMAR, WARM):
        row = document["scenarios"][name]
        print(f"{name:20} wall {row['median_wall_s']:8.2f} s   CPU {row['median_cpu_s']:8.2f} s")
    floor, grammar = document["floor_cpu_ratio"], document.get("grammar_floor_cpu_ratio")
    if floor is not None:
        print(f"parse and query alone, CPU ÷ lizard: {floor:.3f} (rereads included)")
    if grammar is not None:
        print(f"grammar parse once and query, CPU ÷ lizard: {grammar:.3f}")
    for name, item in document["requirements"].items():
        verdict = {True: "pass", False: "FAIL", None: "not measured"}[item["passed"]]
        value = "-" if item["value"] is None else f"{item['value']:.3f}"
        print(f"{name:24} {value:>9} (limit {item['limit']}) {verdict}")


def main(argv: Sequence[str] | None = None) -> int:
    """Benchmark, print the figures and write the results file."""
    args = parse_args(argv)
    if not args.lizard.is_file():
        print(f"bench_polyglot: {args.lizard}: not installed (see oracles/)", file=sys.stderr)
        return 2
    languages = args.language or sorted(ANALYSED & set(LIZARD_LANGUAGES))
    machine = describe_machine()
    with tempfile.TemporaryDirectory(prefix="codevitals-polyglot-") as folder:
        work = Path(folder)
        bench = Bench(
            prepare(args.repos, languages, work), languages, args.lizard, work, args.timeout
        )
        if not bench.repositories:
            print("bench_polyglot: no repository has files of those languages", file=sys.stderr)
            return 2
        scenarios = cold(bench, args.repeat) | {WARM: warm(bench, args.repeat)}
        mem = memory(bench)
    lines = sum(repo.lines for repo in bench.repositories)
    body = {
        "note": args.note,
        "repeat": args.repeat,
        "languages": languages,
        "lizard_version": tool_version(str(args.lizard), "--version"),
        "lines": lines,
        "scenarios": {name: rounds.as_json() for name, rounds in scenarios.items()},
        "memory": mem,
        "requirements": requirements(scenarios, lines, mem),
        "floor_cpu_ratio": floor_ratio(scenarios),
        "grammar_floor_cpu_ratio": floor_ratio(scenarios, GRAMMAR),
        "warm_s_per_500k_lines_by_repository": warm_by_repository(
            scenarios[WARM], bench.repositories
        ),
    }
    described = [repo.described for repo in bench.repositories]
    document = results_document("lizard (timing)", described, machine, body)
    report(document)
    print(f"written: {save(document, 'polyglot', args.results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
