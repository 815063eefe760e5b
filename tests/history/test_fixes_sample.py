"""The rules the hand-labelled sample taught the fix classifier, one known message each.

The messages are shaped on commits of the sample (`benchmarks/data/fix-labels.csv`); each
case says which rule it exercises.
"""

from __future__ import annotations

import pytest

from codevitals.history.fixes import FixRules, is_fix

RULES = FixRules()


@pytest.mark.parametrize(
    "message",
    [
        "Silence false positive UnconsumedParameterWarning",  # false positive
        "fix multiprocessing lock creation leak",
        "Memory leak in the result consumer",
        "Race condition when two loops start",
        "Deadlock on shutdown with pending tasks",
        "Worker hangs after a lost connection",
        "Infinite recursion in __getattr__",
        "push preserved contexts correctly",
        "Don't use the default SSLContext with custom pool kwargs",  # stops wrong behaviour
        "Do not load excluded rules",
        "#1113: Do not load excluded rules",  # an issue prefix as the area
        "web: never cache error pages",
        "Use urllib3 native chunking\n\n* Fix #3844",  # a fix word before the reference
        "Ensure compression happens\n\nFixes #4838.",
        "Keep the lock\n\nResolves: #12, fixes https://github.com/o/r/issues/42",
        "Keep the lock\n\nbug #42",  # a bug label before the reference
        "cli: eval safety\n\n- fixes GHSA-g7vv-2v7x-gj9p",  # a security advisory
        "Reject oversized headers (CVE-2024-12345)",
        "Merge pull request #4746 from ada/fix_iternodes\n\nFix iternodes",
    ],
)
def test_fixes(message: str) -> None:
    assert is_fix(message, 1, RULES)


@pytest.mark.parametrize(
    "message",
    [
        # a reference with a feature or chore subject closes a request, not a bug
        "cli: add --tee\n\n- fixes #1013",
        "ioloop: Deprecate add_callback_from_signal\n\nFixes #3225",
        "Remove the old API\n\nfixes #12",
        "Support Python 3.13\n\nFix #1",
        # a reference without a fix word
        "Set version number to 6.2.0\n\nCloses #3165",
        "Issue#965 - added venv instructions to CONTRIBUTING.md",
        # reverts undo a change, whatever it was
        'Revert "Fix crash on empty input"',
        'Revert "Revert "Add Semgrep CI (#8201)" (#8477)" (#8478)',
        # documentation, wherever the subject says so
        "Fix broken link to adapters essay (#5899)",
        "minor doc link fix",
        "Fix broken url in editors.md (#3885)",
        "Fix incorrect references to query in testing doc",
        "s3: Fix docstring of listdir()",
        # tests and their tools
        "fix flaky test_slow_pipeline by comparing items unordered",
        "Fix limiting subprocess run time in tests.",
        "Fix compatibility with pytest 8",
        "fix path to tox.ini",
        "Fixes build for PyPy3",
        # versions, releases, dependencies
        "v2.32.5",
        "Bump version: 5.0.0 → 5.0.1",
        "Prepare release 23.7.0",
        "Bump mypy from 0.812 to 0.910",
        "update dev dependencies",
        "Merge pull request #7071 from o/dependabot/github_actions/x\n\nBump x from 4 to 5",
        # a merge of branches has no title to judge
        "Merge branch 'master' of https://github.com/celery/celery",
    ],
)
def test_not_fixes(message: str) -> None:
    assert not is_fix(message, 1, RULES)


def test_feature_subjects_only_veto_references() -> None:
    """A subject with a fix word is a fix even when it starts with a feature verb."""
    assert is_fix("Add missing lock to fix a race\n\nfixes #3", 1, RULES)


def test_turning_the_defaults_off_drops_the_feature_subjects_too() -> None:
    rules = FixRules.build([r"PROJ-\d+"], defaults=False)
    assert rules.features == ()
    assert is_fix("Add PROJ-12 handling", 1, rules)


def test_describe_names_the_feature_subjects() -> None:
    described = FixRules().describe()
    assert described["fix-reference-ignored-subjects"] == list(FixRules().features)


@pytest.mark.parametrize(
    "message",
    [
        "make existing_loop check atomic",  # a concurrency fault
        "avoid thread unsafe iteration of _ioloop_for_asyncio (#3125)",
        "avoid quadratic child rescan in append_leaves (#5199)",  # a slowdown out of proportion
        "Properly close ftplib.FTP(). (#7256)",
        "Handle empty cache files (#5192)",  # a case the code got wrong
        "tornado: Handle curses.tigetstr() returning None",
        "Prevent event_mask from being overwritten. (#9432)",
        "engine: prevent slot method call after unsetting the slot",
        "Ensure session_interface.open_session is called after URL matching (#3776)",
        "Respect NO_COLOR by disabling ANSI output (#5129)",
        "web: honor the X-Forwarded-Proto header",
        # packaging noise names files, not every mention of a configuration file
        "Fix not honouring pyproject.toml when using stdin (#3719)",
    ],
)
def test_fix_phrasings_without_the_word_fix(message: str) -> None:
    assert is_fix(message, 1, RULES)


@pytest.mark.parametrize(
    "message",
    [
        # words that failed on unlabelled commits: features, refactors and speed-ups
        "Improve fmt:skip handling in nested expressions with checks (#4903)",
        "Use importlib instead of deprecated pkg_resources",
        "Restore Python 3.7 support",
        "Avoid calling iterparse twice",
        "Add missing import in examples for Django (#9099)",
        "Secure the handler of form uploads",  # `handle` counts only as the first verb
        # packaging and release tooling
        "fix: Remove '<4' from python_requires (#6333)",
        "Fix urllib3 pin in setup.cfg (#6545)",
        "Fix wheel build by using newer manylinux image (#4394)",
        "Fix VERSION_FILE in publish script. (#916)",
        "Fix publish binaries workflow (#5133)",
    ],
)
def test_not_fixes_of_the_second_round(message: str) -> None:
    assert not is_fix(message, 1, RULES)


@pytest.mark.parametrize(
    "message",
    [
        "push preserved contexts in correct order",  # done in the wrong order before
        "Preserve comments before fmt: skip lines (#5139)",  # the code lost them
        "asyncio: Preserve contextvars across SelectorThread on Windows (#3479)",
        "Catch AttributeError in utils.super_len (#5239)",  # an exception escaped
        "Make sure that the in-operator on HTTPHeaders is case insensitive",
        "Close WSGI iterable when WSGIByteStream is closed (#1830)",  # a resource leaked
        "Avoid exceptions in is_generator_with_return_value (#4935)",
        "Avoid Python 3.13+ RuntimeWarning: coroutine method 'aclose' was never awaited",
        # a body line that says what the change fixes
        "Stop changing return type annotations to tuples\n\nThis fixes a bug where a comma …",
        "Only clear the cache if there are no active writers.\n\nThis fixed a severe memory leak",
        "Use TLS settings in selecting connection pool\n\nThis fixes that issue.",
    ],
)
def test_fix_phrasings_of_the_third_round(message: str) -> None:
    assert is_fix(message, 1, RULES)


@pytest.mark.parametrize(
    "message",
    [
        "Closes #6342. Setting METAREFRESH_IGNORE_TAGS by default",  # `close` as a reference
        "closed file: use `miniters=inf` rather than `disable=1`",  # `close` only as the verb
        "Avoid calling iterparse twice",  # `avoid` without an error is a speed-up
        "Use the correct link syntax",  # `correct` without an order
        # a body's `fixes` belongs to its subject's feature or chore
        "Add a retry option\n\nThis fixes #12",
        "Document the retry option\n\nwhich fixes the confusion in #12",
        "Update the docs\n\nI hope this fixes it",  # not at the start of a line
        # documentation under other names: examples, descriptions, badges, wording
        "Fix redirect description about HEAD (#1520)",
        "Fix missing assignment in MethodView example (#4815)",
        "Fix eventlet example from not running.",
        "fix monthly download badge (#6507)",
        "Fix grammatical error (#4268)",
        "Fix phrasing.",
    ],
)
def test_not_fixes_of_the_third_round(message: str) -> None:
    assert not is_fix(message, 1, RULES)


@pytest.mark.parametrize(
    "message",
    [
        "Close #12: the retry option",
        "Close stale issues after 30 days",
        "close old pull requests automatically",
        "Catch up with the upstream grammar",
    ],
)
def test_closing_issues_and_catching_up_are_no_fixes(message: str) -> None:
    assert not is_fix(message, 1, RULES)
