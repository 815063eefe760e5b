"""What the oracle checks share: the oracles' folder, codevitals' functions, matching, results.

Every `check_<oracle>.py` script runs one independent tool (lizard, eslint-plugin-sonarjs,
gocognit, PMD) and `codevitals scan` on the same repository, matches their functions by
(file, start line) and compares one metric. This module holds the codevitals side, the
matching and the results document, so that each script only knows how to run and read its
oracle and how to classify a difference.

The oracles are installed outside the repository by `benchmarks/oracles/install.sh`, into
`$CODEVITALS_ORACLES` (default `~/.cache/codevitals-oracles`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import stat
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench_scan import (
    RESULTS,
    codevitals_executable,
    codevitals_source,
    describe_machine,
    git,
    tool_version,
    write_results,
)
from codevitals.discover import LANGUAGES

SCHEMA_VERSION = 1
EXAMPLES = 8
"""Examples kept for each class of difference."""

Key = tuple[str, int]
"""(path relative to the repository, start line)."""


def oracles_home() -> Path:
    """Where install.sh put the oracles."""
    configured = os.environ.get("CODEVITALS_ORACLES")
    return Path(configured) if configured else Path.home() / ".cache" / "codevitals-oracles"


def oracle_versions() -> dict[str, str]:
    """The versions install.sh recorded, by tool (empty when it has not run)."""
    listing = oracles_home() / "versions.txt"
    if not listing.is_file():
        return {}
    pairs = (line.split(" ", 1) for line in listing.read_text(encoding="utf-8").splitlines())
    return {pair[0]: pair[1] for pair in pairs if len(pair) == 2}


def language_of(path: str) -> str | None:
    """The language codevitals gives a path, by its extension."""
    dot = path.rfind(".")
    return LANGUAGES.get(path[dot:].lower()) if dot > path.rfind("/") else None


def tracked_files(repo: Path, languages: Iterable[str]) -> dict[str, str]:
    """The repository's tracked regular files in those languages: path → language."""
    wanted = set(languages)
    listing = git(repo, "ls-files", "-z")
    languages = {path: language_of(path) for path in listing.split("\0") if path}
    return {
        path: language
        for path, language in languages.items()
        if language in wanted and _regular_file(repo / path)
    }


def _regular_file(path: Path) -> bool:
    """Whether a path is a regular file itself: a symlink is never followed out of the tree."""
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


@dataclass(frozen=True)
class Function:
    """One function as a tool reported it, with the metrics the checks compare."""

    path: str
    line: int
    name: str
    end_line: int | None = None
    values: Mapping[str, int | None] = field(default_factory=dict)


@dataclass
class Scan:
    """What `codevitals scan` reported on the files compared."""

    functions: dict[Key, Function]
    files: dict[str, str]
    """Files it analysed: path → language."""
    skipped: dict[str, str]
    """Files it left out: path → reason."""
    notices: list[str]
    partial: bool
    version: str


def _include_globs(languages: Iterable[str]) -> list[str]:
    """`--include` options selecting every extension of the languages."""
    wanted = set(languages)
    options = []
    for suffix, language in sorted(LANGUAGES.items()):
        if language in wanted:
            options += ["--include", f"*{suffix}"]
    return options


def scan_command(cache: Path, output: Path, languages: Iterable[str]) -> list[str]:
    """`codevitals scan` of the current folder: code health only, every file of the languages.

    `--no-default-excludes`, because the oracles are given every tracked file; the files the
    scan still leaves out (minified, too large, not UTF-8) come back as `skipped`.
    """
    return [
        *codevitals_executable(),
        "scan",
        "--no-history",
        "--no-deps",
        "--preset",
        "none",
        "--no-default-excludes",
        *_include_globs(languages),
        "--format",
        "json",
        "--output",
        str(output),
        "--cache-dir",
        str(cache),
        ".",
    ]


def scan(repo: Path, languages: Iterable[str]) -> Scan:
    """Run a cold `codevitals scan` on the repository and read its functions."""
    wanted = list(languages)
    with tempfile.TemporaryDirectory(prefix="codevitals-oracle-") as work:
        output = Path(work) / "scan.json"
        command = scan_command(Path(work) / "cache", output, wanted)
        done = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
        if done.returncode != 0 or not output.is_file():
            raise RuntimeError(f"codevitals scan failed ({done.returncode}): {done.stderr[-2000:]}")
        document = json.loads(output.read_text(encoding="utf-8"))
    functions: dict[Key, Function] = {}
    files: dict[str, str] = {}
    for item in document["files"]:
        files[item["path"]] = item["language"]
        for function in item["functions"]:
            values = {"cyclomatic": function["cyclomatic"], "cognitive": function["cognitive"]}
            found = Function(
                item["path"],
                function["line"],
                function.get("qualified_name") or function["name"],
                function.get("end_line"),
                values,
            )
            functions[(found.path, found.line)] = found
    skipped = {item["path"]: item.get("reason", "") for item in document.get("skipped", [])}
    notices = [str(notice) for notice in document.get("notices", [])]
    version = tool_version(*codevitals_executable(), "--version")
    return Scan(functions, files, skipped, notices, bool(document.get("partial")), version)


# -- matching ------------------------------------------------------------------------------


@dataclass
class Matching:
    """Functions of both tools paired by (file, start line)."""

    pairs: list[tuple[Function, Function]]
    """(codevitals', the oracle's)."""
    ours_only: list[Function]
    theirs_only: list[Function]
    shifted: int = 0
    """Pairs made by a line convention rather than an equal start line."""


def match(
    ours: Mapping[Key, Function],
    theirs: Mapping[Key, Function],
    convention: Callable[[Function], Iterable[int]] | None = None,
) -> Matching:
    """Pair functions at the same (file, line), then by the oracle's line convention.

    The oracle's functions left over are paired at the lines `convention` names (an oracle
    that reports, say, the line of a name rather than of the keyword), nearest first. Each
    function is paired at most once.
    """
    pairs = [(ours[key], theirs[key]) for key in theirs if key in ours]
    free = set(ours) - set(theirs)
    """codevitals' functions at lines where the oracle reports none, still to pair."""
    theirs_only = []
    shifted = 0
    for key, function in theirs.items():
        if key in ours:
            continue
        candidates = convention(function) if convention else ()
        near = next((k for k in ((function.path, n) for n in candidates) if k in free), None)
        if near is None:
            theirs_only.append(function)
        else:
            pairs.append((ours[near], function))
            free.discard(near)
            shifted += 1
    ours_only = [function for key, function in ours.items() if key in free]
    return Matching(pairs, ours_only, theirs_only, shifted)


def share(part: int, whole: int) -> float | None:
    """Percentage rounded down to 0.01, so that 100.00 means all; None of nothing."""
    return math.floor(10_000 * part / whole) / 100 if whole else None


# -- differences ---------------------------------------------------------------------------


@dataclass
class Differences:
    """Differences sorted into named classes, with a count and examples of each."""

    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, kind: str, example: dict[str, Any]) -> None:
        """Count one difference of a class, keeping the first few as examples."""
        self.counts[kind] += 1
        if len(self.examples[kind]) < EXAMPLES:
            self.examples[kind].append(example)

    def as_json(self) -> list[dict[str, Any]]:
        """The classes, most frequent first."""
        return [
            {"class": kind, "count": count, "examples": self.examples[kind]}
            for kind, count in self.counts.most_common()
        ]


def describe(function: Function) -> dict[str, Any]:
    """A function as an example in the results."""
    return {k: v for k, v in asdict(function).items() if v not in (None, {})}


def by_language(
    functions: Iterable[Function], files: Mapping[str, str]
) -> dict[str, list[Function]]:
    """Functions grouped by their file's language."""
    grouped: dict[str, list[Function]] = defaultdict(list)
    for function in functions:
        grouped[files.get(function.path) or language_of(function.path) or "?"].append(function)
    return grouped


# -- comparing one metric -----------------------------------------------------------------


@dataclass(frozen=True)
class Oracle:
    """How one check reads its oracle and compares with it."""

    name: str
    metric: str
    """The codevitals value compared: `cyclomatic` or `cognitive`."""
    languages: tuple[str, ...]
    run: Callable[[Path, list[str]], OracleResult]
    """Runs the oracle on the repository's files (relative paths)."""
    bar: float
    """Share of functions, in percent, whose values must be equal."""
    convention: Callable[[Function], Iterable[int]] | None = None
    reports_zero: bool = True
    """False for an oracle that reports only functions above 0 (a threshold of 0 or 1)."""
    folds_nested: str | None = None
    """For an oracle that counts a nested function in the one holding it and does not list
    it (gocognit's function literals), the class such a function of codevitals' is given;
    it is then not compared."""


@dataclass
class OracleResult:
    """An oracle's values by (file, line), and the files it could not read (path → why)."""

    functions: dict[Key, Function]
    unreadable: dict[str, str] = field(default_factory=dict)


def lines_above(depth: int) -> Callable[[Function], Iterable[int]]:
    """Lines where codevitals may start a function an oracle reports at its name or keyword.

    codevitals starts it up to `depth` lines higher (modifiers, annotations, a signature over
    several lines).
    """

    def candidates(function: Function) -> Iterable[int]:
        return range(function.line - 1, function.line - depth - 1, -1)

    return candidates


def compare_pairs(
    oracle: Oracle, pairs: list[tuple[Function, Function]], differences: Differences
) -> int:
    """Compare the metric of matched functions; count the equal ones, classify the others."""
    equal = 0
    for mine, other in pairs:
        value, expected = mine.values[oracle.metric] or 0, other.values[oracle.metric] or 0
        if value == expected:
            equal += 1
        else:
            higher = "codevitals" if value > expected else oracle.name
            pair = {"codevitals": describe(mine), oracle.name: describe(other)}
            differences.add(f"{higher} higher", pair)
    return equal


def _nested(functions: list[Function]) -> Iterator[Key]:
    """The functions that lie inside another function of the same file."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for function in functions:
        spans[function.path].append((function.line, function.end_line or function.line))
    for path, found in spans.items():
        for span in found:
            if any(other != span and _within(span, other) for other in found):
                yield path, span[0]


def _within(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def compare_metric(oracle: Oracle, ours: list[Function], theirs: list[Function]) -> dict[str, Any]:
    """Match one language's functions and compare one metric, classifying every difference.

    Agreement counts every function either tool reports; when the oracle reports only values
    above 0, a codevitals function it does not report has the value 0 by its account.
    """
    matching = match(
        {(f.path, f.line): f for f in ours},
        {(f.path, f.line): f for f in theirs},
        oracle.convention,
    )
    differences = Differences()
    equal = compare_pairs(oracle, matching.pairs, differences)
    zeros = 0
    folded = set(_nested(ours)) if oracle.folds_nested else set()
    for function in matching.ours_only:
        if (function.path, function.line) in folded:
            differences.add(oracle.folds_nested or "", describe(function))
        elif not oracle.reports_zero and not function.values[oracle.metric]:
            zeros += 1
        else:
            differences.add("only codevitals finds this function", describe(function))
    for function in matching.theirs_only:
        differences.add(f"only {oracle.name} finds this function", describe(function))
    left_out = sum(1 for f in matching.ours_only if (f.path, f.line) in folded)
    compared = len(matching.pairs) + len(matching.ours_only) + len(matching.theirs_only) - left_out
    return {
        "oracle_functions": len(theirs),
        "codevitals_functions": len(ours),
        "matched": len(matching.pairs),
        "matched_by_line_convention": matching.shifted,
        "matched_percent": share(len(matching.pairs), len(theirs)),
        "zero_by_both": zeros,
        "compared": compared,
        "equal": equal + zeros,
        "equal_percent": share(equal + zeros, compared),
        "differences": differences.as_json(),
    }


def check(oracle: Oracle, argv: Sequence[str] | None, doc: str) -> int:
    """A check script's whole run: parse its command line, compare, print, write results."""
    parser = argparse.ArgumentParser(description=doc.split("\n", maxsplit=1)[0])
    parser.add_argument("repo", type=Path)
    add_results_option(parser)
    args = parser.parse_args(argv)
    try:
        return _check(oracle, args)
    except (OSError, RuntimeError, subprocess.CalledProcessError) as error:
        # A missing oracle (see oracles/install.sh), a failed run: one line, exit code 2.
        print(f"check_{oracle.name}: {error}", file=sys.stderr)
        return 2


def _check(oracle: Oracle, args: argparse.Namespace) -> int:
    """Compare on the repository, print the figures and write the results file."""
    machine = describe_machine()
    files = tracked_files(args.repo, oracle.languages)
    ours = scan(args.repo, oracle.languages)
    compared = [path for path in sorted(files) if path in ours.files]
    if not compared:
        # codevitals does not analyse these languages yet: run the oracle all the same, so
        # that its side of the check is known to work.
        print(f"codevitals analysed none of the {len(files)} files", file=sys.stderr)
    result = oracle.run(args.repo, compared or sorted(files))
    kept = {k: f for k, f in result.functions.items() if f.path not in result.unreadable}
    mine = [f for f in ours.functions.values() if f.path not in result.unreadable]
    ours_by, theirs_by = by_language(mine, files), by_language(kept.values(), files)
    rows = [
        {"language": language}
        | compare_metric(oracle, ours_by.get(language, []), theirs_by[language])
        for language in oracle.languages
        if theirs_by.get(language) or ours_by.get(language)
    ]
    body = {
        "metric": oracle.metric,
        "bar_percent": oracle.bar,
        "files": {
            "tracked": len(files),
            "analysed_by_codevitals": len(compared),
            "skipped_by_codevitals": ours.skipped,
            "unreadable_by_oracle": result.unreadable,
        },
        "codevitals_partial": ours.partial,
        "languages": rows,
    }
    document = results_document(oracle.name, describe_repository(args.repo), machine, body)
    print(
        f"{args.repo}: {len(files)} files tracked, {len(compared)} analysed by codevitals, "
        f"{len(result.unreadable)} unreadable by {oracle.name}"
    )
    for row in rows:
        print(
            f"{row['language']:12} {oracle.name} {row['oracle_functions']:6} codevitals "
            f"{row['codevitals_functions']:6} matched {row['matched_percent']}% equal "
            f"{oracle.metric} {row['equal_percent']}% of {row['compared']}"
        )
        for item in row["differences"][:8]:
            print(f"    {item['count']:6}  {item['class']}")
    stem = f"{oracle.name}-{args.repo.resolve().name}"
    print(f"written: {save(document, stem, args.results)}")
    ok = rows and all((row["equal_percent"] or 0) >= oracle.bar for row in rows)
    return 0 if ok else 1


# -- results -------------------------------------------------------------------------------


def describe_repository(repo: Path) -> dict[str, Any]:
    """A repository's name and commit; for a checkout.sh tree, also the mirror's commit."""
    upstream = repo / ".git" / "mirror-commit"
    return {
        "name": repo.resolve().name,
        "commit": git(repo, "rev-parse", "HEAD").strip(),
        "upstream_commit": upstream.read_text(encoding="utf-8").strip()
        if upstream.is_file()
        else None,
    }


def results_document(
    oracle: str, repository: Any, machine: dict[str, Any], body: dict[str, Any]
) -> dict[str, Any]:
    """A check's results file: what was compared, with what, on which machine, and the body.

    `repository` is `describe_repository`'s account of the repository (or a list of them).
    """
    machine["load_average_at_end"] = os.getloadavg()
    return {
        "schema_version": SCHEMA_VERSION,
        "oracle": oracle,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "repository": repository,
        "codevitals": {"version": tool_version(*codevitals_executable(), "--version")}
        | codevitals_source(),
        "oracle_versions": oracle_versions(),
        "machine": machine,
        **body,
    }


def save(document: dict[str, Any], stem: str, folder: Path = RESULTS) -> Path:
    """Write the document to <folder>/<stem>-<date>.json (benchmarks/results by default)."""
    return write_results(document, folder, stem)


def add_results_option(parser: argparse.ArgumentParser) -> None:
    """The `--results DIR` option every check and benchmark here takes."""
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder of the results file")


__all__ = [
    "Differences",
    "Function",
    "Key",
    "Matching",
    "Scan",
    "add_results_option",
    "by_language",
    "describe",
    "describe_machine",
    "describe_repository",
    "language_of",
    "match",
    "oracles_home",
    "results_document",
    "save",
    "scan",
    "share",
    "tracked_files",
]
