"""Where a repository keeps what serves its development rather than its users.

Examples, documentation, benchmarks and tests never reach the users' machines: a stale pin or a
security smell there weighs a share (`development-only`) of what it weighs in the product. A
committed secret and a known vulnerability weigh in full wherever they are: a leaked key works
from any file, and people run examples. Whatever it weighs, an item about such a place is
listed after the production items, in a short section of its own (`Place.DEVELOPMENT`).
"""

from __future__ import annotations

import re

from codevitals.model.deps import Declaration
from codevitals.model.plan import Place, Reason

DEVELOPMENT_FOLDERS = frozenset({
    "bench", "benchmarks", "demo", "demos", "doc", "docs", "docs_src", "example", "examples",
    "sample", "samples", "test", "testing", "tests",
})  # fmt: skip
"""Folders whose contents serve development, documentation or demonstration."""
TOP_LEVEL_TEST_FOLDERS = frozenset({"t"})
"""Folders that hold tests only at the top of a repository (celery's, git's and Perl's `t/`)."""
DEVELOPMENT_WORDS = frozenset(
    {"bench", "ci", "dev", "develop", "docs", "doc", "lint", "test", "tests", "typing"}
)
"""Parts of a manifest's name, and dependency groups, that serve development."""


def in_development_folder(path: str) -> bool:
    """Whether a file sits in a folder that serves development (at any depth)."""
    folders = path.lower().split("/")[:-1]
    if folders and folders[0] in TOP_LEVEL_TEST_FOLDERS:
        return True
    return bool(DEVELOPMENT_FOLDERS.intersection(folders))


def place_of(path: str) -> Place:
    """The place of a file: development in a development folder, production elsewhere."""
    return Place.DEVELOPMENT if in_development_folder(path) else Place.PRODUCTION


def is_production(declaration: Declaration) -> bool:
    """Whether a declaration can reach users: not in a development folder, file or group."""
    if in_development_folder(declaration.path):
        return False
    name = declaration.path.lower().rpartition("/")[2].rpartition(".")[0]
    if DEVELOPMENT_WORDS.intersection(re.split(r"[^a-z]+", name)):
        return False
    return declaration.group.lower() not in DEVELOPMENT_WORDS


def development_note(share: float) -> Reason:
    """The reason that says an item weighs a share because it serves development only."""
    return Reason(
        "development-only", f"in development, test, docs or example code: ×{share:g}", 0.0
    )
