"""Per-scope accumulators used while walking a file's captures.

A scope is a function or a class. Both collect complexity from the code directly inside them
and hand their totals to the enclosing scope when they close, because McCabe (as ruff counts
it) and cognitive complexity (as SonarSource specifies it) both charge nested functions and
classes to the function that contains them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from codevitals.code.cohesion import Method
from codevitals.model import Increment
from codevitals.parse.base import Node


@dataclass(slots=True)
class Scope:
    """A function or class being walked."""

    is_function: bool
    node: Node
    name: str
    qualified_name: str
    line: int
    end_line: int
    base_nesting: int
    """Nesting counter at the scope's start; nesting inside is measured from here."""
    base_depth: int
    """Block-depth counter at the scope's start."""
    parent: Scope | None
    arguments: int = 0
    receiver: str | None = None
    """Name of the bound first parameter (`self`, `cls`) of a method."""
    nested: bool = False
    shift: int = 0
    """Nesting this scope's structural increments gain when charged to the parent scope."""
    shifts_with_parent: bool = True
    """False where a class resets nesting (SonarSource): increments reach the parent unshifted."""
    cyclomatic: int = 0
    cognitive: int = 0
    structural: int = 0
    """Structural increments so far, including nested scopes', that shift with nesting."""
    max_depth: int = 0
    bump_line: int = 0
    bumps: dict[int, int] = field(default_factory=dict)
    conditions: list[tuple[int, int]] = field(default_factory=list)
    methods: list[Method] = field(default_factory=list)
    """A class's methods (not the scopes themselves: a parent pointing at its children would
    make a reference cycle with `parent`)."""
    increments: list[Increment] | None = None
    own_structural: bool = False
    """Whether a structural increment was charged in this scope itself (not a nested one)."""
    returns_element: bool = False
    """Whether the function itself returns markup (JSX): with a capitalised name, a component."""
    deferred: list[tuple[int, list[Increment]]] = field(default_factory=list)
    """Nested functions' points (and increments) held back until the function closes."""

    def charge(self, points: int, line: int, reason: str, *, shifts: bool) -> None:
        """Add a cognitive increment; structural ones also count towards later shifting."""
        self.cognitive += points
        if shifts:
            self.structural += 1
            self.own_structural = True
        if self.increments is not None:
            self.increments.append(Increment(line, points, reason, shifts))

    def absorb(self, child: Scope, *, cyclomatic: bool = True, defer: bool = False) -> None:
        """Take in a closed nested scope's totals, shifted by the nesting it sits at.

        Its cyclomatic complexity too unless `cyclomatic` is False (the language's reference
        tool measures each function on its own). With `defer`, its cognitive points are held
        back for `settle` to decide.
        """
        if cyclomatic:
            self.cyclomatic += child.cyclomatic
        shift = child.shift if child.shifts_with_parent else 0
        points = child.cognitive + shift * child.structural
        if child.shifts_with_parent:
            self.structural += child.structural
        increments = child.seen_from_parent(shift) if self.increments is not None else []
        if defer:
            self.deferred.append((points, increments))
            return
        self.cognitive += points
        if self.increments is not None:
            self.increments.extend(increments)

    def seen_from_parent(self, shift: int) -> list[Increment]:
        """This scope's increments as its parent counts them, `shift` levels deeper."""
        return [
            Increment(
                inc.line,
                inc.points + shift * inc.shifts,
                inc.reason,
                inc.shifts and self.shifts_with_parent,
            )
            for inc in self.increments or ()
        ]

    def settle(self, *, with_nested: bool) -> None:
        """Count the held-back points of nested functions in, or leave them to those functions."""
        if with_nested:
            for points, increments in self.deferred:
                self.cognitive += points
                if self.increments is not None:
                    self.increments.extend(increments)
        self.deferred = []

    def enclosing_functions(self) -> list[Scope]:
        """This scope and the scopes around it that are functions, innermost first."""
        chain: list[Scope] = []
        scope: Scope | None = self
        while scope is not None:
            if scope.is_function:
                chain.append(scope)
            scope = scope.parent
        return chain
