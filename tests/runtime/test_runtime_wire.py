"""generator/runtime/_wire.py in place: member lookup, scalars, ServiceStack dates and durations."""

from __future__ import annotations

import datetime

import pytest

from generator.runtime import _wire as wire
from generator.runtime.errors import DecodeError
from generator.runtime.models import UNSET


def test_split_matches_members_case_insensitively_and_keeps_the_rest() -> None:
    keys = wire.Keys(["Amount", "Currency"])
    assert wire.split({"amount": 1, "Other": 2}, keys, strict=False) == ({"Amount": 1}, {"Other": 2})
    with pytest.raises(wire.Bad) as caught:
        wire.split({"Other": 2}, keys, strict=True)
    assert caught.value.parts == ["Other"]


def test_put_leaves_unset_out_and_writes_none_as_null() -> None:
    out: dict[str, object] = {}
    wire.put(out, "A", UNSET, wire.enc_int)
    wire.put(out, "B", None, wire.enc_int)
    wire.put(out, "C", 3, wire.enc_int)
    assert out == {"B": None, "C": 3}


@pytest.mark.parametrize(
    "text", ["/Date(1500000000000)/", "/Date(1500000000000-0000)/", "/Date(1500000000000+0200)/", "/Date(0+0000)/"]
)
def test_ms_dates_re_encode_byte_for_byte(text: str) -> None:
    # JSON writes the slashes escaped, as ServiceStack does.
    assert wire.js_ms_date(wire.parse_ms_date(text)) == '"' + text.replace("/", "\\/") + '"'


def test_the_three_date_forms_keep_their_zone() -> None:
    assert wire.parse_ms_date("/Date(0)/").tzinfo is datetime.timezone.utc
    assert wire.parse_ms_date("/Date(0-0000)/").tzinfo is None
    assert wire.parse_ms_date("/Date(0+0200)/").utcoffset() == datetime.timedelta(hours=2)


def test_durations_round_trip() -> None:
    value = datetime.timedelta(days=1, hours=1, seconds=30, microseconds=500000)
    assert wire.parse_duration(wire.format_duration(value)) == value
    assert wire.format_duration(datetime.timedelta(hours=1, seconds=30)) == "PT1H30S"


def test_a_bad_scalar_becomes_the_packages_decode_error() -> None:
    assert wire.decode_with(wire.json_int, 5, True, b"5") == 5
    with pytest.raises(DecodeError, match="expected an integer"):
        wire.decode_with(wire.json_int, "x", True, b'"x"')
