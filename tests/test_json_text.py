"""The JSON fast paths of ``_wire``: dates read and written without the general parser must agree
with it (and with an independent reference) on every form, and JSON is written as text directly."""

from __future__ import annotations

import datetime as dt
import decimal
import importlib
import json
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import codegen

UTC = dt.timezone.utc
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
MS = dt.timedelta(milliseconds=1)
SUFFIXES = ["", "-0000", "+0000", "+0200", "-0500", "+0530", "-1200", "+1400", "+2359"]


@pytest.fixture(scope="module")
def kitchen(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, ModuleType, ModuleType]:
    """(models, codecs, _wire) of the ServiceStack fixture with every field type."""
    m, c = codegen.build(codegen.load_fixture("kitchen"), tmp_path_factory.mktemp("kitchen"))
    return m, c, importlib.import_module(c.__name__.rpartition(".")[0] + "._wire")


def reference_ms_date(value: dt.datetime) -> str:
    """``/Date(ms±hhmm)/`` computed the long way, independently of ``_wire``."""
    if value.utcoffset() is None:
        return f"/Date({(value.replace(tzinfo=None) - EPOCH.replace(tzinfo=None)) // MS}-0000)/"
    millis = (value - EPOCH) // MS
    if value.tzinfo is UTC:
        return f"/Date({millis})/"
    minutes = value.utcoffset() // dt.timedelta(minutes=1)  # type: ignore[operator]
    sign = "-" if minutes < 0 else "+"
    return f"/Date({millis}{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d})/"


@given(millis=st.integers(-62_135_596_800_000, 253_402_300_799_999), suffix=st.sampled_from(SUFFIXES))
def test_fast_date_read_equals_the_full_parser(kitchen: Any, millis: int, suffix: str) -> None:
    _, _, w = kitchen
    text = f"/Date({millis}{suffix})/"
    try:
        slow: dt.datetime | None = w.parse_ms_date(text)
    except OverflowError:
        slow = None
    if slow is None:
        with pytest.raises(w.Bad):
            w.json_datetime(text, False)
        return
    for _ in range(2):  # the second read of a suffix goes through the remembered epoch
        fast = w.json_datetime(text, False)
        assert fast == slow and fast.utcoffset() == slow.utcoffset()
        assert (fast.tzinfo is UTC) == (slow.tzinfo is UTC) and (fast.tzinfo is None) == (slow.tzinfo is None)
        assert fast.replace(tzinfo=None) == slow.replace(tzinfo=None)  # same wall clock
    assert w.js_ms_date(fast) == json.dumps(text).replace("/", "\\/")


@given(
    value=st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
    zone=st.sampled_from([None, UTC, "+0000", "+0530", "-0500", "-2359", "+0001"]),
)
def test_fast_date_write_equals_the_reference(kitchen: Any, value: dt.datetime, zone: Any) -> None:
    _, _, w = kitchen
    if isinstance(zone, str):
        minutes = int(zone[1:3]) * 60 + int(zone[3:])
        zone = dt.timezone(dt.timedelta(minutes=-minutes if zone[0] == "-" else minutes))
    value = value.replace(tzinfo=zone)
    expected = '"' + reference_ms_date(value).replace("/", "\\/") + '"'
    assert w.js_ms_date(value) == expected
    assert w.js_ms_date(value) == expected  # once its suffix is remembered


@pytest.mark.parametrize(
    "text",
    [
        "/Date()/",
        "/Date(abc)/",
        "/Date(12+02)/",
        "/Date(12+0a00)/",
        "/Date(12+2400)/",
        "/Date(99999999999999999999)/",
        "/Date(" + "9" * 5000 + ")/",
    ],
)
def test_bad_dates_are_bad_not_another_exception(kitchen: Any, text: str) -> None:
    _, _, w = kitchen
    with pytest.raises(w.Bad):
        w.json_datetime(text, False)


def test_json_is_written_as_text_with_every_scalar_form(kitchen: Any) -> None:
    m, c, _ = kitchen
    obj = m.EverythingRequest(
        text='q"\\\n\u2028é',
        amount=decimal.Decimal("10.50"),
        ratio=2.0,
        flag=False,
        tags=["a", ""],
        counts={"k\"": 1, "n": None},
        nested=[[1], []],
        method=None,
    )
    out = c.to_json(obj)
    assert out == (
        b'{"Text":"q\\"\\\\\\n\xe2\x80\xa8\xc3\xa9","Ratio":2,"Amount":10.50,"Flag":false,"Method":null,'
        b'"Tags":["a",""],"Counts":{"k\\"":1,"n":null},"Nested":[[1],[]]}'
    )
    assert c.from_json(m.EverythingRequest, out) == obj


def test_unknown_members_re_emit_byte_for_byte(kitchen: Any) -> None:
    m, c, _ = kitchen
    extra = b'"Odd":{"x":[1,-2.500,1E+3,true,null,"\\/Date(5+0100)\\/"],"y":{}},"Text2":"\\/Date(7)\\/"'
    obj = c.from_json(m.EverythingRequest, b'{"Text":"t",' + extra + b"}")
    assert c.to_json(obj) == b'{"Text":"t",' + extra + b"}"
    # A known wire name put into extra_fields by hand is not written twice.
    obj.extra_fields["Text"] = "again"
    assert c.to_json(obj).count(b'"Text"') == 1


def test_a_lone_surrogate_is_an_encode_error(kitchen: Any) -> None:
    m, c, _ = kitchen
    errors = importlib.import_module(c.__name__.rpartition(".")[0] + ".errors")
    with pytest.raises(errors.EncodeError):
        c.to_json(m.EverythingRequest(text="\udc00"))
