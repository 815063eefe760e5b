"""One pass over a file's captures that measures every function and class in it.

Captures arrive in document order, enclosing nodes first, so a stack of open ranges tells
each node what contains it. Two counters follow that stack:

* **nesting**: open blocks of nesting constructs, conditional expressions and lambdas —
  the nesting level of SonarSource's cognitive complexity;
* **depth**: open blocks only — the nesting depth behind *deep nesting* and *bumpy road*.

Complexity is charged to the innermost scope and handed outwards when a scope closes
(see `scopes.Scope.absorb`), which is how ruff and SonarSource both treat nested functions.

Nothing here knows a language: the captures' kinds carry the syntax, and the few questions
a kind cannot answer (names, arguments, which `case` counts) go to the file's front end.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from codevitals.code.cohesion import Method
from codevitals.code.scopes import CodeScope
from codevitals.model import Increment
from codevitals.parse.base import Capture, Language, Node, NodeKind
from codevitals.parse.python import PYTHON

_STATEMENTS = frozenset({NodeKind.IF, NodeKind.FOR, NodeKind.WHILE, NodeKind.TRY, NodeKind.MATCH})
"""Statements whose blocks start a bump when they sit directly in a function."""
_CONDITION_OWNERS = frozenset({NodeKind.IF, NodeKind.ELIF, NodeKind.WHILE})


@dataclass(slots=True)
class _Open:
    """A node whose range is still open on the stack."""

    end: int
    kind: NodeKind
    start: int
    node: Node
    scope: CodeScope | None = None
    chain: list[tuple[int, str]] | None = None
    """For the root of a chain of boolean operators: (position, operator) of each link."""

    @property
    def line(self) -> int:
        """The 1-based line the node starts on.

        Asked for when needed, not at each push: most entries (blocks, functions) never need
        it, and `Node.start_point` makes a new object at each read.
        """
        return self.node.start_point.row + 1


@dataclass(slots=True)
class WalkResult:
    """Scopes in the order they closed, plus the line ranges other measures leave out."""

    functions: list[CodeScope] = field(default_factory=list)
    classes: list[CodeScope] = field(default_factory=list)
    recursive: set[int] = field(default_factory=set)
    """`id()` of function scopes that call themselves."""
    docstrings: list[tuple[int, int]] = field(default_factory=list)
    """Byte ranges of docstrings."""
    imports: list[tuple[int, int]] = field(default_factory=list)
    """Byte ranges of import statements."""
    comments: list[tuple[int, int]] = field(default_factory=list)
    """Byte ranges of comments, for front ends that capture them."""


class Walker:
    """Measures the functions and classes of one parsed file."""

    def __init__(
        self, source: bytes, *, explain: bool = False, language: Language = PYTHON
    ) -> None:
        self._source = source
        self._explain = explain
        self._language = language
        self._mccabe = language.mccabe
        self._words = language.words
        # Expressions that nest what they span (blocks nest through BLOCK captures).
        self._nesting_ranges = (
            frozenset({NodeKind.LAMBDA, NodeKind.TERNARY})
            if language.ternary_nests_whole
            else frozenset({NodeKind.LAMBDA})
        )
        self._stack: list[_Open] = []
        self._scope: CodeScope | None = None
        self._nesting = 0
        self._depth = 0
        self._bool_starts: list[int] = []
        self._chain_roots: dict[int, _Open] = {}
        self.result = WalkResult()
        self._kind = NodeKind.BLOCK

    def walk(self, captures: Iterable[Capture]) -> WalkResult:
        """Process every capture and close whatever is still open at the end."""
        stack = self._stack
        for start, end, kind, node in captures:
            while stack and stack[-1].end <= start:  # what has ended before this capture
                self._close(stack.pop())
            self._kind = kind
            _HANDLERS[kind](self, start, end, node)
        while stack:  # the end of the file ends the rest
            self._close(stack.pop())
        return self.result

    # -- the stack ---------------------------------------------------------------------------

    def _push(
        self,
        start: int,
        end: int,
        node: Node,
        scope: CodeScope | None = None,
        chain: list[tuple[int, str]] | None = None,
    ) -> _Open:
        entry = _Open(end, self._kind, start, node, scope, chain)
        self._stack.append(entry)
        return entry

    def _close(self, entry: _Open) -> None:
        kind = entry.kind
        if kind is NodeKind.BLOCK:
            self._nesting -= 1
            self._depth -= 1
        elif kind in self._nesting_ranges:
            self._nesting -= 1
        elif kind in (NodeKind.FUNCTION, NodeKind.CLASS) and entry.scope is not None:
            self._close_scope(entry.scope)
        elif kind is NodeKind.BOOL and entry.chain is not None:
            self._charge_chain(entry)

    # -- scopes --------------------------------------------------------------------------------

    def _open_scope(self, start: int, end: int, node: Node, *, is_function: bool) -> CodeScope:
        parent = self._scope
        in_class = parent is not None and not parent.is_function
        language = self._language
        signature = language.signature(node, is_method=in_class) if is_function else None
        name = signature.name if signature else language.class_name(node)
        scope = CodeScope(
            is_function=is_function,
            node=node,
            name=name,
            qualified_name=f"{parent.qualified_name}.{name}" if parent else name,
            line=language.start_line(node),
            end_line=node.end_point.row + 1,
            base_nesting=self._nesting,
            base_depth=self._depth,
            parent=parent,
            cyclomatic=1 if is_function else 0,
            increments=[] if self._explain else None,
        )
        if signature is not None:
            scope.arguments = signature.arguments
            scope.receiver = signature.receiver
            scope.accessor = signature.accessor
        self._place_in_parent(scope, node)
        self._push(start, end, node, scope=scope)
        self._scope = scope
        return scope

    def _place_in_parent(self, scope: CodeScope, node: Node) -> None:
        parent = scope.parent
        if parent is None:
            return
        scope.nested = bool(parent.enclosing_functions())
        if not (scope.is_function and parent.is_function):
            # SonarSource: a class, and each method in it, starts again from nesting zero.
            scope.shifts_with_parent = False
            return
        wrapper = self._language.is_wrapper(parent.node, node)
        scope.shift = self._nesting - parent.base_nesting + (0 if wrapper else 1)

    def _close_scope(self, scope: CodeScope) -> None:
        parent = scope.parent
        if scope.is_function:
            if self._language.recursion and self._language.calls_itself(
                scope.node, self._source, scope.name, scope.receiver
            ):
                scope.charge(1, scope.line, "recursion", shifts=False)
                self.result.recursive.add(id(scope))
            self.result.functions.append(scope)
            if parent is not None and not parent.is_function:
                node = scope.node
                parent.methods.append(
                    Method(
                        scope.name,
                        scope.receiver,
                        node.start_byte,
                        node.end_byte,
                        frozenset(scope.locals),
                        scope.accessor,
                    )
                )
        else:
            self.result.classes.append(scope)
        if parent is not None and self._language.nested_functions_count_in:
            parent.absorb(scope, cyclomatic=self._language.nested_cyclomatic)
        self._scope = parent

    def _function(self, start: int, end: int, node: Node) -> None:
        if self._scope is not None and self._scope.node == node:
            return  # already opened at its decorators
        self._open_scope(start, end, node, is_function=True)

    def _decorated(self, start: int, end: int, node: Node) -> None:
        """Open a decorated function's scope at its first decorator.

        SonarSource charges expressions in decorators (`@skip_if(a and b)`) to the function
        they decorate, so its scope must already be open when they are walked.
        """
        function = node.child_by_field_name("definition")
        if function is not None:
            self._kind = NodeKind.FUNCTION
            self._open_scope(start, end, function, is_function=True)

    def _class(self, start: int, end: int, node: Node) -> None:
        self._open_scope(start, end, node, is_function=False)

    # -- increments ----------------------------------------------------------------------------

    def _structural(self, start: int, end: int, node: Node) -> None:
        """`if`, `for`, `while`, `except`, `match`, `x if c else y`: +1 plus nesting."""
        entry = self._push(start, end, node)
        scope = self._scope
        if scope is None:
            return
        if self._kind in self._mccabe:
            scope.cyclomatic += 1
        nesting = self._nesting - scope.base_nesting
        scope.charge(1 + nesting, entry.line, self._words[self._kind], shifts=True)

    def _ternary(self, start: int, end: int, node: Node) -> None:
        self._structural(start, end, node)
        if NodeKind.TERNARY in self._nesting_ranges:
            self._nesting += 1

    def _lambda(self, start: int, end: int, node: Node) -> None:
        self._push(start, end, node)
        self._nesting += 1

    def _elif(self, start: int, end: int, node: Node) -> None:
        entry = self._push(start, end, node)
        if self._scope is not None:
            if NodeKind.ELIF in self._mccabe:
                self._scope.cyclomatic += 1
            self._scope.charge(1, entry.line, self._words[NodeKind.ELIF], shifts=False)

    def _else(self, start: int, end: int, node: Node) -> None:
        owner = self._stack[-1].kind if self._stack else None
        entry = self._push(start, end, node)
        if self._scope is not None:
            if owner is NodeKind.TRY:
                self._scope.cyclomatic += 1  # ruff counts `try: … else:` as a branch
            self._scope.charge(1, entry.line, self._words[NodeKind.ELSE], shifts=False)

    def _try(self, start: int, end: int, node: Node) -> None:
        self._push(start, end, node)

    def _case(self, start: int, end: int, node: Node) -> None:
        self._push(start, end, node)
        if self._scope is not None and self._language.counts_as_case(node):
            self._scope.cyclomatic += 1

    def _decision(self, start: int, end: int, node: Node) -> None:
        """A branch inside an expression (`?.`, `||=`): McCabe's, not cognitive complexity's."""
        if self._scope is not None:
            self._scope.cyclomatic += 1

    def _jump(self, start: int, end: int, node: Node) -> None:
        """`break label`, `continue label`: SonarSource's flat increment for a jump to a label."""
        if self._scope is not None:
            self._scope.charge(1, node.start_point.row + 1, "jump to label", shifts=False)

    # -- boolean operators ---------------------------------------------------------------------

    def _bool(self, start: int, end: int, node: Node) -> None:
        self._bool_starts.append(start)
        link = _operator(node)
        if self._scope is not None and NodeKind.BOOL in self._mccabe:
            self._scope.cyclomatic += 1
        parent = self._language.chain_parent(node)
        root = self._chain_roots.get(parent.id) if parent is not None else None
        if root is not None and root.chain is not None:
            # A direct operand of another boolean operator: one flattened chain (SonarSource).
            root.chain.append(link)
            self._chain_roots[node.id] = root
            self._push(start, end, node)
            return
        # A chain that only guards markup (`{ready && <List/>}`) is no increment (SonarJS).
        scope = None if self._language.guards_markup(node) else self._scope
        entry = self._push(start, end, node, scope=scope, chain=[link])
        self._chain_roots[node.id] = entry

    def _charge_chain(self, entry: _Open) -> None:
        """SonarSource: +1 for each run of like operators in a flattened boolean chain.

        Only runs of the operators the language counts (`Language.boolean_sequences`).
        """
        scope = entry.scope
        if scope is None or entry.chain is None:
            return
        previous = None
        counted = self._language.boolean_sequences
        line = entry.line
        for _, operator in sorted(entry.chain):
            if operator != previous and operator in counted:
                scope.charge(1, line, f"`{operator}` sequence", shifts=False)
            previous = operator

    # -- blocks: nesting, depth, bumps and conditions ------------------------------------------

    def _block(self, start: int, end: int, node: Node) -> None:
        owner = self._stack[-1] if self._stack else None
        if owner is not None and owner.kind in _CONDITION_OWNERS:
            self._record_condition(owner, start)
        self._push(start, end, node)
        self._nesting += 1
        self._depth += 1
        scope = self._scope
        if scope is None:
            return
        if self._language.nested_functions_count_in:
            for function in scope.enclosing_functions():
                self._deepen(function)
        elif scope.is_function:
            self._deepen(scope)  # each function on its own: a callback's blocks are its own

    def _record_condition(self, owner: _Open, body_start: int) -> None:
        scope = self._scope
        if scope is None or not scope.is_function:
            return
        starts = self._bool_starts
        operators = bisect_left(starts, body_start) - bisect_left(starts, owner.start)
        if operators:
            scope.conditions.append((owner.line, operators))

    def _deepen(self, function: CodeScope) -> None:
        depth = self._depth - function.base_depth
        function.max_depth = max(function.max_depth, depth)
        if depth == 1:
            function.bump_line = self._statement_owning_block()
            function.bumps.setdefault(function.bump_line, 1)
        elif function.bump_line:
            bumps = function.bumps
            bumps[function.bump_line] = max(bumps[function.bump_line], depth)

    def _statement_owning_block(self) -> int:
        """Line of the statement whose block was just pushed (`if` for its `elif`/`else`)."""
        stack = self._stack
        owner = stack[-2] if len(stack) >= 2 else stack[-1]
        if owner.kind in _STATEMENTS or len(stack) < 3:
            return owner.line
        return stack[-3].line

    # -- ranges other measures leave out -------------------------------------------------------

    def _docstring(self, start: int, end: int, node: Node) -> None:
        self.result.docstrings.append((start, end))

    def _import(self, start: int, end: int, node: Node) -> None:
        self.result.imports.append((start, end))

    def _comment(self, start: int, end: int, node: Node) -> None:
        self.result.comments.append((start, end))

    def _local(self, start: int, end: int, node: Node) -> None:
        """A parameter or variable a function declares (a class's own fields are no locals)."""
        scope = self._scope
        if scope is None or not scope.is_function:
            return  # a field's initializer belongs to the class
        scope.locals.add(node.text or b"")


_HANDLERS: dict[NodeKind, Callable[[Walker, int, int, Node], None]] = {
    NodeKind.BLOCK: Walker._block,
    NodeKind.FUNCTION: Walker._function,
    NodeKind.DECORATED: Walker._decorated,
    NodeKind.CLASS: Walker._class,
    NodeKind.LAMBDA: Walker._lambda,
    NodeKind.IF: Walker._structural,
    NodeKind.FOR: Walker._structural,
    NodeKind.WHILE: Walker._structural,
    NodeKind.EXCEPT: Walker._structural,
    NodeKind.MATCH: Walker._structural,
    NodeKind.TERNARY: Walker._ternary,
    NodeKind.ELIF: Walker._elif,
    NodeKind.ELSE: Walker._else,
    NodeKind.TRY: Walker._try,
    NodeKind.CASE: Walker._case,
    NodeKind.BOOL: Walker._bool,
    NodeKind.DOCSTRING: Walker._docstring,
    NodeKind.IMPORT: Walker._import,
    NodeKind.COMMENT: Walker._comment,
    NodeKind.JUMP: Walker._jump,
    NodeKind.DECISION: Walker._decision,
    NodeKind.LOCAL: Walker._local,
}
"""What to do with each kind of capture. A module-level table of plain functions: bound
methods stored on the walker would make every walker a reference cycle, keeping each file's
syntax tree alive until the cyclic garbage collector happens to run."""


def _operator(node: Node) -> tuple[int, str]:
    """Where a boolean operator's token is and what it says (`&&`, `and`, …).

    Grammars differ: Swift's names the field `op`, and Scala's operator is a named
    `operator_identifier` node whose text is the operator.
    """
    operator = node.child_by_field_name("operator") or node.child_by_field_name("op")
    if operator is None:
        return node.start_byte, "?"
    text = operator.text if operator.is_named else None
    if text is not None:
        return operator.start_byte, text.decode("utf-8", "replace")
    return operator.start_byte, operator.type


def explain_increments(scope: CodeScope) -> list[Increment]:
    """The increments recorded for a scope walked with `explain=True`, in line order."""
    return sorted(scope.increments or [], key=lambda inc: inc.line)
