"""Change coupling on real repositories, degrees computed by hand (code-maat's definition)."""

from __future__ import annotations

from typing import Any

import pytest

from codevitals.history.coupling import CouplingOptions
from codevitals.model.history import Coupling
from tests.conftest import Repo
from tests.history.helpers import ADA, BEA, days_ago, history

SETS = [
    {"src/a.py", "docs/b.py"},
    {"src/a.py", "docs/b.py"},
    {"src/a.py", "docs/b.py", "src/c.py"},
    {"src/a.py", "src/c.py"},
    {"src/a.py", "docs/b.py"},
    {"docs/b.py"},
    {"src/a.py", "docs/b.py"},
]
"""Seven commits. a: 1,2,3,4,5,7 = 6 revisions; b: 1,2,3,5,6,7 = 6; c: 3,4 = 2.
shared(a, b) = 1,2,3,5,7 = 5 → degree 5 / ((6 + 6) / 2) × 100 = 83.33 %.
shared(a, c) = 2 < 5 shared revisions; shared(b, c) = 1."""


def commit_sets(repo: Repo, sets: list[set[str]], *, author: str = ADA, start: int = 100) -> None:
    for index, paths in enumerate(sets):
        for path in sorted(paths):
            target = repo.root / path
            old = target.read_text() if target.exists() else ""
            repo.write(path, f"{old}{index}\n")
        repo.commit(f"set {index}", date=days_ago(start - index), author=author)


def coupling(repo: Repo, **options: Any) -> list[Coupling]:
    return list(history(repo, coupling=CouplingOptions(**options)).coupling)


def test_degree_and_revisions_by_hand(repo: Repo) -> None:
    commit_sets(repo, SETS)
    (pair,) = coupling(repo)
    assert (pair.first, pair.second) == ("docs/b.py", "src/a.py")
    assert (pair.shared, pair.first_revisions, pair.second_revisions) == (5, 6, 6)
    assert pair.degree == pytest.approx(83.3333, abs=1e-4)
    assert pair.surprising  # docs/ and src/ are different top-level folders


def test_thresholds(repo: Repo) -> None:
    commit_sets(repo, SETS)
    assert coupling(repo, min_shared=6) == []
    assert coupling(repo, min_revisions=7) == []  # average revisions 6
    assert coupling(repo, min_degree=84) == []
    loose = coupling(repo, min_shared=2, min_revisions=1)
    # a–c: shared 2, average (6 + 2) / 2 = 4 → 50 %; b–c: shared 1 < 2.
    assert [(p.first, p.second, p.degree) for p in loose] == [
        ("docs/b.py", "src/a.py", pytest.approx(83.3333, abs=1e-4)),
        ("src/a.py", "src/c.py", 50.0),
    ]


def test_a_degree_of_exactly_the_minimum_is_kept(repo: Repo) -> None:
    # x and y share 3 of 10 revisions each: 3 / 10 × 100 = 30 %, exactly the default minimum.
    sets = [{"x.py", "y.py"}] * 3 + [{"x.py"}] * 7 + [{"y.py"}] * 7
    commit_sets(repo, sets)
    (pair,) = coupling(repo, min_shared=3)
    assert (pair.shared, pair.first_revisions, pair.second_revisions) == (3, 10, 10)
    assert pair.degree == 30.0
    assert not pair.surprising  # files at the top level are in no folder


def test_large_change_sets_are_left_out_entirely(repo: Repo) -> None:
    big = {f"gen/{i}.py" for i in range(29)} | {"src/a.py", "docs/b.py"}  # 31 files
    commit_sets(repo, [*SETS, big])
    (pair,) = coupling(repo)
    assert (pair.shared, pair.first_revisions, pair.second_revisions) == (5, 6, 6)
    (wider,) = coupling(repo, max_changeset=31)
    assert (wider.shared, wider.first_revisions, wider.second_revisions) == (6, 7, 7)


def test_tests_beside_their_code_are_expected_not_surprising(repo: Repo) -> None:
    commit_sets(repo, [{"src/app.py", "tests/test_app.py"}] * 5)
    (pair,) = coupling(repo)
    assert pair.degree == 100.0
    assert not pair.surprising


def test_renamed_files_keep_their_coupling(repo: Repo) -> None:
    commit_sets(repo, SETS[:4])
    repo.git("mv", "src/a.py", "src/renamed.py")
    repo.commit("rename", date=days_ago(50))
    renamed = [{p.replace("src/a.py", "src/renamed.py") for p in s} for s in SETS[4:]]
    commit_sets(repo, renamed, start=40)
    (pair,) = coupling(repo)
    # The rename commit is a change set of its own holding only src/renamed.py: 7 revisions.
    assert (pair.first, pair.second) == ("docs/b.py", "src/renamed.py")
    assert (pair.shared, pair.first_revisions, pair.second_revisions) == (5, 6, 7)


def test_one_authors_commits_within_the_window_form_one_change(repo: Repo) -> None:
    # Ada changes p then q an hour apart, five times over; Bea changes p alone, once.
    for day in range(5):
        repo.write("p.py", f"{day}\n")
        repo.commit(date=days_ago(30 - day), author=ADA)
        repo.write("q.py", f"{day}\n")
        repo.commit(date=days_ago(30 - day - 1 / 24), author=ADA)
    repo.write("p.py", "bea\n")
    repo.commit(date=days_ago(30 - 2 - 2 / 24), author=BEA)
    assert coupling(repo) == []  # every commit alone: no pair ever changes together
    (pair,) = coupling(repo, group_seconds=3 * 3600)
    # Five groups hold p and q; Bea's commit is a change of its own: p 6, q 5, shared 5.
    assert (pair.shared, pair.first_revisions, pair.second_revisions) == (5, 6, 5)
    assert pair.degree == pytest.approx(5 / 5.5 * 100)


def test_deleted_files_and_files_outside_the_window_are_not_paired(repo: Repo) -> None:
    commit_sets(repo, SETS, start=500)  # more than 12 months before now
    assert coupling(repo) == []
    repo.git("rm", "-q", "docs/b.py")
    repo.commit(date=days_ago(10))
    assert list(history(repo, since="all").coupling) == []
