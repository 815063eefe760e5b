"""Oracle check: codevitals' OSV range evaluator against every advisory of a real database.

    python benchmarks/check_osv_ranges.py [DATABASE] [--ecosystem NAME] [--results DIR]

DATABASE is a folder of OSV advisories in YAML or JSON (default: the snapshot of the
ecosystem's database in ../shared/data: the PyPA advisory database for PyPI, the Go
vulnerability database for Go). Versions are ordered by the ecosystem's rules (PEP 440,
SemVer, Go's). For every advisory and every package of the ecosystem it affects:

* every version in `affected[].versions` must be judged affected (the database lists the
  versions its own ranges cover, so this checks the evaluator against the database);
* every `fixed` version must be judged not affected, unless another range of the same
  advisory, or a `versions` list, covers it;
* every `introduced` version (but `0`) must be judged affected: the Go database lists no
  `versions`, so this is what checks its lower bounds.

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
from codevitals.deps.ecosystems import ecosystem
from codevitals.deps.ranges import EVALUATED, affects, affects_text, range_affects
from codevitals.deps.versions import Parse, pep440

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
DEFAULTS = {"PyPI": DATA / "pypa-advisory-database", "Go": DATA / "osv-go" / "vulns"}
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
    introduced: int = 0
    introduced_agree: int = 0
    fixed_covered: int = 0
    """Fixed versions another range (or a versions list) of the advisory covers."""
    unparsable: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)
    version: Parse = field(default=pep440, repr=False)
    """The ecosystem's version order."""

    def agreement(self) -> float:
        """Share of all checks that agree."""
        checked = self.listed + self.fixed + self.introduced
        agree = self.listed_agree + self.fixed_agree + self.introduced_agree
        return agree / checked if checked else 1.0


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
        for item in evaluated:
            # An `introduced` that is also a `fixed` of the range is ambiguous by the schema's
            # own algorithm (the order of equal events decides): not checked.
            ends = {e.version for e in item.events if e.kind != "introduced"}
            starts = (e for e in item.events if e.kind == "introduced")
            for event in (e for e in starts if e.version != "0" and e.version not in ends):
                _check_introduced(advisory, event, tally)


def _check_introduced(advisory: Advisory, event: Event, tally: Tally) -> None:
    version = tally.version
    parsed = version(event.version)
    if parsed is None:
        tally.unparsable.append(f"{advisory.id}: introduced version {event.version!r}")
        return
    tally.introduced += 1
    if affects(advisory, parsed, version):
        tally.introduced_agree += 1
    else:
        tally.disagreements.append(f"{advisory.id}: introduced {event.version} judged unaffected")


def _check_listed(advisory: Advisory, entry: Affected, tally: Tally) -> None:
    version = tally.version
    for text in entry.versions:
        tally.listed += 1
        if version(text) is None:
            tally.legacy_listed += 1
        if affects_text(advisory, text, version):
            tally.listed_agree += 1
        else:
            tally.disagreements.append(f"{advisory.id}: listed {text} judged not affected")


def _check_fixed(advisory: Advisory, item: VersionRange, event: Event, tally: Tally) -> None:
    version = tally.version
    parsed = version(event.version)
    if parsed is None:
        tally.unparsable.append(f"{advisory.id}: fixed version {event.version!r}")
        return
    tally.fixed += 1
    covered = _covered_elsewhere(advisory, item, parsed, version)
    tally.fixed_covered += covered
    if affects(advisory, parsed, version) == covered:
        tally.fixed_agree += 1
    else:
        verdict = "affected" if not covered else "not affected"
        tally.disagreements.append(f"{advisory.id}: fixed {event.version} judged {verdict}")


def _covered_elsewhere(advisory: Advisory, item: VersionRange, fixed: Any, version: Parse) -> bool:
    for entry in advisory.affected:
        if any(version(listed) == fixed for listed in entry.versions):
            return True
        others = (other for other in entry.ranges if other is not item)
        if any(range_affects(other, fixed, version) for other in others):
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("database", nargs="?", type=Path)
    arguments.add_argument("--ecosystem", default="PyPI", help="as OSV names it (PyPI, npm, Go)")
    arguments.add_argument("--results", type=Path, default=RESULTS)
    options = arguments.parse_args(argv)
    known = ecosystem(options.ecosystem)
    if known is None:
        arguments.error(f"{options.ecosystem}: not an ecosystem codevitals reads")
    options.database = options.database or DEFAULTS.get(known.name)
    if options.database is None:
        arguments.error(f"no default database for {known.name}: name one")
    tally = Tally(version=known.parse)
    for _, record in records(options.database):
        for package in sorted(packages_of(record, known.name)):
            advisory = parse(record, package, known.name)
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
        f"({tally.legacy_listed} of them not versions by the ecosystem's rules, matched as "
        "written)\n"
        f"fixed versions judged as expected: {tally.fixed_agree}/{tally.fixed} "
        f"({tally.fixed_covered} covered by another range)\n"
        f"introduced versions judged affected: {tally.introduced_agree}/{tally.introduced}\n"
        f"fixed versions left out (cannot be ordered): {len(tally.unparsable)}\n"
        f"agreement: {tally.agreement():.4%}"
    )
    options.results.mkdir(parents=True, exist_ok=True)
    name = "" if options.ecosystem == "PyPI" else f"{options.ecosystem.lower()}-"
    target = options.results / f"osv-ranges-{name}{dt.datetime.now(dt.UTC):%Y-%m-%d}.json"
    figures = {key: value for key, value in vars(tally).items() if key != "version"}
    figures["agreement"] = tally.agreement()
    figures["database"] = str(options.database)
    target.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
