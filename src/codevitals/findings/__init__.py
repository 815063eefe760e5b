"""The findings stage: rule violations per file and line, cached per blob.

A file's findings depend only on its bytes, its path (a few rules look at the file name),
the rule selection, ruff's version and the secrets detector's version, so they are cached
under those. A warm scan runs neither ruff nor the secrets detector; a cold one runs ruff
once for every file the cache lacks.

The stage itself is `findings.stage`; this package loads it (ruff's runner, the secrets
detector) only when findings are looked for, so a command that runs no finding rules starts
without them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from codevitals.findings.presets import PRESETS, Selection, select
    from codevitals.findings.stage import CheckedFile, Load, find

__all__ = ["PRESETS", "CheckedFile", "Load", "Selection", "find", "select"]
_HOMES = {
    "PRESETS": "codevitals.findings.presets",
    "Selection": "codevitals.findings.presets",
    "select": "codevitals.findings.presets",
    "Load": "codevitals.findings.stage",
    "CheckedFile": "codevitals.findings.stage",
    "find": "codevitals.findings.stage",
}


def __getattr__(name: str) -> Any:
    """Load a name's module when it is first used."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
