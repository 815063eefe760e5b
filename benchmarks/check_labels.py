"""The bug-fix classifier against hand labels: precision and recall, old rules and new.

    python benchmarks/check_labels.py [--repo NAME=PATH ...] [--baseline REV ...]
    python benchmarks/check_labels.py --tuning-only [--repo NAME=PATH ...] [--baseline REV ...]
    python benchmarks/check_labels.py --phrase REGEX [--phrase REGEX ...] [--repo NAME=PATH ...]
    python benchmarks/check_labels.py --draw [--repo NAME=PATH ...]

The labels are `benchmarks/data/fix-labels.csv` (how they were drawn and judged:
`benchmarks/data/fix-labels.md`). Each commit is classified from its full message, read from
a clone of its repository (found as NAME under /work/bench or /tmp/cv-train, unless
`--repo NAME=PATH` says where; without a clone, from the subject and body lines in the CSV),
and the number of files it changed as recorded in the CSV.

The current classifier (`codevitals.history.fixes` with its defaults) is measured beside
the one of each `--baseline REV` (the module's source at that commit of this repository; by
default 1ee9d9c, the rules the labels were drawn to test; give it more than once to compare
several earlier rounds). For each, on the held-back part and on the tuning part:
true and false positives and negatives, precision and recall with 95 % Wilson intervals.
Results go to `benchmarks/results/labels-DATE.json` and a table to standard output. The
commits judged wrongly are listed (on standard error and in the JSON) for the tuning part
only: reading the held-back part's mistakes would tune the rules on it.

`--tuning-only` measures the tuning part alone and writes no results: the mode to work on
the rules in, since it shows nothing of the held-back part, not even its figures.

`--phrase REGEX` tries a candidate fix phrase without the held-back part: among the commits
the current rules neither call a fix nor noise, the tuning part's commits whose subject has
the phrase (fixes it would gain, non-fixes it would accept), and a fixed-seed random sample of
`--show` (12) unlabelled subjects with it from the clones' non-merge commits of the same six
years, to judge by hand how often the phrase names a fix. With `--baseline REV`, the phrase is
tried on the rules of that revision instead of the current ones.

`--draw` prints the draw again (repository, commit id, merge) without judging: a fixed seed
per repository, 30 non-merge commits and 3 merges uniformly from the six years before the
repository's last commit.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import math
import random
import subprocess
import sys
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench_scan import codevitals_source, log
from calibrate import SEARCH, TRAINING
from codevitals.history import fixes

HERE = Path(__file__).resolve().parent
LABELS = HERE / "data" / "fix-labels.csv"
RESULTS = HERE / "results"
BASELINE = "1ee9d9c"
"""main before the classifier was tuned on these labels."""
YEARS = 6
NON_MERGES = 30
MERGES = 3

Classifier = Callable[[str, int], bool]
"""A commit's message and number of changed files → whether it fixes a bug."""


@dataclass(frozen=True, slots=True)
class Labelled:
    """One hand-judged commit."""

    repo: str
    commit: str
    files: int
    message: str
    fix: bool
    part: str


def main(argv: Sequence[str] | None = None) -> int:
    """Measure the classifiers (or print the draw, or try phrases); 0 when the target is met."""
    args = _parse(argv)
    repos = _repositories(args.repo)
    if args.draw:
        for name, path in repos.items():
            for commit, merge in draw(name, path):
                print(name, commit, "merge" if merge else "commit")
        return 0
    sample = read_labels(LABELS, repos)
    if args.phrase:
        try_phrases(args, sample, repos)
        return 0
    results = measure_all(args, sample)
    _print(results)
    if args.tuning_only:
        return 0
    held = results["new"]["held"]
    met: bool = held["precision"] >= 0.85 and held["recall"] >= 0.80
    _write(results, sample, met)
    return 0 if met else 1


def measure_all(args: argparse.Namespace, sample: Sequence[Labelled]) -> dict[str, Any]:
    """The current classifier and each baseline, on both parts (or the tuning part only).

    The held-back part's mistakes are dropped: only its counts leave this function.
    """
    classifiers = {"new": _current()}
    for revision in args.baseline or [BASELINE]:
        classifiers[f"old ({revision})"] = _baseline(revision)
    parts = ("tune",) if args.tuning_only else ("held", "tune")
    results = {
        name: {part: measure(classify, sample, part) for part in parts}
        for name, classify in classifiers.items()
    }
    for parts_measured in results.values():
        parts_measured.get("held", {}).pop("wrong", None)
    return results


def _write(results: dict[str, Any], sample: Sequence[Labelled], met: bool) -> None:
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"labels-{dt.date.today().isoformat()}.json"
    out.write_text(
        json.dumps(
            {
                "labels": str(LABELS.relative_to(HERE.parent)),
                "commits": len(sample),
                "fixes": sum(item.fix for item in sample),
                "messages_from_clones": sorted({item.repo for item in sample if item.message}),
                "target": "held-back precision >= 0.85 at recall >= 0.80",
                "met": met,
                "results": results,
                "codevitals": codevitals_source(),
            },
            indent=2,
        )
        + "\n"
    )
    log(f"wrote {out}")


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", action="append", default=[], metavar="NAME=PATH")
    parser.add_argument("--baseline", action="append", default=[], metavar="REV")
    parser.add_argument("--draw", action="store_true")
    parser.add_argument("--phrase", action="append", default=[], metavar="REGEX")
    parser.add_argument("--show", type=int, default=12, metavar="N")
    parser.add_argument(
        "--tuning-only", action="store_true", help="measure the tuning part alone, write nothing"
    )
    return parser.parse_args(argv)


def _repositories(given: Sequence[str]) -> dict[str, Path]:
    """Where each training repository's clone is (those not found are left out)."""
    named = {name: Path(path) for name, path in (item.split("=", 1) for item in given)}
    found: dict[str, Path] = {}
    for name in TRAINING:
        candidates = [named[name]] if name in named else [folder / name for folder in SEARCH]
        clones = [path for path in candidates if path.exists()]
        if clones:
            found[name] = clones[0]
    return found


def _git(path: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(path), *args], capture_output=True, check=True
    ).stdout.decode("utf-8", "replace")


def draw(name: str, path: Path) -> list[tuple[str, bool]]:
    """The commits of one repository the sample was drawn from: (commit id, is a merge)."""
    tip = int(_git(path, "log", "-1", "--format=%ct", "HEAD"))
    since = f"--since={tip - YEARS * 365 * 86400}"
    singles = sorted(_git(path, "rev-list", "--no-merges", since, "HEAD").split())
    merges = sorted(_git(path, "rev-list", "--merges", since, "HEAD").split())
    rng = random.Random(f"codevitals-labels-{name}")  # noqa: S311 - a draw to repeat, not a secret
    return [
        *((sha, False) for sha in rng.sample(singles, min(NON_MERGES, len(singles)))),
        *((sha, True) for sha in rng.sample(merges, min(MERGES, len(merges)))),
    ]


def try_phrases(
    args: argparse.Namespace, sample: Sequence[Labelled], repos: dict[str, Path]
) -> None:
    """What each `--phrase` would add to the catch of the fix patterns (of `--baseline`).

    On the tuning part: the fixes it gains and the non-fixes it accepts; on unlabelled commits
    of the same repositories: how many it adds, and `--show` of them to judge by hand.
    """
    module = _module(args.baseline[0]) if args.baseline else fixes
    rules = module.FixRules()
    is_fix: Callable[[str, int, Any], bool] = module.is_fix
    labelled = {item.commit for item in sample}
    tuning = [item for item in sample if item.part == "tune"]
    subjects = [
        (name, subject) for name, path in repos.items() for subject in _subjects(path, labelled)
    ]
    for phrase in args.phrase:
        tried = module.FixRules.build([phrase])

        def added(message: str, files: int, tried: object = tried) -> bool:
            return is_fix(message, files, tried) and not is_fix(message, files, rules)

        print(phrase)
        for item in tuning:
            if added(item.message, item.files):
                said = "gains a fix" if item.fix else "accepts a non-fix"
                print(f"  tuning, {said}: {item.repo}: {item.message.splitlines()[0][:80]}")
        hits = [(name, subject) for name, subject in subjects if added(subject, 1)]
        rng = random.Random(f"codevitals-phrase-{phrase}")  # noqa: S311 - a draw to repeat
        print(f"  unlabelled: {len(hits)} subjects it would add; a sample:")
        for name, subject in rng.sample(hits, min(args.show, len(hits))):
            print(f"    {name}: {subject[:90]}")


def _subjects(path: Path, leave_out: set[str]) -> list[str]:
    """The subjects of the non-merge commits of the six years before the last one.

    The commits in `leave_out` are left out: they are the labelled ones, and the held-back
    part among them must stay unseen.
    """
    tip = int(_git(path, "log", "-1", "--format=%ct", "HEAD"))
    since = f"--since={tip - YEARS * 365 * 86400}"
    output = _git(path, "log", "--no-merges", since, "--format=%H%x00%s", "HEAD")
    pairs = (line.partition("\0") for line in output.splitlines())
    return [subject for commit, _, subject in pairs if commit not in leave_out]


def part_of(commit: str) -> str:
    """`held` for about a third of commit ids (by their hash), `tune` for the rest."""
    return "held" if int(hashlib.sha256(commit.encode()).hexdigest()[:8], 16) % 3 == 0 else "tune"


def read_labels(path: Path, repos: dict[str, Path]) -> list[Labelled]:
    """The labelled commits, each with its full message when its clone is at hand."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    messages = {name: _messages(clone) for name, clone in repos.items()}
    sample = []
    for row in rows:
        if row["part"] != part_of(row["commit"]):
            raise ValueError(f"{row['commit']}: part {row['part']!r}, the draw says otherwise")
        stored = "\n\n".join(filter(None, (row["subject"], row["body"].replace(" / ", "\n"))))
        message = messages.get(row["repo"], {}).get(row["commit"], stored)
        sample.append(
            Labelled(
                row["repo"],
                row["commit"],
                int(row["files"]),
                message,
                row["fix"] == "yes",
                row["part"],
            )
        )
    return sample


def _messages(clone: Path) -> dict[str, str]:
    output = _git(clone, "log", "-z", "--encoding=UTF-8", "--format=%H%x00%B", "HEAD")
    fields = output.split("\0")
    return {fields[i].strip(): fields[i + 1] for i in range(0, len(fields) - 1, 2)}


def _current() -> Classifier:
    rules = fixes.FixRules()
    return lambda message, files: fixes.is_fix(message, files, rules)


def _baseline(revision: str) -> Classifier:
    """The classifier as it was at `revision` of this repository (its own source, run here)."""
    module = _module(revision)
    rules = module.FixRules()
    is_fix: Callable[[str, int, Any], bool] = module.is_fix
    return lambda message, files: is_fix(message, files, rules)


def _module(revision: str) -> types.ModuleType:
    """The classifier's module as it was at `revision` of this repository."""
    source = _git(HERE.parent, "show", f"{revision}:src/codevitals/history/fixes.py")
    module = types.ModuleType("baseline_fixes")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, f"{revision}:fixes.py", "exec"), module.__dict__)  # noqa: S102
    return module


def measure(classify: Classifier, sample: Sequence[Labelled], part: str) -> dict[str, Any]:
    """Counts, precision and recall with Wilson intervals, and the commits judged wrongly."""
    items = [item for item in sample if item.part == part]
    said = {item.commit: classify(item.message, item.files) for item in items}
    tp = sum(item.fix and said[item.commit] for item in items)
    fp = sum(not item.fix and said[item.commit] for item in items)
    fn = sum(item.fix and not said[item.commit] for item in items)
    return {
        "commits": len(items),
        "fixes": tp + fn,
        "true_positives": tp,
        "false_positives": fp,
        "false_negatives": fn,
        "precision": _share(tp, tp + fp),
        "precision_95": wilson(tp, tp + fp),
        "recall": _share(tp, tp + fn),
        "recall_95": wilson(tp, tp + fn),
        "wrong": [
            f"{item.repo} {item.commit[:10]} {'missed' if item.fix else 'accepted'}: "
            f"{item.message.strip().splitlines()[0][:80]}"
            for item in items
            if item.fix != said[item.commit]
        ],
    }


def _share(part: int, whole: int) -> float:
    return part / whole if whole else math.nan


def wilson(successes: int, trials: int, z: float = 1.959964) -> list[float]:
    """The 95 % Wilson score interval of a proportion."""
    if not trials:
        return [0.0, 1.0]
    share = successes / trials
    centre = share + z * z / (2 * trials)
    spread = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials))
    scale = 1 + z * z / trials
    return [round((centre - spread) / scale, 4), round((centre + spread) / scale, 4)]


def _print(results: dict[str, dict[str, dict[str, Any]]]) -> None:
    print(
        "| classifier | part | commits | fixes | TP | FP | FN | precision (95 %) | recall (95 %) |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, parts in results.items():
        for part, r in parts.items():
            p, (pl, ph), rc, (rl, rh) = (
                r["precision"],
                r["precision_95"],
                r["recall"],
                r["recall_95"],
            )
            print(
                f"| {name} | {part} | {r['commits']} | {r['fixes']} | {r['true_positives']} | "
                f"{r['false_positives']} | {r['false_negatives']} | "
                f"{p:.2f} ({pl:.2f}–{ph:.2f}) | {rc:.2f} ({rl:.2f}–{rh:.2f}) |"
            )
    # Only the tuning part's mistakes are shown: reading the held-back part's would tune on it.
    for line in results["new"]["tune"]["wrong"]:
        log(line)


if __name__ == "__main__":
    sys.exit(main())
