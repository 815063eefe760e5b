"""The gate on real git repositories: it fails on new debt only, and says why."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest

from codevitals.findings import select
from codevitals.scan import ScanOptions, scan
from tests.conftest import Repo, run_cli

SIMPLE = '''\
"""Billing."""


def total(lines):
    """Sum the lines."""
    return sum(line.price for line in lines)
'''

TANGLED = '''

def settle(order, customer, coupon, region, currency, rounding):
    """Settle an order."""
    amount = 0
    for line in order.lines:
        if line.taxable and region.taxes or customer.exempt:
            for tax in region.taxes:
                if tax.applies(line):
                    while amount > coupon:
                        if currency:
                            amount -= rounding
                        else:
                            amount += 1
    return amount
'''

UNTANGLED = '''

def settle(order, rules):
    """Settle an order."""
    return sum(rules.price(line) for line in order.lines)
'''


def _gate(repo: Repo, *args: str) -> tuple[int, str, str]:
    result = run_cli("gate", str(repo.root), "-q", *args)
    return result.exit_code, result.stdout, result.stderr


def _json(repo: Repo, *args: str) -> dict[str, object]:
    code, out, err = _gate(repo, "--format", "json", *args)
    assert code in (0, 1), err
    document: dict[str, object] = json.loads(out)
    return document


@pytest.fixture
def billing(repo: Repo) -> Repo:
    repo.write("billing.py", SIMPLE, dedent=False)
    repo.commit("base")
    return repo


def test_adding_a_complex_function_fails_and_names_it(billing: Repo) -> None:
    billing.write("billing.py", SIMPLE + TANGLED, dedent=False)

    code, out, _ = _gate(billing, "--base", "main")

    assert code == 1
    assert "FAILED" in out
    assert "billing.py:9  settle  CV102 cognitive-complexity" in out
    assert "new cognitive-complexity in `settle`" in out
    assert "health 10.00 →" in out


def test_moving_code_so_lines_shift_does_not_fail(billing: Repo) -> None:
    billing.write("billing.py", SIMPLE + TANGLED, dedent=False)
    billing.commit("legacy debt")
    # Lines above the tangled function: every biomarker moves down, none is new.
    shifted = SIMPLE.replace('"""Billing."""', '"""Billing.\n\nMore words.\n"""\n\nRATE = 2')
    billing.write("billing.py", shifted + TANGLED, dedent=False)

    code, out, err = _gate(billing, "--base", "main")

    assert code == 0, out + err
    assert "PASSED" in out


def test_moving_a_function_to_another_file_creates_no_new_biomarkers(billing: Repo) -> None:
    billing.write("billing.py", SIMPLE + TANGLED, dedent=False)
    billing.commit("legacy debt")
    billing.write("billing.py", SIMPLE, dedent=False)
    billing.write("settlement.py", '"""Settlement."""\n' + TANGLED, dedent=False)

    document = _json(billing, "--base", "main", "--check", "biomarkers")

    assert document["passed"] is True, document["problems"]


def test_a_refactor_that_improves_health_passes_and_says_so(billing: Repo) -> None:
    billing.write("billing.py", SIMPLE + TANGLED, dedent=False)
    billing.commit("legacy debt")
    billing.write("billing.py", SIMPLE + UNTANGLED, dedent=False)

    code, out, _ = _gate(billing, "--base", "main")

    assert code == 0
    assert "Improved" in out
    assert "billing.py" in out
    assert "→ 10.00" in out
    markdown = _gate(billing, "--base", "main", "--format", "markdown")[1]
    assert "### What improved" in markdown
    assert "settle" in markdown  # the resolved biomarkers name the function


def test_a_baseline_suppresses_existing_debt(billing: Repo, tmp_path: Path) -> None:
    billing.write("billing.py", SIMPLE + TANGLED + '\nTOKEN = "hunter2hunter2"\n', dedent=False)
    baseline = tmp_path / "baseline.json"
    code, _, err = _gate(billing, "--write-baseline", str(baseline))
    assert code == 0, err
    billing.write("billing.py", "\n\n" + SIMPLE + TANGLED + '\nTOKEN = "hunter2hunter2"\n',
                  dedent=False)  # fmt: skip

    assert _gate(billing, "--base", "main")[0] == 1
    code, out, _ = _gate(billing, "--base", "main", "--baseline", str(baseline))
    assert code == 0, out
    assert "accepted by the baseline" in out
    # The baseline accepts what it lists, not more: a second tangled function still fails.
    billing.write("extra.py", '"""Extra."""\n' + TANGLED.replace("settle", "settle_again"))
    code, out, _ = _gate(billing, "--base", "main", "--baseline", str(baseline))
    assert code == 1
    assert "settle_again" in out


def test_new_findings_fail_and_shifted_findings_do_not(billing: Repo) -> None:
    billing.write("billing.py", SIMPLE + '\nPASSWORD = "hunter2"\n', dedent=False)
    billing.commit("a finding")
    billing.write("billing.py", "import os\n\n" + SIMPLE + '\nPASSWORD = "hunter2"\n',
                  dedent=False)  # fmt: skip
    assert _gate(billing, "--base", "main", "--check", "findings")[0] == 0

    billing.write("keys.py", 'AWS = "AKIAIOSFODNN7EXAMPLE"\n')
    document = _json(billing, "--base", "main", "--check", "findings")
    problems = document["problems"]
    assert isinstance(problems, list)
    assert [(p["code"], p["path"], p["line"]) for p in problems] == [("CVS101", "keys.py", 1)]
    assert "AKIAIOSFODNN7EXAMPLE" not in json.dumps(document)  # redacted


@dataclass(frozen=True, slots=True)
class _KeptOnly(ScanOptions):
    def checks_findings(self, path: str, blob_id: str) -> bool:
        return path == "kept.py"


def test_a_scan_checks_for_findings_only_the_files_its_options_check(repo: Repo) -> None:
    # The gate's options check only the files a change touched; other scans check them all.
    repo.write("kept.py", 'PASSWORD = "hunter2"\n')
    repo.write("left.py", 'PASSWORD = "hunter2"\n')
    repo.commit("two passwords")
    selection = select(["security"], [], [])
    found = scan(repo.root, _KeptOnly(findings=selection, history=None, plan=None)).findings
    assert found is not None
    assert {f.path for f in found.files if f.findings} == {"kept.py"}
    every = scan(repo.root, ScanOptions(findings=selection, history=None, plan=None)).findings
    assert every is not None
    assert {f.path for f in every.files if f.findings} == {"kept.py", "left.py"}


def test_min_severity_lets_minor_findings_through(billing: Repo) -> None:
    billing.write("billing.py", SIMPLE + "\n\ndef Undocumented():\n    return 1\n", dedent=False)
    args = ("--base", "main", "--check", "findings", "--preset", "google")
    assert _gate(billing, *args)[0] == 1
    assert _gate(billing, *args, "--min-severity", "major")[0] == 0


def test_head_ref_compares_two_commits_without_touching_the_work_tree(billing: Repo) -> None:
    billing.write("billing.py", SIMPLE + TANGLED, dedent=False)
    billing.commit("debt")
    billing.write("billing.py", "# work in progress\n")

    code, out, _ = _gate(billing, "--base", "main~1", "--head", "main")

    assert code == 1
    assert "settle" in out
    assert (billing.root / "billing.py").read_text() == "# work in progress\n"
    assert billing.git("status", "--porcelain") == " M billing.py\n"


def test_changes_on_the_base_branch_after_branching_do_not_count(billing: Repo) -> None:
    billing.git("checkout", "-q", "-b", "feature")
    billing.write("feature.py", '"""Feature."""\n')
    billing.commit("feature")
    billing.git("checkout", "-q", "main")
    billing.write("billing.py", SIMPLE + TANGLED, dedent=False)  # debt added on main
    billing.commit("debt on main")
    billing.git("checkout", "-q", "feature")

    assert _gate(billing, "--base", "main")[0] == 0  # judged against the merge base
    assert _gate(billing, "--base", "main", "--no-merge-base")[0] == 0  # debt *removed*


def test_policy_from_the_gate_table_and_unknown_keys(billing: Repo) -> None:
    billing.write("billing.py", SIMPLE + TANGLED, dedent=False)
    billing.write(".codevitals.toml", '[gate]\nbase = "main"\ncheck = ["findings"]\n')
    code, _, err = _gate(billing)
    assert code == 0, err  # only findings are checked, and there are none new

    billing.write(".codevitals.toml", '[gate]\nbase = "main"\ntolerence = 1\n')
    code, _, err = _gate(billing)
    assert code == 2
    assert "unknown key 'tolerence'; did you mean 'tolerance'?" in err

    billing.write(".codevitals.toml", 'fail-under = 5\n[gate]\nbase = "main"\n')
    assert _gate(billing)[0] == 1  # scan's keys are accepted; the gate still fails
    assert run_cli("scan", str(billing.root), "-q").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "gate needs --base REF"),
        (("--base", "nope"), "'nope' names no commit"),
        (("--base", "--upload-pack=x"), "not a revision"),
        (("--baseline", "missing.json"), "cannot read the baseline"),
    ],
)
def test_usage_errors_are_one_line_and_exit_two(
    billing: Repo, args: tuple[str, ...], message: str
) -> None:
    code, _, err = _gate(billing, *args)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_outside_git_the_gate_is_a_usage_error(folder: Repo) -> None:
    folder.write("a.py", "x = 1\n")
    result = run_cli("gate", str(folder.root), "--base", "main")
    assert result.exit_code == 2
    assert "needs a git repository" in result.stderr


def test_renaming_or_deleting_a_file_with_debt_passes(billing: Repo) -> None:
    billing.write("billing.py", SIMPLE + TANGLED + '\nPASSWORD = "hunter2"\n', dedent=False)
    billing.commit("legacy debt")
    billing.git("mv", "billing.py", "invoicing.py")
    assert _gate(billing, "--base", "main")[0] == 0
    (billing.root / "invoicing.py").unlink()
    document = _json(billing, "--base", "main")
    assert document["passed"] is True
    changes = document["changes"]
    assert isinstance(changes, list)
    assert [(c["path"], c["after"]) for c in changes] == [("billing.py", None)]


def test_a_baseline_alone_gates_without_a_base(billing: Repo, tmp_path: Path) -> None:
    baseline = tmp_path / "accepted.json"
    assert _gate(billing, "--write-baseline", str(baseline))[0] == 0
    assert _gate(billing, "--baseline", str(baseline))[0] == 0
    billing.write("billing.py", SIMPLE + TANGLED, dedent=False)
    code, out, _ = _gate(billing, "--baseline", str(baseline))
    assert code == 1
    assert "settle" in out


@pytest.mark.parametrize(
    "text",
    ["not json", '{"codevitals_baseline": 99}', '{"codevitals_baseline": 1, "health": []}'],
)
def test_a_malformed_baseline_is_an_input_error(billing: Repo, tmp_path: Path, text: str) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(text)
    code, _, err = _gate(billing, "--base", "main", "--baseline", str(baseline))
    assert code == 2
    assert "baseline" in err
    assert len(err.strip().splitlines()) == 1


def test_moving_a_function_into_an_existing_file_passes_every_check(billing: Repo) -> None:
    other = '"""Other."""\n\n\ndef helper(x):\n    """Help."""\n    return x\n'
    billing.write("billing.py", SIMPLE + TANGLED, dedent=False)
    billing.write("other.py", other, dedent=False)
    billing.commit("legacy debt")
    billing.write("billing.py", SIMPLE, dedent=False)
    billing.write("other.py", other + TANGLED, dedent=False)

    document = _json(billing, "--base", "main")

    assert document["passed"] is True, document["problems"]
    # … but growing the moved function while moving it is new debt.
    billing.write("other.py", other + TANGLED.replace("amount += 1", "amount += 1 if x else 2"),
                  dedent=False)  # fmt: skip
    assert _json(billing, "--base", "main")["passed"] is False


ADVISORIES = Path(__file__).parent / "deps" / "fixtures" / "advisories"
"""A few PyPA advisories (CC-BY-4.0, see their SOURCE.md); requests 2.30.0 is affected by
PYSEC-2023-74 (fixed in 2.31.0)."""


def _offline(*args: str) -> tuple[str, ...]:
    return ("--offline", "--vuln-db", str(ADVISORIES), *args)


def test_pinning_a_vulnerable_version_fails(billing: Repo) -> None:
    billing.write("requirements.txt", "requests==2.31.0\n")
    billing.commit("pin a fixed requests")
    billing.git("checkout", "-q", "-b", "feature")
    billing.write("requirements.txt", "requests==2.30.0  # downgrade for a test\n")
    code, out, _ = _gate(billing, "--base", "main", *_offline())
    assert code == 1
    assert "PYSEC-2023-74" in out
    assert "requests 2.30.0 (PyPI) is affected" in out
    problems = cast(list[dict[str, Any]], _json(billing, "--base", "main", *_offline())["problems"])
    assert [(p["check"], p["path"], p["line"]) for p in problems] == [
        ("dependencies", "requirements.txt", 1)
    ]


def test_a_vulnerable_pin_whose_vulnerability_is_ignored_passes(billing: Repo) -> None:
    billing.write("requirements.txt", "requests==2.31.0\n")
    billing.commit("pin a fixed requests")
    billing.git("checkout", "-q", "-b", "feature")
    billing.write("requirements.txt", "requests==2.30.0  # downgrade for a test\n")
    ignored = ("--ignore-vuln", "CVE-2023-32681=the proxy is ours")  # PYSEC-2023-74's CVE
    code, _, err = _gate(billing, "--base", "main", *_offline(*ignored))
    assert code == 0, err


def test_a_vulnerable_pin_the_base_already_had_is_not_new(billing: Repo) -> None:
    billing.write("requirements.txt", "requests==2.30.0\n")
    billing.commit("an old pin")
    billing.git("checkout", "-q", "-b", "feature")
    billing.write("requirements.txt", "# pins\nflask==3.0.0\nrequests==2.30.0\n")  # moved down
    code, _, err = _gate(billing, "--base", "main", *_offline())
    assert code == 0, err


def test_fixing_a_vulnerable_pin_is_reported_as_resolved(billing: Repo) -> None:
    billing.write("requirements.txt", "requests==2.30.0\n")
    billing.commit("an old pin")
    billing.git("checkout", "-q", "-b", "feature")
    billing.write("requirements.txt", "requests==2.31.0\n")
    document = _json(billing, "--base", "main", *_offline())
    assert document["passed"] is True
    resolved = cast(list[dict[str, Any]], document["resolved"])
    assert [p["code"] for p in resolved] == ["PYSEC-2023-74"]


def test_moving_a_function_with_debt_to_a_new_file_is_neither_new_nor_improved(
    billing: Repo,
) -> None:
    billing.write("billing.py", SIMPLE + TANGLED, dedent=False)
    billing.commit("legacy debt")
    billing.write("billing.py", SIMPLE, dedent=False)
    billing.write("settling.py", '"""Settling."""\n' + TANGLED, dedent=False)

    document = _json(billing, "--base", "main")
    code, out, _ = _gate(billing, "--base", "main")

    assert document["passed"] is True, document["problems"]
    changes = {c["path"]: c for c in cast(list[dict[str, Any]], document["changes"])}
    assert changes["billing.py"]["after"] > changes["billing.py"]["before"]
    for path in ("billing.py", "settling.py"):
        assert changes[path]["moved"] == ["settle"]
        assert changes[path]["moved_only"] is True
    assert changes["billing.py"]["reasons"] == ["`settle` moved to settling.py"]
    assert code == 0
    assert "Improved" not in out
    assert "Moved" in out
    assert "`settle` moved to settling.py" in out


def test_improving_a_function_while_moving_it_is_an_improvement(billing: Repo) -> None:
    billing.write("billing.py", SIMPLE + TANGLED + '\n\ndef keep(a, b, c, d, e, f):\n'
                  '    """Too many arguments."""\n    return a\n', dedent=False)  # fmt: skip
    billing.commit("legacy debt")
    billing.write("billing.py", SIMPLE + '\n\ndef keep(a):\n    """Fixed."""\n    return a\n',
                  dedent=False)  # fmt: skip
    billing.write("settling.py", '"""Settling."""\n' + TANGLED, dedent=False)

    changes = {
        c["path"]: c
        for c in cast(list[dict[str, Any]], _json(billing, "--base", "main")["changes"])
    }
    _, out, _ = _gate(billing, "--base", "main")

    assert changes["billing.py"]["moved_only"] is False
    assert "Improved" in out


def test_a_long_path_gives_way_to_the_rule_name_and_line(billing: Repo) -> None:
    deep = "src/" + "/".join(f"layer_{n}" for n in range(8)) + "/billing_rules.py"
    billing.write(deep, SIMPLE + TANGLED, dedent=False)

    code, out, _ = _gate(billing, "--base", "main")

    assert code == 1
    line = next(row for row in out.splitlines() if "CV102" in row)
    assert len(line) <= 80
    assert line.endswith("settle  CV102 cognitive-complexity")
    assert "/billing_rules.py:9" in line
    assert "…" in line


def test_a_new_pin_whose_lookup_failed_is_named_and_fails_strict(billing: Repo) -> None:
    billing.write("requirements.txt", "requests==2.30.0\n")  # affected by PYSEC-2023-74
    # Offline without an advisory database: the lookup cannot be made.
    code, out, _ = _gate(billing, "--base", "main", "--offline")
    out = " ".join(out.split())  # the terminal wraps at 80 columns
    assert code == 0
    assert "PASSED, but 1 new dependency not checked" in out
    assert "requirements.txt:1" in out
    assert "1 changed file ·" in out  # the manifest is a changed file
    document = _json(billing, "--base", "main", "--offline")
    assert (document["passed"], document["partial"], document["changed_files"]) == (True, True, 1)
    unchecked = cast(list[dict[str, Any]], document["unchecked"])
    assert [(u["path"], u["line"], u["code"]) for u in unchecked] == [
        ("requirements.txt", 1, "unchecked")
    ]
    assert "requests 2.30.0 (PyPI) could not be checked" in unchecked[0]["message"]

    code, out, _ = _gate(billing, "--base", "main", "--offline", "--strict")
    assert code == 1
    out = " ".join(out.split())
    assert "FAILED: 1 new dependency not checked (--strict)" in out
    markdown = _gate(billing, "--base", "main", "--offline", "--strict", "-f", "markdown")[1]
    assert markdown.startswith("## ❌ codevitals gate failed: 1 new dependency not checked")
    sarif = json.loads(_gate(billing, "--base", "main", "--offline", "-f", "sarif")[1])
    [result] = sarif["runs"][0]["results"]  # code scanning annotates the pin
    assert result["ruleId"] == "unchecked-dependency"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "requirements.txt"
    )


def test_a_new_unpinned_requirement_is_not_checked_never_clean(billing: Repo) -> None:
    # No version in use, so no advisory lookup was made: it used to pass in silence.
    billing.write("requirements.txt", "requests>=2.0\n")
    document = _json(billing, "--base", "main", "--strict", *_offline())
    assert (document["passed"], document["partial"]) == (False, True)
    [unchecked] = cast(list[dict[str, Any]], document["unchecked"])
    assert (unchecked["path"], unchecked["line"], unchecked["code"]) == (
        "requirements.txt",
        1,
        "unchecked",
    )
    assert (
        "could not be checked for vulnerabilities: not pinned or locked" in (unchecked["message"])
    )
    code, out, _ = _gate(billing, "--base", "main", *_offline())
    assert code == 0
    assert "PASSED, but 1 new dependency not checked" in " ".join(out.split())


def test_an_unreachable_advisory_service_never_passes_a_new_pin_as_clean(billing: Repo) -> None:
    billing.write("requirements.txt", "requests==2.30.0\n")
    nowhere = ("--index-url", "http://127.0.0.1:9/pypi", "--osv-url", "http://127.0.0.1:9")
    document = _json(billing, "--base", "main", *nowhere)
    assert (document["passed"], document["partial"]) == (True, True)
    [unchecked] = cast(list[dict[str, Any]], document["unchecked"])
    assert "OSV: " in unchecked["message"]
    assert "PyPI: " in unchecked["message"]  # the second source was tried too
    assert _gate(billing, "--base", "main", "--strict", *nowhere)[0] == 1


def test_a_pin_the_base_already_could_not_check_is_not_new(billing: Repo) -> None:
    billing.write("requirements.txt", "requests==2.30.0\n")
    billing.commit("an old pin")
    billing.write("requirements.txt", "# pins\nrequests==2.30.0\n")
    document = _json(billing, "--base", "main", "--offline", "--strict")
    assert (document["passed"], document["unchecked"], document["changed_files"]) == (True, [], 1)


def test_a_checked_new_pin_leaves_the_verdict_whole(billing: Repo) -> None:
    billing.write("requirements.txt", "requests==2.31.0\n")
    document = _json(billing, "--base", "main", "--strict", *_offline())
    assert (document["passed"], document["partial"], document["unchecked"]) == (True, False, [])
