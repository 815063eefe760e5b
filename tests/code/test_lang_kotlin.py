"""Kotlin through the language seam: names, bad input and a scan end to end.

The hand-counted values of `languages/whitepaper.kt` are checked by test_languages.py with
every other fixture; these tests cover what a fixture's comments cannot say.
"""

from __future__ import annotations

import json

from codevitals.code.analyse import analyse, explain
from codevitals.parse import registry
from tests.conftest import Repo, run_cli

MAX = 1 << 20
KOTLIN = registry.get("kotlin")

ORDERS = """\
package shop

class Orders {
    fun price(quantity: Int, member: Boolean): Int {
        if (quantity > 10 && member) {
            return quantity * 9
        } else if (quantity > 10) {
            return quantity * 10
        }
        return quantity * 11
    }
}
"""


def test_kotlin_files_have_the_kotlin_front_end() -> None:
    assert registry.for_content("Main.kt", b"").name == "kotlin"
    assert registry.for_content("build.gradle.kts", b"").name == "kotlin"


def test_names_and_parameters_of_functions_accessors_and_lambdas() -> None:
    source = (
        b"class A(val x: Int) {\n"
        b"    constructor(s: String) : this(1) {\n    }\n"
        b"    fun f(a: Int, vararg rest: String) = a\n"
        b"    var p: Int = 0\n"
        b"        set(value) { field = value }\n"
        b"    companion object {\n"
        b"        fun of(): A = A(1)\n"
        b"    }\n"
        b"}\n"
        b"val g = listOf(1).map { (a, b) -> a }\n"
    )
    metrics = analyse(source, max_size=MAX, language=KOTLIN).metrics
    assert metrics is not None
    assert [(f.qualified_name, f.arguments) for f in metrics.functions] == [
        ("A.constructor", 1),
        ("A.f", 2),
        ("A.p.set", 1),
        ("A.Companion.of", 0),
        ("(anonymous)", 1),
    ]


def test_when_branches_but_else_are_decisions() -> None:
    source = b"fun f(a: Int) = when {\n    a > 1 -> 1\n    a < 0 -> 2\n    else -> 3\n}\n"
    metrics = analyse(source, max_size=MAX, language=KOTLIN).metrics
    assert metrics is not None
    (f,) = metrics.functions
    assert (f.cyclomatic, f.cognitive) == (3, 1)


def test_a_syntax_error_is_reported_at_its_line_and_the_rest_is_measured() -> None:
    source = (
        b"class A {\n    fun ok(a: Boolean): Boolean {\n        return a && true\n    }\n\n"
        b"    fun broken() {\n        val x = )\n    }\n}\n"
    )
    metrics = analyse(source, max_size=MAX, language=KOTLIN).metrics
    assert metrics is not None
    assert metrics.syntax_error_line == 7
    assert (metrics.functions[0].qualified_name, metrics.functions[0].cyclomatic) == ("A.ok", 2)


def test_deeply_nested_code_does_not_exhaust_the_stack() -> None:
    depth = 2000
    source = (
        "fun deep(x: Boolean) {\n" + "if (x) {\n" * depth + "g()\n" + "}\n" * depth + "}\n"
    ).encode()
    metrics = analyse(source, max_size=MAX * 4, language=KOTLIN).metrics
    assert metrics is not None
    (deep,) = metrics.functions
    assert (deep.cyclomatic, deep.nesting) == (depth + 1, depth)
    assert deep.cognitive == depth * (depth + 1) // 2


def test_explanations_name_kotlin_constructs() -> None:
    source = (
        b"fun f(a: Int) {\n"
        b"    when (a) {\n        1 -> g()\n    }\n"
        b"    try {\n        g()\n    } catch (e: Exception) {\n        h()\n    }\n"
        b"    if (a > 0) {\n        g()\n    } else if (a < 0) {\n        h()\n    } else {\n"
        b"        i()\n    }\n"
        b"}\n"
    )
    increments = explain(source, KOTLIN)[("f", 1)]
    assert [inc.reason for inc in increments] == ["when", "catch", "if", "else if", "else"]


def test_a_kotlin_repository_is_scanned_per_file_and_function(repo: Repo) -> None:
    repo.write("src/main/kotlin/shop/Orders.kt", ORDERS)
    repo.write("src/test/kotlin/shop/OrdersCheck.kt", "class OrdersCheck {\n    fun t() {}\n}\n")
    repo.write("src/main/kotlin/shop/Broken.kt", "fun ok() {}\nfun b() {\n    val x = )\n}\n")
    repo.commit()

    result = run_cli("scan", str(repo.root), "--format", "json", "--offline")

    assert result.exit_code == 0, result.stderr
    assert "src/main/kotlin/shop/Broken.kt:3: syntax-error" in result.stderr
    document = json.loads(result.stdout)
    assert document["partial"] is True
    files = {file["path"]: file for file in document["files"]}
    assert {path: (f["language"], f["role"]) for path, f in files.items()} == {
        "src/main/kotlin/shop/Orders.kt": ("kotlin", "production"),
        "src/test/kotlin/shop/OrdersCheck.kt": ("kotlin", "test"),
        "src/main/kotlin/shop/Broken.kt": ("kotlin", "production"),
    }
    orders = files["src/main/kotlin/shop/Orders.kt"]
    price = next(f for f in orders["functions"] if f["name"] == "price")
    assert (price["qualified_name"], price["cyclomatic"], price["cognitive"]) == (
        "Orders.price",
        4,
        3,
    )

    explained = run_cli("explain", f"{repo.root}/src/main/kotlin/shop/Orders.kt:Orders.price", "-q")
    assert explained.exit_code == 0, explained.stderr
    assert "else if" in explained.stdout


def test_cohesion_reads_bare_properties_and_val_parameters_but_not_locals() -> None:
    source = b"""class A(val x: Int, y: Int, private var z: Int) {
    private var count = 0
    private var limit = 9
    val name: String = ""
    fun get(): Int { return count + limit }
    fun inc() { count++; limit-- }
    fun label() = name + y
    fun shadow(count: Int) { val name = "n"; println(count + name.length) }
    fun zz() = z
    fun xx() = x + zz()
    companion object {
      val K = 1
      val L = 2
      fun make() = K + L
    }
}
"""
    metrics = analyse(source, max_size=MAX, language=KOTLIN).metrics
    assert metrics is not None
    # `label` uses `name` and the plain parameter `y`, no property: an accessor of `name`.
    # `zz` is an accessor of `z`, so `xx` uses `x` and `z`.
    assert [(c.qualified_name, c.cohesion) for c in metrics.classes] == [
        ("A", (("get", "inc"), ("xx",))),
        ("A.Companion", (("make",),)),
    ]


def test_cohesion_leaves_out_property_accessors() -> None:
    source = b"""class A {
    private var size = 0
    private var name = ""
    var label: String
        get() = name
        set(value) { name = value }
    fun grow() { size++; name = "" }
}
"""
    metrics = analyse(source, max_size=MAX, language=KOTLIN).metrics
    assert metrics is not None
    (a,) = metrics.classes
    assert a.cohesion == (("grow",),)
