"""A grammar that does not finish parsing a file in its budget gives the file up, not the run.

tree-sitter-kotlin spent over two minutes on a damaged 14 KB test file (five bytes flipped);
these tests shrink the budget instead of carrying such a file.
"""

from __future__ import annotations

import json

import pytest

from codevitals.code.analyse import analyse
from codevitals.code.batch import analyse_batch
from codevitals.parse import base, registry
from tests.conftest import Repo, run_cli

MAX = 1 << 20
SOURCE = b"fun f(a: Int): Int {\n    return if (a > 1) 1 else 2\n}\n"


@pytest.fixture
def no_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "PARSE_SECONDS", -1.0)
    monkeypatch.setattr(base, "PARSE_SECONDS_PER_MB", 0.0)


def test_a_parse_within_its_budget_gives_the_same_tree_as_a_plain_one() -> None:
    kotlin = registry.get("kotlin")
    metrics = analyse(SOURCE, max_size=MAX, language=kotlin).metrics
    assert metrics is not None
    assert [(f.qualified_name, f.cyclomatic) for f in metrics.functions] == [("f", 2)]


@pytest.mark.usefixtures("no_time")
def test_a_parse_past_its_budget_raises_naming_the_line(monkeypatch: pytest.MonkeyPatch) -> None:
    kotlin = registry.get("kotlin")
    with pytest.raises(base.ParseTooSlowError, match=r"stuck at line 1\); not analysed"):
        analyse(SOURCE, max_size=MAX, language=kotlin)
    # The front end's parser, given up on one file, parses the next from its start.
    monkeypatch.setattr(base, "PARSE_SECONDS", 5.0)
    metrics = analyse(SOURCE, max_size=MAX, language=kotlin).metrics
    assert metrics is not None
    assert [(f.qualified_name, f.cyclomatic) for f in metrics.functions] == [("f", 2)]


@pytest.mark.usefixtures("no_time")
def test_a_worker_reports_the_file_as_too_slow() -> None:
    [(path, record, reason, message)] = analyse_batch([("f.kt", "f.kt", SOURCE)], MAX)
    assert (path, record, reason) == ("f.kt", None, "too-slow")
    assert message.startswith("the grammar did not finish parsing it in")


def test_a_scan_goes_on_and_is_partial(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    def stuck(source: bytes) -> base.Tree:
        raise base.ParseTooSlowError("the grammar did not finish (stuck at line 2)")

    # Kotlin's grammar alone runs out of time: the Python file is measured as ever.
    monkeypatch.setattr(registry.get("kotlin"), "parse", stuck)
    repo.write("app/f.kt", SOURCE.decode())
    repo.write("app/ok.py", "def ok(a):\n    return a\n")
    repo.commit()
    result = run_cli("scan", str(repo.root), "-q", "--no-history", "--no-deps", "-f", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["partial"] is True
    assert [(n["path"], n["reason"]) for n in document["notices"]] == [("app/f.kt", "too-slow")]
    assert [f["path"] for f in document["files"]] == ["app/ok.py"]


def test_explain_names_why_a_file_was_given_up(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    def stuck(source: bytes) -> base.Tree:
        raise base.ParseTooSlowError("the grammar did not finish (stuck at line 2)")

    monkeypatch.setattr(registry.get("kotlin"), "parse", stuck)
    repo.write("app/f.kt", SOURCE.decode())
    repo.commit()
    result = run_cli("explain", str(repo.root / "app/f.kt"), "-q")
    assert result.exit_code == 2
    assert "app/f.kt: not analysed (too-slow)" in result.stderr
