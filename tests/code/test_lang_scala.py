"""Scala through the language seam: names, curried parameters, `catch` cases and cohesion.

The hand-counted complexity of `languages/whitepaper.scala` is checked with every fixture
by `test_languages.py`; bad input and the CLI end to end by `test_lang_end_to_end.py`.
"""

from __future__ import annotations

from pathlib import Path

from codevitals.code.analyse import analyse
from codevitals.model import FileMetrics
from codevitals.parse import registry

FIXTURE = Path(__file__).parent / "languages" / "whitepaper.scala"


def scala(source: bytes) -> FileMetrics:
    metrics = analyse(source, max_size=1 << 20, language=registry.get("scala")).metrics
    assert metrics is not None
    return metrics


def test_defs_are_named_with_their_owner_and_every_parameter_list() -> None:
    metrics = scala(FIXTURE.read_bytes())
    assert [(f.qualified_name, f.arguments) for f in metrics.functions] == [
        ("Primes.sumOfPrimes", 1),
        ("Primes.getWords", 1),
        ("Primes.myMethod", 2),
        ("Primes.chain", 4),
        ("Primes.guards", 2),
        ("Account.this", 0),
        ("Account.deposit", 1),
        ("Account.describe", 0),
        ("Account.handlers", 0),
        ("Account.retry", 0),
    ]


def test_an_abstract_def_is_no_function() -> None:
    assert scala(b"trait T {\n  def f(x: Int): Int\n}\n").functions == ()


def test_n_handlers_of_a_catch_are_n_decisions() -> None:
    source = (
        b"object A {\n  def f() = try g() catch {\n    case a: A => 1\n    case b: B => 2\n  }\n}\n"
    )
    (f,) = scala(source).functions
    assert (f.cyclomatic, f.cognitive) == (3, 1)


def test_cohesion_follows_this() -> None:
    (primes, account) = scala(FIXTURE.read_bytes()).classes
    assert primes.cohesion == ()
    # `this` (the auxiliary constructor) is left out; `deposit` and `retry` share
    # `this.balance` and `this.fee`, `describe` uses `this.owner` and `this.title`.
    assert account.cohesion == (("deposit", "retry"), ("describe",))


def test_cohesion_reads_parameters_vals_and_vars_by_their_bare_names() -> None:
    (a, o) = scala(
        b"""class A(val x: Int, y: Int) {
  var count, other = 0
  val (p, q) = (1, 2)
  def get(): Int = count + other
  def inc(): Unit = { count += 1; other -= 1 }
  def py = p + y
  def qq = q * x
  def both = py + qq
  def shadow(count: Int) = { val p = 1; count + p }
}
object O { val k = 1; val j = 2; def f = k + j; def g = "k" }
"""
    ).classes
    assert a.cohesion == (("get", "inc"), ("py", "qq", "both"))
    assert o.cohesion == (("f",),)
