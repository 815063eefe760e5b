"""The language seam: what a front end tells the one language-neutral walker about its syntax.

A front end owns a tree-sitter grammar and one query whose capture names are `NodeKind` members;
the walker (`code.walk`) computes every metric from those captures and their byte ranges,
asking the front end only the few questions a capture alone cannot answer (a function's name
and arguments, whether a `case` counts, whether a function calls itself). Adding a language is
one module defining a `Language` and one line in `registry`.
"""

from __future__ import annotations

import importlib
import re
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import cache
from pathlib import Path
from typing import Protocol

from tree_sitter import Language as Grammar
from tree_sitter import Node, Parser, Query, QueryCursor, Tree, TreeCursor

__all__ = [
    "Capture",
    "Grammar",
    "GrammarLoader",
    "Language",
    "Node",
    "NodeKind",
    "ParseTooSlowError",
    "QueryFrontEnd",
    "Signature",
    "Tree",
    "first_error_line",
    "grammar_version",
    "load_grammar",
    "parse_within_budget",
]


class NodeKind(IntEnum):
    """What a captured node is; a query's capture names are these members' names."""

    BLOCK = 0  # the body of a construct that increases nesting; sorts before its first statement
    FUNCTION = 1
    CLASS = 2
    LAMBDA = 3  # nests what it holds, but is no function (Python's `lambda`, a `?:` branch)
    IF = 4
    ELIF = 5  # `elif`, `else if`: a hybrid increment, no nesting of its own
    ELSE = 6
    FOR = 7
    WHILE = 8  # `while` and `do … while`
    TRY = 9
    EXCEPT = 10  # `except`, `catch`
    MATCH = 11  # `match`, `switch`: one structural increment for the whole statement
    CASE = 12
    TERNARY = 13
    BOOL = 14  # one binary boolean operator (`and`, `&&`, `??`, …)
    DOCSTRING = 15
    IMPORT = 16
    DECORATED = 17  # a decorated function: its scope opens at the first decorator
    COMMENT = 18  # for front ends whose comments are blanked by range (`Language.uncomment`)
    JUMP = 19  # a jump to a label (`break outer`, `goto`): a flat cognitive increment
    DECISION = 20  # a branch McCabe counts and cognitive complexity does not (`?.`, `||=`)
    LOCAL = 21  # a name a function declares (parameter, variable): no member of the instance


GrammarLoader = Callable[[], Grammar]
"""Loads a front end's grammar the first time the front end parses or compiles a query."""


def load_grammar(module: str, function: str = "language") -> GrammarLoader:
    """A loader of the grammar a wheel's `module` returns from `function()`.

    The grammar's module is imported only when first needed: a warm scan, whose every blob
    is in the cache, parses nothing, and would otherwise import every compiled grammar.
    """

    def load() -> Grammar:
        return Grammar(getattr(importlib.import_module(module), function)())

    return load


Capture = tuple[int, int, NodeKind, Node]
"""A captured node as (start byte, end byte, kind, node); tuples keep the hot loop cheap."""


@dataclass(frozen=True, slots=True)
class Signature:
    """What the walker needs from a function's header."""

    name: str
    arguments: int
    receiver: str | None
    """The name members of the instance are reached through (`self`, `this`), for methods."""
    accessor: bool = False
    """Whether it is part of a property (C#'s `get`, Kotlin's `getter`, Swift's `willSet`),
    not a method: cohesion leaves it out, or a bag of properties would be one group each."""


class Language(Protocol):
    """One language's front end: its files, its grammar and the meaning of its node kinds."""

    name: str
    """The key of this front end (`python`, `tsx`): in cache keys and the registry."""
    language: str
    """The language reported for its files (`tsx` files are `typescript`)."""
    suffixes: tuple[str, ...]
    """File suffixes, lower case with the dot."""
    interpreters: tuple[bytes, ...]
    """Words that, in a `#!` line, name this language's interpreter."""
    grammar: str
    """The distribution that ships the grammar; its version is part of every cache key."""
    tests: tuple[str, ...]
    """Paths of test files by this language's conventions, in `.gitignore` syntax."""
    generated: tuple[str, ...]
    """Paths of generated or bundled files by convention, in `.gitignore` syntax."""
    words: Mapping[NodeKind, str]
    """How explanations name each increment's construct (`except`, `catch`, …)."""
    mccabe: frozenset[NodeKind]
    """Kinds that each add one decision to McCabe's cyclomatic complexity (a CASE adds one
    when `counts_as_case` says so)."""
    line_comment: bytes
    """What opens a comment to the end of the line (`#`, `//`): suppression comments use it."""
    constructors: frozenset[str]
    """Method names left out of cohesion because they touch every field."""
    coding_cookie: bool
    """Whether a PEP 263 coding cookie can declare the file's encoding."""
    by_pieces: bool
    """Whether versions of a file may be measured piece by piece (`code.incremental`)."""
    query_source: str
    """The tree-sitter query whose capture names are `NodeKind` members (docs/languages.md)."""
    ternary_nests_whole: bool
    """Whether a conditional expression nests all of itself (else only its branches, which the
    query captures as LAMBDA: SonarJS leaves the condition at the outer level)."""
    recursion: bool
    """Whether a function calling itself is a cognitive increment (SonarSource's rule)."""
    nested_functions_count_in: bool
    """Whether a function's complexity includes the functions nested in it (ruff and
    SonarPython count them in; lizard and eslint-plugin-sonarjs measure each on its own)."""
    nested_cyclomatic: bool
    """Where nested functions count in, whether their decisions do too (ruff's McCabe counts
    them; gocognit and SonarJava count a closure's cognitive complexity in the function
    holding it while lizard lists its decisions on their own)."""
    boolean_sequences: frozenset[str]
    """Boolean operators whose runs in a chain are cognitive increments."""

    def parse(self, source: bytes) -> Tree:
        """Parse UTF-8 source; never raises on syntax errors (they become ERROR nodes)."""
        ...

    def prepare(self) -> None:
        """Load the grammar and compile the query now (else on the first parse)."""
        ...

    def captures(self, tree: Tree) -> list[Capture]:
        """Every captured node sorted by start, enclosing nodes first."""
        ...

    def uncomment(self, source: bytes, comments: Sequence[tuple[int, int]]) -> bytes:
        """The source with comments blanked (newlines kept), given COMMENT capture ranges."""
        ...

    def signature(self, node: Node, *, is_method: bool) -> Signature:
        """Name, argument count and receiver of a function node."""
        ...

    def start_line(self, node: Node) -> int:
        """The 1-based line a function or class is reported at."""
        ...

    def class_name(self, node: Node) -> str:
        """The name of a class node."""
        ...

    def chain_parent(self, node: Node) -> Node | None:
        """The node a boolean operator is an operand of.

        Seen through grouping parentheses where the reference tool flattens them.
        """
        ...

    def guards_markup(self, node: Node) -> bool:
        """Whether a chain of boolean operators (given by its root) only guards markup."""
        ...

    def counts_as_case(self, node: Node) -> bool:
        """Whether a CASE capture adds a decision."""
        ...

    def is_wrapper(self, outer: Node, inner: Node) -> bool:
        """Whether `outer` only wraps `inner` (a decorator): no nesting level for `inner`."""
        ...

    def calls_itself(self, function: Node, source: bytes, name: str, receiver: str | None) -> bool:
        """Whether a function calls itself directly."""
        ...

    def fields(self, node: Node) -> frozenset[str] | None:
        """The instance fields a class declares, where members may be used by bare names.

        Java's `count` for `this.count`; None where members are reached only through the
        receiver (`self.`, `this.`, `$this->`). Cohesion reads them.
        """
        ...

    def reread(self, source: bytes) -> bytes | None:
        """Another reading of a file that does not parse, kept when it parses whole.

        It keeps every byte's offset (`preprocessor`): C# and Swift read the first branch of
        each `#if`; C and C++ blank the lines that hold only a macro's name
        (`FMT_BEGIN_NAMESPACE`). None where there is none.
        """
        ...

    def tolerates(self, node: Node) -> bool:
        """Whether a missing node is the language's convention, not a syntax error.

        C's and C++'s test macros (`TEST(suite, name) { … }`) read to the grammar as a call
        missing its `;` and a block; the front end measures the block as a function.
        """
        ...

    def types(self, tree: Tree) -> Mapping[str, tuple[int, int]] | None:
        """The types the file declares, where methods are declared apart from their type.

        Go's `func (c *T) m()`: each type with its first and last line. The methods a file
        declares for one type are then its class for cohesion. None where methods are
        declared inside their class.
        """
        ...


class QueryFrontEnd:
    """Parsing and capturing shared by front ends: one grammar, one query, loaded lazily.

    It also holds the answers most languages share, so a front end states only where its
    language differs.
    """

    interpreters: tuple[bytes, ...] = ()
    """No `#!` line names most compiled languages' interpreter."""
    coding_cookie = False
    """Only Python declares its encoding in a comment."""
    by_pieces = False
    """Only Python's versions are measured piece by piece (`code.incremental`)."""
    nested_functions_count_in = False
    """lizard and SonarSource's rules for most languages measure each function on its own."""
    ternary_nests_whole = True
    """The white paper's reading: a nested `?:` gains the nesting of its place."""
    line_comment = b"//"
    """What starts a line comment in the C family and most languages after it."""
    nested_cyclomatic = True
    """Nested functions that count in bring their decisions along (ruff's reading)."""
    boolean_sequences = frozenset({"&&", "||"})
    """The white paper: each run of like `&&` or `||` operators is one increment."""

    recursion = False
    """SonarSource's recursion increment, which most front ends leave out (their reference
    tools do)."""

    def guards_markup(self, node: Node) -> bool:
        """Whether a chain of boolean operators only guards markup: not in most languages."""
        return False

    def counts_as_case(self, node: Node) -> bool:
        """Whether a CASE capture adds a decision: each does (queries leave `default` out)."""
        return True

    def is_wrapper(self, outer: Node, inner: Node) -> bool:
        """Whether `outer` only wraps `inner` (a decorator): no, in most languages."""
        return False

    def calls_itself(self, function: Node, source: bytes, name: str, receiver: str | None) -> bool:
        """Whether a function calls itself; asked only where `recursion` is True."""
        return False

    def fields(self, node: Node) -> frozenset[str] | None:
        """None: in most languages a method reaches members through its receiver alone."""
        return None

    def types(self, tree: Tree) -> Mapping[str, tuple[int, int]] | None:
        """None: in most languages methods are declared inside their class."""
        return None

    def tolerates(self, node: Node) -> bool:
        """No: in most languages every missing node is a syntax error."""
        return False

    def start_line(self, node: Node) -> int:
        """The 1-based line a function or class is reported at: where its node starts."""
        return int(node.start_point.row) + 1

    def __init__(self, grammar: GrammarLoader | None, query: str) -> None:
        self._loader = grammar
        self._grammar: Grammar | None = None
        self.query_source = query
        self._parser: Parser | None = None
        self._query: Query | None = None

    def _load(self) -> Grammar:
        if self._grammar is None:
            if self._loader is None:
                raise RuntimeError("no grammar")
            self._grammar = self._loader()
        return self._grammar

    def parse(self, source: bytes) -> Tree:
        """Parse UTF-8 source; never raises on syntax errors (they become ERROR nodes).

        A file that ends without a newline is parsed as if it had one: a grammar may need the
        newline that ends a preprocessor line (C#'s last `#pragma` or `#endregion`), and would
        otherwise call the whole file broken. Every node before it keeps its place. A file
        that still does not parse is parsed again as the front end rereads it (`reread`),
        and that tree is kept when it parses whole.
        """
        parser = self._ready_parser()
        if source and not source.endswith(b"\n"):
            source += b"\n"
        tree = parse_within_budget(parser, source)
        if first_error_line(tree, self.tolerates) is None:
            return tree
        other = self.reread(source)
        if other is None or other == source:
            return tree
        # Only a reading that parses whole is worth what it leaves out.
        second = parse_within_budget(parser, other)
        return second if first_error_line(second, self.tolerates) is None else tree

    def reread(self, source: bytes) -> bytes | None:
        """None: most languages have no other reading of a file that does not parse."""
        return None

    def parse_once(self, source: bytes) -> Tree:
        """The grammar's own parse of `source`: no time budget and no second reading.

        What the grammar alone costs (the benchmarks' floor); analysis uses `parse`.
        """
        return self._ready_parser().parse(source)

    def prepare(self) -> None:
        """Load the grammar and compile the query now (else on the first parse).

        Compiling a query costs up to a quarter of a second (Swift's): a process that forks
        workers compiles the queries they will need first, so that it is done once, not in
        every worker.
        """
        self._ready_parser()
        self.query()

    def _ready_parser(self) -> Parser:
        """The parser of this front end's grammar (made once per process)."""
        if self._parser is None:
            self._parser = Parser(self._load())
        return self._parser

    def query(self) -> Query:
        """The compiled query (compiled once per process)."""
        if self._query is None:
            self._query = Query(self._load(), self.query_source)
        return self._query

    def captures(self, tree: Tree) -> list[Capture]:
        """Every captured node sorted by start, enclosing nodes first."""
        found: list[Capture] = []
        for name, nodes in QueryCursor(self.query()).captures(tree.root_node).items():
            if name.startswith("_"):
                continue  # a capture only a predicate reads (`(#eq? @_method "it")`)
            kind = NodeKind[name]
            found.extend((node.start_byte, node.end_byte, kind, node) for node in nodes)
        # Enclosing nodes first; a block and its only statement can share a range, and BLOCK
        # (0) sorts first there because it is the parent.
        found.sort(key=lambda item: (item[0], -item[1], item[2]))
        return found


class ParseTooSlowError(Exception):
    """A grammar that did not finish parsing a file within its time budget."""


PARSE_SECONDS = 5.0
"""CPU seconds a parse may take, and `PARSE_SECONDS_PER_MB` more per megabyte: grammars
parse real code at 10 to 30 MB a second, but a damaged file can send one's error recovery
round the same bytes for minutes (tree-sitter-kotlin on a test file with five bytes
flipped: over two minutes for 14 KB)."""
PARSE_SECONDS_PER_MB = 5.0
_CHUNK = 1 << 16


def parse_within_budget(parser: Parser, source: bytes) -> Tree:
    """Parse `source`, or raise `ParseTooSlowError` when the budget runs out.

    The parser reads the source through a callback, which tree-sitter calls however long
    it spends on a stretch of it: past the budget the callback ends the input, so the parse
    ends at once, and the file is given up rather than measured in part as if whole.
    """
    budget = PARSE_SECONDS + PARSE_SECONDS_PER_MB * len(source) / 1_000_000
    deadline = time.process_time() + budget
    stopped: list[int] = []

    def read(offset: int, _point: object) -> bytes:
        if stopped or time.process_time() > deadline:
            stopped.append(offset)
            return b""
        return source[offset : offset + _CHUNK]

    tree = parser.parse(read)
    if stopped or tree is None:
        parser.reset()  # the next file starts afresh, whatever state this one left
        at = stopped[0] if stopped else 0
        line = source.count(b"\n", 0, at) + 1
        raise ParseTooSlowError(
            f"the grammar did not finish parsing it in {budget:.0f} s of CPU"
            f" (stuck at line {line}); not analysed"
        )
    # A tree read through a callback has no source of its own: every `Node.text` would call
    # `read` again (35 times slower over a file's names). Parsing the bytes once more with the
    # finished tree as the old one reuses all of it (about 2 % of a parse) and keeps them.
    return parser.parse(source, old_tree=tree)


@cache
def grammar_version(distribution: str) -> str:
    """The installed version of a grammar's distribution ("unknown" when not installed).

    Every scan needs it (it is part of each cache key), and importing `importlib.metadata`
    costs more CPU than the rest of a warm scan's start-up bar click: so the version is read
    from the name of the one `<name>-<version>.dist-info` folder a wheel installs, and only
    anything else (none, several, an egg) is asked of `importlib.metadata`.
    """
    versions = _installed_wheels().get(_wheel_name(distribution), [])
    if len(versions) == 1:
        return versions[0]
    from importlib import metadata  # noqa: PLC0415 - see above

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


_DIST_INFO = re.compile(r"(?P<name>[^-]+)-(?P<version>[^-]+)\.dist-info")


@cache
def _installed_wheels() -> dict[str, list[str]]:
    """Versions of each distribution installed as a wheel on `sys.path`, by wheel name."""
    found: dict[str, list[str]] = {}
    for entry in sys.path:
        folder = Path(entry)
        if not folder.is_absolute():
            continue  # the current folder may be the repository scanned
        try:
            names = [path.name for path in folder.iterdir()]
        except OSError:
            continue
        for name in names:
            if (matched := _DIST_INFO.fullmatch(name)) is not None:
                found.setdefault(_wheel_name(matched["name"]), []).append(matched["version"])
    return found


def _wheel_name(name: str) -> str:
    """A distribution's name as wheels spell it in folder names, compared case-blind."""
    return re.sub(r"[-_.]+", "_", name).lower()


def first_error_line(tree: Tree, tolerated: Callable[[Node], bool] | None = None) -> int | None:
    """Return the 1-based line of the first syntax error, or None when the file parsed fully.

    Missing nodes that `tolerated` accepts (`Language.tolerates`) are no error.
    """
    root = tree.root_node
    if not root.has_error:
        return None
    broken = _first_broken(root, tolerated or _none)
    return None if broken is None else broken.start_point.row + 1


def _none(node: Node) -> bool:
    return False


def _first_broken(root: Node, tolerated: Callable[[Node], bool]) -> Node | None:
    """The first ERROR or missing node below the root, in document order.

    The search starts below the root: a root that is itself an ERROR (PHP's, when the file
    cannot end well) says nothing of where. A missing token the cursor cannot reach (a
    zero-width one at the end of the file) is placed at the innermost node known to hold it;
    None when every error met was tolerated.
    """
    cursor = root.walk()
    holder: Node | None = root
    descended = cursor.goto_first_child()
    while descended and (node := cursor.node) is not None:
        if _broken(node, tolerated):
            return node
        if node.is_missing:
            holder = _unexplained(holder, node)
            descended = _next(cursor)
        elif node.has_error:
            holder = node
            descended = cursor.goto_first_child() or _next(cursor)
        else:
            descended = _next(cursor)
    return holder


def _broken(node: Node, tolerated: Callable[[Node], bool]) -> bool:
    """An ERROR node, or a missing one the language does not tolerate."""
    if node.is_error:
        return True
    return node.is_missing and not tolerated(node)


def _unexplained(holder: Node | None, missing: Node) -> Node | None:
    """The holder of an error, unless the tolerated missing node inside it explains it."""
    return None if holder is not None and _holds(holder, missing) else holder


def _holds(outer: Node, inner: Node) -> bool:
    return outer.start_byte <= inner.start_byte <= outer.end_byte


def _next(cursor: TreeCursor) -> bool:
    """Move to the next node after this one's subtree; False at the end of the tree."""
    while not cursor.goto_next_sibling():
        if not cursor.goto_parent():
            return False
    return True
