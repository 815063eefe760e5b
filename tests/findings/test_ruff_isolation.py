"""ruff never changes a scanned file, whatever the repository's ruff configuration says."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.conftest import Repo, run_cli

FIXABLE = """\
import os, sys
import json
def f(x):
    if x == None:
        return   (x)
    print( "unused" )
"""

HOSTILE_CONFIG = """\
[tool.ruff]
fix = true
unsafe-fixes = true
show-fixes = true
cache-dir = "ruff-cache-here"

[tool.ruff.lint]
select = ["ALL"]
fixable = ["ALL"]
"""


def _digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".git" not in path.parts
    }


def test_a_repository_asking_ruff_to_fix_gets_no_file_changed(repo: Repo) -> None:
    repo.write("pyproject.toml", HOSTILE_CONFIG)
    repo.write("ruff.toml", "fix = true\nunsafe-fixes = true\n")
    repo.write("pkg/app.py", FIXABLE)
    repo.commit("fixable code")
    repo.write("pkg/app.py", FIXABLE + "import re\n")
    before = _digests(repo.root)

    scanned = run_cli("scan", str(repo.root), "--preset", "google", "--preset", "security")
    gated = run_cli("gate", str(repo.root), "--base", "main", "--preset", "google")

    assert scanned.exit_code == 0, scanned.stderr
    assert gated.exit_code == 1, gated.stderr  # new findings (import re), found not fixed
    assert "E402" in gated.stdout  # the new import, below code
    assert _digests(repo.root) == before
    assert not (repo.root / "ruff-cache-here").exists()
    assert not (repo.root / ".ruff_cache").exists()


def test_findings_are_reported_not_fixed(repo: Repo) -> None:
    repo.write("pyproject.toml", HOSTILE_CONFIG)
    repo.write("app.py", FIXABLE)
    repo.commit()
    result = run_cli("scan", str(repo.root), "--format", "json", "--preset", "google")
    assert '"code":"E711"' in result.stdout
    assert '"code":"ANN' not in result.stdout  # a repository's `select = ["ALL"]` is not read
    assert (repo.root / "app.py").read_text() == FIXABLE
