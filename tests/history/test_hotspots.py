"""Hotspot order and scores, and function-level hotspots, computed by hand.

Health comes from excess arguments alone (threshold 4, weight 0.2): 8 arguments cost
0.2 × (1 + log2(8/4)) = 0.4 points, 16 cost 0.2 × (1 + log2 4) = 0.6. Comments are not code
lines, so each change appends a comment and every file keeps its two code lines. Commit
dates are now (weight 1) or 180 days ago, one default half-life (weight ½); 400 days ago is
outside the 12-month window.

Most tests use the plain formula (`PLAIN`: every exponent 1, no offset), whose scores are
easy to follow by hand; one checks the calibrated defaults.
"""

from __future__ import annotations

import pytest

from codevitals.history.hotspots import Factors
from codevitals.model import Role
from codevitals.model.history import Hotspot
from tests.conftest import Repo
from tests.history.helpers import BEA, days_ago, history

EIGHT = "def f(a, b, c, d, e, f, g, h):\n    return a\n"  # health 9.6
SIXTEEN = "def f(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p):\n    return a\n"  # 9.4
CLEAN = "def f(a):\n    return a\n"  # 10
PLAIN = Factors(change=1, debt=1, size=1, offset=0)


def change(repo: Repo, days: float, *paths: str, author: str | None = None) -> None:
    for path in paths:
        target = repo.root / path
        repo.write(path, target.read_text() + f"# changed {days} days ago\n")
    repo.commit(date=days_ago(days), author=author)


@pytest.fixture
def spots(repo: Repo) -> Repo:
    repo.write("x.py", EIGHT)
    repo.write("w.py", EIGHT)
    repo.write("z.py", SIXTEEN)
    repo.write("clean.py", CLEAN)
    repo.commit(date=days_ago(400))
    change(repo, 180, "x.py", "z.py", "clean.py")
    change(repo, 0, "x.py", "w.py", "clean.py", author=BEA)
    return repo


def ranked(found: tuple[Hotspot, ...]) -> list[tuple[str, float, int, float]]:
    return [(h.path, round(h.score, 6), h.changes, h.weighted_changes) for h in found]


def test_order_and_scores_by_hand(spots: Repo) -> None:
    # x: (½ + 1) × 0.4 × 2 = 1.2;  w: 1 × 0.4 × 2 = 0.8;  z: ½ × 0.6 × 2 = 0.6;
    # clean.py changed as often as x, but with no health debt it is no hotspot.
    assert ranked(history(spots, factors=PLAIN).hotspots) == [
        ("x.py", 1.2, 2, 1.5),
        ("w.py", 0.8, 1, 1.0),
        ("z.py", 0.6, 1, 0.5),
    ]
    x = history(spots, factors=PLAIN).hotspots[0]
    assert (x.health, x.code_lines, x.authors, x.role) == (9.6, 2, 2, Role.PRODUCTION)


def test_the_calibrated_defaults_by_hand(spots: Repo) -> None:
    # (changes + 1)² × (debt + 1)^½ × lines: x 2.5² × 1.4^½ × 2 = 14.790199,
    # clean.py 2.5² × 1 × 2 = 12.5 (healthy, but as busy as x), w 2² × 1.4^½ × 2 = 9.465728,
    # z 1.5² × 1.6^½ × 2 = 5.692100.
    found = history(spots).hotspots
    assert [(h.path, round(h.score, 6)) for h in found] == [
        ("x.py", 14.790199),
        ("clean.py", 12.5),
        ("w.py", 9.465728),
        ("z.py", 5.6921),
    ]


def test_the_formula_is_configurable(spots: Repo) -> None:
    # Without the change factor: x 0.8, w 0.8, z 1.2; x before w on weighted changes.
    found = history(spots, factors=Factors(change=0, debt=1, offset=0)).hotspots
    assert [h.path for h in found] == ["z.py", "x.py", "w.py"]
    # Without recency: x 2 × 0.4 × 2 = 1.6, w 0.8, z 1 × 0.6 × 2 = 1.2.
    flat = history(spots, half_life_days=0, factors=PLAIN).hotspots
    assert ranked(flat) == [("x.py", 1.6, 2, 2.0), ("z.py", 1.2, 1, 1.0), ("w.py", 0.8, 1, 1.0)]


def test_an_offset_ranks_healthy_files_too(spots: Repo) -> None:
    # x (1.5 + 1) × (0.4 + 1) × 2 = 7, w (1 + 1) × 1.4 × 2 = 5.6, z 1.5 × 1.6 × 2 = 4.8, and
    # clean.py (1.5 + 1) × (0 + 1) × 2 = 5: no debt, yet it changes as often as x.
    found = history(spots, factors=Factors(change=1, debt=1, offset=1)).hotspots
    assert [(h.path, round(h.score, 6)) for h in found] == [
        ("x.py", 7.0),
        ("w.py", 5.6),
        ("clean.py", 5.0),
        ("z.py", 4.8),
    ]


def test_the_window_decides_what_counts(spots: Repo) -> None:
    # Over all history the first commit (400 days ago, weight 2^(−400/180)) counts as well.
    found = history(spots, since="all", factors=PLAIN).hotspots
    old = 0.5 ** (400 / 180)
    assert [(h.path, h.changes) for h in found] == [("x.py", 3), ("w.py", 2), ("z.py", 2)]
    assert found[0].weighted_changes == pytest.approx(1.5 + old)
    # In the last 30 days x and w changed once each: 0.8 both, the tie broken by path.
    assert [h.path for h in history(spots, since="30d", factors=PLAIN).hotspots] == ["w.py", "x.py"]


FUNCTIONS = EIGHT + "\n\n" + SIXTEEN.replace("def f", "def g") + "\n\ndef h(x):\n    return x\n"
"""Lines 1–2 f (health 9.6), 5–6 g (9.4), 9–10 h (10)."""


def edit(repo: Repo, path: str, old: str, new: str) -> None:
    target = repo.root / path
    repo.write(path, target.read_text().replace(old, new, 1))


def test_functions_of_a_top_file_by_hand(repo: Repo) -> None:
    repo.write("m.py", FUNCTIONS)
    repo.commit(date=days_ago(400))  # creation, outside the window
    edit(repo, "m.py", "    return a\n", "    return b\n")  # line 2: f
    edit(repo, "m.py", "    return a\n", "    return c\n")  # line 6: g
    repo.commit(date=days_ago(180))
    repo.git("mv", "m.py", "n.py")  # renamed, and changed in the same commit
    edit(repo, "n.py", "    return b\n", "    return bb\n")  # f
    edit(repo, "n.py", "    return x\n", "    return y\n")  # h
    repo.commit(date=days_ago(0))
    (spot,) = history(repo, factors=PLAIN).hotspots
    assert spot.path == "n.py"
    # f: ½ + 1 = 1.5 × 0.4 × 2 = 1.2, two lines changed each time; g: ½ × 0.6 × 2 = 0.6;
    # h: 1 × 0 × 2 = 0 (healthy, but it did change).
    assert [
        (
            f.qualified_name,
            f.line,
            round(f.score, 6),
            f.changes,
            f.weighted_changes,
            f.lines_changed,
        )
        for f in spot.functions
    ] == [("f", 1, 1.2, 2, 1.5, 4), ("g", 5, 0.6, 1, 0.5, 2), ("h", 9, 0.0, 1, 1.0, 2)]
    # File health: 10 − (0.6 + 0.65 × 0.4) = 9.14; 6 code lines; changes ½ + 1.
    assert (spot.health, spot.code_lines) == (9.14, 6)
    assert spot.score == pytest.approx(1.5 * 0.86 * 6)


def test_function_changes_are_cached_by_commit(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.write("m.py", FUNCTIONS)
    repo.commit(date=days_ago(10))
    edit(repo, "m.py", "    return a\n", "    return b\n")
    repo.commit(date=days_ago(5))
    first = history(repo).hotspots[0].functions

    from codevitals.history import functions  # noqa: PLC0415

    def fail(*_: object, **__: object) -> None:
        raise AssertionError("no diff should be read again")

    monkeypatch.setattr(functions.FunctionRanker, "_compute", fail)
    assert history(repo).hotspots[0].functions == first


def test_tests_rank_but_get_no_functions(repo: Repo) -> None:
    repo.write("tests/test_x.py", EIGHT)
    repo.commit(date=days_ago(10))
    (spot,) = history(repo).hotspots
    assert (spot.path, spot.role, spot.functions) == ("tests/test_x.py", Role.TEST, ())
