"""C and C++ through the language seam: names, headers by content, bad input, end to end.

The hand-counted fixtures (`languages/whitepaper.c`, `languages/whitepaper.cpp`) are checked
by `test_languages.py` with every other language's.
"""

from __future__ import annotations

import json

import pytest

from codevitals import git
from codevitals.code.analyse import analyse
from codevitals.discover import Filters, discover, discover_tree
from codevitals.model import FileMetrics
from codevitals.parse import registry
from tests.conftest import Repo, run_cli

MAX = 1 << 20


def measure(source: str, front: str) -> FileMetrics:
    metrics = analyse(source.encode(), max_size=MAX * 4, language=registry.get(front)).metrics
    assert metrics is not None
    return metrics


def test_functions_are_named_and_counted_through_their_declarators() -> None:
    metrics = measure(
        "static int (*pick(int kind))(int) { return 0; }\n"
        "char **split(const char *s, int *n, ...) { return 0; }\n"
        "int none(void) { return 0; }\n",
        "c",
    )
    found = [(f.name, f.arguments) for f in metrics.functions]
    assert found == [("pick", 1), ("split", 3), ("none", 0)]


def test_cpp_methods_operators_and_qualified_definitions() -> None:
    metrics = measure(
        "class A {\n"
        " public:\n"
        "  A(int a) : x_(a) {}\n"
        "  ~A() {}\n"
        "  bool operator==(const A& o) const { return x_ == o.x_; }\n"
        "  int& at(int i) { return x_; }\n"
        "  int x_;\n"
        "};\n"
        "int A::get() const { return x_; }\n",
        "cpp",
    )
    names = [f.qualified_name for f in metrics.functions]
    assert names == ["A.A", "A.~A", "A.operator==", "A.at", "A::get"]


def test_macros_the_grammar_mistakes_for_functions_are_none() -> None:
    # `FMT_BEGIN_NAMESPACE namespace detail {` and `FMT_CATCH(...) {}` after a `try` parse
    # as definitions by error recovery; the functions inside are still found.
    metrics = measure(
        "MY_BEGIN_NAMESPACE\nnamespace detail {\nint f(int a) { return a ? 1 : 2; }\n}\n"
        "int g() {\n  try { x(); }\n  MY_CATCH(...) {}\n  return 0;\n}\n",
        "cpp",
    )
    assert [(f.name, f.cyclomatic) for f in metrics.functions] == [("f", 2), ("g", 1)]


def test_preprocessor_conditionals_are_decisions_but_no_cognitive_increment() -> None:
    metrics = measure(
        "int f(void) {\n#if A && (B || !C)\n  a();\n#elif B\n  b();\n#endif\n"
        "#ifndef C\n  c();\n#endif\n  return 0;\n}\n",
        "c",
    )
    assert (metrics.functions[0].cyclomatic, metrics.functions[0].cognitive) == (4, 0)


@pytest.mark.parametrize(
    ("header", "front"),
    [
        (b"#include <vector>\nint f(void);\n", "cpp"),
        (b"namespace n { int f(); }\n", "cpp"),
        (b"template <typename T> T id(T x) { return x; }\n", "cpp"),
        (b"class A {\n public:\n  int x;\n};\n", "cpp"),
        (b"int g() { return std::max(1, 2); }\n", "cpp"),
        (b"#include <stdio.h>\nstruct s { int a; };\nint f(void);\n", "c"),
        # C++ words in comments, and the usual `extern "C"` guard, leave a header C.
        (b'/* a class of template errors :: */\n#ifdef __cplusplus\nextern "C" {\n#endif\n', "c"),
    ],
)
def test_a_header_goes_to_c_or_cpp_by_its_content(header: bytes, front: str) -> None:
    assert registry.for_content("include/x.h", header).name == front


def test_the_suffixes_of_c_and_cpp() -> None:
    assert registry.for_content("a.c", b"class A {};").name == "c"
    for suffix in (".cc", ".cpp", ".cxx", ".hpp", ".hh"):
        assert registry.for_content(f"a{suffix}", b"").name == "cpp"


def test_a_syntax_error_is_reported_at_its_line_and_the_rest_is_measured() -> None:
    for front in ("c", "cpp"):
        metrics = measure("int ok(int a) {\n  return a && 1;\n}\n\nint broken( {\n", front)
        assert metrics.syntax_error_line is not None
        assert metrics.syntax_error_line >= 5
        assert (metrics.functions[0].name, metrics.functions[0].cyclomatic) == ("ok", 2)


@pytest.mark.parametrize("front", ["c", "cpp"])
def test_deeply_nested_code_does_not_exhaust_the_stack(front: str) -> None:
    depth = 3000
    source = "int deep(int x) {\n" + "if (x) {\n" * depth + "x++;\n" + "}\n" * depth + "}\n"
    deep = measure(source, front).functions[0]
    assert (deep.cyclomatic, deep.nesting) == (depth + 1, depth)
    assert deep.cognitive == depth * (depth + 1) // 2


def test_scan_and_explain_c_and_cpp_files(repo: Repo) -> None:
    repo.write("src/prime.c", "int sum(int n) {\n  return n > 0 && n < 9 ? n : 0;\n}\n")
    repo.write(
        "include/counter.h",
        "class Counter {\n public:\n  int next(int a) {\n"
        "    if (a > 0) { return a; }\n    return 0;\n  }\n};\n",
    )
    repo.commit("c and c++")
    result = run_cli("scan", str(repo.root), "--format", "json", "-q", "--offline")
    assert result.exit_code == 0, result.stderr
    files = {f["path"]: f for f in json.loads(result.stdout)["files"]}
    assert files["src/prime.c"]["language"] == "c"
    assert files["include/counter.h"]["language"] == "cpp"
    assert [f["cyclomatic"] for f in files["src/prime.c"]["functions"]] == [3]
    assert files["include/counter.h"]["health"] == 10
    explained = run_cli("explain", f"{repo.root}/include/counter.h:Counter.next", "-q")
    assert explained.exit_code == 0, explained.stderr
    assert "if" in explained.stdout


def test_discovery_sends_headers_by_content_in_the_work_tree_and_in_a_commit(repo: Repo) -> None:
    repo.write("a.h", "int f(void);\n")
    repo.write("b.h", "namespace b { int f(); }\n")
    repo.write("c.c", "int f(void) { return 0; }\n")
    commit = repo.commit("headers")
    work = {c.path: c.language for c in discover(repo.root, Filters()).files}
    with git.BlobReader(repo.root) as blobs:
        found = discover_tree(repo.root, commit, Filters(), blobs)
    assert (
        work
        == {c.path: c.language for c in found.files}
        == {
            "a.h": "c",
            "b.h": "cpp",
            "c.c": "c",
        }
    )


@pytest.mark.parametrize(
    ("header", "is_cpp"),
    [
        (b"std::size_t n;\n", True),
        (b"int x = boost:: y;\n", True),  # `boost::` needs no name after it
        (b"A::~A() {}\n", True),
        (b"int a = n::x;\n", True),
        (b"int a = xstd:: y;\n", False),  # neither `std::` nor a name after `::`
        (b"/* std::vector<int> */\nint f(void);\n", False),  # only in a comment
        (b"int f(void); // A::B\n", False),
        (b"  template <class T> int f(T);\n", True),
        (b"#include <vector>\n", True),
        (b"#include <stdio.h>\nint f(void);\n", False),
    ],
)
def test_a_header_is_cpp_by_syntax_outside_comments(header: bytes, is_cpp: bool) -> None:
    assert (registry.for_content("x.h", header).name == "cpp") is is_cpp


def test_recursion_is_a_call_of_the_own_name_not_its_text_elsewhere() -> None:
    metrics = measure(
        "int fact(int n) { return n ? n * fact(n - 1) : 1; }\n"
        'int named(void) { return puts("named()") + named_too(); }\n'
        "int quiet(int n) { return n; }\n",
        "c",
    )
    assert [(f.name, f.cognitive) for f in metrics.functions] == [
        ("fact", 2),  # `?:` +1, recursion +1
        ("named", 0),  # its name only in a string and inside a longer name
        ("quiet", 0),
    ]
    cpp = measure("int A::walk(int n) { return n ? walk(n - 1) : 0; }\n", "cpp")
    assert [(f.name, f.cognitive) for f in cpp.functions] == [("A::walk", 2)]


def test_cpp_cohesion_reads_bare_members_and_leaves_out_constructors_and_statics() -> None:
    source = """class A {
  int count; static int max; int *p, q[3]; int &r;
public:
  int get() const { return count + r; }
  void inc() { ++count; ++r; }
  static int mx() { return max; }
  A() : count(0) {}
  ~A() {}
  void set(int c);
  int first() { return q[0] + *p; }
  int second() { return *p + q[1]; }
  int shadow(int count) { int r = 0; return count + r; }
};
"""
    (a,) = measure(source, "cpp").classes
    assert a.cohesion == (("get", "inc"), ("first", "second"))


def test_a_test_macro_s_block_is_a_function_and_no_syntax_error() -> None:
    # gtest's `TEST(suite, name) { … }` reads to the grammar as a call missing its `;` and a
    # block. A call in lowercase, or one that ends with its `;`, is no test macro.
    source = """TEST(format_test, enum) {
  if (x) { y(); }
}
int f() { ASSERT(x); { int a = 1; } return 1; }
"""
    metrics = measure(source, "cpp")
    assert metrics.syntax_error_line is None
    assert [(f.qualified_name, f.line, f.end_line, f.cyclomatic) for f in metrics.functions] == [
        ("TEST(format_test, enum)", 1, 3, 2),
        ("f", 4, 4, 1),
    ]
    broken = measure("int g() {\n  h(1)\n  return 2;\n}\n", "cpp")
    assert broken.syntax_error_line == 2
