"""benchmarks/lizard_trees.py: what lizard took for a function where the tree has none."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))

import lizard_trees  # benchmarks/ is not a package: found through sys.path

SOURCE = b"""interface Hooks {
  leave(el: Element, done: () => void): void
  ce?: (instance: number) => void
}
declare function valueToPoint(a: number): number
const app = createApp({
  count: ref(1),
})
const code = `return { get x() { return x } }`
export function f(a: string): (() => void) | undefined {
  if (a) { return undefined }
  return () => {}
}
"""


@pytest.mark.parametrize(
    ("line", "name", "why"),
    [
        (2, "leave", lizard_trees.TYPE),
        (3, "ce?", lizard_trees.TYPE),
        (5, "valueToPoint", lizard_trees.SIGNATURE),
        (7, "ref", lizard_trees.CALL),
        (9, "x", lizard_trees.STRING),
        (10, "(anonymous)", lizard_trees.TYPE),
        (11, "if", lizard_trees.STATEMENT),
    ],
)
def test_the_tree_names_what_lizard_took_for_a_function(line: int, name: str, why: str) -> None:
    trees = lizard_trees.Trees()
    assert trees.phantom("typescript", "a.ts", SOURCE, (line, name)) == why


def test_other_languages_are_not_asked() -> None:
    assert lizard_trees.Trees().phantom("go", "a.go", b"package a\n", (1, "a")) is None


PHP = b"""<?php
class Gate {
    public function define($ability, $callback) {
        if (is_callable($callback)) {
            $this->abilities[$ability] = $callback;
        } elseif (is_string($callback)) {
            $this->abilities[$ability] = $this->build($ability, $callback);
        }
        return "<?php echo \\$__env->make({$ability}, get_defined_vars()); ?>";
    }
}
"""


@pytest.mark.parametrize(
    ("line", "name", "why"),
    [
        (6, "elseif", lizard_trees.STATEMENT),
        (7, "build", lizard_trees.CALL),
        (9, "(anonymous)", lizard_trees.STRING),
    ],
)
def test_php_phantoms_are_named_by_the_tree(line: int, name: str, why: str) -> None:
    assert lizard_trees.Trees().phantom("php", "Gate.php", PHP, (line, name)) == why


def test_a_function_past_the_last_parseable_line_is_codevitals_miss() -> None:
    source = b"function a() { return 1 }\nfunction b( {\nfunction c() { return 2 }\n"
    assert lizard_trees.Trees().phantom("typescript", "a.ts", source, (3, "c")) == (
        lizard_trees.UNPARSED
    )


JAVA = b"""enum Policy {
  IDENTITY() {
    String name() { return "x"; }
  };
}
class A {
  Object f() {
    try { g(); } catch (Exception e) { }
    return new Filter() {
      boolean keep() { return true; }
    };
  }
  private record Point(int x, int y) {}
}
"""


@pytest.mark.parametrize(
    ("line", "name", "why"),
    [
        (2, "IDENTITY", lizard_trees.ENUM_BODY),
        (8, "A::catch", lizard_trees.STATEMENT),
        (9, "A::Filter", lizard_trees.CLASS_BODY),
        (13, "A::Point", lizard_trees.CLASS_BODY),
    ],
)
def test_java_phantoms_are_named_by_the_tree(line: int, name: str, why: str) -> None:
    assert lizard_trees.Trees().phantom("java", "A.java", JAVA, (line, name)) == why


def test_a_cpp_macro_with_a_block_is_a_call_and_a_block_to_the_grammar() -> None:
    source = b"TEST(format_test, enum) {\n  if (x) { y(); }\n}\nint f() { return 1; }\n"
    assert lizard_trees.Trees().phantom("cpp", "a.cc", source, (1, "TEST")) == (
        lizard_trees.MACRO_BLOCK
    )


def test_a_csharp_function_in_a_later_branch_is_left_out_by_the_first_branch_reading() -> None:
    source = b"class A {\n#if NET20\n  void G() { }\n#else\n  void H() { }\n#endif\n}\n"
    trees = lizard_trees.Trees()
    assert trees.phantom("csharp", "A.cs", source, (5, "A::H")) == lizard_trees.LATER_BRANCH
    assert trees.phantom("csharp", "A.cs", source, (3, "A::G")) is None
