"""The rest of the .NET type set in every codec: char, fixed-width and unsigned integers, float,
DateTimeOffset, byte[], typed dictionary keys, KeyValuePair, and DataContract namespaces.

Wire forms are checked byte for byte per format, range errors name the member path, and
hypothesis round-trips ``from_X(cls, to_X(obj)) == obj`` for every type in every format.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import struct
import subprocess
import sys
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import codegen
from generator.typeexpr import TypeExprError, parse_type

UTC = dt.timezone.utc
PLUS2 = dt.timezone(dt.timedelta(hours=2))
MINUS_0530 = dt.timezone(-dt.timedelta(hours=5, minutes=30))
NS_API = "http://schemas.datacontract.org/2004/07/Dotnet.ServiceModel"
NS_SS = "http://schemas.servicestack.net/types"
NS_ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
FORMATS = ["json", "xml", "jsv", "csv"]


@pytest.fixture(scope="module")
def dotnet(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, ModuleType]:
    """(models, codecs) of the fixture with the whole .NET type set and a DTO namespace of its own."""
    return codegen.build(codegen.load_fixture("dotnet"), tmp_path_factory.mktemp("dotnet"))


def _json(c: Any, m: Any, body: str, **kw: Any) -> Any:
    return c.from_json(m.EchoTypes, ("{" + body + "}").encode(), **kw)


# ---------------------------------------------------------------- the type language


@pytest.mark.parametrize(
    "text", ["char", "byte?", "sbyte", "short", "ushort", "uint", "ulong", "float", "datetimeoffset?", "bytes",
             "keyvalue<string,int?>", "list<keyvalue<guid,bytes>>", "map<char,list<ulong>>"],
)
def test_new_type_expressions_parse_and_print_back(text: str) -> None:
    ref = parse_type(text)
    assert str(ref) == text
    assert not ref.is_named


@pytest.mark.parametrize("text", ["keyvalue<string>", "keyvalue", "keyvalue<a,b,c>"])
def test_keyvalue_takes_two_arguments(text: str) -> None:
    with pytest.raises(TypeExprError):
        parse_type(text)


def test_hints_of_the_new_types(dotnet: Any) -> None:
    m, _ = dotnet
    hints = {f.name: f.type for f in dataclasses.fields(m.EchoTypes)}
    assert hints["char"] == "str | None | Unset"
    assert hints["u_long"] == "int | None | Unset"
    assert hints["float_"] == "float | None | Unset"
    assert hints["offset"] == "datetime.datetime | None | Unset"
    assert hints["blob"] == "bytes | None | Unset"
    assert hints["pair"] == "tuple[str | None, str | None] | None | Unset"
    assert hints["by_guid"] == "dict[uuid.UUID, int] | None | Unset"


# ---------------------------------------------------------------- wire forms, byte for byte

_SCALAR_FORMS = [
    # (attribute, wire name, value, JSON, XML element text, JSV)
    ("char", "Char", "a", '"a"', "97", "a"),
    ("char", "Char", ":", '":"', "58", '":"'),
    ("byte", "Byte", 255, "255", "255", "255"),
    ("s_byte", "SByte", -128, "-128", "-128", "-128"),
    ("short", "Short", -32768, "-32768", "-32768", "-32768"),
    ("u_short", "UShort", 65535, "65535", "65535", "65535"),
    ("u_int", "UInt", 2**32 - 1, "4294967295", "4294967295", "4294967295"),
    ("u_long", "ULong", 2**64 - 1, "18446744073709551615", "18446744073709551615", "18446744073709551615"),
    ("float_", "Float", 1.1, "1.1", "1.1", "1.1"),
    ("float_", "Float", 16777216.0, "16777216", "16777216", "16777216"),
    ("float_", "Float", 3.4028234663852886e38, "3.4028235e+38", "3.4028235e+38", "3.4028235e+38"),
    ("blob", "Blob", b"\x00\xffhi", '"AP9oaQ=="', "AP9oaQ==", "AP9oaQ=="),
    ("blob", "Blob", b"", '""', "", '""'),
]


@pytest.mark.parametrize(("attr", "wire", "value", "js", "xml", "jsv"), _SCALAR_FORMS)
def test_scalar_wire_forms(dotnet: Any, attr: str, wire: str, value: Any, js: str, xml: str, jsv: str) -> None:
    m, c = dotnet
    obj = m.EchoTypes(**{attr: value})
    assert c.to_json(obj) == f'{{"{wire}":{js}}}'.encode()
    assert f"<{wire}>{xml}</{wire}>".encode() in c.to_xml(obj)
    assert c.to_jsv(obj) == f"{{{wire}:{jsv}}}".encode()
    for fmt in FORMATS:
        back = getattr(getattr(c, f"from_{fmt}")(m.EchoTypes, getattr(c, f"to_{fmt}")(obj)), attr)
        # A float comes back as the double its shortest text reads as: the same single.
        assert (_single(back) == _single(value)) if isinstance(value, float) else back == value, fmt


@pytest.mark.parametrize(
    ("value", "json_form", "jsv_form", "utc_text", "minutes"),
    [
        (dt.datetime(2020, 1, 2, 3, 4, 5, 6000, tzinfo=PLUS2), "1577927045006+0200", "2020-01-02T03:04:05.0060000+02:00",
         "2020-01-02T01:04:05.006Z", 120),
        (dt.datetime(1969, 12, 31, 18, 30, tzinfo=MINUS_0530), "0-0530", "1969-12-31T18:30:00.0000000-05:30",
         "1970-01-01T00:00:00Z", -330),
        (dt.datetime(1, 1, 1, tzinfo=UTC), "-62135596800000+0000", "0001-01-01T00:00:00.0000000+00:00",
         "0001-01-01T00:00:00Z", 0),
    ],
)
def test_datetimeoffset_keeps_its_offset_in_every_format(
    dotnet: Any, value: dt.datetime, json_form: str, jsv_form: str, utc_text: str, minutes: int
) -> None:
    m, c = dotnet
    obj = m.EchoTypes(offset=value)
    assert c.to_json(obj) == ('{"Offset":"\\/Date(' + json_form + ')\\/"}').encode()
    assert c.to_jsv(obj) == f"{{Offset:{jsv_form}}}".encode()
    xml = c.to_xml(obj).decode()
    assert f"<d3p1:DateTime>{utc_text}</d3p1:DateTime><d3p1:OffsetMinutes>{minutes}</d3p1:OffsetMinutes>" in xml
    for fmt in FORMATS:
        back = getattr(c, f"from_{fmt}")(m.EchoTypes, getattr(c, f"to_{fmt}")(obj)).offset
        assert back == value and back.utcoffset() == value.utcoffset(), fmt


def test_datetimeoffset_reads_every_json_date_form(dotnet: Any) -> None:
    m, c = dotnet
    assert _json(c, m, '"Offset":"\\/Date(0)\\/"').offset.utcoffset() == dt.timedelta(0)
    assert _json(c, m, '"Offset":"/Date(0-0000)/"').offset == dt.datetime(1970, 1, 1, tzinfo=UTC)
    iso = _json(c, m, '"Offset":"2020-01-02T03:04:05+02:00"').offset
    assert iso == dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=PLUS2) and iso.utcoffset() == dt.timedelta(hours=2)
    # Re-encoded, a DateTimeOffset always states its offset.
    assert c.to_json(_json(c, m, '"Offset":"\\/Date(0)\\/"')) == b'{"Offset":"\\/Date(0+0000)\\/"}'


def test_datetimeoffset_refuses_naive_and_sub_minute_offsets(dotnet: Any) -> None:
    m, c = dotnet
    for fmt in FORMATS:
        with pytest.raises(Exception) as info:
            getattr(c, f"to_{fmt}")(m.EchoTypes(offset=dt.datetime(2020, 1, 1)))
        assert type(info.value).__name__ == "EncodeError"
        assert info.value.path == "Offset" and "naive" in str(info.value)
    odd = dt.timezone(dt.timedelta(seconds=30))
    with pytest.raises(Exception, match="whole minutes"):
        c.to_json(m.EchoTypes(offset=dt.datetime(2020, 1, 1, tzinfo=odd)))


def test_xml_char_is_its_code_and_jsv_char_is_itself(dotnet: Any) -> None:
    m, c = dotnet
    # DataContract writes a char as its UTF-16 code, even the digits; JSV writes the character.
    assert c.from_xml(m.EchoTypes, b"<EchoTypes><Char>0</Char></EchoTypes>").char == "\x00"
    assert c.from_xml(m.EchoTypes, b"<EchoTypes><Char>53</Char></EchoTypes>").char == "5"
    assert c.from_jsv(m.EchoTypes, b"{Char:5}").char == "5"
    assert c.from_csv(m.EchoTypes, b"Char\r\n0\r\n").char == "0"
    assert c.to_xml(m.EchoTypes(char="\x00")).count(b"<Char>0</Char>") == 1
    # Lenient XML readers also take the character itself; strict ones want the code.
    assert c.from_xml(m.EchoTypes, b"<EchoTypes><Char>x</Char></EchoTypes>").char == "x"
    with pytest.raises(Exception, match="Char"):
        c.from_xml(m.EchoTypes, b"<EchoTypes><Char>x</Char></EchoTypes>", strict=True)
    with pytest.raises(Exception, match="Char"):
        c.from_xml(m.EchoTypes, b"<EchoTypes><Char>65536</Char></EchoTypes>")
    # Outside a from_xml call, digits are characters again (the flag does not leak).
    assert c.from_jsv(m.EchoTypes, b"{Chars:[1,2]}").chars == ["1", "2"]


@pytest.mark.parametrize("bad", ["ab", "", "\U0001f600"])
def test_char_must_be_one_utf16_unit(dotnet: Any, bad: str) -> None:
    m, c = dotnet
    for fmt in FORMATS:
        with pytest.raises(Exception) as info:
            getattr(c, f"to_{fmt}")(m.EchoTypes(chars=["a", bad]))
        assert info.value.path == "Chars[1]", fmt
    with pytest.raises(Exception) as info:
        _json(c, m, f'"Char":"{bad}"')
    assert info.value.path == "Char"


def test_bytes_refuse_bad_base64(dotnet: Any) -> None:
    m, c = dotnet
    with pytest.raises(Exception) as info:
        _json(c, m, '"Blobs":["AA==","not base64!"]')
    assert info.value.path == "Blobs[1]" and "base64" in str(info.value)
    with pytest.raises(Exception, match="Blob"):
        c.from_jsv(m.EchoTypes, b"{Blob:A}")
    with pytest.raises(Exception) as info:
        c.to_json(m.EchoTypes(blob="text"))  # type: ignore[arg-type]
    assert info.value.path == "Blob"


# ---------------------------------------------------------------- integer ranges

_RANGES = [
    ("byte", "Byte", 0, 255),
    ("s_byte", "SByte", -128, 127),
    ("short", "Short", -(2**15), 2**15 - 1),
    ("u_short", "UShort", 0, 2**16 - 1),
    ("u_int", "UInt", 0, 2**32 - 1),
    ("u_long", "ULong", 0, 2**64 - 1),
]


@pytest.mark.parametrize(("attr", "wire", "low", "high"), _RANGES)
def test_integer_ranges_hold_on_encode_and_decode(dotnet: Any, attr: str, wire: str, low: int, high: int) -> None:
    m, c = dotnet
    for value in (low, high):
        for fmt in FORMATS:
            data = getattr(c, f"to_{fmt}")(m.EchoTypes(**{attr: value}))
            assert getattr(getattr(c, f"from_{fmt}")(m.EchoTypes, data), attr) == value
    for value in (low - 1, high + 1):
        for fmt in FORMATS:
            with pytest.raises(Exception) as enc:
                getattr(c, f"to_{fmt}")(m.EchoTypes(**{attr: value}))
            assert type(enc.value).__name__ == "EncodeError" and enc.value.path == wire
            # The value itself is never shown (it may be a secret): only the type's range.
            assert str(enc.value) == f"{wire}: out of range for {wire.lower()} ({low}..{high})"
        documents = {
            "json": f'{{"{wire}":{value}}}', "xml": f"<EchoTypes><{wire}>{value}</{wire}></EchoTypes>",
            "jsv": f"{{{wire}:{value}}}", "csv": f"{wire}\r\n{value}\r\n",
        }
        for fmt, doc in documents.items():
            with pytest.raises(Exception) as dec:
                getattr(c, f"from_{fmt}")(m.EchoTypes, doc.encode())
            assert type(dec.value).__name__ == "DecodeError" and dec.value.path == wire, fmt


def test_range_errors_name_nested_paths(dotnet: Any) -> None:
    m, c = dotnet
    with pytest.raises(Exception) as info:
        c.to_json(m.EchoTypes(bytes_=[1, 256]))
    assert info.value.path == "Bytes[1]"
    with pytest.raises(Exception) as info:
        c.from_xml(m.EchoTypes, f"<EchoTypes><ULongs><a>1</a><a>{2**64}</a></ULongs></EchoTypes>".encode())
    assert info.value.path == "ULongs[1]"
    with pytest.raises(Exception) as info:
        c.from_json(m.EchoTypes, b'{"ByDay":{"2020-01-02":70000}}')
    assert info.value.path == "ByDay.2020-01-02"


def test_float_is_single_precision(dotnet: Any) -> None:
    m, c = dotnet
    for fmt in FORMATS:
        with pytest.raises(Exception, match="out of range for float") as info:
            getattr(c, f"to_{fmt}")(m.EchoTypes(float_=1e39))
        assert info.value.path == "Float"
    with pytest.raises(Exception, match="out of range for float"):
        _json(c, m, '"Float":1e39')
    # A double that is no single is written as the shortest text of its nearest single.
    assert c.to_json(m.EchoTypes(float_=0.1 + 0.2)) == b'{"Float":0.3}'
    assert c.to_xml(m.EchoTypes(float_=float("inf"))).count(b"<Float>INF</Float>") == 1


# ---------------------------------------------------------------- maps and key/value pairs


def test_map_keys_are_typed_in_every_format(dotnet: Any) -> None:
    m, c = dotnet
    obj = m.EchoTypes(by_guid={uuid.UUID(int=5): 7}, by_day={dt.date(2020, 1, 2): 3}, by_char={"k": b"v"}, by_code={1: "x"})
    assert c.to_json(obj) == (
        b'{"ByCode":{"1":"x"},"ByGuid":{"00000000000000000000000000000005":7},"ByDay":{"2020-01-02":3},"ByChar":{"k":"dg=="}}'
    )
    assert c.to_jsv(obj) == b"{ByCode:{1:x},ByGuid:{00000000000000000000000000000005:7},ByDay:{2020-01-02:3},ByChar:{k:dg==}}"
    xml = c.to_xml(obj)
    assert b"<d2p1:KeyValueOfguidlong><d2p1:Key>00000000-0000-0000-0000-000000000005</d2p1:Key><d2p1:Value>7</d2p1:Value>" in xml
    assert b"<d2p1:KeyValueOfcharbase64Binary><d2p1:Key>107</d2p1:Key>" in xml
    for fmt in FORMATS:
        assert getattr(c, f"from_{fmt}")(m.EchoTypes, getattr(c, f"to_{fmt}")(obj)) == obj, fmt


def test_keyvalue_forms(dotnet: Any) -> None:
    m, c = dotnet
    obj = m.EchoTypes(pair=("k", "v"), pairs=[("a", 1), ("b", None)])
    assert c.to_json(obj) == b'{"Pair":{"Key":"k","Value":"v"},"Pairs":[{"Key":"a","Value":1},{"Key":"b","Value":null}]}'
    assert c.to_jsv(obj) == b"{Pair:{Key:k,Value:v},Pairs:[{Key:a,Value:1},{Key:b}]}"
    xml = c.to_xml(obj).decode()
    assert '<Pair xmlns:d3p1="http://schemas.datacontract.org/2004/07/System.Collections.Generic">' in xml
    assert "<d3p1:key>k</d3p1:key><d3p1:value>v</d3p1:value></Pair>" in xml
    # Readers match Key/Value in any casing (ServiceStack.Text writes Key, DataContract key).
    assert _json(c, m, '"Pair":{"key":"x","VALUE":"y"}').pair == ("x", "y")
    doc = b"<EchoTypes><Pair><Key>x</Key><Value>y</Value></Pair></EchoTypes>"
    assert c.from_xml(m.EchoTypes, doc).pair == ("x", "y")
    with pytest.raises(Exception) as info:
        _json(c, m, '"IntPair":{"Key":"no","Value":null}')
    assert info.value.path == "IntPair.Key"
    with pytest.raises(Exception) as info:
        c.to_json(m.EchoTypes(pair=("only one",)))
    assert info.value.path == "Pair"


# ---------------------------------------------------------------- XML namespaces


def test_xml_uses_the_dto_namespace_and_servicestack_types_stay_in_theirs(dotnet: Any) -> None:
    m, c = dotnet
    status = m.ResponseStatus(error_code="E", errors=[m.ResponseError(field_name="F")], meta={"x": "y"})
    data = c.to_xml(m.EchoTypes(u_int=1, status=status, chars=["a"]))
    root = ET.fromstring(data)
    assert root.tag == f"{{{NS_API}}}EchoTypes"
    assert root.find(f"{{{NS_API}}}UInt") is not None
    # The member is the DTO's; its content is ResponseStatus's (ServiceStack's namespace).
    element = root.find(f"{{{NS_API}}}Status")
    assert element is not None
    assert [child.tag for child in element] == [f"{{{NS_SS}}}{name}" for name in ("ErrorCode", "Errors", "Meta")]
    errors = element.find(f"{{{NS_SS}}}Errors")
    assert errors is not None and [e.tag for e in errors] == [f"{{{NS_SS}}}ResponseError"]
    assert root.find(f"{{{NS_API}}}Chars/{{{NS_ARRAYS}}}char") is not None
    assert c.from_xml(m.EchoTypes, data).status == status
    # A ServiceStack type at the root is in its own namespace too.
    alone = ET.fromstring(c.to_xml(status))
    assert alone.tag == f"{{{NS_SS}}}ResponseStatus" and alone[0].tag == f"{{{NS_SS}}}ErrorCode"
    assert c.from_xml(m.ResponseStatus, c.to_xml(status), strict=True) == status


def test_without_a_namespace_nothing_is_prefixed(tmp_path: Path) -> None:
    m, c = codegen.build(codegen.load_fixture("kitchen"), tmp_path)
    data = c.to_xml(m.Inner(name="n"))
    assert data == b'<Inner xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.servicestack.net/types"><Name>n</Name></Inner>'


def test_servicestack_sample_with_a_foreign_dto_namespace_decodes(dotnet: Any) -> None:
    m, c = dotnet
    # The shape DataContract writes (prefix names differ per writer and do not matter).
    doc = (
        f'<EchoTypes xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="{NS_API}">'
        f'<Offset xmlns:d2p1="http://schemas.datacontract.org/2004/07/System"><d2p1:DateTime>0001-01-01T00:00:00Z</d2p1:DateTime>'
        f"<d2p1:OffsetMinutes>0</d2p1:OffsetMinutes></Offset>"
        f'<Status xmlns:d2p1="{NS_SS}"><d2p1:ErrorCode>String</d2p1:ErrorCode><d2p1:Errors><d2p1:ResponseError>'
        f"<d2p1:FieldName>String</d2p1:FieldName></d2p1:ResponseError></d2p1:Errors>"
        f'<d2p1:Meta xmlns:d5p1="{NS_ARRAYS}"><d5p1:KeyValueOfstringstring><d5p1:Key>String</d5p1:Key>'
        f"<d5p1:Value>String</d5p1:Value></d5p1:KeyValueOfstringstring></d2p1:Meta></Status></EchoTypes>"
    )
    obj = c.from_xml(m.EchoTypes, doc.encode(), strict=True)
    assert obj.offset == dt.datetime(1, 1, 1, tzinfo=UTC)
    assert obj.status.errors[0].field_name == "String" and obj.status.meta == {"String": "String"}
    assert c.from_xml(m.EchoTypes, c.to_xml(obj)) == obj


# ---------------------------------------------------------------- round trips (hypothesis)

_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"), max_size=8)
_CHAR = st.characters(max_codepoint=0xFFFF, blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
_ZONES = st.sampled_from([UTC, PLUS2, MINUS_0530, dt.timezone(dt.timedelta(hours=14)), dt.timezone(-dt.timedelta(hours=12))])
_OFFSETS = st.datetimes(min_value=dt.datetime(2, 1, 1), max_value=dt.datetime(9998, 12, 31), timezones=_ZONES).map(
    lambda v: v.replace(microsecond=v.microsecond // 1000 * 1000)
)


def _single(value: float) -> float:
    """``value`` rounded to single precision."""
    return float(struct.unpack("<f", struct.pack("<f", value))[0])


_FLOATS = st.floats(width=32, allow_nan=False, allow_infinity=False).map(lambda f: float(repr(f)))


def _fields(m: ModuleType) -> dict[str, st.SearchStrategy[Any]]:
    ints = {attr: st.integers(low, high) for attr, _, low, high in _RANGES}
    return {
        **ints,
        "char": _CHAR, "blob": st.binary(max_size=12), "offset": _OFFSETS,
        "maybe_byte": st.integers(0, 255), "maybe_offset": _OFFSETS,
        "chars": st.lists(_CHAR, max_size=3), "bytes_": st.lists(st.integers(0, 255), max_size=3),
        "u_longs": st.lists(st.integers(0, 2**64 - 1), max_size=3), "blobs": st.lists(st.binary(max_size=5), max_size=3),
        "offsets": st.lists(_OFFSETS, max_size=2),
        "names": st.dictionaries(_TEXT, _TEXT, max_size=2), "by_code": st.dictionaries(st.integers(-5, 5), _TEXT, max_size=2),
        "by_guid": st.dictionaries(st.uuids(), st.integers(-(2**63), 2**63 - 1), max_size=2),
        "by_day": st.dictionaries(st.dates(), st.integers(0, 2**16 - 1), max_size=2),
        "by_char": st.dictionaries(_CHAR.filter(lambda ch: not ch.isspace()), st.binary(max_size=4), max_size=2),
        "nested": st.dictionaries(_TEXT, st.lists(st.integers(-9, 9), max_size=2), max_size=2),
        "pair": st.tuples(_TEXT, _TEXT), "int_pair": st.tuples(st.integers(-(2**31), 2**31 - 1), _OFFSETS),
        "pairs": st.lists(st.tuples(_TEXT, st.integers(-(2**31), 2**31 - 1)), max_size=2),
        "status": st.builds(lambda code, fields: m.ResponseStatus(error_code=code, errors=[m.ResponseError(field_name=f) for f in fields]),
                            _TEXT, st.lists(_TEXT, max_size=2)),
    }


def _instances(m: ModuleType, with_nulls: bool) -> st.SearchStrategy[Any]:
    def state(value: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        options = [st.just(m.UNSET), value] + ([st.none()] if with_nulls else [])
        return st.one_of(*options)

    return st.fixed_dictionaries({k: state(v) for k, v in _fields(m).items()}).map(lambda kw: m.EchoTypes(**kw))


_SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_property_every_type(dotnet: Any, fmt: str) -> None:
    m, c = dotnet
    encode, decode = getattr(c, f"to_{fmt}"), getattr(c, f"from_{fmt}")

    @_SETTINGS
    @given(_instances(m, with_nulls=fmt in ("json", "xml")))
    def check(obj: Any) -> None:
        back = decode(m.EchoTypes, encode(obj))
        assert back == obj
        for name in ("offset", "maybe_offset"):
            if isinstance(getattr(obj, name), dt.datetime):
                assert getattr(back, name).utcoffset() == getattr(obj, name).utcoffset()

    check()


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_property_float(dotnet: Any, fmt: str) -> None:
    m, c = dotnet
    encode, decode = getattr(c, f"to_{fmt}"), getattr(c, f"from_{fmt}")

    @_SETTINGS
    @given(_FLOATS, st.lists(_FLOATS, max_size=3))
    def check(value: float, values: list[float]) -> None:
        data = encode(m.EchoTypes(float_=value, floats=values))
        back = decode(m.EchoTypes, data)
        # The text is the shortest that reads back as the same single (not the same double).
        assert _single(back.float_) == _single(value) and [_single(v) for v in back.floats] == [_single(v) for v in values]
        assert encode(back) == data

    check()


def test_generated_package_passes_mypy_strict(dotnet: Any) -> None:
    m, _ = dotnet
    folder = Path(m.__file__).parent
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null", folder.name],
        cwd=folder.parent, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_the_simulator_answers_every_new_primitive_with_a_value_the_codecs_write() -> None:
    from generator.simulation.answers import placeholder
    from generator.typeexpr import parse_type

    for name in ("char", "byte", "sbyte", "short", "ushort", "uint", "ulong", "float", "datetimeoffset", "bytes"):
        value = placeholder(None, parse_type(name), "x")  # type: ignore[arg-type]  # scalars need no package
        assert value is not None, name
    pair = placeholder(None, parse_type("keyvalue<string,int>"), "x")  # type: ignore[arg-type]
    assert pair == ("sim-key", 1)
