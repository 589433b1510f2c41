"""Runtime helpers of the XML (DataContract) format: a safe reader and element writers.

Reading builds an ``Element`` tree with the C parser and tree builder of
``xml.etree`` (no Python call per node); the generated decoders read that tree
directly (see ``_text.element_members``).  Any DOCTYPE is refused, so entity
expansion (billion laughs) and external entities cannot happen: a document that
may hold one goes through a tree builder whose ``doctype`` handler raises.
Writing builds the text directly: the generated encoders already know the
DataContract order (base members first, each class's members in ordinal order).
"""

from __future__ import annotations

import datetime
import math
import re
import uuid
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar
from xml.etree.ElementTree import ParseError, TreeBuilder, XMLParser
from xml.parsers import expat

from ._text import Node, element_value, local_name
from ._wire import (
    UNSET,
    UTC,
    Bad,
    Encoder,
    b64_text,
    check_char,
    datetime_value,
    dto_value,
    decimal_text,
    enc_enum,
    enc_float,
    enc_int,
    enc_timespan,
    f32_text,
    format_iso,
    kind,
    pair_of,
)

T = TypeVar("T")
K = TypeVar("K")
NS_TYPES = "http://schemas.servicestack.net/types"
NS_INSTANCE = "http://www.w3.org/2001/XMLSchema-instance"
NS_ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
NS_SYSTEM = "http://schemas.datacontract.org/2004/07/System"
NS_GENERIC = "http://schemas.datacontract.org/2004/07/System.Collections.Generic"
# ServiceStack's own types (ResponseStatus, ...) keep their namespace under this prefix when
# the API's DTOs have a DataContract namespace of their own (the generated tags carry it).
SS_PREFIX = "ss"
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#xD;"})
# Characters XML 1.0 cannot carry at all, even escaped (lone surrogates cannot even be encoded).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Anything ``escape`` must look at: one C scan lets the usual text through untouched.
_UNSAFE = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_DECLARED = re.compile(rb"<\?xml[^>]*?\sencoding\s*=\s*[\"']([^\"']*)")


# ---------------------------------------------------------------- reading


class _NoDoctype(TreeBuilder):
    """The C tree builder, refusing any DOCTYPE before its declarations can take effect."""

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        """Raise: DTDs (and so entity declarations) are not allowed."""
        raise Bad("DOCTYPE and entity declarations are not allowed")


def _plain(data: bytes) -> bool:
    """True when expat reads ``data`` as UTF-8 and it holds no ``<!`` (no DOCTYPE, comment or CDATA).

    In UTF-8 the bytes ``<!`` mean only those characters, so such a document needs no
    DOCTYPE guard and can use the exact C ``TreeBuilder`` (a subclass is called back
    through Python for every node).  A BOM, leading space, UTF-16 (expat knows it by a
    BOM or a NUL byte next to the first ``<``) or another declared encoding takes the
    guarded way.
    """
    # "!" first: a one-byte search is several times quicker than looking for "<!".
    if data[:1] != b"<" or data[1:2] == b"\x00" or (b"!" in data and b"<!" in data):
        return False
    if data[:5] != b"<?xml":
        return True
    declared = _DECLARED.match(data)
    return declared is None or declared[1].lower() == b"utf-8"


def parse(data: bytes) -> tuple[str, Any]:
    """The root element's local name and its value (Element with children, leaf text, or None for nil)."""
    plain = _plain(data)
    # A plain document is read as UTF-8 whatever it declares: the "<!" check above holds for UTF-8 only.
    parser = XMLParser(target=TreeBuilder() if plain else _NoDoctype(), encoding="utf-8" if plain else None)
    try:
        parser.feed(data)
        root = parser.close()
    except ParseError as exc:
        raise Bad(f"not well-formed XML: {expat.ErrorString(exc.code)} at line {exc.position[0]}") from None
    except (LookupError, ValueError):  # an unknown or multi-byte encoding declared
        raise Bad("not well-formed XML: unsupported encoding") from None
    return local_name(root.tag), element_value(root)


# ---------------------------------------------------------------- writing


def escape(text: str) -> str:
    """Element text: ``& < >`` escaped, CR kept as a reference; Bad for characters XML cannot hold."""
    if type(text) is str and _UNSAFE.search(text) is None:
        return text
    if _FORBIDDEN.search(text) is not None:
        raise Bad("text holds a character XML cannot carry")
    return text.translate(_ESCAPES)


def document(name: str, members: str, namespace: str = NS_TYPES) -> str:
    """The root element of a DTO with the DataContract namespaces (the DTOs' own, and ServiceStack's prefixed)."""
    if namespace == NS_TYPES:
        return f'<{name} xmlns:i="{NS_INSTANCE}" xmlns="{NS_TYPES}">{members}</{name}>'
    own = f' xmlns="{namespace}" xmlns:{SS_PREFIX}="{NS_TYPES}"'
    return f'<{name} xmlns:i="{NS_INSTANCE}"{own}>{members}</{name}>'


def put(parts: list[str], name: str, value: Any, text: Encoder[Any]) -> None:
    """Append ``<name>text(value)</name>`` unless ``value`` is UNSET; None becomes ``i:nil``."""
    if value is UNSET:
        return
    if value is None:
        parts.append(f'<{name} i:nil="true" />')
        return
    try:
        parts.append(f"<{name}>{text(value)}</{name}>")
    except Bad as exc:
        exc.parts.append(name)
        raise


def put_element(parts: list[str], name: str, value: Any, element: Callable[[str, Any], str]) -> None:
    """``put`` for a list or map, whose converter writes the whole element (it declares a namespace)."""
    if value is UNSET:
        return
    if value is None:
        parts.append(f'<{name} i:nil="true" />')
        return
    try:
        parts.append(element(name, value))
    except Bad as exc:
        exc.parts.append(name)
        raise


def put_extra(parts: list[str], extra: Mapping[str, Any]) -> None:
    """Re-emit unknown members (read from XML, or scalars read from other formats) as elements."""
    for name, value in extra.items():
        if name.isidentifier():
            parts.append(_any(name, value))


def _any(name: str, value: Any) -> str:
    if value is None:
        return f'<{name} i:nil="true" />'
    if isinstance(value, Node):
        return f"<{name}>" + "".join(_any(k, v) for k, v in value.children) + f"</{name}>"
    if isinstance(value, dict):
        return f"<{name}>" + "".join(_any(str(k), v) for k, v in value.items() if str(k).isidentifier()) + f"</{name}>"
    if isinstance(value, bool):
        return f"<{name}>{'true' if value else 'false'}</{name}>"
    if isinstance(value, list):
        return f"<{name} />"
    return f"<{name}>{escape(str(value))}</{name}>"


def writes_element(conv: Any) -> bool:
    """True for converters that write a whole element (lists, maps, pairs, DateTimeOffset), not its text."""
    return getattr(conv, "writes_element", False) is True


class List(Generic[T]):
    """A list element; items are named after their type (primitives in the Arrays namespace).

    ``item`` gives an item's text, or writes the whole item element when it is a List or Map.
    """

    __slots__ = ("item", "item_name", "open", "nested")
    writes_element = True

    def __init__(self, item: Callable[..., str], item_name: str, arrays: bool) -> None:
        self.item = item
        self.item_name = ("d2p1:" if arrays else "") + item_name
        self.open = f' xmlns:d2p1="{NS_ARRAYS}">' if arrays else ">"
        # Items that are lists or maps write their own element; others give their text.
        self.nested = writes_element(item)

    def __call__(self, name: str, value: Any) -> str:
        if not isinstance(value, (list, tuple)):
            raise Bad(f"expected a list, got {kind(value)}")
        item_name = self.item_name
        out = [f"<{name}{self.open}"]
        for index, entry in enumerate(value):
            try:
                if entry is None:
                    out.append(f'<{item_name} i:nil="true" />')
                elif self.nested:
                    out.append(self.item(item_name, entry))
                else:
                    out.append(f"<{item_name}>{self.item(entry)}</{item_name}>")
            except Bad as exc:
                exc.parts.append(f"[{index}]")
                raise
        out.append(f"</{name}>")
        return "".join(out)


class Map(Generic[K, T]):
    """A dictionary element of ``KeyValueOf<K><V>`` entries in the Arrays namespace."""

    __slots__ = ("key", "value", "entry", "nested")
    writes_element = True

    def __init__(self, key: Encoder[Any], value: Callable[..., str], entry: str) -> None:
        self.key = key
        self.value = value
        self.entry = "d2p1:" + entry
        self.nested = writes_element(value)

    def __call__(self, name: str, value: Any) -> str:
        if not isinstance(value, Mapping):
            raise Bad(f"expected a dict, got {kind(value)}")
        out = [f'<{name} xmlns:d2p1="{NS_ARRAYS}">']
        for key, entry in value.items():
            try:
                if entry is None:
                    inner = '<d2p1:Value i:nil="true" />'
                elif self.nested:
                    inner = self.value("d2p1:Value", entry)
                else:
                    inner = f"<d2p1:Value>{self.value(entry)}</d2p1:Value>"
                out.append(f"<{self.entry}><d2p1:Key>{self.key(key)}</d2p1:Key>{inner}</{self.entry}>")
            except Bad as exc:
                exc.parts.append(str(key))
                raise
        out.append(f"</{name}>")
        return "".join(out)


# ---------------------------------------------------------------- scalars (element text)


def xml_str(value: Any) -> str:
    """A string, escaped."""
    if not isinstance(value, str):
        raise Bad(f"expected str, got {kind(value)}")
    return escape(value)


def xml_int(value: Any) -> str:
    """An integer."""
    return str(enc_int(value))


def xml_float(value: Any) -> str:
    """A float in shortest form; ``NaN``/``INF``/``-INF`` as XSD writes them."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("INF" if value > 0 else "-INF")
    return repr(enc_float(value))


def xml_decimal(value: Any) -> str:
    """A decimal in invariant text."""
    return decimal_text(value)


def xml_bool(value: Any) -> str:
    """``true`` or ``false``."""
    if not isinstance(value, bool):
        raise Bad(f"expected bool, got {kind(value)}")
    return "true" if value else "false"


def xml_datetime(value: Any) -> str:
    """ISO-8601 as ``format_iso`` writes it; unzoned and UTC values through the C ``isoformat``."""
    if type(value) is datetime.datetime:
        zone = value.tzinfo
        if zone is None:
            # isoformat writes 6 fraction digits when there are any: drop the trailing zeros.
            return value.isoformat().rstrip("0") if value.microsecond else value.isoformat()
        if zone is UTC:
            text = value.isoformat()[:-6]  # without "+00:00"
            return (text.rstrip("0") if value.microsecond else text) + "Z"
    return format_iso(datetime_value(value))


def xml_date(value: Any) -> str:
    """A date as ``yyyy-MM-dd``."""
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise Bad(f"expected date, got {kind(value)}")
    return value.isoformat()


def xml_timespan(value: Any) -> str:
    """A timedelta as an XSD duration."""
    return enc_timespan(value)


def xml_guid(value: Any) -> str:
    """A UUID with dashes."""
    if not isinstance(value, uuid.UUID):
        raise Bad(f"expected UUID, got {kind(value)}")
    return str(value)


def xml_enum(value: Any) -> str:
    """An enum member's name (an unknown value kept as str goes out as it is)."""
    return escape(enc_enum(value))


# ---------------------------------------------------------------- the rest of the .NET set


def xml_char(value: Any) -> str:
    """A char as DataContract writes it: its UTF-16 code."""
    return str(ord(check_char(value)))


def xml_f32(value: Any) -> str:
    """A single-precision float in shortest form; ``NaN``/``INF``/``-INF`` as XSD writes them."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("INF" if value > 0 else "-INF")
    return f32_text(value)


def xml_bytes(value: Any) -> str:
    """Bytes as ``base64Binary``."""
    return b64_text(value)


class DateTimeOffsetElement:
    """A DateTimeOffset as DataContract writes it: ``DateTime`` (UTC) and ``OffsetMinutes`` in the System namespace."""

    __slots__ = ()
    writes_element = True

    def __call__(self, name: str, value: Any) -> str:
        moment = dto_value(value)
        offset = moment.utcoffset()
        assert offset is not None  # checked by dto_value
        try:
            utc = format_iso(moment.astimezone(UTC))
        except OverflowError:
            raise Bad("date out of range once converted to UTC") from None
        minutes = offset // datetime.timedelta(minutes=1)
        return (
            f'<{name} xmlns:d3p1="{NS_SYSTEM}"><d3p1:DateTime>{utc}</d3p1:DateTime>'
            f"<d3p1:OffsetMinutes>{minutes}</d3p1:OffsetMinutes></{name}>"
        )


DATETIMEOFFSET = DateTimeOffsetElement()


class KeyValue(Generic[K, T]):
    """A KeyValuePair element as DataContract writes it: ``key`` and ``value`` in System.Collections.Generic."""

    __slots__ = ("key", "value", "nested")
    writes_element = True

    def __init__(self, key: Callable[..., str], value: Callable[..., str]) -> None:
        self.key = key
        self.value = value
        self.nested = (writes_element(key), writes_element(value))

    def __call__(self, name: str, value: Any) -> str:
        key, item = pair_of(value)
        parts = [f'<{name} xmlns:d3p1="{NS_GENERIC}">']
        for part, conv, nested, entry in (("key", self.key, self.nested[0], key), ("value", self.value, self.nested[1], item)):
            tag = "d3p1:" + part
            try:
                if entry is None:
                    parts.append(f'<{tag} i:nil="true" />')
                elif nested:
                    parts.append(conv(tag, entry))
                else:
                    parts.append(f"<{tag}>{conv(entry)}</{tag}>")
            except Bad as exc:
                exc.parts.append(part.capitalize())
                raise
        parts.append(f"</{name}>")
        return "".join(parts)
