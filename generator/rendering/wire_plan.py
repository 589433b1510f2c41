"""What ``templates/codecs.py.jinja`` prints for each field: converter expressions and member orders.

A converter is named per (family, type expression).  Families: ``jd``/``je``
JSON decode/encode, ``td`` text decode (XML, JSV, CSV share one decoder),
``ve`` JSV encode, ``xe`` XML encode.  Scalars and classes map to a helper or a
generated function; lists, maps and key/value pairs become module-level converter
objects built once at import (``composites``), inner ones first.

XML namespaces: the API's DTOs are in ``api.xml_namespace`` (default ServiceStack's
types namespace); ServiceStack's own types stay in theirs, written with the ``ss:``
prefix that ``_xml.document`` declares on the root when the two differ.  A type whose
sample showed another namespace (``TypeDef.xml_namespace``) is written under a prefix
``nsN`` that the generated ``to_xml`` declares on the root (``xml_prefixes``).

Enums shaped like .NET ``[Flags]`` (``is_flags``) go out as their integer in JSON and
JSV (ServiceStack.Text does so), as names in DataContract XML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from ..codestyle import LINE_LENGTH
from ..model import Definition, Field, TypeDef, datacontract_order
from ..typeexpr import TypeRef, parse_type
from .filters import class_names, type_chain, with_definition

FAMILIES = ("jd", "je", "td", "ve", "xe")
_SCALARS: dict[str, dict[str, str]] = {
    "string": {"jd": "_w.json_str", "je": "_w.js_str", "td": "_t.txt_str", "ve": "_t.jsv_str", "xe": "_x.xml_str"},
    "int": {"jd": "_w.json_int", "je": "_w.js_int", "td": "_t.txt_int", "ve": "_w.js_int", "xe": "_x.xml_int"},
    "double": {"jd": "_w.json_float", "je": "_w.js_float", "td": "_t.txt_float", "ve": "_w.js_float", "xe": "_x.xml_float"},
    "decimal": {
        "jd": "_w.json_decimal",
        "je": "_w.js_decimal",
        "td": "_t.txt_decimal",
        "ve": "_w.js_decimal",
        "xe": "_x.xml_decimal",
    },
    "bool": {"jd": "_w.json_bool", "je": "_w.js_bool", "td": "_t.txt_bool", "ve": "_t.jsv_bool", "xe": "_x.xml_bool"},
    "datetime": {
        "jd": "_w.json_datetime",
        "je": "_w.js_ms_date",
        "td": "_t.txt_datetime",
        "ve": "_t.jsv_datetime",
        "xe": "_x.xml_datetime",
    },
    "date": {"jd": "_w.json_date", "je": "_w.js_date", "td": "_t.txt_date", "ve": "_t.jsv_date", "xe": "_x.xml_date"},
    "timespan": {
        "jd": "_w.json_timespan",
        "je": "_w.js_timespan",
        "td": "_t.txt_timespan",
        "ve": "_t.jsv_timespan",
        "xe": "_x.xml_timespan",
    },
    "guid": {"jd": "_w.json_guid", "je": "_w.js_guid_n", "td": "_t.txt_guid", "ve": "_t.jsv_guid", "xe": "_x.xml_guid"},
}
_SCALARS["long"] = _SCALARS["int"]
# Fixed-width integers: one range-checking object per type in _wire (BYTE, ..., ULONG).
for _name in ("byte", "sbyte", "short", "ushort", "uint", "ulong"):
    _obj = f"_w.{_name.upper()}"
    _SCALARS[_name] = {"jd": f"{_obj}.json", "je": f"{_obj}.enc", "td": f"{_obj}.text", "ve": f"{_obj}.enc", "xe": f"{_obj}.enc"}
_SCALARS.update(
    {
        "char": {"jd": "_w.json_char", "je": "_w.js_char", "td": "_t.txt_char", "ve": "_t.jsv_char", "xe": "_x.xml_char"},
        "float": {"jd": "_w.json_f32", "je": "_w.js_f32", "td": "_t.txt_f32", "ve": "_w.js_f32", "xe": "_x.xml_f32"},
        "datetimeoffset": {
            "jd": "_w.json_dto",
            "je": "_w.js_dto",
            "td": "_t.txt_dto",
            "ve": "_t.jsv_dto",
            "xe": "_x.DATETIMEOFFSET",
        },
        "bytes": {"jd": "_w.json_bytes", "je": "_w.js_bytes", "td": "_t.txt_bytes", "ve": "_t.jsv_bytes", "xe": "_x.xml_bytes"},
    }
)
# Praxis (plain JSON) has no text formats: a key of these types is read with the JSON key readers.
_COMPOSITES = ("list", "map", "keyvalue")
# Praxis writes plain JSON: ISO dates and dashed GUIDs, no ServiceStack forms.
_PRAXIS_JE = {"datetime": "_w.js_iso_datetime", "guid": "_w.js_guid_d"}
_XSD = {
    "string": "string",
    "int": "int",
    "long": "long",
    "double": "double",
    "decimal": "decimal",
    "bool": "boolean",
    "datetime": "dateTime",
    "date": "date",
    "timespan": "duration",
    "guid": "guid",
    "char": "char",
    "byte": "unsignedByte",
    "sbyte": "byte",
    "short": "short",
    "ushort": "unsignedShort",
    "uint": "unsignedInt",
    "ulong": "unsignedLong",
    "float": "float",
    "datetimeoffset": "DateTimeOffset",
    "bytes": "base64Binary",
}
NS_TYPES = "http://schemas.servicestack.net/types"
# ServiceStack's own DTOs: their DataContract namespace is always ServiceStack's, whatever the API's.
SERVICESTACK_TYPES = frozenset(
    {"ResponseStatus", "ResponseError", "QueryBase", "QueryResponse", "Authenticate", "AuthenticateResponse"}
    | {"AssignRoles", "AssignRolesResponse", "UnAssignRoles", "UnAssignRolesResponse", "Register", "RegisterResponse"}
    | {"ConvertSessionToToken", "ConvertSessionToTokenResponse", "GetAccessToken", "GetAccessTokenResponse"}
)


def _class_names(defn: Definition) -> dict[str, str]:
    return class_names(defn)


def _slug(ref: TypeRef) -> str:
    text = str(ref).replace("<", "_of_").replace(">", "").replace(",", "_").replace("?", "_opt")
    return re.sub(r"\W", "_", text, flags=re.ASCII)


def _is_enum(defn: Definition, name: str) -> bool:
    typedef = defn.api.type_named(name)
    return typedef is not None and typedef.kind == "enum"


def xsd_name(defn: Definition, ref: TypeRef) -> str:
    """The DataContract name of a type: ``string``, ``dateTime``, ``ArrayOfstring``, a class name."""
    if ref.name == "list":
        return "ArrayOf" + xsd_name(defn, ref.args[0])
    if ref.name == "map":
        return "ArrayOfKeyValueOf" + xsd_name(defn, ref.args[0]) + xsd_name(defn, ref.args[1])
    if ref.name == "keyvalue":
        return "KeyValuePairOf" + xsd_name(defn, ref.args[0]) + xsd_name(defn, ref.args[1])
    return _XSD.get(ref.name, ref.name)


def xml_namespace(defn: Definition) -> str | None:
    """The API's DTO namespace when it is not ServiceStack's (then ServiceStack's own types are prefixed)."""
    namespace = defn.api.xml_namespace
    return namespace if namespace and namespace != NS_TYPES else None


def type_namespace(defn: Definition, type_name: str) -> str:
    """The DataContract namespace of a type: its sample's, ServiceStack's for its own types, else the API's."""
    typedef = defn.api.type_named(type_name)
    if typedef is not None and typedef.xml_namespace:
        return typedef.xml_namespace
    if type_name in SERVICESTACK_TYPES:
        return NS_TYPES
    return defn.api.xml_namespace or NS_TYPES


@lru_cache(maxsize=64)
def _prefixes(defn: Definition) -> dict[str, str]:
    default = defn.api.xml_namespace or NS_TYPES
    shown = {t.xml_namespace for t in defn.api.types} | {f.xml_namespace for t in defn.api.types for f in t.fields}
    others = sorted({ns for ns in shown if ns} - {default, NS_TYPES})
    return {ns: f"ns{i}" for i, ns in enumerate(others, 1)}


def xml_prefixes(defn: Definition) -> str:
    """The root's namespace declarations when some types are outside the API's namespace (else empty)."""
    extra = _prefixes(defn)
    if not extra:
        return ""
    default = defn.api.xml_namespace or NS_TYPES
    declared = f' xmlns="{default}" xmlns:ss="{NS_TYPES}"'
    return declared + "".join(f' xmlns:{prefix}="{ns}"' for ns, prefix in extra.items())


def xml_tag(defn: Definition, type_name: str, local: str) -> str:
    """The XML name of element ``local`` in the namespace of type ``type_name`` (prefixed when not the default)."""
    return _tag_in(defn, type_namespace(defn, type_name), local)


def _tag_in(defn: Definition, namespace: str, local: str) -> str:
    if namespace == (defn.api.xml_namespace or NS_TYPES):
        return local
    if namespace == NS_TYPES:
        return "ss:" + local
    return _prefixes(defn)[namespace] + ":" + local


def xml_members(defn: Definition, typedef: TypeDef) -> list[tuple[str, Field]]:
    """(element name, field) in DataContract order; a member is in the namespace of the class declaring it."""
    declared = {id(f): link.name for link in _chain(defn, typedef) for f in link.fields}
    return [
        (_tag_in(defn, f.xml_namespace, f.name) if f.xml_namespace else xml_tag(defn, declared[id(f)], f.name), f)
        for f in xml_fields(defn, typedef)
    ]


def writes_element(defn: Definition, expr: str) -> bool:
    """True when the XML converter of ``expr`` writes the whole member element (lists, maps, pairs, DateTimeOffset)."""
    ref = parse_type(expr)
    return ref.name in _COMPOSITES or ref.name == "datetimeoffset"


def conv(defn: Definition, expr: str | TypeRef, family: str) -> str:
    """The python expression of the converter of ``expr`` in ``family``."""
    ref = parse_type(expr) if isinstance(expr, str) else expr
    if ref.name in _COMPOSITES:
        return f"_{family.upper()}_{_slug(ref)}"
    if ref.name in _SCALARS:
        if family == "je" and defn.api.style != "servicestack" and ref.name in _PRAXIS_JE:
            return _PRAXIS_JE[ref.name]
        return _SCALARS[ref.name][family]
    cls = _class_names(defn)[ref.name]
    if _is_enum(defn, ref.name):
        if family in ("je", "ve") and is_flags(defn.api.type_named(ref.name)):
            return f"_{'js' if family == 'je' else 'jsv'}_num_{cls}"
        return {"jd": f"_E_{cls}.read", "td": f"_E_{cls}.read", "je": "_w.js_enum", "ve": "_t.jsv_enum", "xe": "_x.xml_enum"}[family]
    return {
        "jd": f"_dec_json_{cls}",
        "je": f"_enc_json_{cls}",
        "td": f"_dec_text_{cls}",
        "ve": f"_t.JsvObject(_enc_jsv_{cls})",
        "xe": f"_enc_xml_{cls}",
    }[family]


# The JSON types whose parsed value already is the Python value when it has this exact type:
# the decoder keeps it without calling the converter (which would return it unchanged).
_JSON_READY = {"string": "str", "int": "int", "long": "int", "bool": "bool"}


def json_ready(expr: str, value: str = "v") -> str:
    """A test that parsed JSON ``value`` needs no converter for type ``expr`` (``type(v) is str``), or ""."""
    python = _JSON_READY.get(parse_type(expr).name)
    return f"type({value}) is {python}" if python else ""


def json_text(defn: Definition, expr: str, value: str) -> str:
    """The expression writing ``value`` as JSON text: the common types inline, the converter otherwise.

    The expression runs where ``quote`` is a local bound to ``_quote`` (reading a local costs
    less than a global: the encoders bind it once).  A str goes through the C ``encode_basestring`` directly (a value that is not a str raises
    TypeError there: the f-string path's caller then runs the converter, which raises ``Bad``) and
    an int is formatted by the f-string itself (an exact int's ``format`` is its ``str``); anything
    else, None included, calls the converter, which writes null or raises ``Bad`` as before.
    """
    ref = parse_type(expr)
    call = f"{conv(defn, ref, 'je')}({value})"
    if ref.name == "string":
        # No type test: quote (_quote) takes any str (as js_str does) and raises TypeError on anything
        # else but None, which the generated encoder catches to take its member path.
        return f'quote({value}) if {value} is not None else "null"'
    if ref.name in ("int", "long"):
        return f"{value} if type({value}) is int else {call}"
    if ref.name == "bool":
        return f'("true" if {value} else "false") if type({value}) is bool else {call}'
    if ref.is_named and _is_enum(defn, ref.name) and not _flags_named(defn, ref.name):
        # A member of the generated (str, Enum) class: its wire name is ``_value_`` (``value`` is a slow property).
        return f"quote({value}._value_) if type({value}) is _m.{_class_names(defn)[ref.name]} else {call}"
    return call


# A nested object with at most this many members is written inside its parent's f-string path
# (no call): every class member repeats the nested class's f-string, so large ones stay calls.
INLINE_MEMBERS = 12


def json_inline(defn: Definition, expr: str, owner: str) -> tuple[str, TypeDef] | None:
    """How a member of type ``expr`` of class ``owner`` is prepared before the f-string, or None.

    ``("list", C)`` for a list of class ``C``: the items are encoded in a loop in the parent
    (a call and a comprehension less); ``("object", C)`` for a class ``C`` of 1 to
    ``INLINE_MEMBERS`` members (not ``owner`` itself): its f-string is written in the parent.
    Anything else (None, a subclass, a tuple, a member UNSET) calls the converter as before.
    """
    ref = parse_type(expr)
    if ref.name == "list":
        item = ref.args[0]
        target = defn.api.type_named(item.name) if item.is_named and not item.args else None
        return ("list", target) if target is not None and target.kind != "enum" else None
    target = defn.api.type_named(ref.name) if ref.is_named and not ref.args else None
    if target is None or target.kind == "enum" or target.name == owner:
        return None
    return ("object", target) if 0 < len(json_fields(defn, target)) <= INLINE_MEMBERS else None


def json_prep(defn: Definition, expr: str, value: str) -> str:
    """An expression computing ``value``'s JSON text before the f-string (a statement), or "".

    A ``date`` of exactly that type (a datetime is refused by the converter) and year 1000 or
    later (isoformat pads shorter years) is written from its fields and ``_w.DATE_TAIL``;
    anything else calls the converter.
    """
    if parse_type(expr).name == "date":
        year = "y" + value
        return (
            f"f'\"{{{year}}}{{_w.DATE_TAIL[{value}.month * 32 + {value}.day]}}'"
            f" if type({value}) is _date and ({year} := {value}.year) > 999 else {conv(defn, expr, 'je')}({value})"
        )
    return ""


# Key types whose JSON/JSV key form is their plain text (``js_key``/``jsv_key`` write them so).
_PLAIN_KEYS = frozenset({"string", "int", "long", "guid"})


def _key_conv(defn: Definition, ref: TypeRef, family: str) -> str:
    """A map key's converter: keys are text in JSON and JSV, read with the key type's text decoder."""
    ss = defn.api.style == "servicestack"
    if family in ("jd", "td"):
        if ref.name in ("int", "long"):
            return "_w.key_int"
        if ref.is_named and _is_enum(defn, ref.name):
            return conv(defn, ref, family)
        return conv(defn, ref, "td") if ss and ref.is_primitive and ref.name != "string" else "_w.key_str"
    if family == "je" and ref.is_named and _flags_named(defn, ref.name):
        return f"_w.JsKey({conv(defn, ref, 'je')})"
    if family == "je":
        return "_w.js_key" if ref.name in _PLAIN_KEYS or not ref.is_primitive or not ss else f"_w.JsKey({conv(defn, ref, 'je')})"
    return conv(defn, ref, family)


def _pair(defn: Definition, ref: TypeRef, family: str) -> str:
    """The constructor expression of a KeyValuePair converter."""
    key, value = (conv(defn, arg, family) for arg in ref.args)
    cls = {"jd": "_w.KeyValueOf", "td": "_t.TextKeyValue", "je": "_w.JsKeyValue", "ve": "_t.JsvKeyValue", "xe": "_x.KeyValue"}
    return f"{cls[family]}({key}, {value})"


def _composite(defn: Definition, ref: TypeRef, family: str) -> str:
    """The constructor expression of a list, map or key/value pair converter."""
    if ref.name == "keyvalue":
        return _pair(defn, ref, family)
    if ref.name == "list":
        item = ref.args[0]
        inner = conv(defn, item, family)
        if family == "jd":
            return f"_w.ListOf({inner}, {item.nullable})"
        if family == "td":
            return f"_t.TextList({inner}, {item.nullable})"
        if family == "je":
            return f"_w.JsList({inner})"
        if family == "ve":
            return f"_t.JsvList({inner})"
        arrays = not (item.is_named and not item.args)
        item_name = xsd_name(defn, item) if arrays else xml_tag(defn, item.name, xsd_name(defn, item))
        return f"_x.List({inner}, {item_name!r}, {arrays})"
    key, value = ref.args
    inner = conv(defn, value, family)
    keyc = _key_conv(defn, key, family)
    if family == "jd":
        return f"_w.MapOf({keyc}, {inner})"
    if family == "td":
        return f"_t.TextMap({keyc}, {inner})"
    if family == "je":
        return f"_w.JsMap({keyc}, {inner})"
    if family == "ve":
        plain = (key.name in _PLAIN_KEYS or not key.is_primitive) and not _flags_named(defn, key.name)
        return f"_t.JsvMap({inner})" if plain else f"_t.JsvMap({inner}, {conv(defn, key, 've')})"
    entry = "KeyValueOf" + xsd_name(defn, key) + xsd_name(defn, value)
    return f"_x.Map({keyc}, {inner}, {entry!r})"


@lru_cache(maxsize=64)
def composites(defn: Definition, family: str) -> list[tuple[str, str]]:
    """(constant name, constructor) of every list/map converter the fields need, inner first."""
    out: dict[str, str] = {}

    def visit(ref: TypeRef) -> None:
        for arg in ref.args:
            visit(arg)
        if ref.name in _COMPOSITES:
            out.setdefault(conv(defn, ref, family), _composite(defn, ref, family))

    for typedef in sorted(defn.api.types, key=lambda t: t.name):
        for fld in typedef.fields:
            visit(parse_type(fld.type))
    return list(out.items())


@lru_cache(maxsize=256)
def uses_type(defn: Definition, name: str) -> bool:
    """True when some field's type expression uses the type ``name`` (at any depth)."""

    def has(ref: TypeRef) -> bool:
        return ref.name == name or any(has(arg) for arg in ref.args)

    return any(has(parse_type(fld.type)) for typedef in defn.api.types for fld in typedef.fields)


def _chain(defn: Definition, typedef: TypeDef) -> list[TypeDef]:
    return type_chain(defn, typedef)


def json_fields(defn: Definition, typedef: TypeDef) -> list[Field]:
    """Members in JSON/JSV order: the class's own first, then each base's; a redeclared name once."""
    seen: set[str] = set()
    out = []
    for link in reversed(_chain(defn, typedef)):
        for fld in link.fields:
            if fld.name not in seen:
                seen.add(fld.name)
                out.append(fld)
    return out


def xml_fields(defn: Definition, typedef: TypeDef) -> list[Field]:
    """Members in DataContract order: base-most class first, each class's in ``datacontract_order``."""
    keep = {id(f) for f in json_fields(defn, typedef)}
    return [f for link in _chain(defn, typedef) for f in datacontract_order(link.fields) if id(f) in keep]


def json_key(name: str) -> str:
    """The JSON text that opens member ``name``: its quoted name and the colon."""
    return json.dumps(name, ensure_ascii=False) + ":"


def json_fstrings(pairs: list[tuple[str, str]], indent: int) -> str:
    """Python source writing each (JSON text, expression) pair then ``}``: one f-string, or one per pair.

    One f-string when it fits black's line at ``indent``; otherwise adjacent f-strings, one per
    line (Python joins them at compile time, and black keeps a group that does not fit split).
    """
    pieces = [(literal, expr, "}" if index == len(pairs) - 1 else "") for index, (literal, expr) in enumerate(pairs)]
    whole = _fstring("".join(_fbody(lit, expr, tail) for lit, expr, tail in pieces))
    if indent + len(whole) <= LINE_LENGTH:
        return whole
    return ("\n" + " " * indent).join(_fstring(_fbody(lit, expr, tail)) for lit, expr, tail in pieces)


def _fbody(literal: str, expr: str, tail: str) -> str:
    # repr escapes quotes, backslashes and control characters; an f-string also needs braces
    # doubled.  A JSON member's text holds a double quote, so repr always quotes it with '.
    text = repr(literal)
    if not text.startswith("'"):
        raise ValueError(f"json_fstrings: cannot quote {literal!r}")
    return f"{_braces(text[1:-1])}{{{expr}}}{_braces(tail)}"


def _fstring(body: str) -> str:
    return f"f'{body}'"


def _braces(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def is_flags(typedef: TypeDef | None) -> bool:
    """True for an enum shaped like .NET ``[Flags]``: valued members, bits and a member combining several."""
    if typedef is None or typedef.kind != "enum" or not typedef.members:
        return False
    values = [m.value for m in typedef.members]
    if any(v is None or v < 0 for v in values):
        return False
    bits = {v for v in values if v and v & (v - 1) == 0}
    combined = [v for v in values if v and v & (v - 1)]
    # Every other value is a single bit, and at least one is the union of other members' bits.
    union = 0
    for bit in bits:
        union |= bit
    return len(bits) >= 2 and bool(combined) and all(v & union == v for v in combined)


def _flags_named(defn: Definition, name: str) -> bool:
    return is_flags(defn.api.type_named(name))


def enum_values(typedef: TypeDef) -> dict[int, str]:
    """Integer value -> first member name carrying it."""
    out: dict[int, str] = {}
    for member in typedef.members:
        if member.value is not None:
            out.setdefault(member.value, member.name)
    return out


WIRE_FILTERS: dict[str, Callable[..., Any]] = {
    "conv": with_definition(conv),
    "composites": composites,
    "json_fields": with_definition(json_fields),
    "xml_fields": with_definition(xml_fields),
    "xml_members": with_definition(xml_members),
    "xml_tag": with_definition(xml_tag),
    "xml_prefixes": xml_prefixes,
    "xml_namespace": xml_namespace,
    "writes_element": with_definition(writes_element),
    "uses_type": uses_type,
    "enum_values": enum_values,
    "is_flags": is_flags,
    "json_key": json_key,
    "json_ready": json_ready,
    "json_text": with_definition(json_text),
    "json_inline": with_definition(json_inline),
    "json_prep": with_definition(json_prep),
    "json_fstrings": json_fstrings,
}
