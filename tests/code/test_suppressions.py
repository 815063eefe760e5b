"""Suppression comments: where they are found, what they silence, and what they leave unused."""

from __future__ import annotations

import json
from typing import Any

from codevitals.code import analyse, incremental, suppressions
from codevitals.code.health import Policy, assess
from codevitals.model import FileHealth, Role, SourceFile, Suppression
from tests.conftest import Repo, run_cli
from tests.schemas import validator

FILE = SourceFile("a.py", "0" * 40, "python", Role.PRODUCTION)

NESTED = """\
def handle(events):{comment}
    for event in events:
        if event:
            for target in event:
                if target:
                    return target
"""
"""A function nested 4 deep: deep-nesting (CV103) and nothing else."""

MANY = """\
import functools


{above}@functools.cache{decorator}
def many(a, b, c, d, e, f):
    return a
"""
"""A decorated function with six arguments: excess-arguments (CV107) and nothing else."""


def _health(text: str, policy: Policy | None = None) -> FileHealth:
    metrics = analyse.analyse(text.encode(), max_size=1_000_000).metrics
    assert metrics is not None
    return assess(FILE, metrics, (), policy or Policy.build())


def test_forms_and_the_lines_they_apply_to() -> None:
    text = b"""\
x = 1  # codevitals: ignore[deep-nesting, CV101]
# codevitals: ignore-file[large-file]

# codevitals: ignore

@decorator  # codevitals: ignore [excess-arguments]
def f():
    pass
"""
    assert suppressions.find(text) == (
        Suppression(1, 1, ("deep-nesting", "CV101")),
        Suppression(2, None, ("large-file",)),
        Suppression(4, 7, ()),
        Suppression(6, 7, ("excess-arguments",)),
    )


def test_look_alikes_are_not_suppressions() -> None:
    text = b"# codevitals: ignored\n# codevitals: ignore=deep-nesting\n# codevitals ignore\n"
    assert suppressions.find(text) == ()


def test_the_prefix_is_a_parameter_for_other_languages() -> None:
    text = b"int f() { // codevitals: ignore[deep-nesting]\n# codevitals: ignore\n"
    assert suppressions.find(text, suppressions.CommentSyntax(prefix=b"//")) == (
        Suppression(1, 1, ("deep-nesting",)),
    )


def test_a_string_quoting_the_form_silences_nothing() -> None:
    text = '"""Write `# codevitals: ignore[deep-nesting]` on the def line."""\n\n\n' + NESTED
    metrics = analyse.analyse(text.format(comment="").encode(), max_size=1_000_000).metrics
    assert metrics is not None
    assert metrics.suppressions == ()


def test_a_suppression_on_the_def_line_silences_that_biomarker_only() -> None:
    loud = _health(NESTED.format(comment=""))
    quiet = _health(NESTED.format(comment="  # codevitals: ignore[deep-nesting]"))

    assert [b.name for b in loud.biomarkers] == ["deep-nesting"]
    assert loud.health < 10
    assert quiet.biomarkers == ()
    assert quiet.health == 10
    assert quiet.functions[0].health == 10
    assert quiet.functions[0].biomarkers == ()
    assert [(b.name, b.line, b.file_points) for b in quiet.suppressed] == [("deep-nesting", 1, 0)]
    assert quiet.suppressed[0].points == loud.biomarkers[0].points  # what it would cost
    assert quiet.unused_suppressions == ()


def test_a_code_works_as_well_as_a_name() -> None:
    assert _health(NESTED.format(comment="  # codevitals: ignore[cv103]")).health == 10


def test_above_the_decorators_on_a_decorator_or_on_the_def_line() -> None:
    assert _health(MANY.format(above="", decorator="")).biomarkers != ()
    comment = "# codevitals: ignore[excess-arguments]"
    for above, decorator in ((comment + "\n", ""), ("", "  " + comment)):
        found = _health(MANY.format(above=above, decorator=decorator))
        assert found.biomarkers == ()
        assert [b.name for b in found.suppressed] == ["excess-arguments"]
    on_def = MANY.format(above="", decorator="").replace(":\n    return", ":  " + comment + "\n ")
    assert _health(on_def).biomarkers == ()


def test_another_rule_or_another_line_is_unused() -> None:
    other_rule = _health(NESTED.format(comment="  # codevitals: ignore[deep-nesting, CV107]"))
    assert other_rule.biomarkers == ()
    assert other_rule.unused_suppressions == (Suppression(1, 1, ("CV107",)),)

    elsewhere = _health(
        "# codevitals: ignore[deep-nesting]\nx = 1\n\n\n" + NESTED.format(comment="")
    )
    assert [b.name for b in elsewhere.biomarkers] == ["deep-nesting"]
    assert elsewhere.unused_suppressions == (Suppression(1, 2, ("deep-nesting",)),)


def test_file_level_forms() -> None:
    named = _health("# codevitals: ignore-file[deep-nesting]\n" + NESTED.format(comment=""))
    assert named.biomarkers == ()
    assert [b.name for b in named.suppressed] == ["deep-nesting"]
    bare = _health(NESTED.format(comment="") + "# codevitals: ignore-file\n")
    assert bare.biomarkers == ()
    unused = _health("# codevitals: ignore-file\nx = 1\n")
    assert unused.unused_suppressions == (Suppression(1, None, ()),)


def test_a_rule_the_policy_does_not_run_is_not_reported_unused() -> None:
    text = NESTED.format(comment="  # codevitals: ignore[deep-nesting]")
    assert _health(text, Policy.build(ignore=["deep-nesting"])).unused_suppressions == ()


def test_unknown_rule_names_are_named_with_a_hint() -> None:
    found = suppressions.find(b"def f():  # codevitals: ignore[deep-nestin, CV103]\n    pass\n")
    assert [line for line, _ in suppressions.unknown(found)] == [1]
    assert "did you mean 'deep-nesting'" in next(iter(suppressions.unknown(found)))[1]


def test_measuring_by_pieces_keeps_the_suppressions() -> None:
    text = ("class A:\n    x = 1\n\n    def g(self):\n        pass\n\n\n" + NESTED).format(
        comment="  # codevitals: ignore[deep-nesting]"
    )
    whole = analyse.encode(analyse.analyse(text.encode(), max_size=1_000_000))
    assert incremental.analyse_encoded(text.encode(), max_size=1_000_000) == whole
    decoded = analyse.decode(whole).metrics
    assert decoded is not None
    assert decoded.suppressions == (Suppression(8, 8, ("deep-nesting",)),)


def _scan(repo: Repo) -> dict[str, Any]:
    result = run_cli("scan", str(repo.root), "-q", "--format", "json", "--no-deps", "--offline")
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    validator("scan.schema.json").validate(document)
    return document


def test_scan_json_lists_suppressed_and_unused_and_warns(repo: Repo) -> None:
    repo.write("a.py", NESTED.format(comment="  # codevitals: ignore[deep-nesting, CV999]"))
    repo.write("b.py", "# codevitals: ignore[complex-method]\ndef fine():\n    return 1\n")
    repo.commit()

    result = run_cli("scan", str(repo.root), "--no-deps", "--offline")
    assert "a.py:1: suppression: unknown biomarker 'CV999'" in result.stderr
    assert "b.py:1: unused-suppression: `codevitals: ignore[complex-method]`" in result.stderr
    document = _scan(repo)
    files = {item["path"]: item for item in document["files"]}
    assert files["a.py"]["biomarkers"] == []
    assert [b["name"] for b in files["a.py"]["suppressed"]] == ["deep-nesting"]
    assert files["b.py"]["unused_suppressions"] == [
        {"line": 1, "scope": "line", "rules": ["complex-method"]}
    ]
    assert document["summary"]["suppressed"] == 1
    assert document["summary"]["production"]["biomarkers"] == 0


def test_editing_the_comment_is_seen_through_the_cache(repo: Repo) -> None:
    repo.write("a.py", NESTED.format(comment=""))
    repo.commit()
    assert _scan(repo)["files"][0]["health"] < 10  # now cached
    repo.write("a.py", NESTED.format(comment="  # codevitals: ignore[deep-nesting]"))
    assert _scan(repo)["files"][0]["health"] == 10
    repo.write("a.py", NESTED.format(comment=""))
    assert _scan(repo)["files"][0]["health"] < 10


def test_the_gate_passes_new_debt_that_is_suppressed(repo: Repo) -> None:
    repo.write("a.py", "x = 1\n")
    repo.commit()
    repo.write("a.py", "x = 1\n\n\n" + NESTED.format(comment=""))
    loud = run_cli("gate", str(repo.root), "-q", "--base", "main")
    assert loud.exit_code == 1
    repo.write("a.py", "x = 1\n\n\n" + NESTED.format(comment="  # codevitals: ignore[CV103]"))
    quiet = run_cli("gate", str(repo.root), "-q", "--base", "main")
    assert quiet.exit_code == 0, quiet.output


def test_plan_and_explain(repo: Repo) -> None:
    repo.write("a.py", NESTED.format(comment="  # codevitals: ignore[deep-nesting]"))
    repo.commit()
    plan = run_cli("plan", str(repo.root), "-q", "--format", "json", "--offline", "--no-deps")
    assert plan.exit_code == 0, plan.output
    assert json.loads(plan.stdout)["plan"]["items"] == []
    explained = run_cli("explain", str(repo.root / "a.py") + ":handle")
    assert "Suppressed by a `codevitals: ignore` comment" in explained.stdout
    assert "CV103 deep-nesting" in explained.stdout


def test_the_terminal_summary_counts_suppressed_biomarkers(repo: Repo) -> None:
    repo.write("a.py", NESTED.format(comment="  # codevitals: ignore[deep-nesting]"))
    repo.commit()
    result = run_cli("scan", str(repo.root), "-q", "--no-deps", "--offline")
    assert "0 biomarkers" in result.stdout
    assert "1 suppressed" in result.stdout


def test_the_gate_warns_about_the_change_s_suppressions_only(repo: Repo) -> None:
    repo.write("a.py", "# codevitals: ignore[deep-nesting]\nx = 1\n")
    repo.commit()
    repo.write("b.py", "# codevitals: ignore[large-file]\ny = 2\n")
    result = run_cli("gate", str(repo.root), "--base", "main")
    assert result.exit_code == 0, result.output
    assert "b.py:1: unused-suppression" in result.stderr
    assert "a.py:1: unused-suppression" in result.stderr  # the head still holds it
    assert "(in base" not in result.stderr
