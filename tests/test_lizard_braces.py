"""benchmarks/lizard_braces.py: the constructs where lizard's tokens and our syntax part."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import lizard_braces  # noqa: E402  (benchmarks/ is not a package)


def test_nullable_types_in_a_csharp_body_explain_lizard_s_extra_decisions() -> None:
    lines = [
        "int F(object? a) {",  # a signature's `?` is no condition for lizard
        "  int? n = a?.GetHashCode();",
        "  foreach (var x in xs) { }",
        "  return n ?? 0;",
        "}",
    ]
    # lizard: +2 for `int?` and `?.`, 0 for `foreach`; codevitals +1 for `foreach`.
    explained = lizard_braces.explain("csharp", lines, 0, 1)
    assert explained == "`foreach` (lizard 0) + nullable `T?` or `?.`/`?[` (lizard +1)"
    assert lizard_braces.explain("csharp", lines, 0, 2) is None


def test_preprocessor_ifs_count_for_lizard_only() -> None:
    lines = ["bool F() {", "#if NET20", "  return true;", "#else", "  return false;", "#endif", "}"]
    assert lizard_braces.explain("csharp", lines, 0, 1) == "`#if`/`#elif` lines (lizard +1)"


def test_java_wildcards_and_anonymous_classes() -> None:
    lines = ["void f() {", "  List<?> xs = g();", "  Map<? extends K, V> m = h();", "}"]
    assert lizard_braces.explain("java", lines, 0, 2) == "generic wildcard `?` (lizard +1)"
    explained = lizard_braces.explain("java", ["void f() {", "}"], 2, 2)
    assert explained == lizard_braces.NESTED


def test_go_question_marks_count_only_inside_raw_strings() -> None:
    lines = ["func f() {", '  a := "?"', "  b := `<?xml?>`", "}"]
    raw = "a `?`, condition word or operator in a raw string's text (lizard +1)"
    assert lizard_braces.explain("go", lines, 0, 2) == raw
    assert lizard_braces.explain("go", lines, 0, 3) is None
    # lizard reads the double-quoted words inside a raw string as strings of their own.
    words = ["func f() string {", '  return `invalid "a" for "c" if x || y`', "}"]
    assert lizard_braces.explain("go", words, 0, 3) == raw
    assert lizard_braces.explain("go", ["func g() {", '  a := `x "for" y`', "}"], 0, 0) is None


def test_kotlin_accessors_only_lizard_finds_are_its_reading_of_get_calls() -> None:
    assert lizard_braces.lizard_only("kotlin", "get") is not None
    assert lizard_braces.lizard_only("kotlin", "parse") is None
    assert lizard_braces.lizard_only("swift", "set") is not None
    assert lizard_braces.lizard_only("java", "get") is None


def test_a_csharp_constructor_initializer_holds_decisions_lizard_does_not_see() -> None:
    lines = [
        "public JValue(Uri? value)",
        "    : this(value, (value != null) ? JTokenType.Uri : JTokenType.Null)",
        "{",
        "}",
    ]
    assert lizard_braces.explain("csharp", lines, 0, -1) == lizard_braces.INITIALIZER
    chained = ["W(IFormatProvider? p) : base(p ?? CultureInfo.CurrentCulture)", "{", "}"]
    assert lizard_braces.explain("csharp", chained, 0, -1) == lizard_braces.INITIALIZER
    assert lizard_braces.explain("csharp", ["public A(int? a) : base(a)", "{", "}"], 0, 0) is None
