"""Praxis wiki pages -> a partial Api: one operation, its types, hosts, examples and signing scheme.

A page is read as a run of sections (head, ENDPOINTS, parameter tables, EXAMPLE,
signed-field lists); every line lands in one of them or in a warning naming
``file:line`` and the text skipped.  Helpers: ``tables`` (rows),
``fields`` (rows -> fields and enums), ``examples`` and
``infer`` (examples and the fields only they show), ``title`` (what
the page is), ``assemble`` (the Api), ``reference`` (docs.praxis.tech).
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlsplit

from ..report import PageResult
from .assemble import assemble
from .examples import parse_examples
from .fields import TypeBuilder, pascal
from .notation import parse_notation
from .page import Page, Section
from .reference import extract_reference, looks_like_reference
from .sink import Sink
from .tables import MARKS, Line, Table, is_bare_row, is_header, parse_table
from .title import callback_name, is_callback, is_object, operation_name, read_title, words_of

_TITLE_REST = re.compile(r"^.*?\{[A-Za-z0-9_-]+\}\s*(?:[A-Z][a-z]+(?=[A-Z\s(]|$))?\s*(?:\([^)]*\))?")
_LOGO = re.compile(r"^\s*(?P<name>.+?)\s+(?:Wiki\s+)?logo\s*$", re.I)
_FOOTER = re.compile(r"You are currently viewing version\s+(?P<v>\d+(?:\.\d+)*)", re.I)
_ALERT = re.compile(r"\{[a-z]+\.fa-[\w-]+\}\s*")
_SIGNED = re.compile(
    r"^(?:signed\s+(?P<which>request|response)\s+fields|(?P<which2>request|response)\s+signature\s+(?:parameters|fields))"
    r"\b\s*:?\s*(?P<rest>.*)$",
    re.I,
)
_NAME_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])?\s*`?[A-Za-z_][\w.]*`?\s*(?:[,+]\s*`?[A-Za-z_][\w.]*`?\s*)*$")
_LEGEND_LINE = re.compile(rf"^\s*[{MARKS}]\s+-\s+\S")
_CAPS = re.compile(r"[A-Z][A-Z0-9 ()/&_,.-]*[A-Z)]")
_ENDPOINT_HEADER = re.compile(r"^\|?\s*name\s*\|\s*url\s*\|?\s*$|^name\s+url$", re.I)
_ENDPOINT_ROW = re.compile(r"^\|?\s*(?P<name>[A-Za-z][\w ()-]*?)\s*\|?\s*(?P<url>https?://[^\s|]+)\s*\|?\s*$")
_SEPARATOR = re.compile(r"^\s*\|?\s*-{2,}\s*(\|\s*-{2,}\s*)*\|?\s*$")
_HEADING_NOISE = {"OBJECT", "OBJECTS", "EXAMPLE", "EXAMPLES", "PARAMETERS", "TABLE", "FIELDS"}
_SERVICESTACK = ("back to all web services", "The following routes are available", "To override the Content-type")


def looks_like(text: str) -> bool:
    """True when the text carries any of the Praxis wiki's landmarks (and none of ServiceStack's).

    Read from what the page contains, not from a banner: a parameter table header
    (flattened or Markdown), a ``{method}`` title, an ENDPOINTS table, signature
    parameter lists, the ✓/?/✕ legend, or the wiki's logo line.
    """
    head = text[:50_000]
    if any(mark in head for mark in _SERVICESTACK):
        return False
    first = next((line for line in head.split("\n") if line.strip()), "")
    landmarks = (
        re.search(r"^\s*\S.*\bWiki logo\s*$", head, re.M),
        re.search(r"^\s*ENDPOINTS\s*$", head, re.M),
        re.search(r"^\W*(REQUEST|RESPONSE) PARAMETERS\W*$", head, re.M | re.I),
        re.search(r"^\s*\|?\s*(?:Variable|Name|Parameter|Field)\s*\|?\s*Type\s*\|?\s*(?:Description|[^|\n]*\(card\))", head, re.M),
        re.search(r"^\s*\|?\s*Name\s*\|\s*URL\s*\|", head, re.M),
        re.search(r"^\s*(?:Request|Response) signature parameters\s*$", head, re.M | re.I),
        re.search(rf"^\s*[{MARKS}]\s+-\s+required value", head, re.M),
        re.search(r"^\s*#*\s*[\w ]*?\s*\|?\s*\{[a-z0-9-]+\}", first),
        re.search(r"Copy Page(?:get|post|put|patch|delete)\s+https?://|Body Params", head),
    )
    return any(landmarks) or sum(1 for line in head.split("\n")[:400] if is_bare_row(line)) >= 3


def extract_page(text: str, file: str) -> PageResult:
    """Read one Praxis page; never raises on content, warns instead."""
    if looks_like_reference(text):
        return extract_reference(text, file)
    page = Page(Sink(file))
    lines = [(number, raw.rstrip("\r")) for number, raw in enumerate(text.split("\n"), start=1)]
    # A capture that stops without a final newline was cut mid-line: its last line is partial.
    page.cut_line = len(lines) if text and not text.endswith("\n") else 0
    for section in split_sections(lines, page):
        _READERS[section.kind](section, page)
    api = assemble(page)
    return PageResult(api=api, warnings=tuple(page.sink.warnings))


def split_sections(lines: list[Line], page: Page) -> list[Section]:
    """Cut the page at its headings and at what opens or ends a table; the footer is read on the way.

    Many captures show tables with no heading above them (a bare ``Variable Type
    Description`` line) and examples with no EXAMPLE heading, so a table header
    opens a table, an ENDPOINTS header opens endpoints, and JSON, curl or two blank
    lines after a table open a ``loose`` section read like examples.
    """
    sections = [Section("head", "", 0)]
    blanks = 0
    for index, (number, text) in enumerate(lines):
        footer = _FOOTER.search(text)
        if footer:
            page.doc_version = footer.group("v")
            continue
        following = next((t for _, t in lines[index + 1 :] if t.strip()), "")
        blank_after = index + 1 >= len(lines) or not lines[index + 1][1].strip()
        current = sections[-1]
        kind = heading_kind(text, following, blank_after)
        if kind == "endpoints" and current.kind == "endpoints" and not any(t.strip() for _, t in current.body):
            current.body.append((number, text))  # the ``Name URL`` header under its ENDPOINTS heading
        elif kind:
            sections.append(Section(kind, _heading_text(text), number))
        elif is_header(text) and not _awaits_header(current):
            sections.append(Section("table", "", number, [(number, text)]))
        elif current.kind in ("head", "loose", "unknown") and is_bare_row(text):
            sections.append(Section("table", "", number, [(number, text)]))  # a table whose header was lost
        elif _ENDPOINT_HEADER.match(text.strip()) and current.kind != "endpoints":
            sections.append(Section("endpoints", "", number))
        elif text.strip() and _ends(current, text, blanks):
            sections.append(Section("loose", "", number, [(number, text)]))
        else:
            current.body.append((number, text))
        blanks = blanks + 1 if not text.strip() else 0
    return sections


def _awaits_header(section: Section) -> bool:
    """A table section whose heading has been read but not yet its header line."""
    return section.kind == "table" and all(not t.strip() or _LEGEND_LINE.match(t) for _, t in section.body)


def _ends(section: Section, text: str, blanks: int) -> bool:
    """True when ``text`` cannot belong to ``section`` (a table, endpoints or signed-fields list)."""
    stripped = text.strip()
    starts_example = re.match(r'\{|\[\s*(?:[{"\d\]]|$)|curl\b|"[^"]*"\s*:', stripped) is not None
    if section.kind == "table":
        if _awaits_header(section):
            return starts_example
        markdown = any("|" in t for _, t in section.body[:3] if is_header(t))
        last = next((t for _, t in reversed(section.body) if t.strip()), "")
        if markdown and "|" not in stripped and last.rstrip().endswith("|"):
            return True
        return starts_example or blanks >= 2
    if section.kind == "endpoints":
        return not (_ENDPOINT_ROW.match(stripped) or _SEPARATOR.match(text) or _ENDPOINT_HEADER.match(stripped))
    if section.kind == "signed":
        return _NAME_ITEM.match(text) is None
    return False


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
    if upper in ("ENDPOINTS", "ENDPOINT") or _ENDPOINT_HEADER.match(norm):
        return "endpoints"
    titled = re.fullmatch(r"[A-Za-z][A-Za-z0-9 ()/&_#]*", norm) is not None  # not a legend line nor prose
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
            page.heading = read_title(number, stripped)
            if page.heading is not None:
                page.wire, page.wire_line = page.heading.wire, number
                rest = _TITLE_REST.sub("", stripped, count=1).strip() if page.heading.wire else ""
                if rest and not rest.startswith("{"):
                    paragraphs[-1].append(_ALERT.sub("", rest))  # a title glued to the first sentence
                continue
        if page.heading and stripped == (page.heading.wire or "") and len(paragraphs) == 1 and len(paragraphs[0]) == 0:
            continue  # the title repeated on its own line
        paragraphs[-1].append(_ALERT.sub("", stripped))
    page.description = "\n\n".join("\n".join(p) for p in paragraphs if p)
    _name_page(page)


def _name_page(page: Page) -> None:
    """Decide what the page documents and the name its types carry, from its title and prose."""
    title = page.heading
    if is_object(title):
        page.kind = "object"
        words = [w for w in words_of(title.name if title else "") if w != "object"]
        page.base = pascal(" ".join(words)) or "Object"
    elif is_callback(title, page.description):
        page.kind = "callback"
        page.base = pascal(callback_name(title, page.description))
    elif title and title.name and not title.wire and not title.group:
        # A bare name (``Wallet Data``): an object unless the page turns out to show a call.
        page.kind = "object"
        page.base = pascal(" ".join(w for w in words_of(title.name) if w != "object"))
    else:
        page.base = pascal(operation_name(title, None) or "")


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
    last = items[-1][0] if items else 0
    if names and page.cut_line and last == page.cut_line:
        page.sink.warn(last, "signed-fields list cut mid-name by the capture; its last name dropped", names.pop())
    page.signed[(match.group("which") or match.group("which2")).lower()] = tuple(names)


def _read_unknown(section: Section, page: Page) -> None:
    skipped = sum(1 for _, t in section.body if t.strip())
    page.sink.warn(section.line, f"section not understood; it and its {skipped} line(s) skipped", section.title)


def _read_examples(section: Section, page: Page) -> None:
    page.examples += parse_examples(section.body, page.sink)


def _read_loose(section: Section, page: Page) -> None:
    """Text after a table with no heading of its own: examples are read, prose is left alone."""
    page.examples += parse_examples(section.body, page.sink, quiet=True)


def _read_table(section: Section, page: Page) -> None:
    table = parse_table(section.body, page.sink, section.title or "table")
    if table.rows and table.rows[-1].line == page.cut_line and parse_notation(table.rows[-1].notation).warning:
        cut = table.rows[-1]
        page.sink.warn(cut.line, f"row {cut.name!r} cut by the capture before its type was complete; dropped", cut.notation)
        table = replace(table, rows=table.rows[:-1])
    name = _table_type_name(section, page, table)
    builder = page.types.get(name)
    if builder is None:
        builder = page.types[name] = TypeBuilder(name, page.sink.where(section.line))
    else:
        page.sink.warn(section.line, f"a second table for {name}; its new fields are appended", section.title)
    page.tables.append((builder, table, section.line))


def _table_type_name(section: Section, page: Page, table: Table) -> str:
    upper = section.title.upper()
    # With no title, the endpoint (read before the tables) names the page.
    base = page.base or pascal(operation_name(None, page.paths[0][1] if page.paths else None) or "") or "Page"
    role = None
    if upper in ("REQUEST PARAMETERS", "RESPONSE PARAMETERS"):
        role = upper.split()[0].lower()
    elif not section.title and page.kind != "object":
        # A table with no heading: the answer starts with ``status``; the first other one is the request.
        first = table.rows[0].name.lower() if table.rows else ""
        role = "response" if first == "status" or "request" in page.roles else "request"
        if role in page.roles:
            role = None
    if role:
        page.roles[role] = f"{base}{role.capitalize()}"
        return page.roles[role]
    if not section.title:
        name = base
        while name in page.types:
            name = f"{base}{len(page.types) + 1}"
        return name
    words = [w for w in re.split(r"\s+", upper) if w not in _HEADING_NOISE]
    return pascal(" ".join(words)) or pascal(section.title) or f"Object{section.line}"


_READERS = {
    "head": _read_head,
    "endpoints": _read_endpoints,
    "table": _read_table,
    "examples": _read_examples,
    "loose": _read_loose,
    "signed": _read_signed,
    "unknown": _read_unknown,
}


