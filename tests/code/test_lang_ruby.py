"""Ruby through the language seam: names, `it` examples, blocks, cohesion and comments.

The hand-counted complexity of `languages/whitepaper.rb` is checked with every fixture by
`test_languages.py`; bad input and the CLI end to end by `test_lang_end_to_end.py`.
"""

from __future__ import annotations

from pathlib import Path

from codevitals.code.analyse import analyse
from codevitals.model import FileMetrics
from codevitals.parse import registry

FIXTURE = Path(__file__).parent / "languages" / "whitepaper.rb"


def ruby(source: bytes) -> FileMetrics:
    metrics = analyse(source, max_size=1 << 20, language=registry.get("ruby")).metrics
    assert metrics is not None
    return metrics


def test_files_find_the_ruby_front_end() -> None:
    assert registry.for_content("lib/app.rb", b"").name == "ruby"
    assert registry.for_content("Rakefile.rake", b"").name == "ruby"
    assert registry.for_content("bin/tool", b"#!/usr/bin/env ruby\n").name == "ruby"


def test_methods_singletons_and_examples_are_named_as_lizard_names_them() -> None:
    metrics = ruby(FIXTURE.read_bytes())
    assert [(f.qualified_name, f.arguments) for f in metrics.functions] == [
        ("sum_of_primes", 1),
        ("get_words", 1),
        ("my_method", 2),
        ("chain", 4),
        ("guards", 6),
        ("Account.initialize", 1),
        ("Account.deposit", 1),
        ("Account.describe", 0),
        ("Account.retry_withdrawal", 0),
        ("Account.self.open", 1),
        ("finds the account", 0),
    ]


def test_an_example_s_block_is_the_function_not_a_closure_in_it() -> None:
    (example,) = ruby(b'it "works" do\n  x if y\nend\n').functions
    assert (example.cognitive, example.nesting) == (1, 0)


def test_a_block_nests_what_it_holds() -> None:
    (each,) = ruby(b"def f(xs)\n  xs.each { |x| g if x }\nend\n").functions
    assert each.cognitive == 2


def test_cohesion_follows_instance_variables() -> None:
    (account,) = ruby(FIXTURE.read_bytes()).classes
    # `initialize` is left out; the three others share @balance or @owner.
    assert account.cohesion == (("deposit", "retry_withdrawal"), ("describe",))


def test_comments_are_not_code() -> None:
    metrics = ruby(b"# one\n=begin\ntwo\n=end\na = 1 # three\n")
    assert (metrics.lines, metrics.code_lines) == (5, 1)


def test_a_class_s_methods_and_attributes_are_read_by_their_bare_names() -> None:
    source = b"""class Account
  attr_reader :owner, :age
  def initialize(owner); @owner = owner; @total = 0; end
  def describe(prefix)
    limit = 2
    prefix + owner + summary(limit)
  end
  def summary(n)
    @total.to_s * n + @currency
  end
  def label(owner)
    owner.upcase + self.title + @suffix
  end
  def title
    @title || @suffix
  end
  def lookup
    params[:other] + @cache.to_s + @keys.to_s
  end
end
module Helpers
  attr_reader :name
  def greet
    name + greeting
  end
  def greeting
    @greeting + @style
  end
end
"""
    account, helpers = ruby(source).classes
    # `describe` calls `summary` and reads `owner` bare; `label` takes a parameter named
    # `owner` (no member then) and calls `title` through `self.`.
    assert account.cohesion == (("describe", "summary"), ("label", "title"), ("lookup",))
    # In a module a bare `name` is no member: `greet` uses nothing, and is left out.
    assert helpers.cohesion == (("greeting",),)


def test_a_predicate_or_bang_method_is_called_by_its_bare_name() -> None:
    source = b"""class Order
  def valid?
    @total > 0 && @items.any?
  end

  def save!
    raise "invalid" unless valid?
    @log.info("saved") if ok? && @total != 0
  end

  def notify
    @mailer.deliver(@log)
    x = ready ? 1 : 2
  end
end
"""
    (order,) = ruby(source).classes
    # `save!` calls `valid?` (and shares @log with `notify`); `ok?` is no method of Order.
    assert order.cohesion == (("valid?", "save!", "notify"),)
