"""The C-parser XML reader and the straight-line XML writer: DOCTYPE refusal in every encoding,
the plain (unguarded) and guarded parse ways agreeing, and the C fast paths for dates and
escaping agreeing exactly with the general code they short-cut."""

from __future__ import annotations

import datetime as dt
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import codegen

UTC = dt.timezone.utc
_SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_HEAD = '<EverythingRequest xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.servicestack.net/types">'


@pytest.fixture(scope="module")
def kitchen(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, ModuleType]:
    """(models, codecs) of the ServiceStack fixture with every field type."""
    return codegen.build(codegen.load_fixture("kitchen"), tmp_path_factory.mktemp("kitchen_xml"))


def _errors(codecs: ModuleType) -> ModuleType:
    import importlib

    return importlib.import_module(codecs.__name__.rpartition(".")[0] + ".errors")


def _bomb(decl: str) -> str:
    return (
        f'{decl}<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        "<EverythingRequest><Text>&lol2;</Text></EverythingRequest>"
    )


_XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><EverythingRequest><Text>&xxe;</Text></EverythingRequest>'
_PARAM = '<!DOCTYPE x [<!ENTITY % p SYSTEM "http://invalid/x.dtd"> %p;]><EverythingRequest/>'
_PUBLIC = '<!DOCTYPE EverythingRequest SYSTEM "http://invalid/x.dtd"><EverythingRequest/>'


@pytest.mark.parametrize(
    "doc",
    [
        _bomb("").encode(),
        _bomb('<?xml version="1.0"?>').encode(),
        _bomb('<?xml version="1.0" encoding="utf-8"?>').encode(),
        b"\xef\xbb\xbf" + _bomb("").encode(),
        b"  \n" + _bomb("").encode(),
        _bomb('<?xml version="1.0" encoding="UTF-16"?>').encode("utf-16"),
        _bomb("").encode("utf-16-le"),
        _bomb("").encode("utf-16-be"),
        _bomb('<?xml version="1.0" encoding="iso-8859-1"?>').encode("latin-1"),
        _XXE.encode(),
        _XXE.encode("utf-16"),
        _PARAM.encode(),
        _PUBLIC.encode(),
        _PUBLIC.encode("utf-16"),
    ],
)
def test_doctype_is_refused_in_every_encoding(kitchen: Any, doc: bytes) -> None:
    m, c = kitchen
    with pytest.raises(_errors(c).DecodeError) as info:
        c.from_xml(m.EverythingRequest, doc)
    assert "DOCTYPE" in str(info.value)


def test_doctype_is_refused_in_str_input(kitchen: Any) -> None:
    m, c = kitchen
    with pytest.raises(_errors(c).DecodeError, match="DOCTYPE"):
        c.from_xml(m.EverythingRequest, _bomb(""))


@pytest.mark.parametrize(
    "doc",
    [
        b'<?xml version="1.0" encoding="bogus"?><EverythingRequest/>',
        b'<?xml version="1.0" encoding="shift_jis"?><EverythingRequest/>',
        b'<?xml version="1.0" encoding="cp500"?><EverythingRequest/>',
        b"",
        b"<EverythingRequest><Text>\xff</Text></EverythingRequest>",
        b"<EverythingRequest><Text>a\x00</Text></EverythingRequest>",
        b"<EverythingRequest><d2p1:x/></EverythingRequest>",
        b"<EverythingRequest/>junk",
        b"<EverythingRequest>" + b"<a>" * 300 + b"</a>" * 300 + b"</EverythingRequest>",
        "<EverythingRequest><Text>\ud800</Text></EverythingRequest>",
    ],
)
def test_malformed_xml_is_always_a_decode_error(kitchen: Any, doc: bytes | str) -> None:
    m, c = kitchen
    with pytest.raises(_errors(c).DecodeError):
        c.from_xml(m.EverythingRequest, doc)


_FULL = (
    _HEAD + "<Alpha>1</Alpha><Zeta>z é</Zeta><Inner><Name i:nil=\"true\" /><When>2020-01-02T03:04:05.5Z</When></Inner>"
    '<Tags xmlns:d2p1="http://schemas.microsoft.com/2003/10/Serialization/Arrays"><d2p1:string>x</d2p1:string>'
    '<d2p1:string>y</d2p1:string></Tags><Text>a&lt;b&#xD;</Text><Unknown><Deep><Er>1</Er></Deep></Unknown></EverythingRequest>'
)


@pytest.mark.parametrize(
    ("doc", "plain"),
    [
        (('<?xml version="1.0" encoding="utf-8"?>' + _FULL).encode(), True),
        (b"\xef\xbb\xbf" + _FULL.encode(), False),
        (b"\n  " + _FULL.encode(), False),
        (('<?xml version="1.0" encoding="utf-16"?>' + _FULL).encode("utf-16"), False),
        (_FULL.encode("utf-16-le"), False),
        (('<?xml version="1.0" encoding="iso-8859-1"?>' + _FULL).encode("latin-1"), False),
        (_FULL.replace("<Alpha>", "<!-- c --><Alpha>").encode(), False),
        (_FULL.replace("a&lt;b", "<![CDATA[a<b]]>").encode(), False),
        (_FULL.replace("<Alpha>", "<?pi x?><Alpha>").encode(), True),
        (_FULL, True),
    ],
)
def test_guarded_and_plain_parses_agree(kitchen: Any, doc: bytes | str, plain: bool) -> None:
    m, c = kitchen
    expected = c.from_xml(m.EverythingRequest, _FULL.encode())
    assert c._x._plain(doc if isinstance(doc, bytes) else doc.encode()) is plain
    back = c.from_xml(m.EverythingRequest, doc)
    assert back == expected
    assert back.zeta == "z é" and back.text == "a<b\r" and back.tags == ["x", "y"]
    assert back.inner.when == dt.datetime(2020, 1, 2, 3, 4, 5, 500000, tzinfo=UTC)
    assert c._t.jsv_any(back.extra_fields["Unknown"]) == "{Deep:{Er:1}}"


def test_unknown_members_become_nodes_and_are_written_back(kitchen: Any) -> None:
    m, c = kitchen
    obj = c.from_xml(m.EverythingRequest, _FULL.encode())
    node = obj.extra_fields["Unknown"]
    assert isinstance(node, c._t.Node) and node.name == "Unknown"
    assert "<Unknown><Deep><Er>1</Er></Deep></Unknown>" in c.to_xml(obj).decode()
    with pytest.raises(_errors(c).DecodeError, match="nested too deeply"):
        c.from_xml(m.EverythingRequest, (_HEAD + "<U>" * 250 + "x" + "</U>" * 250 + "</EverythingRequest>").encode())
    with pytest.raises(_errors(c).DecodeError, match="unknown member"):
        c.from_xml(m.EverythingRequest, _FULL.encode(), strict=True)


def test_local_name_memory_is_bounded(kitchen: Any) -> None:
    m, c = kitchen
    doc = _HEAD + "".join(f"<N{i}>x</N{i}>" for i in range(5000)) + "<" + "L" * 300 + "/></EverythingRequest>"
    assert len(c.from_xml(m.EverythingRequest, doc.encode()).extra_fields) == 5001
    assert len(c._t._LOCAL_NAMES) <= 2048
    assert all(len(tag) <= 200 for tag in c._t._LOCAL_NAMES)


# ---------------------------------------------------------------- C fast paths agree with the general code

_ISO_PARTS = st.tuples(
    st.sampled_from(["2020-01-02", "0001-01-01", "9999-12-31", "2020-02-30", "2020-W01-1", "20200102", "2020-1-02", "２０２０-01-02"]),
    st.sampled_from(["T", "t", " ", "X", ""]),
    st.sampled_from(["03:04:05", "23:59:59", "24:00:00", "03:04", "030405", "03", "3:04:05", "03:04:5", "00:00:60"]),
    st.sampled_from(["", ".1", ".123", ",5", ".1234567", ".123456789123", ".", ".12a", ".٣"]),
    st.sampled_from(["", "Z", "z", "+00:00", "-00:00", "+0530", "+05:30", "-08", "Z ", " ", "+24:00", "+05:30:30"]),
)


def _outcome(fn: Any, text: str, bad: type[Exception]) -> Any:
    try:
        value = fn(text)
    except bad as exc:
        return ("error", type(exc))
    return (value, value.tzinfo, value.tzinfo is UTC, value.utcoffset())


@_SETTINGS
@given(parts=_ISO_PARTS, noise=st.one_of(st.just(""), st.text(max_size=3)))
def test_txt_datetime_fast_path_equals_parse_datetime(kitchen: Any, parts: tuple[str, ...], noise: str) -> None:
    _, c = kitchen
    for text in ("".join(parts), "".join(parts) + noise, noise + "".join(parts)):
        fast = _outcome(lambda t: c._t.txt_datetime(t, False), text, c._w.Bad)
        slow = _outcome(lambda t: c._w.parse_datetime(t.strip()), text, c._w.Bad)
        assert fast == slow, text


_ZONES = st.sampled_from([None, UTC, dt.timezone(dt.timedelta(0), "+0000"), dt.timezone(dt.timedelta(hours=-5, minutes=-30)),
                          dt.timezone(dt.timedelta(hours=5, seconds=30))])


@_SETTINGS
@given(moment=st.datetimes(), zone=_ZONES)
def test_xml_datetime_equals_format_iso(kitchen: Any, moment: dt.datetime, zone: dt.tzinfo | None) -> None:
    _, c = kitchen
    value = moment.replace(tzinfo=zone)
    assert c._x.xml_datetime(value) == c._w.format_iso(value)


@_SETTINGS
@given(text=st.text(max_size=20))
def test_escape_equals_the_translate_rule(kitchen: Any, text: str) -> None:
    _, c = kitchen
    forbidden = any(ord(ch) < 32 and ch not in "\t\n\r" or 0xD800 <= ord(ch) <= 0xDFFF or ch in "\ufffe\uffff" for ch in text)
    if forbidden:
        with pytest.raises(c._w.Bad):
            c._x.escape(text)
    else:
        expected = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#xD;")
        assert c._x.escape(text) == expected and type(c._x.escape(text)) is str


def test_str_subclasses_are_written_as_plain_text(kitchen: Any) -> None:
    m, c = kitchen

    class Tagged(str):
        def __format__(self, spec: str) -> str:
            return "WRONG"

    assert b"<Text>a&amp;b</Text>" in c.to_xml(m.EverythingRequest(text=Tagged("a&b")))
    assert b"<Text>ab</Text>" in c.to_xml(m.EverythingRequest(text=Tagged("ab")))


def test_lists_of_lists_and_maps_write_datacontract_elements(kitchen: Any) -> None:
    m, c = kitchen
    obj = m.EverythingRequest(nested=[[1, 2], []], counts={"a": 1}, colors=[m.Color.BLUE])
    xml = c.to_xml(obj).decode()
    arrays = 'xmlns:d2p1="http://schemas.microsoft.com/2003/10/Serialization/Arrays"'
    assert f"<Nested {arrays}><d2p1:ArrayOfint {arrays}><d2p1:int>1</d2p1:int>" in xml
    assert f"<Counts {arrays}><d2p1:KeyValueOfstringint><d2p1:Key>a</d2p1:Key><d2p1:Value>1</d2p1:Value>" in xml
    assert c.from_xml(m.EverythingRequest, xml) == obj
