"""One author per person: names and emails seen together are one identity."""

from __future__ import annotations

from codevitals.history.bots import Bots
from codevitals.history.gitlog import Commit, FileChange
from codevitals.history.identities import people
from codevitals.history.lineage import follow


def test_names_that_share_an_email_are_one_person_known_by_the_name_used_most() -> None:
    authors = [
        ("jwilson", "jesse@squareup.com"),
        ("Jesse Wilson", "jesse@swank.ca"),
        ("Jesse Wilson", "jesse@swank.ca"),
        ("Jesse Wilson", "jesse@squareup.com"),
        ("Bea", "bea@example.org"),
    ]
    known = people(authors)
    assert known[("jwilson", "jesse@squareup.com")] == "Jesse Wilson"
    assert known[("Jesse Wilson", "jesse@swank.ca")] == "Jesse Wilson"
    assert known[("Bea", "bea@example.org")] == "Bea"


def test_a_name_links_its_emails_across_case_spacing_and_unicode_forms() -> None:
    # Newest first: the tie between the two spellings goes to the newer one.
    authors = [("Galder Zamarre\u00f1o", "g@new.org"), ("galder  zamarren\u0303o", "g@old.org")]
    known = people(authors)
    assert set(known.values()) == {"Galder Zamarre\u00f1o"}


def test_placeholder_emails_and_names_link_nobody() -> None:
    authors = [
        ("Ada", "root@localhost"),
        ("Bea", "root@localhost"),
        ("Cy", "none@none"),
        ("Dee", "noreply@github.com"),
        ("Eve", "noreply@github.com"),
        ("root", "fay@example.org"),
        ("root", "gus@example.org"),
        ("Fay", "fay@example.org"),
        ("Gus", "gus@example.org"),
    ]
    known = people(authors)
    assert known[("Ada", "root@localhost")] == "Ada"
    assert known[("Bea", "root@localhost")] == "Bea"
    assert known[("Dee", "noreply@github.com")] == "Dee"
    # `root` is no one's name: each commit is its email's person, and Fay is not Gus.
    assert known[("root", "fay@example.org")] == known[("Fay", "fay@example.org")]
    assert known[("root", "gus@example.org")] == known[("Gus", "gus@example.org")]
    assert known[("Fay", "fay@example.org")] != known[("Gus", "gus@example.org")]


def test_an_author_without_a_name_is_known_by_the_email() -> None:
    assert people([("", "ada@example.org")]) == {("", "ada@example.org"): "ada@example.org"}


def test_follow_charges_each_commit_to_its_person() -> None:
    change = FileChange("a.py", None, 1, 0)
    newest_first = [
        Commit("3", ("2",), 3, "appleboy", "appleboy.tw@gmail.com", (change,)),
        Commit("2", ("1",), 2, "Bo-Yi Wu", "appleboy.tw@gmail.com", (change,)),
        Commit("1", ("0",), 1, "Bo-Yi Wu", "appleboy.tw@gmail.com", (change,)),
        Commit("0", (), 0, "dependabot[bot]", "appleboy.tw@gmail.com", (change,)),
    ]
    revisions = follow(newest_first, Bots.build()).revisions
    assert [r.author for r in revisions] == ["Bo-Yi Wu"] * 3
