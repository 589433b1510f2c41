"""What the simulator answers: request checks and documented-shape responses, per doc style.

Pure functions of (definition, generated modules, request bytes): no sockets here.
A ServiceStack request that cannot be decoded gets HTTP 400 with a ServiceStack
``ResponseStatus`` body; one that decodes but misses a required field gets the
documented error shape, a 200 whose ``ErrorCode``/``ErrorMessage`` are set.  A
Praxis request gets a signed 200 whose ``status`` is 0, or 1 (application error,
like the seed's "Session not found") with a ``description`` naming the problem.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import importlib
import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..rendering.filters import attr_names, class_names, type_chain
from ..model import Definition, Operation, TypeDef
from ..typeexpr import TypeRef, parse_type
from .sdk import Sdk

MEDIA = {"json": "application/json", "xml": "application/xml", "jsv": "text/jsv", "csv": "text/csv", "jsonl": "text/jsonl"}
_MEDIA_FORMATS = {"text/xml": "xml", **{v: k for k, v in MEDIA.items()}}
_DEPTH = 4  # nesting bound of synthesised values: recursive types stay finite


@dataclass(frozen=True)
class Answer:
    """An HTTP answer: status, content type, body."""

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()
    """Extra response headers (an API 1.3 signature travels in one)."""


def format_of(media: str | None) -> str | None:
    """``application/xml; charset=utf-8`` -> ``xml``; unknown -> None."""
    if not media:
        return None
    return _MEDIA_FORMATS.get(media.split(";")[0].strip().lower())


# ---------------------------------------------------------------- values


def placeholder(sdk: Sdk, ref: TypeRef, wire: str, depth: int = 0) -> Any:
    """A deterministic, documented-shape value of type ``ref`` (``wire`` names the field)."""
    scalars: dict[str, Callable[[], Any]] = {
        "string": lambda: f"sim-{wire}",
        "int": lambda: 1,
        "long": lambda: 1,
        "double": lambda: 1.5,
        "decimal": lambda: decimal.Decimal("1.5"),
        "bool": lambda: True,
        "datetime": lambda: datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
        "date": lambda: datetime.date(2024, 1, 2),
        "timespan": lambda: datetime.timedelta(seconds=90),
        "guid": lambda: uuid.UUID(int=1),
        "char": lambda: "c",
        "float": lambda: 1.5,
        "datetimeoffset": lambda: datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
        "bytes": lambda: b"sim",
    }
    for small in ("byte", "sbyte", "short", "ushort", "uint", "ulong"):
        scalars[small] = lambda: 1
    if ref.name in scalars:
        return scalars[ref.name]()
    if ref.name == "list":
        return [placeholder(sdk, ref.args[0], wire, depth + 1)] if depth < _DEPTH else []
    if ref.name == "keyvalue":
        return (placeholder(sdk, ref.args[0], "key", depth + 1), placeholder(sdk, ref.args[1], wire, depth + 1))
    if ref.name == "map":
        return {placeholder(sdk, ref.args[0], "key", depth + 1): placeholder(sdk, ref.args[1], wire, depth + 1)} if depth < _DEPTH else {}
    typedef = sdk.definition.api.type_named(ref.name)
    if typedef is None:
        return None
    cls = getattr(sdk.models, class_names(sdk.definition)[typedef.name])
    if typedef.kind == "enum":
        return cls(typedef.members[0].name) if typedef.members else None
    return instance(sdk, typedef, depth + 1) if depth < _DEPTH else cls()


def instance(sdk: Sdk, typedef: TypeDef, depth: int = 0, *, skip: Callable[[str], bool] = lambda wire: False) -> Any:
    """An instance of a class type with every field (but the skipped ones) set to a placeholder."""
    defn = sdk.definition
    names = attr_names(defn, typedef)
    values = {}
    for link in type_chain(defn, typedef):
        for fld in link.fields:
            if not skip(fld.name):
                values[names[fld.name]] = _clip(placeholder(sdk, parse_type(fld.type), fld.name, depth), fld.max_length)
    return getattr(sdk.models, class_names(defn)[typedef.name])(**values)


def _clip(value: Any, max_length: int | None) -> Any:
    return value[:max_length] if isinstance(value, str) and max_length else value


def missing_required(sdk: Sdk, typedef: TypeDef, obj: Any, prefix: str = "", depth: int = 0) -> list[str]:
    """Wire paths of required fields that are unset or null, nested classes included."""
    defn = sdk.definition
    names = attr_names(defn, typedef)
    missing = []
    for link in type_chain(defn, typedef):
        for fld in link.fields:
            value = getattr(obj, names[fld.name], None)
            path = f"{prefix}{fld.name}"
            if value is None or value is sdk.models.UNSET:
                if fld.required:
                    missing.append(path)
                continue
            nested = defn.api.type_named(parse_type(fld.type).name)
            if nested is not None and nested.kind == "class" and dataclasses.is_dataclass(value) and depth < _DEPTH:
                missing += missing_required(sdk, nested, value, path + ".", depth + 1)
    return missing


def _set_wire(sdk: Sdk, typedef: TypeDef, obj: Any, wire: str, value: Any) -> Any:
    """``obj`` with the field of wire name ``wire`` (case-insensitive) set, if the type has it."""
    for name, attr in attr_names(sdk.definition, typedef).items():
        if name.lower() == wire.lower():
            return dataclasses.replace(obj, **{attr: value})
    return obj


# ---------------------------------------------------------------- servicestack


def servicestack_answer(
    sdk: Sdk, op: Operation, fmt: str, reply_fmt: str, body: bytes, params: Mapping[str, str] | None = None
) -> Answer:
    """Decode one ServiceStack request in ``fmt`` (or from query/path ``params``), check it and answer in ``reply_fmt``."""
    defn = sdk.definition
    codecs = sdk.codecs
    unspoken = [f for f in (fmt, reply_fmt) if not hasattr(codecs, f"from_{f}")]
    if unspoken:
        # JSON Lines only where the pages document it: a package without the codec refuses it, as a server without the format would.
        return status_error(415, "NotSupportedException", f"this API does not speak {unspoken[0]}")
    request_type = defn.api.type_named(op.request)
    request_cls = getattr(sdk.models, class_names(defn)[op.request])
    try:
        if params is not None:
            # Query-string values are plain scalars or JSV objects/lists: one JSV object of them all.
            quote = importlib.import_module(sdk.package.__name__ + "._text").jsv_quote
            text = ",".join(f"{quote(k)}:{v if v[:1] in '[{' else quote(v)}" for k, v in params.items())
            fmt, body = "jsv", ("{" + text + "}").encode("utf-8")
        request = getattr(codecs, f"from_{fmt}")(request_cls, body)
        if isinstance(request, list) and len(request) == 1:
            request = request[0]
    except Exception as exc:  # any codec failure is the client's malformed body
        return status_error(400, "SerializationException", f"{type(exc).__name__}: {exc}")
    missing = missing_required(sdk, request_type, request) if request_type else []
    response_type = defn.api.type_named(op.response_type) if op.response_type else None
    documented = response_type is not None and any(f.name == "ErrorCode" for t in type_chain(defn, response_type) for f in t.fields)
    if missing and not documented:
        # No documented error members: ServiceStack's own shape, HTTP 400 with per-field errors.
        errors = [{"ErrorCode": "NotEmpty", "FieldName": name, "Message": f"'{name}' must not be empty."} for name in missing]
        return status_error(400, "ValidationException", "Required: " + ", ".join(missing), errors)
    if response_type is None:
        return Answer(204, MEDIA[reply_fmt], b"")
    response = instance(sdk, response_type, skip=lambda wire: "error" in wire.lower() or wire.lower() == "responsestatus")
    if missing:
        response = _set_wire(sdk, response_type, response, "ErrorCode", "ValidationException")
        response = _set_wire(sdk, response_type, response, "ErrorMessage", "Required: " + ", ".join(missing))
    encode = getattr(codecs, f"to_{reply_fmt}")
    if op.response_many:
        return Answer(200, MEDIA[reply_fmt], _list_body(reply_fmt, encode(response)))
    streamed = defn.api.streamed_member(op)
    if streamed is not None and reply_fmt in ("csv", "jsonl"):
        # AutoQuery (ServiceStack's FirstEnumerable): the rows of the response's list, not the response.
        items = getattr(response, attr_names(defn, response_type)[streamed.name])
        return Answer(200, MEDIA[reply_fmt], encode(items if isinstance(items, list) else []))
    return Answer(200, MEDIA[reply_fmt], encode(response))


def status_error(status: int, code: str, message: str, errors: list[dict[str, str]] | None = None) -> Answer:
    """An HTTP error answer whose JSON body is a ServiceStack ``ResponseStatus``."""
    body: dict[str, Any] = {"ErrorCode": code, "Message": message}
    if errors:
        body["Errors"] = errors
    return Answer(status, "application/json", json.dumps({"ResponseStatus": body}).encode("utf-8"))


def _list_body(fmt: str, item: bytes) -> bytes:
    """A one-item list body in ``fmt`` (``ArrayOf<Type>`` in XML, as ServiceStack writes it; JSON Lines: the item's line)."""
    if fmt == "xml":
        text = item.decode("utf-8")
        start = text.index("<", text.index("?>") + 2 if text.startswith("<?xml") else 0)
        name = text[start + 1 :].split(None, 1)[0].split(">", 1)[0]
        return f'<ArrayOf{name} xmlns="http://schemas.servicestack.net/types">{text[start:]}</ArrayOf{name}>'.encode("utf-8")
    if fmt in ("csv", "jsonl"):
        return item  # one CSV row under its header; one JSON line
    return b"[" + item + b"]"


# ---------------------------------------------------------------- praxis


@dataclass(frozen=True)
class PraxisPolicy:
    """What the Praxis simulator accepts: secret, merchant, request freshness and its clock."""

    secret: str
    merchant_id: str | None = None
    window: float = 60.0
    clock: Callable[[], float] = lambda: 0.0


def praxis_answer(
    sdk: Sdk, op: Operation, body: bytes, policy: PraxisPolicy, headers: Mapping[str, str] | None = None
) -> Answer:
    """Check one Praxis request (JSON, signature, timestamp, merchant, types, required) and answer it signed."""
    problem = _praxis_problem(sdk, op, body, policy, headers or {})
    return praxis_reply(sdk, op, policy, 1 if problem else 0, problem or "OK")


def header_value(headers: Mapping[str, str], name: str) -> str | None:
    """The value of header ``name``, matched case-insensitively."""
    wanted = name.lower()
    return next((value for key, value in headers.items() if key.lower() == wanted), None)


def _praxis_problem(sdk: Sdk, op: Operation, body: bytes, policy: PraxisPolicy, headers: Mapping[str, str]) -> str:
    """The first thing wrong with a request, or "" when nothing is."""
    signing = sdk.signing
    try:
        fields = json.loads(body)
    except ValueError:
        return "Malformed JSON"
    if not isinstance(fields, dict):
        return "Malformed JSON"
    order = signing.REQUEST_FIELDS.get(op.name, ()) if signing.ORDER == "listed" else None
    # A header signature must come from the header: "" (never valid) when it is missing, so a
    # body key of the same name is not trusted instead.
    given = (header_value(headers, signing.KEY) or "") if signing.LOCATION == "header" else None
    exclude = signing.REQUEST_EXCLUDE.get(op.name, ())
    if not signing.verify(fields, policy.secret, exclude=exclude, order=order, signature=given):
        return "Invalid signature"
    stamp = fields.get("timestamp")
    if isinstance(stamp, bool) or not isinstance(stamp, int):
        return "Missing timestamp"
    if not -policy.window <= policy.clock() - stamp <= policy.window:
        return "Request expired"
    if policy.merchant_id is not None and fields.get("merchant_id") != policy.merchant_id:
        return "Unknown merchant"
    request_type = sdk.definition.api.type_named(op.request)
    request_cls = getattr(sdk.models, class_names(sdk.definition)[op.request])
    try:
        request = sdk.codecs.from_json(request_cls, body)
    except Exception as exc:  # a wrong type in the request is the caller's error
        return f"Invalid request: {exc}"
    missing = missing_required(sdk, request_type, request) if request_type else []
    return f"Missing required field(s): {', '.join(missing)}" if missing else ""


def praxis_response(sdk: Sdk, op: Operation, policy: PraxisPolicy, status: int, description: str, *, stamp: int | None = None) -> bytes:
    """The body of ``praxis_reply`` (signed when the signature travels in the body)."""
    return praxis_reply(sdk, op, policy, status, description, stamp=stamp).body


def praxis_reply(
    sdk: Sdk, op: Operation, policy: PraxisPolicy, status: int, description: str, *, stamp: int | None = None
) -> Answer:
    """A signed response of ``op``: placeholders plus status, description, version and timestamp."""
    defn = sdk.definition
    fixed = {
        "status": status,
        "description": description,
        "version": defn.api.api_version,
        "timestamp": int(policy.clock()) if stamp is None else stamp,
    }
    signing = sdk.signing
    response_type = defn.api.type_named(op.response) if op.response else None
    fields: dict[str, Any] = {}
    if response_type is not None and status == 0:
        obj = instance(sdk, response_type, skip=lambda wire: wire in fixed or wire == signing.KEY)
        fields = json.loads(sdk.codecs.to_json(obj))
    fields.update({k: v for k, v in fixed.items() if v is not None})
    order = signing.RESPONSE_FIELDS.get(op.name, ()) if signing.ORDER == "listed" else None
    signature = signing.sign(fields, policy.secret, exclude=signing.RESPONSE_EXCLUDE.get(op.name, ()), order=order)
    if signing.LOCATION == "header":
        body = json.dumps(fields, separators=(",", ":")).encode("utf-8")
        return Answer(200, "application/json", body, ((signing.KEY, signature),))
    fields[signing.KEY] = signature
    return Answer(200, "application/json", json.dumps(fields, separators=(",", ":")).encode("utf-8"))
