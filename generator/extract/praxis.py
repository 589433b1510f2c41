"""Praxis wiki pages -> a partial Api: one operation, its types, hosts, examples and signing scheme.

A page is read as a run of sections (head, ENDPOINTS, parameter tables, EXAMPLE,
signed-field lists); every line lands in one of them or in a warning naming
``file:line`` and the text skipped.  Helpers: ``praxis_tables`` (rows),
``praxis_fields`` (rows -> fields and enums), ``praxis_examples`` and
``praxis_infer`` (examples and the fields only they show).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..model import Api, Example, Operation, Signing
from .praxis_examples import Obj, RawExample, parse_examples
from .praxis_fields import NestedNamer, TypeBuilder, build_fields, pascal
from .praxis_infer import add_example_fields, singular
from .praxis_sink import Sink
from .praxis_tables import Line, Row, Table, is_header, parse_table
from .report import PageResult

_TITLE = re.compile(r"^#*\s*(?P<group>[^{}|]*?)\s*(?:\|\s*)?\{(?P<wire>[A-Za-z0-9_-]+)\}\s*$")
_TITLE_PIPE = re.compile(r"^#*\s*(?P<group>[A-Za-z][\w ]*?)\s*\|\s*(?P<wire>[a-z0-9]+(?:-[a-z0-9]+)*)\s*$")
_LOGO = re.compile(r"^\s*(?P<name>.+?)\s+Wiki logo\s*$", re.I)
_FOOTER = re.compile(r"You are currently viewing version\s+(?P<v>\d+(?:\.\d+)*)", re.I)
_ALERT = re.compile(r"\{[a-z]+\.fa-[\w-]+\}\s*")
_SIGNED = re.compile(r"^signed\s+(?P<which>request|response)\s+fields\b\s*:?\s*(?P<rest>.*)$", re.I)
_CAPS = re.compile(r"[A-Z][A-Z0-9 ()/&_,.-]*[A-Z)]")
_ENDPOINT_HEADER = re.compile(r"^\|?\s*name\s*\|\s*url\s*\|?\s*$|^name\s+url$", re.I)
_ENDPOINT_ROW = re.compile(r"^\|?\s*(?P<name>[A-Za-z][\w -]*?)\s*\|?\s*(?P<url>https?://[^\s|]+)\s*\|?\s*$")
_SEPARATOR = re.compile(r"^\s*\|?\s*-{2,}\s*(\|\s*-{2,}\s*)*\|?\s*$")
_HEADING_NOISE = {"OBJECT", "OBJECTS", "EXAMPLE", "EXAMPLES", "PARAMETERS", "TABLE", "FIELDS"}
_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_SERVICESTACK = ("back to all web services", "The following routes are available", "To override the Content-type")


def looks_like(text: str) -> bool:
    """True when the text carries the Praxis wiki's landmarks (and none of ServiceStack's)."""
    head = text[:50_000]
    if any(mark in head for mark in _SERVICESTACK):
        return False
    landmarks = [
        "Praxis" in head,
        re.search(r"^\s*ENDPOINTS\s*$", head, re.M) is not None,
        re.search(r"^\W*(REQUEST|RESPONSE) PARAMETERS\W*$", head, re.M | re.I) is not None,
        re.search(r"Variable\s*\|?\s*Type\s*\|?\s*Description", head) is not None,
        re.search(r"^\s*#*\s*[\w ]+?\s*\|?\s*\{[a-z0-9-]+\}\s*$", head, re.M) is not None,
    ]
    return sum(landmarks) >= 2


@dataclass
class Section:
    """A run of page lines under one heading (``head`` is everything before the first)."""

    kind: str  # head | endpoints | table | examples | signed | unknown
    title: str
    line: int
    body: list[Line] = field(default_factory=list)


@dataclass
class Page:
    """What has been read so far from one page."""

    sink: Sink
    title: str = ""
    wire: str | None = None
    wire_line: int = 0
    description: str = ""
    doc_version: str = ""
    hosts: dict[str, str] = field(default_factory=dict)
    paths: list[Line] = field(default_factory=list)
    signed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    examples: list[RawExample] = field(default_factory=list)
    types: dict[str, TypeBuilder] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)  # "request"/"response" -> type name
    # Tables are turned into fields only once every table's name is known (nested references).
    tables: list[tuple[TypeBuilder, Table, int]] = field(default_factory=list)


def extract_page(text: str, file: str) -> PageResult:
    """Read one Praxis page; never raises on content, warns instead."""
    page = Page(Sink(file))
    lines = [(number, raw.rstrip("\r")) for number, raw in enumerate(text.split("\n"), start=1)]
    for section in split_sections(lines, page):
        _READERS[section.kind](section, page)
    api = _assemble(page)
    return PageResult(api=api, warnings=tuple(page.sink.warnings))


def split_sections(lines: list[Line], page: Page) -> list[Section]:
    """Cut the page at its headings; the footer line is read on the way."""
    sections = [Section("head", "", 0)]
    for index, (number, text) in enumerate(lines):
        footer = _FOOTER.search(text)
        if footer:
            page.doc_version = footer.group("v")
            continue
        following = next((t for _, t in lines[index + 1 :] if t.strip()), "")
        blank_after = index + 1 >= len(lines) or not lines[index + 1][1].strip()
        kind = heading_kind(text, following, blank_after)
        if kind:
            sections.append(Section(kind, _heading_text(text), number))
        else:
            sections[-1].body.append((number, text))
    return sections


def _heading_text(text: str) -> str:
    return text.strip().strip("#*").strip().rstrip(":").strip()


def heading_kind(text: str, following: str, blank_after: bool) -> str | None:
    """The kind of section ``text`` opens, or None when it is not a heading."""
    norm = _heading_text(text)
    if not norm or "|" in norm or len(norm.split()) > 8:
        return None
    upper = norm.upper()
    if _SIGNED.match(norm):
        return "signed"
    if upper in ("ENDPOINTS", "ENDPOINT"):
        return "endpoints"
    titled = re.fullmatch(r"[A-Za-z][A-Za-z0-9 ()/&_]*", norm) is not None  # not a legend line nor prose
    if upper in ("REQUEST PARAMETERS", "RESPONSE PARAMETERS") or (titled and is_header(following) and not is_header(text)):
        return "table"
    if upper in ("EXAMPLE", "EXAMPLES") or (norm.isupper() and re.fullmatch(r"(REQUEST|RESPONSE|CALLBACK)S? EXAMPLES?", upper)):
        return "examples"
    if (_CAPS.fullmatch(norm) and len(norm) >= 3 and blank_after) or text.lstrip().startswith("#"):
        return "unknown"
    return None


def _read_head(section: Section, page: Page) -> None:
    paragraphs: list[list[str]] = [[]]
    title_seen = False
    for number, text in section.body:
        stripped = text.strip()
        if not stripped:
            paragraphs.append([])
            continue
        logo = _LOGO.match(stripped)
        if logo and not title_seen:
            page.title = f"{logo.group('name')} Wiki"
            continue
        if not title_seen:
            title_seen = True
            match = _TITLE.match(stripped) or _TITLE_PIPE.match(stripped)
            if match:
                page.wire, page.wire_line = match.group("wire"), number
                continue
            page.sink.warn(number, "no 'Group API {method}' title; read as prose", text)
        paragraphs[-1].append(_ALERT.sub("", stripped))
    page.description = "\n\n".join("\n".join(p) for p in paragraphs if p)


def _read_endpoints(section: Section, page: Page) -> None:
    rows = 0
    for number, text in section.body:
        if not text.strip() or _ENDPOINT_HEADER.match(text.strip()) or _SEPARATOR.match(text):
            continue
        match = _ENDPOINT_ROW.match(text.strip())
        if not match:
            page.sink.warn(number, "ENDPOINTS row not understood; skipped", text)
            continue
        rows += 1
        url = urlsplit(match.group("url"))
        page.hosts[match.group("name").strip().lower()] = f"{url.scheme}://{url.netloc}"
        page.paths.append((number, url.path or "/"))
    if not rows:
        page.sink.warn(section.line, "ENDPOINTS table has no rows: no hosts on this page", section.title)


def _read_signed(section: Section, page: Page) -> None:
    match = _SIGNED.match(section.title)
    assert match is not None
    names: list[str] = []
    items = [(section.line, match.group("rest"))] + section.body
    for number, text in items:
        for token in re.split(r"[,+]", re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", text)):
            token = token.strip().strip("`'\"")
            if not token:
                continue
            if re.fullmatch(r"[A-Za-z_][\w.]*", token):
                names.append(token)
            else:
                page.sink.warn(number, "not a field name in a signed-fields list; skipped", token)
    page.signed[match.group("which").lower()] = tuple(names)


def _read_unknown(section: Section, page: Page) -> None:
    skipped = sum(1 for _, t in section.body if t.strip())
    page.sink.warn(section.line, f"section not understood; it and its {skipped} line(s) skipped", section.title)


def _read_examples(section: Section, page: Page) -> None:
    page.examples += parse_examples(section.body, page.sink)


def _read_table(section: Section, page: Page) -> None:
    table = parse_table(section.body, page.sink, section.title)
    name = _table_type_name(section, page)
    builder = page.types.get(name)
    if builder is None:
        builder = page.types[name] = TypeBuilder(name, page.sink.where(section.line))
    else:
        page.sink.warn(section.line, f"a second table for {name}; its new fields are appended", section.title)
    page.tables.append((builder, table, section.line))


def _table_type_name(section: Section, page: Page) -> str:
    upper = section.title.upper()
    operation = pascal(page.wire or "")
    if upper == "REQUEST PARAMETERS":
        page.roles["request"] = f"{operation}Request"
        return page.roles["request"]
    if upper == "RESPONSE PARAMETERS":
        page.roles["response"] = f"{operation}Response"
        return page.roles["response"]
    words = [w for w in re.split(r"\s+", upper) if w not in _HEADING_NOISE]
    return pascal(" ".join(words)) or pascal(section.title) or f"Object{section.line}"


_READERS = {
    "head": _read_head,
    "endpoints": _read_endpoints,
    "table": _read_table,
    "examples": _read_examples,
    "signed": _read_signed,
    "unknown": _read_unknown,
}


# ---------------------------------------------------------------- assembly


def _assemble(page: Page) -> Api:
    """Tables -> fields, examples -> example-only fields, then the operation and the Api."""
    nested_names = [b.name for b, _, _ in page.tables if b.name not in page.roles.values()]
    claimed: set[str] = set()
    for builder, table, _ in page.tables:
        namer = _nested_namer(page, nested_names, claimed)
        known = {f.name for f in builder.fields}
        new = build_fields(table, builder.name, page.types, namer, page.sink)
        builder.fields += [f for f in new if f.name not in known]
    operation = _operation(page)
    api_version = _api_version(page)
    return Api(
        name="",
        title=page.title,
        doc_version=page.doc_version,
        style="praxis",
        hosts=dict(sorted(page.hosts.items())),
        api_version=api_version,
        signing=_signing(page, api_version),
        operations=(operation,) if operation else (),
        types=tuple(b.freeze() for _, b in sorted(page.types.items())),
    )


def _nested_namer(page: Page, nested_names: list[str], claimed: set[str]) -> NestedNamer:
    """Name the type of an ``Array(Object)``/``<Object>`` row from the page's nested tables."""

    def name_for(row: Row, kind: str) -> str:
        text = " ".join(t for _, t in row.lines).upper()
        candidates = [n for n in nested_names if n.upper() in text.replace(" ", "")]
        candidates += [n for n in nested_names if n in (pascal(singular(row.name)), pascal(row.name))]
        unclaimed = [n for n in nested_names if n not in claimed]
        if not candidates and len(unclaimed) == 1:
            candidates = unclaimed
        if candidates:
            claimed.add(candidates[0])
            return candidates[0]
        name = pascal(singular(row.name)) or "Item"
        if name not in page.types:
            page.types[name] = TypeBuilder(name, page.sink.where(row.line))
            page.sink.warn(row.line, f"no table on this page for the objects of {row.name!r}; {name} is left to examples", row.notation)
        return name

    return name_for


def _operation(page: Page) -> Operation | None:
    """The page's operation, if it shows one (object pages show only tables)."""
    curl = next((e for e in page.examples if e.method), None)
    if not (page.wire or page.paths or "request" in page.roles or curl):
        return None
    path = _path(page, curl)
    wire = page.wire or path.rstrip("/").rsplit("/", 1)[-1] or "operation"
    if page.wire is None:
        page.sink.warn(page.paths[0][0] if page.paths else 1, f"no title naming the method; named {wire!r} from its path", path)
    request = page.roles.get("request") or _type_from_examples(page, pascal(wire) + "Request", "request")
    response = page.roles.get("response") or _type_from_examples(page, pascal(wire) + "Response", "response")
    if request is None:
        request = pascal(wire) + "Request"
        page.types[request] = TypeBuilder(request, page.sink.where(page.wire_line or 1))
        page.sink.warn(page.wire_line or 1, "no REQUEST PARAMETERS and no request example: request type left empty")
    examples = []
    # Intact examples first: the first example object of a type sets its field order,
    # and a damaged one shows only part of it.
    for raw in sorted(page.examples, key=lambda e: e.damaged):
        target = request if raw.role == "request" else response
        if target is not None:
            add_example_fields(target, raw.value, page.types, page.sink)
    for raw in page.examples:
        target = request if raw.role == "request" else response
        if raw.body:
            examples.append(Example(raw.name, raw.role, "json", raw.body, page.sink.where(raw.line), target))
    method = curl.method if curl and curl.method else "POST"
    if method not in _METHODS:
        page.sink.warn(curl.line if curl else 1, f"curl method {method!r} not understood; POST assumed", method)
        method = "POST"
    return Operation(
        name=wire,
        method=method,
        path=path,
        request=request,
        response=response,
        formats=("json",),
        source=page.sink.where(page.wire_line or (page.paths[0][0] if page.paths else 1)),
        description=page.description,
        examples=tuple(examples),
        signed_request=page.signed.get("request", ()),
        signed_response=page.signed.get("response", ()),
    )


def _path(page: Page, curl: RawExample | None) -> str:
    if page.paths:
        for number, other in page.paths[1:]:
            if other != page.paths[0][1]:
                page.sink.warn(number, f"endpoint path differs from {page.paths[0][1]!r}; the first is kept", other)
        return page.paths[0][1]
    if curl and curl.url:
        return urlsplit(curl.url).path or "/"
    guess = f"/api/{page.wire or 'operation'}"
    page.sink.warn(page.wire_line or 1, f"no endpoint URL on the page; path guessed as {guess}", page.wire or "")
    return guess


def _type_from_examples(page: Page, name: str, role: str) -> str | None:
    """A type known only from examples: created empty here, filled by add_example_fields."""
    wanted = ("request",) if role == "request" else ("response", "error")
    first = next((e for e in page.examples if e.role in wanted and (e.body or e.damaged)), None)
    if first is None:
        return None
    page.types.setdefault(name, TypeBuilder(name, page.sink.where(first.line)))
    return name


def _api_version(page: Page) -> str | None:
    """API version from the doc version (3.1-3.3 -> 1.1, 3.4 -> 1.2, later -> 1.3), checked against examples."""
    shown = {
        (str(value), line)
        for raw in page.examples
        if isinstance(raw.value, Obj)
        for key, line, value in raw.value
        if key == "version" and isinstance(value, str)
    }
    derived = None
    if page.doc_version:
        parts = tuple(int(p) for p in page.doc_version.split(".")[:2]) + (0,)
        derived = "1.1" if parts[:2] <= (3, 3) else "1.2" if parts[:2] == (3, 4) else "1.3"
    elif page.signed:
        derived = "1.3"
    for value, line in sorted(shown):
        if derived is None:
            derived = value
        elif value != derived:
            page.sink.warn(line, f"example says version {value!r}, the doc version {page.doc_version!r} means {derived!r}", value)
    return derived


def _signing(page: Page, api_version: str | None) -> Signing | None:
    if api_version == "1.3" or (api_version is None and page.signed):
        return Signing(location="header", key="GT-Authentication", order="listed")
    if api_version is not None:
        return Signing()
    return None
