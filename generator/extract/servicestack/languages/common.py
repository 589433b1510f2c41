"""Shared pieces of the DTO source parsers: type names, annotations, doc comments, type builders.

The per-family scanners (``cfamily``, ``ml``) classify each line of a
"Add ServiceStack Reference" code block and feed what they find into a ``Collector``;
this module knows how each language spells types and annotations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ....model import Field, Member, TypeDef
from ...dotnet import generic_instance, settle
from ...report import ExtractWarning

# Languages whose generators print their own nullable marker only for nullable value types.
EXPLICIT_NULLABLE = frozenset({"csharp", "vbnet", "fsharp"})

# Built-in type names of every target language -> doc2sdk primitive.
_PRIMITIVE_NAMES: dict[str, str] = {
    **dict.fromkeys(("string", "String", "str", "NSString"), "string"),
    **dict.fromkeys(("char", "Char", "Character"), "char"),
    **dict.fromkeys(("int", "Int", "Int32", "Integer", "int32"), "int"),
    **dict.fromkeys(("short", "Short", "Int16"), "short"),
    **dict.fromkeys(("ushort", "UShort", "UInt16"), "ushort"),
    **dict.fromkeys(("byte", "Byte", "UInt8"), "byte"),
    **dict.fromkeys(("sbyte", "SByte", "Int8"), "sbyte"),
    **dict.fromkeys(("long", "Long", "Int64", "int64", "BigInteger"), "long"),
    **dict.fromkeys(("uint", "UInt", "UInt32"), "uint"),
    **dict.fromkeys(("ulong", "ULong", "UInt64"), "ulong"),
    # ServiceStack's TypeScript prints `number` for every numeric C# type; double is the
    # only doc2sdk type that holds them all (the caller reconciles with the tables).
    **dict.fromkeys(("double", "Double", "number", "CGFloat"), "double"),
    **dict.fromkeys(("float", "Float", "Single", "float32"), "float"),
    **dict.fromkeys(("decimal", "Decimal", "BigDecimal"), "decimal"),
    **dict.fromkeys(("bool", "Bool", "boolean", "Boolean"), "bool"),
    **dict.fromkeys(("DateTime", "Date", "LocalDateTime", "Instant"), "datetime"),
    **dict.fromkeys(("DateTimeOffset", "OffsetDateTime", "ZonedDateTime"), "datetimeoffset"),
    **dict.fromkeys(("DateOnly", "LocalDate"), "date"),
    **dict.fromkeys(("TimeSpan", "Duration", "TimeInterval"), "timespan"),
    **dict.fromkeys(("Guid", "UUID"), "guid"),
    **dict.fromkeys(("ByteArray", "Uint8Array", "Data"), "bytes"),
}
_LIST_NAMES = frozenset(
    {"List", "IList", "ICollection", "IEnumerable", "ArrayList", "ResizeArray", "Array", "HashSet",
     "Set", "MutableList", "Collection", "Seq", "seq", "list", "array"}
)
_MAP_NAMES = frozenset({"Dictionary", "IDictionary", "HashMap", "Map", "MutableMap", "SortedDictionary"})
_UNTYPED = frozenset({"object", "Object", "Any", "any", "dynamic", "obj"})
_REFERENCE_PRIMITIVES = frozenset({"string", "list", "map"})

_TYPE_TOKEN = re.compile(r"\s*(?:([A-Za-z_][\w.]*)|(.))")


class TypeTextError(ValueError):
    """A language's type text that the type reader cannot follow."""


@dataclass(frozen=True)
class _Node:
    name: str
    args: tuple[_Node, ...] = ()
    nullable: bool = False


def map_type(text: str, lang: str) -> str:
    """The doc2sdk type expression for ``text`` as printed by ``lang``; raise TypeTextError."""
    tokens = [m.group(1) or m.group(2) for m in _TYPE_TOKEN.finditer(text.strip())]
    pos, node = _read(tokens, 0, text)
    if pos != len(tokens):
        raise TypeTextError(f"unexpected {tokens[pos]!r} in type {text!r}")
    return settle(_render(node, lang))


def _read(tokens: list[str], pos: int, text: str) -> tuple[int, _Node]:
    """One type at ``pos``: a name with generic arguments, ``[T]``/``[K:V]`` or a TS index signature."""
    tok = tokens[pos] if pos < len(tokens) else ""
    if tok == "[":  # Swift [T] and [K:V]
        pos, first = _read(tokens, pos + 1, text)
        if _at(tokens, pos, ":"):
            pos, second = _read(tokens, pos + 1, text)
            node = _Node("Dictionary", (first, second))
        else:
            node = _Node("List", (first,))
        pos = _expect(tokens, pos, "]", text)
    elif tok == "{":  # TypeScript { [index: string]: T; }
        pos = _expect(tokens, pos + 1, "[", text)
        pos = _expect(tokens, pos + 1, ":", text) if pos < len(tokens) and tokens[pos][0].isalpha() else pos
        pos, key = _read(tokens, pos, text)
        pos = _expect(tokens, _expect(tokens, pos, "]", text), ":", text)
        pos, value = _read(tokens, pos, text)
        pos = pos + 1 if _at(tokens, pos, ";") else pos
        pos = _expect(tokens, pos, "}", text)
        node = _Node("Dictionary", (key, value))
    elif tok[:1].isalpha() or tok[:1] == "_":
        pos, node = _read_named(tokens, pos + 1, tok.rsplit(".", 1)[-1], text)
    else:
        raise TypeTextError(f"expected a type name in {text!r}")
    return _postfix(tokens, pos, node, text)


def _read_named(tokens: list[str], pos: int, name: str, text: str) -> tuple[int, _Node]:
    if _at(tokens, pos, "<"):
        pos, args = _read_args(tokens, pos + 1, ">", text)
        return pos, _Node(name, args)
    if _at(tokens, pos, "(") and _at(tokens, pos + 1, "Of"):  # VB.NET List(Of T)
        pos, args = _read_args(tokens, pos + 2, ")", text)
        return pos, _Node(name, args)
    return pos, _Node(name)


def _read_args(tokens: list[str], pos: int, close: str, text: str) -> tuple[int, tuple[_Node, ...]]:
    args = []
    while True:
        pos, arg = _read(tokens, pos, text)
        args.append(arg)
        if _at(tokens, pos, ","):
            pos += 1
            continue
        return _expect(tokens, pos, close, text), tuple(args)


def _postfix(tokens: list[str], pos: int, node: _Node, text: str) -> tuple[int, _Node]:
    """Array brackets ``T[]``/``T()``, nullable ``T?`` and F#'s ``T option``/``T list``."""
    while pos < len(tokens):
        tok = tokens[pos]
        if tok in ("[", "(") and _at(tokens, pos + 1, "]" if tok == "[" else ")"):
            # An array: ``byte[]``/``Byte()`` is .NET's byte[] (base64 on the wire), any other a list.
            node, pos = _Node("Array", (node,)), pos + 2
        elif tok == "?" or tok == "option":
            node, pos = _Node(node.name, node.args, True), pos + 1
        elif tok in ("list", "array", "seq"):
            node, pos = _Node("List", (node,)), pos + 1
        else:
            break
    return pos, node


def _at(tokens: list[str], pos: int, want: str) -> bool:
    return pos < len(tokens) and tokens[pos] == want


def _expect(tokens: list[str], pos: int, want: str, text: str) -> int:
    if not _at(tokens, pos, want):
        raise TypeTextError(f"expected {want!r} in type {text!r}")
    return pos + 1


def _render(node: _Node, lang: str) -> str:
    if node.name == "Nullable" and len(node.args) == 1:
        return _render(_Node(node.args[0].name, node.args[0].args, True), lang)
    if node.name == "Array" and len(node.args) == 1 and _PRIMITIVE_NAMES.get(node.args[0].name) == "byte":
        inner = "bytes"
    elif node.name in _LIST_NAMES and len(node.args) == 1:
        inner = f"list<{_render(node.args[0], lang)}>"
    elif node.name == "KeyValuePair" and len(node.args) == 2:
        inner = f"keyvalue<{_render(node.args[0], lang)},{_render(node.args[1], lang)}>"
    elif node.name in _MAP_NAMES and len(node.args) == 2:
        inner = f"map<{_render(node.args[0], lang)},{_render(node.args[1], lang)}>"
    elif node.args:
        # A user generic's instance (``QueryResponse<Booking>``) is the class DataContract names ``QueryResponseOfBooking``.
        inner = generic_instance(node.name, [_render(arg, lang) for arg in node.args]) or ""
        if not inner:
            raise TypeTextError(f"unknown generic type {node.name!r}")
    elif node.name in _UNTYPED:
        raise TypeTextError(f"untyped member ({node.name}) has no doc2sdk type")
    else:
        inner = _PRIMITIVE_NAMES.get(node.name, node.name)
    # Only explicit markers of nullable *value* types count: Kotlin, Swift and Dart put
    # `?` on every property, so their `?` says nothing about the C# type.
    keep_null = node.nullable and lang in EXPLICIT_NULLABLE
    return inner + "?" if keep_null and inner.split("<")[0] not in _REFERENCE_PRIMITIVES else inner


def split_top(text: str, sep: str = ",") -> list[str]:
    """Split ``text`` at ``sep`` outside brackets and double-quoted strings; parts are stripped."""
    parts, depth, start, quoted = [], 0, 0, False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif ch in "(<[{":
            depth += 1
        elif ch in ")>]}":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


@dataclass
class Pending:
    """Annotations and doc comments read since the last declaration, waiting for one."""

    required: bool = False
    description: str = ""
    wire_name: str | None = None
    doc: list[str] = field(default_factory=list)

    def text(self) -> str:
        """The description: doc comment lines first, else an attribute's Description."""
        return " ".join(self.doc).strip() or self.description


_ATTR = re.compile(r"^(?P<name>[A-Za-z_][\w.]*)\s*(?:\((?P<args>.*)\))?$", re.S)
_ARG = re.compile(r'\s*(?:(?P<key>\w+)\s*:?=\s*)?(?P<value>"(?:[^"\\]|\\.|"")*"|[^,]+)\s*(?:,|$)')


def apply_attribute(body: str, pending: Pending) -> bool:
    """Record what one attribute body (``ApiMember(Description="x")``) says; False if unreadable."""
    match = _ATTR.match(body.strip())
    if not match:
        return False
    name = match.group("name").rsplit(".", 1)[-1].removesuffix("Attribute")
    args = _attr_args(match.group("args") or "")
    if name == "Required":
        pending.required = True
    elif name in ("ApiMember", "DataMember", "Api"):
        if args.get("IsRequired", "").lower() == "true":
            pending.required = True
        if name == "DataMember" and args.get("Name"):
            pending.wire_name = args["Name"]
        if name != "DataMember" and args.get("Description"):
            pending.description = args["Description"]
    elif name == "Description" and args.get(""):
        pending.description = args[""]
    elif name == "SerializedName" and args.get(""):
        pending.wire_name = args[""]
    return True


def _attr_args(text: str) -> dict[str, str]:
    """Keyword arguments by name and the first positional one under ``""``; quotes removed."""
    found: dict[str, str] = {}
    for match in _ARG.finditer(text):
        value = match.group("value").strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1].replace('\\"', '"').replace('""', '"')
        key = match.group("key") or ""
        found.setdefault(key, value)
        if match.end() >= len(text):
            break
    return found


_DOC_MARKUP = re.compile(r"</?summary>|@description", re.I)


def doc_line(text: str) -> str:
    """The prose of one doc comment line, without ``///``, ``*``, ``<summary>`` and such."""
    text = text.strip()
    for prefix in ("///", "'''", "/**", "*/", "*"):
        if text.startswith(prefix):
            text = text[len(prefix):]
            break
    text = text.removesuffix("*/")
    return _DOC_MARKUP.sub("", text).strip()


@dataclass
class TypeBuilder:
    """A TypeDef under construction."""

    name: str
    kind: str
    source: str
    description: str = ""
    base: str | None = None
    fields: list[Field] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)

    def build(self) -> TypeDef:
        """The frozen TypeDef."""
        return TypeDef(
            name=self.name,
            kind=self.kind,
            base=self.base,
            fields=tuple(self.fields),
            members=tuple(self.members),
            description=self.description,
            source=self.source,
        )


@dataclass
class Collector:
    """Everything one code block yields: types in order, request -> response, warnings."""

    lang: str
    file: str
    first_line: int
    types: list[TypeBuilder] = field(default_factory=list)
    responses: dict[str, str] = field(default_factory=dict)
    warnings: list[ExtractWarning] = field(default_factory=list)

    def where(self, index: int) -> str:
        """``file:line`` of the code block's line ``index`` (0-based)."""
        return f"{self.file}:{self.first_line + index}"

    def warn(self, index: int, message: str, text: str) -> None:
        """Record a skipped or doubtful line."""
        self.warnings.append(ExtractWarning(self.where(index), message, text.strip()))

    def start_type(self, index: int, name: str, kind: str, pending: Pending) -> TypeBuilder:
        """A new type declared on line ``index``; a repeated name is warned about and kept apart."""
        builder = TypeBuilder(name, kind, self.where(index), pending.text())
        if any(t.name == name for t in self.types):
            self.warn(index, f"type {name} declared twice; the later declaration is ignored", name)
        else:
            self.types.append(builder)
        return builder

    def add_field(
        self, owner: TypeBuilder, index: int, name: str, type_text: str, pending: Pending, optional: bool = False
    ) -> None:
        """Add a field printed as ``name`` of language type ``type_text``; bad types become warnings.

        ``optional`` marks a TypeScript ``name?:``, nullable only for numbers and booleans.
        """
        try:
            type_expr = map_type(type_text, self.lang)
        except TypeTextError as exc:
            self.warn(index, f"field {name} skipped: {exc}", type_text)
            return
        if optional and type_expr in ("double", "bool"):
            type_expr += "?"
        wire = pending.wire_name or name.strip("[]@`")
        owner.fields.append(
            Field(name=wire, type=type_expr, required=pending.required, description=pending.text(),
                  source=self.where(index))
        )

    def add_member(self, owner: TypeBuilder, index: int, name: str, value: str | None, pending: Pending) -> None:
        """Add an enum member, with its integer value when one is printed."""
        number = int(value) if value is not None else None
        owner.members.append(Member(name=name, value=number, description=pending.text(), source=self.where(index)))

    def set_response(self, owner: TypeBuilder, index: int, type_text: str) -> None:
        """Record ``owner``'s response DTO, read from ``IReturn<X>`` or the like."""
        try:
            self.responses[owner.name] = map_type(type_text, self.lang)
        except TypeTextError as exc:
            self.warn(index, f"response type of {owner.name} not understood: {exc}", type_text)

    def set_void_response(self, owner: TypeBuilder, items: list[str]) -> None:
        """Record that ``owner`` answers with no body (``IReturnVoid``): its response is ``""``, never guessed."""
        if any(re.sub(r"\s|\(\)$", "", item) == "IReturnVoid" for item in items):
            self.responses.setdefault(owner.name, "")

    def set_autoquery_response(self, owner: TypeBuilder, index: int, items: list[str]) -> None:
        """Record ``QueryResponse<Into>`` for an AutoQuery request whose heritage ``items`` name no ``IReturn``."""
        if owner.name in self.responses:
            return
        for item in items:
            returns = autoquery_returns(item)
            if returns:
                self.set_response(owner, index, returns)
                return

    def result(self) -> tuple[list[TypeDef], list[ExtractWarning]]:
        """The finished TypeDefs and warnings."""
        return [t.build() for t in self.types], list(self.warnings)


# Marker interfaces a DTO may implement; none of them is a base class.
_MARKERS = frozenset({"Codable", "IConvertible", "CodingKey", "Equatable", "Hashable", "JsonSerializable"})


def is_interface(name: str) -> bool:
    """True for ServiceStack's marker interfaces (``IReturn<X>``, ``IPost``, ``Codable`` ...)."""
    bare = name.split("<")[0].split("(")[0].strip()
    return bare in _MARKERS or bool(re.match(r"I[A-Z]", bare))


_AUTOQUERY_RE = re.compile(r"^(?:\w+\.)*Query(?:Db|Data)\s*(?:<(?P<angle>.*)>|\(\s*Of\s+(?P<of>.*)\))\s*(?:\(\))?$")


def autoquery_returns(item: str) -> str | None:
    """``QueryResponse<Into>`` for an AutoQuery base (``QueryDb<From>``, ``QueryDb<From, Into>``, ``QueryData<...>``), else None.

    ServiceStack's AutoQuery bases implement ``IReturn<QueryResponse<Into>>`` themselves, so
    the C#, VB.NET and F# DTOs of an AutoQuery request name no response of their own.
    """
    match = _AUTOQUERY_RE.match(item.strip())
    if not match:
        return None
    args = split_top(match.group("angle") or match.group("of") or "")
    into = args[-1].strip() if args and args[-1].strip() else None
    if into is None:
        return None
    return f"QueryResponse(Of {into})" if match.group("of") is not None else f"QueryResponse<{into}>"


def return_type_arg(item: str) -> str | None:
    """``X`` of ``IReturn<X>`` (or VB's ``IReturn(Of X)``), else None."""
    match = re.match(r"IReturn\s*(?:<(.*)>|\(\s*Of\s+(.*)\))\s*$", item.strip())
    return (match.group(1) or match.group(2)).strip() if match else None
