"""The oracle checks under benchmarks/: matching, explaining lizard's Python, the scripts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, cast

import pytest

from tests.conftest import Repo

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import check_lizard  # noqa: E402  (benchmarks/ is not a package)
import check_osv_scanner  # noqa: E402
import lizard_python  # noqa: E402
import oracle_match  # noqa: E402
from oracle_match import Function, Oracle, OracleResult  # noqa: E402

LIZARD = oracle_match.oracles_home() / "lizard" / "bin" / "lizard"

# Each case: a function's lines, and lizard 1.17.10's CCN minus ruff C901's, as both tools
# printed them for these probes (lizard --csv, ruff --select C901 at max-complexity 0).
PROBES = {
    "boolean operators": ("def f(x, y):\n    return x and y or x\n", 2),
    "conditional expression": ("def f(x):\n    return 1 if x else 2\n", 1),
    "comprehension": ("def f(x):\n    return [a for a in x if a]\n", 2),
    "condition over lines": (
        "def f(x):\n    if (\n        x\n        and x.y\n    ):\n        pass\n",
        1,
    ),
    "finally": ("def f(x):\n    try:\n        pass\n    finally:\n        pass\n", 1),
    "try else": (
        "def f(x):\n    try:\n        pass\n    except A:\n        pass\n    else:\n        pass\n",
        -1,
    ),
    "loop else": ("def f(x):\n    for a in x:\n        pass\n    else:\n        pass\n", 0),
    "match with wildcard": (
        "def f(x):\n    match x:\n        case 1:\n            pass\n"
        "        case _:\n            pass\n",
        -1,
    ),
    "match without wildcard": (
        "def f(x):\n    match x:\n        case 1:\n            pass\n"
        "        case 2:\n            pass\n",
        -2,
    ),
    "match as a name": ("def f(x):\n    match = x\n    case = match\n    return case\n", 0),
    "words in strings": ("def f(x):\n    return 'a and b or c if d else e'  # and or\n", 0),
}


@pytest.mark.parametrize("case", sorted(PROBES))
def test_constructs_account_for_the_probed_difference(case: str) -> None:
    source, delta = PROBES[case]
    lines = source.splitlines()
    assert lizard_python.explain(lines, 0, 5, 5 + delta) is not None
    assert lizard_python.explain(lines, 0, 5, 5 + delta + 1) is None


def test_a_nested_function_is_explained_by_its_complexity() -> None:
    explained = lizard_python.explain(["def f(x):", "    return g"], 2, 3, 1)
    assert explained == "nested function (McCabe adds its complexity)"


def test_a_body_on_the_def_line_is_recognised() -> None:
    assert lizard_python.body_on_header(["def f(x): ..."])
    assert lizard_python.body_on_header(["def f(", "    x,", ") -> int: return x"])
    assert not lizard_python.body_on_header(["def f(x):  # comment"])
    assert not lizard_python.body_on_header(["def f(x) -> dict[str, int]:"])


def function(path: str, line: int, value: int, name: str = "f") -> Function:
    """A function with one cognitive value."""
    return Function(path, line, name, None, {"cognitive": value})


def test_matching_pairs_equal_lines_then_the_convention_once() -> None:
    ours = {("a.js", 1): function("a.js", 1, 1), ("a.js", 10): function("a.js", 10, 2)}
    theirs = {
        ("a.js", 1): function("a.js", 1, 1),
        ("a.js", 12): function("a.js", 12, 2),  # reported at its name, two lines lower
        ("a.js", 13): function("a.js", 13, 2),  # the same start line is not paired twice
    }
    found = oracle_match.match(ours, theirs, oracle_match.lines_above(3))
    assert [(a.line, b.line) for a, b in found.pairs] == [(1, 1), (10, 12)]
    assert found.shifted == 1
    assert [f.line for f in found.theirs_only] == [13]
    assert found.ours_only == []


def test_an_oracle_silent_on_zero_agrees_with_a_zero_and_not_with_more() -> None:
    oracle = Oracle("x", "cognitive", ("javascript",), lambda _r, _p: OracleResult({}), 98.0)
    silent = Oracle(**{**oracle.__dict__, "reports_zero": False})
    ours = [function("a.js", 1, 0), function("a.js", 5, 3), function("a.js", 9, 2)]
    theirs = [function("a.js", 9, 4)]
    row = oracle_match.compare_metric(silent, ours, theirs)
    assert (row["compared"], row["equal"], row["zero_by_both"]) == (3, 1, 1)
    classes = {item["class"]: item["count"] for item in row["differences"]}
    assert classes == {"x higher": 1, "only codevitals finds this function": 1}
    # An oracle that reports every function does not vouch for what it did not report.
    assert oracle_match.compare_metric(oracle, ours, theirs)["equal"] == 0


def _check_lizard(repo: Repo, tmp_path: Path) -> dict[str, Any]:
    """Run benchmarks/check_lizard.py on `repo`: the row of its one language."""
    results = tmp_path / "results"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "check_lizard.py"), str(repo.root),
         "--results", str(results)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    (written,) = results.glob("lizard-*.json")
    (row,) = json.loads(written.read_text(encoding="utf-8"))["languages"]
    return cast("dict[str, Any]", row)


@pytest.mark.skipif(not LIZARD.is_file(), reason="lizard is not installed (oracles/install.sh)")
def test_check_lizard_matches_and_explains_every_difference(repo: Repo, tmp_path: Path) -> None:
    repo.write(
        "pkg/mod.py",
        textwrap.dedent(
            """\
            def outer(items):
                def inner(x):
                    if x and items:
                        return x
                    return None
                return [inner(i) for i in items if i]


            def stub(x): ...


            def handler(x):
                try:
                    return x()
                except ValueError:
                    return None
                else:
                    pass
                finally:
                    x.close()
            """
        ),
    )
    repo.commit()
    row = _check_lizard(repo, tmp_path)
    assert (row["lizard_functions"], row["codevitals_functions"], row["matched"]) == (3, 4, 3)
    classes = {item["class"] for item in row["differences"]}
    assert not any("unexplained" in kind for kind in classes), classes
    assert any("body on the `def` line" in kind for kind in classes)


@pytest.mark.skipif(not LIZARD.is_file(), reason="lizard is not installed (oracles/install.sh)")
def test_decisions_lizard_counts_in_the_enclosing_function_are_explained(
    repo: Repo, tmp_path: Path
) -> None:
    # lizard starts the arrow function a line late, with none of its decisions, and counts
    # its `&&` in `f` (lizard: f 2, the arrow 1; codevitals: f 1, the arrow 2).
    repo.write(
        "web/f.ts",
        "function f(props: any, name: string) {\n  return props.some(\n    p =>\n"
        "      p.key === 1 &&\n      p.name === name,\n  )\n}\n",
    )
    repo.commit()
    row = _check_lizard(repo, tmp_path)
    classes = {item["class"]: item["count"] for item in row["differences"]}
    assert classes[check_lizard.FOLDED] == 1, classes
    assert not any("unexplained" in kind for kind in classes), classes


def test_a_missing_oracle_is_one_line_and_exit_code_2(repo: Repo, tmp_path: Path) -> None:
    repo.write("main.go", "package main\n\nfunc main() {\n\tif true {\n\t}\n}\n")
    repo.commit()
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "check_gocognit.py"), str(repo.root),
         "--results", str(tmp_path / "results")],
        capture_output=True, text=True, check=False,
        env={**os.environ, "CODEVITALS_ORACLES": str(tmp_path / "none")},
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    (line,) = [text for text in done.stderr.splitlines() if text.startswith("check_gocognit:")]
    assert "gocognit" in line
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "results").exists()


def test_osv_scanner_differences_are_classified_by_their_cause(tmp_path: Path) -> None:
    ours, theirs = check_osv_scanner.Side(), check_osv_scanner.Side()
    ours.sourced["RubyGems"]["erector"] = "vcs"  # a GIT gem: codevitals leaves it unknown
    ours.unversioned["Maven"].add("org.junit:junit-jupiter")
    ours.packages["Maven"] |= {("junit:junit", "4.13.2"), ("guava", "33.0.0-jre")}
    ours.packages["Go"].add(("golang.org/x/text", "v0.3.7"))
    for eco, pair in (("RubyGems", ("erector", "0.10.0")), ("Maven", ("junit:junit", "0")),
                      ("Maven", ("org.junit:junit-jupiter", "0")),
                      ("Go", ("golang.org/x/text", "0.3.7"))):  # fmt: skip
        theirs.packages[eco].add(pair)
    classes = {
        pair[0]: check_osv_scanner.classify(eco, pair, theirs, ours)
        for eco, items in theirs.packages.items()
        for pair in items
    }
    assert classes["erector"].startswith("vcs-source")
    assert classes["junit:junit"].startswith("unresolved-0")
    assert classes["org.junit:junit-jupiter"].startswith("unpinned")
    assert classes["golang.org/x/text"] == "version-spelling"
    report = check_osv_scanner.compare(ours, theirs)
    # A git gem and osv-scanner's 0 are set apart: the common ground is what both can read.
    assert report["RubyGems"]["packages"]["agreement_common_ground"] == 1.0
    assert report["Maven"]["packages"]["agreement"] < 1.0
    origin = tmp_path / "lockfiles"
    origin.mkdir()
    (origin / "ORIGIN.json").write_text('{"repo": "huginn/huginn", "commit": "694889a6"}')
    assert check_osv_scanner._origin(origin) == {"repo": "huginn/huginn", "commit": "694889a6"}


def test_functions_only_codevitals_finds_are_told_apart_by_what_lizard_lists_instead() -> None:
    def at(line: int, end: int, name: str = "f") -> Function:
        return Function("a.ts", line, name, end)

    describe, inner = at(1, 40, "(anonymous)"), at(2, 5, "(anonymous)")
    signature, lizards_late = at(10, 30, "generateCodeFrame"), at(20, 30, "repeat")
    alone = at(50, 52)
    matching = oracle_match.Matching(
        pairs=[(inner, inner)], ours_only=[describe, signature, alone], theirs_only=[lizards_late]
    )
    assert check_lizard._around_listed(matching) == {("a.ts", 1)}
    # Lizard's function starts inside ours and ends on our last line: ours, started late.
    assert check_lizard._started_late(matching) == {("a.ts", 10)}


def test_a_typescript_method_with_a_return_type_is_the_one_lizard_never_lists() -> None:
    import lizard_trees  # noqa: PLC0415

    source = b"class T {\n  a(x: number): void {\n  }\n  b(x: number) {\n  }\n}\n"
    trees = lizard_trees.Trees()
    assert trees.missed("typescript", "t.ts", source, 2) == lizard_trees.RETURN_TYPE
    assert trees.missed("typescript", "t.ts", source, 4) is None
    assert trees.missed("javascript", "t.js", b"function f() {}\n", 1) is None
