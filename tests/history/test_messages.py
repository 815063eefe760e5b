"""Commit messages come whole, by commit id, whatever they hold."""

from __future__ import annotations

from codevitals.history.messages import read_messages
from tests.conftest import Repo


def test_every_message_whole_by_commit(repo: Repo) -> None:
    repo.write("a.py", "x = 1\n")
    first = repo.commit("Fix crash\n\nThe body, with\ttabs and\nlines.\n\nFixes #12")
    repo.git("checkout", "-q", "-b", "side")
    repo.write("b.py", "y = 1\n")
    side = repo.commit("Add b")
    repo.git("checkout", "-q", "main")
    repo.write("a.py", "x = 2\n")
    second = repo.commit("Ünïcode subject")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge branch 'side'", "side")
    merge = repo.git("rev-parse", "HEAD").strip()
    repo.git("commit", "-q", "--allow-empty", "--allow-empty-message", "-m", "")
    empty = repo.git("rev-parse", "HEAD").strip()
    messages = read_messages(repo.root, "HEAD")
    assert messages == {
        first: "Fix crash\n\nThe body, with\ttabs and\nlines.\n\nFixes #12\n",
        side: "Add b\n",
        second: "Ünïcode subject\n",
        merge: "Merge branch 'side'\n",
        empty: "",
    }


def test_messages_in_another_encoding_are_read_as_utf8(repo: Repo) -> None:
    repo.git("config", "i18n.commitEncoding", "ISO-8859-1")
    repo.write("a.py", "x = 1\n")
    message = repo.root / "message.txt"
    message.write_bytes("Corrige le problème\n".encode("latin-1"))
    repo.git("add", "a.py")
    repo.git("commit", "-q", "-F", str(message))
    assert list(read_messages(repo.root, "HEAD").values()) == ["Corrige le problème\n"]


def test_only_commits_reachable_from_the_tip(repo: Repo) -> None:
    repo.write("a.py", "x = 1\n")
    old = repo.commit("one")
    repo.write("a.py", "x = 2\n")
    repo.commit("two")
    assert read_messages(repo.root, old) == {old: "one\n"}
