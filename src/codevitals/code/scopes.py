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
class CodeScope:
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
    parent: CodeScope | None
    arguments: int = 0
    receiver: str | None = None
    """Name of the bound first parameter (`self`, `cls`) of a method."""
    accessor: bool = False
    """Whether the function is a property's accessor (`Signature.accessor`)."""
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
    locals: set[bytes] = field(default_factory=set)
    """A function's parameters and variables, by name (LOCAL captures)."""
    methods: list[Method] = field(default_factory=list)
    """A class's methods (not the scopes themselves: a parent pointing at its children would
    make a reference cycle with `parent`)."""
    increments: list[Increment] | None = None

    def charge(self, points: int, line: int, reason: str, *, shifts: bool) -> None:
        """Add a cognitive increment; structural ones also count towards later shifting."""
        self.cognitive += points
        if shifts:
            self.structural += 1
        if self.increments is not None:
            self.increments.append(Increment(line, points, reason, shifts))

    def absorb(self, child: CodeScope, *, cyclomatic: bool = True) -> None:
        """Take in a closed nested scope's totals, shifted by the nesting it sits at.

        Its cyclomatic complexity too unless `cyclomatic` is False (the language's reference
        tool lists each function with its own decisions).
        """
        if cyclomatic:
            self.cyclomatic += child.cyclomatic
        shift = child.shift if child.shifts_with_parent else 0
        self.cognitive += child.cognitive + shift * child.structural
        if child.shifts_with_parent:
            self.structural += child.structural
        if self.increments is not None and child.increments is not None:
            self.increments.extend(
                Increment(
                    inc.line,
                    inc.points + shift * inc.shifts,
                    inc.reason,
                    inc.shifts and child.shifts_with_parent,
                )
                for inc in child.increments
            )

    def enclosing_functions(self) -> list[CodeScope]:
        """This scope and the scopes around it that are functions, innermost first."""
        chain: list[CodeScope] = []
        scope: CodeScope | None = self
        while scope is not None:
            if scope.is_function:
                chain.append(scope)
            scope = scope.parent
        return chain
