"""The backtest on a history small enough to work out by hand (see helpers.py)."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest

from codevitals.errors import UsageError
from codevitals.history import HistoryOptions
from codevitals.history.fixes import FixRules
from codevitals.history.fixmodel import MODEL
from codevitals.history.since import parse
from codevitals.model import validate as names
from codevitals.model.validate import Origin, Ranking, Validation
from codevitals.scan import ScanOptions
from codevitals.validate.options import ValidateOptions
from codevitals.validate.replay import observe, validate
from tests.conftest import GIT_ENV, Repo
from tests.validate.helpers import build, plain

OPTIONS = ValidateOptions(
    origins=(parse("1y"),),
    bootstrap=0,
    fixes=FixRules.build(max_files=3),
    scan=ScanOptions(jobs=1, findings=None, dependencies=None, history=None),
    history=HistoryOptions(half_life_days=0),
)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    """The history of helpers.py, built once: the backtest only reads it."""
    return build(Repo(tmp_path_factory.mktemp("history") / "repo").init())


def run(repo: Repo, **changes: object) -> Validation:
    return validate(repo.root, dataclasses.replace(OPTIONS, **changes))  # type: ignore[arg-type]


def values(ranking: Ranking) -> dict[str, float | None]:
    return {e.metric: e.value for e in ranking.estimates}


def by_name(origin: Origin) -> dict[str, dict[str, float | None]]:
    return {r.name: values(r) for r in origin.rankings}


def test_the_origin_and_its_labels(history: Repo) -> None:
    result = run(history)
    (origin,) = result.origins
    assert origin.label == "1y"
    assert origin.start == 1688212800  # 2023-07-01T12:00Z, a year before the last commit
    assert origin.end == 1719835200  # 2024-07-01T12:00Z
    assert origin.complete
    assert history.git("log", "-1", "--format=%s", origin.commit).strip() == "Tune the defaults"
    assert origin.end_commit == result.commit == history.git("rev-parse", "HEAD").strip()
    assert origin.files == 5  # a b c d g; the test is not in the population
    assert origin.code_lines == 30 + 20 + 10 + 5 + 5
    # a: "Handle empty input / Fixes #3" and "Fix bug in a and c"; c: the latter; d: "Fix wrong
    # result in e" after the rename. Not: the typo, the bot, the test, the new f.py, the mass
    # edit of four files.
    assert (origin.fixed_files, origin.fix_events, origin.fix_commits) == (3, 4, 3)
    assert origin.window_commits == 9  # the bot's commit left out
    assert not result.partial
    assert result.notices == ()


# Efforts a 30, b 20, c 10, d 5, g 5 (70 lines); fixed a (2 fixes), c (1), d (1); not b, g.
# Optimal curve (d, c, a, then b, g): .05/.7·1/6 + .1/.7·1/2 + .3/.7·5/6 + .25/.7 = 55⅚/70.
# Worst curve (b, g, then a, c, d): .3/.7·1/6 + .1/.7·1/2 + .05/.7·5/6 = 14⅙/70.
SIZE_ORDER = {
    # Ranked a, b, c, then d and g tied: blocks a | b | c | d g.
    # AUC: a beats b and g (2); c beats g (1); d ties g (½): 3.5 of 3 × 2 pairs.
    names.AUC: 3.5 / 6,
    # Half of a read: half a fixed file of 3.
    names.RECALL_FILES: 0.5 / 3,
    # 14 of 70 lines: 14 of a's 30.
    names.RECALL_LINES: 14 / 30 / 3,
    # Curve x 30 50 60 70, y ⅓ ⅓ ⅔ 1: (30·⅙ + 20·⅓ + 10·½ + 10·⅚) / 70 = 25/70;
    # Popt = 1 − (55⅚ − 25) / (55⅚ − 14⅙) = 1 − 30⅚ / 41⅔ = 0.26.
    names.POPT: 0.26,
    # The first file, a, holds 2 of the 4 fixes.
    names.FIX_RECALL: 2 / 4,
}


@pytest.mark.parametrize("name", [names.LOC, names.CHANGE_COUNT, names.CHANGE_COUNT_X_LOC])
def test_rankings_in_size_and_change_order(history: Repo, name: str) -> None:
    # loc 30 20 10 5 5; changes 3 2 1 0 0; changes × lines 90 40 10 0 0.
    (origin,) = run(history).origins
    assert by_name(origin)[name] == pytest.approx(SIZE_ORDER)


def test_fix_count_ranks_the_file_fixed_before(history: Repo) -> None:
    # b (fixed before the origin) first, then a c d g tied: blocks b | a c d g.
    (origin,) = run(history).origins
    assert by_name(origin)[names.FIX_COUNT] == pytest.approx({
        names.AUC: 1.5 / 6,  # the tied block: 3 fixed × ½ × 1 other (g)
        names.RECALL_FILES: 0,  # half of b
        names.RECALL_LINES: 0,  # 14 of b's 20 lines
        names.POPT: 0.26,  # curve (20, 0), (70, 1): 50 · ½ / 70 = 25/70, as above
        names.FIX_RECALL: 0,  # b
    })  # fmt: skip


def test_change_density_ties_equal_densities(history: Repo) -> None:
    # a b c all change once per 10 lines, d g never: blocks a b c | d g.
    (origin,) = run(history).origins
    assert by_name(origin)[names.CHANGE_DENSITY] == pytest.approx({
        names.AUC: 3.5 / 6,  # a c × (g below + ½ b) = 3, d × ½ g
        names.RECALL_FILES: 0.5 / 3 * 2 / 3,  # a sixth of the block, which holds 2 fixed
        names.RECALL_LINES: 14 / 60 * 2 / 3,
        # Curve (60, ⅔), (70, 1): (60·⅓ + 10·⅚) / 70 = 28⅓/70; 1 − 27½ / 41⅔ = 0.34.
        names.POPT: 0.34,
        names.FIX_RECALL: 1 / 3 * 3 / 4,  # a third of the block's 3 fixes
    })  # fmt: skip


def test_codevitals_ranks_the_large_busy_file_first(history: Repo) -> None:
    # P(fix) from lines, changes and prior fixes: a (30 lines, 3 changes), b (20, 2, a fix
    # before), c (10, 1), then d and g tied (5, 0): the order of lines of code.
    (origin,) = run(history).origins
    assert by_name(origin)[names.CODEVITALS] == pytest.approx(SIZE_ORDER)


def test_what_was_known_of_each_file_at_the_origin(history: Repo) -> None:
    (seen,) = observe(history.root, OPTIONS)
    signals = seen.signals
    assert (seen.label, signals.paths) == ("1y", ("a.py", "b.py", "c.py", "d.py", "g.py"))

    def column(values: object) -> list[float]:
        return [float(v) for v in values]  # type: ignore[attr-defined]

    # Before the origin: a changed 4 times (3 in the 12 months before it), b 3 (2, one of
    # them "Fix crash when empty"), c 2 (1), d and g once, all when the project was added.
    assert column(signals.all_changes) == [4, 3, 2, 1, 1]
    assert column(signals.changes) == [3, 2, 1, 0, 0]
    assert column(signals.all_fixes) == [0, 1, 0, 0, 0]
    assert column(signals.fixes) == [0, 1, 0, 0, 0]
    # Each change in the window rewrote one line: one added, one deleted.
    assert column(signals.churn) == [6, 4, 2, 0, 0]
    assert column(signals.authors) == [1, 1, 1, 0, 0]
    # Every file was added 2022-01-01T00:00Z, 546½ days before the origin.
    assert column(signals.age) == pytest.approx([546.5] * 5)
    # The labels: a fixed twice in the window, c and d (renamed e) once.
    assert column(seen.fixes) == [2, 0, 1, 1, 0]


def test_effort_ranks_by_the_chance_of_a_fix_per_line(history: Repo) -> None:
    # P(fix) grows more slowly than lines, so per line d and g (5 lines, tied) come first and
    # a (30) last; b's fix before the origin lifts it above c, which smallest-first does not.
    per_line = {
        path: MODEL.probability(lines, changes, fixes) / lines
        for path, lines, changes, fixes in (("a", 30, 3, 0), ("b", 20, 2, 1), ("c", 10, 1, 0),
                                            ("d", 5, 0, 0), ("g", 5, 0, 0))
    }  # fmt: skip
    assert sorted(per_line, key=lambda path: -per_line[path]) == ["d", "g", "b", "c", "a"]
    (origin,) = run(history).origins
    found = by_name(origin)
    # Fixed a, c, d; not b, g. Blocks d g | b | c | a: d ties g (½) and beats b (1); c and
    # a beat no one: 1.5 of 3 × 2 pairs. Smallest-first (d g | c | b | a) adds c over b.
    assert found[names.EFFORT][names.AUC] == pytest.approx(1.5 / 6)
    assert found[names.SMALLEST_FIRST][names.AUC] == pytest.approx(2.5 / 6)


def test_the_random_ranking_is_seeded(history: Repo) -> None:
    first, again = (by_name(run(history).origins[0])[names.RANDOM] for _ in range(2))
    assert first == again
    other = by_name(run(history, seed=1).origins[0])[names.RANDOM]
    assert other != first


def test_without_the_mass_edit_limit_every_file_touched_by_it_is_fixed(history: Repo) -> None:
    (origin,) = run(history, fixes=FixRules()).origins
    assert (origin.fixed_files, origin.fix_events, origin.fix_commits) == (5, 8, 4)
    assert by_name(origin)[names.LOC][names.AUC] is None  # no file without a fix


def test_combined_is_the_median_of_the_origins(history: Repo) -> None:
    result = run(history, origins=(parse("1y"), parse("2023-01-15")))
    one, two = result.origins
    assert two.label == "2023-01-15"
    # The year after 2023-01-15 holds "Fix crash when empty" (b) and the fixes of a (2), c
    # and d up to 2024-01-15; g alone is not fixed.
    assert (two.fixed_files, two.fix_events) == (4, 5)
    for ranking in result.combined:
        for estimate in ranking.estimates:
            pair = [values(r)[estimate.metric] for o in (one, two) for r in o.rankings
                    if r.name == ranking.name]  # fmt: skip
            defined = [v for v in pair if v is not None]
            expected = sum(defined) / len(defined) if defined else None
            assert estimate.value == pytest.approx(expected)


def test_intervals_come_from_the_seeded_bootstrap(history: Repo) -> None:
    result = run(history, bootstrap=200)
    for ranking in result.origins[0].rankings:
        for estimate in ranking.estimates:
            assert estimate.low is not None
            assert estimate.high is not None
            assert 0 <= estimate.low <= estimate.high <= 1
    assert run(history, bootstrap=200) == result


def test_comparisons_count_origins_won(history: Repo) -> None:
    result = run(history)
    by_pair = {(c.ranking, c.baseline, c.metric): c for c in result.comparisons}
    versus_loc = by_pair[(names.CODEVITALS, names.LOC, names.AUC)]
    assert (versus_loc.wins, versus_loc.origins) == (0, 1)  # equal is not better
    assert versus_loc.difference.value == pytest.approx(0)
    assert versus_loc.difference.low is None  # no bootstrap


def test_an_origin_before_the_first_commit_is_skipped(history: Repo) -> None:
    result = run(history, origins=(parse("1y"), parse("5y")))
    assert [o.label for o in result.origins] == ["1y"]
    assert result.partial
    (notice,) = result.notices
    assert notice.reason == "origin-skipped"
    assert notice.message == "origin 5y (2019-07-01) is before the first commit; skipped"


def test_a_repository_younger_than_every_origin_cannot_be_replayed(history: Repo) -> None:
    with pytest.raises(UsageError, match=r"no origin to replay: origin 3y \(2021-07-01\) is"):
        run(history, origins=(parse("3y"),))


def test_a_window_reaching_past_the_last_commit_is_partial(history: Repo) -> None:
    result = run(history, origins=(parse("6m"),), fixes=FixRules())
    (origin,) = result.origins
    assert not origin.complete
    assert origin.end == 1735732800  # 2025-01-01T12:00Z, after the last commit
    assert result.partial
    assert [n.reason for n in result.notices] == ["window-incomplete"]


def test_no_fix_in_the_window_leaves_the_metrics_undefined(repo: Repo) -> None:
    repo.write("a.py", plain(5))
    repo.commit("Add a", date="2022-01-01T00:00:00+00:00")
    repo.write("a.py", plain(5, 1))
    repo.commit("Add a feature", date="2023-01-01T00:00:00+00:00")
    result = run(repo)
    (origin,) = result.origins
    assert origin.fixed_files == 0
    assert all(e.value is None for r in origin.rankings for e in r.estimates)
    assert [n.reason for n in result.notices] == ["no-fixes"]
    assert not result.partial  # nothing is missing: there was nothing to predict


def test_a_shallow_clone_is_partial(history: Repo, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "12", f"file://{history.root}", str(clone)],
        check=True, env={**GIT_ENV, "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    result = validate(clone, OPTIONS)
    assert result.partial
    assert [n.reason for n in result.notices] == ["shallow"]
    (origin,) = result.origins
    assert origin.fixed_files == 3  # the window is inside the clone's history
    assert by_name(origin)[names.LOC] == pytest.approx(SIZE_ORDER)


def test_outside_git_or_without_commits(repo: Repo, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no commits yet"):
        validate(repo.root, OPTIONS)
    plain_folder = tmp_path / "plain"
    plain_folder.mkdir()
    with pytest.raises(UsageError, match="not inside a git repository"):
        validate(plain_folder, OPTIONS)
