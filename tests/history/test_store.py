"""Incremental mining: a second run parses only the commits made since the first."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from codevitals.cache import Cache
from codevitals.history import store
from codevitals.history.gitlog import read_log
from tests.conftest import Repo
from tests.history.helpers import BEA


def grow(repo: Repo, count: int, start: int = 0) -> None:
    for index in range(start, start + count):
        repo.write(f"f{index % 3}.py", f"{index}\n")
        repo.commit(f"c{index}", author=BEA if index % 2 else None)


def source(
    repo: Repo, *, first_parent: bool = False, shallow: tuple[str, ...] = ()
) -> store.Source:
    tip = repo.git("rev-parse", "HEAD").strip()
    return store.Source(repo.root, tip, first_parent, frozenset(shallow))


def mine(repo: Repo, cache: Cache, *, first_parent: bool = False) -> store.Mined:
    return store.mine(source(repo, first_parent=first_parent), cache)


@pytest.fixture
def cache(tmp_path: Path) -> Cache:
    return Cache(tmp_path / "store-cache")


def test_a_new_commit_is_the_only_one_parsed(repo: Repo, cache: Cache) -> None:
    grow(repo, 5)
    first = mine(repo, cache)
    assert first.new == 5
    grow(repo, 1, start=5)
    second = mine(repo, cache)
    assert second.new == 1
    assert second.commits == read_log(repo.root, "HEAD", first_parent=False)


def test_nothing_new_runs_no_git_log(
    repo: Repo, cache: Cache, monkeypatch: pytest.MonkeyPatch
) -> None:
    grow(repo, 3)
    first = mine(repo, cache)

    def fail(*_: object, **__: object) -> None:
        raise AssertionError("git log should not run")

    monkeypatch.setattr(store, "read_log", fail)
    again = mine(repo, cache)
    assert (again.new, again.commits) == (0, first.commits)


def test_rewritten_history_is_mined_again(repo: Repo, cache: Cache) -> None:
    grow(repo, 4)
    mine(repo, cache)
    repo.git("commit", "-q", "--amend", "-m", "rewritten")
    again = mine(repo, cache)
    assert again.new == 4
    assert again.commits == read_log(repo.root, "HEAD", first_parent=False)


def test_first_parent_line_that_does_not_pass_the_old_tip_is_mined_again(
    repo: Repo, cache: Cache
) -> None:
    grow(repo, 2)
    repo.git("checkout", "-q", "-b", "topic")
    grow(repo, 2, start=2)
    mine(repo, cache, first_parent=True)  # cached at topic's tip
    repo.git("checkout", "-q", "main")
    grow(repo, 1, start=4)
    repo.git("merge", "-q", "--no-ff", "-m", "merge", "topic")
    # topic's tip is an ancestor of HEAD, but not on its first-parent line.
    again = mine(repo, cache, first_parent=True)
    assert again.new == len(again.commits) == 4  # c0, c1, c4 and the merge
    assert again.commits == read_log(repo.root, "HEAD", first_parent=True)


def test_first_parent_line_through_the_old_tip_is_extended(repo: Repo, cache: Cache) -> None:
    grow(repo, 2)
    mine(repo, cache, first_parent=True)
    repo.git("checkout", "-q", "-b", "topic")
    grow(repo, 1, start=2)
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "merge", "topic")
    again = mine(repo, cache, first_parent=True)
    assert again.new == 1  # the merge only
    assert again.commits == read_log(repo.root, "HEAD", first_parent=True)


def test_mailmap_and_shallow_boundary_change_the_key_but_the_tip_does_not(repo: Repo) -> None:
    grow(repo, 1)
    plain = source(repo).key()
    grow(repo, 1, start=1)
    assert source(repo).key() == plain
    repo.write(".mailmap", "Ada <ada@example.com> <old@example.com>\n")
    mapped = source(repo).key()
    assert mapped != plain
    assert source(repo, first_parent=True).key() != mapped
    assert source(repo, shallow=("a" * 40,)).key() != mapped


def test_a_damaged_record_is_mined_again(repo: Repo, cache: Cache) -> None:
    grow(repo, 3)
    cache.put_many([(source(repo).key(), b"not marshal")])
    assert mine(repo, cache).new == 3


def test_records_round_trip(repo: Repo) -> None:
    grow(repo, 3)
    repo.git("mv", "f0.py", "g0.py")
    repo.commit("rename")
    commits = read_log(repo.root, "HEAD", first_parent=False)
    mined = store.Mined(commits[0].sha, commits, len(commits))
    decoded = store.decode(store.encode(mined))
    assert (decoded.tip, decoded.commits) == (mined.tip, mined.commits)


def test_records_of_another_format_version_are_refused() -> None:
    with pytest.raises(ValueError, match="version"):
        store.decode(marshal.dumps((store.FORMAT_VERSION + 1, "x", [])))
