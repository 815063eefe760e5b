"""Which members of its instance a method uses: the receiver and only the receiver."""

from __future__ import annotations

import pytest

from codevitals.code.cohesion import Method, uses


@pytest.mark.parametrize(
    ("receiver", "body", "members"),
    [
        ("self", b"self.a + myself.b + x.self.c + self->d", {b"a", b"d"}),
        ("this", b"this.a; $this->b; that.this.c", {b"a", b"b"}),
        ("$this", b"$this->a; a$this->b; $this.c", {b"a", b"c"}),
        ("@", b"@a + x@b + @c", {b"a", b"c"}),
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
