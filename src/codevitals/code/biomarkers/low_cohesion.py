"""CV202 low-cohesion: a class made of unrelated groups of methods (LCOM4)."""

from __future__ import annotations

from collections.abc import Iterator

from codevitals.code.biomarkers.base import FileSubject, Level, Limits, Reading, Rule
from codevitals.model import Severity


def detect(subject: FileSubject, threshold: float, limits: Limits) -> Iterator[Reading]:
    """Fire once for each class whose LCOM4 reaches the threshold."""
    for cls in subject.metrics.classes:
        groups = len(cls.cohesion)
        if RULE.exceeds(groups, threshold):
            shown = "; ".join(
                ", ".join(group[:3]) + ("…" if len(group) > 3 else "") for group in cls.cohesion
            )
            yield Reading(
                cls.line,
                groups,
                f"class `{cls.qualified_name}` has {groups} unrelated groups of methods "
                f"(LCOM4, threshold {threshold:g}): {shown}; consider splitting it",
            )


RULE = Rule(
    code="CV202",
    name="low-cohesion",
    title="Low Cohesion",
    target=Level.FILE,
    severity=Severity.MAJOR,
    threshold=3,
    weight=0.4,
    unit="LCOM4 components",
    what="Flags classes whose methods fall into at least `threshold` unrelated groups "
    "(LCOM4, Hitz and Montazeri). Two methods are related when they use the same `self` "
    "attribute or one calls the other through `self` (`this`, `$this->`, `@` in other "
    "languages; in Java, C#, Kotlin, C++, Swift, Scala and Ruby also a field or method used "
    "by its bare name; in Go a type's class is the methods a file declares on it). "
    "Constructors, property accessors and methods that use no member are left out, and so "
    "are accessors by shape, as SonarQube's LCOM4 left them out: a method that uses one "
    "field and calls no method of its class (a getter, a setter, a builder's setter) is not "
    "a group of its own, and a call to it uses its field.",
    why="Each group is a responsibility that could be a class of its own. Low cohesion makes "
    "a class harder to understand and makes unrelated changes collide in one place.",
    example="class Account:\n"
    "    def deposit(self, amount): self.balance += amount; self.log.append(amount)\n"
    "    def render(self): return self.template.format(self.theme)   # unrelated",
    options="`threshold` (default 3): `--threshold low-cohesion=4`.",
    detect=detect,
)
