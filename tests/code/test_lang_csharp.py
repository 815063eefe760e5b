"""C# through the language seam: names, bad input and a scan end to end.

The hand-counted values of `languages/whitepaper.cs` are checked by test_languages.py with
every other fixture; these tests cover what a fixture's comments cannot say.
"""

from __future__ import annotations

import json

import tree_sitter_c_sharp
from tree_sitter import Language, Parser

from codevitals.code.analyse import analyse, explain
from codevitals.parse import registry
from codevitals.parse.base import first_error_line
from tests.conftest import Repo, run_cli

MAX = 1 << 20
CSHARP = registry.get("csharp")

ORDERS = """\
namespace Shop
{
    public class Orders
    {
        public int Price(int quantity, bool member)
        {
            if (quantity > 10 && member)
            {
                return quantity * 9;
            }
            else if (quantity > 10)
            {
                return quantity * 10;
            }
            return quantity * 11;
        }
    }
}
"""


def test_cs_files_have_the_csharp_front_end() -> None:
    assert registry.for_content("Program.cs", b"").name == "csharp"


def test_members_are_named_and_their_parameters_counted() -> None:
    source = (
        b"class A {\n"
        b"  A(int a) {}\n"
        b"  ~A() {}\n"
        b"  [Obsolete] public void F(int a, ref int b, params string[] rest) {}\n"
        b"  int G() => 1;\n"
        b"  public static A operator +(A a, A b) { return a; }\n"
        b"  int P { get => 1; set { } }\n"
        b"  abstract void H();\n"
        b"}\n"
    )
    metrics = analyse(source, max_size=MAX, language=CSHARP).metrics
    assert metrics is not None
    assert [(f.qualified_name, f.arguments) for f in metrics.functions] == [
        ("A.A", 1),
        ("A.~A", 0),
        ("A.F", 3),
        ("A.G", 0),
        ("A.operator", 2),
        ("A.P.get", 0),
        ("A.P.set", 0),
    ]


def test_a_local_function_is_measured_on_its_own_and_a_lambda_is_not() -> None:
    source = (
        b"class A {\n  int F(int[] xs) {\n"
        b"    int Twice(int x) { return x > 0 ? 2 * x : 0; }\n"
        b"    return xs.Count(x => x > 0 && x < 9);\n  }\n}\n"
    )
    metrics = analyse(source, max_size=MAX, language=CSHARP).metrics
    assert metrics is not None
    by_name = {f.qualified_name: (f.cyclomatic, f.cognitive) for f in metrics.functions}
    assert by_name == {"A.F": (2, 3), "A.F.Twice": (2, 1)}


def test_a_syntax_error_is_reported_at_its_line_and_the_rest_is_measured() -> None:
    source = (
        b"class A {\n  bool Ok(bool a) {\n    return a && true;\n  }\n\n"
        b"  void Broken() {\n    int x = ;\n  }\n}\n"
    )
    metrics = analyse(source, max_size=MAX, language=CSHARP).metrics
    assert metrics is not None
    assert metrics.syntax_error_line == 7
    assert (metrics.functions[0].qualified_name, metrics.functions[0].cyclomatic) == ("A.Ok", 2)


def test_deeply_nested_code_does_not_exhaust_the_stack() -> None:
    depth = 2000
    source = (
        "class A {\nvoid Deep(bool x) {\n"
        + "if (x) {\n" * depth
        + "G();\n"
        + "}\n" * depth
        + "}\n}\n"
    ).encode()
    metrics = analyse(source, max_size=MAX * 4, language=CSHARP).metrics
    assert metrics is not None
    (deep,) = metrics.functions
    assert (deep.cyclomatic, deep.nesting) == (depth + 1, depth)
    assert deep.cognitive == depth * (depth + 1) // 2


def test_explanations_name_csharp_constructs() -> None:
    source = (
        b"class A {\n  void F(int a) {\n"
        b"    switch (a) { case 1: break; }\n"
        b"    try { G(); } catch (Exception e) { H(); }\n"
        b"    if (a > 0) { G(); } else if (a < 0) { H(); } else { I(); }\n"
        b"  }\n}\n"
    )
    increments = explain(source, CSHARP)[("A.F", 2)]
    assert [inc.reason for inc in increments] == ["switch", "catch", "if", "else if", "else"]


def test_a_csharp_repository_is_scanned_per_file_and_function(repo: Repo) -> None:
    repo.write("Shop/Orders.cs", ORDERS)
    repo.write("Shop.Tests/OrdersCheck.cs", "class OrdersCheck { void T() {} }\n")
    repo.write("Shop/Orders.Designer.cs", "class Generated { void T() {} }\n")
    repo.write("Shop/Broken.cs", "class B {\n void Ok() {}\n void M() { int x = ; }\n}")
    repo.commit()

    result = run_cli("scan", str(repo.root), "--format", "json", "--offline")

    assert result.exit_code == 0, result.stderr
    assert "Shop/Broken.cs:3: syntax-error" in result.stderr
    document = json.loads(result.stdout)
    assert document["partial"] is True
    files = {file["path"]: file for file in document["files"]}
    assert {path: (f["language"], f["role"]) for path, f in files.items()} == {
        "Shop/Orders.cs": ("csharp", "production"),
        "Shop.Tests/OrdersCheck.cs": ("csharp", "test"),
        "Shop/Broken.cs": ("csharp", "production"),
    }
    price = next(f for f in files["Shop/Orders.cs"]["functions"] if f["name"] == "Price")
    assert (price["qualified_name"], price["cyclomatic"], price["cognitive"]) == (
        "Orders.Price",
        4,
        3,
    )

    explained = run_cli("explain", f"{repo.root}/Shop/Orders.cs:Orders.Price", "-q")
    assert explained.exit_code == 0, explained.stderr
    assert "else if" in explained.stdout


def test_cohesion_reads_bare_fields_and_properties_but_not_static_ones_or_locals() -> None:
    source = b"""class A {
  private int count, limit; static int Max; const int K = 1;
  public string Name { get; set; } public string Suffix { get; set; }
  int Get() { return count + limit; }
  void Inc() { count++; limit--; Max++; }
  string Label() { return Name + Suffix; }
  string Key() => "count" + K;
  int Shadow(int count) { var Name = ""; return count + Name.Length; }
  void Relabel() { Name = Name + Suffix; }
}
record R(int X, int Y) { int Sx() => X + Y; int Sy() => Y - X; }
"""
    metrics = analyse(source, max_size=MAX, language=CSHARP).metrics
    assert metrics is not None
    assert [(c.qualified_name, c.cohesion) for c in metrics.classes] == [
        ("A", (("Get", "Inc"), ("Label", "Relabel"))),
        ("R", (("Sx", "Sy"),)),
    ]


def test_cohesion_leaves_out_accessors_and_reads_a_partial_type_through_this_alone() -> None:
    source = b"""class Settings {
  private int _size; private string _name;
  public int Size { get { return _size; } set { _size = value; } }
  public string Name { get => _name; set => _name = value; }
  public string Describe() { return _name + Size; }
}
partial class Writer {
  void Write() { Flush(); }
  void Flush() { _buffer.Clear(); this.count++; this.size = 0; }
}
"""
    metrics = analyse(source, max_size=MAX, language=CSHARP).metrics
    assert metrics is not None
    # A bag of properties is not one group per property; `Write` calls `Flush`, but only
    # `this.` counts in a type whose other parts are elsewhere.
    assert [(c.qualified_name, c.cohesion) for c in metrics.classes] == [
        ("Settings", (("Describe",),)),
        ("Writer", (("Flush",),)),
    ]


def test_a_last_preprocessor_line_without_a_newline_is_no_syntax_error() -> None:
    # The grammar needs the newline that ends a directive; many files end without one.
    source = (
        b"#region License\n// MIT\n#endregion\nclass A {\n  void F() { }\n}\n"
        b"#pragma warning restore 618"
    )
    metrics = analyse(source, max_size=MAX, language=CSHARP).metrics
    assert metrics is not None
    assert metrics.syntax_error_line is None
    assert [(f.qualified_name, f.line, f.end_line) for f in metrics.functions] == [("A.F", 5, 5)]
    assert metrics.lines == 7


def test_an_unreachable_missing_token_is_placed_at_the_node_that_holds_it() -> None:
    # Parsed as it is, the last `#pragma` lacks its newline: a zero-width missing token the
    # tree's cursor cannot reach. The error is on line 3, not at the top of the file.
    grammar = Language(tree_sitter_c_sharp.language())
    tree = Parser(grammar).parse(b"class A {}\n\n#pragma warning restore 618")
    assert tree.root_node.has_error
    assert first_error_line(tree) == 3
