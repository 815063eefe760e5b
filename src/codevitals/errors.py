"""One root exception, one subclass per kind of failure, each with a slug for the docs.

The CLI turns any `CodevitalsError` into a one-line message and exit code 2; anything else
is a bug and keeps its traceback.
"""

from __future__ import annotations


class CodevitalsError(Exception):
    """Base class of every error codevitals reports to a user."""

    slug = "error"

    def __init__(self, message: str, *, slug: str | None = None) -> None:
        super().__init__(message)
        if slug is not None:
            self.slug = slug


class UsageError(CodevitalsError):
    """The command line asks for something that cannot be done."""

    slug = "usage"


class ConfigError(CodevitalsError):
    """A configuration file or option value is invalid."""

    slug = "config"


class InputError(CodevitalsError):
    """The path to scan is missing or unreadable."""

    slug = "input"


class GitError(CodevitalsError):
    """git failed in a way that stops the operation."""

    slug = "git"


class FindingsError(CodevitalsError):
    """ruff could not be run or gave output codevitals cannot read."""

    slug = "findings"


class DependencyError(CodevitalsError):
    """The dependency audit cannot run as asked (e.g. an unreadable --vuln-db)."""

    slug = "deps"
