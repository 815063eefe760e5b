"""History options on the command line and in configuration files."""

from __future__ import annotations

import json
from typing import Any

import pytest

from codevitals.history import analysis
from codevitals.history.fixmodel import MODEL
from tests.conftest import Repo, run_cli
from tests.gold import compare
from tests.history.helpers import NOW, days_ago
from tests.sample import NOW as SAMPLE_NOW
from tests.sample import build


@pytest.fixture
def sample(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Repo:
    monkeypatch.setattr(analysis, "now", lambda: SAMPLE_NOW)
    return build(repo)


def settings(*args: str) -> Any:
    result = run_cli(*args, "-f", "json", "-q")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["history"]["settings"]


def test_options_reach_the_analyses(sample: Repo) -> None:
    found = settings(
        "scan", str(sample.root), "--since", "2y", "--first-parent", "--bot", "Release",
        "--no-default-bots", "--half-life", "30",
        "--min-revs", "2", "--min-shared-revs", "3", "--min-coupling", "50",
        "--max-changeset-size", "10", "--coupling-window", "1d", "--inactive-after", "6m",
    )  # fmt: skip
    assert found == {
        "since": "2y",
        "inactive-after": "6m",
        "merges": "first-parent",
        "bots": ["release"],
        "half-life-days": 30.0,
        "hotspot-model": MODEL.describe(),
        "min-revs": 2,
        "min-shared-revs": 3,
        "min-coupling": 50.0,
        "max-changeset-size": 10,
        "coupling-window-seconds": 86400.0,
    }


def test_configuration_keys_are_the_option_names(sample: Repo) -> None:
    sample.write(
        ".codevitals.toml",
        'since = "all"\nbot = ["release"]\nhalf-life = 30\nfail-under = 1\n',
    )
    found = settings("hotspots", str(sample.root))
    assert (found["since"], found["half-life-days"]) == ("all", 30.0)
    assert "release" in found["bots"]
    # explain shares the file: keys of other commands are not errors there.
    explained = run_cli("explain", str(sample.root / "shop" / "util.py"))
    assert explained.exit_code == 0, explained.stderr


def test_the_removed_hotspot_factor_names_its_replacement(sample: Repo) -> None:
    # In the configuration file too: the key is the option's name.
    sample.write(".codevitals.toml", "hotspot-factor = { debt = 0 }\n")
    result = run_cli("hotspots", str(sample.root))
    assert result.exit_code == 2
    assert "codevitals validate" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "soon"], "'soon' is neither a date (2024-01-31) nor a span"),
        (["--coupling-window", "2024-01-01"], "'2024-01-01' is not a span such as 8h, 1d or 1w"),
        (["--hotspot-factor", "debt=0"], "--hotspot-factor was removed: the hotspot score"),
        (["--min-coupling", "120"], "120.0 is not in the range 0<=x<=100"),
    ],
)
def test_bad_values_are_one_line_usage_errors(sample: Repo, args: list[str], message: str) -> None:
    result = run_cli("hotspots", str(sample.root), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_a_bad_value_in_configuration_names_file_and_key(sample: Repo) -> None:
    sample.write(".codevitals.toml", 'inactive-after = "a while"\n')
    result = run_cli("scan", str(sample.root))
    assert result.exit_code == 2
    assert ".codevitals.toml: inactive-after:" in result.stderr


def test_hotspots_terminal_matches_gold(sample: Repo) -> None:
    result = run_cli("hotspots", str(sample.root))
    assert result.exit_code == 0, result.stderr
    compare(result.stdout, "sample.hotspots.txt")


def test_hotspots_json_is_the_scan_document(sample: Repo) -> None:
    hotspots = run_cli("hotspots", str(sample.root), "-f", "json")
    scanned = run_cli("scan", str(sample.root), "-f", "json", "--no-deps")  # hotspots audit none
    assert hotspots.stdout == scanned.stdout


def test_every_line_fits_in_80_columns(sample: Repo) -> None:
    for command in ("scan", "hotspots"):
        out = run_cli(command, str(sample.root), "--since", "all").stdout
        assert max(len(line) for line in out.splitlines()) <= 80


def test_history_measured_from_now_by_default(repo: Repo) -> None:
    repo.write("a.py", "x = 1\n")
    repo.commit(date="2024-06-30T00:00:00+0000")
    document = json.loads(run_cli("scan", str(repo.root), "-f", "json", "-q").stdout)
    assert document["history"]["as_of"] > "2024-07-01"  # the clock, not the commit


def prior_fixes(repo: Repo, *args: str) -> tuple[dict[str, int], Any]:
    """Each hotspot's prior fixes from `scan`'s JSON, and the whole report."""
    result = run_cli("scan", str(repo.root), "--no-deps", "-f", "json", *args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    return {h["path"]: h["prior_fixes"] for h in report["history"]["hotspots"]}, report


@pytest.fixture
def oops(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Two files changed in the window; before it, an "Oops" commit to a.py, which the
    default rules do not call a fix, and a docstring commit to b.py. Subject → commit id."""
    monkeypatch.setattr(analysis, "now", lambda: NOW)
    repo.write("a.py", "def f(a):\n    return a\n")
    repo.write("b.py", "def g(b):\n    return b\n")
    ids = {"create": repo.commit("Create", date=days_ago(500))}
    repo.write("a.py", "def f(a):\n    return a + 1\n")
    ids["oops"] = repo.commit("Oops, off by one in f", date=days_ago(450))
    repo.write("b.py", '"""B."""\n\n\ndef g(b):\n    return b\n')
    ids["docstring"] = repo.commit("Add a docstring", date=days_ago(450))
    repo.write("a.py", "def f(a):\n    return a + 2\n")
    repo.write("b.py", '"""B."""\n\n\ndef g(b):\n    return b + 1\n')
    repo.commit("Change both", date=days_ago(10))
    return ids


def test_a_configured_fix_pattern_counts_in_the_scans_hotspots(repo: Repo, oops: Any) -> None:
    assert prior_fixes(repo)[0] == {"a.py": 0, "b.py": 0}
    # The same key `validate` reads: the scan's prior fixes follow the configuration.
    repo.write(".codevitals.toml", 'fix-pattern = ["oops"]\n')
    assert prior_fixes(repo)[0] == {"a.py": 1, "b.py": 0}
    assert prior_fixes(repo, "--no-default-fix-patterns")[0] == {"a.py": 1, "b.py": 0}


def test_a_configured_labels_file_names_the_scans_fixes(repo: Repo, oops: Any) -> None:
    # Only the listed commit is a fix; an id of no commit is left out with a notice.
    repo.write("bugs.txt", f"{oops['docstring'][:10]} Add a docstring\n{'e' * 40}\n")
    repo.write(".codevitals.toml", 'labels = "bugs.txt"\nfix-pattern = ["oops"]\n')
    found, report = prior_fixes(repo)
    assert found == {"a.py": 0, "b.py": 1}
    assert report["partial"] is True
    assert any("bugs.txt" in n["path"] and "e" * 40 in n["message"] for n in report["notices"])


def test_an_unreadable_labels_file_is_a_usage_error(repo: Repo, oops: Any) -> None:
    repo.write("bugs.txt", "not-an-id\n")
    result = run_cli("scan", str(repo.root), "--no-deps", "-q", "--labels",
                     str(repo.root / "bugs.txt"))  # fmt: skip
    assert result.exit_code == 2
    assert "bugs.txt:1" in result.stderr
