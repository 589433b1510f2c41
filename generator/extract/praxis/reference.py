"""docs.praxis.tech API reference pages: ``Title Copy Page post https://... Body Params ... Headers ...``.

These captures glue every cell together (``merchant_idstringrequiredlength ≤ 50Merchant API
client ...``), so a parameter is found as a snake_case name, a type word, optional
``enum``/``required``/``length ≤ n`` flags, then a description starting with a capital.
Captures that kept line breaks but lost the names (``string`` / ``required`` / ``length ≤ 50``
on their own lines) are reported parameter by parameter.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ...model import Api, Field, Operation, Signing, TypeDef
from ..report import PageResult
from .fields import pascal
from .sink import Sink
from .title import callback_name, is_callback, read_title

_OPEN = re.compile(
    r"Copy Page\s*(?P<method>get|post|put|patch|delete)\s*(?P<url>https?://\S+?)(?=Body Params|Query Params|Headers|Responses|\s|$)",
    re.I,
)
_TYPES = {"string": "string", "integer": "int", "number": "double", "boolean": "bool", "object": "", "array": "list"}
_PARAM = re.compile(
    r"(?P<name>[a-z][a-z0-9_]*?)(?P<type>string|integer|number|boolean|object|array)(?P<enum>enum)?"
    r"(?P<required>required)?(?:length\s*≤\s*(?P<len>\d+)|\s*[≤≥]\s*-?\d+(?:\.\d+)?)*(?=[A-Z])"
)
_SECTION = re.compile(r"(Body Params|Query Params|Headers|Responses)")
_LOST = re.compile(r"^\s*(string|integer|number|boolean|object|array)\s*$")


def looks_like_reference(text: str) -> bool:
    """True for a docs.praxis.tech reference capture (glued or with its names lost)."""
    return _OPEN.search(text[:4000]) is not None or re.search(r"^\s*Body Params\s*$", text[:20000], re.M) is not None


def extract_reference(text: str, file: str) -> PageResult:
    """Read a reference page into an operation (or, for a webhook, message types); never raises."""
    sink = Sink(file)
    opened = _OPEN.search(text[:4000])
    first = next((line for line in text.split("\n") if line.strip()), "")
    title_text = first[: opened.start()] if opened else first
    title = read_title(1, title_text.strip())
    if opened is None:
        _report_lost_names(text, sink)
        return PageResult(Api(name="", style="praxis"), tuple(sink.warnings))
    path = urlsplit(opened.group("url")).path or "/"
    wire = path.rstrip("/").rsplit("/", 1)[-1] or "operation"
    parts = _SECTION.split(text[opened.end() :])
    sections = {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}
    body = sections.get("Body Params", "") + sections.get("Query Params", "")
    callback = is_callback(title, "")
    base = pascal(callback_name(title, "")) if callback else pascal(wire)
    signed = _signed(sections.get("Headers", ""))
    vocabulary = set(signed) | {w for w in re.findall(r"(?<![\w.])[a-z][a-z0-9]*_[a-z0-9_]*(?![\w])", text)}
    request = TypeDef(f"{base}Request", fields=tuple(_fields(body, file, vocabulary)), source=f"{file}:1")
    types = [request] + [TypeDef(f.type.removeprefix("list<").removesuffix(">"), source=f.source)
                         for f in request.fields if f.type and f.type[0].isupper() or f.type.startswith("list<") and f.type[5].isupper()]
    operations: tuple[Operation, ...] = ()
    if not callback:
        host = "{0.scheme}://{0.netloc}".format(urlsplit(opened.group("url")))
        operations = (Operation(wire, opened.group("method").upper(), path, request.name, None, ("json",), f"{file}:1",
                                description=title_text.strip(), signed_request=signed),)
        hosts = {"live": host}
    else:
        hosts = {}
    api = Api(name="", style="praxis", hosts=hosts, api_version="1.3" if signed else None,
              signing=Signing(location="header", key="GT-Authentication", order="listed") if signed else None,
              operations=operations, types=tuple(sorted({t.name: t for t in types}.values(), key=lambda t: t.name)))
    return PageResult(api, tuple(sink.warnings))


def _fields(body: str, file: str, vocabulary: set[str]) -> list[Field]:
    fields: dict[str, Field] = {}
    matches = list(_PARAM.finditer(body))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(body)
        name, kind = _unglue(match.group("name"), vocabulary), _TYPES[match.group("type")]
        if kind == "":
            kind = pascal(name)
        elif kind == "list":
            kind = f"list<{pascal(name)}>"
        length = match.group("len")
        fields.setdefault(name, Field(name, kind, required=bool(match.group("required")),
                                      description=body[match.end() : end].strip(), source=f"{file}:1",
                                      max_length=int(length) if length and kind == "string" else None))
    return list(fields.values())


def _unglue(name: str, vocabulary: set[str]) -> str:
    """A name glued to the end of the previous description (``comintent``): the longest known suffix."""
    if name in vocabulary:
        return name
    for start in range(1, len(name) - 2):
        if name[start:] in vocabulary:
            return name[start:]
    return name


def _signed(headers: str) -> tuple[str, ...]:
    """The field names listed after the header's ``... signature ...`` sentence."""
    found = re.search(r"signature[^.]*\.\s*(?P<names>(?:[a-z][a-z0-9_.]*\s+)+)", headers + " ")
    return tuple(found.group("names").split()) if found else ()


def _report_lost_names(text: str, sink: Sink) -> None:
    """A capture that kept the parameters' type lines but not their names: each one is warned about."""
    for number, line in enumerate(text.split("\n"), start=1):
        if _LOST.match(line):
            sink.warn(number, "reference parameter shown without its name (lost in the capture); skipped", line)
