"""Every biomarker codevitals knows, in one table.

Each rule lives in a module of its own named for what it detects; this table is the only
place that lists them, and `codevitals rules` and `docs/rules.md` are generated from it.
"""

from __future__ import annotations

import difflib

from codevitals.code.biomarkers import (
    brain_method,
    bumpy_road,
    cognitive_complexity,
    complex_conditional,
    complex_method,
    deep_nesting,
    duplicated_code,
    excess_arguments,
    large_file,
    large_method,
    low_cohesion,
    overall_complexity,
)
from codevitals.code.biomarkers.base import FileSubject, Level, Limits, Reading, Region, Rule
from codevitals.errors import ConfigError

RULES: tuple[Rule, ...] = (
    complex_method.RULE,
    cognitive_complexity.RULE,
    deep_nesting.RULE,
    bumpy_road.RULE,
    complex_conditional.RULE,
    large_method.RULE,
    excess_arguments.RULE,
    brain_method.RULE,
    large_file.RULE,
    low_cohesion.RULE,
    duplicated_code.RULE,
    overall_complexity.RULE,
)

_BY_KEY = {key: rule for rule in RULES for key in (rule.code.lower(), rule.name)}

__all__ = ["RULES", "FileSubject", "Level", "Limits", "Reading", "Region", "Rule", "lookup"]


def lookup(key: str) -> Rule:
    """Find a rule by name (`complex-method`) or code (`CV101`), suggesting on a typo."""
    rule = _BY_KEY.get(key.strip().lower())
    if rule is not None:
        return rule
    nearest = difflib.get_close_matches(key.lower(), list(_BY_KEY), n=1)
    hint = f"; did you mean {nearest[0]!r}?" if nearest else ""
    raise ConfigError(f"unknown biomarker {key!r}{hint} (see `codevitals rules`)")
