"""Runtime helpers of the text formats: JSV and CSV writers and readers, text scalars.

A text message is first read into a plain tree, then converted by the generated
per-class decoders: JSV gives dicts, lists, strings and None (an empty slot);
XML (see ``_xml``) gives the C-built ``Element`` tree itself, whose children read
as ``element_value`` says (an element with children, a leaf's text, None for
``i:nil``); a CSV row gives one string or None per column, whose complex cells
are JSV text read on demand.  One decoder per class thus serves all three formats.
"""

from __future__ import annotations

import datetime
import decimal
import math
import uuid
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from typing import Any, Generic, TypeVar
from xml.etree.ElementTree import Element

from ._wire import (
    Bad,
    Decoder,
    Encoder,
    Keys,
    UTC,
    aware,
    b64_bytes,
    b64_text,
    char_of_code,
    check_char,
    datetime_value,
    decode_pair,
    dto_value,
    enc_enum,
    f32_check,
    kind,
    offset_suffix,
    pair_members,
    pair_of,
    parse_datetime,
    parse_duration,
    parse_guid,
    parse_int,
    split,
)

T = TypeVar("T")
K = TypeVar("K")
MAX_DEPTH = 200
_JSV_SPECIAL = frozenset('":,{}[]\r\n')
_CSV_SPECIAL = frozenset('",\r\n')
NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"


# A dictionary lookup is quicker than splitting each tag, and the names of a package are few.
_LOCAL_NAMES: dict[str, str] = {}
# Bound once: a date is read per member, and the lookups were a tenth of its cost.
_FROM_ISO = datetime.datetime.fromisoformat


class Node:
    """An unknown XML member that has child elements, kept in ``extra_fields``: ``(local name, value)`` pairs."""

    __slots__ = ("name", "children")

    def __init__(self, name: str) -> None:
        self.name = name
        self.children: list[tuple[str, Any]] = []


# ---------------------------------------------------------------- XML elements


def local_name(tag: str) -> str:
    """``Name`` of ``{namespace}Name`` (a name cannot hold ``}``), remembered in ``_LOCAL_NAMES``."""
    name = tag.rpartition("}")[2]
    if len(_LOCAL_NAMES) < 2048 and len(tag) <= 200:  # bounded: hostile documents cannot grow it
        _LOCAL_NAMES[tag] = name
    return name


def element_value(element: Element) -> Any:
    """None for ``i:nil="true"``, the element itself when it has children, else its text."""
    nil = element.get(NIL)
    if nil is not None and nil.strip() == "true":
        return None
    return element if len(element) else element.text or ""


def element_members(element: Element) -> dict[str, Any]:
    """Child values by local name (a repeated name keeps the last)."""
    members: dict[str, Any] = {}
    for child in element:
        members[local_name(child.tag)] = element_value(child)
    return members


def to_node(value: Any, depth: int = 0) -> Any:
    """An element value made independent of the parsed tree (``Node``s), for ``extra_fields``."""
    if type(value) is not Element:
        return value
    if depth >= MAX_DEPTH:
        raise Bad("XML nested too deeply")
    node = Node(local_name(value.tag))
    node.children = [(local_name(child.tag), to_node(element_value(child), depth + 1)) for child in value]
    return node


# ---------------------------------------------------------------- text containers


def text_object(raw: Any, keys: Keys, strict: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """Members of an object read from JSV (dict), XML (Element), or a CSV cell holding JSV."""
    if type(raw) is Element:
        # element_members and element_value inlined: this loop runs once per member.
        members: dict[str, Any] = {}
        for child in raw:
            tag = child.tag
            nil = child.get(NIL)
            members[_LOCAL_NAMES.get(tag) or local_name(tag)] = (
                None if nil is not None and nil.strip() == "true" else child if len(child) else child.text or ""
            )
        if keys.exact.issuperset(members):
            return members, {}
        known, extra = split(members, keys, strict)
        return known, {name: to_node(value) for name, value in extra.items()}
    if type(raw) is str:
        raw = jsv_parse(raw) if raw else {}
    if type(raw) is dict:
        return split(raw, keys, strict)
    raise Bad(f"expected an object, got {kind(raw)}")


# Some services print JSON-style members inside their JSV (`"Types": null`); a list or map spelled
# `null` can only be that null (a string member spelled so stays the string "null").
NULL_WORD = "null"


def _items(raw: Any) -> list[Any]:
    if type(raw) is str:
        raw = jsv_parse(raw) if raw else []
    if type(raw) is list:
        return raw
    if type(raw) is Element:
        return [element_value(child) for child in raw]
    raise Bad(f"expected a list, got {kind(raw)}")


class TextList(Generic[T]):
    """Decode a JSV list or the item elements of an XML list."""

    __slots__ = ("item", "nullable")

    def __init__(self, item: Decoder[T], nullable: bool = False) -> None:
        self.item = item
        self.nullable = nullable

    def __call__(self, raw: Any, strict: bool) -> list[Any] | None:
        if raw == NULL_WORD:
            return None  # JSON's null where a list belongs: no list is spelled so in JSV
        out = []
        for index, value in enumerate(_items(raw)):
            try:
                if value is None and not self.nullable:
                    raise Bad("null item in a list that does not allow null")
                out.append(None if value is None else self.item(value, strict))
            except Bad as exc:
                exc.parts.append(f"[{index}]")
                raise
        return out


class TextMap(Generic[K, T]):
    """Decode a JSV map or XML ``KeyValueOf...`` entries."""

    __slots__ = ("key", "value")

    def __init__(self, key: Decoder[K], value: Decoder[T]) -> None:
        self.key = key
        self.value = value

    def __call__(self, raw: Any, strict: bool) -> dict[K, T | None] | None:
        if raw == NULL_WORD:
            return None  # JSON's null where a map belongs: no map is spelled so in JSV
        if type(raw) is Element:
            pairs = [_entry(element_value(child)) for child in raw]
        else:
            if type(raw) is str:
                raw = jsv_parse(raw) if raw else {}
            if type(raw) is not dict:
                raise Bad(f"expected a map, got {kind(raw)}")
            pairs = list(raw.items())
        out: dict[K, T | None] = {}
        for name, value in pairs:
            try:
                out[self.key(name, strict)] = None if value is None else self.value(value, strict)
            except Bad as exc:
                exc.parts.append(str(name))
                raise
        return out


def _entry(value: Any) -> tuple[Any, Any]:
    if type(value) is not Element:
        raise Bad("expected a KeyValueOf element")
    members = element_members(value)
    return members.get("Key", ""), members.get("Value")


# ---------------------------------------------------------------- text scalars


def txt_str(raw: Any, strict: bool) -> str:
    """A string leaf."""
    if type(raw) is str:
        return raw
    raise Bad(f"expected text, got {kind(raw)}")


def txt_int(raw: Any, strict: bool) -> int:
    """An integer leaf."""
    return parse_int(txt_str(raw, strict).strip())


def txt_float(raw: Any, strict: bool) -> float:
    """A number leaf (``INF``/``-INF``/``NaN`` as XML writes them)."""
    text = txt_str(raw, strict).strip()
    special = {"INF": math.inf, "-INF": -math.inf, "NaN": math.nan}.get(text)
    if special is not None:
        return special
    try:
        return float(text) if len(text) < 400 and "_" not in text else float("bad")
    except ValueError:
        raise Bad(f"not a number: {text[:40]!r}") from None


def txt_decimal(raw: Any, strict: bool) -> decimal.Decimal:
    """A decimal leaf, exactly as written."""
    text = txt_str(raw, strict).strip()
    try:
        value = decimal.Decimal(text) if len(text) < 400 and "_" not in text else decimal.Decimal("x")
    except decimal.InvalidOperation:
        raise Bad(f"not a decimal: {text[:40]!r}") from None
    if not value.is_finite():
        raise Bad(f"not a decimal: {text[:40]!r}")
    return value


def txt_bool(raw: Any, strict: bool) -> bool:
    """``true``/``false`` in any casing (``1``/``0`` too)."""
    text = txt_str(raw, strict).strip().lower()
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    raise Bad(f"expected true or false, got {text[:40]!r}")


def txt_datetime(raw: Any, strict: bool) -> datetime.datetime:
    """Any date form (ISO, ``yyyy-MM-dd``, ``/Date()/``); the usual ISO forms through the C parser."""
    # fromisoformat reads more forms than parse_iso, and other zones: it is trusted only for
    # ``yyyy-MM-ddTHH:mm:ss[.f...]`` unzoned or with ``Z`` (the differential test covers it).
    if type(raw) is str and raw[4:17:3] == "--T::":
        try:
            value = _FROM_ISO(raw)
        except ValueError:
            pass  # parse_datetime decides (and words the error)
        else:
            zone = value.tzinfo
            if zone is None or zone is UTC and raw[-1] == "Z":
                return value
    elif type(raw) is not str:
        raise Bad(f"expected text, got {kind(raw)}")
    return parse_datetime(raw.strip())


def txt_date(raw: Any, strict: bool) -> datetime.date:
    """A date (the date part of any date form)."""
    return txt_datetime(raw, strict).date()


def txt_timespan(raw: Any, strict: bool) -> datetime.timedelta:
    """An XSD duration."""
    return parse_duration(txt_str(raw, strict).strip())


def txt_guid(raw: Any, strict: bool) -> uuid.UUID:
    """A GUID with or without dashes."""
    return parse_guid(txt_str(raw, strict).strip())


# ---------------------------------------------------------------- JSV writing


def jsv_quote(text: str) -> str:
    """A JSV string: quoted (inner ``"`` doubled) only when it holds ``" : , { } [ ]``, CR or LF."""
    if not text:
        return '""'
    if _JSV_SPECIAL.isdisjoint(text):
        return text
    return '"' + text.replace('"', '""') + '"'


def jsv_object(members: Mapping[str, str | None]) -> str:
    """``{Key:Value,...}``; null members are left out."""
    return "{" + ",".join(f"{key}:{value}" for key, value in members.items() if value is not None) + "}"


def jsv_str(value: Any) -> str:
    """A string member."""
    if not isinstance(value, str):
        raise Bad(f"expected str, got {kind(value)}")
    return jsv_quote(value)








def jsv_bool(value: Any) -> str:
    """``True`` or ``False``."""
    if not isinstance(value, bool):
        raise Bad(f"expected bool, got {kind(value)}")
    return "True" if value else "False"


def jsv_datetime(value: Any) -> str:
    """``yyyy-MM-dd`` for an unzoned midnight, unzoned ISO otherwise; zoned values in UTC with ``Z``."""
    moment = datetime_value(value)
    if moment.tzinfo is not None and moment.utcoffset() is not None:
        try:
            moment = moment.astimezone(UTC)
        except OverflowError:
            raise Bad("date out of range once converted to UTC") from None
        suffix = "Z"
    elif moment.hour == moment.minute == moment.second == moment.microsecond == 0:
        return moment.date().isoformat()
    else:
        suffix = ""
    text = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
    if moment.microsecond:
        text += f".{moment.microsecond:06d}0"
    return text + suffix


def jsv_date(value: Any) -> str:
    """A date as ``yyyy-MM-dd``."""
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise Bad(f"expected date, got {kind(value)}")
    return value.isoformat()


def jsv_timespan(value: Any) -> str:
    """A timedelta as an XSD duration."""
    from ._wire import enc_timespan

    return enc_timespan(value)


def jsv_guid(value: Any) -> str:
    """A UUID as 32 hex digits."""
    if not isinstance(value, uuid.UUID):
        raise Bad(f"expected UUID, got {kind(value)}")
    return value.hex


def jsv_enum(value: Any) -> str:
    """An enum member's name (an unknown value kept as str is quoted when needed)."""
    return jsv_quote(enc_enum(value))


def jsv_key(value: Any) -> str:
    """A map key as JSV text."""
    if isinstance(value, str):
        return jsv_quote(enc_enum(value))
    if isinstance(value, uuid.UUID):
        return value.hex
    return jsv_quote(str(value))


def jsv_any(value: Any) -> str | None:
    """An unknown member read earlier (JSON value or JSV tree) written back as JSV."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, str):
        return jsv_quote(value)
    if isinstance(value, (int, float, decimal.Decimal)):
        return str(value)
    if isinstance(value, dict):
        return jsv_object({str(k): jsv_any(v) for k, v in value.items()})
    if isinstance(value, list):
        return "[" + ",".join(jsv_any(v) or "" for v in value) + "]"
    if isinstance(value, Node):
        return jsv_object({k: jsv_any(v) for k, v in value.children})
    return None


def put_extra(out: dict[str, str | None], extra: Mapping[str, Any]) -> None:
    """Re-emit unknown members after the known ones."""
    for key, value in extra.items():
        if key not in out:
            out[key] = jsv_any(value)


class JsvObject(Generic[T]):
    """Encode a nested object with its generated member encoder."""

    __slots__ = ("members",)

    def __init__(self, members: Encoder[T]) -> None:
        self.members = members

    def __call__(self, value: Any) -> str:
        return jsv_object(self.members(value))


class JsvList(Generic[T]):
    """Encode a list as ``[a,b]``; a None item is an empty slot."""

    __slots__ = ("item",)

    def __init__(self, item: Encoder[T]) -> None:
        self.item = item

    def __call__(self, value: Any) -> str:
        if not isinstance(value, (list, tuple)):
            raise Bad(f"expected a list, got {kind(value)}")
        out = []
        for index, item in enumerate(value):
            try:
                out.append("" if item is None else str(self.item(item)))
            except Bad as exc:
                exc.parts.append(f"[{index}]")
                raise
        return "[" + ",".join(out) + "]"


class JsvMap(Generic[K, T]):
    """Encode a dictionary as ``{key:value,...}`` (keys through ``key``, by default ``jsv_key``)."""

    __slots__ = ("value", "key")

    def __init__(self, value: Encoder[T], key: Callable[[Any], str] | None = None) -> None:
        self.value = value
        self.key = key or jsv_key

    def __call__(self, value: Any) -> str:
        if not isinstance(value, Mapping):
            raise Bad(f"expected a dict, got {kind(value)}")
        out: dict[str, str | None] = {}
        for name, item in value.items():
            try:
                out[self.key(name)] = "" if item is None else str(self.value(item))
            except Bad as exc:
                exc.parts.append(str(name))
                raise
        return jsv_object(out)


# ---------------------------------------------------------------- JSV reading


def jsv_parse(text: str) -> Any:
    """Read JSV into dicts, lists, strings and None; Bad on malformed text."""
    value, pos = _value(text, 0, "", 0)
    if text[pos:].strip():
        raise Bad(f"unexpected text after the value at offset {pos}")
    return value


def _value(text: str, pos: int, stops: str, depth: int) -> tuple[Any, int]:
    if depth > MAX_DEPTH:
        raise Bad("nested too deeply")
    char = text[pos : pos + 1]
    if char == "{":
        return _object(text, pos + 1, depth + 1)
    if char == "[":
        return _list(text, pos + 1, depth + 1)
    if char == '"':
        return _quoted(text, pos)
    end = _scan(text, pos, stops)
    raw = text[pos:end]
    return (raw if raw else None), end


def _scan(text: str, pos: int, stops: str) -> int:
    """The end of an unquoted value: the first of ``stops`` (or the end of the text)."""
    end = len(text)
    for stop in stops:
        found = text.find(stop, pos, end)
        if found != -1:
            end = found
    return end


def _quoted(text: str, pos: int) -> tuple[str, int]:
    out, start = [], pos + 1
    while True:
        end = text.find('"', start)
        if end == -1:
            raise Bad("unterminated quoted string")
        out.append(text[start:end])
        if text[end + 1 : end + 2] == '"':
            out.append('"')
            start = end + 2
            continue
        return "".join(out), end + 1


def _object(text: str, pos: int, depth: int) -> tuple[dict[str, Any], int]:
    out: dict[str, Any] = {}
    if text[pos : pos + 1] == "}":
        return out, pos + 1
    while True:
        if text[pos : pos + 1] == '"':
            key, pos = _quoted(text, pos)
        else:
            end = text.find(":", pos)
            if end == -1:
                raise Bad(f"expected ':' after a key at offset {pos}")
            key, pos = text[pos:end], end
        if text[pos : pos + 1] != ":":
            raise Bad(f"expected ':' at offset {pos}")
        out[key], pos = _value(text, pos + 1, ",}", depth)
        char = text[pos : pos + 1]
        if char == "}":
            return out, pos + 1
        if char != ",":
            raise Bad(f"expected ',' or '}}' at offset {pos}")
        pos += 1


def _list(text: str, pos: int, depth: int) -> tuple[list[Any], int]:
    out: list[Any] = []
    if text[pos : pos + 1] == "]":
        return out, pos + 1
    while True:
        value, pos = _value(text, pos, ",]", depth)
        out.append(value)
        char = text[pos : pos + 1]
        if char == "]":
            return out, pos + 1
        if char != ",":
            raise Bad(f"expected ',' or ']' at offset {pos}")
        pos += 1


# ---------------------------------------------------------------- CSV


def csv_cell(value: str | None) -> str:
    """One CSV field: JSV-quoted strings are unquoted first; quoted when ``" , CR LF`` or a leading ``[``/``{``."""
    if value is None:
        return ""
    if value[:1] == '"':
        value = value[1:-1].replace('""', '"')
    if not value:
        return '""'
    if _CSV_SPECIAL.isdisjoint(value) and value[0] not in "[{":
        return value
    return '"' + value.replace('"', '""') + '"'


def csv_write(members: Mapping[str, str | None]) -> str:
    """A header row of wire names and one row of values, each ending with CRLF."""
    header = ",".join(csv_cell(jsv_quote(name)) for name in members)
    row = ",".join(csv_cell(value) for value in members.values())
    return f"{header}\r\n{row}\r\n"


def csv_write_rows(rows: Sequence[Mapping[str, str | None]]) -> str:
    """A header row of every wire name the rows hold (first-seen order), then one row each; CRLF line ends."""
    names = list(dict.fromkeys(name for row in rows for name in row))
    lines = [",".join(csv_cell(jsv_quote(name)) for name in names)]
    lines += [",".join(csv_cell(row.get(name)) for name in names) for row in rows]
    return "".join(line + "\r\n" for line in lines)


def csv_records(text: str) -> list[dict[str, str | None]]:
    """Every data row by header name (an empty body or a header alone: no rows); an unquoted empty field is None."""
    rows = [row for row in _csv_rows(text, len(text) + 2) if row != [None]]  # blank lines hold no record
    if not rows:
        return []
    header = rows[0]
    for number, row in enumerate(rows[1:], start=2):
        if len(row) > len(header):
            raise Bad(f"row {number} has {len(row)} fields but the header has {len(header)}")
    return [{str(name or ""): value for name, value in zip(header, row)} for row in rows[1:]]


def csv_read(text: str) -> dict[str, str | None]:
    """The first data row by header name; an unquoted empty field is None, ``""`` is empty."""
    rows = _csv_rows(text, 2)
    if len(rows) < 2:
        raise Bad("expected a header row and a data row")
    header, row = rows[0], rows[1]
    if len(row) > len(header):
        raise Bad(f"row has {len(row)} fields but the header has {len(header)}")
    return {str(name or ""): value for name, value in zip(header, row)}


def _csv_rows(text: str, limit: int) -> list[list[str | None]]:
    rows: list[list[str | None]] = []
    row: list[str | None] = []
    pos, size = 0, len(text)
    while pos < size and len(rows) < limit:
        if text[pos] == '"':
            parts, pos = [], pos + 1
            while True:
                end = text.find('"', pos)
                if end == -1:
                    raise Bad("unterminated quoted CSV field")
                parts.append(text[pos:end])
                if text[end + 1 : end + 2] == '"':
                    parts.append('"')
                    pos = end + 2
                    continue
                pos = end + 1
                break
            cell: str | None = "".join(parts)
        else:
            comma = text.find(",", pos)
            end = comma if comma != -1 else size
            newline = text.find("\n", pos, end)
            end = newline if newline != -1 else end
            cell = text[pos:end].rstrip("\r") or None
            pos = end
        row.append(cell)
        char = text[pos : pos + 1]
        if char == "\r":
            pos += 1
            char = text[pos : pos + 1]
        if char == ",":
            pos += 1
        elif char in ("\n", ""):
            rows.append(row)
            row = []
            pos += 1
        else:
            raise Bad(f"unexpected {char!r} after a quoted CSV field")
    return rows


# ---------------------------------------------------------------- the rest of the .NET set
# XML writes a char as its UTF-16 code, JSV and CSV as the character itself: the one
# text decoder tells them apart by IN_XML, which ``from_xml`` sets while it decodes
# (only in packages that have a char member, so no other decode pays for it).
IN_XML: ContextVar[bool] = ContextVar("IN_XML", default=False)


def txt_char(raw: Any, strict: bool) -> str:
    """A char: its code in XML (one non-digit character is accepted unless strict), itself in JSV/CSV."""
    text = txt_str(raw, strict)
    if IN_XML.get():
        stripped = text.strip()
        if stripped.isdigit() and stripped.isascii():
            return char_of_code(parse_int(stripped))
        if strict:
            raise Bad("expected a char's UTF-16 code (strict)")
    return check_char(text)


def txt_f32(raw: Any, strict: bool) -> float:
    """A single-precision number leaf (range-checked)."""
    return f32_check(txt_float(raw, strict))


def txt_dto(raw: Any, strict: bool) -> datetime.datetime:
    """A DateTimeOffset: DataContract's ``DateTime`` (UTC) + ``OffsetMinutes`` element, or any date text."""
    if type(raw) is Element:
        members = {name.lower(): value for name, value in element_members(raw).items()}
        utc = txt_datetime(members.get("datetime"), strict)
        minutes = parse_int(txt_str(members.get("offsetminutes", "0"), strict).strip())
        if abs(minutes) > 14 * 60:
            raise Bad("offset out of range (±14 hours)")
        zone = datetime.timezone(datetime.timedelta(minutes=minutes))
        try:
            return aware(utc).astimezone(zone)
        except OverflowError:
            raise Bad("date out of range in its offset") from None
    return aware(txt_datetime(raw, strict))


def txt_bytes(raw: Any, strict: bool) -> bytes:
    """Base64 text."""
    return b64_bytes(txt_str(raw, strict))


def jsv_char(value: Any) -> str:
    """A char as a JSV string (quoted when it is a JSV special character)."""
    return jsv_quote(check_char(value))


def jsv_dto(value: Any) -> str:
    """A DateTimeOffset in .NET's round-trip form ``yyyy-MM-ddTHH:mm:ss.fffffff±hh:mm`` (its local time)."""
    moment = dto_value(value)
    offset = moment.utcoffset()
    assert offset is not None  # checked by dto_value
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}:"
        f"{moment.second:02d}.{moment.microsecond:06d}0{offset_suffix(offset, ':')}"
    )


def jsv_bytes(value: Any) -> str:
    """Bytes as base64 (``""`` when empty)."""
    return jsv_quote(b64_text(value))


class TextKeyValue(Generic[K, T]):
    """Decode a KeyValuePair from JSV ``{Key:..,Value:..}`` or XML ``key``/``value`` elements (any casing)."""

    __slots__ = ("key", "value")

    def __init__(self, key: Decoder[K], value: Decoder[T]) -> None:
        self.key = key
        self.value = value

    def __call__(self, raw: Any, strict: bool) -> tuple[K | None, T | None]:
        if type(raw) is Element:
            raw = element_members(raw)
        elif type(raw) is str:
            raw = jsv_parse(raw) if raw else {}
        if type(raw) is not dict:
            raise Bad(f"expected a key/value pair, got {kind(raw)}")
        key, value = pair_members(raw)
        return decode_pair(self.key, self.value, key, value, strict)


class JsvKeyValue(Generic[K, T]):
    """Encode a ``(key, value)`` tuple as ``{Key:..,Value:..}`` (a None part is left out)."""

    __slots__ = ("key", "value")

    def __init__(self, key: Encoder[K], value: Encoder[T]) -> None:
        self.key = key
        self.value = value

    def __call__(self, value: Any) -> str:
        key, item = pair_of(value)
        out: dict[str, str | None] = {}
        at = "Key"
        try:
            out["Key"] = None if key is None else str(self.key(key))
            at = "Value"
            out["Value"] = None if item is None else str(self.value(item))
        except Bad as exc:
            exc.parts.append(at)
            raise
        return jsv_object(out)

