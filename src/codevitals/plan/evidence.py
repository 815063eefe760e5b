"""The evidence that health predicts a repository's bug fixes, kept between commands.

`codevitals validate` measures what health adds to a model of size and history on the
repository's own history (`validate.ablation`) and records it in the cache under the
repository's top-level folder; a later scan's plan reads it back. No record (validate never
ran, or the cache is off) means no evidence: health is then no risk signal in the plan.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from codevitals.cache import Cache
from codevitals.model.plan import HealthEvidence

_FORMAT = "1"


def _key(top: Path) -> str:
    material = f"{_FORMAT}\0{top.resolve()}"
    return "evidence:health:" + hashlib.sha1(material.encode(), usedforsecurity=False).hexdigest()


def record(cache: Cache, top: Path, evidence: HealthEvidence) -> None:
    """Keep the evidence of the repository at `top` (a later backtest replaces it)."""
    fields = {
        "commit": evidence.commit,
        "auc": evidence.auc,
        "low": evidence.low,
        "high": evidence.high,
        "log_odds": evidence.log_odds,
    }
    cache.put_many([(_key(top), json.dumps(fields).encode())])


def recall(cache: Cache, top: Path) -> HealthEvidence | None:
    """The evidence last recorded for the repository at `top`; None when there is none."""
    stored = cache.get_many([_key(top)]).get(_key(top))
    if stored is None:
        return None
    try:
        fields = json.loads(stored)
        return HealthEvidence(
            commit=str(fields["commit"]),
            auc=float(fields["auc"]),
            low=None if fields["low"] is None else float(fields["low"]),
            high=None if fields["high"] is None else float(fields["high"]),
            log_odds=float(fields["log_odds"]),
        )
    except (ValueError, KeyError, TypeError):
        return None  # damaged: as if never recorded
