"""Bug-fix commits are recognised by their messages; noise and mass edits are not fixes."""

from __future__ import annotations

import pytest

from codevitals.errors import ConfigError
from codevitals.history.fixes import DEFAULT_MAX_FILES, FixRules, fix_commits, is_fix
from codevitals.history.gitlog import Commit, FileChange

RULES = FixRules()


@pytest.mark.parametrize(
    "message",
    [
        "Fix crash when the queue is empty",
        "fixed off-by-one in pagination",
        "Fixes the parser on Windows",
        "fix: no spurious warning when the version is included (#5167)",
        "fix(cli): exit code on error",
        "Bugfix for session cookies",
        "hotfix: restore the old default",
        "Regression in 2.1: headers lost on redirect",
        "Crashes on empty input",
        "Incorrect timezone for naive datetimes",
        "wrong exit status",
        "Broken redirect handling with relative URLs",
        "Defect in retry logic",
        "Accept None in urljoin\n\nFixes #42",
        "Merge pull request #12 from ada/patch-1\n\nFix crash on empty input",
        "FIX CRASH ON EMPTY INPUT",
        "Fix crash on standalone comments",
    ],
)
def test_fixes(message: str) -> None:
    assert is_fix(message, 1, RULES)


@pytest.mark.parametrize(
    "message",
    [
        "Add a cache for compiled patterns",
        "Raise an error when the path is missing",  # "error" alone is a feature
        "See issue 12 for the design",
        "Prefix every key",  # a word inside another word
        "Use fixtures for the client tests",
        "Debug logging for retries",
        "Fix typo in the tutorial",
        "fixed minor doc typo",
        "Fix the docs build",
        "Update tests for the new API",
        "Fix flaky test on macOS",
        "Fix docstrings of the session module",
        "Fix formatting",
        "Fix whitespace",
        "Fix type hints in utils",
        "Fix flake8 errors",
        "fix lint",
        "Fix CI",
        "Fix the changelog",
        "docs: fix the broken link",
        "chore(deps): fix the lock file",
        "refactor!: fix naming of helpers",
        "fixup! Add the cache",
        'Revert "Add a cache for compiled patterns"',
        'Revert "Fix crash on empty input"',  # a revert undoes a change, whatever it was
        "Accept None in urljoin, issue #42",  # a reference without a fix word
        "Accept None in urljoin\n\nCloses gh-42",  # closes feature requests as often
        "Accept None in urljoin\n\nresolved: #42",
        "Merge branch 'fix-crash'",
        "Merge pull request #12 from ada/fix-crash\n\nAdd a cache",
        "Add a cache\n\nFixes nothing yet, see #42 later",  # no closing keyword before #42
        "Add a cache\n\n* fix lint\n* fix typo",  # subject words only, not a squashed list
        "",
    ],
)
def test_not_fixes(message: str) -> None:
    assert not is_fix(message, 1, RULES)


def test_noise_wins_over_a_closing_reference() -> None:
    assert not is_fix("Fix typo in the error message\n\nFixes #42", 1, RULES)


def test_a_commit_touching_too_many_files_is_a_mass_edit() -> None:
    assert is_fix("Fix crash", DEFAULT_MAX_FILES, RULES)
    assert not is_fix("Fix crash", DEFAULT_MAX_FILES + 1, RULES)
    assert is_fix("Fix crash", 100, FixRules.build(max_files=100))


def test_extra_patterns_and_turning_the_defaults_off() -> None:
    jira = FixRules.build([r"PROJ-\d+"], defaults=False)
    assert is_fix("PROJ-12 handle None", 1, jira)
    assert not is_fix("Fix crash", 1, jira)
    assert not is_fix("Handle None\n\nFixes #42", 1, jira)  # references are defaults too
    quiet = FixRules.build(noise=["wip"], default_noise=False)
    assert is_fix("Fix typo in the error message", 1, quiet)
    assert not is_fix("wip: fix crash", 1, quiet)


def test_a_pattern_that_is_not_a_regular_expression_is_an_error() -> None:
    with pytest.raises(ConfigError, match=r"fix pattern '\(fix' is not a regular expression"):
        FixRules.build(["(fix"])


def test_no_patterns_match_nothing() -> None:
    none = FixRules.build(defaults=False, default_noise=False)
    assert not is_fix("Fix crash\n\nFixes #42", 1, none)


def test_fix_commits_counts_every_file_a_commit_changed() -> None:
    def commit(sha: str, files: int) -> Commit:
        changes = tuple(FileChange(f"f{i}.py", None, 1, 0) for i in range(files))
        return Commit(sha, (), 0, "Ada", "ada@example.com", changes)

    commits = [commit("a", 1), commit("b", DEFAULT_MAX_FILES + 1), commit("c", 1), commit("d", 1)]
    messages = {"a": "Fix crash", "b": "Fix crash", "c": "Add cache"}  # no message for "d"
    assert fix_commits(commits, messages, RULES) == {"a"}


def test_describe_lists_the_rules() -> None:
    described = FixRules.build(["PROJ-1"], max_files=5).describe()
    assert described["fix-max-files"] == 5
    patterns = described["fix-patterns"]
    assert isinstance(patterns, list)
    assert patterns[-1] == "PROJ-1"
