"""ServiceStack parameter tables: ``<Type> Parameters:`` and ``<Type> Enum:`` sections.

Rows come glued (``MerchantIdformstringYes``), as Markdown pipe rows (with or
without leading pipes) or tab-separated.  A glued row is split by its
Parameter cell and a known data type (a C# primitive, a generic, or the name of
another section on the page) followed by ``Yes``/``No``, so that a field name
containing ``body``, ``string`` or ``No`` is not cut at the first keyword.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ...model import Field, Member
from ..dotnet import generic_instance, settle
from ..report import ExtractWarning

# A generic type's section is titled by its instance (``QueryResponse<Booking> Parameters:``) or its arity (``QueryDb`1``).
SECTION_RE = re.compile(
    r"^[#*\s]*(?P<name>[A-Za-z_][\w.]*(?:\s*<.*>|`\d+)?)\s+(?P<kind>Parameters|Enum):[*\s]*$"
)


def section_name(match: re.Match[str]) -> str:
    """The type a section title names: a generic instance as DataContract names it (``QueryResponseOfBooking``)."""
    raw = match.group("name")
    if "<" in raw:
        mapped = _map_type(raw)
        if mapped and re.fullmatch(r"[A-Za-z_]\w*", mapped):
            return mapped
    return re.sub(r"[<`].*$", "", raw).rpartition(".")[2].strip()
_HEADER_RE = re.compile(r"^\|?\s*Name\s*\|?\s*Parameter\s*\|?\s*Data\s*Type\s*\|?\s*Required\s*\|?\s*(Description\s*\|?)?\s*$")
_ENUM_HEADER_RE = re.compile(r"^\|?\s*Name\s*\|?\s*(Value\s*\|?)?\s*$")
_RULE_RE = re.compile(r"^\|?\s*:?-{3,}")
_IDENT_RE = re.compile(r"^[A-Za-z_]\w*$")
_GLUED_MEMBER_RE = re.compile(r"^([A-Za-z_]\w*?)(-?\d+)$")
_PARAMS = "body|form|query|path|header"
_LOCATIONS = ("path", "query", "body", "form")  # where a request member travels (the model's Field.location)
_GENERIC = r"(?:[A-Za-z_][\w.]*<(?:[^<>]|<(?:[^<>]|<[^<>]*>)*>)*>)"  # three levels: Dictionary<K, List<Dictionary<K,V>>>

_SCALARS = {
    "string": "string", "String": "string", "char": "char", "Char": "char",
    "int": "int", "Int32": "int", "short": "short", "Int16": "short", "byte": "byte", "Byte": "byte",
    "sbyte": "sbyte", "SByte": "sbyte", "ushort": "ushort", "UInt16": "ushort",
    "uint": "uint", "UInt32": "uint", "long": "long", "Int64": "long", "ulong": "ulong", "UInt64": "ulong",
    "double": "double", "Double": "double", "float": "float", "Single": "float",
    "decimal": "decimal", "Decimal": "decimal",
    "bool": "bool", "boolean": "bool", "Boolean": "bool",
    "DateTime": "datetime", "DateTimeOffset": "datetimeoffset", "DateOnly": "date", "TimeSpan": "timespan",
    "Guid": "guid",
}  # fmt: skip
_LISTS = {"List", "IList", "ICollection", "IEnumerable", "HashSet", "ArrayList", "IReadOnlyList"}
_MAPS = {"Dictionary", "IDictionary", "SortedDictionary", "IReadOnlyDictionary"}


@dataclass
class Section:
    """One table section of a page: a class's fields or an enum's members, in page order."""

    name: str
    kind: str  # class | enum
    line: int
    fields: list[Field] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    # Enum rows are name+value glued (``Cash26``) once a ``NameValue`` header was seen.
    valued: bool = False
    # Set once rows were seen running on past a lost section title (warned once per section).
    run_on: bool = False
    # Glued name+number rows as shown (member index -> text), to split again if names collide.
    glued: dict[int, str] = field(default_factory=dict)
    numbered: bool = False  # names end in digits: a glued row's value is its last digit


def map_type(cell: str) -> str | None:
    """The doc2sdk type expression for a table's Data Type cell, or None if it is not one."""
    found = _map_type(cell)
    return settle(found) if found is not None else None


def _map_type(cell: str) -> str | None:
    text = cell.strip().replace(" ", "")
    nullable = text.endswith("?") and not text.endswith("[]?")
    if text.endswith("?"):
        text = text[:-1]
    if text.endswith("[]"):
        inner = _map_type(text[:-2])
        # byte[] is a byte string (base64 on the wire), any other array a list.
        return ("bytes" if inner == "byte" else f"list<{inner}>") if inner else None
    match = re.match(r"^([\w.]+)<(.*)>$", text)
    if match:
        outer = match.group(1).rpartition(".")[2]
        args = [_map_type(a) for a in _split_args(match.group(2))]
        if any(a is None for a in args):
            return None
        if outer == "Nullable" and len(args) == 1:
            return f"{args[0]}?".replace("??", "?")
        if outer in _LISTS and len(args) == 1:
            return f"list<{args[0]}>"
        if outer in _MAPS and len(args) == 2:
            return f"map<{args[0]},{args[1]}>"
        if outer == "KeyValuePair" and len(args) == 2:
            return f"keyvalue<{args[0]},{args[1]}>"
        return generic_instance(outer, [a for a in args if a is not None])  # none is None: checked above
    base = _SCALARS.get(text.rpartition(".")[2] if text.startswith("System.") else text)
    if base is None and _IDENT_RE.match(text) and text not in ("object", "Object", "dynamic"):
        base = text
    if base is None:
        return None
    return base + ("?" if nullable else "")


def _split_args(text: str) -> list[str]:
    """Split generic arguments at top-level commas."""
    args, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += {"<": 1, ">": -1}.get(char, 0)
        if char == "," and depth == 0:
            args.append(text[start:index])
            start = index + 1
    args.append(text[start:])
    return args


def _glued_patterns(type_names: Sequence[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Row patterns for this page: known type names first, any identifier as a fallback."""
    known = sorted({*_SCALARS, *type_names}, key=lambda n: (-len(n), n))
    names = "|".join(re.escape(n) for n in known)
    tail = r")(?P<req>Yes|No)(?P<desc>.*)$"
    head = rf"^(?P<name>[A-Za-z_]\w*?)(?P<param>{_PARAMS})(?P<type>"
    strict = re.compile(head + rf"(?:{_GENERIC}|{names})\??(?:\[\])*\??" + tail)
    loose = re.compile(head + rf"[A-Za-z_][\w.]*?(?:<(?:[^<>]|<[^<>]*>)*>)?\??(?:\[\])*\??" + tail)
    return strict, loose


def _cells(text: str) -> list[str] | None:
    """The cells of a pipe or tab separated row, or None for a glued row."""
    if "|" in text:
        cells = [c.strip() for c in text.strip().split("|")]
        if cells and cells[0] == "":
            cells = cells[1:]
        if cells and cells[-1] == "" and text.strip().endswith("|"):
            cells = cells[:-1]
        return cells
    if "\t" in text:
        return [c.strip() for c in text.strip().split("\t")]
    return None


class TableReader:
    """Reads the table sections of one page; ``type_names`` are all section names on it."""

    def __init__(self, file: str, type_names: Sequence[str]) -> None:
        self.file = file
        self.strict, self.loose = _glued_patterns(type_names)
        self.loose_tail = re.compile(r"(?P<type>[A-Za-z_][\w.]*?(?:<(?:[^<>]|<[^<>]*>)*>)?\??(?:\[\])*\??)(?P<req>Yes|No)(?P<desc>.*)$")
        self.warnings: list[ExtractWarning] = []

    def warn(self, line: int, message: str, text: str) -> None:
        self.warnings.append(ExtractWarning(f"{self.file}:{line}", message, text))

    def read(self, lines: Sequence[tuple[int, str]]) -> list[Section]:
        """Sections from ``(line number, text)`` pairs; lines outside any section are reported."""
        sections: list[Section] = []
        for number, raw in lines:
            text = raw.strip()
            if not text:
                continue
            match = SECTION_RE.match(text)
            if match:
                kind = "enum" if match.group("kind") == "Enum" else "class"
                sections.append(Section(section_name(match), kind, number))
            elif not sections:
                self.warn(number, "text before the first table section skipped", text)
            elif sections[-1].kind == "enum":
                self.enum_row(sections[-1], number, text)
            else:
                self.field_row(sections[-1], number, text)
        return sections

    def field_row(self, section: Section, number: int, text: str) -> None:
        if _HEADER_RE.match(text) and section.fields and not section.run_on:
            # Every section has one header row: a second one after rows means the title above it was lost.
            section.run_on = True
            message = f"second table header in {section.name}: a section title seems missing; rows below read as its fields"
            self.warn(number, message, text)
        if _HEADER_RE.match(text) or _RULE_RE.match(text):
            return
        cells = _cells(text)
        if cells is not None:
            if len(cells) < 4:
                self.warn(number, f"table row of {section.name} has {len(cells)} cells, expected 4 or 5", text)
                return
            if re.fullmatch(_PARAMS, cells[0]) and cells[2] in ("Yes", "No"):
                # The name cell is gone (the site blanks e-mail-like text): the row shows no field name.
                self.warn(number, f"table row of {section.name} shows no field name; skipped", text)
                return
            name, param, type_cell, required = cells[:4]
            desc = " | ".join(c for c in cells[4:] if c)
        else:
            match = self.strict.match(text)
            split = match.group("name", "type", "req", "desc") if match else self.loose_split(text)
            if split is None:
                self.warn(number, f"table row of {section.name} not understood", text)
                return
            name, type_cell, required, desc = split
            glued = re.match(rf"^{re.escape(name)}({_PARAMS})", text)
            param = glued.group(1) if glued else ""
        type_expr = map_type(type_cell)
        if type_expr is None:
            self.warn(number, f"unknown data type {type_cell!r} of {section.name}.{name}; read as string", text)
            type_expr = "string"
        if not name or not _IDENT_RE.match(name):
            self.warn(number, f"field name {name!r} of {section.name} is not an identifier", text)
            return
        location = param.strip().lower() if param.strip().lower() in _LOCATIONS else None
        section.fields.append(
            Field(name, type_expr, required.strip().lower() in ("yes", "true"), desc.strip(), f"{self.file}:{number}",
                  location=location)
        )  # fmt: skip

    def loose_split(self, text: str) -> tuple[str, str, str, str] | None:
        """A glued row whose type is not known on the page: at the first Parameter cell leaving a plausible type.

        ``UserInformationformUserInformationNo`` must not split at the ``form`` inside the name: a
        type cell starts with a capital, or is a primitive (``string``), or a generic of them.
        """
        first = None
        for at in re.finditer(rf"(?:{_PARAMS})", text):
            if at.start() == 0 or not _IDENT_RE.match(text[: at.start()]):
                continue
            rest = self.loose_tail.match(text, at.end())
            if rest is None:
                continue
            split = (text[: at.start()], rest.group("type"), rest.group("req"), rest.group("desc"))
            first = first or split
            type_cell = split[1]
            if type_cell[:1].isupper() or type_cell.rstrip("?[]") in _SCALARS or "<" in type_cell:
                return split
        return first

    def enum_row(self, section: Section, number: int, text: str) -> None:
        header = _ENUM_HEADER_RE.match(text) or _UNTITLED_ENUM_HEADER_RE.match(text)
        if header or text == "NameValue":
            section.valued = text == "NameValue" or bool(header and header.group(1))
            return
        if _RULE_RE.match(text):
            return
        cells = _cells(text)
        value: int | None = None
        name = text
        if cells is not None:
            name = cells[0] if cells else ""
            if len(cells) > 1 and re.fullmatch(r"-?\d+", cells[1]):
                value = int(cells[1])
        elif section.valued:
            glued = _GLUED_MEMBER_RE.match(text)
            if glued:
                name, value = glued.group(1), int(glued.group(2))
                if section.numbered or any(m.name == name for m in section.members):
                    _split_digits_late(section)
                    name, value = text[:-1], int(text[-1])
                section.glued[len(section.members)] = text
            else:
                name = _text_valued_name(text)
        if not _IDENT_RE.match(name):
            self.warn(number, f"enum member row of {section.name} not understood", text)
            return
        section.members.append(Member(name, value, "", f"{self.file}:{number}"))


def _split_digits_late(section: Section) -> None:
    """Glued rows whose names would collide (``Value00``, ``Value11``): the value is the last digit, the rest the name.

    Numbered member names (``Value0``..``Value3``) are how such a table shows flags; a name without
    digits keeps the whole number (``Cash26``).
    """
    section.numbered = True
    for index, text in section.glued.items():
        section.members[index] = replace(section.members[index], name=text[:-1], value=int(text[-1]))


def _text_valued_name(text: str) -> str:
    """The name of a row glued to a text value: ``NoneNone`` -> ``None``, ``Value1Member 1`` -> ``Value1``."""
    for size in range(1, len(text) // 2 + 1):
        if text[size:].startswith(text[:size]) and _IDENT_RE.match(text[:size]):
            return text[:size]  # the value repeats the name
    head = text.split(" ", 1)[0]
    if " " in text:
        # The value is words ("Member 1"): it starts at the last capital of the first word.
        cut = max((i for i, c in enumerate(head) if c.isupper() and i > 0), default=0)
        return head[:cut] if cut else head
    return text


def starts_table(text: str) -> bool:
    """True for a section title or a table header row: where a page's body begins."""
    return bool(SECTION_RE.match(text) or _HEADER_RE.match(text))


def has_untitled_tables(lines: Sequence[tuple[int, str]]) -> bool:
    """True when the body shows table header rows but no ``<Type> Parameters:`` title (a copy that lost them)."""
    texts = [t.strip() for _, t in lines]
    return any(_HEADER_RE.match(t) for t in texts) and not any(SECTION_RE.match(t) for t in texts)


def _enum_like(cells: list[str] | None) -> bool:
    """A pipe row of one name (and maybe a value): an enum member, not a field row."""
    if cells is None:
        return False
    filled = [c for c in cells if c]
    return 1 <= len(filled) <= 3 and len(cells) <= 3 and bool(_IDENT_RE.match(filled[0])) and filled[0] != "Name"


_UNTITLED_ENUM_HEADER_RE = re.compile(r"^\|?\s*Name\s*(\|\s*Value\s*)?(\|\s*)*$")


def split_untitled(lines: Sequence[tuple[int, str]]) -> list[tuple[str, int, list[tuple[int, str]]]]:
    """Untitled tables cut into sections: ``(kind, first line, rows)``.

    A header row starts a section; so does a member row after a table's end.  A Markdown copy
    ends every table with a row one cell short (no trailing empty description cell), which is
    how two tables with no header between them (enum member lists) are told apart.
    """
    out: list[tuple[str, int, list[tuple[int, str]]]] = []
    width, closed = 0, True
    for number, raw in lines:
        text = raw.strip()
        if not text or _RULE_RE.match(text):
            continue
        cells = _cells(text)
        if _HEADER_RE.match(text) or _UNTITLED_ENUM_HEADER_RE.match(text):
            kind = "class" if _HEADER_RE.match(text) else "enum"
            out.append((kind, number, [(number, text)] if kind == "enum" and "Value" in text else []))
            width, closed = 0, False
            continue
        if closed or not out:
            out.append(("enum" if _enum_like(cells) else "class", number, []))
            width, closed = 0, False
        out[-1][2].append((number, text))
        count = len(cells) if cells is not None else 0
        width = width or count
        closed = 0 < count < width
    return out
