"""The generated codecs: byte-exact doc forms, forgiving and strict decoding, hostile input,
and hypothesis round-trips ``from_X(cls, to_X(obj)) == obj`` for every format."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import json
import time
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import codegen

UTC = dt.timezone.utc
MIN_VALUE = '"\\/Date(-62135596800000-0000)\\/"'


@pytest.fixture(scope="module")
def kitchen(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, ModuleType]:
    """(models, codecs) of the ServiceStack fixture with every field type."""
    return codegen.build(codegen.load_fixture("kitchen"), tmp_path_factory.mktemp("kitchen"))


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, ModuleType]:
    """(models, codecs) of the Praxis-style fixture."""
    return codegen.build(codegen.load_fixture("plainjson"), tmp_path_factory.mktemp("plainjson"))


# ---------------------------------------------------------------- JSON wire rules


def test_json_key_order_is_derived_first_and_unset_is_never_written(kitchen: Any) -> None:
    m, c = kitchen
    obj = m.EverythingRequest(alpha=0, zeta="z", count=5, text="t")
    assert c.to_json(obj) == b'{"Text":"t","Count":5,"Zeta":"z","Alpha":0}'
    assert c.to_json(m.EverythingRequest()) == b"{}"
    assert c.to_json(m.EverythingRequest(number=None)) == b'{"Number":null}'


@pytest.mark.parametrize(
    ("wire", "value"),
    [
        (MIN_VALUE, dt.datetime(1, 1, 1)),
        ('"\\/Date(0)\\/"', dt.datetime(1970, 1, 1, tzinfo=UTC)),
        ('"\\/Date(1577934245006-0000)\\/"', dt.datetime(2020, 1, 2, 3, 4, 5, 6000)),
        ('"\\/Date(-1000+0530)\\/"', dt.datetime(1970, 1, 1, 5, 29, 59, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30)))),
        ('"\\/Date(0+0000)\\/"', dt.datetime(1970, 1, 1, tzinfo=UTC)),
    ],
)
def test_json_dates_round_trip_byte_exactly(kitchen: Any, wire: str, value: dt.datetime) -> None:
    m, c = kitchen
    data = ('{"At":' + wire + "}").encode()
    obj = c.from_json(m.EverythingRequest, data)
    assert obj.at == value
    assert c.to_json(obj) == data


def test_json_reads_iso_dates_camel_case_keys_and_unescaped_date(kitchen: Any) -> None:
    m, c = kitchen
    obj = c.from_json(m.EverythingRequest, b'{"at":"2020-01-02T03:04:05.1234567Z","FOOBAR":"x","inner":{"when":"/Date(0)/"}}')
    assert obj.at == dt.datetime(2020, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)
    assert obj.foo_bar == "x"
    assert obj.inner.when == dt.datetime(1970, 1, 1, tzinfo=UTC)


def test_json_scalars_use_servicestack_forms(kitchen: Any) -> None:
    m, c = kitchen
    obj = m.EverythingRequest(
        ratio=2.0, amount=decimal.Decimal("10.50"), span=dt.timedelta(days=1, hours=2, minutes=3, seconds=4, microseconds=567000),
        id_=uuid.UUID(int=1), flag=False, color=m.Color.BLUE,
    )
    assert json.loads(c.to_json(obj)) == {
        "Ratio": 2, "Amount": 10.5, "Flag": False, "Span": "P1DT2H3M4.567S",
        "Id": "00000000000000000000000000000001", "Color": "blue",
    }
    assert b'"Amount":10.50' in c.to_json(obj)
    assert c.to_json(m.EverythingRequest(span=dt.timedelta(0))) == b'{"Span":"PT0S"}'
    assert c.to_json(m.EverythingRequest(span=-dt.timedelta(hours=1))) == b'{"Span":"-PT1H"}'
    assert c.from_json(m.EverythingRequest, b'{"Span":"PT90M"}').span == dt.timedelta(minutes=90)


def test_zero_is_a_value_and_unset_is_not(kitchen: Any) -> None:
    m, c = kitchen
    assert c.from_json(m.EverythingRequest, b'{"Number":0}').number == 0
    assert c.from_json(m.EverythingRequest, b"{}").number is m.UNSET
    assert c.from_json(m.EverythingRequest, b'{"Number":null}').number is None


def test_unknown_members_and_enum_values_are_kept_and_re_emitted(kitchen: Any) -> None:
    m, c = kitchen
    data = b'{"Color":"Purple","Text":"t","Mystery":{"a":[1,2.50]}}'
    obj = c.from_json(m.EverythingRequest, data)
    assert obj.color == "Purple" and obj.extra_fields == {"Mystery": {"a": [1, decimal.Decimal("2.50")]}}
    assert c.to_json(obj) == b'{"Text":"t","Color":"Purple","Mystery":{"a":[1,2.50]}}'
    assert c.from_json(m.EverythingRequest, b'{"Method":26}').method is m.PayMethod.CASH
    assert c.from_json(m.EverythingRequest, b'{"Color":"RED"}').color is m.Color.RED


def test_strict_refuses_unknown_members_and_enum_values(kitchen: Any) -> None:
    m, c = kitchen
    from_errors = _errors(c)
    with pytest.raises(from_errors.DecodeError, match="Mystery"):
        c.from_json(m.EverythingRequest, b'{"Mystery":1}', strict=True)
    with pytest.raises(from_errors.DecodeError) as info:
        c.from_json(m.EverythingRequest, b'{"Items":[{"Name":"a"},{"When":"x"}]}')
    assert info.value.path == "Items[1].When"
    with pytest.raises(from_errors.DecodeError, match="Color"):
        c.from_json(m.EverythingRequest, b'{"Color":"Purple"}', strict=True)


def _errors(codecs: ModuleType) -> ModuleType:
    import importlib

    return importlib.import_module(codecs.__name__.rpartition(".")[0] + ".errors")


@pytest.mark.parametrize(
    ("data", "path"),
    [
        (b'{"Text":"abc', ""),
        (b'{"Number":"3"}', "Number"),
        (b'{"Number":true}', "Number"),
        (b'{"Inner":{"When":12}}', "Inner.When"),
        (b'{"Tags":["a",null]}', "Tags[1]"),
        (b'{"Counts":{"a":"b"}}', "Counts.a"),
        (b'{"At":"\\/Date(999999999999999999)\\/"}', "At"),
        (b'{"Number":NaN}', ""),
        (b"[1]", ""),
        (b"\xff\xfe\x00", ""),
        (b"[" * 100_000, ""),
    ],
)
def test_malformed_json_raises_decode_error_with_path(kitchen: Any, data: bytes, path: str) -> None:
    m, c = kitchen
    with pytest.raises(_errors(c).DecodeError) as info:
        c.from_json(m.EverythingRequest, data)
    assert info.value.path == path


def test_a_50_mb_message_never_hangs(kitchen: Any) -> None:
    m, c = kitchen
    errors = _errors(c)
    huge = b'{"Text":"' + b"a" * 50_000_000 + b'"}'
    start = time.perf_counter()
    assert len(c.from_json(m.EverythingRequest, huge).text) == 50_000_000
    for fmt in ("json", "xml", "jsv", "csv"):
        with pytest.raises(errors.DecodeError):
            getattr(c, f"from_{fmt}")(m.EverythingRequest, b"{[<" + b"a," * 5_000_000)
    assert time.perf_counter() - start < 20


def test_wrong_types_raise_encode_error_with_path(kitchen: Any) -> None:
    m, c = kitchen
    errors = _errors(c)
    with pytest.raises(errors.EncodeError) as info:
        c.to_json(m.EverythingRequest(items=[m.Inner(name=3)]))
    assert info.value.path == "Items[0].Name"
    with pytest.raises(errors.EncodeError):
        c.to_json(m.EverythingRequest(ratio=float("nan")))
    with pytest.raises(errors.EncodeError):
        c.to_xml(m.EverythingRequest(text="\x00"))


def test_praxis_json_is_plain(plain: Any) -> None:
    m, c = plain
    data = b'{"status":0,"description":"ok","transactions":[{"transaction_type":"sale","amount":10300,"card_number":null}]}'
    obj = c.from_json(m.FindSessionResponse, data)
    assert obj.transactions[0].transaction_type is m.TransactionType.SALE
    assert obj.transactions[0].card_number is None
    assert c.to_json(obj) == data
    when = dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert c.to_json(m.Transaction(created=when)) == b'{"created":"2020-01-02T03:04:05Z"}'


# ---------------------------------------------------------------- XML, JSV, CSV wire rules


def test_xml_is_datacontract_ordered_with_nil(kitchen: Any) -> None:
    m, c = kitchen
    obj = m.EverythingRequest(text="a<b", zeta="z", alpha=1, inner=m.Inner(name=None), tags=["x"], at=dt.datetime(1, 1, 1))
    xml = c.to_xml(obj).decode()
    assert xml.startswith('<EverythingRequest xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.servicestack.net/types">')
    assert "<Alpha>1</Alpha><Zeta>z</Zeta><Inner><Name i:nil=\"true\" /></Inner><At>0001-01-01T00:00:00</At>" in xml
    assert '<Tags xmlns:d2p1="http://schemas.microsoft.com/2003/10/Serialization/Arrays"><d2p1:string>x</d2p1:string></Tags>' in xml
    assert "<Text>a&lt;b</Text>" in xml
    assert c.from_xml(m.EverythingRequest, xml.encode()) == obj


@pytest.mark.parametrize(
    "doc",
    [
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b"<EverythingRequest><Text>&lol2;</Text></EverythingRequest>",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><EverythingRequest><Text>&xxe;</Text></EverythingRequest>',
        b"<EverythingRequest><Text>abc</EverythingRequest>",
        b"<EverythingRequest><Number>x</Number></EverythingRequest>",
        b"<a>" * 1000,
    ],
)
def test_hostile_xml_raises_decode_error(kitchen: Any, doc: bytes) -> None:
    m, c = kitchen
    with pytest.raises(_errors(c).DecodeError):
        c.from_xml(m.EverythingRequest, doc)


def test_jsv_quoting_and_forms(kitchen: Any) -> None:
    m, c = kitchen
    obj = m.EverythingRequest(
        text=' a "b", c ', tags=["", "x:y", " s "], flag=True, at=dt.datetime(2020, 1, 2), id_=uuid.UUID(int=1), number=None,
    )
    assert c.to_jsv(obj) == b'{Text:" a ""b"", c ",Flag:True,At:2020-01-02,Id:00000000000000000000000000000001,Tags:["","x:y", s ]}'
    back = c.from_jsv(m.EverythingRequest, c.to_jsv(obj))
    assert back.text == obj.text and back.tags == obj.tags and back.number is m.UNSET
    utc = m.EverythingRequest(at=dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=1))))
    assert c.to_jsv(utc) == b"{At:2020-01-02T02:04:05Z}"


def test_csv_rows_and_quoting(kitchen: Any) -> None:
    m, c = kitchen
    obj = m.EverythingRequest(text='a,"b"', number=None, tags=["x"], foo_bar="", inner=m.Inner(name="n"))
    data = c.to_csv(obj)
    assert data == b'Text,Number,Tags,fooBar,Inner\r\n"a,""b""",,"[x]","","{Name:n}"\r\n'
    assert c.from_csv(m.EverythingRequest, data) == obj


# ---------------------------------------------------------------- hypothesis round-trips

_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list('",:{}[]\r\n \t\\/<>&\'') + ["é", "😀", "\u2028"]),
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    ),
    max_size=12,
)
_ZONES = st.sampled_from([UTC, dt.timezone(dt.timedelta(hours=5, minutes=30)), dt.timezone(-dt.timedelta(hours=8)), dt.timezone(dt.timedelta(0), "+0000")])
_DATETIMES = st.one_of(
    st.datetimes(),
    st.datetimes(min_value=dt.datetime(2, 1, 1), max_value=dt.datetime(9998, 12, 31), timezones=_ZONES),
    st.sampled_from([dt.datetime.min, dt.datetime.max, dt.datetime(1970, 1, 1)]),
)


def _milli(value: dt.datetime) -> dt.datetime:
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def _scalars(m: ModuleType, json_dates: bool) -> dict[str, st.SearchStrategy[Any]]:
    color_names = {c.value.lower() for c in m.Color}
    unknown = _TEXT.filter(lambda s: s.lower() not in color_names and not s.lstrip("-").isdigit())
    return {
        "text": _TEXT, "foo_bar": _TEXT, "zeta": _TEXT,
        "number": st.integers(-(2**31), 2**31 - 1), "alpha": st.integers(-(2**31), 2**31 - 1),
        "maybe_int": st.integers(-(2**31), 2**31 - 1),
        "big": st.integers(-(2**63), 2**63 - 1), "count": st.integers(-(2**63), 2**63 - 1),
        "ratio": st.floats(allow_nan=False, allow_infinity=False),
        "amount": st.decimals(allow_nan=False, allow_infinity=False).filter(lambda d: len(str(d)) < 60),
        "flag": st.booleans(),
        "at": _DATETIMES.map(_milli) if json_dates else _DATETIMES,
        "day": st.dates(),
        "span": st.timedeltas(min_value=dt.timedelta(days=-(10**6)), max_value=dt.timedelta(days=10**6)),
        "id_": st.uuids(),
        "color": st.one_of(st.sampled_from(list(m.Color)), unknown),
        "method": st.sampled_from(list(m.PayMethod)),
        "tags": st.lists(_TEXT, max_size=3),
        "colors": st.lists(st.sampled_from(list(m.Color)), max_size=3),
        "counts": st.dictionaries(_TEXT, st.integers(-(2**31), 2**31 - 1), max_size=3),
        "nested": st.lists(st.lists(st.integers(-5, 5), max_size=3), max_size=3),
    }


def _state(value: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Absent, null or a value: the three states every optional field has."""
    return st.one_of(st.just("UNSET"), st.none(), value)


def _instances(m: ModuleType, json_dates: bool) -> st.SearchStrategy[Any]:
    scalars = _scalars(m, json_dates)
    when = _DATETIMES.map(_milli) if json_dates else _DATETIMES
    inner = st.builds(lambda **kw: m.Inner(**_unset(m, kw)), name=_state(_TEXT), when=_state(when))
    fields = {**{k: _state(v) for k, v in scalars.items()}, "items": _state(st.lists(inner, max_size=2)), "inner": _state(inner)}
    return st.fixed_dictionaries(fields).map(lambda kw: m.EverythingRequest(**_unset(m, kw)))


def _unset(m: ModuleType, kwargs: dict[str, Any]) -> dict[str, Any]:
    return {k: (m.UNSET if v == "UNSET" and isinstance(v, str) else v) for k, v in kwargs.items()}


def _no_nulls(m: ModuleType, value: Any) -> Any:
    """JSV and CSV cannot tell null from absent inside objects: compare with null as UNSET."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: (m.UNSET if getattr(value, f.name) is None else _no_nulls(m, getattr(value, f.name))) for f in dataclasses.fields(value) if f.name != "extra_fields"}
        return dataclasses.replace(value, **changes)
    if isinstance(value, list):
        return [_no_nulls(m, v) for v in value]
    return value


_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("fmt", ["json", "xml", "jsv", "csv"])
def test_round_trip_property(kitchen: Any, fmt: str) -> None:
    m, c = kitchen
    encode, decode = getattr(c, f"to_{fmt}"), getattr(c, f"from_{fmt}")

    @_SETTINGS
    @given(_instances(m, json_dates=fmt == "json"))
    def check(obj: Any) -> None:
        back = decode(m.EverythingRequest, encode(obj))
        if fmt in ("jsv", "csv"):
            assert _no_nulls(m, back) == _no_nulls(m, obj)
        else:
            assert back == obj

    check()


def test_round_trip_property_praxis(plain: Any) -> None:
    m, c = plain
    tx = st.builds(
        lambda **kw: m.Transaction(**_unset(m, kw)),
        transaction_type=_state(st.sampled_from(list(m.TransactionType))), amount=_state(st.integers(-(2**63), 2**63 - 1)),
        card_number=_state(_TEXT), created=_state(_DATETIMES),
    )
    responses = st.builds(
        lambda **kw: m.FindSessionResponse(**_unset(m, kw)),
        status=_state(st.integers()), description=_state(_TEXT), transactions=_state(st.lists(tx, max_size=3)),
    )

    @_SETTINGS
    @given(responses)
    def check(obj: Any) -> None:
        assert c.from_json(m.FindSessionResponse, c.to_json(obj), strict=True) == obj

    check()
