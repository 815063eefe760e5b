"""Compare codevitals' functions and cyclomatic complexity with lizard's, per language.

    python benchmarks/check_lizard.py REPO [--language L ...] [--lizard PATH] [--results DIR]

lizard (pinned to 1.17.10 by benchmarks/oracles/install.sh: 1.24.x dies on most TypeScript
repositories) is given the repository's tracked files of each language and prints its
function list as CSV; `codevitals scan --no-history --no-deps --format json` reads the same
repository. Only files both analysed are compared: the files codevitals skips (minified,
too large, not UTF-8) are counted and left out. Functions are matched by (file, start line);
lizard starts a function where its name or keyword is, so a function it reports a line or
two below codevitals' start (a decorator, a signature over several lines) is matched there
and counted as matched by that convention.

Per language it reports the functions each tool found, the share of lizard's matched, the
share of matched functions with equal CCN, and every difference sorted into classes
(`classify` below names each construct lizard's tokens count differently), with examples.
The figures go to benchmarks/results/lizard-<repo>-<date>.json; exit 0 when every language
meets the issue's bar (95 % matched, 95 % equal), else 1.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lizard_braces
import lizard_python
import lizard_tokens
import lizard_trees
from oracle_match import (
    Differences,
    Function,
    Key,
    Matching,
    Scan,
    add_results_option,
    by_language,
    describe,
    describe_machine,
    describe_repository,
    match,
    oracles_home,
    results_document,
    save,
    scan,
    share,
    tracked_files,
)

LIZARD_LANGUAGES = {
    "python": "python",
    "javascript": "javascript",
    "typescript": "typescript",
    "go": "go",
    "java": "java",
    "c": "cpp",
    "cpp": "cpp",
    "csharp": "csharp",
    "rust": "rust",
    "kotlin": "kotlin",
    "php": "php",
    "ruby": "ruby",
    "swift": "swift",
    "scala": "scala",
}
"""codevitals' language → the name lizard's `-l` option takes."""
BAR = 95.0
"""The issue's bar, in percent, for both the match and the agreement."""
SHIFT = 3
"""Lines below codevitals' start where lizard may put a function's start (see `convention`)."""

_ROW = re.compile(
    r"^(?P<nloc>\d+),(?P<ccn>\d+),\d+,(?P<params>\d+),\d+,"
    r'"(?P<name>.*?)@(?P<start>\d+)-(?P<end>\d+)@(?P<file>[^"]*)",'
)


def lizard_functions(lizard: Path, repo: Path, paths: Sequence[str]) -> dict[Key, Function]:
    """Run lizard over the files (listed in a file, so any number fits) and read its CSV."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as listing:
        listing.write("\n".join(paths) + "\n")
        listing.flush()
        done = subprocess.run(
            [str(lizard), "--csv", "-f", listing.name],
            cwd=repo,
            capture_output=True,
            check=False,
        )
    if done.returncode not in (0, 1):  # 1: some function is over lizard's warning thresholds
        raise RuntimeError(f"lizard failed: {done.stderr.decode(errors='replace')[-2000:]}")
    found: dict[Key, Function] = {}
    for line in done.stdout.decode(errors="replace").splitlines():
        row = _ROW.match(line)
        if row is None:
            continue
        path = row["file"].removeprefix("./")
        function = Function(
            path, int(row["start"]), row["name"], int(row["end"]), {"cyclomatic": int(row["ccn"])}
        )
        found[(path, function.line)] = function
    return found


def convention(function: Function) -> Iterable[int]:
    """Lines where codevitals may start a function lizard starts at `function.line`.

    codevitals starts a function at its first line (the `def`, `func` or modifiers, a
    decorator excluded); lizard at the token it recognises as the name, which can be lines
    lower when modifiers, annotations or a long signature come first.
    """
    return range(function.line - 1, function.line - SHIFT - 1, -1)


ANNOTATIONS = 40
"""How far below codevitals' start lizard may name a function it pairs by name (see below)."""


def below_annotations(matching: Matching) -> Matching:
    """Pair what is left where lizard starts below annotations that codevitals starts at.

    Java's and Kotlin's annotations (`@Deprecated(…)` over six lines) and long modifier lists
    put lizard's start, at the name, further below codevitals' than the line convention
    reaches. A function lizard alone names is paired with one codevitals alone found in the
    same file when their names end alike and lizard's line falls within the first
    `ANNOTATIONS` lines of codevitals' function.
    """
    free: dict[str, list[Function]] = defaultdict(list)
    for function in matching.ours_only:
        free[function.path].append(function)
    pairs, theirs_only, shifted = list(matching.pairs), [], matching.shifted
    for theirs in matching.theirs_only:
        ours = next((f for f in free[theirs.path] if _annotated(f, theirs)), None)
        if ours is None:
            theirs_only.append(theirs)
            continue
        free[theirs.path].remove(ours)
        pairs.append((ours, theirs))
        shifted += 1
    ours_only = [f for f in matching.ours_only if f in free[f.path]]
    return Matching(pairs, ours_only, theirs_only, shifted)


def _annotated(ours: Function, theirs: Function) -> bool:
    end = min(ours.line + ANNOTATIONS, ours.end_line or ours.line)
    name = lizard_trees.own_name(theirs.name)
    # An anonymous function has no name to tell one from another nearby.
    named = name != "(anonymous)" and name == lizard_trees.own_name(ours.name)
    return named and ours.line < theirs.line <= end


# -- classes of difference -----------------------------------------------------------------


@dataclass
class Source:
    """The compared files' lines, and codevitals' functions by file, to explain differences."""

    repo: Path
    functions: dict[str, list[Function]] = field(default_factory=lambda: defaultdict(list))
    lines: dict[str, list[str]] = field(default_factory=dict)
    contents: dict[str, bytes] = field(default_factory=dict)
    lizards: dict[tuple[str, int], Function] = field(default_factory=dict)
    """lizard's function paired with each of codevitals', by codevitals' (path, line)."""

    def file_bytes(self, path: str) -> bytes:
        """A file's bytes (read once)."""
        if path not in self.contents:
            self.contents[path] = (self.repo / path).read_bytes()
        return self.contents[path]

    def file_lines(self, path: str) -> list[str]:
        """A file's lines (read once)."""
        if path not in self.lines:
            text = self.file_bytes(path).decode("utf-8", errors="replace")
            self.lines[path] = text.splitlines()
        return self.lines[path]

    def uncounted(self, function: Function) -> int:
        """The decisions of a function lizard does not count in the function it lists there."""
        ours = function.values["cyclomatic"] or 1
        theirs = self.lizards.get((function.path, function.line))
        return ours - ((theirs.values["cyclomatic"] or 1) if theirs is not None else 1)

    def children(self, function: Function) -> list[Function]:
        """The functions directly nested in one (inside it, and in no other nested one)."""
        end = function.end_line or function.line
        inside = [
            other
            for other in self.functions[function.path]
            if function.line < other.line <= end and (other.end_line or other.line) <= end
        ]
        return [
            child
            for child in inside
            if not any(o.line < child.line <= (o.end_line or o.line) for o in inside if o != child)
        ]

    def own_lines(self, function: Function) -> list[str]:
        """A function's lines without those of the functions nested in it."""
        lines = self.file_lines(function.path)
        hidden = {
            number
            for child in self.children(function)
            for number in range(child.line, (child.end_line or child.line) + 1)
        }
        end = function.end_line or function.line
        return [lines[n - 1] for n in range(function.line, end + 1) if n not in hidden]


def classify(language: str, source: Source, pair: tuple[Function, Function]) -> str:
    """Name the constructs that account for a CCN difference, or call it unexplained."""
    mine, lizards = pair
    ours, theirs = mine.values["cyclomatic"] or 0, lizards.values["cyclomatic"] or 0
    direction = "codevitals higher" if ours > theirs else "lizard higher"
    theirs_end, ours_end = lizards.end_line or lizards.line, mine.end_line or mine.line
    if theirs_end < ours_end:
        return "lizard ends the function early (it loses the body after some signatures)"
    if theirs_end > ours_end:
        return "lizard runs the function on past its end (after a body on the `def` line)"
    return constructs(language, source, mine, theirs - ours) or f"unexplained; {direction}"


FOLDED = (
    "decisions of a nested function lizard counts in this one"
    " (it lists the nested function late or not at all)"
)


def constructs(language: str, source: Source, mine: Function, difference: int) -> str | None:
    """The constructs of the language that account for lizard's CCN minus codevitals'.

    Where they do not, the decisions lizard does not count in the nested functions (one it
    does not list, an arrow function over several lines it starts a line late and ends
    early, a Kotlin lambda it ends early) may: lizard counts them in the function around.
    """
    found = _constructs(language, source, mine, difference)
    if found is not None or language == "python":  # lizard_python folds nested functions
        return found
    folded = sum(source.uncounted(child) for child in source.children(mine))
    if folded <= 0:
        return None
    if folded == difference:
        return FOLDED
    rest = _constructs(language, source, mine, difference - folded)
    return f"{rest} + {FOLDED}" if rest is not None else None


def _constructs(language: str, source: Source, mine: Function, difference: int) -> str | None:
    children = source.children(mine)
    if language == "python":
        nested = sum(child.values["cyclomatic"] or 0 for child in children)
        ours = mine.values["cyclomatic"] or 0
        return lizard_python.explain(source.own_lines(mine), nested, ours, ours + difference)
    if language in lizard_braces.LANGUAGES:
        # lizard folds a nested function's decisions, not its base 1, into the enclosing one.
        nested = sum((child.values["cyclomatic"] or 1) - 1 for child in children)
        return lizard_braces.explain(language, source.own_lines(mine), nested, difference)
    ours = mine.values["cyclomatic"] or 0
    return lizard_tokens.explain(language, source.own_lines(mine), ours, ours + difference)


# -- per-language comparison ---------------------------------------------------------------


def compare_language(
    repo: Path, language: str, ours: list[Function], theirs: list[Function]
) -> dict[str, Any]:
    """Match one language's functions, compare CCN and classify every difference."""
    matching = below_annotations(
        match(
            {(f.path, f.line): f for f in ours}, {(f.path, f.line): f for f in theirs}, convention
        )
    )
    differences = Differences()
    source = Source(repo)
    for function in ours:
        source.functions[function.path].append(function)
    source.lizards = {(mine.path, mine.line): theirs for mine, theirs in matching.pairs}
    equal = 0
    for mine, lizards in matching.pairs:
        if mine.values["cyclomatic"] == lizards.values["cyclomatic"]:
            equal += 1
        else:
            kind = classify(language, source, (mine, lizards))
            differences.add(kind, {"codevitals": describe(mine), "lizard": describe(lizards)})
    unmatched(language, source, matching, differences)
    matched = len(matching.pairs)
    return {
        "language": language,
        "lizard_functions": len(theirs),
        "codevitals_functions": len(ours),
        "matched": matched,
        "matched_by_line_convention": matching.shifted,
        "matched_percent": share(matched, len(theirs)),
        "equal_ccn": equal,
        "equal_ccn_percent": share(equal, matched),
        "differences": differences.as_json(),
    }


def unmatched(language: str, source: Source, matching: Matching, differences: Differences) -> None:
    """Functions only one tool found, as classes of difference."""
    trees = lizard_trees.Trees()
    for function in matching.theirs_only:
        line = source.file_lines(function.path)[function.line - 1]
        why = (
            lizard_braces.lizard_only(language, function.name)
            or lizard_tokens.phantom(language, line)
            or trees.phantom(
                language,
                function.path,
                source.file_bytes(function.path),
                (function.line, function.name),
            )
        )
        kind = "only lizard finds this function" + (f": {why}" if why else "")
        differences.add(kind, describe(function))
    late = _started_late(matching)
    around = _around_listed(matching)
    for function in matching.ours_only:
        kind = "only codevitals finds this function"
        if language == "python" and lizard_python.body_on_header(source.own_lines(function)):
            kind += ": body on the `def` line (lizard's Python reader drops it)"
        elif why := lizard_tokens.missed(
            language, source.file_lines(function.path)[function.line - 1]
        ) or trees.missed(language, function.path, source.file_bytes(function.path), function.line):
            kind += f": {why}"
        elif (function.path, function.line) in late:
            kind += f": {STARTED_LATE}"
        elif (function.path, function.line) in around:
            kind += f": {AROUND_LISTED}"
        differences.add(kind, describe(function))


STARTED_LATE = (
    "lizard lists it from a later line, named after something in its body (it does not read"
    " the signature)"
)


AROUND_LISTED = (
    "lizard lists functions inside it but not it (it loses track of where the outer one ends)"
)


def _around_listed(matching: Matching) -> set[tuple[str, int]]:
    """Our unmatched functions that hold a function both tools list.

    A test file's `describe` callback whose `it` callbacks lizard lists, say: lizard reports a
    function when it reaches its end, and after code it misreads it never reaches this one's.
    """
    return _ours_only_where(matching, [mine for mine, _ in matching.pairs], _holds)


def _started_late(matching: Matching) -> set[tuple[str, int]]:
    """Our unmatched functions that lizard lists from a later line, under another name.

    After a signature it cannot read, lizard names the function after a call in it.
    """
    return _ours_only_where(matching, matching.theirs_only, _ends_with)


def _ours_only_where(
    matching: Matching,
    others: Iterable[Function],
    relation: Callable[[Function, Function], bool],
) -> set[tuple[str, int]]:
    """Our unmatched functions to which some function of `others` in their file relates."""
    by_path: dict[str, list[Function]] = defaultdict(list)
    for other in others:
        by_path[other.path].append(other)
    return {
        (mine.path, mine.line)
        for mine in matching.ours_only
        if any(relation(mine, other) for other in by_path[mine.path])
    }


def _holds(outer: Function, inner: Function) -> bool:
    """Whether `inner` starts below `outer`'s first line and within it."""
    return outer.line < inner.line <= (outer.end_line or outer.line)


def _ends_with(outer: Function, inner: Function) -> bool:
    """Whether `inner` starts inside `outer` and ends where it ends (± 1 line)."""
    end = outer.end_line or outer.line
    return _holds(outer, inner) and abs((inner.end_line or inner.line) - end) <= 1


def passed(row: dict[str, Any]) -> bool:
    """Whether one language meets both bars."""
    return (row["matched_percent"] or 0) >= BAR and (row["equal_ccn_percent"] or 0) >= BAR


def print_row(row: dict[str, Any]) -> None:
    """One language's figures and its largest classes of difference."""
    print(
        f"{row['language']:12} lizard {row['lizard_functions']:6} codevitals "
        f"{row['codevitals_functions']:6} matched {row['matched_percent']}% "
        f"({row['matched_by_line_convention']} by line convention) "
        f"equal CCN {row['equal_ccn_percent']}%"
    )
    for item in row["differences"][:12]:
        print(f"    {item['count']:6}  {item['class']}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument(
        "--language",
        action="append",
        choices=sorted(LIZARD_LANGUAGES),
        help="compare only this language (repeatable; default: every language lizard reads)",
    )
    parser.add_argument("--lizard", type=Path, default=oracles_home() / "lizard" / "bin" / "lizard")
    add_results_option(parser)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Compare, print the figures and write the results file."""
    args = parse_args(argv)
    if not args.lizard.is_file():
        print(f"check_lizard: {args.lizard}: not installed (see oracles/)", file=sys.stderr)
        return 2
    try:
        return compare(args)
    except (OSError, RuntimeError, subprocess.CalledProcessError) as error:
        print(f"check_lizard: {error}", file=sys.stderr)  # a failed run: one line, exit 2
        return 2


def compare(args: argparse.Namespace) -> int:
    """Compare on the repository, print the figures and write the results file."""
    machine = describe_machine()
    languages = args.language or sorted(LIZARD_LANGUAGES)
    files = tracked_files(args.repo, languages)
    ours: Scan = scan(args.repo, set(files.values()))
    compared = [path for path in sorted(files) if path in ours.files]
    theirs = lizard_functions(args.lizard, args.repo, compared)
    ours_by = by_language(ours.functions.values(), files)
    theirs_by = by_language(theirs.values(), files)
    rows = [
        compare_language(args.repo, language, ours_by.get(language, []), theirs_by[language])
        for language in sorted(set(files.values()))
        if theirs_by.get(language) or ours_by.get(language)
    ]
    body = {
        "files": {"tracked": len(files), "compared": len(compared), "skipped": ours.skipped},
        "codevitals_partial": ours.partial,
        "languages": rows,
    }
    document = results_document("lizard", describe_repository(args.repo), machine, body)
    print(f"{args.repo}: {len(compared)} files compared, {len(ours.skipped)} skipped by codevitals")
    for row in rows:
        print_row(row)
    print(f"written: {save(document, f'lizard-{args.repo.resolve().name}', args.results)}")
    return 0 if rows and all(passed(row) for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
