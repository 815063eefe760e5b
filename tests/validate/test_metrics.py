"""Every metric on hand-made rankings, each value worked out by hand in the comments."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pytest

from codevitals.model.validate import AUC, FIX_RECALL, METRICS, POPT, RECALL_FILES, RECALL_LINES
from codevitals.validate.metrics import (
    Floats,
    Population,
    Sample,
    interval,
    once,
    rank,
    replicas,
)


def metrics(
    scores: Sequence[float], lines: Sequence[int], fixes: Sequence[int]
) -> dict[str, float]:
    files = Population.of(lines, fixes)
    found = Sample.of(files, once(len(files))).measure(rank([np.asarray(scores, float)]))
    return {name: float(values[0]) for name, values in found.items()}


def test_distinct_scores() -> None:
    # Ranked: f1 10 lines fixed once, f2 20 not, f3 30 fixed twice, f4 40 not, f5 100 fixed once.
    # 3 fixed files, 2 others, 4 fixes, 200 lines.
    found = metrics([5, 4, 3, 2, 1], [10, 20, 30, 40, 100], [1, 0, 2, 0, 1])
    # AUC: f1 beats both others, f3 beats f4, f5 beats none: 3 of 3 × 2 pairs.
    assert found[AUC] == pytest.approx(3 / 6)
    # 10 % of 5 files is half of f1: half a fixed file of 3.
    assert found[RECALL_FILES] == pytest.approx(0.5 / 3)
    # 20 % of 200 lines = 40: f1 (10), f2 (20), then 10 of f3's 30 lines: 1 + 1/3 fixed files.
    assert found[RECALL_LINES] == pytest.approx((1 + 1 / 3) / 3)
    # 20 % of 5 files = f1: 1 fix of 4.
    assert found[FIX_RECALL] == pytest.approx(1 / 4)
    # Curve (lines share, fixed share): (0,0) (.05,1/3) (.15,1/3) (.3,2/3) (.5,2/3) (1,1):
    #   .05·(1/6) + .1·(1/3) + .15·(1/2) + .2·(2/3) + .5·(5/6) = 2/3.
    # Optimal, fixed smallest first (10, 30, 100, then 20, 40):
    #   .05·(1/6) + .15·(1/2) + .5·(5/6) + .1 + .2 = 0.8.
    # Worst, others largest first (40, 20), then fixed largest first (100, 30, 10):
    #   .5·(1/6) + .15·(1/2) + .05·(5/6) = 0.2.
    # Popt = 1 − (0.8 − 2/3) / (0.8 − 0.2) = 7/9.
    assert found[POPT] == pytest.approx(7 / 9)


TIED_SCORES = [9, 8, 8, 8, 5, 5, 3, 2, 1, 0]
TIED_LINES = [10, 10, 10, 10, 20, 20, 30, 30, 30, 30]
TIED_FIXES = [0, 1, 2, 0, 1, 0, 0, 0, 0, 1]


def test_ties_are_read_as_one_block() -> None:
    # Blocks: {f1} 1 file 10 lines; {f2 f3 f4} 3 files 30 lines 2 fixed 3 fixes;
    # {f5 f6} 2 files 40 lines 1 fixed 1 fix; f7, f8, f9 30 lines each; {f10} 30 lines, fixed.
    # 4 fixed files, 6 others, 5 fixes, 200 lines.
    found = metrics(TIED_SCORES, TIED_LINES, TIED_FIXES)
    # AUC: the tied block {f2 f3 f4}: 2 fixed × (4 others below + ½ × 1 other in the block) = 9;
    # {f5 f6}: 1 × (3 below + ½ × 1) = 3.5; f10 beats nobody. 12.5 of 4 × 6 pairs.
    assert found[AUC] == pytest.approx(12.5 / 24)
    # 10 % of 10 files = f1, which was not fixed.
    assert found[RECALL_FILES] == 0
    # 20 % of 200 lines = 40 = f1 and the whole first tied block: 2 of 4 fixed files.
    assert found[RECALL_LINES] == pytest.approx(2 / 4)
    # 20 % of 10 files = f1 and 1 of the 3 files of the tied block: a third of its 3 fixes.
    assert found[FIX_RECALL] == pytest.approx(1 / 5)
    # Curve: x .05 .2 .4 .55 .7 .85 1, y 0 .5 .75 .75 .75 .75 1:
    #   0 + .15·.25 + .2·.625 + 3·(.15·.75) + .15·.875 = .63125.
    # Optimal: fixed 10, 10, 20, 30 (x .05 .1 .2 .35, y ¼ ½ ¾ 1), then y = 1 to x = 1:
    #   .05·.125 + .05·.375 + .1·.625 + .15·.875 + .65 = .86875.
    # Worst: others 30, 30, 30, 20, 10, 10 (x .65), then fixed 30, 20, 10, 10:
    #   .15·.125 + .1·.375 + .05·.625 + .05·.875 = .13125.
    # Popt = 1 − (.86875 − .63125) / (.86875 − .13125) = 1 − 19/59 = 40/59.
    assert found[POPT] == pytest.approx(40 / 59)


def test_the_order_within_a_block_of_ties_does_not_matter() -> None:
    swapped = [0, 2, 1, 3, 5, 4, 6, 7, 8, 9]  # f2 ↔ f3 (fixed twice and once), f5 ↔ f6
    found = metrics(
        [TIED_SCORES[i] for i in swapped],
        [TIED_LINES[i] for i in swapped],
        [TIED_FIXES[i] for i in swapped],
    )
    assert found == pytest.approx(metrics(TIED_SCORES, TIED_LINES, TIED_FIXES))


def test_later_keys_break_ties() -> None:
    files = Population.of(TIED_LINES, TIED_FIXES)
    sample = Sample.of(files, once(len(files)))
    second = np.asarray(TIED_FIXES, float)  # an oracle among the ties: fixed files first
    broken = sample.measure(rank([np.asarray(TIED_SCORES, float), second]))
    # {f2 f3 f4} becomes f3, f2, f4 and {f5 f6} becomes f5, f6: f3 and f2 now beat f4 as well
    # as f6 f7 f8 f9 (5 each), f5 beats f6 f7 f8 f9 (4): 14 wins.
    assert broken[AUC][0] == pytest.approx(14 / 24)
    # 20 % of the files are f1 and f3, fixed twice: 2 of 5 fixes.
    assert broken[FIX_RECALL][0] == pytest.approx(2 / 5)


def test_a_perfect_ranking() -> None:
    # Fixed files first, smallest first: the optimal ranking itself.
    found = metrics([4, 3, 2, 1], [10, 20, 30, 40], [1, 1, 0, 0])
    assert found[AUC] == 1
    assert found[POPT] == pytest.approx(1)
    # 10 % of 4 files = 0.4 of f1: 0.4 of 2 fixed files.
    assert found[RECALL_FILES] == pytest.approx(0.2)
    # 20 lines = f1 and half of f2.
    assert found[RECALL_LINES] == pytest.approx(1.5 / 2)


# Kamei et al. 2013: files of 0, 9, 30 and 60 code lines (an empty file costs 1: 100 lines
# in all); f2 and f4 were fixed, f4 three times. The actual is fixed or not, per line.
KAMEI_LINES = [0, 9, 30, 60]
KAMEI_FIXES = [0, 1, 0, 3]
# Optimal, by actual density: f2 (x .09, y ½), f4 (x .69, y 1), then the others at y 1:
#   .09·.25 + .6·.75 + .31 = .7825.
# Worst, its reverse: the others (x .31, y 0), then f4 (x .91, y ½), f2:
#   .6·.25 + .09·.75 = .2175.


def test_popt_as_kamei_defines_it() -> None:
    # Smallest first: f1 (x .01), f2 (x .1, y ½), f3 (x .4), f4 (x 1, y 1):
    #   .09·.25 + .3·.5 + .6·.75 = .6225.
    # Popt = 1 − (.7825 − .6225) / (.7825 − .2175) = 1 − .16 / .565 = 81/113.
    assert metrics([4, 3, 2, 1], KAMEI_LINES, KAMEI_FIXES)[POPT] == pytest.approx(81 / 113)
    # The optimum scores 1 and its reverse 0, whatever order the unfixed files take.
    assert metrics([2, 4, 1, 3], KAMEI_LINES, KAMEI_FIXES)[POPT] == pytest.approx(1)
    assert metrics([3, 1, 4, 2], KAMEI_LINES, KAMEI_FIXES)[POPT] == pytest.approx(0)


def test_popt_counts_fixed_files_not_fixes() -> None:
    # A file fixed three times is found once: the curve's y is the share of fixed files.
    once_each = [1 if fixes else 0 for fixes in KAMEI_FIXES]
    assert metrics([4, 3, 2, 1], KAMEI_LINES, once_each)[POPT] == pytest.approx(81 / 113)


def test_popt_of_a_block_of_ties_is_the_mean_of_its_orders() -> None:
    # f3 and f4 tied: one segment from (.1, ½) to (1, 1): .0225 + .9·.75 = .6975, the mean of
    # f3 first (.6225) and f4 first (.0225 + .6·.75 + .3 = .7725). Popt = 1 − .085 / .565.
    tied = metrics([4, 3, 2, 2], KAMEI_LINES, KAMEI_FIXES)[POPT]
    assert tied == pytest.approx(96 / 113)
    orders = [
        metrics(scores, KAMEI_LINES, KAMEI_FIXES)[POPT] for scores in ([4, 3, 2, 1], [4, 3, 1, 2])
    ]
    assert tied == pytest.approx(sum(orders) / 2)


def test_the_boundary_file_counts_by_the_share_of_it_read() -> None:
    # 100 lines: f1 of 15 not fixed, then f2 of 10 fixed: the budget of 20 reads half of f2.
    found = metrics([2, 1, 0], [15, 10, 75], [0, 1, 0])
    assert found[RECALL_LINES] == pytest.approx(0.5)


def test_empty_files_cost_one_line() -> None:
    # f1 has no code lines but is read as one: 20 % of 10 lines = f1 and f2's first line.
    found = metrics([2, 1], [0, 9], [1, 0])
    assert found[RECALL_LINES] == 1
    assert Population.of([0, 9], [1, 0]).effort.tolist() == [1, 9]


def test_no_fixed_file_leaves_every_metric_undefined() -> None:
    found = metrics([3, 2, 1], [10, 20, 30], [0, 0, 0])
    assert all(math.isnan(found[name]) for name in METRICS)


def test_every_file_fixed_leaves_auc_undefined() -> None:
    found = metrics([3, 2, 1], [10, 20, 30], [1, 2, 1])
    assert math.isnan(found[AUC])
    # Smallest first is optimal: Popt 1; all fixed, so recall follows the files read.
    assert found[POPT] == pytest.approx(1)
    assert found[RECALL_FILES] == pytest.approx(0.1)
    # Reading 12 of 60 lines: f1 (10) and 2 of f2's 20: 1.1 of 3 fixed files.
    assert found[RECALL_LINES] == pytest.approx(1.1 / 3)


def test_popt_is_undefined_when_every_order_is_as_good() -> None:
    found = metrics([2, 1], [10, 10], [1, 1])  # equal sizes, both fixed
    assert math.isnan(found[POPT])


def test_an_empty_population() -> None:
    files = Population.of([], [])
    found = Sample.of(files, once(0)).measure(rank([np.zeros(0)]))
    assert all(math.isnan(values[0]) for values in found.values())


def test_weights_count_a_file_as_often_as_it_was_drawn() -> None:
    files = Population.of([10, 20, 30], [1, 0, 0])
    weights = np.asarray([[1.0, 1.0, 1.0], [2.0, 0.0, 1.0]])
    found = Sample.of(files, weights).measure(rank([np.asarray([1.0, 3.0, 2.0])]))
    # Row 1: ranked f2, f3, f1; f1 (fixed) beats nobody: AUC 0.
    # Row 2: f2 absent; f3 once, f1 twice (both fixed, the two copies tied): still 0.
    assert found[AUC].tolist() == [0, 0]
    # Row 2: 20 % of 50 lines = 10 lines, a third of f3: no fixed file yet.
    assert found[RECALL_LINES].tolist() == [0, 0]


def test_replicas_draw_each_file_as_many_times_as_there_are_files() -> None:
    drawn = np.concatenate(list(replicas(7, 300, np.random.default_rng(1))))
    assert drawn.shape == (300, 7)
    assert (drawn.sum(axis=1) == 7).all()
    again = np.concatenate(list(replicas(7, 300, np.random.default_rng(1))))
    assert (drawn == again).all()
    assert drawn.mean() == pytest.approx(1, abs=0.05)


def test_interval_spans_the_central_95_percent_of_defined_values() -> None:
    values: Floats = np.concatenate([np.arange(1001.0), [np.nan] * 50])
    assert interval(values) == pytest.approx((25.0, 975.0))
    assert interval(np.full(3, np.nan)) is None


def test_auc_agrees_with_counting_every_pair() -> None:
    rng = np.random.default_rng(3)
    scores = rng.integers(0, 6, size=60).astype(float)  # many ties
    fixes = rng.integers(0, 3, size=60) * (rng.random(60) < 0.4)
    pairs = [
        1.0 if s > t else 0.5 if s == t else 0.0
        for s, f in zip(scores, fixes, strict=True)
        if f
        for t, g in zip(scores, fixes, strict=True)
        if not g
    ]
    found = metrics(scores.tolist(), [10] * 60, fixes.tolist())
    assert found[AUC] == pytest.approx(sum(pairs) / len(pairs))
