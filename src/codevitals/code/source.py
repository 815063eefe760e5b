"""Reading a file's bytes as source: what to skip, and how to decode the rest.

Source that is not UTF-8 is common outside Python: GBK or GB18030 in Chinese code bases,
Shift-JIS in Japanese ones, Latin-1 in old European ones, UTF-16 from Windows editors. A
byte-order mark decides first; then UTF-8; then, for languages without an encoding
declaration of their own, charset-normalizer's best guess. Python keeps PEP 263: its coding
cookie, else UTF-8, as the interpreter reads it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from codevitals.parse import content

_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_BLANK_OR_COMMENT = re.compile(rb"^[ \t\f]*(?:[#\r\n]|$)")
_ASCII_PROBE = "# coding: x = 1\n"


@dataclass(frozen=True, slots=True)
class Decoded:
    """Source re-encoded as UTF-8 for tree-sitter, with a note when decoding needed help."""

    utf8: bytes
    note: str | None = None


def skip_reason(data: bytes, max_size: int) -> str | None:
    """Why a file's content should not be analysed, or None to analyse it."""
    if len(data) > max_size:
        return "too-large"
    return content.kind(data)


def decode(data: bytes, *, cookie: bool = True) -> Decoded:
    """Decode source and re-encode it as UTF-8; line breaks (CRLF too) are kept as they are.

    A byte-order mark decides first. With `cookie` (Python) PEP 263 applies: a coding
    cookie, else UTF-8. Without (languages that declare no encoding in the file), source
    that is not UTF-8 is decoded in the encoding charset-normalizer finds most likely.
    Undecodable bytes do not stop the analysis: they are replaced and the result says so.
    """
    marked = content.bom(data)
    if marked is not None:
        bom, encoding = marked
        return _decode_as(data[len(bom) :], encoding, probe=False)
    encoding = (_declared_encoding(data) if cookie else None) or "utf-8"
    if not _is_utf8(encoding):
        return _decode_as(data, encoding)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        guessed = None if cookie else _guess(data)
        return guessed or Decoded(
            data.decode("utf-8", "replace").encode("utf-8"),
            f"not valid UTF-8 at byte {error.start}; undecodable bytes replaced",
        )
    return Decoded(data)


def _guess(data: bytes) -> Decoded | None:
    """`data` decoded in the encoding charset-normalizer finds most likely, if any."""
    # Imported here: most repositories never need it, and it builds tables when imported.
    import charset_normalizer  # noqa: PLC0415

    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    return _decode_as(data, best.encoding, probe=False)


def _decode_as(data: bytes, encoding: str, *, probe: bool = True) -> Decoded:
    """`data` decoded as `encoding`.

    With `probe` (an encoding a coding cookie names), the encoding must write the cookie
    itself as ASCII does.
    """
    try:
        if probe and _ASCII_PROBE.encode(encoding) != _ASCII_PROBE.encode("ascii"):
            # UTF-16 and the like: the cookie itself could not have been written in it.
            raise LookupError(encoding)
        return Decoded(data.decode(encoding).encode("utf-8"))
    except LookupError:
        return Decoded(
            data.decode("utf-8", "replace").encode("utf-8"),
            f"unknown encoding {encoding!r}; read as UTF-8",
        )
    except UnicodeDecodeError as error:
        return Decoded(
            data.decode(encoding, "replace").encode("utf-8"),
            f"not valid {encoding} at byte {error.start}; undecodable bytes replaced",
        )


def _declared_encoding(data: bytes) -> str | None:
    # PEP 263 as CPython's tokenizer applies it: a cookie on the first line, or on the second
    # when the first holds only a comment (a shebang) or nothing.
    lines = data.split(b"\n", 2)
    match = _COOKIE.match(lines[0])
    if match is None and len(lines) > 1 and _BLANK_OR_COMMENT.match(lines[0]):
        match = _COOKIE.match(lines[1])
    return match.group(1).decode("ascii", "replace") if match else None


def _is_utf8(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False
