"""The calibration's fits and effort-aware candidates, on hand-built origins with known answers."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

from codevitals.validate.rankings import Signals
from codevitals.validate.replay import Observation

# benchmarks/ is not a package: its modules import one another by name, as scripts do.
sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))

import fixmodel_fit as fitting


def origin(
    lines: list[float], changes: list[float], prior: list[float], fixes: list[float]
) -> Observation:
    """One origin's files: code lines, changes in the window, prior fixes, fixes in the window."""

    def column(values: list[float]) -> np.ndarray:
        return np.asarray(values, dtype=np.float64)

    zeros = column([0.0] * len(lines))
    signals = Signals(
        paths=tuple(f"f{i}.py" for i in range(len(lines))),
        code_lines=column(lines),
        health=zeros + 10.0,
        changes=column(changes),
        weighted=column(changes),
        fixes=zeros,
        authors=zeros,
        churn=zeros,
        all_changes=column(changes),
        all_fixes=column(prior),
        age=zeros,
        chance=zeros,
        biomarkers=zeros,
    )
    return Observation("1y", signals, column(fixes))


# Two kinds of file: never changed, 4 fixes in 600 lines, 2 of the 4 files fixed; changed once,
# 10 fixes in 300 lines, 3 of the 4 files fixed.
KNOWN = origin(
    [100, 300, 100, 100, 50, 150, 50, 50],
    [0, 0, 0, 0, 1, 1, 1, 1],
    [0] * 8,
    [1, 3, 0, 0, 2, 6, 2, 0],
)


def test_fix_density_recovers_each_kind_of_files_fixes_per_line() -> None:
    fitted = fitting.fit([KNOWN], ("changes",), l2=0.0, family=fitting.DENSITY)
    per_line = np.exp(fitted.log_odds(KNOWN.signals))
    assert per_line.tolist() == pytest.approx([4 / 600] * 4 + [10 / 300] * 4)


def test_the_logistic_fit_recovers_each_kind_of_files_chance_of_a_fix() -> None:
    fitted = fitting.fit([KNOWN], ("changes",), l2=0.0)
    assert fitted.probability(KNOWN.signals).tolist() == pytest.approx([0.5] * 4 + [0.75] * 4)


def test_a_density_candidate_ranks_by_the_modelled_fixes_per_line() -> None:
    ranking = fitting.EffortRanking(("changes",), family=fitting.DENSITY)
    key = ranking.key(ranking.fit([KNOWN]), KNOWN.signals)
    # The penalty shrinks the gap between the kinds but keeps its order; size does not enter.
    assert key[:4] == pytest.approx([key[0]] * 4)
    assert key[4:] == pytest.approx([key[4]] * 4)
    assert key[4] > key[0]
    assert ranking.label == "fix density (Poisson, log lines offset) of changes"


def test_a_floor_divides_small_files_as_if_they_were_larger() -> None:
    ranking = fitting.EffortRanking(("changes",), floor=120.0)
    fitted = ranking.fit([KNOWN])
    p = fitted.probability(KNOWN.signals)
    assert ranking.key(fitted, KNOWN.signals).tolist() == pytest.approx(
        (p / [120, 300, 120, 120, 120, 150, 120, 120]).tolist()
    )
    assert ranking.label == "P(fix) per line, at least 120 lines, P(fix) of changes"


def test_leave_one_out_scores_each_repository_by_the_others_fit() -> None:
    # In every repository the changed files are fixed and the others not, and the changed files
    # are the smaller: a model fitted on the other repositories ranks them first: Popt 1.
    origins = {
        name: [origin([200, 300, 20, 30], [0, 0, 3, 2], [0, 0, 1, 1], [0, 0, 1, 1])]
        for name in ("a", "b", "c")
    }
    found = fitting.leave_one_out_effort(origins, fitting.EFFORT_RANKING)
    assert found == pytest.approx({"a": 1.0, "b": 1.0, "c": 1.0})


def test_the_ceiling_finds_a_weighting_that_reads_the_fixed_files_first() -> None:
    # Prior fixes mark the fixed files, which are the larger two: only a draw that weighs them
    # more than size reads them first, and its Popt is 1.
    origins = {"a": [origin([10, 20, 40, 60], [0, 0, 0, 0], [0, 0, 5, 5], [0, 0, 1, 1])]}
    popt, weights = fitting.ceiling(origins, draws=50)
    assert popt == pytest.approx(1.0)
    assert weights["prior_fixes"] > 0
    assert math.isfinite(weights["gamma"])


def test_the_choice_held_out_never_asks_the_repository_it_scores() -> None:
    # "wide" has the best median over all three repositories, but only because of a and b;
    # "narrow" wins on c. Held out, c is scored by what a and b chose ("wide": 0.1), and each
    # of a and b by what the other and c chose (tied medians of 0.5: the first candidate).
    figures = {
        "wide": {"a": 0.9, "b": 0.9, "c": 0.1},
        "narrow": {"a": 0.3, "b": 0.3, "c": 0.95},
    }
    origins: dict[str, list[Observation]] = {"a": [], "b": [], "c": []}
    asked: list[frozenset[str]] = []

    def judge(given: fitting.Origins, candidate: str) -> dict[str, float]:
        asked.append(frozenset(given))
        return {repo: figures[candidate][repo] for repo in given}

    found = fitting.chosen_by_the_others(origins, ["wide", "narrow"], judge)
    assert found == {"a": ("narrow", 0.3), "b": ("narrow", 0.3), "c": ("wide", 0.1)}
    # Each choice was made on two repositories; only the scoring saw all three.
    assert {len(repos) for repos in asked} == {2, 3}


def test_the_choice_held_out_on_real_fits() -> None:
    # Changes mark the fixed files in every repository; size does not (a fixed file is the
    # largest, the other the second smallest): whichever repository is held out, the others
    # choose the model with changes, and it ranks the held-out files right.
    origins = {
        name: [origin([200, 30, 20, 300], [0, 3, 0, 2], [0, 0, 0, 0], [0, 1, 0, 1])]
        for name in ("a", "b", "c")
    }

    def auc(given: fitting.Origins, signals: tuple[str, ...]) -> dict[str, float]:
        return {repo: row["auc"] for repo, row in fitting.leave_one_out(given, signals).items()}

    found = fitting.chosen_by_the_others(origins, [("code_lines",), ("changes",)], auc)
    assert {name: chosen for name, (chosen, _) in found.items()} == dict.fromkeys(
        origins, ("changes",)
    )
    assert [value for _, value in found.values()] == pytest.approx([1.0, 1.0, 1.0])
