"""`validate --labels FILE`: the bug fixes a file of commit ids names, not the classifier's.

On the history of `helpers` (origin 1y, `--fix-max-files 3`) the classifier finds three fix
commits in the window, fixing a.py, c.py and d.py. The labels file below names two commits
of the window instead: the typo fix of a.py (which the classifier calls noise) and the
four-file "Fix crash everywhere" (a mass edit to the classifier), so a.py, b.py, c.py and
g.py are fixed, d.py is not, and both commits count whatever their message or size.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from codevitals.errors import UsageError
from codevitals.validate.fixsource import read_ids, resolve
from tests.conftest import Repo, run_cli
from tests.schemas import validator
from tests.validate.helpers import build

ARGS = ("--origin", "1y", "--bootstrap", "0", "--half-life", "0", "--fix-max-files", "3",
        "--jobs", "1")  # fmt: skip
MISSING = "e" * 40
"""A full commit id of no commit."""


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    return build(Repo(tmp_path_factory.mktemp("history") / "repo").init())


def _ids(repo: Repo) -> dict[str, str]:
    """Commit subject → full id."""
    lines = repo.git("log", "--format=%H %s").splitlines()
    return {line[41:]: line[:40] for line in lines}


def _labels_file(repo: Repo, folder: Path) -> Path:
    ids = _ids(repo)
    path = folder / "fixes.txt"
    path.write_text(
        "# bugs from the tracker\n"
        "\n"
        f"{ids['Fix typo in a'][:7].upper()}  Fix typo in a   # abbreviated, as --oneline\n"
        f"{ids['Fix crash everywhere']}\n"
        f"{ids['Fix crash everywhere']}\n"  # listed twice, counted once
        f"{MISSING}\n"
    )
    return path


def test_the_file_names_the_fixes(history: Repo, tmp_path: Path) -> None:
    labels = _labels_file(history, tmp_path)
    result = run_cli("validate", str(history.root), *ARGS, "--labels", str(labels), "-f", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    validator("validate.schema.json").validate(document)
    origin = document["origins"][0]
    assert (origin["fixed_files"], origin["fix_events"], origin["fix_commits"]) == (4, 5, 2)
    assert document["labels"] == {
        "source": "file",
        "path": str(labels),
        "listed": 3,
        "unknown": [MISSING],
        "fix_commits": 2,
    }
    assert document["settings"]["labels"] == f"file {labels}"
    assert document["partial"] is True  # the missing commit's fixes are not counted
    assert result.stderr == (
        f"codevitals: {labels}: unknown-fix-ids: 1 of the listed fix commits are not in the "
        f"history (or are ambiguous) and were left out: {MISSING}\n"
    )


def test_messages_are_the_default_source(history: Repo) -> None:
    result = run_cli("validate", str(history.root), *ARGS, "-f", "json", "-q")
    document = json.loads(result.stdout)
    assert document["labels"] == {
        "source": "messages",
        "path": None,
        "listed": 0,
        "unknown": [],
        "fix_commits": 6,
    }
    assert document["origins"][0]["fix_commits"] == 3
    assert document["partial"] is False


def test_the_terminal_report_names_the_file(history: Repo, tmp_path: Path) -> None:
    labels = _labels_file(history, tmp_path)
    result = run_cli("validate", str(history.root), *ARGS, "--labels", str(labels), "-q")
    assert result.exit_code == 0, result.stderr
    words = " ".join(result.stdout.split())  # a long path wraps the line
    assert f"bug fixes listed in {labels} (3 commit ids, 1 not in the history; 2 fix" in words
    assert "partial results: see notices" in result.stdout


def test_a_configuration_key_relative_to_its_file(history: Repo, tmp_path: Path) -> None:
    _labels_file(history, tmp_path)
    config = tmp_path / ".codevitals.toml"
    config.write_text('labels = "fixes.txt"\n')
    result = run_cli(
        "validate", str(history.root), *ARGS, "--config", str(config), "-f", "json", "-q"
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["labels"]["path"] == str(tmp_path / "fixes.txt")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read it (No such file or directory)"),
        ("abc123\n", "fixes.txt:1: 'abc123' is not a commit id (7 to 40 hex digits)"),
        ("# ok\nFix crash\n", "fixes.txt:2: 'Fix' is not a commit id"),
        (b"\xff\xfe\x00", "cannot read it"),
    ],
)
def test_an_unreadable_file_is_one_line_and_exit_2(
    history: Repo, tmp_path: Path, content: str | bytes | None, message: str
) -> None:
    labels = tmp_path / "fixes.txt"
    if isinstance(content, str):
        labels.write_text(content)
    elif isinstance(content, bytes):
        labels.write_bytes(content)
    result = run_cli("validate", str(history.root), *ARGS, "--labels", str(labels))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"codevitals: error: --labels {labels}")
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_ids_are_read_lower_cased_once_each(tmp_path: Path) -> None:
    path = tmp_path / "ids"
    path.write_text("ABCDEF1 one\n  abcdef1\n# c\n1234567890 # trailing comment\n\n")
    assert read_ids(path) == ("abcdef1", "1234567890")
    path.write_text("abcdef1234567890abcdef1234567890abcdef12a\n")  # 41 digits
    with pytest.raises(UsageError, match="is not a commit id"):
        read_ids(path)


def test_an_abbreviation_must_name_one_commit() -> None:
    history = ["abcdef1000", "abcdef2000", "1234567000"]
    found, unknown = resolve(["abcdef", "abcdef1", "1234567000", "7654321"], history)
    assert found == {"abcdef1000", "1234567000"}
    assert unknown == ("abcdef", "7654321")  # ambiguous, then absent
