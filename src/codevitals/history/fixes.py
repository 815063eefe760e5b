"""Recognising bug-fix commits from their messages, as defect-prediction studies do.

A commit is a fix when

* its subject (first line) names a fix: a word such as `fix`, `bug`, `regression`, `crash`,
  `fault`, `defect`, `incorrect`, `wrong`, `leak`, `race`, `hang`, `false positive`,
  `atomic`, `quadratic`, `properly`, `correct order`, or a subject that starts with "do
  not"/"don't" or with `handle`, `prevent`, `ensure`, `respect`, `honor`, `preserve`,
  `catch`, `close`, or `avoid` with an error (`DEFAULT_PATTERNS`, after the keyword sets of
  Mockus & Votta 2000 and Ray et al. 2014); or its message names the issue it fixes
  (`fixes #12`, `fix gh-12`, `bug #12`, a CVE or GHSA advisory, a body line `This fixes …`:
  `DEFAULT_REFERENCES`) and
  its subject does not name a feature or chore (`add`, `support`, `deprecate`, `remove`,
  `bump`, …: `DEFAULT_FEATURES`), since "fixes #12" closes feature requests too;
* and its subject is not noise (`DEFAULT_NOISE`): typos, spelling, lint and its tools, tests
  and their tools (`pytest`, `tox`, `flaky`, `test_x`), CI, packaging and release tooling
  (`setup.py`, `python_requires`, wheels, a publish script), changelog, readme, licence,
  deprecation warnings, documentation files and links, examples, descriptions, badges,
  wording and grammar; a subject that mends documentation,
  docstrings, comments, whitespace, formatting, style, tests, the build or type hints
  (`Fix the docs`, `s3: Fix docstring of …`, but not `Fix crash on comments`) or that says
  where: `… in the docs`, `… in tests`; a Conventional Commits type other than `fix`
  (`docs:`, `chore(ci):`); `fixup!` commits; reverts (they undo a change, whatever it was);
  versions, releases and dependency bumps. Such commits mend the code's appearance, tooling,
  tests or packaging, not its behaviour;
* and it changed at most `max_files` files: a commit touching very many files is a mass
  edit (a rename, a reformatting, a licence header) whatever its message says.

Patterns are regular expressions matched as whole words, case ignored. A merge is judged by
the title after git's own `Merge pull request …` line (a merge of branches has none, and is
no fix). Commits that touch only tests need no rule here: they fix no production file.

The rules were tuned on a hand-labelled sample of 322 commits of ten repositories
(`benchmarks/data/fix-labels.csv`; `benchmarks/check_labels.py` measures them on the third
held back from tuning). A second round looked only at the tuning part's misses and at
unlabelled commits of the same repositories: a word was added when it caught a missed fix
or, on a random dozen or more unlabelled subjects that contain it, named a fix about three
times in four (`handle`, `prevent`, `ensure`, `respect` at the start, `properly`,
`quadratic`, `atomic`). A third round, the same way, added `preserve`, `catch`, `close`,
`make sure` and `avoid` with an error at the start, `correct order`, a body line that says
`This fixes`, and examples, descriptions, badges, wording and grammar as noise. Words that
failed that test stay out: `instead of` and `restore` (as often refactors or returned
features), `avoid` alone (mostly speed-ups), `correct`, `missing`
(`add missing docs`), `should`, `no longer`, `when`-clauses, `patch`, and a small change
with a test file (as common in features as in fixes).

The words "error" and "issue" alone are left out on purpose: in Python projects they mostly
describe features ("raise an error when …", "see issue 12", "Issue#965 - added venv
instructions"), and "fix" already catches the commits that repair an error.
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

_SCOPE = r"^([\w./#-]+:\s*)?"
"""An optional `area:` prefix before a subject's verb (`ioloop: Fix …`, `cli: add …`)."""
_NOT_ISSUES = r"(?!\s*[#\d]|\s+(\w+\s+)?(issues?|prs?|pull requests?|tickets?)(?!\w))"
"""After `close`: not an issue closed (`Close #12`, `Close stale issues`), a resource."""
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
    r"correctly",
    r"mistakes?",
    r"flaws?",
    r"wrong(ly)?",
    r"broken",
    r"false (positive|negative)s?",
    r"(memory |resource )?leak(s|ed|ing)?",
    r"race( condition)?s?",
    r"deadlock(s|ed|ing)?",
    r"hang(s|ing)?",
    r"infinite (loop|recursion)",
    r"atomic(ally)?|thread[- ]?unsafe|not thread[- ]?safe",
    r"quadratic",
    r"properly",
    r"(correct|right|proper)\s+order",
    rf"{_SCOPE}(do not|don'?t|never)",
    rf"{_SCOPE}(handle[sd]?|prevent(s|ed)?|ensure[sd]?|make\s+sure|respect(s|ed)?|honou?r(s|ed)?)",
    rf"{_SCOPE}(preserve[sd]?|catch(es)?(?!\s+up)|close{_NOT_ISSUES})",
    rf"{_SCOPE}avoid(s|ing)?\s+(\S+\s+){{0,3}}?(\w*(error|exception|warning)s?|failures?)",
)
"""Words in a subject that say the commit repairs behaviour: a fault named (`crash`, `leak`,
`race`, a check made atomic, a quadratic slowdown), the code made to work `properly`; a
subject that starts with "do not" or "don't" stops something the code did wrongly, one that
starts with `handle`, `prevent`, `ensure` (`make sure`), `respect` or `honor` makes the code
cope with a case it got wrong (`Handle empty cache files`, `Respect NO_COLOR`). One that starts
with `preserve` keeps what the code lost (`Preserve comments before fmt: skip lines`), with
`catch` stops an exception escaping, with `close` (not `Closes #12`) stops a resource leaking,
with `avoid` and an error, exception, warning or failure stops it (`Avoid exceptions on
copy`; `avoid` alone is mostly a speed-up). Things done in the `correct order` were done in
the wrong one. The noun `handling` is left out: `Improve fmt:skip handling` is as often a
feature."""
_MENDING = r"(fix(e[sd]|ing)?|update[sd]?|improve[sd]?|correct(ed|s)?|clean(ed)?\s*up|tweak(ed|s)?)"
"""Verbs that, applied to documentation, tests or layout, make a commit cosmetic."""
DEFAULT_REFERENCES = (
    r"(bug\s*)?fix(e[sd])?:?\s+(bug\s+)?((#|gh-)\d+|https?://\S+/issues/\d+)",
    r"bug\s*(#|gh-)\d+",
    r"(CVE-\d{4}-\d{4,}|GHSA(-[0-9a-z]{4}){3})",
    r"(^|\n)\s*(this|which|that)\s+((commit|change|patch|pr|pull request)\s+)?"
    r"(fix(es|ed)|resolves|solves)",
)
"""Phrases anywhere in a message that name a fixed issue: a fix word before the reference
(`fixes #12`, `Fix gh-12`, `fixes https://…/issues/12`), a bug label (`bug #12`), or a
security advisory (`CVE-2024-1234`, `GHSA-xxxx-xxxx-xxxx`), or a line of the body that starts
by saying what the change fixes (`This fixes a bug where …`, `This change fixed a leak`).
`Closes #12` and `Resolves #12` alone are no fix: GitHub closes feature requests with them as
often as bugs."""
DEFAULT_FEATURES = (
    rf"{_SCOPE}(add(s|ed|ing)?|support(s|ed|ing)?|implement(s|ed|ing)?|introduce[sd]?|"
    r"allow(s|ed|ing)?|enable[sd]?|deprecate[sd]?|document(s|ed|ing)?|drop(s|ped)?|"
    r"remove[sd]?|bump(s|ed)?|upgrade[sd]?|release[sd]?|refactor(s|ed|ing)?|rename[sd]?)",
)
"""Subjects that name a feature or a chore: an issue reference in the message of such a
commit does not make it a fix (`cli: add --tee` with `fixes #1013` closes a request)."""
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
    r"pytest",
    r"tox(\.ini)?",
    r"changelog",
    r"readme",
    r"contributing(\.md)?",
    r"copyright",
    r"licen[cs]e",
    r"ci",
    r"python_requires|setup\.(py|cfg)|MANIFEST\.in|sdist|wheels?",
    r"(publish|release|deploy)(ing)?\s+(scripts?|workflows?|binaries)",
    r"dependabot",
    r"deprecation warnings?",
    r"flaky",
    r"test_\w+",
    r"(broken|dead|outdated|docs?)\s+links?",
    r"badges?|descriptions?|examples?|wording|grammar|grammatical|phrasing",
    r"[\w./-]+\.(md|rst)",
    r"(in|to|from|of)\s+(the\s+)?([\w-]+\s+)?(docs?|documentation|readme|tests?|test suite)",
    rf"{_SCOPE}{_MENDING}\s+((the|a|an|some|more|minor|small|flaky|failing|broken|missing)\s+)*"
    r"(docs?|documentation|docstrings?|comments?|whitespace|formatting|style|tests?|build|"
    r"type (hints?|annotations?)|typing|warnings?)",
    r"^(docs?|style|chore|ci|test|tests|build|refactor|perf)(\([^)]*\))?!?:",
    r"^(fixup|squash|amend)!",
    r"^revert",
    r"^v?\d+(\.\d+)+\S*$",
    r"(set|bump|start|prepare|release)(s|ed|ing)?\s+(the\s+)?(version|release)",
    r"version\s+(number\s+)?(to\s+)?v?\d+(\.\d+)+",
    r"^(bump|pin|upgrade|update)(s|ed)?\s+(the\s+)?(dev\s+)?"
    r"(dependency|dependencies|deps|requirements)",
    r"^bump(s|ed)?\s+\S+\s+from\s",
)
"""Subjects of commits that change appearance, tooling, tests, dependencies or the version,
not behaviour; and reverts, which undo a change rather than repair one."""
DEFAULT_MAX_FILES = 30
"""More files than this is a mass edit; the same limit as change coupling's (code-maat's)."""

_MERGE = re.compile(r"\s*Merge (pull request|branch|remote-tracking branch|tag)\b")


@dataclass(frozen=True, slots=True)
class FixRules:
    """What makes a commit a bug fix: subject patterns, references, noise, a size limit."""

    patterns: tuple[str, ...] = DEFAULT_PATTERNS
    references: tuple[str, ...] = DEFAULT_REFERENCES
    noise: tuple[str, ...] = DEFAULT_NOISE
    max_files: int = DEFAULT_MAX_FILES
    features: tuple[str, ...] = DEFAULT_FEATURES

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
            DEFAULT_FEATURES if defaults else (),
        )
        for pattern in (*rules.patterns, *rules.noise):
            _check(pattern)
        return rules

    def describe(self) -> dict[str, object]:
        """The rules as reported with results."""
        return {
            "fix-patterns": list(self.patterns),
            "fix-references": list(self.references),
            "fix-reference-ignored-subjects": list(self.features),
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
    if _words(rules.patterns).search(subject):
        return True
    return not _words(rules.features).search(subject) and bool(
        _words(rules.references).search(f"{subject}\n{body}")
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
