"""Fixes in the window are charged to files by their names at the origin."""

from __future__ import annotations

from codevitals.history.bots import Bots
from codevitals.history.gitlog import Commit, FileChange
from codevitals.history.lineage import follow
from codevitals.validate.labels import label


def commit(sha: str, *changes: FileChange) -> Commit:
    return Commit(sha, ("p",), 0, "Ada", "ada@example.com", changes)


def test_renames_after_the_origin_are_followed_back() -> None:
    # Oldest first, all after the origin: a.py → b.py → c.py, each step fixed once; then a
    # new a.py (not the file of the origin) is fixed.
    window = follow(
        [
            commit("1", FileChange("a.py", None, 1, 1)),
            commit("2", FileChange("b.py", "a.py", 0, 0)),
            commit("3", FileChange("b.py", None, 2, 0)),
            commit("4", FileChange("c.py", "b.py", 1, 1)),
            commit("5", FileChange("a.py", None, 9, 0)),
        ][::-1],
        Bots(),
    )
    found = label(window, {"1", "3", "4", "5"}, ["a.py", "z.py"])
    assert found.fixes == {"a.py": 3}  # 1, 3 and 4; the new a.py's fix is not the old one's
    assert (found.commits, found.events, found.window_commits) == (3, 3, 5)


def test_a_fix_counts_once_per_file_and_a_pure_rename_is_no_fix() -> None:
    window = follow(
        [
            commit("2", FileChange("b.py", "a.py", 0, 0), FileChange("c.py", None, 1, 0)),
            commit("1", FileChange("c.py", None, 3, 3), FileChange("d.py", None, 1, 0)),
        ],
        Bots(),
    )
    found = label(window, {"1", "2"}, ["a.py", "c.py"])
    assert found.fixes == {"c.py": 2}  # d.py is not in the population
    assert found.commits == 2


def test_files_deleted_in_the_window_keep_their_fixes() -> None:
    window = follow(
        [commit("2", FileChange("a.py", None, 0, 10)), commit("1", FileChange("a.py", None, 1, 1))],
        Bots(),
    )
    assert label(window, {"1"}, ["a.py"]).fixes == {"a.py": 1}
