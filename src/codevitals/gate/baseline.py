"""The baseline: debt a team has accepted, so the gate can be adopted on legacy code.

`codevitals gate --write-baseline FILE` records every file's health, biomarker and finding
of the head; `--baseline FILE` then lets through new debt the file lists. Entries carry
no line numbers (biomarkers are keyed by file, function and rule, findings by fingerprint),
so a baseline survives edits elsewhere in a file. A file's health decline is accepted while
its health stays at or above the recorded value, less the tolerance.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from codevitals import repofiles
from codevitals.errors import InputError
from codevitals.gate.compare import Check
from codevitals.model.gate import Problem

FORMAT = 1

Entry = tuple[str, str, str]
"""(check, path, identity): the identity is a finding's fingerprint or `function/code`."""


@dataclass(frozen=True, slots=True)
class Baseline:
    """Accepted debt: each file's health and a count of every accepted problem."""

    health: dict[str, float] = field(default_factory=dict)
    entries: Counter[Entry] = field(default_factory=Counter)

    @classmethod
    def of(cls, health: dict[str, float], debt: Iterable[Problem]) -> Baseline:
        """A baseline accepting `debt` and the given file health."""
        return cls(dict(sorted(health.items())), Counter(_entry(p) for p in debt))

    def filter(self, problems: Iterable[Problem], tolerance: float) -> tuple[list[Problem], int]:
        """The problems the baseline does not accept, and how many it accepted."""
        left = Counter(self.entries)
        kept: list[Problem] = []
        accepted = 0
        for problem in problems:
            if self._accepts(problem, left, tolerance):
                accepted += 1
            else:
                kept.append(problem)
        return kept, accepted

    def _accepts(self, problem: Problem, left: Counter[Entry], tolerance: float) -> bool:
        if problem.check == Check.HEALTH:
            recorded = self.health.get(problem.path)
            return recorded is not None and (problem.after or 0.0) >= recorded - tolerance
        entry = _entry(problem)
        if left[entry] <= 0:
            return False
        left[entry] -= 1
        return True

    def dumps(self) -> str:
        """The baseline as JSON, one entry per line, sorted: diffs stay readable."""
        health = [f"    {json.dumps(path, ensure_ascii=False)}: {value}"
                  for path, value in sorted(self.health.items())]  # fmt: skip
        accepted = [f"    {json.dumps(list(row), ensure_ascii=False)}"
                    for row in sorted(self.entries.elements())]  # fmt: skip
        lines = ["{", f'  "codevitals_baseline": {FORMAT},', '  "health": {']
        lines += [",\n".join(health)] if health else []
        lines += ["  },", '  "accepted": [']
        lines += [",\n".join(accepted)] if accepted else []
        return "\n".join([*lines, "  ]", "}"]) + "\n"


def _entry(problem: Problem) -> Entry:
    return problem.check, problem.path, problem.fingerprint or problem.code


def load(path: Path) -> Baseline:
    """Read a baseline file; a missing or malformed one is an input error naming it.

    Only a regular file of bounded size is read: `baseline = "/dev/zero"` must not exhaust
    memory. (A repository's configuration names one only inside the repository; that is
    checked where the configuration is read.)
    """
    try:
        document = json.loads(repofiles.read_bytes(path, root=None))
    except repofiles.RefusedFileError as error:
        raise InputError(f"{path}: cannot read the baseline: {error}") from error
    except ValueError as error:
        raise InputError(f"{path}: not a codevitals baseline: {error}") from error
    if not isinstance(document, dict) or document.get("codevitals_baseline") != FORMAT:
        raise InputError(f"{path}: not a codevitals baseline (format {FORMAT})")
    try:
        health = {str(k): float(v) for k, v in document["health"].items()}
        entries = Counter((str(c), str(p), str(i)) for c, p, i in document["accepted"])
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise InputError(f"{path}: malformed baseline: {error}") from error
    return Baseline(health, entries)
