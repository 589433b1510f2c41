"""The peers of the generated codecs: the PaySecure CreateSession DTOs in each library.

Every peer gets the same model, built from ``SPEC`` so the models cannot drift apart:
explicit wire names, optional members left out when unset, and ServiceStack's
``\\/Date(ms±hhmm)\\/`` dates parsed into aware UTC datetimes and written back as
``/Date(ms)/``.  Each peer exposes ``decode(bytes) -> obj`` and ``encode(obj) -> bytes``
per message type, plus ``normal(obj)``, a plain dict used to check every peer decodes
the same values.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from typing import Any, Optional

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_MS = dt.timedelta(milliseconds=1)

_TIMES = ("AppLayer", "ParentLookup", "RetryLookup", "GetCardData", "CardTokenize", "CardEncrypt",
          "DBInsert", "BackendProcess", "DBUpdate", "ParentUpdate", "Network")
# class -> [(wire name, attribute, type)], type one of: str, float, date, or a class name in SPEC.
SPEC: dict[str, list[tuple[str, str, str]]] = {
    "InOutTimes": [("InTime", "in_time", "date"), ("OutTime", "out_time", "date")],
    "RequestTimestamps": [(w, "".join("_" + c.lower() if c.isupper() else c for c in w).lstrip("_").replace("d_b_", "db_"), "InOutTimes")
                          for w in _TIMES],
    "CreateSession": [("SessionId", "session_id", "str"), ("ErrorCode", "error_code", "str"),
                      ("ErrorMessage", "error_message", "str"), ("Timestamps", "timestamps", "RequestTimestamps")],
    "RequestorCredentials": [("MerchantId", "merchant_id", "str"), ("UserName", "user_name", "str"),
                             ("Password", "password", "str"), ("Version", "version", "str")],
    "CreateSessionRequest": [("Credentials", "credentials", "RequestorCredentials"),
                             ("SessionExpiryInMin", "session_expiry_in_min", "float")],
}
ORDER = ["InOutTimes", "RequestTimestamps", "CreateSession", "RequestorCredentials", "CreateSessionRequest"]
ROOTS = ("CreateSession", "CreateSessionRequest")


def parse_date(text: str) -> dt.datetime:
    """``\\/Date(ms)\\/``, ``/Date(ms-0000)/`` or ``/Date(ms+hhmm)/`` -> aware UTC datetime (the offset is informational)."""
    inner = text[text.index("(") + 1 : text.rindex(")")]
    cut = max(inner.rfind("+"), inner.rfind("-"))
    return EPOCH + int(inner[:cut] if cut > 0 else inner) * _MS


def format_date(value: dt.datetime) -> str:
    """An aware datetime as ``/Date(ms)/``."""
    return f"/Date({(value - EPOCH) // _MS})/"


def _py(kind: str, ns: dict[str, Any], date_type: Any = dt.datetime) -> Any:
    return {"str": str, "float": float, "date": date_type}.get(kind) or ns[kind]


def normal(obj: Any, cls: str) -> dict[str, Any] | None:
    """A peer object as plain data keyed by wire name (dates as UTC instants), for equality checks."""
    if obj is None:
        return None
    out = {}
    for wire, attr, kind in SPEC[cls]:
        value = getattr(obj, attr)
        value = getattr(value, "value", value)  # msgspec's date wrapper
        if kind in SPEC:
            value = normal(value, kind)
        elif kind == "date" and value is not None:
            value = value.astimezone(dt.timezone.utc) if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
        out[wire] = value
    return out


Codec = tuple[Callable[[bytes], Any], Callable[[Any], bytes]]


def floor() -> dict[str, Codec]:
    """json.loads / json.dumps on the same bytes: no objects, the floor."""
    codec = (json.loads, lambda obj: json.dumps(obj, separators=(",", ":")).encode())
    return {root: codec for root in ROOTS}


def pydantic_codecs() -> dict[str, Codec]:
    """pydantic v2 BaseModels with aliases and an Annotated /Date()/ type."""
    from typing import Annotated

    from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, create_model

    date = Annotated[dt.datetime, BeforeValidator(lambda v: parse_date(v) if isinstance(v, str) else v),
                     PlainSerializer(format_date, return_type=str)]
    ns: dict[str, Any] = {}
    config = ConfigDict(populate_by_name=True)
    for cls in ORDER:
        fields = {attr: (Optional[_py(kind, ns, date)], Field(default=None, alias=wire)) for wire, attr, kind in SPEC[cls]}
        ns[cls] = create_model(cls, __config__=config, __base__=None, **fields)  # type: ignore[call-overload]
    assert issubclass(ns["CreateSession"], BaseModel)
    return {root: (ns[root].model_validate_json, lambda o: o.model_dump_json(by_alias=True, exclude_none=True).encode())
            for root in ROOTS}


def dataclasses_json_codecs() -> dict[str, Codec]:
    """dataclasses-json (what ServiceStack's Python DTOs use): letter-cased field names, date hooks."""
    from dataclasses_json import config, dataclass_json

    ns: dict[str, Any] = {}
    for cls in ORDER:
        fields = []
        for wire, attr, kind in SPEC[cls]:
            meta = config(field_name=wire, exclude=lambda v: v is None)
            if kind == "date":
                meta = config(field_name=wire, exclude=lambda v: v is None,
                              decoder=lambda v: None if v is None else parse_date(v),
                              encoder=lambda v: None if v is None else format_date(v))
            fields.append((attr, Optional[_py(kind, ns)], dataclasses.field(default=None, metadata=meta)))
        ns[cls] = dataclass_json(dataclasses.make_dataclass(cls, fields))
    return {root: (ns[root].from_json, lambda o: o.to_json().encode()) for root in ROOTS}


def msgspec_codecs() -> dict[str, Codec]:
    """msgspec Structs with renames; dates through dec/enc hooks on a small wrapper type.

    msgspec parses and writes datetimes natively only as ISO 8601, so a ``/Date()/`` member
    is typed ``WcfDate`` (holding ``.value``) to route it through the hooks.
    """
    import msgspec

    class WcfDate:
        __slots__ = ("value",)

        def __init__(self, value: dt.datetime) -> None:
            self.value = value

    def dec_hook(kind: type, obj: Any) -> Any:
        if kind is WcfDate:
            return WcfDate(parse_date(obj))
        raise NotImplementedError(kind)

    def enc_hook(obj: Any) -> Any:
        if type(obj) is WcfDate:
            return format_date(obj.value)
        raise NotImplementedError(type(obj))

    ns: dict[str, Any] = {}
    for cls in ORDER:
        fields = [(attr, Optional[_py(kind, ns, WcfDate)], None) for wire, attr, kind in SPEC[cls]]
        rename = {attr: wire for wire, attr, _ in SPEC[cls]}
        ns[cls] = msgspec.defstruct(cls, fields, rename=rename, omit_defaults=True)
    encoder = msgspec.json.Encoder(enc_hook=enc_hook)
    return {root: (msgspec.json.Decoder(ns[root], dec_hook=dec_hook).decode, encoder.encode) for root in ROOTS}


def cattrs_codecs() -> dict[str, Codec]:
    """cattrs over attrs-compatible dataclasses, with renames and /Date()/ hooks; json for bytes."""
    import cattrs
    from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

    converter = cattrs.Converter(omit_if_default=True)
    converter.register_structure_hook(dt.datetime, lambda v, _: parse_date(v))
    converter.register_unstructure_hook(dt.datetime, format_date)
    ns: dict[str, Any] = {}
    for cls in ORDER:
        fields = [(attr, Optional[_py(kind, ns)], dataclasses.field(default=None)) for wire, attr, kind in SPEC[cls]]
        ns[cls] = dataclasses.make_dataclass(cls, fields)
        renames = {attr: override(rename=wire) for wire, attr, _ in SPEC[cls]}
        converter.register_structure_hook(ns[cls], make_dict_structure_fn(ns[cls], converter, **renames))
        converter.register_unstructure_hook(ns[cls], make_dict_unstructure_fn(ns[cls], converter, _cattrs_omit_if_default=True, **renames))

    def codec(cls: type) -> Codec:
        return (lambda b: converter.structure(json.loads(b), cls),
                lambda o: json.dumps(converter.unstructure(o), separators=(",", ":")).encode())

    return {root: codec(ns[root]) for root in ROOTS}


PEERS: dict[str, Callable[[], dict[str, Codec]]] = {
    "pydantic v2": pydantic_codecs,
    "msgspec": msgspec_codecs,
    "cattrs": cattrs_codecs,
    "dataclasses-json": dataclasses_json_codecs,
}
