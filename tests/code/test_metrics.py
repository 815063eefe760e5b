"""Per-function and per-class measures besides complexity: nesting, bumps, conditions,
arguments, code lines, names and cohesion."""

from __future__ import annotations

import textwrap

import pytest

from codevitals.code.analyse import analyse
from codevitals.model import Bump, ClassMetrics, Condition, FileMetrics, FunctionMetrics


def metrics(source: str) -> FileMetrics:
    result = analyse(textwrap.dedent(source).encode(), max_size=10**7).metrics
    assert result is not None
    return result


def by_name(source: str) -> dict[str, FunctionMetrics]:
    return {f.qualified_name: f for f in metrics(source).functions}


def only(source: str) -> FunctionMetrics:
    (function,) = metrics(source).functions
    return function


def classes(source: str) -> dict[str, ClassMetrics]:
    return {c.qualified_name: c for c in metrics(source).classes}


# -- nesting depth -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "depth"),
    [
        ("return 1", 0),
        ("if a:\n    pass", 1),
        ("for x in a:\n    while x:\n        if x:\n            pass", 3),
        ("if a:\n    pass\nelif b:\n    if c:\n        pass", 2),  # an elif block is not deeper
        ("if a:\n    pass\nelse:\n    if c:\n        pass", 2),
        ("for x in a:\n    pass\nelse:\n    if c:\n        pass", 2),
        ("try:\n    if a:\n        pass\nexcept E:\n    pass", 1),  # a try body is no block
        ("try:\n    pass\nexcept E:\n    if a:\n        pass", 2),
        ("try:\n    pass\nfinally:\n    if a:\n        pass", 1),
        ("with a:\n    if b:\n        pass", 1),  # nor is a with body
        ("match a:\n    case 1:\n        if b:\n            pass", 2),  # case blocks are
        ("x = [1 if a else 2 for b in a if b]", 0),  # expressions are no blocks
        ("f = lambda: a and b", 0),
    ],
)
def test_nesting_depth(body: str, depth: int) -> None:
    source = "def f(a, b, c):\n" + textwrap.indent(body, "    ") + "\n"
    assert only(source).nesting == depth


def test_nested_functions_deepen_the_outer_one_without_a_level_of_their_own() -> None:
    functions = by_name(
        """
        def outer(a):
            if a:
                def inner(c):
                    while c:
                        if c:
                            pass
                return inner
        """
    )
    assert functions["outer"].nesting == 3  # if > (def) > while > if
    assert functions["outer.inner"].nesting == 2


# -- bumps -----------------------------------------------------------------------------------


def test_bumps_are_top_level_statements_whose_blocks_nest_twice() -> None:
    function = only(
        """
        def bumpy(a, b, c):
            if a:
                if b:
                    pass
            for x in a:
                pass
            while b:
                for y in b:
                    if y:
                        pass
            try:
                pass
            except ValueError:
                if a:
                    pass
            match a:
                case 1:
                    if b:
                        pass
            with a:
                for z in b:
                    if z:
                        pass
        """
    )
    # The `for` at line 6 nests once only: no bump. A `with` is no block, so the bump inside
    # it starts at its `for`.
    assert function.bumps == (Bump(3, 2), Bump(8, 3), Bump(12, 2), Bump(17, 2), Bump(22, 2))


def test_an_if_chain_is_one_bump_at_its_deepest() -> None:
    function = only(
        """
        def chain(a, b, c):
            if a:
                pass
            elif b:
                for x in b:
                    pass
            else:
                if c:
                    while c:
                        pass
        """
    )
    assert function.bumps == (Bump(3, 3),)


def test_shallow_function_has_no_bumps() -> None:
    function = only("def f(a):\n    if a:\n        pass\n    for x in a:\n        pass\n")
    assert function.bumps == ()


# -- conditions ------------------------------------------------------------------------------


def test_conditions_count_the_boolean_operators_of_if_elif_and_while() -> None:
    functions = by_name(
        """
        def f(a, b, c):
            if a and b or c:
                pass
            elif a and not (b or c):
                pass
            while a or b:
                pass
            if a:
                pass
            x = a and b and c
            y = 1 if a and b else 2
            assert a and b
            def g():
                if a and b:
                    pass
        """
    )
    assert functions["f"].conditions == (Condition(3, 2), Condition(5, 2), Condition(7, 1))
    assert functions["f.g"].conditions == (Condition(15, 1),)  # not also charged to `f`


def test_condition_spanning_lines_is_reported_at_its_statement() -> None:
    function = only(
        "def f(a, b, c):\n    if (a\n            and b\n            and c):\n        pass\n"
    )
    assert function.conditions == (Condition(2, 2),)


# -- arguments -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("definition", "arguments"),
    [
        ("def f(): pass", 0),
        ("def f(a, b=1, *args, c, d=2, **kwargs): pass", 6),  # *args and **kwargs count
        ("def f(a, /, b, *, c): pass", 3),  # the `/` and `*` markers do not
        ("def f(a: int, b: str = '', *args: int, **kw: str): pass", 4),
        ("def f(self, a): pass", 2),  # a function's `self` is an ordinary argument
        ("class C:\n    def m(self): pass", 0),
        ("class C:\n    def m(self, a, *, b): pass", 2),
        ("class C:\n    def m(self: 'C', a: int): pass", 1),  # an annotated receiver
        ("class C:\n    @classmethod\n    def m(cls, a): pass", 1),
        ("class C:\n    @staticmethod\n    def m(a, b): pass", 2),  # no receiver to drop
        ("class C:\n    @functools.cache\n    @staticmethod\n    def m(a): pass", 1),
        ("class C:\n    def m(*args): pass", 1),  # nothing bound to drop
        ("class C:\n    def m(self, a):\n        def inner(self, b): pass", 2),
    ],
)
def test_arguments(definition: str, arguments: int) -> None:
    # The innermost definition is the last function in source order.
    assert metrics(definition + "\n").functions[-1].arguments == arguments


# -- lines -----------------------------------------------------------------------------------


def test_code_lines_leave_out_blank_comment_and_docstring_lines() -> None:
    file = metrics(
        '''
        """Module docstring."""

        # a comment


        def documented(a):
            # a comment before the docstring
            """A docstring
            over two lines."""

            x = 1  # a trailing comment is still code

            # a comment
            return (x +
                    a)


        def not_a_docstring():
            value = 1
            """A string after the first statement is code."""
            return value
        '''
    )
    documented, other = file.functions
    assert (documented.lines, documented.code_lines) == (10, 4)  # def, x, return, its tail
    assert (other.lines, other.code_lines) == (4, 4)
    assert (file.lines, file.code_lines) == (22, 8)  # the module docstring is no code either


def test_module_docstring_after_a_header_comment_is_no_code() -> None:
    file = metrics('#!/usr/bin/env python\n"""Module\ndocstring."""\nx = 1\n')
    assert file.code_lines == 1


def test_decorated_function_starts_at_its_def() -> None:
    function = only("@decorator\n@another(1)\ndef f():\n    return 1\n")
    assert (function.line, function.end_line, function.lines) == (3, 4, 2)


# -- names -----------------------------------------------------------------------------------


def test_qualified_names_and_nested_flags() -> None:
    functions = by_name(
        """
        def top():
            def helper():
                def deepest():
                    pass
            class Local:
                def method(self):
                    pass

        class Outer:
            def method(self):
                def helper():
                    pass
            class Inner:
                async def method(self):
                    pass
        """
    )
    nested = {name: function.nested for name, function in functions.items()}
    assert nested == {
        "top": False,
        "top.helper": True,
        "top.helper.deepest": True,
        "top.Local.method": True,  # inside a function, whose metrics include it
        "Outer.method": False,
        "Outer.method.helper": True,
        "Outer.Inner.method": False,  # classes in classes hold ordinary methods
    }
    assert functions["Outer.Inner.method"].name == "method"


def test_class_qualified_names() -> None:
    source = "class A:\n    class B:\n        pass\ndef f():\n    class C:\n        pass\n"
    assert sorted(classes(source)) == ["A", "A.B", "f.C"]


# -- cohesion (LCOM4) ------------------------------------------------------------------------

ACCOUNT = """
class Account:
    def __init__(self, owner):
        self.balance = 0
        self.history = []
        self.owner = owner

    def deposit(self, amount):
        self.balance += amount
        self.record(amount)

    def record(self, amount):
        self.history.append(amount)
        self.records += 1

    def rename(self, owner):
        self.owner = owner
        self.renamed = True

    def greeting(self):
        return self.salutation + self.owner

    @property
    def name(self):
        return self.owner

    @staticmethod
    def validate(amount):
        return amount > 0

    def describe(self, text):
        return text.strip()
"""


def test_cohesion_groups_methods_linked_by_attributes_and_calls() -> None:
    account = classes(ACCOUNT)["Account"]
    # deposit calls self.record; rename and greeting share self.owner. __init__ touches every
    # attribute and would join all; validate and describe use no member, and name is an
    # accessor of self.owner: all four left out.
    assert account.cohesion == (("deposit", "record"), ("rename", "greeting"))
    assert account.methods == 8


def test_a_method_using_both_attributes_joins_the_groups() -> None:
    source = ACCOUNT + "\n    def statement(self):\n        return self.owner, self.history\n"
    assert classes(source)["Account"].cohesion == (
        ("deposit", "record", "rename", "greeting", "statement"),
    )


def test_cohesion_follows_the_receivers_name() -> None:
    source = """
    class Counter:
        @classmethod
        def make(cls):
            return cls.start + cls.origin

        def bump(this):
            this.value += this.step

        def reset(this):
            this.value = 0
            this.resets += 1

        def peek(self, other):
            return other.value
    """
    # make uses cls's members; bump and reset share this.value; peek uses no own member.
    assert classes(source)["Counter"].cohesion == (("make",), ("bump", "reset"))


def test_nested_classes_have_their_own_cohesion() -> None:
    source = """
    class Outer:
        def a(self):
            return self.x + self.y

        class Inner:
            def b(self):
                return self.x + self.y

            def c(self):
                return self.x * self.z
    """
    found = classes(source)
    assert found["Outer"].cohesion == (("a",),)
    assert found["Outer.Inner"].cohesion == (("b", "c"),)


def test_accessors_by_shape_are_left_out_and_calls_to_them_use_their_field() -> None:
    source = """
    class Registry:
        @property
        def size(self):
            return len(self._items)

        def before(self, f):
            self.before_funcs.append(f)

        def after(self, f):
            self.after_funcs.append(f)

        def add(self, item):
            self._items.append(item)
            self.changed = True

        def report(self):
            return f"{self.size} items, {self.changed}"
    """
    # size, before and after each use one attribute and call no method: without the rule,
    # before and after would each be a group of its own. report calls size: it uses _items.
    assert classes(source)["Registry"].cohesion == (("add", "report"),)
