"""``_wire.read_json``'s two readers (the stdlib with one reused decoder, msgspec when installed)
against the reference ``json.loads(data, parse_float=Decimal, parse_constant=no_constant)``:
the same values, exactly (Decimal digits, int sizes, key order), and the same errors."""

from __future__ import annotations

import codecs
import decimal
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.runtime import _wire as wire

msgspec_reader = wire._msgspec_reader()
READERS: dict[str, Callable[[Any], Any]] = {"stdlib": wire.stdlib_json}
if msgspec_reader is not None:
    READERS["msgspec"] = msgspec_reader


def reference(data: Any) -> Any:
    return json.loads(data, parse_float=decimal.Decimal, parse_constant=wire.no_constant)


def exact(value: Any) -> Any:
    """``value`` with every leaf tagged by its type and text, so ``1 != Decimal(1)`` and ``1.0 != 1.00``."""
    if isinstance(value, dict):
        return ("dict", [(k, exact(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [exact(v) for v in value])
    return (type(value).__name__, repr(value))


def outcome(read: Callable[[Any], Any], data: Any) -> Any:
    """What reading ``data`` gives: the exact value, or the error's type and message."""
    try:
        return exact(read(data))
    except (ValueError, ArithmeticError, RecursionError, TypeError) as exc:
        return ("error", type(exc).__name__, str(exc))


def agree(data: Any) -> None:
    expected = outcome(reference, data)
    for name, read in READERS.items():
        assert outcome(read, data) == expected, name


CASES: list[Any] = [
    b'{"a":1,"b":[true,false,null],"c":"x"}',
    b' \n{"a": 1.50} \r\n\t',
    b'{"a":1} x',
    b'{"a":1}{}',
    b"",
    b"   ",
    b"\xef\xbb\xbf{}",
    "\ufeff{}",
    b'{"a":NaN}',
    b"[Infinity]",
    b"[-Infinity]",
    b"[1,]",
    b'{"a":1,}',
    b'"\\ud800"',
    b'"\xed\xa0\x80"',
    b'"a\x01b"',
    b'"\xff"',
    b"\x0c{}",
    b"{}\x00",
    b"1\x00",
    b"-0",
    b"-0.0",
    b"1E400",
    b"1e99999999999999999999",
    b"123456789012345678901234567890",
    b"-18446744073709551616",
    b"1" * 5000,
    b"0." + b"1" * 5000,
    b'{"a":1,"a":2,"A":3}',
    b'"\\/Date(1)\\/"',
    b"[" * 100_000,
    b"[" * 5000 + b"]" * 5000,
    '{"k":"é\ud800"}',
    "[1, 2] ",
    bytearray(b'{"a":[1]}'),
    3,
    None,
]


@pytest.mark.parametrize("data", CASES, ids=lambda d: repr(d)[:30])
def test_each_reader_gives_json_loads_values_and_errors(data: Any) -> None:
    agree(data)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_bytes_in_any_encoding_json_loads_detects(encoding: str) -> None:
    agree('{"name":"é€😀","n":[1,2.5]}'.encode(encoding))
    agree("[7]".encode(encoding))


_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.text(st.characters(codec=None)),
)
_docs = st.recursive(_leaf, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=12)


def _write(value: Any, ascii_only: bool, space: str) -> str:
    text = json.dumps(value, ensure_ascii=ascii_only)
    # json.dumps writes a Decimal as a string: write its digits as a number instead.
    return space + text.replace('"__D', "").replace('D__"', "") + space


def _marked(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return f"__D{value}D__"
    if isinstance(value, list):
        return [_marked(v) for v in value]
    if isinstance(value, dict):
        return {k: _marked(v) for k, v in value.items()}
    return value


@settings(max_examples=300, deadline=None)
@given(value=_docs, ascii_only=st.booleans(), space=st.sampled_from(["", " ", "\n\t ", "\r"]), as_bytes=st.booleans())
def test_documents_read_the_same(value: Any, ascii_only: bool, space: str, as_bytes: bool) -> None:
    text = _write(_marked(value), ascii_only, space)
    if as_bytes:
        try:
            agree(text.encode("utf-8", "surrogatepass"))
        except UnicodeEncodeError:
            return
    else:
        agree(text)


@settings(max_examples=300, deadline=None)
@given(value=_docs, cut=st.integers(min_value=0), junk=st.binary(max_size=3))
def test_damaged_documents_fail_the_same(value: Any, cut: int, junk: bytes) -> None:
    data = _write(_marked(value), True, "").encode("ascii")
    at = cut % (len(data) + 1)
    agree(data[:at] + junk + data[at + 1 :])


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=24))
def test_arbitrary_bytes_read_the_same(data: bytes) -> None:
    agree(data)


def test_the_stdlib_reader_is_the_fallback_and_msgspec_is_loaded_lazily(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wire, "read_json", wire._first_read)
    assert wire.read_json(b'{"a":1.5}') == {"a": decimal.Decimal("1.5")}
    chosen = wire.read_json
    assert chosen is not wire._first_read
    assert (chosen is wire.stdlib_json) == (msgspec_reader is None)


def test_bom_in_text_is_refused_by_both() -> None:
    for read in READERS.values():
        with pytest.raises(json.JSONDecodeError, match="BOM"):
            read("\ufeff{}")
    assert codecs.BOM_UTF8 + b"{}" and wire.stdlib_json(codecs.BOM_UTF8 + b"{}") == {}
