"""XML peers of the generated codecs: hand mappings of CreateSession over xml.etree and lxml.

There is no mainstream library that maps DataContract XML onto typed objects, so the peers
are what a careful hand-written client would do: parse with a C parser, walk the tree into the
same dataclasses the cattrs peer uses, and write back in DataContract order (base members first,
each class's members in ordinal order, ``i:nil`` for null, ISO dates with ``Z``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from typing import Any, Optional
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from benchmarks.codec_peers import ORDER, SPEC

NS = "http://schemas.servicestack.net/types"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
_NIL = f"{{{XSI}}}nil"
_ROOT_ATTRS = f'xmlns:i="{XSI}" xmlns="{NS}"'
# DataContract order: the base class's members (Timestamps) first, then own members, ordinal.
_XML_ORDER = {cls: sorted(SPEC[cls], key=lambda item: item[0]) for cls in ORDER}
_XML_ORDER["CreateSession"] = [SPEC["CreateSession"][3]] + sorted(SPEC["CreateSession"][:3], key=lambda item: item[0])

CLASSES: dict[str, Any] = {}
for _cls in ORDER:
    CLASSES[_cls] = dataclasses.make_dataclass(
        _cls, [(attr, Optional[Any], dataclasses.field(default=None)) for _, attr, _ in SPEC[_cls]]
    )


def _iso(value: dt.datetime) -> str:
    text = value.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat(timespec="milliseconds")
    return (text[:-4] if text.endswith(".000") else text) + "Z"


def response_xml(rng: random.Random, index: int) -> bytes:
    """One CreateSession response in DataContract XML (dates with milliseconds, some nulls)."""
    def date() -> str:
        return _iso(dt.datetime.fromtimestamp(rng.randrange(1_420_070_400_000, 1_893_456_000_000) / 1000, dt.timezone.utc))

    times = "".join(f"<{w}><InTime>{date()}</InTime><OutTime>{date()}</OutTime></{w}>" for w, _, _ in _XML_ORDER["RequestTimestamps"])
    error = rng.random() < 0.1
    code = f"<ErrorCode>E{rng.randrange(100, 999)}</ErrorCode>" if error else '<ErrorCode i:nil="true"/>'
    message = f"<ErrorMessage>Declined &amp; done {index}</ErrorMessage>" if error else '<ErrorMessage i:nil="true"/>'
    session = f"<SessionId>{index:08x}{rng.getrandbits(96):024x}</SessionId>"
    return f"<CreateSession {_ROOT_ATTRS}><Timestamps>{times}</Timestamps>{code}{message}{session}</CreateSession>".encode()


# ---------------------------------------------------------------- decoding


# Built once: rebuilding it per element cost the peer ~5 µs a message.
_BY_WIRE = {cls: {wire: (attr, kind) for wire, attr, kind in SPEC[cls]} for cls in ORDER}


def _from_element(element: Any, cls: str) -> Any:
    values = {}
    by_wire = _BY_WIRE[cls]
    for child in element:
        tag = child.tag
        wire = tag[tag.index("}") + 1 :] if tag[0] == "{" else tag
        if wire not in by_wire:
            continue
        attr, kind = by_wire[wire]
        if child.get(_NIL) == "true":
            values[attr] = None
        elif kind in SPEC:
            values[attr] = _from_element(child, kind)
        elif kind == "date":
            values[attr] = dt.datetime.fromisoformat(child.text or "")
        elif kind == "float":
            values[attr] = float(child.text or "")
        else:
            values[attr] = child.text or ""
    return CLASSES[cls](**values)


def decode_etree(data: bytes) -> Any:
    """xml.etree (C accelerated) + hand mapping."""
    return _from_element(ET.fromstring(data), "CreateSession")


def decode_lxml(data: bytes) -> Any:
    """lxml + hand mapping (entity resolution and network access off)."""
    return _from_element(_lxml().fromstring(data, _lxml_parser()), "CreateSession")


_PARSER: list[Any] = []


def _lxml() -> Any:
    from lxml import etree

    return etree


def _lxml_parser() -> Any:
    if not _PARSER:
        _PARSER.append(_lxml().XMLParser(resolve_entities=False, no_network=True))
    return _PARSER[0]


# ---------------------------------------------------------------- encoding


def _text(obj: Any, cls: str) -> str:
    parts = []
    for wire, attr, kind in _XML_ORDER[cls]:
        value = getattr(obj, attr)
        if value is None:
            parts.append(f'<{wire} i:nil="true"/>')
        elif kind in SPEC:
            parts.append(f"<{wire}>{_text(value, kind)}</{wire}>")
        elif kind == "date":
            parts.append(f"<{wire}>{_iso(value)}</{wire}>")
        else:
            parts.append(f"<{wire}>{escape(str(value))}</{wire}>")
    return "".join(parts)


def encode_strings(obj: Any) -> bytes:
    """Hand-built strings with escaping: the fastest correct writer found."""
    return f"<CreateSession {_ROOT_ATTRS}>{_text(obj, 'CreateSession')}</CreateSession>".encode()


def _tree(parent: Any, obj: Any, cls: str, sub: Any) -> None:
    for wire, attr, kind in _XML_ORDER[cls]:
        value = getattr(obj, attr)
        child = sub(parent, f"{{{NS}}}{wire}")
        if value is None:
            child.set(_NIL, "true")
        elif kind in SPEC:
            _tree(child, value, kind, sub)
        else:
            child.text = _iso(value) if kind == "date" else str(value)


def encode_lxml(obj: Any) -> bytes:
    """lxml element tree, serialised with tostring."""
    etree = _lxml()
    root = etree.Element(f"{{{NS}}}CreateSession", nsmap={None: NS, "i": XSI})
    _tree(root, obj, "CreateSession", etree.SubElement)
    return bytes(etree.tostring(root))


def _peers() -> dict[str, tuple[Any, Any]]:
    peers = {"xml.etree + hand strings": (decode_etree, encode_strings)}
    try:
        _lxml()
        peers["lxml (tree both ways)"] = (decode_lxml, encode_lxml)
    except ImportError:
        pass
    return peers


PEERS = _peers()
