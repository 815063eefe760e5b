"""benchmarks/lizard_tokens.py: why lizard's CCN differs on PHP, Ruby, Swift, Scala, JS and TS."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))

import lizard_tokens  # benchmarks/ is not a package: found through sys.path

# Each case: a function's lines and lizard 1.17.10's CCN minus codevitals' for them (printed
# by `lizard -l LANGUAGE` on these probes and by `codevitals scan`).
PROBES = {
    "php": [
        (["function a($x) {", "  return $x ?? 1;", "}"], 1),
        (["function c($x) { foreach ($x as $y) {} }"], -1),
        (["function e($x) { return $x and $y or $z; }"], -2),
        (["function f(?Foo $x): ?int {", "  return 1;", "}"], 2),
        (["function g($x) {", "  return ['a' => $x ? 1 : 2];", "}"], -1),
        (["public function __construct(", "    public ?Throwable $e = null,", ") {", "}"], 1),
        (
            [
                "public function m($t) {",
                "    return match ($t) {",
                "        'a', 'b' => 1,",
                "        'c' => [1, 2],",
                "        default => 3,",
                "    };",
                "}",
            ],
            -2,
        ),
        (
            [
                "public static function lua() {",
                "    return <<<'LUA'",
                'if redis.call("get") == 1 then',
                "    if x > 0 then return 1 end",
                "end",
                "LUA;",
                "}",
            ],
            2,
        ),
        (["fn ($key) => array_key_exists($key ?? '', $this->items)"], 1),
    ],
    "ruby": [
        (["def c(x)", "  return 1 unless x", "end"], -1),
        (["def b(x)", "  x&.y", "end"], -1),
        (["def d(x)", "  begin", "    y", "  ensure", "    z", "  end", "end"], 1),
        (["def f(x)", "  x[?a] + List.for(x)", "end"], 2),
    ],
    "javascript": [
        (["function f1(a) { return a ?? 1 }"], 1),
        (["function g1(s) { return /a(?:b|c)?$/.test(s) }"], 2),
    ],
    "typescript": [
        (["function f1(a: any) { return a ?? 1 }"], 1),
        (["function f7(a: any) { a ??= 1; return a }"], 1),
        (["function f2(a: any) { return a?.b }"], -1),
        (["function f5(a: any) { return `x ${a} if && || ? for` }"], 5),
        (['function f6(a: any) { return `v-if="foo &&', 'bar"` }'], 1),
        (["function g1(s: string) { return /a(?:b|c)?$/.test(s) }"], 2),
        (["function h(a: any) {", "  type X = A extends string ? 1 : 2", "  return a", "}"], 1),
    ],
    "swift": [
        (["func f(a: [Int]?) {", "  g(a)", "}"], 1),
        (["func task(for request: R) {", "  g()", "}"], 1),
        (["func f(x: E) {", "  guard case let .a(y) = x else { return }", "}"], 1),
    ],
}


@pytest.mark.parametrize(
    ("language", "lines", "delta"),
    [(language, lines, delta) for language, cases in PROBES.items() for lines, delta in cases],
)
def test_each_probe_is_explained_and_no_other_difference_is(
    language: str, lines: list[str], delta: int
) -> None:
    assert lizard_tokens.explain(language, lines, 5, 5 + delta) is not None
    assert lizard_tokens.explain(language, lines, 5, 5 + delta + 1) is None


def test_strings_and_comments_hold_no_construct() -> None:
    lines = ["function f($x) {", "  return '??' . \"foreach\"; // and ??", "}"]
    assert lizard_tokens.explain("php", lines, 1, 1) is None  # nothing differs: no class


def test_an_array_item_is_lizard_s_phantom_arrow_function() -> None:
    assert lizard_tokens.phantom("php", "    'name' => env('APP_NAME'),") is not None
    assert lizard_tokens.phantom("php", "    $f = fn($x) => $x;") is None
    assert lizard_tokens.phantom("swift", "        super.init(id: id)") is not None


def test_a_def_with_type_parameters_is_one_lizard_misses() -> None:
    assert lizard_tokens.missed("scala", "  def opt[A: Read](name: String): OParser[A, C] =")
    assert lizard_tokens.missed("scala", "  def note(x: String): OParser[Unit, C] =") is None


def test_a_lone_quote_in_a_template_string_is_why_no_count_holds() -> None:
    lines = [
        "function f(exp: string) {",
        "  if ((exp[0] === `'` && exp[1] === `'`) || exp) {",
        "  }",
        "}",
    ]
    explained = lizard_tokens.explain("typescript", lines, 4, 3)
    assert explained == lizard_tokens.QUOTE_IN_TEMPLATE
    assert lizard_tokens.explain("typescript", ["function g() { return `a 'b' c` }"], 1, 3) is None
