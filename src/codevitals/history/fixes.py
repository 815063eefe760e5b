"""Recognising bug-fix commits from their messages, as defect-prediction studies do.

A commit is a fix when

* its subject (first line) names a fix: a word such as `fix`, `bug`, `regression`, `crash`,
  `fault`, `defect`, `incorrect`, `wrong`, or `issue #12` (`DEFAULT_PATTERNS`, after the
  keyword sets of Mockus & Votta 2000 and Ray et al. 2014), or its message closes an issue
  the way GitHub reads it (`fixes #12`, `closes gh-12`: `DEFAULT_REFERENCES`);
* and its subject is not noise (`DEFAULT_NOISE`): typos, spelling, lint and its tools, CI,
  changelog, readme, licence, deprecation warnings; a subject that mends documentation,
  docstrings, comments, whitespace, formatting, style, tests or type hints (`Fix the docs`,
  `Update tests`, but not `Fix crash on comments`); a Conventional Commits type other than
  `fix` (`docs:`, `chore(ci):`); `fixup!` commits. Such commits mend the code's appearance,
  tooling or tests, not its behaviour;
* and it changed at most `max_files` files: a commit touching very many files is a mass
  edit (a rename, a reformatting, a licence header) whatever its message says.

Patterns are regular expressions matched as whole words, case ignored. A revert is judged by
the subject it reverts (`Revert "Fix crash"` is a fix, `Revert "Add cache"` is not), and a
merge by the title after git's own `Merge pull request …` line. Commits that touch only tests
need no rule here: they fix no production file.

The words "error" and "issue" alone are left out on purpose: in Python projects they mostly
describe features ("raise an error when …", "see issue 12"), and "fix" already catches the
commits that repair an error.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from codevitals.errors import ConfigError

if TYPE_CHECKING:
    # Only an annotation: the options of a command load no git log parser.
    from codevitals.history.gitlog import Commit

DEFAULT_PATTERNS = (
    r"fix(e[sd]|ing)?",
    r"bug(s|gy)?",
    r"bugfix(es)?",
    r"hotfix(es)?",
    r"regressions?",
    r"crash(es|ed|ing)?",
    r"faults?",
    r"defects?",
    r"incorrect(ly)?",
    r"mistakes?",
    r"flaws?",
    r"wrong(ly)?",
    r"broken",
    r"issue\s*#\d+",
)
"""Words in a subject that say the commit repairs behaviour."""
_MENDING = r"(fix(e[sd]|ing)?|update[sd]?|improve[sd]?|correct(ed|s)?|clean(ed)?\s*up|tweak(ed|s)?)"
"""Verbs that, applied to documentation, tests or layout, make a commit cosmetic."""
DEFAULT_REFERENCES = (r"(fix(e[sd])?|close[sd]?|resolve[sd]?):?\s+(#|gh-)\d+",)
"""Phrases anywhere in a message that close an issue (GitHub's closing keywords)."""
DEFAULT_NOISE = (
    r"typos?",
    r"spelling",
    r"misspell(ed|ings?)?",
    r"lint(s|ing|er)?",
    r"flake8",
    r"pep\s?8",
    r"pylint",
    r"mypy",
    r"isort",
    r"pre-commit",
    r"changelog",
    r"readme",
    r"copyright",
    r"licen[cs]e",
    r"ci",
    r"deprecation warnings?",
    rf"^{_MENDING}\s+((the|a|an|some|more|minor|small|flaky|failing|broken|missing)\s+)*"
    r"(docs?|documentation|docstrings?|comments?|whitespace|formatting|style|tests?|"
    r"type (hints?|annotations?)|typing|warnings?)",
    r"^(docs?|style|chore|ci|test|tests|build|refactor|perf)(\([^)]*\))?!?:",
    r"^(fixup|squash|amend)!",
)
"""Subjects of commits that change appearance, tooling or tests, not behaviour."""
DEFAULT_MAX_FILES = 30
"""More files than this is a mass edit; the same limit as change coupling's (code-maat's)."""

_REVERT = re.compile(r'\s*Revert "(.*)"\s*$')
_MERGE = re.compile(r"\s*Merge (pull request|branch|remote-tracking branch|tag)\b")


@dataclass(frozen=True, slots=True)
class FixRules:
    """What makes a commit a bug fix: subject patterns, references, noise, a size limit."""

    patterns: tuple[str, ...] = DEFAULT_PATTERNS
    references: tuple[str, ...] = DEFAULT_REFERENCES
    noise: tuple[str, ...] = DEFAULT_NOISE
    max_files: int = DEFAULT_MAX_FILES

    @classmethod
    def build(
        cls,
        patterns: Iterable[str] = (),
        noise: Iterable[str] = (),
        *,
        defaults: bool = True,
        default_noise: bool = True,
        max_files: int = DEFAULT_MAX_FILES,
    ) -> FixRules:
        """The defaults (unless turned off) plus extra patterns; a bad pattern is an error."""
        rules = cls(
            (*(DEFAULT_PATTERNS if defaults else ()), *patterns),
            DEFAULT_REFERENCES if defaults else (),
            (*(DEFAULT_NOISE if default_noise else ()), *noise),
            max_files,
        )
        for pattern in (*rules.patterns, *rules.noise):
            _check(pattern)
        return rules

    def describe(self) -> dict[str, object]:
        """The rules as reported with results."""
        return {
            "fix-patterns": list(self.patterns),
            "fix-references": list(self.references),
            "noise-patterns": list(self.noise),
            "fix-max-files": self.max_files,
        }


def is_fix(message: str, files_touched: int, rules: FixRules) -> bool:
    """Whether a commit with this message, changing this many files, fixes a bug."""
    if files_touched > rules.max_files:
        return False
    subject, body = _subject(message)
    if _words(rules.noise).search(subject):
        return False
    return bool(
        _words(rules.patterns).search(subject)
        or _words(rules.references).search(f"{subject}\n{body}")
    )


def fix_commits(
    commits: Iterable[Commit], messages: Mapping[str, str], rules: FixRules
) -> frozenset[str]:
    """The ids of the commits that fix bugs; a commit without a known message is no fix."""
    return frozenset(
        commit.sha
        for commit in commits
        if commit.sha in messages and is_fix(messages[commit.sha], len(commit.changes), rules)
    )


def _subject(message: str) -> tuple[str, str]:
    """The subject a commit is judged by, and the rest of its message."""
    subject, _, body = message.strip().partition("\n")
    reverted = _REVERT.match(subject)
    if reverted:
        return _subject(f"{reverted.group(1)}\n{body}")
    if _MERGE.match(subject):
        return _subject(body)
    return subject, body


@functools.cache
def _words(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One expression matching any of `patterns` as a whole word, case ignored."""
    if not patterns:
        return re.compile(r"(?!)")  # matches nothing
    either = "|".join(f"(?:{pattern})" for pattern in patterns)
    return re.compile(rf"(?<!\w)(?:{either})(?!\w)", re.IGNORECASE)


def _check(pattern: str) -> None:
    try:
        re.compile(pattern)
    except re.error as error:
        raise ConfigError(f"fix pattern {pattern!r} is not a regular expression: {error}") from None
