"""Compare codevitals' cyclomatic complexity with ruff's C901 on every tracked file of a repo.

Usage: python benchmarks/check_cyclomatic.py REPO_PATH

ruff reports every function when `max-complexity` is 0, at the row of the function's name;
codevitals reports the row of its `def`. Functions are matched by (file, line, name). ruff
reports nothing but syntax errors for a file it cannot parse, and only warns about a file it
cannot read (one not in UTF-8), so such files are left out and counted (a file with no
function and a semantic syntax error is counted among them). Files a scan would skip
(generated, minified) are measured all the same, the way `analyse` measures. A mismatch in a
file where tree-sitter found a syntax error (and ruff did not) names the error's line.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from codevitals.code import source
from codevitals.code.walk import Walker
from codevitals.parse import python

_MESSAGE = re.compile(r"^`(?P<name>.+)` is too complex \((?P<value>\d+) > 0\)$")
_UNREAD = re.compile(r"^warning: Failed to lint (.+?): ", re.MULTILINE)
_BATCH = 400
"""Files per ruff invocation, to stay well below command-line length limits."""

Key = tuple[str, int, str]
"""(relative path, line, function name)."""


@dataclass
class RuffResult:
    """Complexities ruff reported, and the files it could not parse."""

    values: dict[Key, int]
    unparsable: set[str]


def tracked_python_files(repo: Path) -> list[str]:
    """Paths of tracked `.py` files, relative to the repository root."""
    listing = subprocess.run(
        ["git", "-C", str(repo), "ls-files", "-z", "--", "*.py"],
        capture_output=True,
        check=True,
    ).stdout
    return [path for path in listing.decode().split("\0") if path and (repo / path).is_file()]


def ruff_complexities(repo: Path, paths: list[str]) -> RuffResult:
    """Run ruff C901 with threshold 0 over the files, in batches."""
    result = RuffResult({}, set())
    syntax_errors: set[str] = set()
    command = [
        sys.executable,
        "-m",
        "ruff",
        "check",
        "--isolated",
        "--no-cache",
        "--no-fix",
        "--ignore-noqa",  # suppression comments would hide values
        "--target-version",  # the newest, so no valid syntax is reported as an error
        "py314",
        "--select",
        "C901",
        "--config",
        "lint.mccabe.max-complexity = 0",
        "--output-format",
        "json",
    ]
    for first in range(0, len(paths), _BATCH):
        batch = paths[first : first + _BATCH]
        done = subprocess.run([*command, *batch], cwd=repo, capture_output=True, check=False)
        if done.returncode not in (0, 1):
            raise RuntimeError(f"ruff failed: {done.stderr.decode(errors='replace')}")
        # A file ruff cannot read (not UTF-8, say) is only a warning, with no values.
        unread = _UNREAD.findall(done.stderr.decode(errors="replace"))
        syntax_errors.update(Path(path).as_posix() for path in unread)
        for item in json.loads(done.stdout):
            path = Path(item["filename"]).relative_to(repo.resolve()).as_posix()
            if item["code"] != "C901":
                syntax_errors.add(path)
                continue
            match = _MESSAGE.match(item["message"])
            if match is None:
                raise RuntimeError(f"unexpected ruff message: {item['message']}")
            key = (path, item["location"]["row"], match["name"])
            result.values[key] = int(match["value"])
    # Semantic errors (a name bound differently in `|` patterns, say) still come with every
    # function's value; only a file that did not parse yields errors and nothing else.
    result.unparsable = syntax_errors - {path for path, _, _ in result.values}
    return result


@dataclass
class OurResult:
    """Complexities codevitals computed, and the files a scan would skip (by reason)."""

    values: dict[Key, int]
    skipped: Counter[str]
    syntax_errors: dict[str, int]
    """First line tree-sitter could not parse, by path."""


def our_complexities(repo: Path, paths: list[str]) -> OurResult:
    """Measure each file as `analyse` does, including files a scan would skip as generated."""
    result = OurResult({}, Counter(), {})
    for path in paths:
        data = (repo / path).read_bytes()
        reason = source.skip_reason(data, max_size=10**9)
        if reason is not None:
            result.skipped[reason] += 1
        text = source.decode(data).utf8
        tree = python.parse(text)
        error_line = python.first_error_line(tree)
        if error_line is not None:
            result.syntax_errors[path] = error_line
        for scope in Walker(text).walk(python.captures(tree)).functions:
            result.values[(path, scope.line, scope.name)] = scope.cyclomatic
    return result


def main(argv: list[str]) -> int:
    """Compare both tools on one repository; exit 1 when they disagree anywhere."""
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    repo = Path(argv[1])
    paths = tracked_python_files(repo)
    ruff = ruff_complexities(repo, paths)
    ours = our_complexities(repo, [path for path in paths if path not in ruff.unparsable])
    compared = set(ruff.values) | set(ours.values)
    mismatches = sorted(key for key in compared if ours.values.get(key) != ruff.values.get(key))
    agreeing = len(compared) - len(mismatches)
    print(f"repository:          {repo}")
    print(f"files:               {len(paths)}")
    print(f"ruff cannot parse:   {len(ruff.unparsable)}")
    skipped = ", ".join(f"{reason}: {count}" for reason, count in sorted(ours.skipped.items()))
    note = f" ({skipped}; compared all the same)" if skipped else ""
    print(f"scan would skip:     {ours.skipped.total()}{note}")
    print(f"functions compared:  {len(compared)}")
    # Rounded down, so that 100.00% means no mismatch at all.
    share = math.floor(10_000 * agreeing / len(compared)) / 100 if compared else 100.0
    print(f"agreement:           {share:.2f}% ({agreeing}/{len(compared)})")
    for path, line, name in mismatches:
        ours_value = ours.values.get((path, line, name), "-")
        ruff_value = ruff.values.get((path, line, name), "-")
        error = ours.syntax_errors.get(path)
        note = f" (tree-sitter syntax error at line {error})" if error else ""
        print(f"  {path}:{line} {name}: ours {ours_value} vs ruff {ruff_value}{note}")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
