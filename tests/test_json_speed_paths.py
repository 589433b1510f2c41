"""The JSON codecs' per-object fast paths (benchmarks/README.md, "Codecs on the corpus's own DTOs")
give what the general paths give, errors and member paths included.

Decode: an object with exactly as many keys as known members is read by index; shadowing ``len``
in the codecs module sends every object down the general path (``get``, unknown-keys check).
Encode: lists of objects looped in the parent, small nested objects written inline and dates
written from their fields; shadowing ``type`` in the codecs module turns every ``type(x) is ...``
test off, so each member goes through its converter (``js_date``, ``_enc_json_Inner``, ``JsList``).
"""

from __future__ import annotations

import datetime as dt
import json
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_codecs import _instances, kitchen  # noqa: F401  (a fixture, used by name)

_FIXTURE = [HealthCheck.function_scoped_fixture]


def _general_decode(monkeypatch: pytest.MonkeyPatch, c: ModuleType) -> None:
    monkeypatch.setattr(c, "len", lambda _: -1, raising=False)


def _converters_only(monkeypatch: pytest.MonkeyPatch, c: ModuleType) -> None:
    monkeypatch.setattr(c, "type", lambda _: None, raising=False)


def _draw(m: ModuleType, data: st.DataObject) -> Any:
    """An EverythingRequest; half the time with every member set (UNSET ones made null), nested ones too.

    Only an object with every member set takes the fast paths (one in 3**23 of the plain draws)."""
    obj = data.draw(_instances(m, json_dates=True))
    obj.day = data.draw(st.sampled_from([m.UNSET, None]) | st.dates())
    if data.draw(st.booleans()):
        items = obj.items if isinstance(obj.items, list) else []
        for target in [obj, obj.inner, *items]:
            if isinstance(target, (m.EverythingRequest, m.Inner)):
                for name, value in list(vars(target).items()):
                    if value is m.UNSET:
                        setattr(target, name, None)
    return obj


def _outcome(run: Any) -> Any:
    try:
        value = run()
    except Exception as exc:  # noqa: BLE001  (the error itself is compared)
        return ("error", type(exc).__name__, str(exc), getattr(exc, "path", None))
    return ("ok", value, repr(value), getattr(value, "extra_fields", None))


@settings(max_examples=150, deadline=None, suppress_health_check=_FIXTURE)
@given(data=st.data())
def test_decode_fast_path_equals_the_general_path(kitchen: Any, data: st.DataObject) -> None:
    m, c = kitchen
    text = c.to_json(_draw(m, data))
    fast = _outcome(lambda: c.from_json(m.EverythingRequest, text))
    with pytest.MonkeyPatch.context() as patch:
        _general_decode(patch, c)
        general = _outcome(lambda: c.from_json(m.EverythingRequest, text))
    assert fast == general and fast[0] == "ok"


def _full(c: ModuleType, **members: Any) -> bytes:
    """An EverythingRequest with every member present (null unless given): the fast path's input."""
    raw: dict[str, Any] = {name: None for name in sorted(c._K_EverythingRequest.exact)}
    raw.update(members)
    return json.dumps(raw).encode()


@pytest.mark.parametrize(
    ("members", "path", "message"),
    [
        ({"Text": 3}, "Text", "expected a string"),
        ({"Number": "3"}, "Number", "expected an integer"),
        ({"Day": "2024-02-30"}, "Day", "not a date"),
        ({"Inner": {"Name": 5, "When": None}}, "Inner.Name", "expected a string"),
        ({"Inner": [1]}, "Inner", "expected an object"),
        ({"Items": [{"Name": "a", "When": None}, {"Name": 5, "When": None}]}, "Items[1].Name", "expected a string"),
        ({"Items": [{"Name": "a", "When": None}, None]}, "Items[1]", "null item"),
        ({"Tags": ["a", "b", 7]}, "Tags[2]", "expected a string"),
        ({"Color": ["Red"]}, "Color", "expected a scalar"),
    ],
)
def test_decode_fast_path_errors_name_the_member(
    kitchen: Any, monkeypatch: pytest.MonkeyPatch, members: dict[str, Any], path: str, message: str
) -> None:
    m, c = kitchen
    data = _full(c, **members)
    fast = _outcome(lambda: c.from_json(m.EverythingRequest, data))
    _general_decode(monkeypatch, c)
    assert _outcome(lambda: c.from_json(m.EverythingRequest, data)) == fast
    assert fast[0] == "error" and fast[3] == path and message in fast[2]


def test_decode_fast_path_keeps_case_and_unknown_rules(kitchen: Any) -> None:
    m, c = kitchen
    # As many keys as members, but one cased otherwise / one unknown: the general path reads them.
    recased = json.loads(_full(c, Text="x"))
    recased["TEXT"] = recased.pop("Text")
    assert c.from_json(m.EverythingRequest, json.dumps(recased)).text == "x"
    unknown = json.loads(_full(c, Text="x"))
    del unknown["Text"]
    unknown["Other"] = 1
    obj = c.from_json(m.EverythingRequest, json.dumps(unknown))
    assert obj.text is m.UNSET and obj.extra_fields == {"Other": 1}
    with pytest.raises(Exception, match="unknown member"):
        c.from_json(m.EverythingRequest, json.dumps(unknown), strict=True)
    # Every fast-path object gets a dict of its own: mutating one never shows in another.
    first, second = (c.from_json(m.Inner, b'{"Name":"a","When":null}') for _ in range(2))
    first.extra_fields["k"] = 1
    assert second.extra_fields == {} and "extra_fields" in vars(first)


@settings(max_examples=150, deadline=None, suppress_health_check=_FIXTURE)
@given(data=st.data())
def test_encode_fast_paths_equal_the_converters(kitchen: Any, data: st.DataObject) -> None:
    m, c = kitchen
    obj = _draw(m, data)
    # The encoder itself: to_json dispatches on type(obj), which the shadowed ``type`` would break.
    fast = _outcome(lambda: c._enc_json_EverythingRequest(obj))
    with pytest.MonkeyPatch.context() as patch:
        _converters_only(patch, c)
        assert _outcome(lambda: c._enc_json_EverythingRequest(obj)) == fast
    assert fast[0] == "error" or json.loads(fast[1]) == json.loads(c.to_json(obj))


@given(st.dates())
def test_dates_are_written_as_isoformat(day: dt.date) -> None:
    # What DATE_TAIL writes for years from 1000 (earlier ones go to js_date, which pads them).
    from generator.runtime import _wire

    if day.year > 999:
        assert f'"{day.year}{_wire.DATE_TAIL[day.month * 32 + day.day]}' == json.dumps(day.isoformat())


@pytest.mark.parametrize(
    ("attr", "bad", "path", "message"),
    [
        ("inner", "name", "Inner.Name", "expected str"),
        ("items", "name", "Items[1].Name", "expected str"),
        ("day", None, "Day", "expected date"),
    ],
)
def test_encode_fast_path_errors_name_the_member(kitchen: Any, attr: str, bad: Any, path: str, message: str) -> None:
    m, c = kitchen
    errors = __import__(c.__name__.rpartition(".")[0] + ".errors", fromlist=["EncodeError"])
    items = [m.Inner(name="a", when=None), m.Inner(name="b", when=None)]
    obj = m.EverythingRequest(inner=m.Inner(name="c", when=None), items=items, day=dt.date(2024, 1, 2))
    if attr == "day":
        obj.day = dt.datetime(2024, 1, 2)
    else:
        target = obj.inner if attr == "inner" else obj.items[1]
        target.name = 3
    with pytest.raises(errors.EncodeError, match=message) as info:
        c.to_json(obj)
    assert info.value.path == path


def test_full_objects_take_the_fast_paths(kitchen: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    m, c = kitchen
    inner = {"Name": "a", "When": None}
    data = _full(c, Text="t", Day="2024-01-02", Inner=inner, Items=[inner, inner])
    expected = c.from_json(m.EverythingRequest, data)
    # The general paths would read these; the fast ones never do.
    monkeypatch.setattr(c, "_K_EverythingRequest", None)
    monkeypatch.setattr(c, "_K_Inner", None)
    obj = c.from_json(m.EverythingRequest, data)
    assert obj == expected and obj.inner == m.Inner(name="a", when=None) and obj.extra_fields == {}
    wire = c.to_json(obj)
    monkeypatch.setattr(c, "_JE_list_of_Inner", None)  # the items are looped in the parent
    monkeypatch.setattr(c, "_enc_json_Inner", lambda _: "never")  # Inner is written inline...
    obj.items = []  # ...and the loop (which calls it per item) has nothing to do
    assert c.to_json(obj) == wire.replace(b'"Items":[{"Name":"a","When":null},{"Name":"a","When":null}]', b'"Items":[]')
    assert b'"Day":"2024-01-02"' in wire
