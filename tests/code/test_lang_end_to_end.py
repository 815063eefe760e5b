"""PHP, Ruby, Swift and Scala end to end: bad input, deep nesting, `scan` and `explain`.

Each language gives a file with a syntax error after a good function, a function nested
thousands of levels deep, and its white paper fixture scanned in a real repository.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from codevitals.code.analyse import analyse
from codevitals.model import FileMetrics
from codevitals.parse import registry
from tests.conftest import Repo, run_cli

FIXTURES = Path(__file__).parent / "languages"
MAX = 1 << 22


@dataclass(frozen=True)
class Case:
    """One language's probes."""

    language: str
    broken: str
    """A good function `ok` (cyclomatic 2) on lines 2-4, then a syntax error from line 6."""
    deep: tuple[str, str, str, str, str]
    """Opening of a function `deep`, a nested `if`'s head, the innermost body, the `if`'s end
    and the function's."""
    fixture: str
    test_file: str
    method: str
    """A method of the fixture to explain: `Class.method`, with cognitive 2 or more."""


CASES = [
    Case(
        "php",
        "<?php\nfunction ok($a) {\n  return $a && 1;\n}\n\nfunction broken( {\n  if ($x) {}\n",
        ("<?php\nfunction deep($x) {\n", "if ($x) {\n", "f();\n", "}\n", "}\n"),
        "whitepaper.php",
        "lib/Billing/AccountTest.php",
        "Account.deposit",
    ),
    Case(
        "ruby",
        "\ndef ok(a)\n  a && 1\nend\n\ndef broken(\n  if x then end end\n",
        ("def deep(x)\n", "if x\n", "f\n", "end\n", "end\n"),
        "whitepaper.rb",
        "spec/account_spec.rb",
        "Account.deposit",
    ),
    Case(
        "swift",
        "\nfunc ok(a: Bool) -> Bool {\n  return a && true\n}\n\nfunc broken( {\n  if x {}\n",
        ("func deep(x: Bool) {\n", "if x {\n", "f()\n", "}\n", "}\n"),
        "whitepaper.swift",
        "Tests/AccountTests.swift",
        "Account.deposit",
    ),
    Case(
        "scala",
        "\ndef ok(a: Boolean) = {\n  a && true\n}\n\ndef broken( = {\n  if (x) 1\n",
        ("object A {\ndef deep(x: Boolean) = {\n", "if (x) {\n", "f()\n", "}\n", "}\n}\n"),
        "whitepaper.scala",
        "src/test/scala/AccountSpec.scala",
        "Account.deposit",
    ),
]


def measure(language: str, source: str) -> FileMetrics:
    metrics = analyse(source.encode(), max_size=MAX, language=registry.get(language)).metrics
    assert metrics is not None
    return metrics


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.language)
def test_a_syntax_error_is_reported_at_its_line_and_the_rest_is_measured(case: Case) -> None:
    metrics = measure(case.language, case.broken)
    assert metrics.syntax_error_line is not None
    assert metrics.syntax_error_line >= 6
    assert (metrics.functions[0].name, metrics.functions[0].cyclomatic) == ("ok", 2)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.language)
def test_deeply_nested_code_does_not_exhaust_the_stack(case: Case) -> None:
    depth = 3000
    opening, head, body, end, closing = case.deep
    source = opening + head * depth + body + end * depth + closing
    (deep,) = measure(case.language, source).functions
    assert (deep.cyclomatic, deep.nesting) == (depth + 1, depth)
    assert deep.cognitive == depth * (depth + 1) // 2


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.language)
def test_scan_and_explain_a_repository(case: Case, repo: Repo, tmp_path: Path) -> None:
    source = (FIXTURES / case.fixture).read_text(encoding="utf-8")
    repo.write(f"src/{case.fixture}", source, dedent=False)
    repo.write(case.test_file, (FIXTURES / case.fixture).read_text(encoding="utf-8"))
    repo.commit()
    output = tmp_path / "scan.json"
    result = run_cli(
        "scan", str(repo.root), "--no-history", "--no-deps", "--format", "json",
        "--output", str(output),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    files = {f["path"]: f for f in json.loads(output.read_text(encoding="utf-8"))["files"]}
    production = files[f"src/{case.fixture}"]
    assert (production["language"], production["role"]) == (case.language, "production")
    assert files[case.test_file]["role"] == "test"
    assert 1 <= production["health"] <= 10
    functions = {f["qualified_name"]: f for f in production["functions"]}
    assert functions[case.method]["cognitive"] >= 2
    explained = run_cli("explain", f"{repo.root}/src/{case.fixture}:{case.method}", "-q")
    assert explained.exit_code == 0, explained.output
    assert f"cognitive {functions[case.method]['cognitive']}" in explained.output
    assert "nesting 1" in explained.output
