"""Configuration files: discovery, validation, and their place under the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from codevitals import config
from codevitals.errors import ConfigError
from tests.conftest import Repo, run_cli

ALLOWED = frozenset({"exclude", "include", "max-file-size", "threshold", "format"})
TABLE = "[tool.codevitals]\nexclude = ['x/']\n"
NESTED = """
    def check(a, b):
        if a:
            if b:
                return 1
        return 0
    """


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- find ------------------------------------------------------------------------------------


def test_find_codevitals_toml_in_the_start_folder(tmp_path: Path) -> None:
    found = _write(tmp_path / ".codevitals.toml", "")
    assert config.find(tmp_path, stop=tmp_path) == found


def test_find_pyproject_with_a_codevitals_table(tmp_path: Path) -> None:
    found = _write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n" + TABLE)
    assert config.find(tmp_path / "a" / "b", stop=tmp_path) == found


def test_codevitals_toml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", TABLE)
    found = _write(tmp_path / ".codevitals.toml", "")
    assert config.find(tmp_path) == found


def test_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    outer = _write(tmp_path / ".codevitals.toml", "")
    _write(tmp_path / "pkg" / "pyproject.toml", "[project]\nname = 'pkg'\n[tool.ruff]\n")
    assert config.find(tmp_path / "pkg", stop=tmp_path) == outer


def test_the_nearest_file_wins(tmp_path: Path) -> None:
    _write(tmp_path / ".codevitals.toml", "")
    inner = _write(tmp_path / "pkg" / "pyproject.toml", TABLE)
    assert config.find(tmp_path / "pkg" / "sub", stop=tmp_path) == inner


def test_search_stops_at_the_boundary(tmp_path: Path) -> None:
    _write(tmp_path / ".codevitals.toml", "")
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    assert config.find(repo / "pkg", stop=repo) is None
    # The boundary itself is searched.
    found = _write(repo / "pyproject.toml", TABLE)
    assert config.find(repo / "pkg", stop=repo) == found


def test_a_broken_pyproject_is_reported_not_skipped(tmp_path: Path) -> None:
    _write(tmp_path / ".codevitals.toml", "")
    broken = _write(tmp_path / "pkg" / "pyproject.toml", "[tool.codevitals\n")
    assert config.find(tmp_path / "pkg", stop=tmp_path) == broken


# -- load ------------------------------------------------------------------------------------


def test_load_codevitals_toml(tmp_path: Path) -> None:
    path = _write(tmp_path / ".codevitals.toml", "exclude = ['a/']\nmax-file-size = 10\n")
    loaded = config.load(path, ALLOWED)
    assert loaded.path == path
    assert dict(loaded.values) == {"exclude": ["a/"], "max-file-size": 10}


def test_load_pyproject_table_only(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "pyproject.toml",
        "[project]\nname = 'x'\n[tool.ruff]\nline-length = 1\n"
        "[tool.codevitals]\nthreshold = {cognitive-complexity = 1}\n",
    )
    assert dict(config.load(path, ALLOWED).values) == {"threshold": {"cognitive-complexity": 1}}


def test_load_pyproject_without_the_table_is_empty(tmp_path: Path) -> None:
    path = _write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    assert dict(config.load(path, ALLOWED).values) == {}


@pytest.mark.parametrize("text", ["tool = 3\n", "tool = 'codevitals'\n"])
def test_pyproject_whose_tool_is_not_a_table_has_no_configuration(
    tmp_path: Path, text: str
) -> None:
    path = _write(tmp_path / "pkg" / "pyproject.toml", text)
    assert dict(config.load(path, ALLOWED).values) == {}
    outer = _write(tmp_path / ".codevitals.toml", "")
    assert config.find(tmp_path / "pkg", stop=tmp_path) == outer


@pytest.mark.parametrize("text", ["[tool]\ncodevitals = 3\n", "tool = {codevitals = [1]}\n"])
def test_pyproject_table_of_the_wrong_type(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path / "pyproject.toml", text)
    with pytest.raises(ConfigError, match="must be a table") as raised:
        config.load(path, ALLOWED)
    assert str(path) in str(raised.value)


def test_unknown_key_names_the_key_and_the_nearest_valid_one(tmp_path: Path) -> None:
    path = _write(tmp_path / ".codevitals.toml", "max-file-sise = 10\n")
    with pytest.raises(ConfigError) as raised:
        config.load(path, ALLOWED)
    message = str(raised.value)
    assert str(path) in message
    assert "'max-file-sise'" in message
    assert "did you mean 'max-file-size'?" in message


def test_unknown_key_without_a_near_match(tmp_path: Path) -> None:
    path = _write(tmp_path / ".codevitals.toml", "zzzz = 1\n")
    with pytest.raises(ConfigError, match="unknown key 'zzzz'") as raised:
        config.load(path, ALLOWED)
    assert "did you mean" not in str(raised.value)


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path / ".codevitals.toml", "exclude = [\n")
    with pytest.raises(ConfigError, match="invalid TOML") as raised:
        config.load(path, ALLOWED)
    assert str(path) in str(raised.value)


def test_unreadable_file_is_a_config_error(tmp_path: Path) -> None:
    folder = tmp_path / ".codevitals.toml"
    folder.mkdir()  # a folder where a file should be: unreadable as a file, even as root
    with pytest.raises(ConfigError, match="cannot read") as raised:
        config.load(folder, ALLOWED)
    assert str(folder) in str(raised.value)


# -- through the command line ----------------------------------------------------------------


def _scan(repo: Repo, *args: str) -> dict[str, Any]:
    result = run_cli("scan", str(repo.root), "--format", "json", *args)
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def _biomarkers(document: dict[str, Any]) -> set[str]:
    return {b["name"] for f in document["files"] for b in f["biomarkers"]}


def test_config_values_act_as_defaults(repo: Repo) -> None:
    repo.write("app.py", "x = 1\n")
    repo.write("legacy/old.py", "x = 1\n")
    repo.write(".codevitals.toml", "format = 'json'\nexclude = ['legacy/']\n")
    result = run_cli("scan", str(repo.root))
    assert result.exit_code == 0, result.output
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == ["app.py"]


def test_the_command_line_wins(repo: Repo) -> None:
    repo.write("app.py", "x = 1\n" * 10)
    repo.write(".codevitals.toml", "max-file-size = 10\n")
    assert _scan(repo)["skipped"] == [{"path": "app.py", "reason": "too-large"}]
    document = _scan(repo, "--max-file-size", "100000")
    assert document["skipped"] == []
    assert [f["path"] for f in document["files"]] == ["app.py"]


def test_threshold_table_in_config_changes_results(repo: Repo) -> None:
    repo.write("app.py", NESTED)
    assert "cognitive-complexity" not in _biomarkers(_scan(repo))
    repo.write(".codevitals.toml", "threshold = {cognitive-complexity = 1}\n")
    document = _scan(repo)
    assert "cognitive-complexity" in _biomarkers(document)
    assert document["settings"]["thresholds"]["cognitive-complexity"] == 1


def test_pyproject_table_through_the_cli(repo: Repo) -> None:
    repo.write("app.py", NESTED)
    repo.write("pyproject.toml", "[tool.codevitals]\nthreshold = {cognitive-complexity = 1}\n")
    assert "cognitive-complexity" in _biomarkers(_scan(repo))


def test_repository_config_applies_when_scanning_a_subfolder(repo: Repo) -> None:
    repo.write("src/app.py", "x = 1\n")
    repo.write("src/legacy/old.py", "x = 1\n")
    repo.write(".codevitals.toml", "exclude = ['legacy/']\n")
    result = run_cli("scan", str(repo.root / "src"), "--format", "json")
    assert result.exit_code == 0, result.output
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == ["app.py"]


def test_config_above_the_repository_is_ignored(repo: Repo) -> None:
    _write(repo.root.parent / ".codevitals.toml", "not-a-key = 1\n")
    repo.write("app.py", "x = 1\n")
    assert [f["path"] for f in _scan(repo)["files"]] == ["app.py"]


def test_explicit_config_file(repo: Repo, tmp_path: Path) -> None:
    repo.write("app.py", "x = 1\n" * 10)
    repo.write(".codevitals.toml", "max-file-size = 10\n")
    other = _write(tmp_path / "elsewhere.toml", "exclude = ['app.py']\n")
    document = _scan(repo, "--config", str(other))
    assert document["files"] == []
    assert document["skipped"] == []  # the repository's own file was not read


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("output = 'report.json'", "'output' is accepted only on the command line"),
        ("cache-dir = '/tmp/elsewhere'", "'cache-dir' is accepted only on the command line"),
        ("config = 'other.toml'", "'config' is accepted only on the command line"),
        ("vuln-db = 'db.zip'", "'vuln-db' is accepted only on the command line"),
        ("max-file-sise = 10", "unknown key 'max-file-sise'"),
    ],
)
def test_unknown_and_cli_only_keys_are_rejected(repo: Repo, line: str, expected: str) -> None:
    repo.write("app.py", "x = 1\n")
    repo.write(".codevitals.toml", line + "\n")
    result = run_cli("scan", str(repo.root), "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert expected in lines[0]
    assert ".codevitals.toml" in lines[0]
    assert not (repo.root / "report.json").exists()


def test_a_value_of_the_wrong_type_names_file_and_key(repo: Repo) -> None:
    repo.write("app.py", "x = 1\n")
    repo.write(".codevitals.toml", "max-file-size = 'big'\n")
    result = run_cli("scan", str(repo.root), "--format", "json")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert ".codevitals.toml: max-file-size" in line
    assert "Traceback" not in result.output


def test_invalid_toml_through_the_cli(repo: Repo) -> None:
    repo.write("app.py", "x = 1\n")
    repo.write("pyproject.toml", "[tool.codevitals\n")
    result = run_cli("scan", str(repo.root))
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert "pyproject.toml" in line
    assert "invalid TOML" in line


# -- a broken pyproject.toml -------------------------------------------------------------------


def test_a_broken_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    outer = _write(tmp_path / ".codevitals.toml", "")
    _write(tmp_path / "pkg" / "pyproject.toml", "[project\nname = 'pkg'\n")
    assert config.find(tmp_path / "pkg", stop=tmp_path) == outer


@pytest.mark.parametrize(
    "text",
    [
        "[tool.codevitals]\nexclude = [\n",
        "[project]\nname = 'x'\n[tool.codevitals.gate]\nbase = \n",
        "[tool]\ncodevitals = {exclude = [}\n",
        "tool.codevitals.exclude = [\n",
    ],
)
def test_a_broken_pyproject_meant_for_codevitals_is_still_found(tmp_path: Path, text: str) -> None:
    broken = _write(tmp_path / "pyproject.toml", text)
    assert config.find(tmp_path, stop=tmp_path) == broken


def test_a_broken_pyproject_is_a_manifest_notice_and_the_scan_goes_on(repo: Repo) -> None:
    repo.write("app.py", "x = 1\n")
    repo.write("pyproject.toml", "[project\nname = 'x'\ndependencies = ['requests']\n")
    result = run_cli("scan", str(repo.root), "--format", "json", "--offline")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [f["path"] for f in document["files"]] == ["app.py"]
    notices = document["dependencies"]["notices"]
    assert [(n["path"], n["reason"], n["line"]) for n in notices] == [
        ("pyproject.toml", "invalid-toml", 1)
    ]
    assert document["dependencies"]["partial"] is True


def test_a_broken_codevitals_table_stays_a_configuration_error(repo: Repo) -> None:
    repo.write("app.py", "x = 1\n")
    repo.write("pyproject.toml", "[project]\nname = 'x'\n[tool.codevitals]\nexclude = [\n")
    result = run_cli("scan", str(repo.root), "--offline")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert "pyproject.toml: invalid TOML" in line


# -- values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("weight = {large-method = -3}", "weight: large-method = -3; allowed: 0 or more"),
        ("threshold = {cognitive-complexity = -1}",
         "threshold: cognitive-complexity = -1; allowed: 0 or more"),
        ("threshold = {large-methd = 3}",
         "threshold: unknown biomarker 'large-methd'; did you mean 'large-method'?"),
        ("fail-under = 11", "fail-under: 11 is out of range; allowed: 1 to 10"),
        ("fail-under = 0", "fail-under: 0 is out of range; allowed: 1 to 10"),
        ("jobs = -1", "jobs: -1 is out of range; allowed: 0 or more"),
        ("max-file-size = 'big'", "max-file-size: 'big' is not a number; allowed: 1 or more"),
        ("select = ['XYZ999']", "select: unknown rule 'XYZ999' (see `codevitals rules`)"),
        ("deselect = ['S603', 'CVS999']", "deselect: unknown rule 'CVS999'"),
        ("exclude = 3", "exclude: 3 is not a list; write a list such as"),
        ("format = 'htlm'", "format: 'htlm' is not one of"),
    ],
)  # fmt: skip
def test_a_bad_value_is_one_line_naming_file_key_and_what_is_allowed(
    repo: Repo, line: str, expected: str
) -> None:
    repo.write("app.py", "x = 1\n")
    repo.write(".codevitals.toml", line + "\n")
    result = run_cli("scan", str(repo.root), "--offline")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    (message,) = result.stderr.splitlines()
    assert message.startswith(f"codevitals: error: {repo.root / '.codevitals.toml'}: ")
    assert expected in message
    assert "iterable" not in message
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--weight", "large-method=-3"), "--weight 'large-method=-3': allowed: 0 or more"),
        (("--threshold", "large-method=-1"), "--threshold 'large-method=-1': allowed: 0 or more"),
        (("--select", "XYZ999"), "--select: unknown rule 'XYZ999'"),
        (("--deselect", "NOPE1"), "--deselect: unknown rule 'NOPE1'"),
    ],
)
def test_a_bad_value_on_the_command_line_is_one_line(
    repo: Repo, args: tuple[str, str], expected: str
) -> None:
    repo.write("app.py", "x = 1\n")
    result = run_cli("scan", str(repo.root), "--offline", *args)
    assert result.exit_code == 2, result.output
    (message,) = result.stderr.splitlines()
    assert message.removesuffix(" (see `codevitals rules`)") == f"codevitals: error: {expected}"


def test_a_gate_key_only_the_command_line_takes(repo: Repo) -> None:
    repo.write("app.py", "x = 1\n")
    repo.commit()
    repo.write(".codevitals.toml", "[gate]\nwrite-baseline = 'b.json'\n")
    result = run_cli("gate", str(repo.root), "--base", "main", "--offline")
    assert result.exit_code == 2
    (message,) = result.stderr.splitlines()
    assert message.endswith(": [gate]: 'write-baseline' is accepted only on the command line")
    assert not (repo.root / "b.json").exists()


def test_fail_under_outside_its_range_on_the_command_line(repo: Repo) -> None:
    repo.write("app.py", "x = 1\n")
    result = run_cli("scan", str(repo.root), "--offline", "--fail-under", "11")
    assert result.exit_code == 2
    assert "1<=x<=10" in result.stderr


def test_good_values_pass(repo: Repo) -> None:
    repo.write("app.py", NESTED)
    repo.write(
        ".codevitals.toml",
        "select = ['S608', 'D', 'PLR09', 'CVS101', 'cvs2']\ndeselect = 'D100'\n"
        "weight = {large-method = 0}\nfail-under = 1\n",
    )
    document = _scan(repo, "--offline")
    selected = document["summary"]["findings"]["selected"]
    assert {"S608", "D", "PLR09", "CVS101", "CVS2"} <= set(selected)


# -- one shared table for every command --------------------------------------------------------


def test_a_shared_format_only_some_commands_write(repo: Repo) -> None:
    repo.write("app.py", "x = 1\n")
    repo.commit()
    repo.write(".codevitals.toml", "format = 'html'\n")
    scanned = run_cli("scan", str(repo.root), "--offline", "-q")
    assert scanned.exit_code == 0, scanned.output
    assert scanned.stdout.lstrip().lower().startswith("<!doctype html")
    gated = run_cli("gate", str(repo.root), "--base", "main", "--offline", "-q")
    assert gated.exit_code == 0, gated.output
    assert "<html" not in gated.stdout.lower()  # the gate's own default, its terminal report
    chosen = run_cli("gate", str(repo.root), "--base", "main", "--offline", "-q", "-f", "json")
    assert json.loads(chosen.stdout)["passed"] is True
