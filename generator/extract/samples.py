"""Infer members and their types from sample message bodies (JSON, XML, JSV, CSV).

Doc pages show bodies filled with placeholder values (``"String"``, ``0``,
``false``, ``0001-01-01T00:00:00``, ``\\/Date(...)\\/``).  The functions here turn
a body into a tree of ``SampleNode``: wire name, inferred type expression, the
1-based page line it is shown on, and nested members.  They never raise: a body
that is cut short or malformed yields the nodes read so far plus an error text.

``SampleNode.type`` is a doc2sdk type expression for scalars, ``object`` for a
nested object, ``list<...>`` for arrays (``list<object>`` when the items are
objects, whose members are then the node's ``children``), or None for a null.
"""

from __future__ import annotations

import bisect
import csv
import json.decoder
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.parsers import expat

from .dotnet import settle

OBJECT = "object"

_DATE_RE = re.compile(r"^\\?/Date\(-?\d+([+-]\d{4})?\)\\?/$")
_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_GUID_RE = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")
_DURATION_RE = re.compile(r"^-?P(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
_INT_RE = re.compile(r"^-?\d+$")
_FLOAT_RE = re.compile(r"^-?\d+(\.\d+)?([eE][+-]?\d+)?$")
_NUMBER_RE = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?")
_INT32_MAX = 2**31 - 1
# What ServiceStack's samples show for a byte[] member: one zero byte in base64.
_BYTES_PLACEHOLDER = "AA=="
# XML Schema's names for the items of a list of primitives (the Arrays namespace).
_XSD_ITEMS = {
    "string": "string", "int": "int", "long": "long", "boolean": "bool", "dateTime": "datetime",
    "decimal": "decimal", "double": "double", "float": "float", "short": "short", "unsignedShort": "ushort",
    "unsignedInt": "uint", "unsignedLong": "ulong", "byte": "sbyte", "unsignedByte": "byte", "char": "char",
    "guid": "guid", "duration": "timespan", "base64Binary": "bytes", "dateTimeOffset": "datetimeoffset",
}  # fmt: skip
# The C string scanner json.loads itself uses (not in typeshed's stubs).
_scanstring: Callable[[str, int], tuple[str, int]] = getattr(json.decoder, "scanstring")


@dataclass(frozen=True)
class SampleNode:
    """A member shown in a sample body: wire name, inferred type, page line, nested members."""

    name: str
    type: str | None
    line: int
    children: tuple[SampleNode, ...] = ()
    # XML names a list's items by their type (``<Results><Customer>..``): that name, else "".
    item: str = ""


@dataclass
class _Build:
    """A node under construction; kept mutable so a cut-short body still yields its prefix."""

    name: str
    type: str | None
    line: int
    children: list[_Build] = field(default_factory=list)
    item: str = ""
    # XML: the namespace prefixes the element declares (a list does, for its items) and its own prefix.
    declares: frozenset[str] = frozenset()
    prefix: str = ""

    def freeze(self) -> SampleNode:
        seen: dict[str, SampleNode] = {}
        for child in self.children:
            # Items of a list are merged: the first occurrence of a name wins.
            seen.setdefault(child.name, child.freeze())
        return SampleNode(self.name, self.type, self.line, tuple(seen.values()), self.item)


def infer_text(text: str) -> str | None:
    """The type a placeholder written as bare text (XML, JSV, CSV) stands for."""
    value = text.strip()
    if value in ("true", "false", "True", "False"):
        return "bool"
    if len(value) in (32, 36) and _GUID_RE.match(value):
        return "guid"  # JSV/CSV print the zero GUID without dashes: all digits, yet no number
    if _INT_RE.match(value):
        return "int" if abs(int(value)) <= _INT32_MAX else "long"
    if _FLOAT_RE.match(value):
        return "double"
    return infer_string(value)


def infer_string(value: str) -> str:
    """The type a quoted string placeholder stands for (dates, GUIDs, durations, else string)."""
    if value == _BYTES_PLACEHOLDER:
        return settle("bytes")
    if _DATE_RE.match(value) or _ISO_RE.match(value):
        return "datetime"
    if _DAY_RE.match(value):
        return "date"
    if _GUID_RE.match(value) and any(c.isdigit() for c in value):
        return "guid"
    if len(value) > 2 and _DURATION_RE.match(value):
        return "timespan"
    return "string"


class _Lines:
    """Offset -> 1-based page line, by binary search over newline offsets."""

    def __init__(self, text: str, first_line: int) -> None:
        self.starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        self.first_line = first_line

    def at(self, offset: int) -> int:
        return self.first_line + bisect.bisect_right(self.starts, offset) - 1


class _Stop(Exception):
    """A body ends or breaks: the message says where."""


# ---------------------------------------------------------------- JSON


class _JsonReader:
    """A small JSON reader that remembers the line of every key."""

    def __init__(self, text: str, first_line: int) -> None:
        self.text = text
        self.pos = 0
        self.lines = _Lines(text, first_line)

    def skip(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
            self.pos += 1

    def peek(self) -> str:
        self.skip()
        if self.pos >= len(self.text):
            raise _Stop(f"body ends early at line {self.lines.at(self.pos)}")
        return self.text[self.pos]

    def string(self) -> str:
        try:
            value, self.pos = _scanstring(self.text, self.pos + 1)
        except ValueError:
            raise _Stop(f"unterminated string at line {self.lines.at(self.pos)}") from None
        return value

    def value(self, node: _Build) -> None:
        char = self.peek()
        if char == "{":
            node.type = OBJECT
            self.members(node, "}", self.key_value)
        elif char == "[":
            self.array(node)
        elif char == '"':
            node.type = infer_string(self.string())
        else:
            self.literal(node)

    def literal(self, node: _Build) -> None:
        for word, kind in (("true", "bool"), ("false", "bool"), ("null", None)):
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                node.type = kind
                return
        match = _NUMBER_RE.match(self.text, self.pos)
        if not match:
            raise _Stop(f"unexpected {self.text[self.pos:self.pos + 10]!r} at line {self.lines.at(self.pos)}")
        self.pos = match.end()
        node.type = infer_text(match.group())

    def members(self, node: _Build, close: str, read_one: object) -> None:
        self.pos += 1
        if self.peek() == close:
            self.pos += 1
            return
        while True:
            read_one(node)  # type: ignore[operator]
            char = self.peek()
            self.pos += 1
            if char == close:
                return
            if char != ",":
                raise _Stop(f"expected ',' or {close!r} at line {self.lines.at(self.pos - 1)}")

    def key_value(self, node: _Build) -> None:
        if self.peek() != '"':
            raise _Stop(f"expected a quoted key at line {self.lines.at(self.pos)}")
        line = self.lines.at(self.pos)
        child = _Build(self.string(), None, line)
        node.children.append(child)
        if self.peek() != ":":
            raise _Stop(f"expected ':' at line {self.lines.at(self.pos)}")
        self.pos += 1
        self.value(child)

    def array(self, node: _Build) -> None:
        items: list[_Build] = []

        def item(_: _Build) -> None:
            child = _Build("", None, self.lines.at(self.pos))
            items.append(child)
            try:
                self.value(child)
            finally:
                # An item cut short still shows the members read before the break.
                node.children.extend(child.children)

        node.type = "list<string>"
        try:
            self.members(node, "]", item)
        finally:
            node.type = _list_type(items)


def _list_type(items: list[_Build]) -> str:
    kinds = [i.type for i in items if i.type is not None]
    return f"list<{kinds[0]}>" if kinds else "list<string>"


def parse_json(body: str, first_line: int) -> tuple[SampleNode, str | None]:
    """The root node of a JSON body (name ``""``) and an error text if it is cut short or malformed."""
    reader = _JsonReader(body, first_line)
    root = _Build("", None, first_line)
    error = None
    try:
        reader.value(root)
        reader.skip()
        if reader.pos < len(body):
            error = f"unexpected text after the body at line {reader.lines.at(reader.pos)}"
    except _Stop as stop:
        error = str(stop)
    return root.freeze(), error


def infer_json_fields(body: str, first_line: int) -> tuple[tuple[SampleNode, ...], str | None]:
    """The top-level members of a JSON object body and an error text, if any."""
    root, error = parse_json(body, first_line)
    return root.children, error


# ---------------------------------------------------------------- JSV


class _JsvReader(_JsonReader):
    """ServiceStack's JSV: JSON-like, keys and strings unquoted, ``""`` doubles a quote."""

    def string(self) -> str:
        end = self.pos + 1
        while True:
            end = self.text.find('"', end)
            if end < 0:
                raise _Stop(f"unterminated string at line {self.lines.at(self.pos)}")
            if self.text.startswith('""', end):
                end += 2
                continue
            value = self.text[self.pos + 1 : end].replace('""', '"')
            self.pos = end + 1
            return value

    def bare(self, stops: str) -> str:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in stops:
            self.pos += 1
        return self.text[start : self.pos]

    def value(self, node: _Build) -> None:
        char = self.peek()
        if char == "{":
            node.type = OBJECT
            self.members(node, "}", self.key_value)
        elif char == "[":
            self.array(node)
        elif char == '"':
            node.type = infer_string(self.string())
        else:
            text = self.bare(",}]\r\n")
            node.type = _jsv_scalar(text)

    def key_value(self, node: _Build) -> None:
        self.skip()
        line = self.lines.at(self.pos)
        name = self.string() if self.peek() == '"' else self.bare(":,}").strip()
        if name[:1] in ("{", "[") or "\n" in name:
            # A value where a key belongs: the key's line is missing.
            raise _Stop(f"expected a key at line {line}")
        child = _Build(name, None, line)
        node.children.append(child)
        if self.peek() != ":":
            raise _Stop(f"expected ':' at line {self.lines.at(self.pos)}")
        self.pos += 1
        self.value(child)


def _jsv_scalar(text: str) -> str | None:
    if text == "":
        return None
    kind = infer_text(text)
    # JSV writes a DateTime with no time of day as a bare date.
    return "datetime" if kind == "date" else kind


def infer_jsv_fields(body: str, first_line: int) -> tuple[tuple[SampleNode, ...], str | None]:
    """The top-level members of a JSV object body and an error text, if any."""
    reader = _JsvReader(body, first_line)
    root = _Build("", None, first_line)
    error = None
    try:
        reader.value(root)
        reader.skip()
        if reader.pos < len(body):
            error = f"unexpected text after the body at line {reader.lines.at(reader.pos)}"
    except _Stop as stop:
        error = str(stop)
    return root.freeze().children, error


# ---------------------------------------------------------------- CSV


def infer_csv_fields(body: str, first_line: int) -> tuple[tuple[SampleNode, ...], str | None]:
    """Members of a CSV body: the header row names them, the first data row types them."""
    rows = list(csv.reader(body.split("\n")))
    if not rows or not rows[0]:
        return (), "empty CSV body"
    values = rows[1] if len(rows) > 1 else []
    nodes = []
    for index, name in enumerate(rows[0]):
        cell = values[index] if index < len(values) else ""
        if cell.startswith(("{", "[")):
            inner, _ = infer_jsv_fields(cell, first_line + 1)
            nodes.append(SampleNode(name, OBJECT if cell.startswith("{") else "list<object>", first_line, inner))
        else:
            nodes.append(SampleNode(name, _jsv_scalar(cell), first_line))
    return tuple(nodes), None if len(rows) > 1 else "CSV body has no data row"


# ---------------------------------------------------------------- XML


def parse_xml(body: str, first_line: int) -> tuple[SampleNode | None, str | None]:
    """The root element of an XML body as a node (named after the element) and an error text, if any.

    A body that lost its root element's line shows its members as several top-level elements: they
    are read under an unnamed root, and the error says so.
    """
    root, error, where = _parse_xml(body, first_line)
    first_error = error
    for _ in range(_XML_REPAIRS):
        # A broken tag mid-body (a lost start tag, junk in a line) costs only that tag: it is blanked
        # out (same length, so lines stay right) and the body read again; a cut end is left as it is.
        repaired = _blank_token(body, where) if error and where is not None else None
        if repaired is None:
            break
        body = repaired
        root, error, where = _parse_xml(body, first_line)
    error = error or first_error  # a repaired body is still reported as malformed
    if error and "junk after document element" in error:
        # "<_>" adds no line, so page lines stay right; the members keep their own names.
        wrapped, _, _ = _parse_xml(f"<_>{body}</_>", first_line)
        if wrapped is not None and len(wrapped.children) > 1:
            return SampleNode("", wrapped.type, wrapped.line, wrapped.children), f"no single root element ({error})"
    return root, error


_XML_REPAIRS = 20


def _blank_token(body: str, where: tuple[int, int]) -> str | None:
    """``body`` with the bad token at (line, column) replaced by spaces, or None where there is none to blank.

    A tag is blanked to its ``>``; other text (a junk character) to the next tag or line end.
    """
    starts = [0] + [i + 1 for i, c in enumerate(body) if c == "\n"]
    line, column = where
    if line - 1 >= len(starts):
        return None
    offset = starts[line - 1] + column
    if offset >= len(body):
        return None
    # Inside a tag (a mismatched end tag is reported after its "</"): the bad token is the whole tag.
    begin = body.rfind("<", starts[line - 1], offset + 1)
    if begin >= 0 and ">" not in body[begin:offset]:
        offset = begin
    if body[offset] == "<":
        end = body.find(">", offset)
    else:
        stops = [i for i in (body.find("<", offset), body.find("\n", offset)) if i >= 0]
        end = min(stops) - 1 if stops else len(body) - 1
    if end < offset or not body[end + 1 :].strip():
        return None  # nothing to blank, or a cut end with nothing after it to save
    return body[:offset] + " " * (end + 1 - offset) + body[end + 1 :]


def _parse_xml(body: str, first_line: int) -> tuple[SampleNode | None, str | None, tuple[int, int] | None]:
    parser = expat.ParserCreate()
    stack: list[_Build] = []
    roots: list[_Build] = []
    texts: list[list[str]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        nil = any(k.endswith(":nil") and v == "true" for k, v in attrs.items())
        node = _Build(name.rpartition(":")[2], None if nil else "string", first_line + parser.CurrentLineNumber - 1)
        node.declares = frozenset(k[6:] for k in attrs if k.startswith("xmlns:"))
        node.prefix = name.rpartition(":")[0]
        (stack[-1].children if stack else roots).append(node)
        if stack:
            stack[-1].type = OBJECT
        stack.append(node)
        texts.append([])

    def end(_: str) -> None:
        node = stack.pop()
        text = "".join(texts.pop())
        if node.type == "string" and not node.children:
            node.type = infer_text(text) if text.strip() else "string"
        elif node.children and stack:  # the root element is the DTO itself, never a list
            _xml_list(node)

    def refuse_entities(*_: object) -> None:
        # Entity declarations are how XML bombs and external entities work: a doc page has none.
        raise _Stop("entity declarations are not allowed")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = lambda data: texts[-1].append(data) if texts else None
    parser.EntityDeclHandler = refuse_entities
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    error, where = None, None
    try:
        parser.Parse(body, True)
    except expat.ExpatError as exc:
        error = f"{expat.ErrorString(exc.code)} at line {first_line + exc.lineno - 1}"
        if exc.code != expat.errors.codes[expat.errors.XML_ERROR_JUNK_AFTER_DOC_ELEMENT]:
            where = (exc.lineno, exc.offset)
    except _Stop as stop:
        error = str(stop)
    # Elements a cut capture left open are read as far as they go, innermost first (the root is no list).
    for node in reversed(stack[1:]):
        if node.children:
            _xml_list(node, cut=True)
    return (roots[0].freeze() if roots else None), error, where


def _xml_list(node: _Build, cut: bool = False) -> None:
    """An element whose children are all one item element is a list: of primitives by XSD name, else of objects.

    DataContract XML writes ``<Roles><d2p1:string>..`` for a list of strings and ``<Results><d2p1:Customer>
    <d2p1:Id>..`` for a list of objects, naming the item's type; a key/value pair element is a map's entry.
    """
    names = {c.name for c in node.children}
    if len(names) != 1:
        return
    (name,) = names
    first = node.children[0]
    # One object element inside another is also how an object property holding an object prints; a
    # list declares its items' namespace, repeats them, or has a plural name.
    listish = (first.prefix and first.prefix in node.declares) or len(node.children) > 1
    # A plural name counts for a closed element; a cut one may show just its first member, so there
    # the item must be named as the plural's singular (Products/Product).
    plural = (name + "s", name + "es", name[:-1] + "ies") if cut else ("s", "List", "Array")
    listish = listish or node.name.endswith(plural)
    if name in _XSD_ITEMS and not first.children:
        node.type, node.children = f"list<{settle(_XSD_ITEMS[name])}>", []
    elif listish and first.children and name[:1].isupper() and not name.startswith("KeyValueOf") and first.type == OBJECT:
        items = [grand for child in node.children for grand in child.children]
        node.type, node.children, node.item = "list<object>", items, name


def infer_xml_fields(body: str, first_line: int) -> tuple[str, tuple[SampleNode, ...], str | None]:
    """The root element's name, its child members and an error text, if any."""
    root, error = parse_xml(body, first_line)
    if root is None:
        return "", (), error or "no root element"
    return root.name, root.children, error
