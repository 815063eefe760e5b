"""A small history to replay, where every ranking and label can be worked out by hand.

The origin `1y` is 2023-07-01T12:00Z, a year before the last commit; its window runs to
2024-07-01T12:00Z. At the origin the tree holds five production files:

    file   code lines   changes in the 12 months before   fix before   fixes in the window
    a.py   30 (health < 10: nested ifs, 6 arguments)   3    -            2
    b.py   20                                           2    1            0
    c.py   10                                           1    -            1
    d.py    5 (renamed e.py in the window)              0    -            1
    g.py    5                                           0    -            0

plus a test file, which is not in the population. The window also holds a typo fix, a fix of
a test only, a bot's fix, a fix creating a new file, and a fix touching four files (a mass
edit once `--fix-max-files 3`).
"""

from __future__ import annotations

from tests.conftest import Repo

TANGLED = """\
def tangled(a, b, c, d, e, f):
    if a:
        if b:
            if c:
                if d:
                    return e
    return f
"""
"""Seven code lines with a deep nesting and excess arguments."""


def plain(lines: int, version: int = 0) -> str:
    """`lines` code lines of assignments; `version` changes the first one."""
    return "".join(f"x{i} = {version if i == 0 else i}\n" for i in range(lines))


def unhealthy(version: int = 0) -> str:
    """a.py: the tangled function and 23 assignments, 30 code lines."""
    return TANGLED + plain(23, version)


def build(repo: Repo) -> Repo:
    """The history described above."""
    _before_the_origin(repo)
    _in_the_window(repo)
    repo.write("README.md", "# Release 1.0\n")
    repo.commit("Release 1.0", date="2024-07-01T12:00:00+00:00")
    return repo


def _before_the_origin(repo: Repo) -> None:
    repo.write("a.py", unhealthy())
    for name, lines in (("b.py", 20), ("c.py", 10), ("d.py", 5), ("g.py", 5)):
        repo.write(name, plain(lines))
    repo.write("tests/test_a.py", "def test_a():\n    assert True\n")
    repo.write("README.md", "# Project\n")
    repo.commit("Add the project", date="2022-01-01T00:00:00+00:00")
    repo.write("a.py", unhealthy(1))
    repo.commit("Add an option", date="2022-09-01T00:00:00+00:00")
    repo.write("a.py", unhealthy(2))
    repo.write("b.py", plain(20, 1))
    repo.write("c.py", plain(10, 1))
    repo.commit("Refactor the helpers", date="2022-11-01T00:00:00+00:00")
    repo.write("b.py", plain(20, 2))
    repo.commit("Fix crash when empty", date="2023-02-01T00:00:00+00:00")
    repo.write("a.py", unhealthy(3))
    repo.commit("Tune the defaults", date="2023-04-01T00:00:00+00:00")


def _in_the_window(repo: Repo) -> None:
    repo.git("mv", "d.py", "e.py")
    repo.commit("Move d to e", date="2023-08-01T00:00:00+00:00")
    repo.write("e.py", plain(5, 1))
    repo.commit("Fix wrong result in e", date="2023-09-01T00:00:00+00:00")
    repo.write("a.py", unhealthy(4))
    repo.commit("Handle empty input\n\nFixes #3", date="2023-10-01T00:00:00+00:00")
    repo.write("a.py", unhealthy(5))
    repo.commit("Fix typo in a", date="2023-11-01T00:00:00+00:00")
    repo.write("a.py", unhealthy(6))
    repo.write("c.py", plain(10, 2))
    repo.commit("Fix bug in a and c", date="2023-12-01T00:00:00+00:00")
    repo.write("b.py", plain(20, 3))
    repo.commit("Fix crash", date="2023-12-15T00:00:00+00:00", author="dependabot[bot] <b@x>")
    repo.write("f.py", plain(3))
    repo.commit("Fix missing helper", date="2024-01-01T00:00:00+00:00")
    repo.write("tests/test_a.py", "def test_a():\n    assert 1\n")
    repo.commit("Fix test", date="2024-02-01T00:00:00+00:00")
    for name, lines in (("a.py", 0), ("b.py", 20), ("c.py", 10), ("g.py", 5)):
        repo.write(name, unhealthy(7) if not lines else plain(lines, 4))
    repo.commit("Fix crash everywhere", date="2024-03-01T00:00:00+00:00")
