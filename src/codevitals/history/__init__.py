"""History: hotspots, change coupling, knowledge and code age, mined from git.

`analyse` runs one `git log` (incrementally, through the cache) and every analysis on it;
the scan stage calls it with the health of the files it scored. `analyse_at` does the same
for a given commit of a repository, bare ones too; `mine` is the mining alone.
"""

from __future__ import annotations

from codevitals.history.analysis import Inputs, Mining, Outcome, analyse, analyse_at, mine
from codevitals.history.options import HistoryOptions

__all__ = ["HistoryOptions", "Inputs", "Mining", "Outcome", "analyse", "analyse_at", "mine"]
