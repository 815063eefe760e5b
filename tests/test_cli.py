"""The command line as a user meets it: commands, options, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from codevitals.model import SCHEMA_VERSION
from tests.conftest import Repo, run_cli
from tests.sample import build


@pytest.fixture
def sample(repo: Repo) -> Repo:
    return build(repo)


def scan_json(*args: str) -> Any:
    result = run_cli("scan", *args, "--format", "json", "--quiet")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def biomarker_names(document: Any) -> set[str]:
    return {b["name"] for f in document["files"] for b in f["biomarkers"]}


def test_rules_lists_every_biomarker() -> None:
    result = run_cli("rules")
    assert result.exit_code == 0
    for code in ("CV101", "CV108", "CV203", "CV204"):
        assert code in result.stdout


def test_rules_documents_one_biomarker_by_name_or_code() -> None:
    by_name = run_cli("rules", "bumpy-road")
    by_code = run_cli("rules", "CV104")
    assert by_name.stdout == by_code.stdout
    assert "## Why it matters" in by_name.stdout


def test_unknown_rule_is_one_line_with_a_suggestion() -> None:
    result = run_cli("rules", "bumpy-rod")
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "did you mean 'bumpy-road'" in result.stderr


def test_fail_under_exits_one_only_below_the_bar(sample: Repo) -> None:
    assert run_cli("scan", str(sample.root), "-q", "--fail-under", "5").exit_code == 0
    failing = run_cli("scan", str(sample.root), "-q", "--fail-under", "9.9")
    assert failing.exit_code == 1
    assert "below --fail-under 9.9" in failing.stderr


def test_threshold_weight_and_ignore_change_the_result(sample: Repo) -> None:
    root = str(sample.root)
    assert "complex-method" in biomarker_names(scan_json(root))
    assert "complex-method" not in biomarker_names(scan_json(root, "--ignore", "CV101"))
    assert "complex-method" not in biomarker_names(
        scan_json(root, "--threshold", "complex-method=50")
    )
    base = scan_json(root)["summary"]["health"]
    heavy = scan_json(root, "--weight", "cognitive-complexity=3")["summary"]["health"]
    assert heavy < base


@pytest.mark.parametrize("bad", ["complex-method", "complex-method=high", "=3"])
def test_malformed_threshold_is_a_usage_error(sample: Repo, bad: str) -> None:
    result = run_cli("scan", str(sample.root), "--threshold", bad)
    assert result.exit_code == 2
    assert result.stderr.startswith("codevitals: error:")


def test_output_file_is_created_with_parents_and_normal_permissions(
    sample: Repo, tmp_path: Path
) -> None:
    target = tmp_path / "reports" / "deep" / "scan.json"
    result = run_cli("scan", str(sample.root), "-q", "--format", "json", "--output", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(target.read_text())["schema_version"] == SCHEMA_VERSION
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~current_umask()
    assert [p.name for p in target.parent.iterdir()] == ["scan.json"]  # no temporary left behind


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_explain_function_shows_each_increment(sample: Repo) -> None:
    result = run_cli("explain", f"{sample.root}/shop/orders.py:price", "-q")
    assert result.exit_code == 0
    assert "Cognitive complexity 29, increment by increment" in result.stdout
    assert "CV102 cognitive-complexity" in result.stdout


def test_explain_suggests_the_nearest_function(sample: Repo) -> None:
    result = run_cli("explain", f"{sample.root}/shop/orders.py:prise", "-q")
    assert result.exit_code == 2
    assert "did you mean price" in result.stderr


def test_explain_names_why_a_file_was_not_analysed(sample: Repo) -> None:
    result = run_cli("explain", f"{sample.root}/vendor/lib.py", "-q")
    assert result.exit_code == 2
    assert "not analysed" in result.stderr


def test_explain_prints_the_notices_about_its_file_and_counts_the_others(repo: Repo) -> None:
    repo.write("app/broken.py", "def ok():\n    return 1\n\ndef bad(:\n")
    repo.write("app/other.py", "def f(:\n")
    repo.write("app/third.py", "def g(:\n")
    repo.commit()
    result = run_cli("explain", str(repo.root / "app/broken.py"))
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert [line for line in lines if "syntax-error" in line] == [
        "codevitals: app/broken.py:4: syntax-error: does not parse from line 4; "
        "metrics cover what parsed"
    ]
    assert "codevitals: 2 notices about other files (`codevitals scan` lists them)" in lines


def test_explain_of_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("explain", str(tmp_path / "nope.py"))
    assert result.exit_code == 2
    assert "not a file" in result.stderr


def test_notices_go_to_stderr_one_line_each(sample: Repo) -> None:
    result = run_cli("scan", str(sample.root), "--format", "json")
    assert result.exit_code == 0
    assert result.stderr.strip() == (
        "codevitals: shop/legacy.py:5: syntax-error: does not parse from line 5; "
        "metrics cover what parsed"
    )
    assert json.loads(result.stdout)["partial"] is True


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "codevitals", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith("codevitals, version ")


def test_output_to_a_device_writes_through_and_keeps_the_device(sample: Repo) -> None:
    # Renaming a temporary file over /dev/null would replace the device with a regular file.
    assert Path(os.devnull).is_char_device()
    result = run_cli("scan", str(sample.root), "-q", "--format", "json", "--output", os.devnull)
    assert result.exit_code == 0
    assert Path(os.devnull).is_char_device()


def test_output_through_a_symlink_replaces_its_target(sample: Repo, tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert run_cli("scan", str(sample.root), "-q", "-f", "json", "-o", str(link)).exit_code == 0
    assert link.is_symlink()
    assert json.loads(real.read_text())["schema_version"] == SCHEMA_VERSION


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_output_to_a_pipe_writes_into_it_and_never_replaces_it(
    sample: Repo, tmp_path: Path
) -> None:
    # `--output /dev/null` must not rename a file over the device (as root it would succeed);
    # a FIFO stands in for any device or pipe.

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    result = run_cli("scan", str(sample.root), "--format", "json", "--output", str(pipe))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert json.loads(received[0])["schema_version"] == SCHEMA_VERSION
