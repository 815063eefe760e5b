"""Swift through the language seam: names, accessors, closures, cohesion and `?.`/`??`.

The hand-counted complexity of `languages/whitepaper.swift` is checked with every fixture by
`test_languages.py`; bad input and the CLI end to end by `test_lang_end_to_end.py`.
"""

from __future__ import annotations

from pathlib import Path

from codevitals.code.analyse import analyse
from codevitals.model import FileMetrics
from codevitals.parse import registry

FIXTURE = Path(__file__).parent / "languages" / "whitepaper.swift"


def swift(source: bytes) -> FileMetrics:
    metrics = analyse(source, max_size=1 << 20, language=registry.get("swift")).metrics
    assert metrics is not None
    return metrics


def test_functions_inits_and_accessors_are_named_as_lizard_names_them() -> None:
    metrics = swift(FIXTURE.read_bytes())
    assert [(f.qualified_name, f.arguments) for f in metrics.functions] == [
        ("sumOfPrimes", 1),
        ("getWords", 1),
        ("myMethod", 2),
        ("chain", 4),
        ("guarded", 1),
        ("Account.get", 0),
        ("Account.set", 0),
        ("Account.init", 1),
        ("Account.deposit", 1),
        ("Account.describe", 0),
        ("Account.handlers", 0),
        ("Account.open", 1),
    ]


def test_a_protocol_requirement_is_no_function() -> None:
    assert swift(b"protocol P {\n  func f()\n}\n").functions == ()


def test_optional_chaining_and_nil_coalescing_are_no_decisions() -> None:
    (f,) = swift(b"func f(a: A?) -> Int {\n  return a?.b?.c ?? 0\n}\n").functions
    assert (f.cyclomatic, f.cognitive) == (1, 0)


def test_cohesion_follows_self() -> None:
    (account,) = swift(FIXTURE.read_bytes()).classes
    # `init` is left out, `open` is static, and the accessors of `label` are part of a
    # property, not methods: `deposit` and `describe` share nothing.
    assert account.cohesion == (("deposit",), ("describe",))


def test_an_extension_reads_members_through_self_alone() -> None:
    # The properties an extension's methods use are declared with the type, elsewhere.
    (extension,) = swift(
        b"extension A {\n  func f() -> Int { count }\n"
        b"  func g() -> Int { count + self.total + self.extra }\n}\n"
    ).classes
    assert extension.cohesion == (("g",),)


def test_cohesion_reads_bare_properties_but_not_static_ones_or_locals() -> None:
    account = swift(
        b"""class A {
  var count = 0
  var step = 1
  static var total = 0
  let name: String
  let suffix = "!"
  func get() -> Int { return count * step }
  func inc() { count += step; A.total += 1 }
  func label() -> String { return name + suffix }
  func describe() -> String { return "\\(label())!" }
  func shadow(count: Int) -> Int { let name = 1; return count + name }
  init(name: String) { self.name = name }
}
"""
    ).classes[0]
    assert account.cohesion == (("get", "inc"), ("label", "describe"))
