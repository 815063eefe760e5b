"""Following files across renames; leaving out bots and a shallow clone's boundary."""

from __future__ import annotations

from codevitals.history.bots import Bots
from codevitals.history.gitlog import BINARY, Commit, FileChange
from codevitals.history.lineage import Touch, follow


def commit(sha: str, *changes: FileChange, author: str = "Ada") -> Commit:
    return Commit(sha, ("p",), 0, author, f"{author.lower()}@example.com", changes)


def paths(commits: list[Commit]) -> list[list[str]]:
    return [[t.path for t in r.touches] for r in follow(commits, Bots()).revisions]


def test_history_is_carried_across_a_chain_of_renames() -> None:
    # Oldest first: a.py created, edited, renamed to b.py, edited, renamed to c.py.
    oldest_first = [
        commit("1", FileChange("a.py", None, 3, 0)),
        commit("2", FileChange("a.py", None, 1, 0)),
        commit("3", FileChange("b.py", "a.py", 0, 0)),
        commit("4", FileChange("b.py", None, 1, 1)),
        commit("5", FileChange("c.py", "b.py", 1, 0)),
    ]
    assert paths(oldest_first[::-1]) == [["c.py"]] * 5


def test_a_path_used_again_after_a_rename_is_another_file() -> None:
    oldest_first = [
        commit("1", FileChange("a.py", None, 3, 0)),
        commit("2", FileChange("b.py", "a.py", 0, 0)),
        commit("3", FileChange("a.py", None, 7, 0)),  # a new a.py
        commit("4", FileChange("a.py", None, 1, 0)),
    ]
    assert paths(oldest_first[::-1]) == [["a.py"], ["a.py"], ["b.py"], ["b.py"]]


def test_touches_keep_the_names_of_their_commit() -> None:
    newest_first = [
        commit("2", FileChange("b.py", "a.py", 2, 1)),
        commit("1", FileChange("a.py", None, 5, 0), FileChange("logo.png", None, BINARY, BINARY)),
    ]
    revisions = follow(newest_first, Bots()).revisions
    assert revisions[0].touches == (Touch("b.py", "b.py", "a.py", 2, 1),)
    assert revisions[1].touches == (
        Touch("b.py", "a.py", None, 5, 0),
        Touch("logo.png", "logo.png", None, 0, 0),  # binary: no lines
    )


def test_bots_are_left_out_but_their_renames_still_count() -> None:
    newest_first = [
        commit("3", FileChange("b.py", None, 1, 0), author="Bea"),
        commit("2", FileChange("b.py", "a.py", 0, 0), author="renovate[bot]"),
        commit("1", FileChange("a.py", None, 4, 0), author="dependabot[bot]"),
        commit("0", FileChange("a.py", None, 4, 0)),
    ]
    followed = follow(newest_first, Bots())
    assert followed.bot_commits == 2
    assert [(r.sha, r.author, [t.path for t in r.touches]) for r in followed.revisions] == [
        ("3", "Bea", ["b.py"]),
        ("0", "Ada", ["b.py"]),
    ]


def test_a_shallow_boundary_keeps_its_commit_but_not_its_changes() -> None:
    newest_first = [
        commit("2", FileChange("a.py", None, 1, 0)),
        commit("1", FileChange("a.py", None, 100, 0), FileChange("b.py", None, 50, 0)),
    ]
    revisions = follow(newest_first, Bots(), boundary={"1"}).revisions
    assert [(r.sha, r.touches) for r in revisions][1] == ("1", ())


def test_an_author_without_a_name_is_known_by_email() -> None:
    nameless = Commit("1", (), 0, "", "ghost@example.com", ())
    assert follow([nameless], Bots()).revisions[0].author == "ghost@example.com"


def test_newest_maps_every_renamed_path_to_its_name_at_the_newest_commit() -> None:
    oldest_first = [
        commit("1", FileChange("a.py", None, 3, 0), FileChange("x.py", None, 1, 0)),
        commit("2", FileChange("b.py", "a.py", 0, 0)),
        commit("3", FileChange("c.py", "b.py", 1, 0)),
        commit("4", FileChange("a.py", None, 7, 0)),  # a new a.py
    ]
    assert follow(oldest_first[::-1], Bots()).newest == {"a.py": "c.py", "b.py": "c.py"}
