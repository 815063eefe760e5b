"""Mining: one git log, or parallel diff-trees, parsed as they stream, whatever the repository
holds. Every test runs both ways: what the processes print must be what the log prints."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from codevitals import git
from codevitals.history import gitlog
from codevitals.history.gitlog import (
    BINARY,
    FileChange,
    log_arguments,
    parse,
    read_log,
    read_names,
)
from tests.conftest import GIT_ENV, Repo
from tests.history.helpers import BEA, days_ago


@pytest.fixture(autouse=True, params=["one log", "parallel diff-trees"])
def mining(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Mine with one `git log`, or with two diff-tree processes even for a tiny history."""
    parallel = request.param == "parallel diff-trees"
    monkeypatch.setattr(gitlog, "_processes", lambda: 2 if parallel else 1)
    monkeypatch.setattr(gitlog, "PARALLEL_FROM", 0)
    return str(request.param)


def changes(repo: Repo, *, first_parent: bool = False) -> list[tuple[str, list[FileChange]]]:
    """(author, changes) per commit, newest first."""
    return [
        (c.author, sorted(c.changes))
        for c in read_log(repo.root, "HEAD", first_parent=first_parent)
    ]


def test_numstat_renames_and_binary_files(repo: Repo) -> None:
    repo.write("a.py", "1\n2\n3\n4\n5\n")
    repo.write("logo.png", b"\x89PNG\x00\x01")
    repo.commit("one")
    repo.git("mv", "a.py", "b.py")
    repo.write("b.py", "1\n2\n3\n4\n5\n6\n")
    repo.write("logo.png", b"\x89PNG\x00\x02")
    repo.commit("two")
    assert changes(repo) == [
        ("Ada", [FileChange("b.py", "a.py", 1, 0), FileChange("logo.png", None, BINARY, BINARY)]),
        ("Ada", [FileChange("a.py", None, 5, 0), FileChange("logo.png", None, BINARY, BINARY)]),
    ]


def test_a_commit_without_changes_is_kept_in_order(repo: Repo) -> None:
    for index in range(3):
        repo.write("a.py", f"{index}\n")
        repo.commit(f"c{index}")
    repo.git("commit", "-q", "--allow-empty", "-m", "nothing")
    repo.write("b.py", "x\n")
    repo.commit("last")
    found = read_log(repo.root, "HEAD", first_parent=False)
    assert [len(c.changes) for c in found] == [1, 0, 1, 1, 1]
    assert [c.sha for c in found] == repo.git("rev-list", "HEAD").split()


def test_unusual_paths_survive_without_quoting(repo: Repo) -> None:
    names = ["with space.py", "tab\there.py", "new\nline.py", "café.py", 'quote".py', "{a => b}.py"]
    for name in names:
        repo.write(name, "x\n")
    repo.commit()
    ((_, found),) = changes(repo)
    assert sorted(c.path for c in found) == sorted(names)


def test_parsing_does_not_depend_on_chunk_boundaries(repo: Repo) -> None:
    for index in range(5):
        repo.write(f"f{index}.py", "x\n" * index)
        repo.write("shared.py", f"v{index}\n")
        repo.commit(f"c{index}", author=BEA if index % 2 else None)
    repo.git("mv", "f3.py", "g3.py")
    repo.commit("rename")
    raw = b"".join(git.stream(repo.root, *log_arguments("HEAD", first_parent=False)))
    whole = list(parse([raw]))
    for size in (1, 2, 3, 7, 64):
        pieces = [raw[i : i + size] for i in range(0, len(raw), size)]
        assert list(parse(pieces)) == whole
    assert len(whole) == 6


def test_mailmap_is_honoured(repo: Repo) -> None:
    repo.write("a.py", "1\n")
    repo.commit(author="Ada Lovelace <ada@old.example.com>")
    repo.write("a.py", "2\n")
    repo.commit(author="ada <ada@example.com>")
    repo.write(".mailmap", "Ada <ada@example.com> <ada@old.example.com>\nAda <ada@example.com>\n")
    repo.commit()
    authors = {(c.author, c.email) for c in read_log(repo.root, "HEAD", first_parent=False)}
    assert authors == {("Ada", "ada@example.com")}


def merged(repo: Repo) -> None:
    """main: m1, m2, merge; topic (from m1): t1, t2."""
    repo.write("main.py", "m1\n")
    repo.commit("m1", date=days_ago(10))
    repo.git("checkout", "-q", "-b", "topic")
    repo.write("topic.py", "t1\n")
    repo.commit("t1", date=days_ago(9), author=BEA)
    repo.write("topic.py", "t1\nt2\n")
    repo.commit("t2", date=days_ago(8), author=BEA)
    repo.git("checkout", "-q", "main")
    repo.write("main.py", "m1\nm2\n")
    repo.commit("m2", date=days_ago(7))
    repo.git("merge", "-q", "--no-ff", "-m", "merge topic", "topic", date=days_ago(6))


def test_merges_are_left_out_by_default(repo: Repo) -> None:
    merged(repo)
    assert changes(repo) == [
        ("Ada", [FileChange("main.py", None, 1, 0)]),
        ("Bea", [FileChange("topic.py", None, 1, 0)]),
        ("Bea", [FileChange("topic.py", None, 1, 0)]),
        ("Ada", [FileChange("main.py", None, 1, 0)]),
    ]


def test_first_parent_counts_a_merge_as_the_change_it_brought(repo: Repo) -> None:
    merged(repo)
    assert changes(repo, first_parent=True) == [
        ("Ada", [FileChange("topic.py", None, 2, 0)]),  # the merge: topic's two lines at once
        ("Ada", [FileChange("main.py", None, 1, 0)]),
        ("Ada", [FileChange("main.py", None, 1, 0)]),
    ]


def test_invalid_utf8_in_author_and_message_is_decoded_leniently(repo: Repo) -> None:
    repo.write("a.py", "x\n")
    repo.git("add", "a.py")
    tree = repo.git("write-tree").strip()
    env = {
        **{k.encode(): v.encode() for k, v in os.environ.items()},
        **{k.encode(): v.encode() for k, v in GIT_ENV.items()},
        b"GIT_AUTHOR_NAME": b"Jos\xe9 \xff",
        b"GIT_AUTHOR_EMAIL": b"jos\xe9@example.com",
    }
    done = subprocess.run(
        ["git", "commit-tree", tree],
        cwd=repo.root,
        env=env,
        input=b"r\xe9sum\xe9 \xff\xfe\n",
        capture_output=True,
        check=True,
    )
    repo.git("update-ref", "HEAD", done.stdout.decode().strip())
    (commit,) = read_log(repo.root, "HEAD", first_parent=False)
    # git re-encodes what is not UTF-8 as Latin-1 when asked for UTF-8 (2.39 does); raw bytes
    # from another version would be decoded with replacement characters.
    assert (commit.author, commit.email) in {
        ("José ÿ", "josé@example.com"),
        ("Jos\ufffd \ufffd", "jos\ufffd@example.com"),
    }
    assert commit.changes == (FileChange("a.py", None, 1, 0),)


@pytest.mark.slow
def test_a_commit_touching_ten_thousand_files(repo: Repo) -> None:
    for index in range(10_001):
        path = repo.root / f"d{index % 100}" / f"f{index}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text("x\n")
    repo.commit("everything at once")
    (commit,) = read_log(repo.root, "HEAD", first_parent=False)
    assert len(commit.changes) == 10_001
    assert {c.added for c in commit.changes} == {1}


def test_repository_configuration_cannot_run_programs_during_mining(
    repo: Repo, tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    repo.write(".gitattributes", "*.py diff=evil\n")
    repo.write("a.py", "1\n")
    repo.commit()
    repo.write("a.py", "2\n")
    repo.commit()
    program = f"sh -c 'touch {marker}; cat \"$1\"' --"
    repo.git("config", "diff.evil.textconv", program)
    repo.git("config", "diff.external", program)
    repo.git("config", "color.ui", "always")
    repo.git("config", "diff.relative", "true")
    log = read_log(repo.root, "HEAD", first_parent=False)
    assert log[0].changes == (FileChange("a.py", None, 1, 1),)
    assert not marker.exists()


def test_raw_bytes_that_are_not_utf8_never_fail() -> None:
    sha = b"a" * 40
    stream = b"\x1e" + sha + b"\0\0" + b"1700000000\0Jos\xe9\0j\xff@example.com\0\n1\t0\tx.py\0"
    (commit,) = parse([stream])
    assert (commit.author, commit.email, commit.time) == (
        "Jos\ufffd",
        "j\ufffd@example.com",
        1_700_000_000,
    )
    assert commit.parents == ()
    assert commit.changes == (FileChange("x.py", None, 1, 0),)


def test_since_stops_at_older_commits(repo: Repo) -> None:
    for day in (300, 200, 100):
        repo.write("a.py", f"x = {day}\n")
        repo.commit(f"day {day}", date=days_ago(day))
    cut = int(git.run(repo.root, "log", "-1", "--skip=1", "--format=%ct").strip())
    found = read_log(repo.root, "HEAD", first_parent=False, since=cut)
    assert [c.time for c in found] == [cut + 100 * 86_400, cut]


def test_without_line_counts_the_same_paths_renames_and_commits(repo: Repo) -> None:
    names = ["a.py", "with space.py", "new\nline.py", "café.py"]
    for name in names:
        repo.write(name, "1\n2\n3\n4\n5\n")
    repo.write("logo.png", b"\x89PNG\x00\x01")
    repo.commit("one")
    repo.git("mv", "a.py", "b.py")
    repo.write("b.py", "1\n2\n3\n4\n5\n6\n")
    repo.git("rm", "-q", "café.py")
    repo.write("logo.png", b"\x89PNG\x00\x02")
    repo.commit("two")
    repo.git("commit", "-q", "--allow-empty", "-m", "nothing")
    counted = read_log(repo.root, "HEAD", first_parent=False)
    named = read_names(repo.root, "HEAD", first_parent=False)
    assert [c._replace(changes=()) for c in named] == [c._replace(changes=()) for c in counted]
    without_counts = [
        sorted(FileChange(change.path, change.old_path, 0, 0) for change in commit.changes)
        for commit in counted
    ]
    assert [sorted(c.changes) for c in named] == without_counts
    assert FileChange("b.py", "a.py", 0, 0) in named[1].changes
    assert log_arguments("HEAD", first_parent=False, line_counts=False).count("--numstat") == 0
