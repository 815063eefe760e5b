"""PHP through the language seam: names, arguments, cohesion and comments.

The hand-counted complexity of `languages/whitepaper.php` is checked with every fixture by
`test_languages.py`; bad input and the CLI end to end by `test_lang_end_to_end.py`.
"""

from __future__ import annotations

from pathlib import Path

from codevitals.code.analyse import analyse
from codevitals.model import FileMetrics
from codevitals.parse import registry

FIXTURE = Path(__file__).parent / "languages" / "whitepaper.php"
MAX = 1 << 22


def php(source: bytes) -> FileMetrics:
    metrics = analyse(source, max_size=MAX, language=registry.get("php")).metrics
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
    # __construct is left out, and `count`, an accessor of $this->parts; `deposit` and `retry`
    # share $this->balance.
    assert account.cohesion == (("deposit", "retry"), ("describe",))


def test_comments_and_inline_html_are_not_code() -> None:
    source = b"<?php\n// one\n# two\n/* three\n   four */\n$a = 1; // five\n"
    assert (php(source).lines, php(source).code_lines) == (6, 2)
