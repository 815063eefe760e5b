"""Analysing versions piece by piece gives exactly what analysing each file whole gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from codevitals.code import analyse, incremental
from codevitals.parse.base import Language
from codevitals.parse.python import PYTHON

MAX = 1_000_000
REPOSITORY = Path(__file__).resolve().parents[2]


def by_pieces(source: bytes) -> analyse.Analysis:
    return analyse.decode(incremental.analyse_encoded(source, max_size=MAX))


def assert_same(source: bytes) -> None:
    assert by_pieces(source) == analyse.analyse(source, max_size=MAX)


CLASS = b'''"""A module."""

import os


class Account(Base):
    """An account.

    class defined here is prose in a docstring, at the body's indentation.
    def neither is this
    """

    rate = 0.1

    def __init__(self, owner):
        self.owner = owner
        self.balance = 0

    @property
    def label(self):
        return self.owner.upper() if self.owner else ""

    @decorate(
        "many lines",
    )
    def deposit(self, amount):
        if amount > 0 and amount < 100 or amount == 7:
            self.balance += amount
        for _ in range(3):
            while amount:
                amount -= 1
        return self.balance

# a comment at the margin, between members
    async def fetch(self):
        def inner():
            return self.balance
        return inner()

    class Meta:
        ordering = ["owner"]

        def describe(self):
            return self.ordering

    lookup = lambda self: self.rate


TOTAL = Account(None).rate


def helper(a, b, c, d, e, f):
    try:
        return a
    except ValueError:
        return b
    else:
        return c
'''


CASES = {
    "class cut into members": CLASS,
    "CRLF": CLASS.replace(b"\n", b"\r\n"),
    "no newline at the end": CLASS.rstrip(b"\n"),
    "tabs": CLASS.replace(b"    ", b"\t"),
    "two spaces": CLASS.replace(b"    ", b"  "),
    "definition at the margin inside a string": (
        b'X = """\ndef not_code():\n    pass\n"""\n\n\ndef real():\n    return X\n'
    ),
    "class header over lines": (
        b"class A(\n    Base,\n):\n    x = 1\n\n    def m(self):\n        return self.x\n"
    ),
    "member on the first body line": (
        b"class A:\n    def m(self):\n        return 1\n\n"
        b"    def n(self):\n        return self.m()\n"
    ),
    "one-line classes": b"class A: pass\nclass B: x = 1\n",
    "indented definitions after a class": (
        b"class A:\n    def m(self):\n        return 1\n\n"
        b"if TYPE_CHECKING:\n    def m(self):\n        pass\n"
    ),
    "syntax error in a member": (
        b"class A:\n    x = 1\n\n    def m(self):\n        return (1,\n\n"
        b"    def n(self):\n        pass\n"
    ),
    "form feed": b"def f():\n    pass\n\f\ndef g():\n    return 1\n",
    "latin-1": (
        b"# -*- coding: latin-1 -*-\ndef f():\n    return '\xe9'\n\n\ndef g():\n    pass\n"
    ),
    "empty": b"",
    "comment only": b"# only a comment\n",
    "decorated class and member": (
        b"@first\n@second(\n    1,\n)\nclass A:\n    y = 2\n\n"
        b"    @staticmethod\n    def s():\n        return 2\n"
    ),
}


@pytest.mark.parametrize("source", CASES.values(), ids=CASES.keys())
def test_pieces_add_up_to_the_whole_file(source: bytes) -> None:
    assert_same(source)


def test_the_project_own_files_add_up() -> None:
    files = sorted((REPOSITORY / "src").rglob("*.py")) + sorted(
        (REPOSITORY / "tests").rglob("*.py")
    )
    assert len(files) > 100
    for path in files:
        source = path.read_bytes()
        assert by_pieces(source) == analyse.analyse(source, max_size=MAX), path


def test_cohesion_joins_methods_measured_in_different_pieces() -> None:
    source = (
        b"class A:\n    x = 0\n\n    def a(self):\n        return self.shared + self.p\n\n"
        b"    def b(self):\n        return self.other + self.q\n\n"
        b"    def c(self):\n        return self.shared + self.other\n\n"
        b"    def d(self):\n        return self.alone + self.r\n"
    )
    metrics = by_pieces(source).metrics
    assert metrics is not None
    assert metrics.classes[0].cohesion == (("a", "b", "c"), ("d",))
    assert_same(source)


def test_a_new_version_measures_only_the_pieces_that_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(incremental, "_memo", {})
    measured: list[bytes] = []
    real = analyse.measure

    def counting(text: bytes, language: Language = PYTHON) -> analyse.Measured:
        measured.append(text)
        return real(text, language)

    monkeypatch.setattr(analyse, "measure", counting)
    by_pieces(CLASS)
    first = len(measured)
    assert first > 5  # header, several members, the module's own segments
    changed = CLASS.replace(b"return inner()", b"return inner() + 1")
    assert by_pieces(changed) == analyse.analyse(changed, max_size=MAX)
    new = measured[first:]
    assert len(new) == 2  # the changed member; then the whole file, as the reference
    assert new[0].startswith(b"class Account:\n    async def fetch")


def test_skipped_files_are_skipped_alike() -> None:
    binary = b"\0" * 100
    assert by_pieces(binary) == analyse.analyse(binary, max_size=MAX)
    assert by_pieces(binary).skip_reason == "binary"


@pytest.mark.parametrize("wrapped_first", [True, False])
def test_a_member_with_the_bytes_of_a_small_class_is_not_taken_for_it(
    monkeypatch: pytest.MonkeyPatch, *, wrapped_first: bool
) -> None:
    monkeypatch.setattr(incremental, "_memo", {})
    # The member piece of `cut`, in its wrapper, has the very bytes of the last segment of
    # `whole`; only in `cut` is the class line not the file's own.
    cut = b"class A:\n    x = 1\n\n    def m(self):\n        return 1\n"
    whole = b"import os\n\n\nclass A:\n    def m(self):\n        return 1\n"
    for source in (cut, whole) if wrapped_first else (whole, cut):
        assert_same(source)


def test_a_line_dedented_to_no_enclosing_level_reads_as_in_the_whole_file() -> None:
    # Python rejects the class line indented by one space; tree-sitter reads it as a class of
    # its own in the whole file, and as nested in the class above in that class's piece.
    source = (
        b"class A(Base):\n    def m(self, name):\n        print(1)\n\n"
        b" class B(metaclass=Meta):\n    def n(self, name):\n        print(2)\n\n"
        b"import abc\nclass C:\n    def o(self):\n        pass\n"
    )
    assert_same(source)
