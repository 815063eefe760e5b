"""A backtest over a history with one missing blob keeps its labels.

On the history of `helpers`, the version of a.py written by "Fix typo in a" is deleted from
the object store. Mining then skips the line counts of the two changes that had that version
(the typo fix, and "Fix bug in a and c" which replaced it) and of nothing else: the window of
origin 1y still has its three fix commits, with d.py, a.py (by "Handle empty input") and c.py
fixed; only a.py's second fix event, from the skipped change, is not counted.
"""

from __future__ import annotations

import json

from tests.conftest import Repo, run_cli
from tests.validate.helpers import build

ARGS = ("--origin", "1y", "--bootstrap", "0", "--half-life", "0", "--fix-max-files", "3",
        "--jobs", "1", "--format", "json")  # fmt: skip


def _ids(repo: Repo) -> dict[str, str]:
    lines = repo.git("log", "--format=%H %s").splitlines()
    return {line[41:]: line[:40] for line in lines}


def test_a_missing_blob_skips_its_changes_and_keeps_the_labels(repo: Repo) -> None:
    build(repo)
    ids = _ids(repo)
    blob = repo.git("rev-parse", f"{ids['Fix typo in a']}:a.py").strip()
    (repo.root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    result = run_cli("validate", str(repo.root), *ARGS)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["partial"] is True
    (origin,) = document["origins"]
    assert (origin["fixed_files"], origin["fix_events"], origin["fix_commits"]) == (3, 3, 3)
    assert origin["rankings"]["loc"]["auc"]["value"] is not None
    skipped = [
        (n["path"], n["message"][:17]) for n in document["notices"] if n["reason"] == "missing-blob"
    ]
    assert skipped == [
        ("a.py", f"commit {ids['Fix bug in a and c'][:10]}"),
        ("a.py", f"commit {ids['Fix typo in a'][:10]}"),
    ]
    assert f"blob {blob[:10]} is missing from git" in document["notices"][-1]["message"]
