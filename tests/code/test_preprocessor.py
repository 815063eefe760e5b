"""Conditional compilation: a file that parses only when its first branches are read alone."""

from __future__ import annotations

import time

from codevitals.code.analyse import analyse
from codevitals.model import FileMetrics
from codevitals.parse import registry
from codevitals.parse.base import QueryFrontEnd, first_error_line
from codevitals.parse.cpp import decltype_commas, expression_typenames, member_operators
from codevitals.parse.preprocessor import (
    condition_operands,
    first_branches,
    macro_lines,
    specifier_macros,
)

MAX = 1 << 20


def test_later_branches_and_the_directives_are_blanked_in_place() -> None:
    lines = [
        b"a",
        b"#if X",
        b"b",
        b"#  if Y",
        b"c",
        b"#  else",
        b"d",
        b"#  endif",
        b"#elif Z",
        b"e",
        b"#if W",
        b"f",
        b"#endif",
        b"#else",
        b"g",
        b"#endif",
        b"h",
    ]
    kept = {b"a", b"b", b"c", b"h"}
    read = first_branches(b"\n".join(lines) + b"\n")
    assert read.split(b"\n")[:-1] == [line if line in kept else b" " * len(line) for line in lines]


def test_an_if_never_closed_is_blanked_to_the_end() -> None:
    assert first_branches(b"a\n#ifdef X\nb\n#else\nc\n") == b"a\n        \nb\n     \n \n"


def test_csharp_that_breaks_across_branches_is_read_by_its_first_branches() -> None:
    # Both readings of the `if` end in one block after `#endif`: as a whole, the grammar
    # sees an `else` without its block. Read by the first branch it parses, and the later
    # branch's function is left out.
    source = b"""class A {
  bool F(int a) {
#if NET20
    if (a > 0) { return true; }
    else
#endif
    {
      return false;
    }
  }
#if NET20
  void G() { }
#else
  void H() { if (true) { } }
#endif
}
"""
    metrics = analyse(source, max_size=MAX, language=registry.get("csharp")).metrics
    assert metrics is not None
    assert metrics.syntax_error_line is None
    assert [(f.qualified_name, f.line, f.cyclomatic) for f in metrics.functions] == [
        ("A.F", 2, 2),
        ("A.G", 12, 1),
    ]


def test_a_file_that_parses_whole_keeps_every_branch() -> None:
    source = b"class A {\n#if X\n  void G() { }\n#else\n  void H() { }\n#endif\n}\n"
    metrics = analyse(source, max_size=MAX, language=registry.get("csharp")).metrics
    assert metrics is not None
    assert [f.qualified_name for f in metrics.functions] == ["A.G", "A.H"]


def test_swift_reads_the_first_branch_of_an_if_that_ends_in_an_error_directive() -> None:
    source = b"""final class Protected {
    #if canImport(Darwin)
    private let lock = UnfairLock()
    #elseif canImport(Foundation)
    private let lock = NSLock()
    #else
    #error("This platform needs a lock.")
    #endif

    func read() -> Int { lock.lock(); return 1 }
}
"""
    metrics = analyse(source, max_size=MAX, language=registry.get("swift")).metrics
    assert metrics is not None
    assert metrics.syntax_error_line is None
    assert [f.qualified_name for f in metrics.functions] == ["Protected.read"]


def test_lines_that_hold_only_a_macro_s_name_are_blanked_in_place() -> None:
    source = b"FMT_BEGIN_NAMESPACE\nint f() { return A; }\n  TEST_END;\nFMT_END_NAMESPACE\n"
    assert macro_lines(source) == (
        b"                   \nint f() { return A; }\n           \n                 \n"
    )


def test_lines_that_hold_only_a_macro_s_call_are_blanked_unless_a_block_follows() -> None:
    source = (
        b"  CAPTURE(i)\n"
        b'DOCTEST_GCC_SUPPRESS_WARNING("-Wnoexcept") // why\n'
        b"  NLOHMANN_DEFINE_TYPE_INTRUSIVE(person, name, f(age))\n"
        b"  JSON_PRIVATE_UNLESS_TESTED:\n"
        b'TEST_CASE("name")\n{\n}\n'
        b"  int x = MAX(a, b);\n"
        b"  CHECK(a,\n"
    )
    kept = [b'TEST_CASE("name")', b"{", b"}", b"  int x = MAX(a, b);", b"  CHECK(a,"]
    read = macro_lines(source).split(b"\n")[:-1]
    assert read == [line if line in kept else b" " * len(line) for line in source.split(b"\n")[:-1]]


def test_cpp_whose_class_holds_a_macro_call_is_read_without_it() -> None:
    source = b"""struct person {
    std::string name;
    int age;
    NLOHMANN_DEFINE_TYPE_INTRUSIVE(person, name, age)
};

int older(const person& p) {
    return p.age > 40 ? 1 : 0;
}
"""
    metrics = analyse(source, max_size=MAX, language=registry.get("cpp")).metrics
    assert metrics is not None
    assert metrics.syntax_error_line is None
    assert [(f.qualified_name, f.cyclomatic) for f in metrics.functions] == [("older", 2)]


def test_c_that_parses_only_without_its_macro_lines_is_read_that_way() -> None:
    source = b"""#include <stdio.h>
FMT_BEGIN_NAMESPACE
JEMALLOC_DIAGNOSTIC_PUSH

TEST_BEGIN(test_oom) {
  if (x) { y(); }
}
TEST_END

int
main(void) {
  return 0;
}
FMT_END_NAMESPACE
"""
    metrics = analyse(source, max_size=MAX, language=registry.get("c")).metrics
    assert metrics is not None
    assert metrics.syntax_error_line is None
    assert [(f.qualified_name, f.line, f.cyclomatic) for f in metrics.functions] == [
        ("TEST_BEGIN(test_oom)", 5, 2),
        ("main", 10, 1),
    ]


def test_a_reference_type_passed_to_a_macro_over_lines_is_read_without_its_ampersand() -> None:
    # nlohmann/json's tests: doctest's CHECK_THROWS_WITH_AS(expr, message, type&) over two
    # lines broke the grammar at the `&`, and everything after it went unmeasured.
    source = b"""TEST_CASE("pointers")
{
    CHECK_THROWS_WITH_AS(json::json_pointer("foo"),
                         "must begin with '/'", json::parse_error&);
}

int sign(int x) {
    return x > 0 ? 1 : x < 0 ? -1 : 0;
}
"""
    assert macro_lines(source).count(b"parse_error );") == 1
    metrics = analyse(source, max_size=MAX, language=registry.get("cpp")).metrics
    assert metrics is not None
    assert metrics.syntax_error_line is None
    assert [(f.qualified_name, f.cyclomatic) for f in metrics.functions][-1] == ("sign", 3)


def _measured(source: bytes, language: str) -> FileMetrics:
    """The file's metrics, after checking that the grammar alone breaks on it."""
    front = registry.get(language)
    assert isinstance(front, QueryFrontEnd)
    assert first_error_line(front.parse_once(source), front.tolerates) is not None
    metrics = analyse(source, max_size=MAX, language=front).metrics
    assert metrics is not None
    assert metrics.syntax_error_line is None
    return metrics


def test_a_macro_standing_for_specifiers_before_a_declaration_is_blanked() -> None:
    source = b"""#include <stddef.h>
EXAMPLE_API int clamp(int v, int lo, int hi);

EXAMPLE_API EXAMPLE_INLINE int
clamp(int v, int lo, int hi) {
  if (v < lo) return lo;
  return v > hi ? hi : v;
}

static EXAMPLE_DATA const char *const names[];
"""
    read = specifier_macros(source)
    assert read.count(b"int clamp") == 1
    assert b"EXAMPLE" not in read
    assert len(read) == len(source)
    metrics = _measured(source, "c")
    assert [(f.qualified_name, f.line, f.cyclomatic) for f in metrics.functions] == [
        ("clamp", 4, 3)
    ]


def test_a_specifier_macro_before_a_constructor_or_after_class_is_blanked() -> None:
    source = b"""class EXAMPLE_EXPORT counter {
 public:
  EXAMPLE_CONSTEXPR counter(int start) : n_(start > 0 ? start : 0) {}
  template <typename T> EXAMPLE_CONSTEXPR void add(T step) {
    if (step) n_ += static_cast<int>(step);
  }
 private:
  int n_;
};
T value;
BOOL ok;
"""
    read = specifier_macros(source)
    assert read.endswith(b"T value;\nBOOL ok;\n")  # no underscore: a type, kept
    metrics = _measured(source, "cpp")
    assert [(f.qualified_name, f.cyclomatic) for f in metrics.functions] == [
        ("counter.counter", 2),  # the `?:` of its initializer list
        ("counter.add", 2),
    ]


def test_strings_and_header_names_in_an_if_condition_are_blanked() -> None:
    source = b"""#if defined(__has_include) && __has_include(<sys / param.h>) && \\
    HAS_WARNING("-Wshadow")
#  define EXAMPLE_PARAM 1
#endif
int f(int a) {
#if __has_include(<version>)
  return a;
#else
  return a ? 1 : 0;
#endif
}
const char *s = "kept";
"""
    read = condition_operands(source)
    assert b"__has_include(               )" in read
    assert b"HAS_WARNING(          )" in read
    assert b'"kept"' in read
    metrics = _measured(source, "cpp")
    assert [(f.qualified_name, f.cyclomatic) for f in metrics.functions] == [("f", 3)]


def test_a_member_operator_called_by_name_becomes_an_identifier() -> None:
    source = b"""struct table {
  int& at(int i) { return this->operator[](i < 0 ? 0 : i); }
  int& first() { return operator[](0); }
  int& operator[](int i);
};
int& second(table* t, table& u) { return t != nullptr ? t->operator[](1) : u.operator [] (1); }
"""
    read = member_operators(source)
    assert b"this->operator__(i" in read
    assert b"u.operator___ (1)" in read
    assert b"int& operator[](int i);" in read  # a declaration keeps its operator
    metrics = _measured(source, "cpp")
    assert [(f.qualified_name, f.cyclomatic) for f in metrics.functions] == [
        ("table.at", 2),
        ("table.first", 1),
        ("second", 2),
    ]


def test_typename_opening_an_expression_is_blanked() -> None:
    source = b"""template <typename C>
typename C::size_type reset(C& c, typename C::iterator& it) {
  it = typename C::iterator();
  if (c.empty()) return typename C::size_type{0};
  return c.size();
}
"""
    read = expression_typenames(source)
    assert read.count(b"typename") == 3
    assert b"it =          C::iterator();" in read
    metrics = _measured(source, "cpp")
    assert [(f.qualified_name, f.arguments, f.cyclomatic) for f in metrics.functions] == [
        ("reset", 2, 2)
    ]


def test_a_comma_at_the_top_of_a_decltype_becomes_an_or() -> None:
    source = b"""template <typename T>
auto size_of(const T& t, int) -> decltype(t.size(), void(), 0) {
  return t.size() > 0 && t.size() < 10 ? 1 : 2;
}
template <typename T>
auto pair_of(const T& t) -> decltype(
    std::make_pair(t.first, t.second), void()) {}
"""
    read = decltype_commas(source)
    assert b"decltype(t.size()| void()| 0)" in read
    assert b"std::make_pair(t.first, t.second)| void())" in read
    metrics = _measured(source, "cpp")
    assert [(f.qualified_name, f.cyclomatic) for f in metrics.functions] == [
        ("size_of", 3),
        ("pair_of", 1),
    ]


def test_the_new_rewrites_stay_linear_on_a_long_line() -> None:
    constructs = (
        b"EXAMPLE_API void f(); ",
        b"template <a<b<c ",
        b"#if __has_include(<a>) ",
        b"p->operator[](i); ",
        b"x = typename T::a<c>(); ",
        b"decltype(decltype(a, ",
    )
    front = registry.get("cpp")
    for construct in constructs:
        source = construct * 100_000 + b"\n"
        started = time.process_time()  # CPU time: other processes do not count
        read = front.reread(source)
        assert read is not None
        assert len(read) == len(source)
        assert time.process_time() - started < 1.0


def test_a_macro_call_statement_that_decides_is_kept_when_the_file_is_reread() -> None:
    # The lone `MY_BEGIN_NAMESPACE` breaks the grammar; the reread blanks it, but not the
    # assertion inside the function, whose `||` is a decision.
    source = b"""MY_BEGIN_NAMESPACE

int check(int a, int b) {
  MY_ASSERT(a || b);
  return a;
}
MY_END_NAMESPACE
"""
    assert macro_lines(source).count(b"MY_ASSERT(a || b);") == 1
    metrics = analyse(source, max_size=MAX, language=registry.get("c")).metrics
    assert metrics is not None
    assert metrics.syntax_error_line is None
    assert [(f.qualified_name, f.cyclomatic) for f in metrics.functions] == [("check", 2)]
