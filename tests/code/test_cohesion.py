"""Which members of its instance a method uses: the receiver and only the receiver."""

from __future__ import annotations

import pytest

from codevitals.code.cohesion import Method, accessors, groups, uses


@pytest.mark.parametrize(
    ("receiver", "body", "members"),
    [
        ("self", b"self.a + myself.b + x.self.c + self->d", {b"a", b"d"}),
        ("this", b"this.a; $this->b; that.this.c", {b"a", b"b"}),
        ("$this", b"$this->a; a$this->b; $this.c", {b"a", b"c"}),
        ("@", b"@a + x@b + @c", {b"a", b"c"}),
        ("this", b"this.#a; this.$b; this.c$d; #e", {b"#a", b"$b", b"c$d"}),
    ],
)
def test_a_member_is_read_through_the_receiver_alone(
    receiver: str, body: bytes, members: set[bytes]
) -> None:
    [(_, used)] = uses(body, [Method("m", receiver, 0, len(body))])
    assert used == members


def test_the_byte_before_a_method_still_tells_a_longer_name() -> None:
    # Only the method's bytes are searched, yet `myself` begins before them: not `self`.
    source = b"myself.a; self.b"
    [(_, used)] = uses(source, [Method("m", "self", 2, len(source))])
    assert used == {b"b"}


def test_a_bare_name_is_a_member_only_where_the_class_declares_it() -> None:
    # `count` is a field and `reset` a method; neither a string, another object's member,
    # a static member, a local nor the method's own name is the instance's.
    body = b'int f() { return count + "count".length() + other.count + p->count + A::count; }'
    method = Method("f", "this", 0, len(body))
    [(_, used)] = uses(body, [method], frozenset(), frozenset({"count"}))
    assert used == {b"count"}
    quoted = b"void g() { log(\"count\", 'count'); f(); }"
    calls = [method, Method("g", "this", 0, len(quoted))]
    assert uses(quoted, calls, frozenset(), frozenset({"count"}))[1] == ("g", frozenset({b"f"}))
    shadowed = Method("f", "this", 0, len(body), frozenset({b"count"}))
    assert uses(body, [shadowed], frozenset(), frozenset({"count"})) == [("f", frozenset())]


def test_bare_names_are_ignored_where_members_need_the_receiver() -> None:
    body = b"def f(self): return count + self.total"
    [(_, used)] = uses(body, [Method("f", "self", 0, len(body))])
    assert used == {b"total"}


def test_an_accessor_is_left_out_and_a_call_to_it_uses_its_field() -> None:
    # get_total and rename each use one field and call nothing: accessors. describe calls
    # get_total, so it uses `total`, which add uses too: one group, not three.
    methods = [
        ("get_total", frozenset({b"total"})),
        ("add", frozenset({b"total", b"items"})),
        ("rename", frozenset({b"name"})),
        ("describe", frozenset({b"get_total", b"label"})),
    ]
    assert accessors(dict(methods)) == {b"get_total": b"total", b"rename": b"name"}
    assert groups(methods) == (("add", "describe"),)


def test_a_class_of_accessors_has_no_groups() -> None:
    # A bean's getters and setters, and a builder's setters named as their fields.
    bean = [("getX", frozenset({b"x"})), ("setX", frozenset({b"x"})), ("getY", frozenset({b"y"}))]
    assert groups(bean) == ()
    builder = [("timeout", frozenset({b"timeout"})), ("retries", frozenset({b"retries"}))]
    assert accessors(dict(builder)) == {b"timeout": b"timeout", b"retries": b"retries"}
    assert groups(builder) == ()


def test_a_method_that_calls_a_method_of_its_class_is_no_accessor() -> None:
    methods = [
        ("reset", frozenset({b"clear"})),
        ("clear", frozenset({b"items", b"size"})),
        ("count", frozenset({b"size", b"total"})),
        ("log", frozenset({b"logger", b"level"})),
    ]
    assert accessors(dict(methods)) == {}
    assert groups(methods) == (("reset", "clear", "count"), ("log",))
