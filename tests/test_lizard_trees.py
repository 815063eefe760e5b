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
