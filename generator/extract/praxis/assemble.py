"""A read Praxis page -> a partial Api: fields from tables, lost names restored, examples, the operation.

Tables become fields only here, once every table's name is known (nested
references); examples then add what only they show.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlsplit

from ...model import Api, Example, Operation, Signing
from .examples import Obj, RawExample
from .fields import NestedNamer, TypeBuilder, build_fields, pascal
from .infer import add_example_fields, singular
from .page import Page
from .tables import Row
from .title import is_object, operation_name

_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def assemble(page: Page) -> Api:
    """Tables -> fields, examples -> example-only fields, then the operation and the Api."""
    nested_names = [b.name for b, _, _ in page.tables if b.name not in page.roles.values() and b.name != page.base]
    claimed: set[str] = set()
    _restore_names(page)
    _settle_example_roles(page)
    for builder, table, _ in page.tables:
        namer = _nested_namer(page, nested_names, claimed)
        known = {f.name for f in builder.fields}
        new = build_fields(table, builder.name, page.types, namer, page.sink)
        builder.fields += [f for f in new if f.name not in known]
    if page.kind == "object" and not is_object(page.heading) and (page.paths or any(e.method for e in page.examples)):
        page.kind = "operation"
    operation = _operation(page) if page.kind == "operation" else None
    if page.kind != "operation":
        _feed_examples(page, page.roles.get("request"), page.roles.get("response"))
    if not operation and not page.types and not (page.kind == "operation" and page.wire):
        page.sink.warn(page.wire_line or 1, "page documents no operation and no type (an overview or guide page)")
    # A page that documents nothing has no say in the API's doc version, version or signing scheme.
    api_version = _api_version(page) if operation or page.types else None
    return Api(
        name="",
        title=page.title,
        doc_version=page.doc_version if operation or page.types else "",
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
    """The page's operation, if it shows one (overview pages show none)."""
    curl = next((e for e in page.examples if e.method), None)
    if not (page.paths or page.tables or curl):
        # A method page cut before its endpoints and tables: an operation with a guessed
        # path and no fields would only mislead (and outvote the real path when merged).
        if page.wire:
            page.sink.warn(page.wire_line, f"method {page.wire!r} shows no endpoint, table or example before the cut; no operation read")
        return None
    path = _path(page, curl)
    wire = operation_name(page.heading, path) or "operation"
    if page.heading is None or not (page.heading.wire or page.heading.name):
        page.sink.warn(page.paths[0][0] if page.paths else 1, f"no title naming the method; named {wire!r} from its path", path)
    base = page.base or pascal(wire)
    request = page.roles.get("request") or _type_from_examples(page, base + "Request", "request")
    response = page.roles.get("response") or _type_from_examples(page, base + "Response", "response")
    if request is None:
        request = base + "Request"
        page.types[request] = TypeBuilder(request, page.sink.where(page.wire_line or 1))
        page.sink.warn(page.wire_line or 1, "no REQUEST PARAMETERS and no request example: request type left empty")
    examples = _feed_examples(page, request, response)
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


def _feed_examples(page: Page, request: str | None, response: str | None) -> list[Example]:
    """Example-only fields into the request/response types; the intact examples kept verbatim."""
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
    return examples


def _settle_example_roles(page: Page) -> None:
    """An example shown with no heading is the request or the response, whichever's table it resembles."""
    tables = {role: {r.name for b, t, _ in page.tables if b.name == name for r in t.rows} for role, name in page.roles.items()}
    for index, raw in enumerate(page.examples):
        if raw.name != "Example" or not isinstance(raw.value, Obj):
            continue
        keys = {key for key, _, _ in raw.value}
        scores = {role: len(keys & names) for role, names in tables.items()}
        best = max(scores, key=lambda r: (scores[r], r == "response"), default="response")
        role = "request" if best == "request" and scores[best] else "response"
        page.examples[index] = replace(raw, name=role.capitalize(), role=role)


def _restore_names(page: Page) -> None:
    """Rows whose name cell the site lost (``[email protected]``): named from the page, or warned about."""
    shown: list[str] = []
    for raw in page.examples:
        if isinstance(raw.value, Obj):
            shown += [key for key, _, _ in raw.value]
    for builder, table, _ in page.tables:
        names = {r.name for r in table.rows}
        kept = []
        for row in table.rows:
            if row.name:
                kept.append(row)
                continue
            text = " ".join(t for _, t in row.lines)
            prose = re.sub(r"(?<=\w)-(?=\w)", "", text.lower())  # ``e-mail`` names the ``email`` key
            candidates = [k for k in dict.fromkeys(shown) if k not in names and any(w in prose for w in k.lower().split("_") if len(w) > 2)]
            if candidates and row.notation:
                page.sink.warn(row.line, f"{builder.name}: table row lost its name cell; restored as {candidates[0]!r}, the name the page's example shows", text)
                kept.append(replace(row, name=candidates[0]))
                names.add(candidates[0])
            else:
                page.sink.warn(row.line, f"{builder.name}: table row lost its name cell (e-mail obfuscation?) and no example shows it; row skipped", f"{row.notation} {text}")
        index = page.tables.index((builder, table, _))
        page.tables[index] = (builder, replace(table, rows=tuple(kept)), _)


def _path(page: Page, curl: RawExample | None) -> str:
    if page.paths:
        for number, other in page.paths[1:]:
            if other != page.paths[0][1]:
                page.sink.warn(number, f"endpoint path differs from {page.paths[0][1]!r}; the first is kept", other)
        return page.paths[0][1]
    if curl and curl.url:
        return urlsplit(curl.url).path or "/"
    guess = f"/api/{page.wire or operation_name(page.heading, None) or 'operation'}"  # the method's own name
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
