"""Java through the language seam: names, cohesion, discovery, bad input and a scan end to end.

The hand-counted values of `languages/whitepaper.java` are checked by test_languages.py with
every other fixture; these tests cover what a fixture's comments cannot say.
"""

from __future__ import annotations

import json
from pathlib import Path

from codevitals.code.analyse import analyse, explain
from codevitals.parse import registry
from tests.conftest import Repo, run_cli

MAX = 1 << 20
JAVA = registry.get("java")
FIXTURES = Path(__file__).parent / "languages"

ORDERS = """\
package shop;

public class Orders {
  private int count;

  public int price(int quantity, boolean member) {
    if (quantity > 10 && member) {
      return quantity * 9;
    } else if (quantity > 10) {
      return quantity * 10;
    }
    return quantity * 11;
  }
}
"""


def test_java_files_have_the_java_front_end() -> None:
    assert registry.for_content("Main.java", b"").name == "java"


def test_names_and_parameters_of_methods_constructors_and_anonymous_classes() -> None:
    source = (
        b"class A {\n"
        b"  A(int a) {}\n"
        b"  @Override public void f(int a, String... rest) {}\n"
        b"  abstract void g();\n"
        b"  Object h() { return new Runnable() { public void run() {} }; }\n"
        b"}\n"
    )
    metrics = analyse(source, max_size=MAX, language=JAVA).metrics
    assert metrics is not None
    assert [(f.qualified_name, f.arguments) for f in metrics.functions] == [
        ("A.A", 1),
        ("A.f", 2),
        ("A.h", 0),
        ("A.h.Runnable.run", 0),
    ]


def test_cohesion_follows_this_and_bare_fields_and_leaves_out_the_constructor() -> None:
    data = (FIXTURES / "whitepaper.java").read_bytes()
    metrics = analyse(data, max_size=MAX, language=JAVA).metrics
    assert metrics is not None
    (whitepaper,) = metrics.classes
    # `arrows` uses the fields `total` and `fee` by their bare names; `sumOfPrimes` declares a
    # `total` of its own, and `myMethod` only calls the static `work`: neither uses the
    # instance.
    assert whitepaper.cohesion == (("arrows", "deposit", "balance"), ("describe",))


def test_bare_names_are_members_unless_declared_static_local_or_quoted() -> None:
    source = b"""class A {
  private int count, limit; private static final Logger LOG = null; String name, suffix;
  int get() { return count + limit; }
  void inc() { count++; limit--; LOG.info("x"); }
  String label() { return name + suffix; }
  String key() { return "count" + other.count + LOG + help(); } // count, name
  int shadow(int count) { String name = ""; return count + name.length(); }
  void both() { relabel(); }
  void relabel() { name = name + suffix; }
  static int help() { return 1; }
  A(int c) { count = c; name = ""; }
}
record P(int x, int y) {
  int sx() { return x + y; } int sy() { return y - x; } int s() { return sx() + sy(); }
}
enum E { RED; private int w, h; int weight() { return w * h; } int twice() { return 2 * w + h; } }
"""
    metrics = analyse(source, max_size=MAX, language=JAVA).metrics
    assert metrics is not None
    assert [(c.qualified_name, c.cohesion) for c in metrics.classes] == [
        ("A", (("get", "inc"), ("label", "both", "relabel"))),
        ("P", (("sx", "sy", "s"),)),
        ("E", (("weight", "twice"),)),
    ]


def test_a_lambda_nests_once_and_counts_in_its_method() -> None:
    source = b"class A {\n  void f(List<A> xs) {\n    xs.forEach(x -> { if (x) {} });\n  }\n}"
    metrics = analyse(source, max_size=MAX, language=JAVA).metrics
    assert metrics is not None
    (f,) = metrics.functions
    assert (f.cyclomatic, f.cognitive) == (2, 2)


def test_comments_are_not_code() -> None:
    source = b'// one\n/* two\n   three */\nclass A { // four\n  String s = "// five";\n}\n'
    metrics = analyse(source, max_size=MAX, language=JAVA).metrics
    assert metrics is not None
    assert (metrics.lines, metrics.code_lines) == (6, 3)


def test_a_syntax_error_is_reported_at_its_line_and_the_rest_is_measured() -> None:
    source = (
        b"class A {\n  boolean ok(boolean a) {\n    return a && true;\n  }\n\n"
        b"  void broken() {\n    int x = ;\n  }\n}\n"
    )
    metrics = analyse(source, max_size=MAX, language=JAVA).metrics
    assert metrics is not None
    assert metrics.syntax_error_line == 7
    assert [(f.qualified_name, f.cyclomatic) for f in metrics.functions] == [
        ("A.ok", 2),
        ("A.broken", 1),
    ]


def test_deeply_nested_code_does_not_exhaust_the_stack() -> None:
    depth = 2000
    source = (
        "class A {\nvoid deep(boolean x) {\n"
        + "if (x) {\n" * depth
        + "g();\n"
        + "}\n" * depth
        + "}\n}\n"
    ).encode()
    metrics = analyse(source, max_size=MAX * 4, language=JAVA).metrics
    assert metrics is not None
    (deep,) = metrics.functions
    assert (deep.cyclomatic, deep.nesting) == (depth + 1, depth)
    assert deep.cognitive == depth * (depth + 1) // 2


def test_explanations_name_java_constructs() -> None:
    source = (
        b"class A {\n  void f(int a) {\n"
        b"    switch (a) { case 1: break; }\n"
        b"    try { g(); } catch (Exception e) { h(); }\n"
        b"    if (a > 0) { g(); } else if (a < 0) { h(); } else { i(); }\n"
        b"  }\n}\n"
    )
    increments = explain(source, JAVA)[("A.f", 2)]
    assert [inc.reason for inc in increments] == ["switch", "catch", "if", "else if", "else"]


def test_a_java_repository_is_scanned_per_file_and_function(repo: Repo) -> None:
    repo.write("src/main/java/shop/Orders.java", ORDERS)
    repo.write("src/test/java/shop/OrdersCheck.java", "class OrdersCheck { void t() {} }\n")
    repo.write("src/main/java/shop/OrdersTest.java", "class OrdersTest { void t() {} }\n")
    repo.write("src/main/java/shop/Broken.java", "class B {\n void ok() {}\n void b() { x = ; }\n}")
    repo.commit()

    result = run_cli("scan", str(repo.root), "--format", "json", "--offline")

    assert result.exit_code == 0, result.stderr
    assert "src/main/java/shop/Broken.java:3: syntax-error" in result.stderr
    document = json.loads(result.stdout)
    assert document["partial"] is True
    files = {file["path"]: file for file in document["files"]}
    assert {path: (f["language"], f["role"]) for path, f in files.items()} == {
        "src/main/java/shop/Orders.java": ("java", "production"),
        "src/test/java/shop/OrdersCheck.java": ("java", "test"),
        "src/main/java/shop/OrdersTest.java": ("java", "test"),
        "src/main/java/shop/Broken.java": ("java", "production"),
    }
    orders = files["src/main/java/shop/Orders.java"]
    price = next(f for f in orders["functions"] if f["qualified_name"] == "Orders.price")
    assert (price["line"], price["cyclomatic"], price["cognitive"]) == (6, 4, 3)

    explained = run_cli("explain", f"{repo.root}/src/main/java/shop/Orders.java:Orders.price", "-q")
    assert explained.exit_code == 0, explained.stderr
    assert "else if" in explained.stdout


def test_getters_setters_and_a_builders_setters_are_accessors() -> None:
    # Each uses one field and calls no method: left out, and a call to one uses its field.
    source = b"""class Point {
  private int x, y;
  int getX() { return x; }
  void setX(int x) { this.x = x; }
  int getY() { return this.y; }
  double length() { return Math.sqrt(getX() * getX() + y * y); }
}
class Builder {
  private int timeout; private String name;
  Builder timeout(int timeout) { this.timeout = timeout; return this; }
  Builder name(String name) { this.name = name; return this; }
  Client build() { return new Client(this); }
}
"""
    metrics = analyse(source, max_size=MAX, language=JAVA).metrics
    assert metrics is not None
    assert [(c.qualified_name, c.cohesion) for c in metrics.classes] == [
        ("Point", (("length",),)),
        ("Builder", ()),
    ]
