"""Oracle check: codevitals' OSV range evaluator against every advisory of a real database.

    python benchmarks/check_osv_ranges.py [DATABASE] [--results DIR]

DATABASE is a folder of OSV advisories in YAML or JSON (default: the PyPA advisory
database snapshot in ../shared/data/pypa-advisory-database). For every advisory and every
PyPI package it affects:

* every version in `affected[].versions` must be judged affected (the database lists the
  versions its own ranges cover, so this checks the evaluator against the database);
* every `fixed` version must be judged not affected, unless another range of the same
  advisory, or a `versions` list, covers it.

Withdrawn advisories affect nothing by design, so they are counted apart. Every
disagreement is printed with its advisory; the figures go to
benchmarks/results/osv-ranges-<date>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from codevitals.deps.advisory import Advisory, Affected, Event, VersionRange, packages_of, parse
from codevitals.deps.ranges import EVALUATED, affects, affects_text, range_affects, version

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "pypa-advisory-database"
RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class Tally:
    """Checks made, agreements, and every disagreement or version that could not be read."""

    advisories: int = 0
    withdrawn: int = 0
    listed: int = 0
    listed_agree: int = 0
    fixed: int = 0
    fixed_agree: int = 0
    legacy_listed: int = 0
    """Listed versions that are not PEP 440 (`0.3m1`): matched as written."""
    fixed_covered: int = 0
    """Fixed versions another range (or a versions list) of the advisory covers."""
    unparsable: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)

    def agreement(self) -> float:
        """Share of all checks that agree."""
        checked = self.listed + self.fixed
        return (self.listed_agree + self.fixed_agree) / checked if checked else 1.0


def records(database: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    for path in sorted(database.rglob("*")):
        if path.suffix in (".yaml", ".yml"):
            yield path, yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        elif path.suffix == ".json":
            yield path, json.loads(path.read_bytes())


def check(advisory: Advisory, tally: Tally) -> None:
    for entry in advisory.affected:
        _check_listed(advisory, entry, tally)
        evaluated = [item for item in entry.ranges if item.kind in EVALUATED]
        for item, event in ((i, e) for i in evaluated for e in i.events if e.kind == "fixed"):
            _check_fixed(advisory, item, event, tally)


def _check_listed(advisory: Advisory, entry: Affected, tally: Tally) -> None:
    for text in entry.versions:
        tally.listed += 1
        if version(text) is None:
            tally.legacy_listed += 1
        if affects_text(advisory, text):
            tally.listed_agree += 1
        else:
            tally.disagreements.append(f"{advisory.id}: listed {text} judged not affected")


def _check_fixed(advisory: Advisory, item: VersionRange, event: Event, tally: Tally) -> None:
    parsed = version(event.version)
    if parsed is None:
        tally.unparsable.append(f"{advisory.id}: fixed version {event.version!r}")
        return
    tally.fixed += 1
    covered = _covered_elsewhere(advisory, item, parsed)
    tally.fixed_covered += covered
    if affects(advisory, parsed) == covered:
        tally.fixed_agree += 1
    else:
        verdict = "affected" if not covered else "not affected"
        tally.disagreements.append(f"{advisory.id}: fixed {event.version} judged {verdict}")


def _covered_elsewhere(advisory: Advisory, item: VersionRange, fixed: Any) -> bool:
    for entry in advisory.affected:
        if any(version(listed) == fixed for listed in entry.versions):
            return True
        if any(other is not item and range_affects(other, fixed) for other in entry.ranges):
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("database", nargs="?", type=Path, default=DEFAULT)
    arguments.add_argument("--results", type=Path, default=RESULTS)
    options = arguments.parse_args(argv)
    tally = Tally()
    for _, record in records(options.database):
        for package in sorted(packages_of(record)):
            advisory = parse(record, package)
            tally.advisories += 1
            if advisory.withdrawn:
                tally.withdrawn += 1
                continue
            check(advisory, tally)
    report(tally, options)
    return 0 if not tally.disagreements else 1


def report(tally: Tally, options: argparse.Namespace) -> None:
    for line in [*tally.disagreements, *tally.unparsable]:
        print(line)
    print(
        f"{tally.advisories} advisory-package pairs ({tally.withdrawn} withdrawn, not checked)\n"
        f"listed versions judged affected: {tally.listed_agree}/{tally.listed} "
        f"({tally.legacy_listed} of them not PEP 440, matched as written)\n"
        f"fixed versions judged as expected: {tally.fixed_agree}/{tally.fixed} "
        f"({tally.fixed_covered} covered by another range)\n"
        f"fixed versions left out (not PEP 440, cannot be ordered): {len(tally.unparsable)}\n"
        f"agreement: {tally.agreement():.4%}"
    )
    options.results.mkdir(parents=True, exist_ok=True)
    target = options.results / f"osv-ranges-{dt.datetime.now(dt.UTC):%Y-%m-%d}.json"
    figures = {key: value for key, value in vars(tally).items()}
    figures["agreement"] = tally.agreement()
    figures["database"] = str(options.database)
    target.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
