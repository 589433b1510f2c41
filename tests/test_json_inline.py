"""The JSON codecs' inline fast paths (benchmarks/README.md, "Codecs on the corpus's own DTOs") agree
with the converters they skip: values of the exact type are kept or written inline, anything else
(subclasses, wrong types, None) still reaches the converter, with the same result or error and path.
``from_json`` gives the same objects and the same errors with either JSON reader."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import importlib
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.runtime import _wire as runtime_wire
from test_codecs import _instances, kitchen  # noqa: F401  (a fixture, used by name)


def _sibling(c: ModuleType, name: str) -> ModuleType:
    return importlib.import_module(c.__name__.rpartition(".")[0] + "." + name)


class Text(str):
    """A str subclass: not the exact type, so it takes the converter."""


class Number(enum.IntEnum):
    SEVEN = 7


def test_subclasses_and_wrong_types_take_the_converter(kitchen: Any) -> None:
    m, c = kitchen
    errors = _sibling(c, "errors")
    obj = m.EverythingRequest(text=Text('a"b'), number=Number.SEVEN, flag=True, day=dt.date(2024, 2, 29), color=m.Color.GREEN)
    wire = c.to_json(obj)
    assert b'"Text":"a\\"b"' in wire and b'"Number":7' in wire and b'"Flag":true' in wire
    assert b'"Day":"2024-02-29"' in wire and b'"Color":"Green"' in wire
    back = c.from_json(m.EverythingRequest, wire)
    assert (back.text, back.number, back.flag, back.day, back.color) == ('a"b', 7, True, dt.date(2024, 2, 29), m.Color.GREEN)
    for attr, bad, message in [
        ("number", True, "expected int"),
        ("text", 3, "expected str"),
        ("flag", 1, "expected bool"),
        ("day", dt.datetime(2024, 2, 29), "expected date"),
        ("color", 3, "expected an enum member"),
    ]:
        with pytest.raises(errors.EncodeError, match=message) as info:
            c.to_json(dataclasses.replace(obj, **{attr: bad}))
        assert info.value.path == {"number": "Number", "text": "Text", "flag": "Flag", "day": "Day", "color": "Color"}[attr]
    assert b'"Color":"NotAColor"' in c.to_json(dataclasses.replace(obj, color="NotAColor"))


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        (b'{"Text":3}', "Text", "expected a string"),
        (b'{"Number":"3"}', "Number", "expected an integer"),
        (b'{"Number":3.0}', "", ""),  # an integral number is an int unless strict
        (b'{"Flag":1}', "Flag", "expected true or false"),
        (b'{"Day":"2024-02-30"}', "Day", "not a date"),
        ("{\"Day\":\"2024-0\uff12-01\"}".encode(), "", ""),  # int() reads any Unicode digit: the full parser accepts it
        (b'{"Tags":["a",null,"b"]}', "Tags[1]", "null item"),
        (b'{"Tags":["a","b",7]}', "Tags[2]", "expected a string"),
        (b'{"Items":[{"Name":"x"},{"Name":5}]}', "Items[1].Name", "expected a string"),
        (b'{"Color":["Red"]}', "Color", "expected a scalar"),
    ],
)
def test_decode_errors_name_the_member_on_every_reader(kitchen: Any, monkeypatch: pytest.MonkeyPatch, data: bytes, path: str, message: str) -> None:
    m, c = kitchen
    errors, wire = _sibling(c, "errors"), _sibling(c, "_wire")
    outcomes = []
    for reader in _readers(wire):
        monkeypatch.setattr(wire, "read_json", reader)
        try:
            outcomes.append(("ok", c.from_json(m.EverythingRequest, data)))
        except errors.DecodeError as exc:
            outcomes.append(("error", exc.path, str(exc)))
    assert all(o == outcomes[0] for o in outcomes)
    if message:
        assert outcomes[0][0] == "error" and outcomes[0][1] == path and message in outcomes[0][2]
    else:
        assert outcomes[0][0] == "ok"


def _readers(wire: ModuleType) -> list[Any]:
    readers = [wire.stdlib_json]
    fast = wire._msgspec_reader()
    if fast is not None:
        readers.append(fast)
    return readers


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_both_readers_decode_the_same_objects(kitchen: Any, data: st.DataObject) -> None:
    m, c = kitchen
    wire = _sibling(c, "_wire")
    text = c.to_json(data.draw(_instances(m, json_dates=True)))
    decoded = []
    for reader in _readers(wire):
        previous, wire.read_json = wire.read_json, reader
        try:
            decoded.append(c.from_json(m.EverythingRequest, text))
        finally:
            wire.read_json = previous
    assert all(d == decoded[0] and repr(d) == repr(decoded[0]) for d in decoded)


@given(st.text(max_size=12) | st.dates().map(dt.date.isoformat) | st.from_regex(r"\A\d{4}-\d\d-\d\d\Z"))
def test_fast_date_read_equals_the_full_parser(text: str) -> None:
    try:
        expected: Any = runtime_wire.parse_datetime(text).date()
    except runtime_wire.Bad as exc:
        expected = ("bad", exc.message)
    try:
        got: Any = runtime_wire.json_date(text, False)
    except runtime_wire.Bad as exc:
        got = ("bad", exc.message)
    assert got == expected


@given(st.lists(st.one_of(st.text(max_size=3), st.none(), st.integers()), max_size=6), st.booleans())
def test_list_fast_path_equals_the_indexed_loop(items: list[Any], nullable: bool) -> None:
    def outcome(run: Any) -> Any:
        try:
            return ("ok", run())
        except runtime_wire.Bad as exc:
            return ("bad", exc.message, exc.path)

    decode = runtime_wire.ListOf(runtime_wire.json_str, nullable)
    slow = outcome(lambda: [decode.one(v, i, False) for i, v in enumerate(items)])
    assert outcome(lambda: decode(items, False)) == slow
    encode = runtime_wire.JsList(runtime_wire.js_str)
    expected = outcome(lambda: "[" + ",".join(runtime_wire.js_str(v) for v in items) + "]")
    got = outcome(lambda: encode(items))
    if expected[0] == "bad":
        index = next(i for i, v in enumerate(items) if v is not None and not isinstance(v, str))
        assert got == ("bad", expected[1], f"[{index}]")
    else:
        assert got == expected


def test_models_keep_defaults_in_init_only(kitchen: Any) -> None:
    m, _ = kitchen
    for cls in (m.EverythingRequest, m.Inner, m.Middle):
        fields = [f.name for f in dataclasses.fields(cls) if f.name != "extra_fields"]
        assert fields and not any(name in vars(cls) for name in fields)
        blank = cls()
        assert all(getattr(blank, name) is m.UNSET for name in fields)
        assert all(f.default is m.UNSET for f in dataclasses.fields(cls) if f.name != "extra_fields")
