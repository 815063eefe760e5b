"""Ownership, fragmentation, minor contributors, truck factor, knowledge loss and code age.

The repository of most tests, measured at 2024-07-01 (inactive after 12 months, so before
2023-07-01, 366 days earlier):

    400 days ago  Cy   src/old.py  +10
    300 days ago  Ada  src/a.py    +10   (creates it)
    200 days ago  Bea  src/a.py    +5
    100 days ago  Ada  src/a.py    +5
     90 days ago  Bea  src/old.py  +2
     20 days ago  Bea  docs/b.py   +4, README.md +1 (not source code)
"""

from __future__ import annotations

import pytest

from codevitals.history.bots import Bots
from codevitals.model.history import FileKnowledge, History, TruckFactor
from tests.conftest import Repo
from tests.history.helpers import ADA, BEA, CY, DAY, NOW, days_ago, history

MONTH = 365.2425 / 12 * DAY


def add(repo: Repo, path: str, lines: int) -> None:
    target = repo.root / path
    old = target.read_text() if target.exists() else ""
    repo.write(path, old + "".join(f"line {len(old)}-{i}\n" for i in range(lines)))


@pytest.fixture
def team(repo: Repo) -> History:
    steps = [
        (400, CY, [("src/old.py", 10)]),
        (300, ADA, [("src/a.py", 10)]),
        (200, BEA, [("src/a.py", 5)]),
        (100, ADA, [("src/a.py", 5)]),
        (90, BEA, [("src/old.py", 2)]),
        (20, BEA, [("docs/b.py", 4), ("README.md", 1)]),
    ]
    for days, author, changes in steps:
        for path, lines in changes:
            add(repo, path, lines)
        repo.commit(date=days_ago(days), author=author)
    return history(repo)


def by_path(found: History) -> dict[str, FileKnowledge]:
    return {item.path: item for item in found.files}


def test_ownership_by_lines_added(team: History) -> None:
    files = by_path(team)
    assert sorted(files) == ["docs/b.py", "src/a.py", "src/old.py"]  # README is not code
    a = files["src/a.py"].authorship
    assert (dict(a.lines), dict(a.commits)) == ({"Ada": 15, "Bea": 5}, {"Ada": 2, "Bea": 1})
    assert (a.main_author, a.main_share) == ("Ada", 0.75)
    assert a.fragmentation == pytest.approx(0.375)  # 1 − (0.75² + 0.25²)
    assert a.minor_contributors == 0
    old = files["src/old.py"].authorship
    assert old.main_author == "Cy"
    assert old.main_share == pytest.approx(10 / 12)
    assert old.fragmentation == pytest.approx(40 / 144)  # 1 − (100 + 4) / 144


def test_creation_and_age(team: History) -> None:
    a = by_path(team)["src/a.py"]
    assert (a.creator, a.created, a.last_change) == ("Ada", NOW - 300 * DAY, NOW - 100 * DAY)
    assert a.age_months == pytest.approx(100 * DAY / MONTH)  # 3.2855
    assert by_path(team)["docs/b.py"].age_months == pytest.approx(20 * DAY / MONTH)


def test_degree_of_authorship_per_file(team: History) -> None:
    files = by_path(team)
    # a.py: Ada 3.293 + 1.098 + 0.164 − 0.321·ln 2 = 4.3325; Bea 3.2345 (0.747 of it).
    assert files["src/a.py"].doa_authors == ("Ada",)
    # old.py: Cy 4.391 − 0.321·ln 2 = 4.1685; Bea 3.293 + 0.164 = 3.457 (0.829 of it).
    assert files["src/old.py"].doa_authors == ("Bea", "Cy")
    assert files["docs/b.py"].doa_authors == ("Bea",)


def test_truck_factor_of_the_repository_and_its_folders(team: History) -> None:
    # Ada {a}, Bea {old, b}, Cy {old}: remove Bea (2 files) → 2/3 covered; remove Ada (tie
    # with Cy, by name) → 1/3 < ½. Truck factor 2.
    assert team.truck_factor == TruckFactor(2, ("Bea", "Ada"), 3)
    folders = {f.folder: f for f in team.folders}
    # src: Ada {a}, Bea {old}, Cy {old}: remove Ada → ½ still covered; Bea → ½; Cy → 0.
    assert folders["src"].truck_factor == TruckFactor(3, ("Ada", "Bea", "Cy"), 2)
    assert folders["docs"].truck_factor == TruckFactor(1, ("Bea",), 1)


def test_folders_add_up_their_files(team: History) -> None:
    src = next(f for f in team.folders if f.folder == "src")
    assert src.files == 2
    assert dict(src.authorship.lines) == {"Ada": 15, "Bea": 7, "Cy": 10}
    assert src.authorship.main_share == 15 / 32
    assert src.authorship.fragmentation == pytest.approx(1 - (225 + 49 + 100) / 1024)
    assert src.inactive_share == 10 / 32  # Cy's lines
    assert src.islands == 0
    docs = next(f for f in team.folders if f.folder == "docs")
    assert (docs.islands, docs.authorship.main_share) == (1, 1.0)


def test_knowledge_loss_when_the_main_author_is_inactive(team: History) -> None:
    files = by_path(team)
    old = files["src/old.py"]
    assert old.main_author_inactive
    assert old.inactive_share == pytest.approx(10 / 12)
    assert not files["src/a.py"].main_author_inactive
    assert files["src/a.py"].inactive_share == 0.0


def test_contributors_and_summary(team: History) -> None:
    people = [(c.name, c.commits, c.lines_added, c.active) for c in team.contributors]
    assert people == [("Bea", 3, 11, True), ("Ada", 2, 15, True), ("Cy", 1, 10, False)]
    summary = team.summary
    assert (summary.commits, summary.authors, summary.active_authors) == (6, 3, 2)
    assert (summary.first_commit, summary.last_commit) == (NOW - 400 * DAY, NOW - 20 * DAY)


def test_a_shorter_inactivity_period_loses_more(repo: Repo) -> None:
    add(repo, "a.py", 4)
    repo.commit(date=days_ago(100), author=ADA)
    add(repo, "a.py", 1)
    repo.commit(date=days_ago(10), author=BEA)
    assert not history(repo).files[0].main_author_inactive
    (item,) = history(repo, inactive_after="3m").files
    assert (item.main_author_inactive, item.inactive_share) == (True, 0.8)


def test_minor_contributors_have_under_five_percent_of_commits(repo: Repo) -> None:
    for index in range(20):
        add(repo, "m.py", 1)
        repo.commit(date=days_ago(100 - index), author=ADA)
    add(repo, "m.py", 1)
    repo.commit(date=days_ago(50), author=BEA)  # 1 of 21 commits: 4.8 % < 5 %
    (item,) = history(repo).files
    assert item.authorship.minor_contributors == 1


def test_ownership_is_carried_across_a_rename(repo: Repo) -> None:
    add(repo, "x.py", 10)
    repo.commit(date=days_ago(30), author=ADA)
    repo.git("mv", "x.py", "y.py")
    add(repo, "y.py", 2)
    repo.commit(date=days_ago(20), author=BEA)
    (item,) = history(repo).files
    assert item.path == "y.py"
    assert dict(item.authorship.lines) == {"Ada": 10, "Bea": 2}
    assert item.creator == "Ada"


def test_bots_own_nothing(repo: Repo) -> None:
    add(repo, "a.py", 3)
    repo.commit(date=days_ago(30), author=ADA)
    add(repo, "a.py", 30)
    repo.commit(date=days_ago(20), author="dependabot[bot] <support@github.com>")
    found = history(repo)
    assert dict(found.files[0].authorship.lines) == {"Ada": 3}
    assert (found.summary.commits, found.summary.bot_commits) == (1, 1)
    with_bots = history(repo, bots=Bots(()))
    assert dict(with_bots.files[0].authorship.lines) == {"Ada": 3, "dependabot[bot]": 30}
