"""The history analyses end to end: mailmap, merges, subfolders, safety, the JSON schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from codevitals.history import analysis
from tests.conftest import Repo, run_cli
from tests.history.helpers import ADA, BEA, NOW, days_ago, history
from tests.schemas import validator

SCHEMA = Path(__file__).parents[2] / "src" / "codevitals" / "schemas" / "scan.schema.json"
EIGHT = "def f(a, b, c, d, e, f, g, h):\n    return a\n"


def test_mailmap_makes_one_author_of_two_identities(repo: Repo) -> None:
    repo.write("a.py", "x = 1\ny = 2\n")
    repo.commit(date=days_ago(30), author="ada lovelace <ada@old.example.com>")
    repo.write("a.py", "x = 1\ny = 2\nz = 3\n")
    repo.commit(date=days_ago(20), author=ADA)
    repo.write(".mailmap", "Ada <ada@example.com> <ada@old.example.com>\n")
    repo.commit(date=days_ago(10), author=ADA)
    found = history(repo)
    assert [(c.name, c.commits) for c in found.contributors] == [("Ada", 3)]
    assert dict(found.files[0].authorship.lines) == {"Ada": 3}


def merged(repo: Repo) -> None:
    """Bea writes b.py on a branch (2 commits, 3 lines); Ada merges it."""
    repo.write("a.py", "x = 1\n")
    repo.commit(date=days_ago(30), author=ADA)
    repo.git("checkout", "-q", "-b", "topic")
    repo.write("b.py", "b = 1\n")
    repo.commit(date=days_ago(20), author=BEA)
    repo.write("b.py", "b = 1\nc = 2\nd = 3\n")
    repo.commit(date=days_ago(19), author=BEA)
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "merge", "topic", date=days_ago(10))


def test_merges_credit_the_authors_of_the_merged_commits(repo: Repo) -> None:
    merged(repo)
    files = {f.path: f for f in history(repo).files}
    assert dict(files["b.py"].authorship.commits) == {"Bea": 2}
    assert dict(files["b.py"].authorship.lines) == {"Bea": 3}


def test_first_parent_credits_the_merge(repo: Repo) -> None:
    merged(repo)
    found = history(repo, first_parent=True)
    files = {f.path: f for f in found.files}
    # The merge, by Ada (the committer's identity in tests), brings b.py's 3 lines at once.
    assert dict(files["b.py"].authorship.lines) == {"Ada": 3}
    assert found.summary.commits == 2


def test_a_subfolder_scan_reports_paths_relative_to_it(repo: Repo) -> None:
    for index in range(5):
        for path in ("src/app/core.py", "src/app/util.py", "docs/x.py"):
            target = repo.root / path
            old = target.read_text() if target.exists() else EIGHT
            repo.write(path, old + f"# {index}\n")
        repo.commit(date=days_ago(50 - index))
    found = history(Repo(repo.root / "src"))
    assert [h.path for h in found.hotspots] == ["app/core.py", "app/util.py"]
    assert [(c.first, c.second) for c in found.coupling] == [("app/core.py", "app/util.py")]
    assert sorted(f.path for f in found.files) == ["app/core.py", "app/util.py"]
    assert [f.folder for f in found.folders] == ["app"]


def test_ranking_functions_runs_no_program_the_repository_names(repo: Repo, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    program = f"sh -c 'touch {marker}; cat \"$1\"' --"
    repo.write(".gitattributes", "*.py diff=evil\n")
    repo.write("m.py", EIGHT)
    repo.commit(date=days_ago(20))
    repo.write("m.py", EIGHT.replace("return a", "return b"))
    repo.commit(date=days_ago(10))
    for key in ("diff.evil.textconv", "diff.external", "core.pager"):
        repo.git("config", key, program)
    (spot,) = history(repo).hotspots
    assert [(f.qualified_name, f.changes) for f in spot.functions] == [("f", 2)]
    assert not marker.exists()


def test_a_history_rich_document_matches_the_schema(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(analysis, "now", lambda: NOW)
    merged(repo)
    repo.write("tests/test_b.py", EIGHT)
    repo.write("b.py", "b = 2\n")
    repo.commit(date=days_ago(5), author=BEA)
    result = run_cli("scan", str(repo.root), "-f", "json", "--since", "all", "--min-revs", "1",
                     "--min-shared-revs", "1", "--min-coupling", "1")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    validator("scan.schema.json").validate(document)
    found = document["history"]
    assert [(c["first"], c["second"]) for c in found["coupling"]] == [("b.py", "tests/test_b.py")]
    # Health is no factor: every file with code that changed is a hotspot.
    assert {h["path"] for h in found["hotspots"]} == {"a.py", "b.py", "tests/test_b.py"}
    assert [f["folder"] for f in found["folders"]] == ["tests"]
