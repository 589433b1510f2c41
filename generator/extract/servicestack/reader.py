"""ServiceStack metadata pages (``/<format>/metadata?op=<Dto>``) -> one operation and its types.

A page is read in three parts: the header (title and version stamp, the DTO
name, routes, ``Requires Authentication``), the body (parameter tables, DTO
source code in one of nine languages, or an ``Unknown language`` error block)
and the samples.  Every line is either consumed by one of these readers or
reported as a warning, so a page that extracts without warnings was understood
in full.  Nothing here raises on page content.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...model import CALLABLE_VERBS, Api, Example, Operation, Route, is_autoquery_base
from ..report import ExtractWarning, PageResult
from ..samples import SampleNode, infer_csv_fields, infer_json_fields, infer_jsv_fields, infer_xml_fields
from ..samples_lines import count_nodes, read_by_indent
from .assemble import PageTypes, referenced
from .builtins import add_builtins, type_references
from .body import Body, read_body
from .detect import detect_language
from .sample_sections import Message, Samples, read_samples, starts_samples
from .tables import starts_table
from .xml_namespaces import dto_namespace, with_namespaces

# What only a ServiceStack metadata page prints, in any capture style (glued cells, pipe tables,
# flattened copies, copies beginning at the samples or cut anywhere): any one is enough.
_LANDMARKS = re.compile(
    r"<back to all web services|The following routes are available|To override the Content-type"
    r"|The following are sample HTTP requests and responses"
    r"|^HTTP \+ (XML|JSON|JSV|CSV|OTHER)\s*$|^[#*\s]*\w+ (Parameters|Enum):|^(POST|PUT|GET|DELETE|PATCH) /\S+ HTTP/1\.1"
    r"|^\|?\s*Name\s*\|?\s*Parameter\s*\|?\s*Data\s*Type\s*\|?\s*Required\b"
    r"|^\|?\s*(GET|POST|PUT|DELETE|PATCH|All Verbs)(\s*,\s*\w+)*\s*\|\s*/\S*\s*\|?\s*$"
    r"|^(GET|POST|PUT|DELETE|PATCH)/[\w{}/.-]*\s*$"
    r"|^Content-Type: (text/(jsv|csv)|application/(json|xml|jsonl))\s*$"
    r"|System\.NotSupportedException: Unknown language"
    # Fragments: a glued table header's tail, the samples' placeholders and XML namespace.
    r"|Data\s*Type\s*Required\s*Description\s*$|^Content-Length: length\s*$|schemas\.servicestack\.net/types"
    r"|\\?/Date\(-62135596800000[-+]0000\)|^[A-Za-z_]\w*?(body|form|query|path)[A-Za-z_][\w<>,\[\]? ]*(Yes|No)$"
    r"|\b[A-Z]\w* (Python|C#|TypeScript|Dart|Java|Kotlin|Swift|VB\.NET|F#) \w+ DTOs\s*$",
    re.M,
)
# A code body alone (a copy cut before the samples, with no route line) is known by the DTO
# annotations and imports ServiceStack's generators print, in whichever language.
_DTO_CODE = re.compile(
    r"\bServiceStack\b|\bservicestack\b|@DataContract|\bDataMember\b|\bIReturn(Void)?\b|<DataContract>|\[<DataContract>\]"
    # What each DTO generator prints around every class, so a copy starting mid-code still shows it.
    r"|@Required\(\)|@ApiMember\(|\(Object as any\)\.assign\(this, init\)|Object\.assign\(this, init\)"
    r"|implements IConvertible|\bdataclass_json\b|required public init\(\)\s*\{\}|Public Overridable Property"
    r"|\bmember val \w+\s*:[^\n]*with get"
)
_PRAXIS = re.compile(r"Praxis Wiki|REQUEST PARAMETERS|^ENDPOINTS\s*$", re.M)
_TITLE_RE = re.compile(r"^(?P<title>.*?\S)\s+(?P<version>\d{4}(?::\d{1,2}){1,4}|v?\d+(?:\.\d+)+)$")
_BACK_RE = re.compile(r"^<\s*back to all web services\s*$", re.I)
_ROUTES_RE = re.compile(r"^The following routes are available for this service:?$")
_VERB = r"(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS|ANY|All Verbs)"
# A Markdown route table may carry empty cells after the path (``| GET | /employees | ||``).
_ROUTE_RE = re.compile(rf"^\|?\s*(?P<verbs>{_VERB}(?:\s*,\s*{_VERB})*)\s*\|?\s*(?P<path>/[^\s|]*)\s*(?:\|\s*)*$")
# The rule under a Markdown route table (``|---|``): part of the header, not the body.
_MD_RULE_RE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_AUTH_RE = re.compile(r"^(Requires Authentication|Required (roles?|permissions?)\s*:.*)\s*$", re.I)
# ``Required role:Admin``, ``Requires the role: Admin``, ``Requires any of the roles: A, B``, also as a
# Markdown row (``| Required role: | Admin |``); permissions have no place in the model (auth only).
_ROLES_RE = re.compile(
    r"^\|?\s*(?:(?P<any>Requires any of the roles?)|Required roles?|Requires the roles?"
    r"|(?P<perm>Required permissions?|Requires the permissions?|Requires any of the permissions?))"
    r"\s*:\s*\|?\s*(?P<names>.*?)\s*\|?\s*$",
    re.I,
)
_DTO_RE = re.compile(r"^[A-Za-z_]\w*$")
_REPLY_RE = re.compile(r"^/\w+/(?:reply|oneway)/(?P<dto>\w+)")
_SOAP_PATH_RE = re.compile(r"^/soap1[12]/?$", re.I)
_MEMBER_RE = re.compile(r'^\s*"?[A-Za-z_]\w*"?\s*:(\s|$)')


def looks_like(text: str) -> bool:
    """True for a ServiceStack metadata page, whole or captured in part; False for a Praxis wiki page."""
    head = text[:20000]
    if _PRAXIS.search(head):
        return False
    if _LANDMARKS.search(head):
        return True
    return bool(_DTO_CODE.search(head)) and detect_language(head) is not None


class _Header:
    """What the lines above the body say."""

    def __init__(self) -> None:
        self.title = ""
        self.version = ""
        self.dto = ""
        self.dto_line = 0
        # (verbs, path, line): verbs as the page lists them, ``ANY`` for ``All Verbs``.
        self.routes: list[tuple[tuple[str, ...], str, int]] = []
        self.auth = False
        self.roles: list[str] = []
        self.any_roles: list[str] = []
        # Lines between the DTO name and the routes: the operation's tags and summary ([Tag], [Api]).
        self.notes: list[str] = []


def _is_landmark(text: str) -> bool:
    return bool(
        _BACK_RE.match(text) or _ROUTES_RE.match(text) or _ROUTE_RE.match(text) or _AUTH_RE.match(text)
        or _ROLES_RE.match(text)
    )


def _read_header(lines: Sequence[tuple[int, str]], file: str) -> tuple[_Header, int, list[ExtractWarning]]:
    """The header, the index of the first body line, and warnings for stray lines inside the header."""
    head = _Header()
    warnings: list[ExtractWarning] = []
    # A line not understood above the last header landmark is junk in the header, not the body's start.
    last_landmark = max((i for i, (_, t) in enumerate(lines[:200]) if _is_landmark(t.strip())), default=-1)
    seen_back = False
    for index, (number, raw) in enumerate(lines):
        text = raw.strip()
        route = _ROUTE_RE.match(text)
        if starts_table(text):
            return head, index, warnings
        if not text or _ROUTES_RE.match(text) or (head.routes and _MD_RULE_RE.match(text)):
            continue
        if _BACK_RE.match(text):
            seen_back = True
        elif route:
            verbs = tuple(dict.fromkeys("ANY" if v == "All Verbs" else v for v in re.split(r"\s*,\s*", route.group("verbs"))))
            head.routes.append((verbs, route.group("path"), number))
        elif roles := _ROLES_RE.match(text):
            _read_roles(head, roles)
        elif _AUTH_RE.match(text):
            head.auth = True
        elif not head.dto and _DTO_RE.match(text) and (seen_back or index > 0 or text.endswith("Request")):
            head.dto, head.dto_line = text, number
        elif not seen_back and not head.title and not head.dto and index == 0:
            match = _TITLE_RE.match(text)
            head.title, head.version = match.group("title", "version") if match else (text, "")
        elif index < last_landmark and head.dto and not head.routes:
            head.notes.append(text)
        elif index < last_landmark:
            warnings.append(ExtractWarning(f"{file}:{number}", "text in the page header not understood", text))
        else:
            return head, index, warnings
    return head, len(lines), warnings


def _read_roles(head: _Header, match: re.Match[str]) -> None:
    """A role line: roles (all required) or any-of roles; every role or permission line means authentication."""
    head.auth = True
    if match.group("perm"):
        return
    names = [n for n in re.split(r"\s*[,|]\s*|\s+(?:and|or)\s+", match.group("names")) if re.match(r"^[\w.-]+$", n)]
    target = head.any_roles if match.group("any") else head.roles
    target.extend(n for n in names if n not in target)


def _page_lines(text: str) -> tuple[list[tuple[int, str]], int]:
    """Numbered lines and the index where the samples begin."""
    # Lines are counted at "\n" only, as editors and the fuzz test do (str.splitlines also breaks at \x0c, \u2028...).
    lines = [(n, t[:-1] if t.endswith("\r") else t) for n, t in enumerate(text.split("\n"), 1)]
    split = next((i for i, (_, t) in enumerate(lines) if starts_samples(t.strip())), len(lines))
    return lines, split


def page_language(text: str, file: str = "page") -> str | None:
    """The DTO language a code page shows (``kotlin``, ``mjs``...); None for table, error and sample-only pages."""
    lines, split = _page_lines(text)
    _, body_start, _ = _read_header(lines[:split], file)
    body = read_body(lines[body_start:split], file, PageTypes(file))
    return body.language if body.kind == "code" else None


def extract_page(text: str, file: str) -> PageResult:
    """The operation, types and examples one page shows, with a warning for every line not understood."""
    lines, split = _page_lines(text)
    head, body_start, head_warnings = _read_header(lines[:split], file)
    types = PageTypes(file)
    samples = read_samples(lines[split:], file)
    hint, guessed_at = _request_hint(head, samples)
    body = read_body(lines[body_start:split], file, types, hint)
    if not head.dto and body.kind == "code" and not body.dto:
        body.dto, body.dto_line = _code_request(body, types, hint)
    if guessed_at and body.dto == hint:
        types.warn(guessed_at, f"the request DTO is not named on this page; named {hint} after its route")
    operation = _operation(head, body, samples, types, file, (hint, guessed_at))
    typedefs = types.finish()
    responses = [(operation.response, operation.source)] if operation and operation.response else []
    typedefs, builtin_warnings = add_builtins(typedefs, type_references(typedefs, responses))
    host = samples.host
    api = Api(
        name=_api_name(head.title),
        title=head.title,
        doc_version=head.version,
        style="servicestack",
        hosts={"default": f"https://{host}"} if host else {},
        operations=(operation,) if operation else (),
        types=tuple(sorted(with_namespaces(typedefs, operation), key=lambda t: t.name)),
        xml_namespace=dto_namespace(operation),
    )
    warnings = head_warnings + body.warnings + samples.warnings + types.warnings + builtin_warnings
    guessed = frozenset(op.response for op in api.operations if op.response and op.response in types.guessed)
    return PageResult(api=api, warnings=tuple(sorted(warnings, key=_warning_line)), guessed_responses=guessed)


def _warning_line(warning: ExtractWarning) -> int:
    line = warning.where.rpartition(":")[2]
    return int(line) if line.isdigit() else 0


def _api_name(title: str) -> str:
    """A package-like name from the title's first word (``PaySecure ...`` -> ``paysecure``)."""
    word = re.sub(r"\W", "", title.split()[0]).lower() if title.split() else ""
    return word if re.match(r"^[a-z_]", word) else "api"


def _pick(samples: Samples, role: str, types: PageTypes) -> Message | None:
    """The first message of ``role`` with a body (else the first); any other one is reported."""
    shown = [m for m in samples.messages if m.role == role]
    chosen = next((m for m in shown if m.body), shown[0] if shown else None)
    for other in shown:
        if other is not chosen:
            types.warn(other.line, f"extra {role} sample not used", f"{other.verb} {other.path}".strip())
    if chosen is not None:
        _drop_before_body(chosen, types)
    return chosen


def _drop_before_body(msg: Message, types: PageTypes) -> None:
    """Stray lines between the headers and a body that opens with ``<``, ``{`` or ``[`` are reported and dropped."""
    # A member line opens a body whose "{" line was lost (read by indentation later).
    start = next((i for i, (_, t) in enumerate(msg.body) if t.lstrip()[:1] in ("<", "{", "[") or _MEMBER_RE.match(t)), 0)
    for number, text in msg.body[:start]:
        if text.strip():
            types.warn(number, "text before the sample body not understood", text.strip())
    del msg.body[:start]


def _dto_from_samples(request: Message | None, fmt: str | None) -> str:
    """A capture without a header still names the DTO: XML root element or ``/<format>/reply/<Dto>``."""
    if request is None:
        return ""
    reply = _REPLY_RE.match(request.path)
    if reply:
        return reply.group("dto")
    if fmt == "xml" and request.body_text:
        root, _, _ = _unwrap_envelope(*infer_xml_fields(request.body_text, request.body_line))
        return root
    return ""


def _request_hint(head: _Header, samples: Samples) -> tuple[str, int]:
    """The request DTO's name as header or samples show it, else a guess from the route (with the route's line)."""
    if head.dto:
        return head.dto, 0
    request = next((m for m in samples.messages if m.role == "request"), None)
    named = _dto_from_samples(request, samples.format) if request is not None and request.body else ""
    if named:
        return named, 0
    if head.routes:
        _, path, line = head.routes[0]
    elif request is not None and request.path:
        path, line = request.path, request.line
    else:
        return "", 0
    stem = next((p for p in reversed(path.split("/")) if p and "{" not in p), "")
    if not _DTO_RE.match(stem):
        return "", 0
    # ServiceStack names request DTOs freely; ``<Path>Request`` is only the usual spelling, so a guess is flagged.
    return stem[:1].upper() + stem[1:] + ("" if stem.endswith("Request") else "Request"), line


def _code_request(body: Body, types: PageTypes, hint: str) -> tuple[str, int]:
    """The request among a code page's classes: the one returning a response, else the route's namesake."""
    classes = [n for n in body.order if n in types.drafts and types.drafts[n].kind == "class"]
    returning = [n for n in classes if n in body.returns or n in body.verb_marked]
    used = {n for d in types.drafts.values() for f in d.fields for n in referenced(f.type)}
    used |= {d.base for d in types.drafts.values() if d.base}
    roots = [n for n in classes if n not in used and not n.endswith("Response")]
    # Only the guessed ``<Path>Request`` itself (in any case): a class named like the bare path is often a model type.
    namesakes = [n for n in classes if n.lower() == hint.lower()] if hint else []
    name = (returning or (roots if len(roots) == 1 else []) or namesakes or [""])[0]
    return name, types.line_of(name) if name else 0


def _body_format(msg: Message, fmt: str | None) -> str:
    """The format the body is written in: CSV pages show JSON bodies."""
    first = msg.body_text.lstrip()[:1]
    if fmt == "csv" and first in "{[":
        return "json"
    if fmt is None:
        return "xml" if first == "<" else "json"
    return fmt


def _parse_body(msg: Message, fmt: str) -> tuple[str, tuple[SampleNode, ...], str | None]:
    """Root element name (XML only), top-level members and an error text."""
    text, line = msg.body_text, msg.body_line
    if fmt == "xml":
        return _unwrap_envelope(*infer_xml_fields(text, line))
    if fmt == "jsv":
        return ("", *_or_by_indent(*infer_jsv_fields(text, line), text, line))
    if fmt == "csv":
        return ("", *infer_csv_fields(text, line))
    if fmt == "jsonl":
        text = text.split("\n", 1)[0]
    return ("", *_or_by_indent(*infer_json_fields(text, line), text, line))


def _unwrap_envelope(
    root: str, nodes: tuple[SampleNode, ...], error: str | None
) -> tuple[str, tuple[SampleNode, ...], str | None]:
    """A SOAP envelope's body element: the DTO, as the XML format would show it."""
    if root != "Envelope":
        return root, nodes, error
    body = next((n for n in nodes if n.name == "Body"), None)
    dto = body.children[0] if body is not None and body.children else None
    return (dto.name, dto.children, error) if dto is not None else ("", (), error or "empty SOAP envelope")


def _or_by_indent(
    nodes: tuple[SampleNode, ...], error: str | None, text: str, line: int
) -> tuple[tuple[SampleNode, ...], str | None]:
    """A broken pretty-printed body is read again line by line; the reading that keeps more members wins."""
    headless = text.lstrip()[:1] not in ("{", "[")
    if (error is None and not headless) or text.count("\n") < 3:
        return nodes, error
    if headless:
        error = error or "the body's opening line is missing"
    again = read_by_indent(text, line)
    # Indentation nests reliably where a bracket line was lost: on a tie it wins over the strict reading.
    indented = any(t[:1] in (" ", "\t") for t in text.split("\n")[1:] if t.strip())
    better = count_nodes(again) >= count_nodes(nodes) if indented else count_nodes(again) > count_nodes(nodes)
    return (again if better else nodes), error


def _response_name(dto: str, body: Body, root: str, has_body: bool, types: PageTypes) -> str | None:
    """The response DTO: the XML root, ``IReturn[X]``, or the page's structure, in that order."""
    if body.kind == "tables":
        structural = _first_unreachable(dto, body.order, types)
        # The response section printed under the request's own name: the operation echoes its request.
        if structural is None and body.order.count(dto) > 1:
            structural = dto
    elif body.kind == "code":
        # IReturnVoid is recorded as "": no response, never a guessed one.
        structural = (body.returns[dto] or None) if dto in body.returns else types.guess_response(dto)
    else:
        structural = None
    if root and structural and root != structural:
        types.warn(types.line_of(structural), f"response {structural} by the DTOs, {root} by the sample; using {root}")
    name = root or structural
    if name is None and has_body:
        # ServiceStack's convention (``Foo``/``FooRequest`` -> ``FooResponse``); the sample still shows every member.
        name = conventional_response(dto, types)
        types.guessed.add(name)
        types.warn(1, f"the response DTO of {dto} is not named on this page; named {name} by ServiceStack's convention")
    if name and body.kind == "tables":
        types.infer_table_bases(body.order, name)
    return name


def conventional_response(dto: str, types: PageTypes) -> str:
    """``<Dto>Response`` (``Request`` dropped), made unique among the page's types."""
    name = dto.removesuffix("Request") + "Response"
    while name in types.drafts and types.drafts[name].fields:
        name += "_"
    return name


def _request_base(dto: str, order: list[str], types: PageTypes, line: int) -> None:
    """A request with no table of its own whose first table no field uses: that table is its base class.

    ServiceStack prints a DTO's inherited members under its base's title; a request adding none
    shows only the base's table, first.
    """
    if not order or dto in order or dto in types.drafts and (types.drafts[dto].fields or types.drafts[dto].base):
        return
    first = types.drafts.get(order[0])
    used = {n for d in types.drafts.values() for f in d.fields for n in referenced(f.type)}
    if first is None or first.kind != "class" or first.name in used:
        return
    types.ensure(dto, line or 1)
    types.drafts[dto].base = first.name


def _first_unreachable(dto: str, order: list[str], types: PageTypes) -> str | None:
    """The first table section the request does not lead to (the response), setting request-side bases on the way.

    Tables show a type's base class right after it and before the types its fields use; so an
    unused section that follows a request-side type while request-side types are still to come
    is that type's base, not the response.
    """
    reachable = types.closure([dto])
    used = {n for d in types.drafts.values() for f in d.fields for n in referenced(f.type)}
    for index, name in enumerate(order):
        if name in reachable or types.drafts[name].kind != "class":
            continue
        before = order[index - 1] if index else ""
        later = any(n in reachable for n in order[index + 1 :])
        # An AutoQuery base (``QueryDb<T> Parameters:``) is never the response: its members are the request's.
        base_like = later or is_autoquery_base(name)
        if before in reachable and name not in used and base_like and not types.drafts[before].base:
            types.drafts[before].base = name
            reachable |= types.closure([name])
            continue
        return name
    return None


def _operation(
    head: _Header, body: Body, samples: Samples, types: PageTypes, file: str, hint: tuple[str, int]
) -> Operation | None:
    """The page's operation, once its types are filled from the samples."""
    request_msg = _pick(samples, "request", types)
    response_msg = _pick(samples, "response", types)
    dto = head.dto or body.dto or _dto_from_samples(request_msg, samples.format)
    if not head.dto and body.dto:
        head.dto_line = body.dto_line
    if not dto and hint[0]:
        dto = hint[0]
        types.warn(hint[1], f"the request DTO is not named on this page; named {dto} after its route")
    parsed: dict[str, _Parsed] = {}
    for msg in (request_msg, response_msg):
        if msg is not None and msg.body_text:
            fmt = _body_format(msg, samples.format)
            parsed[msg.role] = _Parsed(msg, fmt, *_parse_body(msg, fmt))
    if not dto:
        if samples.messages or types.drafts:
            types.warn(1, "the request DTO name is not shown on this page; no operation read")
        _keep_unnamed(parsed, types)
        return None
    if body.kind == "tables":
        _request_base(dto, body.order, types, head.dto_line)
    root = parsed["response"].root if "response" in parsed else ""
    response = _response_name(dto, body, root, "response" in parsed, types)
    examples = []
    for role, type_name in (("request", dto), ("response", response)):
        if role in parsed:
            example = _example(parsed[role], role, type_name, dto, types)
            if not samples.soap_line:  # an envelope is no body of a supported format: not kept for verify
                examples.append(example)
    if samples.soap_line:
        types.warn(samples.soap_line, "the SOAP format is not supported; the DTOs are read from the envelopes (XML)")
        if request_msg is not None and _SOAP_PATH_RE.match(request_msg.path):
            request_msg.path = f"/xml/reply/{dto}"  # the SOAP endpoint is no route of the operation
    method, path, line, routes = _route(head, request_msg, dto, types)
    return Operation(
        name=dto,
        method=method,
        path=path,
        request=dto,
        response=response,
        formats=(samples.format,) if samples.format else (),
        source=f"{file}:{head.dto_line or line}",
        description="\n".join(head.notes),
        requires_auth=head.auth,
        roles=tuple(head.roles),
        any_roles=tuple(head.any_roles),
        routes=routes,
        examples=tuple(examples),
    )


def _keep_unnamed(parsed: dict[str, _Parsed], types: PageTypes) -> None:
    """Sample members of a page that names no DTO are still kept, in types named after their role."""
    for role, part in parsed.items():
        name = part.root or f"Untitled{role.title()}"
        if part.nodes:
            types.warn(part.msg.body_line, f"the {role} sample's DTO is not named; its members are kept in {name}")
            types.ensure(name, part.msg.body_line)
            types.fill(name, part.nodes)


@dataclass(frozen=True)
class _Parsed:
    """A sample message with its body read: format, XML root name, members, error text."""

    msg: Message
    format: str
    root: str
    nodes: tuple[SampleNode, ...]
    error: str | None


def _example(parsed: _Parsed, role: str, type_name: str | None, dto: str, types: PageTypes) -> Example:
    """Fill ``type_name`` from the body's members and keep the body verbatim."""
    msg, fmt, nodes, error = parsed.msg, parsed.format, parsed.nodes, parsed.error
    if error:
        types.warn(msg.body_line, f"{role} sample cut short or malformed: {error}", (msg.body_text.split("\n") or [""])[-1][:80])
    if type_name:
        types.ensure(type_name, msg.body_line)
        types.fill(type_name, nodes)
    else:
        types.fill_untyped(nodes)
    return Example(
        name=f"{dto}.{role}.{fmt}",
        role=role,
        format=fmt,
        body=msg.body_text,
        source=types.where(msg.body_line),
        type=type_name,
    )


def _route(head: _Header, request: Message | None, dto: str, types: PageTypes) -> tuple[str, str, int, tuple[Route, ...]]:
    """Method, path, line and every route: the first route taking the verb a client calls with, else the sample's."""
    routes = tuple(Route(path, verbs, types.where(line)) for verbs, path, line in head.routes)
    sample_verb = request.verb.upper() if request is not None and request.verb else ""
    if head.routes:
        return (*_primary(head.routes, sample_verb), routes)
    if request is not None and request.path:
        # A sample posting to a path of its own shows a route; the predefined /<format>/reply/<Dto> is none.
        shown = () if _REPLY_RE.match(request.path) else (Route(request.path, (request.verb,), types.where(request.line)),)
        return request.verb, request.path, request.line, shown
    types.warn(head.dto_line or 1, f"no route nor sample request for {dto}; assuming POST /json/reply/{dto}")
    return "POST", f"/json/reply/{dto}", head.dto_line or 1, ()


def _primary(routes: list[tuple[tuple[str, ...], str, int]], sample_verb: str) -> tuple[str, str, int]:
    """The primary route: the sample's verb where a route takes it, else the first callable verb (OPTIONS never)."""
    if sample_verb in CALLABLE_VERBS:
        for verbs, path, line in routes:
            if sample_verb in verbs or "ANY" in verbs:
                return sample_verb, path, line
    for verbs, path, line in routes:
        callable_verbs = [v for v in verbs if v in CALLABLE_VERBS]
        if callable_verbs or "ANY" in verbs:
            # ServiceStack's clients send a DTO with no verb marker as POST.
            return (callable_verbs[0] if callable_verbs else "POST"), path, line
    verbs, path, line = routes[0]
    return "POST", path, line
