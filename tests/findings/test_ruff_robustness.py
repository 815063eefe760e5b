"""ruff on inputs it cannot take whole: more files than a command line holds, and files it
crashes on. The run finishes, names the files it could not check and keeps the others'."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from codevitals.cache import Cache
from codevitals.errors import FindingsError
from codevitals.findings import CheckedFile, find, ruff, select
from tests.conftest import Repo, run_cli

EVAL = b"def run(text):\n    return eval(text)\n"


def _overflowing() -> str:
    """A generated sum of 12,000 terms, 20 a line: ruff 0.17 overflows its stack on it."""
    terms = ["1"] * 12_000
    rows = ["    " + " + ".join(terms[i : i + 20]) + " +" for i in range(0, len(terms), 20)]
    return "TOTAL = (\n" + "\n".join(rows) + "\n    0\n)\n"


def test_more_files_than_a_command_line_holds_are_all_checked(tmp_path: Path) -> None:
    # 1,000 paths of about 3,800 bytes: 3.8 MB of arguments, over Linux's 2 MiB limit.
    folder = "/".join(["d" * 250] * 15)
    contents = {f"{folder}/m{index}.py": EVAL for index in range(1000)}
    checked = ruff.check(contents, select(["security"]))
    assert not checked.crashed
    assert {path for path, found in checked.diagnostics.items() if found} == set(contents)
    assert all([d.code for d in found] == ["S307"] for found in checked.diagnostics.values())


def test_a_crashing_file_is_found_in_its_batch_and_the_others_keep_their_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ruff, "_ARGUMENT_BYTES", 400)  # a few files a batch: several batches
    contents = {f"pkg/m{index:02}.py": EVAL for index in range(20)}
    contents["pkg/m07_generated.py"] = _overflowing().encode()
    cache = Cache(tmp_path / "cache")
    sources = [CheckedFile(path, f"blob-{path}") for path in contents]
    found = find(
        sources, lambda paths: {p: contents[p] for p in paths}, select(["security"]), cache
    )
    cache.close()
    assert [(n.path, n.reason) for n in found.notices] == [("pkg/m07_generated.py", "ruff-crashed")]
    assert "stack overflow" in found.notices[0].message
    assert sorted(item.path for item in found.files) == sorted(
        set(contents) - {"pkg/m07_generated.py"}
    )
    assert len(found.items) == 20
    assert {f.code for f in found.items} == {"S307"}


def test_scan_and_gate_finish_with_a_notice_when_ruff_crashes_on_a_file(repo: Repo) -> None:
    repo.write("app.py", EVAL.decode())
    repo.commit("app")
    repo.write("generated/table.py", _overflowing())
    repo.commit("generated")
    repo.write("generated/other.py", _overflowing())  # new in the working tree, for the gate

    scanned = run_cli("scan", str(repo.root), "--format", "json")
    # The generated file repeats itself: not the debt this gate is about.
    gated = run_cli("gate", str(repo.root), "--base", "main", "--ignore", "duplicated-code")

    assert scanned.exit_code == 0, scanned.stderr
    report = json.loads(scanned.stdout)
    assert report["partial"] is True
    crashed = [n["path"] for n in report["notices"] if n["reason"] == "ruff-crashed"]
    assert crashed == ["generated/other.py", "generated/table.py"]
    assert [f["code"] for f in report["findings"][0]["findings"]] == ["S307"]
    assert "codevitals: generated/table.py: ruff-crashed: ruff crashed" in scanned.stderr
    assert gated.exit_code == 0, gated.stderr
    assert "codevitals: generated/other.py: ruff-crashed: ruff crashed" in gated.stderr


def test_a_ruff_that_dies_on_everything_is_an_error_or_a_notice_per_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "ruff"
    broken.write_text("#!/bin/sh\nkill -ABRT $$\n", encoding="utf-8")
    broken.chmod(0o755)
    monkeypatch.setattr(ruff, "binary", lambda: str(broken))
    with pytest.raises(FindingsError, match="ruff crashed: SIGABRT"):
        ruff.rule_docs()  # not about a file: the run cannot go on
    checked = ruff.check({"a.py": EVAL, "b.py": EVAL}, select(["security"]))
    assert checked.crashed == {"a.py": "SIGABRT", "b.py": "SIGABRT"}
    assert checked.diagnostics == {}
