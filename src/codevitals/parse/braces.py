"""What the front ends of brace languages share: `else if` chains, comments by range, names.

JavaScript, TypeScript, PHP, Swift and Scala write `else if` as an `if` inside an `else`
(Ruby has its own `elsif`, which needs nothing dropped), capture their comments to blank
them by range, and group with parentheses that SonarSource's boolean chains see through;
none has a decorator rule or counts recursion.
"""

from __future__ import annotations

from collections.abc import Sequence

from codevitals.parse.base import Capture, Node, QueryFrontEnd, Tree
from codevitals.parse.shared import blank_comments, drop_else_if, through_parentheses


class BraceFrontEnd(QueryFrontEnd):
    """A brace language's `else if`, comments and chains, the same in each.

    `else if` is one hybrid increment (+1, no nesting) and one decision; captured comments
    are no code; a boolean chain is seen through grouping parentheses; a captured `case` is
    a decision (unless said otherwise above); a function inside another is one level deeper
    (no decorator rule).
    """

    def captures(self, tree: Tree) -> list[Capture]:
        """The query's captures with each `else if` as one hybrid increment."""
        return drop_else_if(super().captures(tree))

    def uncomment(self, source: bytes, comments: Sequence[tuple[int, int]]) -> bytes:
        """The source with every comment's bytes blanked, its newlines kept."""
        return blank_comments(source, comments)

    def chain_parent(self, node: Node) -> Node | None:
        """The operator a boolean operand belongs to, seen through parentheses."""
        return through_parentheses(node)
