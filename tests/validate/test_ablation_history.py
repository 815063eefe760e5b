"""What each signal adds, on real git histories whose answer is known.

Four years of history hold 36 production files: twelve large and healthy (`big*.py`), twelve
small and unhealthy (`knot*.py`: deep nesting, six arguments) and twelve small and healthy
(`leaf*.py`). Every year every file changes once, so change history (commits, authors) tells
them apart not at all. Each year, bug fixes land in three files of one group that were never
fixed before, so prior fixes point nowhere useful. The backtest replays three origins a year
apart.

* Fixes in the big files: lines of code add AUC; health adds nothing (the big files are as
  healthy as the small healthy ones).
* Fixes in the small unhealthy files: health and the biomarker count add AUC.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from codevitals.history import HistoryOptions
from codevitals.history.fixes import FixRules
from codevitals.history.since import parse
from codevitals.model import validate as names
from codevitals.model.validate import SignalGain, Validation
from codevitals.scan import ScanOptions
from codevitals.validate.options import ValidateOptions
from codevitals.validate.replay import validate
from tests.conftest import Repo
from tests.validate.helpers import TANGLED, plain

OPTIONS = ValidateOptions(
    origins=(parse("1y"), parse("2y"), parse("3y")),
    bootstrap=200,
    fixes=FixRules.build(),
    scan=ScanOptions(jobs=1, findings=None, dependencies=None, history=None),
    history=HistoryOptions(half_life_days=0),
)
GROUP = 12


def contents(name: str, version: int) -> str:
    """A file of its group, `version` changing its first assignment."""
    if name.startswith("big"):
        return plain(80, version)
    if name.startswith("knot"):
        return TANGLED + plain(2, version)
    return plain(8, version)


def build(repo: Repo, fixed: str) -> Repo:
    """The history described above, bug fixes landing in the group named `fixed`."""
    files = [f"{group}{i}.py" for group in ("big", "knot", "leaf") for i in range(GROUP)]
    version = dict.fromkeys(files, 0)

    def change(names: list[str]) -> None:
        for name in names:
            version[name] += 1
            repo.write(name, contents(name, version[name]))

    change(files)
    repo.commit("Add the project", date="2020-01-01T00:00:00+00:00")
    for year in range(2020, 2024):
        # Three files of the group never fixed before: prior fixes point nowhere useful.
        chosen = [f"{fixed}{i}.py" for i in range(3 * (year - 2020), 3 * (year - 2019))]
        change([name for name in files if name not in chosen])
        repo.commit("Tune every module", date=f"{year}-08-01T00:00:00+00:00")
        for month, name in enumerate(chosen, start=9):
            change([name])
            repo.commit(f"Fix crash in {name}", date=f"{year}-{month:02}-15T00:00:00+00:00")
    repo.write("README.md", "# Release\n")
    repo.commit("Release", date="2024-07-01T12:00:00+00:00")
    return repo


def gains(result: Validation) -> dict[str, SignalGain]:
    assert result.ablation is not None
    assert result.ablation.origins == 3
    return {gain.signal: gain for gain in result.ablation.signals}


def backtest(folder: Path, fixed: str) -> Validation:
    """Build the history in `folder` and replay it, with a cache of its own in the folder.

    (A module's fixtures run before each test's own cache folder is set: the cache is named.)
    """
    repo = build(Repo(folder / "repo").init(), fixed)
    scan = dataclasses.replace(OPTIONS.scan, cache_dir=folder / "cache")
    return validate(repo.root, dataclasses.replace(OPTIONS, scan=scan))


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Validation:
    return backtest(tmp_path_factory.mktemp("big"), "big")


@pytest.fixture(scope="module")
def knots(tmp_path_factory: pytest.TempPathFactory) -> Validation:
    return backtest(tmp_path_factory.mktemp("knots"), "knot")


def test_fixes_in_the_big_files_credit_lines_not_health(big: Validation) -> None:
    assert [o.fixed_files for o in big.origins] == [3, 3, 3]
    found = gains(big)
    lines, health = found[names.SIGNAL_LINES], found[names.SIGNAL_HEALTH]
    assert lines.auc.value is not None
    assert lines.auc.value > 0.3
    assert lines.auc.low is not None
    assert lines.auc.low > 0  # the interval excludes zero
    assert lines.wins == 3
    assert health.auc.value == pytest.approx(0.0, abs=0.02)
    assert health.wins == 0


def test_fixes_in_the_small_unhealthy_files_credit_health(knots: Validation) -> None:
    found = gains(knots)
    for signal in (names.SIGNAL_HEALTH, names.SIGNAL_BIOMARKERS):
        gain = found[signal]
        assert gain.auc.value is not None
        assert gain.auc.value > 0.2, signal
        assert gain.auc.low is not None
        assert gain.auc.low > 0, signal
        assert gain.wins == 3


def test_one_origin_has_no_ablation(tmp_path_factory: pytest.TempPathFactory) -> None:
    repo = build(Repo(tmp_path_factory.mktemp("one") / "repo").init(), "knot")
    result = validate(repo.root, dataclasses.replace(OPTIONS, origins=(parse("1y"),)))
    assert result.ablation is None
    assert len(result.origins) == 1
