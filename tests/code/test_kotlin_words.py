"""Kotlin names the grammar takes for keywords: respelled in place for a second reading."""

from __future__ import annotations

import time

import pytest

from codevitals.code.analyse import analyse
from codevitals.parse import registry
from codevitals.parse.base import first_error_line
from codevitals.parse.kotlin import KOTLIN
from codevitals.parse.kotlin_words import respell_keywords

MAX = 1 << 20


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


@pytest.mark.parametrize(
    ("line", "respelled"),
    [
        (b"acquire(w, suspend = { s -> add(s) })", b"acquire(w, suspenD = { s -> add(s) })"),
        (b"if (suspend(waiter)) return", b"if (suspenD(waiter)) return"),
        (b"fun f(suspend: Boolean) = suspend", b"fun f(suspenD: Boolean) = suspend"),
        (b"val t: suspend (Int) -> Unit = g", b"val t: suspend (Int) -> Unit = g"),
        (b"val t: suspend() -> Unit = g", b"val t: suspend() -> Unit = g"),
        (b"val t: suspend (A).() -> Unit = g", b"val t: suspend (A).() -> Unit = g"),
        (b"suspend fun f(x: Int) = x", b"suspend fun f(x: Int) = x"),
        (b"fun suspend(x: Int) = x", b"fun suspend(x: Int) = x"),
        (b"x.suspend(1)", b"x.suspend(1)"),
    ],
)
def test_suspend_is_respelled_where_it_names_a_value(line: bytes, respelled: bytes) -> None:
    assert respell_keywords(line) == respelled


def _measured(source: bytes) -> list[tuple[str, int, int]]:
    """The functions found in `source`, asserting it parses whole once reread."""
    assert len(respell_keywords(source)) == len(source)
    assert first_error_line(KOTLIN.parse(source)) is None
    metrics = analyse(source, max_size=MAX, language=KOTLIN).metrics
    assert metrics is not None
    assert metrics.syntax_error_line is None
    return [(f.qualified_name, f.line, f.cyclomatic) for f in metrics.functions]


def test_a_parameter_named_suspend_is_passed_by_name_and_called() -> None:
    source = b"""class Lock {
    fun acquire(w: Int, suspend: (Int) -> Boolean) {
        while (true) {
            if (suspend(w)) return
        }
    }

    fun tryAcquire(w: Int) = acquire(w, suspend = { s -> s > 0 && w > 0 })
}
"""
    assert first_error_line(KOTLIN.parse_once(source)) is not None
    assert _measured(source) == [
        ("Lock.acquire", 2, 3),
        ("Lock.tryAcquire", 8, 1),
        ("Lock.tryAcquire.(anonymous)", 8, 2),
    ]


def test_a_callable_reference_opening_a_line_after_a_body_is_a_statement() -> None:
    source = b"""fun test() {
    var invoked = false
    fun check() {
        if (invoked) fail()
        invoked = true
    }
    ::check.startCoroutine(Continuation(context) {})
    if (!invoked) fail()
}
"""
    assert first_error_line(KOTLIN.parse_once(source)) is not None
    assert respell_keywords(source) == source.replace(b"    ::check", b"   ;::check")
    assert _measured(source) == [("test", 1, 2), ("test.check", 3, 2)]


@pytest.mark.parametrize(
    "source",
    [
        # An argument on a line of its own: the line before ends in `(` or `,`, not `}`.
        b"val fs = listOf(\n    ::f,\n    ::g,\n)\n",
        b"val fs = listOf({ 1 },\n    ::g)\n",
        # The grammar already reads this one (as a reference on `1`), measured the same.
        b"fun f() {\n    val a = 1\n    ::g.start()\n}\n",
        b"fun f() {\n    g() } ::h.start()\n",  # `::` not opening its line
    ],
)
def test_a_callable_reference_elsewhere_gets_no_semicolon(source: bytes) -> None:
    assert respell_keywords(source) == source


CONSTRUCTORS = [
    # The annotations and modifiers of the primary constructor on the class's next line.
    b"@JvmInline\npublic value class Result<out T>\n"
    b"@PublishedApi internal constructor(@PublishedApi internal val holder: Any?) {\n"
    b"    val isSuccess: Boolean get() = holder !is Failed\n"
    b"    fun getOrNull(): T? = if (holder !is Failed) holder as T else null\n}\n",
    # An annotation on a line of its own, then the modifiers and `constructor`.
    b"class Adapter\n  @RequiresApi(37)\n  internal constructor() : SocketAdapter {\n"
    b"  override fun isSupported(): Boolean = a && b\n}\n",
]


@pytest.mark.parametrize("source", CONSTRUCTORS)
def test_a_primary_constructor_on_the_line_after_its_class_parses_once_reread(
    source: bytes,
) -> None:
    assert first_error_line(KOTLIN.parse_once(source)) is not None
    tree = KOTLIN.parse(source)
    header = tree.root_node.named_children[0]
    assert header.type == "class_declaration"
    assert [c.type for c in header.named_children if c.type == "primary_constructor"] == [
        "primary_constructor"
    ]
    functions = _measured(source)
    assert functions in (
        [("Result.isSuccess.get", 4, 1), ("Result.getOrNull", 5, 2)],
        [("Adapter.isSupported", 4, 2)],
    )


def test_only_a_constructors_annotations_in_code_are_blanked() -> None:
    kept = b'val s = """\n@A internal constructor(x)\n"""\n// @A\n// internal constructor(x)\n'
    assert respell_keywords(kept) == kept
    secondary = b"class A(x: Int) {\n    @Inject\n    internal constructor() : this(1)\n}\n"
    reread = respell_keywords(secondary)
    assert reread == secondary.replace(b"@Inject", b"       ")
    assert first_error_line(KOTLIN.parse_once(reread)) is None


def test_file_annotations_on_one_line_are_ended_by_a_semicolon() -> None:
    source = (
        b'@file:JvmMultifileClass @file:JvmName("FlowKt")\n\npackage flow\n\n'
        b"fun <T> Flow<T>.count(): Int {\n    var n = 0\n"
        b"    collect { if (it != null) n++ }\n    return n\n}\n"
    )
    assert first_error_line(KOTLIN.parse_once(source)) is not None
    assert respell_keywords(source).startswith(b"@file:JvmMultifileClass;@file:JvmName(")
    assert _measured(source) == [("count", 5, 2)]


@pytest.mark.parametrize(
    "source",
    [
        b'@file:JvmMultifileClass\n@file:JvmName("FlowKt")\n',  # a line each
        b'@file:[JvmMultifileClass JvmName("FlowKt")]\n',
        b'val s = "x @file:A"\n',
    ],
)
def test_file_annotations_elsewhere_are_left(source: bytes) -> None:
    assert respell_keywords(source) == source


@pytest.mark.parametrize(
    "unit",
    [
        b"suspend(w) ",
        b"f(suspend = 1) ",
        b"} ::f ",
        b"@A internal constructor() ",
        b"@file:A ",
        b"open(1) ",  # a modifier as a name: its function header is looked for nearby only
    ],
)
def test_a_long_line_of_one_construct_rereads_in_linear_time(unit: bytes) -> None:
    source = b"fun f() {\n    " + unit * 100_000 + b"\n}\n"
    start = time.process_time()
    reread = respell_keywords(source)
    assert time.process_time() - start < 1.0
    assert len(reread) == len(source)


def test_an_annotated_setter_after_a_getter_with_an_expression_body_is_read() -> None:
    source = b"""class Server {
  var factory: Int?
    @Synchronized get() = current

    @Synchronized set(value) {
      if (value != null) current = value
    }
}
"""
    assert first_error_line(KOTLIN.parse_once(source)) is not None
    assert _measured(source) == [("Server.factory.get", 3, 1), ("Server.factory.set", 5, 2)]


def test_an_annotation_is_blanked_only_before_an_accessor() -> None:
    source = b"    @Synchronized set(value) {\n    @Synchronized fun settle() {\n"
    assert respell_keywords(source) == (
        b"                  set(value) {\n    @Synchronized fun settle() {\n"
    )
