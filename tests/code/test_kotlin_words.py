"""Kotlin names the grammar takes for keywords: respelled in place for a second reading."""

from __future__ import annotations

import pytest

from codevitals.code.analyse import analyse
from codevitals.parse import registry
from codevitals.parse.base import first_error_line
from codevitals.parse.kotlin_words import respell_keywords

MAX = 1 << 20
KOTLIN = registry.get("kotlin")


@pytest.mark.parametrize(
    ("line", "respelled"),
    [
        (b"open = isOpen", b"opeN = isOpen"),
        (b"set = set or bit", b"seT = set or bit"),
        (b"CloseGuard().apply { open(closer) }", b"CloseGuard().apply { opeN(closer) }"),
        (b"in1.skip(3)", b"iN1.skip(3)"),
        (b"as_x += 1", b"aS_x += 1"),
        (b"val lambda = suspend { 42 }", b"val lambda = suspenD { 42 }"),
        (b"private var size: Int", b"private var size: Int"),
        (b"override fun open(x: Int) = x", b"override fun open(x: Int) = x"),
        (b"fun <T> Foo<T>.final(): T = t", b"fun <T> Foo<T>.final(): T = t"),
        (b"x.open = socket.internal", b"x.open = socket.internal"),
        (b"var p: Int = 0\n    private set", b"var p: Int = 0\n    private set"),
        (b"get() = field", b"get() = field"),
        (b"val x by lazy { 1 }", b"val x by lazy { 1 }"),
        (
            b"fun f(block: suspend (Int) -> Unit) = block",
            b"fun f(block: suspend (Int) -> Unit) = block",
        ),
        (
            b'log("open = $open, in1 = ${in1.size}") // open = 1',
            b'log("open = $open, in1 = ${iN1.size}") // open = 1',
        ),
        (b'x = """open(1) ${ "a" + open() } """', b'x = """open(1) ${ "a" + opeN() } """'),
        (
            b"/* open = 1 /* in1 = 2 */ open(3) */ open(4)",
            b"/* open = 1 /* in1 = 2 */ open(3) */ opeN(4)",
        ),
        (b"c = '\"'; open(1)", b"c = '\"'; opeN(1)"),
        (b"f1.zip(f2, String?::plus)", b"f1.zip(f2, String ::plus)"),
        (b'name == $$"Executors$Delegated"', b'name ==   "Executors$Delegated"'),
        (b'"a?::b $$x"', b'"a?::b $$x"'),
    ],
)
def test_names_read_as_keywords_are_respelled_in_code_alone(line: bytes, respelled: bytes) -> None:
    assert respell_keywords(line) == respelled


def test_a_string_left_open_ends_at_its_line() -> None:
    assert respell_keywords(b'x = "open(\nopen(1)\n') == b'x = "open(\nopeN(1)\n'


def test_a_file_that_parses_only_respelled_is_measured_to_its_end() -> None:
    # okhttp's Http2Stream: `open` as a name at a statement's start once broke the parse,
    # and every function after it went unmeasured.
    source = b"""class Stream {
  private var isOpen = false

  fun receive(inFinished: Boolean) {
    val open: Boolean
    synchronized(this) {
      open = isOpen
    }
    if (!open) {
      close()
    }
  }

  fun close() {
    if (isOpen && in1.skip()) {
      isOpen = false
    }
  }
}
"""
    assert KOTLIN.parse(source).root_node.has_error is False
    metrics = analyse(source, max_size=MAX, language=KOTLIN).metrics
    assert metrics is not None
    assert metrics.syntax_error_line is None
    assert [(f.qualified_name, f.line, f.cyclomatic) for f in metrics.functions] == [
        ("Stream.receive", 4, 2),
        ("Stream.close", 14, 3),
    ]


def test_a_file_that_parses_keeps_its_own_spelling() -> None:
    source = b"class A {\n  val open: Boolean = true\n  fun f() = open\n}\n"
    assert respell_keywords(source) != source
    tree = KOTLIN.parse(source)
    assert tree.root_node.has_error is False
    assert tree.root_node.text == source


def test_a_file_still_broken_when_respelled_is_read_as_it_is() -> None:
    source = b"fun f() {\n  open = 1\n  val x = )\n}\n"
    assert KOTLIN.parse(source).root_node.text == source
    metrics = analyse(source, max_size=MAX, language=KOTLIN).metrics
    assert metrics is not None
    assert metrics.syntax_error_line is not None


@pytest.mark.parametrize(
    "source",
    [
        # kotlinx.coroutines' DebugProbes: an annotated setter, once the end of its measures.
        b"object O {\n    var x: Boolean\n        get() = y\n"
        b'        @Suppress("INVISIBLE_SETTER") // required in k2\n'
        b"        set(value) {\n            y = value\n        }\n}\n",
        # reactive's IntegrationTest: enum entries whose bodies close on the function's line.
        b"enum class Ctx {\n    MAIN { override fun invoke(c: Int): Int = c },\n"
        b"    DEFAULT { override fun invoke(c: Int): Int = c + 1 };\n"
        b"    abstract operator fun invoke(c: Int): Int\n}\n",
        # its FieldWalker: a multi-dollar string holding a `$`.
        b'fun f(a: Any) = when {\n    a == $$"java.util.Executors$Delegated" -> 1\n'
        b"    else -> 2\n}\n",
    ],
)
def test_a_kotlin_file_the_grammar_breaks_on_parses_whole_once_reread(source: bytes) -> None:
    kotlin = registry.get("kotlin")
    assert first_error_line(kotlin.parse(source)) is None
    assert len(respell_keywords(source)) == len(source)


OBJECT = b"val x = object : I { override fun f() = 1 }"
NESTED = b"val f = { fun g() = listOf(1).map { it } }"


@pytest.mark.parametrize(
    ("source", "reread"),
    [
        (OBJECT, OBJECT.replace(b"1 }", b"1;}")),
        (b'val s = "${ fun() = 1 }"', b'val s = "${ fun() = 1 }"'),  # a template's end
        (NESTED, NESTED),  # braces between: not one expression body on the line
    ],
)
def test_a_block_closed_after_an_expression_body_gets_its_semicolon(
    source: bytes, reread: bytes
) -> None:
    assert respell_keywords(source) == reread
