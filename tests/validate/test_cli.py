"""`codevitals validate` end to end: golden files, the schema, options, configuration, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Repo, run_cli
from tests.gold import compare
from tests.schemas import validator
from tests.validate.helpers import build, plain

ARGS = ("--origin", "1y", "--origin", "2023-01-15", "--bootstrap", "50", "--half-life", "0",
        "--fix-max-files", "3", "--jobs", "1", "--quiet")  # fmt: skip


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    return build(Repo(tmp_path_factory.mktemp("history") / "repo").init())


def test_terminal(history: Repo) -> None:
    result = run_cli("validate", str(history.root), *ARGS)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    compare(result.stdout, "validate.terminal.txt")


@pytest.mark.parametrize("rank", ["effort", "density"])
def test_terminal_effort(history: Repo, rank: str) -> None:
    # `density` is the effort-aware ranking's former name.
    result = run_cli("validate", str(history.root), *ARGS, "--rank", rank)
    assert result.exit_code == 0, result.stderr
    assert "▶ effort" in result.stdout
    assert "effort beats smallest first on Popt" in result.stdout
    assert "effort beats change density on Popt" in result.stdout
    assert "codevitals beats" not in result.stdout


def test_json(history: Repo) -> None:
    result = run_cli("validate", str(history.root), *ARGS, "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    validator("validate.schema.json").validate(document)
    compare(result.stdout, "validate.json")
    assert [o["origin"] for o in document["origins"]] == ["1y", "2023-01-15"]
    assert document["origins"][0]["start"] == "2023-07-01T12:00:00Z"
    loc = document["origins"][0]["rankings"]["loc"]["auc"]
    assert loc["value"] == pytest.approx(3.5 / 6, abs=1e-4)
    assert loc["low"] is not None
    assert document["settings"]["fix-max-files"] == 3


def test_json_to_a_file(history: Repo, tmp_path: Path) -> None:
    target = tmp_path / "out" / "validate.json"
    result = run_cli("validate", str(history.root), *ARGS, "-f", "json", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert json.loads(target.read_text())["headline"] == "codevitals"


def test_configuration_keys(history: Repo, tmp_path: Path) -> None:
    config = tmp_path / ".codevitals.toml"
    config.write_text(
        'origin = ["1y"]\nbootstrap = 0\nfix-pattern = ["tune"]\nfix-max-files = 3\nhalf-life = 0\n'
    )
    result = run_cli("validate", str(history.root), "--config", str(config), "-f", "json", "-q")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert [o["origin"] for o in document["origins"]] == ["1y"]
    assert document["bootstrap"] == 0
    assert document["settings"]["fix-patterns"][-1] == "tune"


def test_notices_go_to_standard_error(history: Repo) -> None:
    result = run_cli("validate", str(history.root), "--origin", "1y", "--origin", "5y",
                     "--bootstrap", "0", "--jobs", "1")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "codevitals: origin-skipped: origin 5y (2019-07-01) is before the first commit; skipped\n"
    )
    assert "partial results: see notices" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--origin", "all"), "--origin takes a date (2023-01-31) or a span (3y), not 'all'"),
        (("--origin", "9y"), "no origin to replay: origin 9y (2015-07-01) is before the first"),
        (("--fix-pattern", "(fix"), "fix pattern '(fix' is not a regular expression"),
        (
            ("--hotspot-factor", "debt=0"),
            "--hotspot-factor was removed",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    history: Repo, args: tuple[str, ...], message: str
) -> None:
    result = run_cli("validate", str(history.root), "--bootstrap", "0", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"codevitals: error: {message}")
    assert len(result.stderr.splitlines()) == 1


def test_a_window_must_be_a_span(history: Repo) -> None:
    result = run_cli("validate", str(history.root), "--window", "2024-01-01")
    assert result.exit_code == 2
    assert "is not a span" in result.stderr


def test_outside_a_repository(folder: Repo) -> None:
    folder.write("a.py", plain(3))
    result = run_cli("validate", str(folder.root))
    assert result.exit_code == 2
    assert "not inside a git repository" in result.stderr
