"""History: hotspots, change coupling, knowledge and code age, mined from git.

`analyse` runs one `git log` (incrementally, through the cache) and every analysis on it;
the scan stage calls it with the health of the files it scored. `analyse_at` does the same
for a given commit of a repository, bare ones too; `mine` is the mining alone.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from codevitals.history.analysis import Inputs, Mining, Outcome, analyse, analyse_at, mine
    from codevitals.history.options import HistoryOptions

__all__ = ["HistoryOptions", "Inputs", "Mining", "Outcome", "analyse", "analyse_at", "mine"]
_ANALYSIS = "codevitals.history.analysis"


def __getattr__(name: str) -> Any:
    """Load a name's module when it is first used.

    Options are needed by every command; the analyses (and what they import) only when history
    is analysed, so a scan with `--no-history` never loads them.
    """
    if name == "HistoryOptions":
        return importlib.import_module("codevitals.history.options").HistoryOptions
    if name in __all__:
        return getattr(importlib.import_module(_ANALYSIS), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
