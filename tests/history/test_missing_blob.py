"""A blob missing from the object store costs the line counts of its changes, nothing more.

`git log --numstat` dies at the first blob it cannot read, so mining reads the commits that
had one apart (`store._around_missing`): their other files with line counts, the file whose
version is missing without, each named in a notice.
"""

from __future__ import annotations

import json

from codevitals.cache import Cache
from codevitals.history import store
from codevitals.history.gitlog import FileChange, Unreadable
from tests.conftest import Repo, run_cli


def _history(repo: Repo) -> Repo:
    """Five commits, each changing app/core.py and adding a module of its own."""
    for version in range(5):
        body = f"def f(x):\n    if x > {version}:\n        return x\n    return {version}\n"
        repo.write("app/core.py", body)
        repo.write(f"app/step{version}.py", f"def step():\n    return {version}\n")
        repo.commit(f"version {version}", date=f"2024-01-0{version + 1}T12:00:00")
    return repo


def _drop_blob(repo: Repo, revision: str) -> str:
    """Delete a loose blob, as a damaged object store loses one; its id."""
    blob = repo.git("rev-parse", revision).strip()
    (repo.root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    return blob


def test_mining_skips_only_the_changes_that_had_the_missing_blob(repo: Repo) -> None:
    _history(repo)
    blob = _drop_blob(repo, "HEAD~2:app/core.py")  # written by HEAD~2, replaced by HEAD~1
    shas = [repo.git("rev-parse", f"HEAD~{n}").strip() for n in range(5)]
    mined = store.mine(store.Source(repo.root, shas[0]), Cache(None))
    assert mined.unread == ""
    assert mined.skipped == (
        Unreadable(shas[1], "app/core.py", blob),
        Unreadable(shas[2], "app/core.py", blob),
    )
    assert [c.sha for c in mined.commits] == shas
    changes = {c.sha: set(c.changes) for c in mined.commits}
    assert changes[shas[0]] == {
        FileChange("app/core.py", None, 2, 2),
        FileChange("app/step4.py", None, 2, 0),
    }
    assert changes[shas[1]] == {
        FileChange("app/core.py", None, 0, 0),
        FileChange("app/step3.py", None, 2, 0),
    }
    assert changes[shas[2]] == {
        FileChange("app/core.py", None, 0, 0),
        FileChange("app/step2.py", None, 2, 0),
    }


def test_a_commit_that_only_changed_the_missing_version_is_kept(repo: Repo) -> None:
    _history(repo)
    repo.write("app/core.py", "def f(x):\n    return x\n")
    repo.commit("only core", date="2024-01-08T12:00:00")
    repo.write("app/step0.py", "def step():\n    return 10\n")
    repo.commit("only step", date="2024-01-09T12:00:00")
    _drop_blob(repo, "HEAD~1:app/core.py")
    tip = repo.git("rev-parse", "HEAD").strip()
    mined = store.mine(store.Source(repo.root, tip), Cache(None))
    assert len(mined.commits) == 7
    assert mined.commits[1].changes == (FileChange("app/core.py", None, 0, 0),)
    assert mined.commits[0].changes == (FileChange("app/step0.py", None, 1, 1),)


def test_a_scan_names_each_skipped_change_and_keeps_function_hotspots(repo: Repo) -> None:
    _history(repo)
    _drop_blob(repo, "HEAD~2:app/core.py")
    result = run_cli("scan", str(repo.root), "--offline", "--since", "all", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["partial"] is True
    assert {(n["path"], n["reason"]) for n in document["notices"]} == {
        ("app/core.py", "missing-blob")
    }
    (core,) = [h for h in document["history"]["hotspots"] if h["path"] == "app/core.py"]
    assert core["functions"]  # the readable versions' diffs were read


def test_on_the_first_parent_line_a_merge_is_read_against_its_first_parent(repo: Repo) -> None:
    _history(repo)
    repo.git("checkout", "-q", "-b", "topic")
    repo.write("app/core.py", "def f(x):\n    return -x\n")
    repo.write("app/topic.py", "T = 1\n")
    repo.commit("topic", date="2024-01-08T12:00:00")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge topic", "topic", date="2024-01-09T12:00:00")
    repo.write("app/core.py", "def f(x):\n    return x\n")
    repo.commit("after", date="2024-01-10T12:00:00")
    blob = _drop_blob(repo, "topic:app/core.py")
    after, merge = (repo.git("rev-parse", f"HEAD~{n}").strip() for n in (0, 1))
    mined = store.mine(store.Source(repo.root, after, first_parent=True), Cache(None))
    assert mined.skipped == (
        Unreadable(after, "app/core.py", blob),
        Unreadable(merge, "app/core.py", blob),
    )
    assert len(mined.commits) == 7  # the main line: five versions, the merge, after
    assert set(mined.commits[1].changes) == {
        FileChange("app/topic.py", None, 1, 0),  # counted, against the first parent
        FileChange("app/core.py", None, 0, 0),
    }
