"""PHP through the language seam: names, arguments, cohesion, bad input and the CLI end to end.

The hand-counted complexity of `languages/whitepaper.php` is checked with every fixture by
`test_languages.py`.
"""

from __future__ import annotations

import json
from pathlib import Path

from codevitals.code.analyze import analyze
from codevitals.model import FileMetrics
from codevitals.parse import registry
from tests.conftest import Repo, run_cli

FIXTURE = Path(__file__).parent / "languages" / "whitepaper.php"
MAX = 1 << 22


def php(source: bytes) -> FileMetrics:
    metrics = analyze(source, max_size=MAX, language=registry.get("php")).metrics
    assert metrics is not None
    return metrics


def test_files_find_the_php_front_end() -> None:
    assert registry.for_content("src/Model.php", b"").name == "php"
    assert registry.for_content("bin/artisan", b"#!/usr/bin/env php\n<?php\n").name == "php"


def test_functions_methods_and_closures_are_named_as_lizard_names_them() -> None:
    metrics = php(FIXTURE.read_bytes())
    names = [(f.qualified_name, f.arguments) for f in metrics.functions]
    assert names == [
        ("sumOfPrimes", 1),
        ("getWords", 1),
        ("myMethod", 2),
        ("chain", 4),
        ("arms", 1),
        ("colons", 1),
        ("Account.__construct", 1),
        ("Account.deposit", 1),
        ("Account.describe", 0),
        ("Account.count", 0),
        ("Account.retry", 0),
        ("Account.handlers", 0),
        ("Account.handlers.$each", 1),
        ("Account.handlers.(anonymous)", 1),
    ]


def test_an_abstract_or_interface_method_is_no_function() -> None:
    source = b"<?php\ninterface I { function a(); }\nabstract class C { abstract function b(); }\n"
    metrics = php(source)
    assert metrics.functions == ()


def test_cohesion_follows_this_arrow() -> None:
    (account,) = php(FIXTURE.read_bytes()).classes
    # __construct is left out; `deposit` and `retry` share $this->balance.
    assert account.cohesion == (("deposit", "retry"), ("describe",), ("count",))


def test_comments_and_inline_html_are_not_code() -> None:
    source = b"<?php\n// one\n# two\n/* three\n   four */\n$a = 1; // five\n"
    assert (php(source).lines, php(source).code_lines) == (6, 2)


def test_a_syntax_error_is_reported_at_its_line_and_the_rest_is_measured() -> None:
    source = b"<?php\nfunction ok($a) {\n  return $a && 1;\n}\n\nfunction broken( {\n  if ($x) {}\n"
    metrics = php(source)
    assert metrics.syntax_error_line is not None
    assert metrics.syntax_error_line >= 6
    assert (metrics.functions[0].name, metrics.functions[0].cyclomatic) == ("ok", 2)


def test_deeply_nested_code_does_not_exhaust_the_stack() -> None:
    depth = 3000
    body = "if ($x) {\n" * depth + "f();\n" + "}\n" * depth
    source = "<?php\nfunction deep($x) {\n" + body + "}\n"
    (deep,) = php(source.encode()).functions
    assert (deep.cyclomatic, deep.nesting) == (depth + 1, depth)
    assert deep.cognitive == depth * (depth + 1) // 2


def test_scan_and_explain_a_php_repository(repo: Repo, tmp_path: Path) -> None:
    repo.write("src/Account.php", FIXTURE.read_text(encoding="utf-8"), dedent=False)
    repo.write("tests/AccountTest.php", "<?php\nfunction testIt() { return 1; }\n")
    repo.commit()
    output = tmp_path / "scan.json"
    result = run_cli(
        "scan", str(repo.root), "--no-history", "--no-deps", "--format", "json",
        "--output", str(output),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    files = {f["path"]: f for f in json.loads(output.read_text(encoding="utf-8"))["files"]}
    account = files["src/Account.php"]
    assert (account["language"], account["role"]) == ("php", "production")
    assert files["tests/AccountTest.php"]["role"] == "test"
    assert 1 <= account["health"] <= 10
    by_name = {f["qualified_name"]: f for f in account["functions"]}
    assert (by_name["sumOfPrimes"]["cyclomatic"], by_name["sumOfPrimes"]["cognitive"]) == (4, 7)
    explained = run_cli("explain", f"{repo.root}/src/Account.php:Account.deposit", "-q")
    assert explained.exit_code == 0, explained.output
    assert "cognitive 3" in explained.output
    assert "loop" in explained.output
