"""Runtime helpers of ``codecs``: paths in errors, member lookup, scalars, dates, durations.

Standard library only (msgspec, when installed, parses JSON: see ``read_json``).
Converters come in two shapes: a decoder takes ``(raw, strict)`` and returns the
python value, an encoder takes the value and returns its wire form.  Both raise
``Bad``; every container that calls a converter adds its member name to
``Bad.parts`` on the way out, so a path is only ever built when something failed.

Datetimes and the three JSON date forms (ServiceStack):

* ``\\/Date(ms)\\/`` (no suffix, UTC) <-> an aware datetime whose tzinfo is ``datetime.timezone.utc``;
* ``\\/Date(ms-0000)\\/`` (unzoned, as DateTime.MinValue is written) <-> a naive datetime, read as UTC wall clock;
* ``\\/Date(ms+hhmm)\\/`` <-> an aware datetime with that fixed offset (``+0000`` is kept as a named
  zero offset, distinct from ``timezone.utc``, so it is written back as ``+0000``).

``ms`` is always the UTC instant, so a doc example re-encodes byte for byte.
JSON dates carry milliseconds: microseconds below that are dropped on encode.
ISO-8601 strings are accepted wherever a date is read.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import decimal
import json as _json
import math
import struct
import uuid
from collections.abc import Callable, Iterable, Mapping
from json.encoder import encode_basestring as _quote
from typing import Any, Generic, TypeVar

from .errors import DecodeError, EncodeError
from .models import UNSET, Unset

T = TypeVar("T")
K = TypeVar("K")
Decoder = Callable[[Any, bool], T]
Encoder = Callable[[T], Any]

UTC = datetime.timezone.utc
_EPOCH = datetime.datetime(1970, 1, 1)
_EPOCH_UTC = datetime.datetime(1970, 1, 1, tzinfo=UTC)
_ZERO = datetime.timedelta(0)
_MS = datetime.timedelta(milliseconds=1)
# Offsets seen in dates are few: keep one tzinfo per distinct suffix.
_OFFSETS: dict[str, datetime.timezone] = {}
_ZONE_EPOCHS: dict[datetime.tzinfo, tuple[datetime.datetime, str]] = {}
# ``/Date(ms±hhmm)/``'s last seven characters ``±hhmm)/`` -> the epoch as a datetime
# of that form (naive for ``-0000``); the key carries ``)/`` so one lookup checks both.
_EPOCHS: dict[str, datetime.datetime] = {"-0000)/": _EPOCH}
_date_of = datetime.date.fromisoformat
# ``-MM-dd"`` of a date at ``month * 32 + day``: the generated JSON encoders write an exact date
# of year 1000 or later as ``"`` + year + this (date.isoformat formats through sprintf, ~3x slower).
DATE_TAIL = tuple(f'-{month:02d}-{day:02d}"' for month in range(13) for day in range(32))


class Bad(Exception):
    """A value failed to convert; ``parts`` collects its path, innermost first."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.parts: list[str] = []

    @property
    def path(self) -> str:
        """The member path, outermost first: ``Timestamps.AppLayer.InTime``, ``Items[2].Name``."""
        out = ""
        for part in reversed(self.parts):
            out += part if part.startswith("[") or not out else "." + part
        return out


def kind(value: object) -> str:
    """A short name of a value's type for messages (never the value: it may be a secret)."""
    if value is None:
        return "null"
    if isinstance(value, (dict, Mapping)):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__


class Keys:
    """The wire names of a class and its bases, exact and case-folded."""

    __slots__ = ("exact", "folded")

    def __init__(self, names: Iterable[str]) -> None:
        self.exact = frozenset(names)
        self.folded = {name.lower(): name for name in self.exact}


def split(raw: dict[str, Any], keys: Keys, strict: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """Known members by wire name (matched case-insensitively) and the unknown rest."""
    if keys.exact.issuperset(raw):
        return raw, {}
    known: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in raw.items():
        name = key if key in keys.exact else keys.folded.get(key.lower())
        if name is None:
            if strict:
                bad = Bad("unknown member (strict)")
                bad.parts.append(key)
                raise bad
            extra[key] = value
        elif name in known and strict:
            bad = Bad("member given twice with different casing (strict)")
            bad.parts.append(key)
            raise bad
        else:
            known[name] = value
    return known, extra


def json_object(raw: Any, keys: Keys, strict: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """``split`` for a parsed JSON value that must be an object."""
    if type(raw) is not dict:
        raise Bad(f"expected an object, got {kind(raw)}")
    if keys.exact.issuperset(raw):  # the usual case, checked here to save a call
        return raw, {}
    return split(raw, keys, strict)

def put(out: dict[str, Any], key: str, value: Any, conv: Encoder[Any]) -> None:
    """Write member ``key`` unless it is UNSET; None is written as null."""
    if value is UNSET:
        return
    if value is None:
        out[key] = None
        return
    try:
        out[key] = conv(value)
    except Bad as exc:
        exc.parts.append(key)
        raise


# ---------------------------------------------------------------- JSON text out
# Encoders of the JSON family return JSON *text*: the generated ``_enc_json_*``
# functions join it directly, so encoding never builds a tree for json.dumps
# to walk again (half the cost of an encode, measured in benchmarks/).  Each
# converter writes None as ``null`` itself, off its fast path, so callers never test for it.


def js_str(value: Any) -> str:
    """A str as a JSON string literal."""
    if isinstance(value, str):
        return _quote(value)
    if value is None:
        return "null"
    raise Bad(f"expected str, got {kind(value)}")


def js_int(value: Any) -> str:
    """An int as a JSON number (bool is refused: it is a different wire type)."""
    return "null" if value is None else str(enc_int(value))


def js_float(value: Any) -> str:
    """A finite float as a JSON number (integral values without ``.0``, as ServiceStack writes them)."""
    return "null" if value is None else repr(enc_float(value))


def js_decimal(value: Any) -> str:
    """A Decimal as a bare JSON number, every digit kept."""
    return "null" if value is None else decimal_text(value)


def js_bool(value: Any) -> str:
    """A bool as ``true``/``false``."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    raise Bad(f"expected bool, got {kind(value)}")


def js_enum(value: Any) -> str:
    """An enum member's wire name (or an unknown value kept as str) as a JSON string."""
    return "null" if value is None else _quote(enc_enum(value))


def js_date(value: Any) -> str:
    """A date as ``"yyyy-MM-dd"``."""
    if value is None:
        return "null"
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise Bad(f"expected date, got {kind(value)}")
    return f'"{value.isoformat()}"'


def js_timespan(value: Any) -> str:
    """A timedelta as a JSON string holding an XSD duration."""
    return "null" if value is None else f'"{enc_timespan(value)}"'


def js_guid_n(value: Any) -> str:
    """A UUID as 32 hex digits (ServiceStack's JSON and JSV form)."""
    if value is None:
        return "null"
    if not isinstance(value, uuid.UUID):
        raise Bad(f"expected UUID, got {kind(value)}")
    return f'"{value.hex}"'


def js_guid_d(value: Any) -> str:
    """A UUID with dashes."""
    if value is None:
        return "null"
    if not isinstance(value, uuid.UUID):
        raise Bad(f"expected UUID, got {kind(value)}")
    return f'"{value}"'


def js_iso_datetime(value: Any) -> str:
    """A datetime as an ISO-8601 JSON string (Praxis)."""
    return "null" if value is None else f'"{format_iso(datetime_value(value))}"'


def js_ms_date(value: Any) -> str:
    """A datetime as ServiceStack's ``"\\/Date(ms[±hhmm])\\/"`` (the escapes are part of the form)."""
    # Fast paths for UTC, naive and fixed offsets seen before: subtracting an epoch
    # that has the value's own tzinfo skips both utcoffset() calls, and the
    # milliseconds come from the timedelta's fields (cheaper than ``// _MS``).
    if type(value) is datetime.datetime:
        tz = value.tzinfo
        if tz is UTC:
            delta, suffix = value - _EPOCH_UTC, ""
        elif tz is None:
            delta, suffix = value - _EPOCH, "-0000"
        else:
            known = _ZONE_EPOCHS.get(tz) if type(tz) is datetime.timezone else None
            if known is None:
                return f'"\\/Date({ms_date_inner(value)})\\/"'
            delta, suffix = value - known[0], known[1]
        millis = delta.days * 86_400_000 + delta.seconds * 1000 + delta.microseconds // 1000
        return f'"\\/Date({millis}{suffix})\\/"'
    if value is None:
        return "null"
    return f'"\\/Date({ms_date_inner(datetime_value(value))})\\/"'


def js_key(value: Any) -> str:
    """A dictionary key as a JSON string (enum members by wire name, UUIDs as 32 hex digits)."""
    if isinstance(value, str):
        return _quote(enc_enum(value))
    if isinstance(value, uuid.UUID):
        return f'"{value.hex}"'
    return _quote(str(value))


def js_any(value: Any) -> str:
    """An unknown member as read (a JSON value or a text tree) back as JSON text."""
    if value is None or value is True or value is False or type(value) is int:
        return _json.dumps(value)
    if isinstance(value, str):
        text = _quote(value)
        # ServiceStack's date form keeps its escapes, so an unknown date member re-encodes byte for byte.
        if text.startswith('"/Date(') and text.endswith(')/"'):
            text = '"\\' + text[1:-2] + '\\/"'
        return text
    if isinstance(value, decimal.Decimal) and value.is_finite():
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    if isinstance(value, dict):
        return "{" + ",".join(_quote(str(k)) + ":" + js_any(v) for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(js_any(v) for v in value) + "]"
    return "null"


def js_extra(extra: Mapping[str, Any], keys: Keys) -> str:
    """Unknown members as ``,"key":value`` text, written after the known ones (never a known name twice)."""
    return "".join(
        "," + _quote(str(key)) + ":" + js_any(value) for key, value in extra.items() if key not in keys.exact
    )


class JsList(Generic[T]):
    """Encode a list as a JSON array item by item (None items become null)."""

    __slots__ = ("item",)

    def __init__(self, item: Callable[[T], str]) -> None:
        self.item = item

    def __call__(self, value: Any) -> str:
        if not isinstance(value, (list, tuple)):
            if value is None:
                return "null"
            raise Bad(f"expected a list, got {kind(value)}")
        # A plain loop: on Python 3.11 a comprehension is a function made and called per list.
        # On a failure the items done so far are the failing item's index.
        item = self.item
        out: list[str] = []
        append = out.append
        try:
            for one in value:
                append(item(one))
        except Bad as exc:
            exc.parts.append(f"[{len(out)}]")
            raise
        return f"[{','.join(out)}]"  # one string built, where "[" + ... + "]" builds two


class JsMap(Generic[K, T]):
    """Encode a dictionary as a JSON object: keys through ``key``, values through ``value``."""

    __slots__ = ("key", "value")

    def __init__(self, key: Callable[[K], str], value: Callable[[T], str]) -> None:
        self.key = key
        self.value = value

    def __call__(self, value: Any) -> str:
        if not isinstance(value, Mapping):
            if value is None:
                return "null"
            raise Bad(f"expected a dict, got {kind(value)}")
        out = []
        for name, item in value.items():
            try:
                out.append(self.key(name) + ":" + self.value(item))
            except Bad as exc:
                exc.parts.append(str(name))
                raise
        return "{" + ",".join(out) + "}"


def lookup(table: Mapping[type, T], cls: type) -> T | None:
    """The codec of ``cls`` or of the nearest generated class it derives from."""
    found = table.get(cls)
    if found is None:
        for base in cls.__mro__[1:]:
            found = table.get(base)
            if found is not None:
                break
    return found


def decode_with(decode: Decoder[T], raw: Any, strict: bool, data: bytes | str) -> T:
    """Run a generated decoder; every failure becomes the package's DecodeError with its path."""
    try:
        return decode(raw, strict)
    except Exception as exc:
        raise decode_error(exc, data) from None


def decode_error(exc: Exception, data: bytes | str) -> DecodeError:
    """The DecodeError for a generated decoder's failure (the contract: malformed input never escapes as another type)."""
    if isinstance(exc, Bad):
        return DecodeError(exc.message, exc.path, _raw(data))
    if isinstance(exc, RecursionError):
        return DecodeError("nested too deeply", "", _raw(data))
    return DecodeError(f"cannot decode ({type(exc).__name__})", "", _raw(data))


def encode_with(encode: Encoder[Any], obj: Any) -> Any:
    """Run a generated encoder; wrong types become EncodeError naming the field path."""
    try:
        return encode(obj)
    except (Bad, RecursionError) as exc:
        raise encode_error(exc) from None


def encode_error(exc: Bad | RecursionError) -> EncodeError:
    """The EncodeError for a generated encoder's failure: a wrong type names its field path."""
    if isinstance(exc, Bad):
        return EncodeError(exc.message, exc.path)
    return EncodeError("nested too deeply")


def _raw(data: bytes | str) -> bytes:
    return data if isinstance(data, bytes) else data.encode("utf-8", "replace")


def bad_input(message: str, data: bytes | str) -> DecodeError:
    """A DecodeError for a message that could not even be parsed."""
    return DecodeError(message, "", _raw(data))


def no_constant(name: str) -> Any:
    """``NaN``/``Infinity`` are not JSON."""
    raise ValueError(f"{name} is not a JSON value")


# ---------------------------------------------------------------- JSON text in
# ``json.loads(data, parse_float=..., parse_constant=...)`` builds a new JSONDecoder and C
# scanner on every call (a few µs, as much as parsing a small message): one decoder is kept
# and its scanner called directly; whitespace, trailing data and every error go through
# ``decode``, so values and messages are json.loads's own.
_STDLIB = _json.JSONDecoder(parse_float=decimal.Decimal, parse_constant=no_constant)
# The C scanner JSONDecoder.decode calls (typeshed does not declare the attribute).
_scan: Callable[[str, int], tuple[Any, int]] = getattr(_STDLIB, "scan_once")


def stdlib_json(data: bytes | bytearray | str) -> Any:
    """``json.loads(data, parse_float=Decimal, parse_constant=no_constant)`` with one decoder for all calls."""
    if isinstance(data, str):
        if data.startswith("\ufeff"):  # json.loads refuses a BOM in text: let it say so
            return _json.loads(data, parse_float=decimal.Decimal, parse_constant=no_constant)
        text = data
    elif isinstance(data, (bytes, bytearray)):
        text = data.decode(_json.detect_encoding(data), "surrogatepass")
    else:  # json.loads's TypeError
        return _json.loads(data, parse_float=decimal.Decimal, parse_constant=no_constant)
    try:
        value, end = _scan(text, 0)
    except StopIteration:  # leading whitespace or no value at all
        return _STDLIB.decode(text)
    if end != len(text) and text[end:].strip(" \t\n\r"):  # JSON's whitespace only may follow
        return _STDLIB.decode(text)  # raises "Extra data"
    return value


def _msgspec_reader() -> Callable[[bytes | bytearray | str], Any] | None:
    """A JSON reader on msgspec's C parser when it is installed (the ``speed`` extra), else None."""
    try:
        import msgspec.json  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    # float_hook gets the number's text: decimals stay exact (integers are ints of any size, as in json).
    decode = msgspec.json.Decoder(float_hook=decimal.Decimal).decode

    def read(data: bytes | bytearray | str) -> Any:
        try:
            return decode(data)
        except Exception:  # anything msgspec refuses is read again: the stdlib's value or error is the reference
            return stdlib_json(data)

    return read


def _first_read(data: bytes | bytearray | str) -> Any:
    # msgspec's import costs ~9 ms: it happens on the first message, not at ``import codecs``.
    global read_json
    read_json = _msgspec_reader() or stdlib_json
    return read_json(data)


# Parse one JSON document: the values and errors of ``stdlib_json``; msgspec (C, about 3x faster)
# when installed.  msgspec accepts only well-formed UTF-8 JSON without a BOM (no NaN, no lone
# surrogates, integers under 4,300 digits), on which both agree; the rest takes the stdlib.
read_json: Callable[[bytes | bytearray | str], Any] = _first_read


def wrong_type(obj: object, cls: type) -> Bad:
    """The error for an encoder given something that is not a ``cls``."""
    return Bad(f"expected {cls.__name__}, got {kind(obj)}")


def check(obj: object, cls: type[T]) -> T:
    """``obj`` if it is a ``cls``, else Bad."""
    if not isinstance(obj, cls):
        raise wrong_type(obj, cls)
    return obj


# ---------------------------------------------------------------- containers


def _null_item() -> Any:
    raise Bad("null item in a list that does not allow null")


class ListOf(Generic[T]):
    """Decode a JSON array with ``item`` (null items allowed only when ``nullable``)."""

    __slots__ = ("item", "nullable")

    def __init__(self, item: Decoder[T], nullable: bool = False) -> None:
        self.item = item
        self.nullable = nullable

    def __call__(self, raw: Any, strict: bool) -> list[T]:
        if type(raw) is not list:
            raise Bad(f"expected an array, got {kind(raw)}")
        # A plain loop: on Python 3.11 a comprehension is a function made and called per list.
        # On a failure the items done so far are the failing item's index (as ``one`` names it).
        item = self.item
        out: list[Any] = []
        append = out.append
        try:
            if self.nullable:
                for value in raw:
                    append(None if value is None else item(value, strict))
            else:
                for value in raw:
                    append(item(value, strict) if value is not None else _null_item())
        except Bad as exc:
            exc.parts.append(f"[{len(out)}]")
            raise
        return out

    def one(self, value: Any, index: int, strict: bool) -> Any:
        """One item; the index joins the path on failure."""
        if value is None:
            if self.nullable:
                return None
            bad = Bad("null item in a list that does not allow null")
            bad.parts.append(f"[{index}]")
            raise bad
        try:
            return self.item(value, strict)
        except Bad as exc:
            exc.parts.append(f"[{index}]")
            raise


class MapOf(Generic[K, T]):
    """Decode a JSON object used as a dictionary: keys through ``key``, values through ``value``."""

    __slots__ = ("key", "value")

    def __init__(self, key: Decoder[K], value: Decoder[T]) -> None:
        self.key = key
        self.value = value

    def __call__(self, raw: Any, strict: bool) -> dict[K, T | None]:
        if type(raw) is not dict:
            raise Bad(f"expected an object, got {kind(raw)}")
        out: dict[K, T | None] = {}
        for name, value in raw.items():
            try:
                out[self.key(name, strict)] = None if value is None else self.value(value, strict)
            except Bad as exc:
                exc.parts.append(name)
                raise
        return out


class EnumOf(Generic[T]):
    """Decode an enum by member name (exact, then case-insensitive) or integer value; unknown names stay strings."""

    __slots__ = ("exact", "folded", "by_value", "label")

    def __init__(self, names: Mapping[str, T], values: Mapping[int, T], label: str) -> None:
        self.exact = dict(names)
        self.folded = {name.lower(): member for name, member in reversed(list(names.items()))}
        self.by_value = dict(values)
        self.label = label

    def __call__(self, raw: Any, strict: bool) -> T | str:
        text = raw if type(raw) is str else text_of(raw)
        member = self.exact.get(text)
        if member is None:
            member = self.folded.get(text.lower())
        if member is None and (text.isdigit() or text[:1] == "-" and text[1:].isdigit()) and len(text) < 20:
            member = self.by_value.get(int(text))
        if member is not None:
            return member
        if strict:
            raise Bad(f"{text[:40]!r} is not a member of {self.label} (strict)")
        return text

    # The generated codecs call ``_E_X.read(raw, strict)``: a method call runs in the caller's
    # eval loop, where calling the instance goes through ``__call__``'s slot (twice the cost).
    read = __call__


def enc_enum(value: Any) -> str:
    """An enum member's wire name; an unknown value kept as a string goes out as it is."""
    if not isinstance(value, str):
        raise Bad(f"expected an enum member or str, got {kind(value)}")
    member_value = getattr(value, "value", value)
    return member_value if isinstance(member_value, str) else str(member_value)


def text_of(raw: Any) -> str:
    """The text of a scalar that arrived as a JSON number or bool (forgiving readers)."""
    if type(raw) is str:
        return raw
    if type(raw) is bool:
        return "true" if raw else "false"
    if isinstance(raw, (int, decimal.Decimal)):
        return str(raw)
    raise Bad(f"expected a scalar, got {kind(raw)}")


# ---------------------------------------------------------------- JSON scalars


def json_str(raw: Any, strict: bool) -> str:
    """A JSON string."""
    if type(raw) is str:
        return raw
    raise Bad(f"expected a string, got {kind(raw)}")


def json_int(raw: Any, strict: bool) -> int:
    """A JSON integer (an integral number such as ``3.0`` is accepted unless strict)."""
    if type(raw) is int:
        return raw
    if type(raw) is decimal.Decimal and not strict and raw == raw.to_integral_value():
        return int(raw)
    raise Bad(f"expected an integer, got {kind(raw)}")


def json_float(raw: Any, strict: bool) -> float:
    """A JSON number as float."""
    if type(raw) is decimal.Decimal or type(raw) is int:
        return float(raw)
    raise Bad(f"expected a number, got {kind(raw)}")


def json_decimal(raw: Any, strict: bool) -> decimal.Decimal:
    """A JSON number as Decimal, exactly as written."""
    if type(raw) is decimal.Decimal:
        return raw
    if type(raw) is int:
        return decimal.Decimal(raw)
    raise Bad(f"expected a number, got {kind(raw)}")


def json_bool(raw: Any, strict: bool) -> bool:
    """A JSON boolean."""
    if type(raw) is bool:
        return raw
    raise Bad(f"expected true or false, got {kind(raw)}")


def json_datetime(raw: Any, strict: bool) -> datetime.datetime:
    """``\\/Date(...)\\/`` or ISO-8601."""
    # Fast path for the forms ServiceStack writes (json.loads has already dropped
    # the escapes): the epoch in the suffix's zone plus the milliseconds.  Anything
    # else, a suffix not seen yet and any failure take the full parser.
    if type(raw) is str and raw.startswith("/Date("):
        try:
            epoch = _EPOCHS.get(raw[-7:])
            if epoch is not None:
                return epoch + _MS * int(raw[6:-7])
            if raw[-2:] == ")/" and raw[-7] != "+" and raw[-7] != "-":
                return _EPOCH_UTC + _MS * int(raw[6:-2])
        except (ValueError, OverflowError):
            pass
    elif type(raw) is not str:
        raise Bad(f"expected a date string, got {kind(raw)}")
    return parse_datetime(raw)


def json_date(raw: Any, strict: bool) -> datetime.date:
    """A date as ``yyyy-MM-dd`` (or any datetime form, whose date part is kept)."""
    # Fast path: ``yyyy-MM-dd`` in ASCII digits, which fromisoformat (C) reads as parse_iso does;
    # whatever it refuses takes the full parser, so errors and odd forms are unchanged.
    if type(raw) is str and len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
        try:
            return _date_of(raw)
        except ValueError:
            pass
    return parse_datetime(json_str(raw, strict)).date()


def json_timespan(raw: Any, strict: bool) -> datetime.timedelta:
    """An XSD duration."""
    return parse_duration(json_str(raw, strict))


def json_guid(raw: Any, strict: bool) -> uuid.UUID:
    """A GUID with or without dashes."""
    return parse_guid(json_str(raw, strict))


def key_str(raw: Any, strict: bool) -> str:
    """A dictionary key kept as text."""
    return text_of(raw)


def key_int(raw: Any, strict: bool) -> int:
    """A dictionary key that is an integer."""
    return parse_int(text_of(raw))


def enc_int(value: Any) -> int:
    """An int (bool is refused: it is a different wire type)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    raise Bad(f"expected int, got {kind(value)}")


def enc_float(value: Any) -> float | int:
    """A finite float; integral values go out without ``.0`` as ServiceStack writes them."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Bad(f"expected float, got {kind(value)}")
    number = float(value)
    if not math.isfinite(number):
        raise Bad(f"{number} cannot be written")
    return int(number) if number.is_integer() and abs(number) < 1e15 else number


def decimal_text(value: Any) -> str:
    """A finite Decimal (or int) in plain invariant text."""
    if isinstance(value, bool) or not isinstance(value, (decimal.Decimal, int)):
        raise Bad(f"expected Decimal, got {kind(value)}")
    if isinstance(value, decimal.Decimal) and not value.is_finite():
        raise Bad(f"{value} cannot be written")
    return str(value)


def enc_timespan(value: Any) -> str:
    """A timedelta as an XSD duration."""
    if not isinstance(value, datetime.timedelta):
        raise Bad(f"expected timedelta, got {kind(value)}")
    return format_duration(value)


# ---------------------------------------------------------------- dates


def datetime_value(value: Any) -> datetime.datetime:
    """``value`` if it is a datetime, else Bad."""
    if not isinstance(value, datetime.datetime):
        raise Bad(f"expected datetime, got {kind(value)}")
    return value


def offset_tz(suffix: str) -> datetime.timezone:
    """The fixed-offset tzinfo of ``+hhmm``/``-hhmm`` (``-0000`` is handled by the caller)."""
    tz = _OFFSETS.get(suffix)
    if tz is None:
        hours, minutes = int(suffix[1:3]), int(suffix[3:5])
        if len(suffix) != 5 or minutes > 59 or hours > 23:
            raise Bad(f"bad UTC offset {suffix!r}")
        delta = datetime.timedelta(hours=hours, minutes=minutes)
        tz = datetime.timezone(-delta if suffix[0] == "-" else delta, suffix)
        if len(_OFFSETS) < 64:
            _OFFSETS[suffix] = tz
            # A fixed offset: epoch-in-zone + delta is the same instant, already in the zone.
            _EPOCHS[suffix + ")/"] = _EPOCH_UTC.astimezone(tz)
    return tz


def parse_ms_date(text: str) -> datetime.datetime:
    """``/Date(ms[±hhmm])/`` (with or without the ``\\`` escapes)."""
    body = text[1:] if text[:2] == "\\/" else text
    if body[:6] != "/Date(" or body[-2:] != ")/" and body[-3:] != ")\\/":
        raise ValueError(text)
    inner = body[6 : body.rindex(")")]
    cut = max(inner.rfind("+"), inner.rfind("-"))
    millis, suffix = (inner[:cut], inner[cut:]) if cut > 0 else (inner, "")
    delta = datetime.timedelta(milliseconds=int(millis))
    if not suffix:
        return _EPOCH_UTC + delta
    if suffix == "-0000":
        return _EPOCH + delta
    return (_EPOCH_UTC + delta).astimezone(offset_tz(suffix))


def parse_datetime(text: str) -> datetime.datetime:
    """Any date form ServiceStack writes or reads: ``/Date()/``, ISO-8601, ``yyyy-MM-dd``."""
    try:
        if text[:1] in ("/", "\\"):
            return parse_ms_date(text)
        return parse_iso(text)
    except (ValueError, IndexError, OverflowError):
        raise Bad(f"not a date: {text[:40]!r}") from None


def parse_iso(text: str) -> datetime.datetime:
    """ISO-8601 by slicing: date, optional ``T``/space time, fraction of any length, ``Z`` or offset."""
    if text[4] != "-" or text[7] != "-":
        raise ValueError(text)
    year, month, day = int(text[0:4]), int(text[5:7]), int(text[8:10])
    if len(text) == 10:
        return datetime.datetime(year, month, day)
    if text[10] not in "Tt " or text[13] != ":":
        raise ValueError(text)
    hour, minute, second, micro, pos = int(text[11:13]), int(text[14:16]), 0, 0, 16
    if text[pos : pos + 1] == ":":
        second, pos = int(text[17:19]), 19
        if text[pos : pos + 1] in (".", ","):
            end = pos + 1
            while end < len(text) and text[end].isdigit():
                end += 1
            micro = int((text[pos + 1 : end] + "000000")[:6])
            pos = end
    rest = text[pos:]
    if not rest:
        tz = None
    elif rest in ("Z", "z"):
        tz = UTC
    else:
        tz = offset_tz(rest.replace(":", ""))
    return datetime.datetime(year, month, day, hour, minute, second, micro, tz)


def ms_date_inner(value: datetime.datetime) -> str:
    """``ms[±hhmm]`` of ``/Date(...)/``: ms is the UTC instant; naive values are written ``-0000``."""
    tz = value.tzinfo
    offset = None if tz is None else value.utcoffset()
    if offset is None:
        return f"{(value.replace(tzinfo=None) - _EPOCH) // _MS}-0000"
    millis = (value - _EPOCH_UTC) // _MS
    if tz is UTC:
        return str(millis)
    suffix = offset_suffix(offset, "")
    if type(tz) is datetime.timezone and len(_ZONE_EPOCHS) < 64:
        # A fixed offset always has this suffix: remembered, with the epoch in that zone, for js_ms_date.
        _ZONE_EPOCHS[tz] = (_EPOCH_UTC.astimezone(tz), suffix)
    return f"{millis}{suffix}"

def offset_suffix(offset: datetime.timedelta, sep: str) -> str:
    """``+hhmm`` (or ``+hh:mm`` with ``sep=":"``) for a UTC offset."""
    sign = "-" if offset < _ZERO else "+"
    minutes = abs(offset) // datetime.timedelta(minutes=1)
    return f"{sign}{minutes // 60:02d}{sep}{minutes % 60:02d}"


def fraction(micro: int) -> str:
    """``.5`` for 500000 microseconds; empty for zero."""
    return f".{micro:06d}".rstrip("0") if micro else ""


def format_iso(value: datetime.datetime) -> str:
    """ISO-8601 as DataContract writes it: no suffix unzoned, ``Z`` for UTC, else ``±hh:mm``."""
    text = f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    text += fraction(value.microsecond)
    if value.tzinfo is None:
        return text
    offset = value.utcoffset()
    if offset is None:
        return text
    return text + ("Z" if value.tzinfo is UTC else offset_suffix(offset, ":"))


# ---------------------------------------------------------------- durations, numbers, GUIDs


def format_duration(value: datetime.timedelta) -> str:
    """XSD duration: ``PT0S``, ``-P1DT2H``, ``P1DT2H3M4.567S`` (days never rolled into months)."""
    if value < _ZERO:
        return "-" + format_duration(-value)
    days, seconds, micro = value.days, value.seconds, value.microseconds
    if not (days or seconds or micro):
        return "PT0S"
    text = f"P{days}D" if days else "P"
    hours, minutes, secs = seconds // 3600, seconds // 60 % 60, seconds % 60
    if hours or minutes or secs or micro:
        text += "T"
        text += f"{hours}H" if hours else ""
        text += f"{minutes}M" if minutes else ""
        text += f"{secs}{fraction(micro)}S" if secs or micro else ""
    return text


_DURATION_UNITS = {"Y": 365 * 86400, "D": 86400, "H": 3600, "S": 1}


def parse_duration(text: str) -> datetime.timedelta:
    """An XSD duration (``PT90M`` sums up; years count 365 days, months 30)."""
    body, sign = (text[1:], -1) if text[:1] == "-" else (text, 1)
    if body[:1] != "P" or len(body) < 3 or len(text) > 64:
        raise Bad(f"not a duration: {text[:40]!r}")
    total, number, in_time = decimal.Decimal(0), "", False
    for char in body[1:]:
        if char.isdigit() or char == ".":
            number += char
        elif char == "T" and not number:
            in_time = True
        elif char in "YMDHS" and number:
            unit = (60 if in_time else 30 * 86400) if char == "M" else _DURATION_UNITS[char]
            try:
                total += decimal.Decimal(number) * unit
            except decimal.InvalidOperation:
                raise Bad(f"not a duration: {text[:40]!r}") from None
            number = ""
        else:
            raise Bad(f"not a duration: {text[:40]!r}")
    if number:
        raise Bad(f"not a duration: {text[:40]!r}")
    micro = int(total * 1_000_000)
    try:
        return datetime.timedelta(microseconds=sign * micro)
    except OverflowError:
        raise Bad(f"duration out of range: {text[:40]!r}") from None


def parse_int(text: str) -> int:
    """A decimal integer of at most 40 digits (longer text is no wire integer)."""
    if len(text) > 40:
        raise Bad("integer text too long")
    try:
        return int(text)
    except ValueError:
        raise Bad(f"not an integer: {text[:40]!r}") from None


def parse_guid(text: str) -> uuid.UUID:
    """A GUID in any of the forms .NET writes (``N``, ``D``, ``B``)."""
    try:
        return uuid.UUID(text) if len(text) <= 45 else uuid.UUID("bad")
    except ValueError:
        raise Bad(f"not a GUID: {text[:40]!r}") from None


# ---------------------------------------------------------------- the rest of the .NET set
# Fixed-width integers, char, single-precision float, DateTimeOffset, byte[] and KeyValuePair.
# None of these is on the PaySecure/Praxis hot paths; they are written for clarity.


class IntRange:
    """A fixed-width .NET integer type whose every converter checks the range (``byte`` is 0..255)."""

    __slots__ = ("label", "low", "high")

    def __init__(self, label: str, low: int, high: int) -> None:
        self.label = label
        self.low = low
        self.high = high

    def check(self, value: int) -> int:
        """``value`` when in range, else Bad (the value is not shown: it may be a secret)."""
        if self.low <= value <= self.high:
            return value
        raise Bad(f"out of range for {self.label} ({self.low}..{self.high})")

    def json(self, raw: Any, strict: bool) -> int:
        """Decode a JSON integer."""
        return self.check(json_int(raw, strict))

    def text(self, raw: Any, strict: bool) -> int:
        """Decode an integer leaf of XML, JSV or CSV (or a dictionary key)."""
        return self.check(parse_int(text_leaf(raw).strip()))

    def enc(self, value: Any) -> str:
        """Encode as a number (JSON, JSV and XML write integers alike); None is JSON null."""
        return "null" if value is None else str(self.check(enc_int(value)))


BYTE = IntRange("byte", 0, 255)
SBYTE = IntRange("sbyte", -128, 127)
SHORT = IntRange("short", -(2**15), 2**15 - 1)
USHORT = IntRange("ushort", 0, 2**16 - 1)
UINT = IntRange("uint", 0, 2**32 - 1)
ULONG = IntRange("ulong", 0, 2**64 - 1)
# Single precision: the largest finite value, and the packer that rounds to it.
F32_MAX = 3.4028234663852886e38
_F32 = struct.Struct("<f")


def text_leaf(raw: Any) -> str:
    """A text leaf (XML element text, a JSV scalar, a CSV cell, a JSON object key)."""
    if type(raw) is str:
        return raw
    raise Bad(f"expected text, got {kind(raw)}")


def check_char(value: Any) -> str:
    """``value`` if it is one character that fits a .NET char (one UTF-16 unit), else Bad."""
    if isinstance(value, str) and len(value) == 1 and ord(value) <= 0xFFFF:
        return value
    raise Bad(f"expected one character (a UTF-16 unit), got {kind(value)}")


def char_of_code(code: int) -> str:
    """The char of a UTF-16 code (DataContract writes a char as its number)."""
    if 0 <= code <= 0xFFFF:
        return chr(code)
    raise Bad("out of range for char (0..65535)")


def json_char(raw: Any, strict: bool) -> str:
    """A one-character JSON string (a number is read as the char's code unless strict)."""
    if type(raw) is int and not strict:
        return char_of_code(raw)
    return check_char(json_str(raw, strict))


def js_char(value: Any) -> str:
    """A char as a one-character JSON string."""
    return "null" if value is None else _quote(check_char(value))


def f32_check(number: float) -> float:
    """``number`` if it rounds to a finite single-precision float (within ±3.4028235e38), else Bad."""
    if math.isfinite(number) and abs(number) > F32_MAX:
        try:
            _F32.pack(number)  # rounds to the largest single when within half a unit of it
        except OverflowError:
            raise Bad("out of range for float (±3.4028235e38)") from None
    return number


def f32_text(value: Any) -> str:
    """A finite float in the shortest text that reads back as the same single-precision value."""
    packed = _F32.pack(f32_check(float(enc_float(value))))
    single = _F32.unpack(packed)[0]
    if single.is_integer() and abs(single) < 1e15:
        return str(int(single))
    for digits in range(1, 10):
        text = f"{single:.{digits}g}"
        try:
            if _F32.pack(float(text)) == packed:
                return text
        except OverflowError:  # rounded up past the largest single: more digits are needed
            continue
    return repr(single)


def json_f32(raw: Any, strict: bool) -> float:
    """A JSON number as a single-precision float (kept as read; range-checked)."""
    return f32_check(json_float(raw, strict))


def js_f32(value: Any) -> str:
    """A single-precision float as a JSON number in its shortest form."""
    return "null" if value is None else f32_text(value)


def aware(value: datetime.datetime) -> datetime.datetime:
    """A DateTimeOffset always has an offset: a value read without one is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def dto_value(value: Any) -> datetime.datetime:
    """``value`` if it is an aware datetime whose offset is whole minutes (a DateTimeOffset), else Bad."""
    moment = datetime_value(value)
    offset = moment.utcoffset()
    if offset is None:
        raise Bad("expected an aware datetime (datetimeoffset keeps an offset), got a naive one")
    if offset % datetime.timedelta(minutes=1) or abs(offset) > datetime.timedelta(hours=14):
        raise Bad("a datetimeoffset's offset must be whole minutes within ±14 hours")
    return moment


def json_dto(raw: Any, strict: bool) -> datetime.datetime:
    """``\\/Date(ms±hhmm)\\/`` (or ISO-8601) as an aware datetime in the written offset."""
    return aware(json_datetime(raw, strict))


def js_dto(value: Any) -> str:
    """A DateTimeOffset as ``"\\/Date(ms±hhmm)\\/"``: ms is the UTC instant, the offset always written."""
    if value is None:
        return "null"
    moment = dto_value(value)
    offset = moment.utcoffset()
    assert offset is not None  # checked by dto_value
    return f'"\\/Date({(moment - _EPOCH_UTC) // _MS}{offset_suffix(offset, "")})\\/"'


def bytes_value(value: Any) -> bytes:
    """``value`` if it is bytes (or a bytearray/memoryview), else Bad."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise Bad(f"expected bytes, got {kind(value)}")


def b64_text(value: Any) -> str:
    """``byte[]`` as standard base64 (every wire format writes it so)."""
    return base64.b64encode(bytes_value(value)).decode("ascii")


def b64_bytes(text: str) -> bytes:
    """Standard base64 text (whitespace ignored) as bytes; Bad on anything else."""
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise Bad("not base64 text") from None


def json_bytes(raw: Any, strict: bool) -> bytes:
    """A base64 JSON string."""
    return b64_bytes(json_str(raw, strict))


def js_bytes(value: Any) -> str:
    """Bytes as a base64 JSON string."""
    return "null" if value is None else f'"{b64_text(value)}"'


class JsKey(Generic[K]):
    """A dictionary key through the key type's JSON encoder, quoted when that is no JSON string."""

    __slots__ = ("encode",)

    def __init__(self, encode: Callable[[K], str]) -> None:
        self.encode = encode

    def __call__(self, value: Any) -> str:
        text = self.encode(value)
        return text if text[:1] == '"' else f'"{text}"'


def pair_of(value: Any) -> tuple[Any, Any]:
    """A KeyValuePair given as a 2-tuple (or 2-list), else Bad."""
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return value[0], value[1]
    raise Bad(f"expected a (key, value) pair, got {kind(value)}")


def pair_members(raw: Mapping[str, Any]) -> tuple[Any, Any]:
    """The ``Key`` and ``Value`` members of a KeyValuePair object, matched case-insensitively."""
    found: dict[str, Any] = {}
    for name, value in raw.items():
        folded = name.lower() if isinstance(name, str) else ""
        if folded in ("key", "value"):
            found[folded] = value
    return found.get("key"), found.get("value")


class KeyValueOf(Generic[K, T]):
    """Decode a JSON KeyValuePair ``{"Key":..,"Value":..}`` into a ``(key, value)`` tuple (null parts are None)."""

    __slots__ = ("key", "value")

    def __init__(self, key: Decoder[K], value: Decoder[T]) -> None:
        self.key = key
        self.value = value

    def __call__(self, raw: Any, strict: bool) -> tuple[K | None, T | None]:
        if type(raw) is not dict:
            raise Bad(f"expected an object, got {kind(raw)}")
        key, value = pair_members(raw)
        return decode_pair(self.key, self.value, key, value, strict)


def decode_pair(kdec: Decoder[K], vdec: Decoder[T], key: Any, value: Any, strict: bool) -> tuple[K | None, T | None]:
    """Decode both parts of a KeyValuePair, naming ``Key`` or ``Value`` in the path on failure."""
    at = "Key"
    try:
        out_key = None if key is None else kdec(key, strict)
        at = "Value"
        return out_key, None if value is None else vdec(value, strict)
    except Bad as exc:
        exc.parts.append(at)
        raise


class JsKeyValue(Generic[K, T]):
    """Encode a ``(key, value)`` tuple as a JSON KeyValuePair object."""

    __slots__ = ("key", "value")

    def __init__(self, key: Callable[[K], str], value: Callable[[T], str]) -> None:
        self.key = key
        self.value = value

    def __call__(self, value: Any) -> str:
        if value is None:
            return "null"
        key, item = pair_of(value)
        at = "Key"
        try:
            text = '{"Key":' + self.key(key)
            at = "Value"
            return text + ',"Value":' + self.value(item) + "}"
        except Bad as exc:
            exc.parts.append(at)
            raise


__all__ = ["Bad", "Keys", "UNSET", "Unset"]
