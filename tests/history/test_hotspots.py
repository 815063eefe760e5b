"""Hotspot order and scores, and function-level hotspots, computed by hand.

The score is 100 × P(fix) of the shipped model (`fixmodel.MODEL`) from code lines, changes
in the window and prior fix commits; the tests compute it with the model itself and check
what goes in. Health comes from excess arguments alone (threshold 4, weight 0.2): 8
arguments cost 0.4 points, 16 cost 0.6. Comments are not code lines, so each change appends
a comment and every file keeps its two code lines. Commit dates are now (weight 1) or 180
days ago, one default half-life (weight ½); 400 days ago is outside the 12-month window.
"""

from __future__ import annotations

import pytest

from codevitals.history.fixmodel import MODEL
from codevitals.model import Role
from codevitals.model.history import Hotspot
from tests.conftest import Repo
from tests.history.helpers import BEA, days_ago, history

EIGHT = "def f(a, b, c, d, e, f, g, h):\n    return a\n"  # health 9.6
SIXTEEN = "def f(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p):\n    return a\n"  # 9.4
CLEAN = "def f(a):\n    return a\n"  # 10
LARGE = "".join(f"def f{n}(a):\n    return a + {n}\n\n\n" for n in range(40))  # 80 lines


def change(
    repo: Repo, days: float, *paths: str, author: str | None = None, message: str = "change"
) -> None:
    for path in paths:
        target = repo.root / path
        repo.write(path, target.read_text() + f"# changed {days} days ago\n")
    repo.commit(message, date=days_ago(days), author=author)


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
    # Two code lines each: x and clean.py changed twice, w and z once; no fix commits.
    # clean.py is as healthy as can be, x is not: health changes neither score nor order
    # (the tie is broken by recency-weighted changes, then by path).
    twice, once = MODEL.score(2, 2, 0), MODEL.score(2, 1, 0)
    assert ranked(history(spots).hotspots) == [
        ("clean.py", round(twice, 6), 2, 1.5),
        ("x.py", round(twice, 6), 2, 1.5),
        ("w.py", round(once, 6), 1, 1.0),
        ("z.py", round(once, 6), 1, 0.5),
    ]
    x = history(spots).hotspots[1]
    assert (x.health, x.code_lines, x.authors, x.role) == (9.6, 2, 2, Role.PRODUCTION)
    assert x.prior_fixes == 0


def test_the_score_is_the_chance_of_a_fix_as_a_percentage(spots: Repo) -> None:
    for spot in history(spots).hotspots:
        assert 0 < spot.score < 100
        assert spot.score == pytest.approx(100 * MODEL.probability(2, spot.changes, 0))


def test_large_and_busy_outranks_small_and_quiet(repo: Repo) -> None:
    repo.write("big.py", LARGE)
    repo.write("small.py", CLEAN)
    repo.commit(date=days_ago(400))
    for days in (200, 100, 50):
        change(repo, days, "big.py")
    change(repo, 10, "small.py")
    found = history(repo).hotspots
    assert [h.path for h in found] == ["big.py", "small.py"]
    assert found[0].score > found[1].score


def test_prior_fixes_raise_the_score(repo: Repo) -> None:
    # Both changed once in the window; fixed.py also had a bug fixed before it (outside
    # the window): prior fixes count from all history.
    repo.write("fixed.py", CLEAN)
    repo.write("plain.py", CLEAN)
    repo.commit(date=days_ago(500))
    change(repo, 450, "fixed.py", message="Fix crash on empty input")
    change(repo, 450, "plain.py", message="Add a docstring")
    change(repo, 10, "fixed.py", "plain.py")
    found = {h.path: h for h in history(repo).hotspots}
    assert (found["fixed.py"].prior_fixes, found["plain.py"].prior_fixes) == (1, 0)
    assert found["fixed.py"].score == pytest.approx(MODEL.score(2, 1, 1))
    assert found["fixed.py"].score > found["plain.py"].score


def test_the_window_decides_what_counts(spots: Repo) -> None:
    # Over all history the first commit (400 days ago, weight 2^(−400/180)) counts as well.
    found = history(spots, since="all").hotspots
    old = 0.5 ** (400 / 180)
    assert [(h.path, h.changes) for h in found] == [
        ("clean.py", 3),
        ("x.py", 3),
        ("w.py", 2),
        ("z.py", 2),
    ]
    assert found[0].weighted_changes == pytest.approx(1.5 + old)
    # In the last 30 days x, w and clean.py changed once each: ties broken by path.
    recent = history(spots, since="30d").hotspots
    assert [h.path for h in recent] == ["clean.py", "w.py", "x.py"]


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
    (spot,) = history(repo).hotspots
    assert spot.path == "n.py"
    # Each function is scored as a file of its code lines (2) and changes: f changed twice
    # (two lines each time), g and h once. g is unhealthy and h healthy, yet they score the
    # same; h's change is the newer (weight 1 against ½), so h comes first.
    twice, once = round(MODEL.score(2, 2, 0), 6), round(MODEL.score(2, 1, 0), 6)
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
    ] == [("f", 1, twice, 2, 1.5, 4), ("h", 9, once, 1, 1.0, 2), ("g", 5, once, 1, 0.5, 2)]
    # File health: 10 − (0.6 + 0.65 × 0.4) = 9.14; 6 code lines; two changes in the window.
    assert (spot.health, spot.code_lines) == (9.14, 6)
    assert spot.score == pytest.approx(MODEL.score(6, 2, 0))


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
