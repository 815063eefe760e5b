"""The pre-commit hook and the GitHub Action run commands that exist and behave as documented."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from tests.conftest import Repo, run_cli

ROOT = Path(__file__).parents[1]


def _hook_entries() -> dict[str, str]:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    ids = re.findall(r"^- id: (\S+)$", text, flags=re.MULTILINE)
    entries = re.findall(r"^  entry: (.+)$", text, flags=re.MULTILINE)
    return dict(zip(ids, entries, strict=True))


def test_the_gate_hook_passes_clean_commits_and_stops_new_debt(repo: Repo) -> None:
    command = shlex.split(_hook_entries()["codevitals-gate"])
    assert command[:2] == ["codevitals", "gate"]
    repo.write("app.py", '"""App."""\n\n\ndef f(x):\n    """F."""\n    return x\n')
    repo.commit()
    repo.write("app.py", '"""App."""\n\n\ndef f(x):\n    """F."""\n    return x + 1\n')
    assert run_cli(*command[1:], cwd=repo.root).exit_code == 0
    repo.write("keys.py", 'TOKEN = "ghp_' + "a1B2c3D4" * 4 + 'e5F6"\n')
    result = run_cli(*command[1:], cwd=repo.root)
    assert result.exit_code == 1
    assert "CVS102 github-token" in result.stdout


def test_the_health_hook_takes_a_floor(repo: Repo) -> None:
    command = shlex.split(_hook_entries()["codevitals-health"])
    repo.write("app.py", "def f(x):\n    return x\n")
    repo.commit()
    assert run_cli(*command[1:], "--fail-under", "9", cwd=repo.root).exit_code == 0


def test_the_action_never_pastes_inputs_into_scripts() -> None:
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    scripts = re.findall(r"run: \|\n((?:        .*\n|\n)+)", text)
    assert len(scripts) == 3
    for script in scripts:
        assert "${{" not in script, "inputs reach scripts through env, never by expansion"
    assert "github/codeql-action/upload-sarif@" in text
    assert "--format sarif" in text
