"""Cognitive complexity per the SonarSource specification, as SonarPython implements it.

The cases are the worked examples of G. Ann Campbell's white paper, translated to Python,
and edge cases of the Python translation. Every number was counted by hand: `# +N` comments
mark each increment as the outermost function sees it (nested functions' increments are
shifted by the nesting they sit at), and `test_increments_per_line` checks each comment
against `explain()`, so the comments are part of the test.
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter

import pytest

from codevitals.code.analyse import analyse, explain
from codevitals.model import FunctionMetrics

# Each case: source, and the expected value of each function by qualified name.
CASES: dict[str, tuple[str, dict[str, int]]] = {
    # White paper, sumOfPrimes: Java's `continue OUT` (+1) becomes Python's `for … else` (+1).
    "sum-of-primes": (
        """
        def sum_of_primes(maximum):
            total = 0
            for i in range(1, maximum + 1):  # +1
                for j in range(2, i):  # +2 (nesting 1)
                    if i % j == 0:  # +3 (nesting 2)
                        break
                else:  # +1
                    total += i
            return total
        """,
        {"sum_of_primes": 7},
    ),
    # White paper, getWords: a switch (here a match) is one increment however many cases.
    "get-words": (
        """
        def get_words(number):
            match number:  # +1
                case 1:
                    return "one"
                case 2:
                    return "a couple"
                case 3:
                    return "a few"
                case _:
                    return "lots"
        """,
        {"get_words": 1},
    ),
    # White paper, nesting example: try does not nest, catch does.
    "try-nesting": (
        """
        def my_method(condition1, condition2):
            try:
                if condition1:  # +1
                    for i in range(10):  # +2 (nesting 1)
                        while condition2:  # +3 (nesting 2)
                            pass
            except (TypeError, ValueError):  # +1
                if condition2:  # +2 (nesting 1)
                    pass
        """,
        {"my_method": 9},
    ),
    # White paper, a lambda raises the nesting of what it holds.
    "lambda-nesting": (
        """
        def my_method2(condition1):
            r = lambda: run() if condition1 else None  # +2 (nesting 1)
            return r
        """,
        {"my_method2": 2},
    ),
    # White paper, appendix C: overriddenSymbolFrom (SonarJava).
    "overridden-symbol-from": (
        """
        def overridden_symbol_from(self, class_type):
            if class_type.is_unknown():  # +1
                return UNKNOWN
            unknown_found = False
            for symbol in class_type.symbol.members.lookup(self.name):  # +1
                if symbol.is_kind(MTH) and not symbol.is_static():  # +2 (nesting 1) +1 and
                    if self.can_override(symbol):  # +3 (nesting 2)
                        overriding = self.check_overriding_parameters(symbol, class_type)
                        if overriding is None:  # +4 (nesting 3)
                            if not unknown_found:  # +5 (nesting 4)
                                unknown_found = True
                        elif overriding:  # +1
                            return symbol
            if unknown_found:  # +1
                return UNKNOWN
            return None
        """,
        {"overridden_symbol_from": 19},
    ),
    # White paper, appendix C: addVersion (Persistit); `synchronized` becomes `with`.
    "add-version": (
        """
        def add_version(self, entry, txn):
            ti = self.persistit.transaction_index
            while True:  # +1
                try:
                    with self.lock:
                        if self.first is not None:  # +2 (nesting 1)
                            if self.first.version > entry.version:  # +3 (nesting 2)
                                raise RollbackError
                            if txn.is_active:  # +3 (nesting 2)
                                for e in versions(self.first):  # +4 (nesting 3)
                                    depends = ti.ww_dependency(e.version, txn.status, 0)
                                    if depends == TIMED_OUT:  # +5 (nesting 4)
                                        raise WWRetryError(e.version)
                                    if depends != 0 and depends != ABORTED:  # +5 (nesting 4) +1
                                        raise RollbackError
                        entry.previous = self.first
                        self.first = entry
                        break
                except WWRetryError as retry:  # +2 (nesting 1)
                    try:
                        depends = ti.ww_dependency(retry.version, txn.status, MAX_WAIT)
                        if depends != 0 and depends != ABORTED:  # +3 (nesting 2) +1
                            raise RollbackError
                    except InterruptedError as error:  # +3 (nesting 2)
                        raise PersistitInterruptedError from error
                except InterruptedError as error:  # +2 (nesting 1)
                    raise PersistitInterruptedError from error
        """,
        {"add_version": 35},
    ),
    # White paper, appendix C: toRegexp (SonarQube).
    "to-regexp": (
        """
        def to_regexp(pattern, separator):
            escaped = BACKSLASH + separator
            parts = ["^"]
            i = 1 if pattern.startswith("/") or pattern.startswith(BACKSLASH) else 0  # +1 +1
            while i < len(pattern):  # +1
                ch = pattern[i]
                if ch in SPECIAL_CHARS:  # +2 (nesting 1)
                    parts.append(BACKSLASH + ch)
                elif ch == "*":  # +1
                    if i + 1 < len(pattern) and pattern[i + 1] == "*":  # +3 (nesting 2) +1
                        if i + 2 < len(pattern) and is_slash(pattern[i + 2]):  # +4 (nesting 3) +1
                            parts.append("(?:.*" + escaped + "|)")
                            i += 2
                        else:  # +1
                            parts.append(".*")
                            i += 1
                    else:  # +1
                        parts.append("[^" + escaped + "]*?")
                elif ch == "?":  # +1
                    parts.append("[^" + escaped + "]")
                elif is_slash(ch):  # +1
                    parts.append(escaped)
                else:  # +1
                    parts.append(ch)
                i += 1
            parts.append("$")
            return "".join(parts)
        """,
        {"to_regexp": 20},
    ),
    # White paper, sequences of like operators: and, and | or, or | and.
    "boolean-sequences": (
        """
        def sequences(a, b, c, d, e, f):
            if a and b and c or d or e and f:  # +1 if +3 sequences
                return 1
            if a and not (b and c):  # +1 if +1 and +1 and (`not (…)` starts anew)
                return 2
            return 0
        """,
        {"sequences": 7},
    ),
    "elif-chain": (
        """
        def classify(n):
            if n < 0:  # +1
                return "negative"
            elif n == 0:  # +1
                return "zero"
            elif n < 10:  # +1
                if n % 2:  # +2 (nesting 1: the elif block)
                    return "small odd"
                return "small"
            else:  # +1
                return "large"
        """,
        {"classify": 6},
    ),
    "else-of-loops": (
        """
        def search(items, target):
            for item in items:  # +1
                if item == target:  # +2 (nesting 1)
                    break
            else:  # +1
                if target is None:  # +2 (nesting 1: the else block nests)
                    return None
            while items:  # +1
                items = items[1:]
            else:  # +1
                pass
        """,
        {"search": 8},
    ),
    "try-except-else-finally": (
        """
        def load(a, b, c, d):
            try:
                if a:  # +1 (a try body does not nest)
                    pass
            except OSError:  # +1
                if b:  # +2 (nesting 1)
                    pass
            else:  # +1
                if c:  # +2 (nesting 1)
                    pass
            finally:
                if d:  # +1 (finally does not nest)
                    pass
        """,
        {"load": 8},
    ),
    "with-does-not-nest": (
        """
        def read(path):
            with open(path) as handle:
                if handle:  # +1
                    return handle.read()
            return None
        """,
        {"read": 1},
    ),
    "conditional-expressions": (
        """
        def pick(a, b, c, d, e):
            x = a if b else (c if d else e)  # +1 +2 (nesting 1 in the first)
            if (a if b else c):  # +1 if +1 (a condition is not in the if's block)
                return x
            return None
        """,
        {"pick": 5},
    ),
    "comprehensions": (
        """
        def summarize(rows):
            names = [row.name for row in rows if row.visible and row.name]  # +1 and
            sizes = {row.name: row.size if row.size else 0 for row in rows}  # +1 (no nesting)
            return names, sizes, any(row for row in rows if row)
        """,
        {"summarize": 2},
    ),
    "lambdas": (
        """
        def lambdas(items, key):
            by_key = lambda item: item[key] if key else item  # +2 (nesting 1)
            both = lambda a, b: a and b  # +1 (sequences ignore nesting)
            deeper = lambda: lambda: 1 if key else 0  # +3 (nesting 2)
            chosen = (lambda: 1) if key else (lambda: 2 if items else 3)  # +1 +3 (nesting 2)
            return sorted(items, key=by_key), both, deeper, chosen
        """,
        {"lambdas": 10},
    ),
    "match": (
        """
        def dispatch(command, directions):
            match command:  # +1
                case ["go", direction] if direction in directions or direction == "up":  # +1 or
                    if direction == "back":  # +2 (nesting 1: the case block)
                        return None
                    return direction
                case ["quit"]:
                    return None
                case _:
                    return "unknown" if command else None  # +2 (nesting 1)
        """,
        {"dispatch": 6},
    ),
    "match-in-loop": (
        """
        def run(commands):
            for command in commands:  # +1
                match command:  # +2 (nesting 1)
                    case "stop":
                        if commands:  # +3 (nesting 2)
                            break
        """,
        {"run": 6},
    ),
    "nested-functions": (
        """
        def outer(items):
            if items:  # +1
                def inner(item):
                    if item:  # +3 (nesting 2: the if block and the def; inner alone 1)
                        return item
                    return None
                return inner
            def sibling():
                return 1 if items else 0  # +2 (nesting 1: the def; sibling alone 1)
            return sibling
        """,
        {"outer": 6, "outer.inner": 1, "outer.sibling": 1},
    ),
    "nested-function-in-method": (
        """
        class Service:
            def run(self, jobs):
                def check(job):
                    return job.ok if job else False  # +2 (nesting 1; check alone 1)
                for job in jobs:  # +1
                    if check(job):  # +2 (nesting 1)
                        job.start()
        """,
        {"Service.run": 5, "Service.run.check": 1},
    ),
    "decorator-wrapper": (
        """
        def logged(func):
            @functools.wraps(func)
            def wrapper(*args):
                if args:  # +1 (a bare wrapper adds no nesting)
                    log(args)
                return func(*args)
            return wrapper
        """,
        {"logged": 1, "logged.wrapper": 1},
    ),
    "decorator-factory": (
        """
        def retry(times):
            def decorate(func):
                def wrapper(*args):
                    for attempt in range(times):  # +1 (wrappers all the way down)
                        if attempt:  # +2 (nesting 1)
                            log(attempt)
                    return func(*args)
                return wrapper
            return decorate
        """,
        {"retry": 3, "retry.decorate": 3, "retry.decorate.wrapper": 3},
    ),
    "not-a-wrapper": (
        """
        def maybe_logged(func, enabled):
            def wrapper(*args):
                if args:  # +2 (nesting 1: the outer function does more than return it)
                    log(args)
                return func(*args)
            return wrapper if enabled else func  # +1
        """,
        {"maybe_logged": 3, "maybe_logged.wrapper": 1},
    ),
    "class-inside-function": (
        """
        def make_handler(flag):
            if flag:  # +1
                class Handler:
                    mode = "a" if flag else "b"  # +1 (a class resets nesting to 0)
                    def handle(self, event):
                        if event:  # +1 (and so do its methods)
                            return event
                        return None
                return Handler
            return None
        """,
        {"make_handler": 3, "make_handler.Handler.handle": 1},
    ),
    "recursive-function": (
        """
        def fib(n):  # +1 recursion, once however many calls
            return fib(n - 1) + fib(n - 2) if n > 1 else n  # +1
        """,
        {"fib": 2},
    ),
    "recursive-nested-function": (
        """
        def flatten(items):
            def walk(item):  # +1 recursion
                if isinstance(item, list):  # +2 (nesting 1; walk alone 1)
                    for sub in item:  # +3 (nesting 2; walk alone 2)
                        yield from walk(sub)
                else:  # +1
                    yield item
            return list(walk(items))
        """,
        {"flatten": 7, "flatten.walk": 5},
    ),
    "recursive-methods": (
        """
        class Tree:
            def total(self, node):  # +1 recursion through self
                return node.value + sum(self.total(child) for child in node.children)

            @classmethod
            def build(cls, depth):  # +1 recursion through cls
                return cls() if depth == 0 else cls.build(depth - 1)  # +1

            def render(self, other):
                return other.render(self)  # another object's method: no recursion

            def close(self):
                close(self)  # the module-level function, not this method

            def describe(self):
                return "self.describe()"  # self.describe() in a string or comment is no call

        def total(node):
            return node.total()  # a method of the same name, not this function
        """,
        {
            "Tree.total": 1,
            "Tree.build": 2,
            "Tree.render": 0,
            "Tree.close": 0,
            "Tree.describe": 0,
            "total": 0,
        },
    ),
    "typed-receiver": (
        """
        class Chain:
            def last(self: Chain) -> Chain:  # +1 recursion through an annotated self
                return self.last() if self.next else self  # +1
        """,
        {"Chain.last": 2},
    ),
}

# A condition alone in `return`: one increment per run of like operators, read in order.
BOOLEANS = {
    "a and b": 1,
    "a and b and c": 1,  # and
    "a and b or c and d": 3,  # and | or | and
    "a or b and c or d": 3,  # or | and | or: (a or (b and c)) or d flattens in order
    "a or b or c and d and e": 2,  # or or | and and
    "(a and b) and c": 2,  # parentheses start a new sequence
    "a and (b and c)": 2,
    "not (a and b) or c": 2,  # or | and (inside `not`)
    "a and not b and c": 1,  # `not b` is an operand, no operator of its own
    "a and (b or c)": 2,
    "a == b": 0,
}


def functions(source: str) -> tuple[FunctionMetrics, ...]:
    metrics = analyse(textwrap.dedent(source).encode(), max_size=10**7).metrics
    assert metrics is not None
    return metrics.functions


def annotated(source: str) -> Counter[int]:
    """Points written as `+N` in each line's comment, by line number."""
    points: Counter[int] = Counter()
    for number, line in enumerate(source.splitlines(), start=1):
        _, hash_mark, comment = line.partition("  # ")
        if hash_mark:
            points[number] += sum(int(value) for value in re.findall(r"\+(\d+)", comment))
    return +points


@pytest.mark.parametrize("case", sorted(CASES))
def test_totals(case: str) -> None:
    source, expected = CASES[case]
    assert {f.qualified_name: f.cognitive for f in functions(source)} == expected


@pytest.mark.parametrize("case", sorted(CASES))
def test_increments_per_line(case: str) -> None:
    source = textwrap.dedent(CASES[case][0])
    increments = explain(source.encode())
    seen: Counter[int] = Counter()
    for function in functions(source):
        if not function.nested:  # an outer function already holds its nested ones' increments
            for increment in increments[(function.qualified_name, function.line)]:
                seen[increment.line] += increment.points
    assert +seen == annotated(source)


@pytest.mark.parametrize("case", sorted(CASES))
def test_explain_adds_up_to_the_total(case: str) -> None:
    source = CASES[case][0]
    increments = explain(textwrap.dedent(source).encode())
    for function in functions(source):
        points = [inc.points for inc in increments[(function.qualified_name, function.line)]]
        assert sum(points) == function.cognitive, function.qualified_name


@pytest.mark.parametrize(("expression", "expected"), sorted(BOOLEANS.items()))
def test_boolean_sequences(expression: str, expected: int) -> None:
    (function,) = functions(f"def f(a, b, c, d, e):\n    return {expression}\n")
    assert function.cognitive == expected


def test_explain_names_each_increment() -> None:
    increments = explain(textwrap.dedent(CASES["sum-of-primes"][0]).encode())
    found = [(inc.line, inc.points, inc.reason) for inc in increments[("sum_of_primes", 2)]]
    assert found == [(4, 1, "for"), (5, 2, "for"), (6, 3, "if"), (8, 1, "else")]


def test_explain_shifts_nested_increments_into_the_outer_function() -> None:
    increments = explain(textwrap.dedent(CASES["nested-functions"][0]).encode())
    outer = [(inc.line, inc.points) for inc in increments[("outer", 2)]]
    inner = [(inc.line, inc.points) for inc in increments[("outer.inner", 4)]]
    assert outer == [(3, 1), (5, 3), (10, 2)]
    assert inner == [(5, 1)]


def test_decorator_expressions_count_in_the_decorated_function() -> None:
    source = "@skip_if(a and b)\ndef test():\n    pass\n"  # +1 and, as SonarPython counts
    assert only_function(source).cognitive == 1


def only_function(source: str) -> FunctionMetrics:
    (function,) = functions(source)
    return function


def test_module_level_code_belongs_to_no_function() -> None:
    source = "if a:\n    pass\nelif b:\n    pass\nx = a and b\n"
    assert functions(source) == ()
    assert explain(source.encode()) == {}
