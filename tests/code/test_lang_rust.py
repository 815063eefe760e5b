"""Rust through the language seam: names, receivers, cohesion, bad input, end to end.

The hand-counted fixture (`languages/whitepaper.rs`) is checked by `test_languages.py` with
every other language's.
"""

from __future__ import annotations

import json

from codevitals.code.analyse import analyse
from codevitals.model import FileMetrics
from codevitals.parse import registry
from tests.conftest import Repo, run_cli

MAX = 1 << 20


def measure(source: str) -> FileMetrics:
    metrics = analyse(source.encode(), max_size=MAX * 4, language=registry.get("rust")).metrics
    assert metrics is not None
    return metrics


def test_methods_take_their_impl_s_type_and_leave_self_out_of_arguments() -> None:
    metrics = measure(
        "impl<T: Clone> Stack<T> {\n"
        "    fn push(&mut self, item: T) {}\n"
        "    fn boxed(self: Box<Self>, a: u8, b: u8) {}\n"
        "    fn empty() -> Self { todo!() }\n"
        "}\n"
        "trait Named { fn name(&self) -> String { String::new() } fn id(&self); }\n",
    )
    found = [(f.qualified_name, f.arguments) for f in metrics.functions]
    assert found == [("Stack.push", 1), ("Stack.boxed", 2), ("Stack.empty", 0), ("Named.name", 0)]


def test_question_marks_and_guards_are_decisions_where_is_not() -> None:
    metrics = measure(
        "fn read(p: &str) -> Result<u8, E> where E: Debug {\n"
        "    let a = open(p)?.parse()?;\n"
        '    assert!(a > 0 && a < 9, "a && b in a string is no decision");\n'
        "    match a { n if n > 1 => Ok(n), _ => Ok(0) }\n"
        "}\n",
    )
    assert (metrics.functions[0].cyclomatic, metrics.functions[0].cognitive) == (6, 1)


def test_recursion_through_self_and_by_name() -> None:
    metrics = measure(
        "fn fact(n: u64) -> u64 { fact(n - 1) }\n"
        "impl A {\n"
        "    fn walk(&self) { self.walk() }\n"
        "    fn other(&self) { Other::walk() }\n"
        "    fn make() -> Self { Self::make() }\n"
        "}\n"
    )
    found = {f.name: f.cognitive for f in metrics.functions}
    assert found == {"fact": 1, "walk": 1, "other": 0, "make": 1}


def test_cohesion_follows_self() -> None:
    metrics = measure(
        "impl Pair {\n"
        "    fn left(&self) -> u8 { self.a + self.c }\n"
        "    fn set_left(&mut self) { self.a = self.c; }\n"
        "    fn right(&self) -> u8 { self.b * self.d }\n"
        "}\n"
    )
    assert [c.cohesion for c in metrics.classes] == [(("left", "set_left"), ("right",))]


def test_a_syntax_error_is_reported_at_its_line_and_the_rest_is_measured() -> None:
    metrics = measure("fn ok(a: bool) -> bool {\n    a && true\n}\n\nfn broken( {\n")
    assert metrics.syntax_error_line is not None
    assert metrics.syntax_error_line >= 5
    assert (metrics.functions[0].name, metrics.functions[0].cyclomatic) == ("ok", 2)


def test_deeply_nested_code_does_not_exhaust_the_stack() -> None:
    depth = 3000
    source = "fn deep(x: bool) {\n" + "if x {\n" * depth + "f();\n" + "}\n" * depth + "}\n"
    deep = measure(source).functions[0]
    assert (deep.cyclomatic, deep.nesting) == (depth + 1, depth)
    assert deep.cognitive == depth * (depth + 1) // 2


def test_scan_and_explain_a_rust_crate(repo: Repo) -> None:
    repo.write(
        "src/lib.rs",
        "pub struct Counter { n: u32 }\n"
        "impl Counter {\n"
        "    pub fn bump(&mut self, by: u32) -> u32 {\n"
        "        if by > 0 && self.n < 10 { self.n += by; }\n"
        "        self.n\n"
        "    }\n"
        "}\n",
    )
    repo.write("tests/bump.rs", "#[test]\nfn bumps() { assert_eq!(1, 1); }\n")
    repo.commit("a crate")
    result = run_cli("scan", str(repo.root), "--format", "json", "-q", "--offline")
    assert result.exit_code == 0, result.stderr
    files = {f["path"]: f for f in json.loads(result.stdout)["files"]}
    assert files["src/lib.rs"]["language"] == "rust"
    assert [f["cyclomatic"] for f in files["src/lib.rs"]["functions"]] == [3]
    assert files["tests/bump.rs"]["role"] == "test"
    explained = run_cli("explain", f"{repo.root}/src/lib.rs:Counter.bump", "-q")
    assert explained.exit_code == 0, explained.stderr
    assert "if" in explained.stdout
