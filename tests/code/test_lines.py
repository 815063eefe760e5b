"""Line measures: Python's comment removal and the token count of each line."""

from __future__ import annotations

from codevitals.code.lines import LineTable
from codevitals.parse.python import PYTHON


def test_python_comments_go_and_hashes_inside_one_line_strings_stay() -> None:
    source = (
        b"a = 1  # one\n"
        b"# whole line\n"
        b"s = '#' + \"it's # \\\" #\"  # two\n"
        b"t = 'open # not closed\n"
        b"u = 'a\\'#' # three\r\n"
        b"\n"
        b"x = 2 # last, no newline"
    )
    assert PYTHON.uncomment(source, ()) == (
        b"a = 1  \n"
        b"\n"
        b"s = '#' + \"it's # \\\" #\"  \n"
        b"t = 'open # not closed\n"  # a quote that does not pair up hides what follows
        b"u = 'a\\'#' \n"  # the comment takes the carriage return with it
        b"\n"
        b"x = 2 "
    )


def test_python_source_without_a_hash_is_returned_as_it_is() -> None:
    source = b"def f():\n    return 'no comment'\n"
    assert PYTHON.uncomment(source, ()) is source


def test_names_numbers_and_strings_are_one_token_and_other_bytes_one_each() -> None:
    source = (
        'a = f(1.5e3, "x y")  # c\n'  # the comment is no token
        "  'it\\'s' + b\"#\"\n"  # an escaped quote stays inside its string
        'x = "open\n'  # an unclosed quote is a token of its own
        "\u00e9t\u00e9 .5 a.b 1.x.y\n"  # each byte of a non-ASCII letter is a token
        "\n"
    ).encode()
    table = LineTable.of(source, [])
    assert table.tokens == [8, 4, 4, 11, 0]
    assert table.code == [True, True, True, True, False]
