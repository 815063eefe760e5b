"""Check codevitals' change coupling against an independent implementation of code-maat's.

    python benchmarks/check_coupling.py REPO [--since all] [--since 2025-01-01] ...

For each window, this script reads the raw `git log --no-merges --name-status -M` of REPO
and computes code-maat's logical coupling itself (nothing from codevitals is imported):

* a change set is a commit; bot authors (name or email containing dependabot, renovate,
  github-actions, pre-commit-ci or [bot]) are left out, as codevitals does by default;
* a file is known by its newest name: renames (`R` lines) are followed back in time;
* change sets of more than 30 files are dropped (code-maat's max-changeset-size);
* revisions(f) counts the remaining change sets holding f, shared(a, b) those holding both;
* degree = shared / ((revisions(a) + revisions(b)) / 2) × 100; a pair is kept when the
  average revisions ≥ 5, shared ≥ 5 and degree ≥ 30 (code-maat's defaults);
* only pairs of files present at HEAD are compared (codevitals reports no deleted files).

`--name-status` rather than `--name-only`: only it names a renamed file's old path, without
which renames could not be followed. Then `codevitals scan --format json` runs on the same
repository with the same window (and `--no-default-excludes`, so that it sees every file),
and the two lists of pairs are compared: the same pairs, the same shared and total revisions.
The figures go to standard output and to benchmarks/results/coupling-<repo>-<date>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
BOTS = ("[bot]", "dependabot", "renovate", "github-actions", "pre-commit-ci")
MAX_CHANGESET = 30


@dataclass(frozen=True)
class Thresholds:
    """code-maat's thresholds (its defaults unless the command line says otherwise)."""

    min_revs: int = 5
    min_shared: int = 5
    min_degree: float = 30.0

    def keeps(self, shared: int, first: int, second: int) -> bool:
        """code-maat's thresholds on a pair's average revisions, shared revisions, degree."""
        average = (first + second) / 2
        return (
            average >= self.min_revs
            and shared >= self.min_shared
            and shared / average * 100 >= self.min_degree
        )

    def options(self) -> list[str]:
        """The same thresholds as codevitals options."""
        return ["--min-revs", str(self.min_revs), "--min-shared-revs", str(self.min_shared),
                "--min-coupling", str(self.min_degree)]  # fmt: skip


HEADER = "\x1fcommit\x1f"

Pair = tuple[str, str]
Counts = tuple[int, int, int]
"""(shared, revisions of the first, revisions of the second)."""


@dataclass
class Commit:
    """One commit of the log: author, time and (status, paths) per changed file."""

    name: str
    email: str
    time: int
    entries: list[list[str]] = field(default_factory=list)


def git(repo: Path, *args: str) -> str:
    """Run git in `repo`, returning its output as text (paths are never quoted with -z)."""
    done = subprocess.run(
        ["git", "-c", "core.quotepath=false", *args],
        cwd=repo,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8", "surrogateescape")


def read_log(repo: Path) -> list[Commit]:
    """Every non-merge commit with its name-status entries, newest first."""
    out = git(repo, "log", "--no-merges", "-M", "--name-status", "-z",
              f"--format={HEADER}%aN%x1f%aE%x1f%at")  # fmt: skip
    commits: list[Commit] = []
    for block in out.split(HEADER)[1:]:
        meta, _, rest = block.partition("\0")
        name, email, time = meta.split("\x1f")
        commit = Commit(name, email, int(time))
        fields = [f for f in rest.lstrip("\n").split("\0") if f]
        commit.entries = list(_entries(fields))
        commits.append(commit)
    return commits


def _entries(fields: list[str]) -> Iterator[list[str]]:
    """A status then its path; for renames and copies (`Rnnn`, `Cnnn`) the old and new path."""
    index = 0
    while index < len(fields):
        status = fields[index].strip()
        width = 3 if status[:1] in ("R", "C") else 2
        yield [status, *fields[index + 1 : index + width]]
        index += width


def is_bot(commit: Commit) -> bool:
    """The same rule as codevitals' default: a substring of the name or the email."""
    who = f"{commit.name}\0{commit.email}".lower()
    return any(pattern in who for pattern in BOTS)


def change_sets(commits: list[Commit], since: int | None) -> list[set[str]]:
    """Each non-bot commit in the window as the set of its files' newest names."""
    newest: dict[str, str] = {}
    sets: list[set[str]] = []
    for commit in commits:  # newest first
        files = {newest.get(paths[-1], paths[-1]) for _, *paths in commit.entries}
        for status, *paths in commit.entries:  # renames apply to older commits only
            if status.startswith("R"):
                newest[paths[0]] = newest.get(paths[-1], paths[-1])
        if counts(commit, since):
            sets.append(files)
    return sets


def counts(commit: Commit, since: int | None) -> bool:
    """Whether a commit is in the window and not a bot's."""
    in_window = since is None or commit.time >= since
    return in_window and not is_bot(commit)


def coupling(sets: list[set[str]], alive: set[str], limits: Thresholds) -> dict[Pair, Counts]:
    """code-maat's coupled pairs (of files present at HEAD) with their counts."""
    revisions: Counter[str] = Counter()
    shared: Counter[Pair] = Counter()
    for files in (f for f in sets if len(f) <= MAX_CHANGESET):
        revisions.update(files)
        shared.update(combinations(sorted(files), 2))
    found: dict[Pair, Counts] = {}
    for (first, second), count in shared.items():
        both = (count, revisions[first], revisions[second])
        if limits.keeps(*both) and first in alive and second in alive:
            found[first, second] = both
    return found


def files_at_head(repo: Path) -> set[str]:
    """Regular files (not links or submodules) in HEAD's tree."""
    entries = git(repo, "ls-tree", "-r", "-z", "HEAD").split("\0")
    return {
        e.split("\t", 1)[1] for e in entries if e and e.split(" ", 1)[0] in ("100644", "100755")
    }


def codevitals_pairs(repo: Path, since: str, cache: Path, limits: Thresholds) -> dict[Pair, Counts]:
    """The pairs codevitals reports for the same window and thresholds."""
    command = [*codevitals_command(), "scan", str(repo), "--format", "json", "--quiet",
               "--since", since, "--no-default-excludes", "--cache-dir", str(cache),
               *limits.options()]  # fmt: skip
    done = subprocess.run(command, capture_output=True, check=True)
    history = json.loads(done.stdout)["history"]
    return {
        (p["first"], p["second"]): (
            p["shared_revisions"],
            p["first_revisions"],
            p["second_revisions"],
        )
        for p in history["coupling"]
    }


def codevitals_command() -> list[str]:
    """The `codevitals` beside this Python, else on PATH, else `python -m codevitals`."""
    beside = Path(sys.executable).parent / "codevitals"
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("codevitals")
    return [found] if found else [sys.executable, "-m", "codevitals"]


def compare(ours: dict[Pair, Counts], theirs: dict[Pair, Counts]) -> dict[str, Any]:
    """Agreement of the independent pairs (`ours`) with codevitals' (`theirs`)."""
    both = ours.keys() & theirs.keys()
    same = [pair for pair in both if ours[pair] == theirs[pair]]
    union = ours.keys() | theirs.keys()
    return {
        "independent_pairs": len(ours),
        "codevitals_pairs": len(theirs),
        "same_pairs_and_counts": len(same),
        "agreement": len(same) / len(union) if union else 1.0,
        "only_independent": sorted(f"{a} ↔ {b} {ours[a, b]}" for a, b in ours.keys() - both),
        "only_codevitals": sorted(f"{a} ↔ {b} {theirs[a, b]}" for a, b in theirs.keys() - both),
        "different_counts": sorted(
            f"{a} ↔ {b}: {ours[a, b]} vs {theirs[a, b]}"
            for a, b in both
            if ours[a, b] != theirs[a, b]
        ),
    }


def window_start(since: str) -> int | None:
    """The independent reading of a window: `all`, or a date at midnight UTC."""
    if since == "all":
        return None
    return int(dt.datetime.fromisoformat(since).replace(tzinfo=dt.UTC).timestamp())


def check(repo: Path, windows: Sequence[str], limits: Thresholds) -> dict[str, Any]:
    """Compare every window; the log is read once."""
    commits, alive = read_log(repo), files_at_head(repo)
    report: dict[str, Any] = {
        "repository": repo.name,
        "commit": git(repo, "rev-parse", "HEAD").strip(),
        "thresholds": vars(limits),
    }
    with tempfile.TemporaryDirectory() as cache:
        for since in windows:
            ours = coupling(change_sets(commits, window_start(since)), alive, limits)
            theirs = codevitals_pairs(repo, since, Path(cache), limits)
            report[since] = compare(ours, theirs)
    return report


def mismatches(figures: dict[str, Any], shown: int = 10) -> str:
    """The first few pairs that differ, one line each."""
    keys = ("only_independent", "only_codevitals", "different_counts")
    return "".join(f"  {key}: {line}\n" for key in keys for line in figures[key][:shown])


def summary(repository: str, since: str, figures: dict[str, Any]) -> str:
    """One line per window."""
    return (
        f"{repository} since {since}: {figures['independent_pairs']} pairs independently, "
        f"{figures['codevitals_pairs']} by codevitals, {figures['same_pairs_and_counts']} "
        f"identical: agreement {figures['agreement']:.1%}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path)
    year_ago = (dt.date.today() - dt.timedelta(days=365)).isoformat()
    parser.add_argument(
        "--since", action="append", help=f"all or a date (default: all, {year_ago})"
    )
    parser.add_argument("--min-revs", type=int, default=5)
    parser.add_argument("--min-shared-revs", type=int, default=5)
    parser.add_argument("--min-coupling", type=float, default=30.0)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    limits = Thresholds(args.min_revs, args.min_shared_revs, args.min_coupling)
    report = check(args.repo.resolve(), args.since or ["all", year_ago], limits)
    loose = "" if limits == Thresholds() else "-loose"
    for since, figures in report.items():
        if isinstance(figures, dict) and "agreement" in figures:
            print(summary(report["repository"], since, figures))
            print(mismatches(figures), end="")
    args.results.mkdir(parents=True, exist_ok=True)
    today = dt.datetime.now(dt.UTC).date()
    target = args.results / f"coupling-{report['repository']}{loose}-{today}.json"
    target.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
