"""History options on the command line and in configuration files."""

from __future__ import annotations

import json
from typing import Any

import pytest

from codevitals.history import analysis
from codevitals.history.fixmodel import MODEL
from tests.conftest import Repo, run_cli
from tests.gold import compare
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
