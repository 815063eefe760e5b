"""Cyclomatic complexity equals ruff's C901 (McCabe) value for every function.

ruff itself is the oracle: every snippet is written to a file, ruff reports each function's
value (`max-complexity = 0` reports them all) and codevitals must agree. Each snippet also
carries the value worked out by hand from ruff's rules, so a change in either tool shows up.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from codevitals.code.analyse import analyse
from codevitals.model import FunctionMetrics
from tests.conftest import Repo

ROOT = Path(__file__).resolve().parents[2]


def match_function(*patterns: str) -> str:
    """`def f(a)` holding one `match a` with a case for each pattern."""
    cases = "".join(f"        case {pattern}:\n            pass\n" for pattern in patterns)
    return f"def f(a):\n    match a:\n{cases}"


# Each case: source, and the expected value of each function by qualified name.
CASES: dict[str, tuple[str, dict[str, int]]] = {
    "straight-line": ("def f(a):\n    return a\n", {"f": 1}),
    "if": ("def f(a):\n    if a:\n        pass\n", {"f": 2}),
    "if-else": (  # else adds no path of its own
        "def f(a):\n    if a:\n        pass\n    else:\n        pass\n",
        {"f": 2},
    ),
    "elif-chain": (  # 1 + if + elif + elif
        """
        def f(a):
            if a == 1:
                pass
            elif a == 2:
                pass
            elif a == 3:
                pass
            else:
                pass
        """,
        {"f": 4},
    ),
    "one-line-if-elif": (
        "def f(a):\n    if a: return 1\n    elif a > 1: return 2\n",
        {"f": 3},
    ),
    "if-inside-else": (  # 1 + if + inner if
        "def f(a, b):\n    if a:\n        pass\n    else:\n        if b:\n            pass\n",
        {"f": 3},
    ),
    "for-else": (  # 1 + for; the else clause is not counted
        "def f(a):\n    for x in a:\n        pass\n    else:\n        pass\n",
        {"f": 2},
    ),
    "while-else": (  # 1 + while + if inside the else
        "def f(a):\n    while a:\n        break\n    else:\n        if a:\n            pass\n",
        {"f": 3},
    ),
    "async-for": (  # 1 + async for + if
        "async def f(a):\n    async for x in a:\n        if x:\n            pass\n",
        {"f": 3},
    ),
    "async-with": (  # with is no branch, its body counts
        "async def f(a):\n    async with a:\n        if a:\n            pass\n",
        {"f": 2},
    ),
    "with-several-items": (
        "def f(a, c):\n    with (a as b, c as d):\n        for x in b:\n            pass\n",
        {"f": 2},
    ),
    "try-two-handlers": (  # 1 + except + except
        """
        def f():
            try:
                pass
            except ValueError:
                pass
            except (KeyError, TypeError):
                pass
        """,
        {"f": 3},
    ),
    "bare-except": ("def f():\n    try:\n        pass\n    except:\n        pass\n", {"f": 2}),
    "try-else": (  # 1 + except + else
        """
        def f():
            try:
                pass
            except ValueError:
                pass
            else:
                pass
        """,
        {"f": 3},
    ),
    "try-finally": (  # finally is no branch; the ifs in both blocks are
        """
        def f(a):
            try:
                if a:
                    pass
            finally:
                if a:
                    pass
        """,
        {"f": 3},
    ),
    "except-star": (  # 1 + except* + except* + else
        """
        def f():
            try:
                pass
            except* ValueError:
                pass
            except* KeyError:
                pass
            else:
                pass
        """,
        {"f": 4},
    ),
    "expressions-do-not-count": (
        """
        def f(a, b, c):
            x = a and b or c
            y = 1 if a else 2
            z = [v for v in a if v if v > 1]
            w = lambda: 1 if a else 2
            return any(v for v in a if v), x, y, z, w
        """,
        {"f": 1},
    ),
    "walrus-condition": (
        "def f(a):\n    if (n := len(a)) > 1:\n        return n\n",
        {"f": 2},
    ),
    "nested-def": (  # f: 1 + (1 + if) for g
        "def f(a):\n    def g():\n        if a:\n            pass\n    return g\n",
        {"f": 3, "f.g": 2},
    ),
    "nested-async-def": (
        "def f(a):\n    async def g():\n        if a:\n            pass\n    return g\n",
        {"f": 3, "f.g": 2},
    ),
    "decorated-nested-def": (
        "def f(a):\n    @dec\n    def g():\n        while a:\n            pass\n    return g\n",
        {"f": 3, "f.g": 2},
    ),
    "two-levels-of-nested-defs": (  # h 2; g 1 + h; k 1; f 1 + g + k
        """
        def f():
            def g():
                def h():
                    if x:
                        pass
            def k():
                pass
        """,
        {"f": 5, "f.g": 3, "f.g.h": 2, "f.k": 1},
    ),
    "defs-in-branches": (  # 1 + if + (1) + (1 + if)
        """
        def f(a, b):
            if a:
                def g():
                    pass
            else:
                def g():
                    if b:
                        pass
        """,
        {"f": 5, "f.g": 2},
    ),
    "class-in-def": (  # 1 + if in the class body + (1 + for) for the method
        """
        def f(a):
            class C:
                if a:
                    x = 1
                def m(self):
                    for y in a:
                        pass
            return C
        """,
        {"f": 4, "f.C.m": 2},
    ),
    "method-of-nested-class": (
        "class A:\n    class B:\n        def m(self):\n            if self:\n"
        "                pass\n",
        {"A.B.m": 2},
    ),
    "deep-nesting": (  # 1 + for + while + if + except
        """
        def f(a):
            for x in a:
                while x:
                    if x:
                        try:
                            pass
                        except ValueError:
                            pass
        """,
        {"f": 5},
    ),
    "match-single-wildcard": (match_function("_"), {"f": 1}),
    # a final irrefutable case is the match's `else`
    "match-last-wildcard": (match_function("1", "_"), {"f": 2}),
    "match-last-capture": (match_function("1", "x"), {"f": 2}),
    "match-last-wildcard-as": (match_function("1", "_ as x"), {"f": 2}),
    "match-last-capture-as": (match_function("1", "x as y"), {"f": 2}),
    "match-last-group-wildcard": (match_function("1", "(_)"), {"f": 2}),
    "match-last-double-group": (match_function("1", "((_))"), {"f": 2}),
    "match-last-group-capture": (match_function("1", "(x)"), {"f": 2}),
    "match-last-group-as": (match_function("1", "(_) as y"), {"f": 2}),
    "match-last-or-with-wildcard": (match_function("1", "2 | _"), {"f": 2}),
    "match-last-grouped-or-with-wildcard": (match_function("1", "(2 | _)"), {"f": 2}),
    # a guard makes it refutable
    "match-last-wildcard-guarded": (match_function("1", "_ if a"), {"f": 3}),
    "match-wildcard-not-last": (match_function("_ if a", "1"), {"f": 3}),
    # `Color.RED` is a value pattern, not a capture
    "match-last-dotted-value": (match_function("1", "Color.RED"), {"f": 3}),
    # `(x,)` is a sequence pattern, unlike `(x)`
    "match-last-one-tuple": (match_function("1", "(x,)"), {"f": 3}),
    "match-last-star-sequence": (match_function("1", "[*_]"), {"f": 3}),
    "match-last-open-sequence": (match_function("1", "x, y"), {"f": 3}),
    # a trailing comma makes a one-item sequence pattern of a capture
    "match-last-capture-comma": (match_function("1", "x,"), {"f": 3}),
    "match-last-capture-as-comma": (match_function("1", "x as y,"), {"f": 3}),
    "match-last-class-pattern": (match_function("1", "object()"), {"f": 3}),
    "match-last-literal": (match_function("1", "None"), {"f": 3}),
    "match-comment-after-last-case": (
        """
        def f(a):
            match a:
                case 1:
                    pass
                case _:
                    pass
                # a comment after the last case is not a case
        """,
        {"f": 2},
    ),
    "match-comment-between-cases": (
        """
        def f(a):
            match a:
                case 1:
                    pass
                # comment
                case _:  # trailing
                    pass
        """,
        {"f": 2},
    ),
    "match-in-match": (  # 1 + (case 1 + inner (case 2)) ; both `_` cases are free
        """
        def f(a, b):
            match a:
                case 1:
                    match b:
                        case 2:
                            pass
                        case _:
                            pass
                case _:
                    pass
        """,
        {"f": 3},
    ),
    "module-level-code-is-no-function": (
        "if a:\n    pass\nclass C:\n    for x in y:\n        pass\n",
        {},
    ),
}


def _ruff_values(folder: Path) -> dict[str, dict[tuple[int, str], int]]:
    """Run ruff C901 over every file in the folder: {file stem: {(row, name): value}}."""
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", "--ignore-noqa",
         "--target-version", "py314", "--select", "C901",
         "--config", "lint.mccabe.max-complexity = 0", "--output-format", "json", str(folder)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    values: dict[str, dict[tuple[int, str], int]] = {path.stem: {} for path in folder.glob("*.py")}
    for item in json.loads(done.stdout):
        assert item["code"] == "C901", item["message"]  # no snippet may fail to parse
        match = re.fullmatch(r"`(.+)` is too complex \((\d+) > 0\)", item["message"])
        assert match is not None, item["message"]
        row = item["location"]["row"]
        values[Path(item["filename"]).stem][(row, match[1])] = int(match[2])
    return values


@pytest.fixture(scope="module")
def ruff_values(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[tuple[int, str], int]]:
    """ruff's value for every function of every case, from one ruff run."""
    folder = tmp_path_factory.mktemp("snippets")
    for name, (source, _) in CASES.items():
        (folder / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    return _ruff_values(folder)


def functions(source: str) -> tuple[FunctionMetrics, ...]:
    metrics = analyse(textwrap.dedent(source).encode(), max_size=10**7).metrics
    assert metrics is not None
    return metrics.functions


@pytest.mark.parametrize("case", sorted(CASES))
def test_equals_ruff(case: str, ruff_values: dict[str, dict[tuple[int, str], int]]) -> None:
    ours = {(f.line, f.name): f.cyclomatic for f in functions(CASES[case][0])}
    assert ours == ruff_values[case]


@pytest.mark.parametrize("case", sorted(CASES))
def test_equals_hand_count(case: str) -> None:
    source, expected = CASES[case]
    assert {f.qualified_name: f.cyclomatic for f in functions(source)} == expected


def test_benchmark_script_agrees_and_skips_unparsable_files(repo: Repo) -> None:
    repo.write("pkg/good.py", CASES["deep-nesting"][0])
    repo.write("pkg/matching.py", CASES["match-comment-after-last-case"][0])
    # ruff still reports values for a file with a semantic error (names bound differently
    # in the alternatives of an or-pattern), so that file is compared.
    repo.write("pkg/semantic.py", match_function("1 | x"))
    repo.write("pkg/broken.py", "def f(:\n    pass\n")
    repo.commit()
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "check_cyclomatic.py"), str(repo.root)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "files:               4" in done.stdout
    assert "ruff cannot parse:   1" in done.stdout
    assert "agreement:           100.00% (3/3)" in done.stdout
