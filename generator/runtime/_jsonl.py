"""Runtime helpers of JSON Lines (``text/jsonl``): one JSON document per line, UTF-8, ``\\n`` terminated.

The documents themselves are read and written by the package's JSON codecs; this
module only joins and splits lines and says which line a failure is on.  Reading
is lenient about the framing (``\\r\\n`` line ends, blank lines, a missing final
newline) and strict about the count: one object expected means exactly one line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from .errors import DecodeError, EncodeError

T = TypeVar("T")
Line = tuple[int, bytes]
"""(1-based line number in the whole message, the line's bytes without its line end)."""


def join(documents: Iterable[bytes]) -> bytes:
    """The documents as JSON Lines: each on its own line, every line ``\\n`` terminated."""
    out = bytearray()
    for document in documents:
        # JSON escapes CR and LF inside strings, so a document holding one is a codec bug, not data.
        if b"\n" in document or b"\r" in document:
            raise EncodeError("a JSON document spans more than one line")
        out += document + b"\n"
    return bytes(out)


def lines(data: bytes | str) -> list[Line]:
    """The non-blank lines of ``data`` with their numbers (``\\r\\n`` and a missing final newline tolerated)."""
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    found: list[Line] = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if line.strip():
            found.append((number, line[:-1] if line.endswith(b"\r") else line))
    return found


def only_line(data: bytes | str) -> Line:
    """The one document line of ``data``; DecodeError when there is none or a second one."""
    found = lines(data)
    if not found:
        raise DecodeError("no JSON document (the message is empty or blank)", "", _raw(data))
    if len(found) > 1:
        raise DecodeError(f"line {found[1][0]}: a second JSON document where one object is expected", "", _raw(data))
    return found[0]


def decode_line(decode: Callable[[bytes], T], line: Line, data: bytes | str) -> T:
    """``decode`` one line; its DecodeError gains the line number and the whole message as ``raw``."""
    number, text = line
    try:
        return decode(text)
    except DecodeError as exc:
        message = str(exc)[len(exc.path) + 2 :] if exc.path else str(exc)
        # json's own position is within the line, which is always line 1 of the document.
        message = message.replace(": line 1 column ", ": column ")
        raise DecodeError(f"line {number}: {message}", exc.path, _raw(data)) from None


def _raw(data: bytes | str) -> bytes:
    return data if isinstance(data, bytes) else data.encode("utf-8", "replace")
