"""JavaScript and TypeScript through the language seam: fixtures with hand-counted values.

Each fixture under `languages/` marks a function's first line with `expect: cyclomatic=N
cognitive=M` and every cognitive increment with `+N` (as the outermost function sees it), so
the comments are the test. The white paper's examples (sumOfPrimes = 7, getWords = 1) are
among them, written in each language.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from importlib import metadata
from pathlib import Path

import pytest

import codevitals
from codevitals.code.analyse import analyse, cache_key, explain
from codevitals.model import FileMetrics
from codevitals.parse import registry
from codevitals.parse.base import Language, grammar_version
from tests.conftest import GIT_ENV, Repo

FIXTURES = Path(__file__).parent / "languages"
MAX = 1 << 20
_EXPECT = re.compile(r"expect: cyclomatic=(\d+) cognitive=(\d+)")
_INCREMENT = re.compile(r"(?<![\w=])\+(\d+)")


def measured(path: Path) -> tuple[FileMetrics, Language]:
    data = path.read_bytes()
    language = registry.for_content(path.name, data)
    metrics = analyse(data, max_size=MAX, language=language).metrics
    assert metrics is not None
    return metrics, language


def comments(path: Path) -> list[tuple[int, str]]:
    """Each line's `//` comment, by line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(n, line.split("// ", 1)[1]) for n, line in enumerate(lines, 1) if "// " in line]


FILES = sorted(p.name for p in FIXTURES.iterdir())


@pytest.mark.parametrize("name", FILES)
def test_functions_have_the_hand_counted_complexity(name: str) -> None:
    path = FIXTURES / name
    metrics, _ = measured(path)
    expected = {
        line: (int(m[1]), int(m[2])) for line, text in comments(path) if (m := _EXPECT.search(text))
    }
    found = {f.line: (f.cyclomatic, f.cognitive) for f in metrics.functions}
    assert found == expected
    assert metrics.syntax_error_line is None


@pytest.mark.parametrize("name", FILES)
def test_increments_per_line(name: str) -> None:
    path = FIXTURES / name
    metrics, language = measured(path)
    increments = explain(path.read_bytes(), language)
    seen: Counter[int] = Counter()
    for function in metrics.functions:
        # Where an outer function holds its nested ones' increments, count them once.
        if not function.nested or not language.nested_functions_count_in:
            for increment in increments[(function.qualified_name, function.line)]:
                seen[increment.line] += increment.points
    annotated: Counter[int] = Counter()
    for line, text in comments(path):
        annotated[line] += sum(int(points) for points in _INCREMENT.findall(text))
    assert +seen == +annotated


def test_each_suffix_has_its_front_end() -> None:
    names = {s: registry.for_content(f"a{s}", b"").name for s in (".js", ".mjs", ".cjs", ".jsx")}
    assert set(names.values()) == {"javascript"}
    assert registry.for_content("a.ts", b"").name == "typescript"
    assert registry.for_content("a.mts", b"").name == "typescript"
    assert registry.for_content("a.tsx", b"").name == "tsx"
    assert registry.for_content("bin/tool", b"#!/usr/bin/env node\n").name == "javascript"
    assert registry.for_content("bin/tool", b"#!/usr/bin/env python3\n").name == "python"


def test_functions_are_named_as_lizard_names_them() -> None:
    metrics, _ = measured(FIXTURES / "whitepaper.js")
    names = [f.qualified_name for f in metrics.functions]
    assert names == [
        "sumOfPrimes",
        "getWords",
        "myMethod",
        "chain",
        "withCallbacks",
        "withCallbacks.(anonymous)",
        "Account.constructor",
        "Account.deposit",
        "Account.describe",
        "Account.retry",
        "onClick",
        "onKey",
        "Greeting",
    ]


def test_arguments_count_every_parameter_form() -> None:
    source = b"function f(a, b = 1, { c }, [d], ...e) {}\nconst g = x => x;\n"
    metrics = analyse(source, max_size=MAX, language=registry.get("javascript")).metrics
    assert metrics is not None
    assert [(f.name, f.arguments) for f in metrics.functions] == [("f", 5), ("g", 1)]


def test_typescript_parameters_and_overloads() -> None:
    metrics, _ = measured(FIXTURES / "whitepaper.ts")
    by_name = {f.qualified_name: f for f in metrics.functions}
    assert by_name["parse"].arguments == 2
    assert by_name["Store.add"].arguments == 2
    assert "Store.name" not in by_name  # abstract: no body, no function


def test_cohesion_follows_this() -> None:
    metrics, _ = measured(FIXTURES / "whitepaper.js")
    (account,) = metrics.classes
    # The constructor touches everything and is left out; `retry` and `deposit` share balance.
    assert account.cohesion == (("deposit", "retry"), ("describe",))


def test_cohesion_reads_private_and_dollar_members() -> None:
    source = b"""class Counter {
  #count = 0;
  inc() { this.#count++; this.#step(); }
  #step() { this.#count += this.#delta; }
  mount() { this.$el = document.body; this.$refs = {}; }
  render() { return this.$el.innerHTML + this.$refs.x; }
}
"""
    metrics = analyse(source, max_size=MAX, language=registry.get("javascript")).metrics
    assert metrics is not None
    assert metrics.classes[0].cohesion == (("inc", "#step"), ("mount", "render"))


def test_comments_are_not_code() -> None:
    source = b"// one\n/* two\n   three */\nconst a = 1; // four\nconst s = '// five';\n"
    metrics = analyse(source, max_size=MAX, language=registry.get("javascript")).metrics
    assert metrics is not None
    assert (metrics.lines, metrics.code_lines) == (5, 2)


def test_a_syntax_error_is_reported_at_its_line_and_the_rest_is_measured() -> None:
    source = b"function ok(a) {\n  return a && 1;\n}\n\nfunction broken( {\n  if (x) {}\n"
    metrics = analyse(source, max_size=MAX, language=registry.get("typescript")).metrics
    assert metrics is not None
    assert metrics.syntax_error_line is not None
    assert metrics.syntax_error_line >= 5
    assert metrics.functions[0].name == "ok"
    assert metrics.functions[0].cyclomatic == 2


def test_deeply_nested_code_does_not_exhaust_the_stack() -> None:
    depth = 3000
    source = (
        "function deep(x) {\n"
        + "if (x) {\n" * depth
        + "x();\n"
        + "}\n" * depth
        + "}\n"
        + "const nested = "
        + "() =>\n" * depth
        + "1;\n"
    ).encode()
    metrics = analyse(source, max_size=MAX * 4, language=registry.get("javascript")).metrics
    assert metrics is not None
    deep = metrics.functions[0]
    assert (deep.cyclomatic, deep.nesting) == (depth + 1, depth)
    assert deep.cognitive == depth * (depth + 1) // 2
    assert len(metrics.functions) == depth + 1


def test_the_cache_key_holds_the_front_end_and_its_grammar_version() -> None:
    blob = "0" * 40
    keys = {front.name: cache_key(blob, MAX, front) for front in registry.FRONT_ENDS}
    assert len(set(keys.values())) == len(registry.FRONT_ENDS)
    assert grammar_version("tree-sitter-javascript") != "unknown"


def test_grammar_versions_are_those_of_the_installed_distributions() -> None:
    for front in registry.FRONT_ENDS:
        assert grammar_version(front.grammar) == metadata.version(front.grammar), front.grammar
    assert grammar_version("no-such-grammar-distribution") == "unknown"


def test_a_scan_starts_without_importlib_metadata(repo: Repo) -> None:
    # Importing it costs a warm scan more CPU than the rest of its start-up bar click.
    repo.write("app.py", "def f(x):\n    return x\n")
    repo.write("web.js", "function g(y) { return y; }\n")
    repo.commit()
    script = (
        "import sys\n"
        "from codevitals.cli import main\n"
        "try:\n"
        "    main(['scan', '--no-history', '--no-deps', '--format', 'json', '--output',"
        " 'out.json', '.'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('importlib.metadata' in sys.modules)\n"
    )
    for _ in ("cold", "warm"):
        done = subprocess.run(
            [sys.executable, "-c", script],
            cwd=repo.root,
            env={**os.environ, **GIT_ENV, "PYTHONPATH": str(Path(codevitals.__file__).parents[1])},
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        assert done.stdout.strip().splitlines()[-1] == "False", done.stderr


def test_explanations_name_the_language_s_own_constructs() -> None:
    source = (
        b"function f(a) {\n"
        b"  switch (a) { case 1: break; }\n"
        b"  try { g(); } catch (e) { h(); }\n"
        b"  if (a) { g(); } else if (a > 1) { h(); } else { i(); }\n"
        b"}\n"
    )
    increments = explain(source, registry.get("javascript"))[("f", 1)]
    assert [inc.reason for inc in increments] == ["switch", "catch", "if", "else if", "else"]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("a && b && c", 1),
        ("a || b || c", 0),
        ("a ?? b", 0),
        ("a && b || c && d", 2),
        ("a && (b && c)", 1),
        ("(a && b) || (c && d)", 2),
        ("!(a && b) && c", 2),
    ],
)
def test_boolean_sequences_count_runs_of_and(expression: str, expected: int) -> None:
    source = f"function f(a, b, c, d) {{\n  return {expression};\n}}\n".encode()
    metrics = analyse(source, max_size=MAX, language=registry.get("javascript")).metrics
    assert metrics is not None
    assert metrics.functions[0].cognitive == expected


@pytest.mark.parametrize(
    ("child", "expected"),
    [
        ("{ready && <List />}", 0),
        ("{ready && loaded && <List />}", 0),
        ("{ready && loaded || <Spinner />}", 1),
        ("{ready && (loaded ? <List /> : null)}", 2),
    ],
)
def test_a_chain_guarding_markup_is_no_increment(child: str, expected: int) -> None:
    source = f"function Page({{ ready, loaded }}) {{\n  return <div>{child}</div>;\n}}\n".encode()
    metrics = analyse(source, max_size=MAX, language=registry.get("tsx")).metrics
    assert metrics is not None
    assert metrics.functions[0].cognitive == expected


def test_a_long_chain_in_markup_does_not_recurse() -> None:
    chain = " &&\n".join(f"v{n}" for n in range(5000))
    source = f"const Page = () => (\n  <div>{{{chain}}}</div>\n);\n".encode()
    metrics = analyse(source, max_size=MAX, language=registry.get("javascript")).metrics
    assert metrics is not None
    assert metrics.functions[0].cognitive == 0
    assert metrics.functions[0].cyclomatic == 5000


def test_suppression_comments_use_the_language_s_comment() -> None:
    source = (
        b"// codevitals: ignore[complex-method]\n"
        b"function f(a) {\n"
        b"  return a;\n"
        b"}\n"
        b"const s = '// codevitals: ignore-file';\n"
    )
    metrics = analyse(source, max_size=MAX, language=registry.get("javascript")).metrics
    assert metrics is not None
    assert [(s.line, s.target, s.rules) for s in metrics.suppressions] == [
        (1, 2, ("complex-method",))
    ]


def test_a_callback_s_nesting_is_its_own() -> None:
    source = (
        b"function outer(items) {\n"
        b"  if (items) {\n"
        b"    items.forEach((item) => {\n"
        b"      if (item) {\n"
        b"        for (const x of item) {\n"
        b"          while (x) { x(); }\n"
        b"        }\n"
        b"      }\n"
        b"    });\n"
        b"  }\n"
        b"}\n"
    )
    metrics = analyse(source, max_size=MAX, language=registry.get("javascript")).metrics
    assert metrics is not None
    outer, callback = metrics.functions
    assert (outer.nesting, callback.nesting) == (1, 3)
    assert (outer.cognitive, callback.cognitive) == (1, 6)


def test_an_arrow_function_is_placed_at_its_arrow() -> None:
    # lizard and SonarJS both report an arrow function at its `=>`.
    source = (
        b"const tokenize = (\n"
        b"  text: string,\n"
        b"  strict: boolean,\n"
        b"): string[] => {\n"
        b"  return [];\n"
        b"};\n"
        b"function f(\n"
        b"  a: number,\n"
        b") {}\n"
    )
    metrics = analyse(source, max_size=MAX, language=registry.get("typescript")).metrics
    assert metrics is not None
    assert [(f.name, f.line, f.end_line) for f in metrics.functions] == [
        ("tokenize", 4, 6),
        ("f", 7, 9),
    ]


def test_a_conditional_in_a_ternary_s_condition_is_not_nested() -> None:
    # SonarJS nests a `?:`'s branches, not its condition.
    source = b"function f(a, b, c) {\n  return (a ? b : c) ? (b ? 1 : 2) : 3;\n}\n"
    metrics = analyse(source, max_size=MAX, language=registry.get("javascript")).metrics
    assert metrics is not None
    assert metrics.functions[0].cognitive == 1 + 1 + 2


def test_a_callback_in_a_ternary_branch_starts_at_nesting_zero() -> None:
    source = (
        b"function f(debug) {\n  return debug ? (p) => {\n    if (p) { g(); }\n  } : null;\n}\n"
    )
    metrics = analyse(source, max_size=MAX, language=registry.get("javascript")).metrics
    assert metrics is not None
    assert [(f.line, f.cognitive) for f in metrics.functions] == [(1, 1), (2, 1)]
