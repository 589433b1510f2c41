"""The JSON encoders' two paths: one f-string when every member is set, member by member otherwise.

Both must write the same bytes, name the failing member the same way, and survive wire names
that are awkward inside a Python f-string literal (braces, quotes, backslashes, control and
non-ASCII characters: ``tests/fixtures/codecs/oddkeys``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import codegen
from test_codecs import _instances, kitchen  # noqa: F401  (a fixture, used by name)

UTC = dt.timezone.utc


@pytest.fixture(scope="module")
def odd(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, ModuleType]:
    """(models, codecs) of the fixture whose wire names are hostile to f-strings."""
    return codegen.build(codegen.load_fixture("oddkeys"), tmp_path_factory.mktemp("oddkeys"))


_ODD_WIRE = {
    "a_b": "a{b}",
    "q_uote": 'q"uote',
    "apo_strophe": "apo'strophe",
    "back_slash": "back\\slash",
    "tab_here_x": "tab\there\u2028{{x}}",
    "uni": "ünï}{",
}


def _odd_full(m: ModuleType) -> Any:
    return m.Odd(
        a_b="x{y}\"'\\", q_uote=None, apo_strophe=["{", "}"], back_slash=_inner(m, "}{"), tab_here_x=True, uni={"k{": 1},
    )


def _inner(m: ModuleType, text: str) -> Any:
    (attr,) = [f for f in m.Inner.__dataclass_fields__ if f != "extra_fields"]
    return m.Inner(**{attr: text})


def _reference(obj: Any, wire: dict[str, str], m: ModuleType) -> str:
    """What the members should look like, written by json.dumps from the wire names."""
    out = {}
    for attr, name in wire.items():
        value = getattr(obj, attr)
        if value is m.UNSET:
            continue
        if isinstance(value, m.Inner):
            value = {"}": _inner_value(value)}
        out[name] = value
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def _inner_value(inner: Any) -> Any:
    (attr,) = [f for f in inner.__dataclass_fields__ if f != "extra_fields"]
    return getattr(inner, attr)


def test_hostile_wire_names_encode_as_json_dumps_writes_them(odd: Any) -> None:
    m, c = odd
    obj = _odd_full(m)
    assert c.to_json(obj).decode() == _reference(obj, _ODD_WIRE, m)
    assert c.from_json(m.Odd, c.to_json(obj)) == obj


@pytest.mark.parametrize("attr", sorted(_ODD_WIRE))
def test_one_unset_member_takes_the_member_path_and_writes_the_same_bytes(odd: Any, attr: str) -> None:
    m, c = odd
    obj = _odd_full(m)
    setattr(obj, attr, m.UNSET)
    assert c.to_json(obj).decode() == _reference(obj, _ODD_WIRE, m)


def test_extra_members_are_written_after_the_known_ones_on_either_path(odd: Any) -> None:
    m, c = odd
    obj = _odd_full(m)
    obj.extra_fields = {"zz{": [1, None], 'a{b}': "never twice"}
    text = c.to_json(obj).decode()
    assert text == _reference(obj, _ODD_WIRE, m)[:-1] + ',"zz{":[1,null]}'


def test_a_failure_inside_a_fully_set_object_is_named_by_the_member_path(odd: Any) -> None:
    m, c = odd
    errors = __import__(c.__name__.rsplit(".", 1)[0] + ".errors", fromlist=["EncodeError"])
    obj = _odd_full(m)
    obj.back_slash = _inner(m, 7)  # an int where the nested class wants a string
    with pytest.raises(errors.EncodeError) as info:
        c.to_json(obj)
    assert info.value.path == "back\\slash.}"
    obj = _odd_full(m)
    obj.uni = {"k": "not a long"}
    with pytest.raises(errors.EncodeError) as info:
        c.to_json(obj)
    assert info.value.path == "ünï}{.k"


def test_none_is_null_in_every_converter(kitchen: Any) -> None:
    m, c = kitchen
    fields = [f for f in m.EverythingRequest.__dataclass_fields__ if f != "extra_fields"]
    obj = m.EverythingRequest(**{f: None for f in fields})
    members = json.loads(c.to_json(obj))
    assert len(members) == len(fields) and set(members.values()) == {None}
    assert c.from_json(m.EverythingRequest, c.to_json(obj)) == obj


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fast_and_member_paths_agree_byte_for_byte(kitchen: Any, data: st.DataObject) -> None:
    """An object written as is and again with an unknown member added (which forces the member
    path) must differ by exactly that member; objects with every member set take the f-string."""
    m, c = kitchen
    obj = data.draw(_instances(m, json_dates=True))
    full = dataclasses.replace(obj, **{f.name: None for f in dataclasses.fields(obj) if getattr(obj, f.name) is m.UNSET})
    for value in (obj, full):
        plain = c.to_json(value)
        value.extra_fields = {"Unknown~": 1}
        extended = c.to_json(value)
        value.extra_fields = {}
        assert extended == (plain[:-1] + b"," if plain != b"{}" else b"{") + b'"Unknown~":1}'
        assert c.from_json(m.EverythingRequest, plain) == value


def test_date_suffix_table_keys_carry_the_closing_form(kitchen: Any) -> None:
    """Only the exact ``/Date(ms[±hhmm])/`` frame is a date, on the fast path and in the full parser."""
    m, c = kitchen
    errors = __import__(c.__name__.rsplit(".", 1)[0] + ".errors", fromlist=["DecodeError"])
    good = c.from_json(m.EverythingRequest, b'{"At":"\\/Date(1000+0200)\\/"}')
    assert good.at == dt.datetime(1970, 1, 1, 2, 0, 1, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    # "+0200" alone is a signed millisecond count (200), not an offset with nothing before it.
    assert c.from_json(m.EverythingRequest, b'{"At":"\\/Date(+0200)\\/"}').at == dt.datetime(1970, 1, 1, 0, 0, 0, 200_000, UTC)
    for bad in (b'{"At":"/Date(1000+0200)x"}', b'{"At":"/Dat(1000+0200)/"}', b'{"At":"x/Date(1000+0200)/"}',
                b'{"At":"/Date(1000+0200"}', b'{"At":"/Date()/"}', b'{"At":"/Date(1000+02)/"}'):
        with pytest.raises(errors.DecodeError):
            c.from_json(m.EverythingRequest, bad)
