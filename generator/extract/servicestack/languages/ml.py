"""DTO source parsers for VB.NET (``End Class`` blocks) and F# (``type X() =`` layout).

Both print .NET type names (``Integer``, ``Int32``, ``Nullable(Of T)``, ``ResizeArray<T>``) and
attributes in their own brackets (``<Required>``, ``[<Required>]``); a line scanner with a
little state (the type being read, and a nesting count for blocks that are not DTOs) suffices.
"""

from __future__ import annotations

import re

from .common import (
    Collector,
    Pending,
    TypeBuilder,
    apply_attribute,
    doc_line,
    is_interface,
    return_type_arg,
    split_top,
)

_VB_DECL = re.compile(
    r"^(?:(?:Public|Friend|Partial|MustInherit|NotInheritable|Shadows)\s+)*"
    r"(?P<kind>Class|Enum|Structure|Interface|Module)\s+(?P<name>\[?\w+\]?)(?:\(Of [^)]*\))?(?:\s+As\s+\w+)?$",
    re.I,
)
_VB_PROPERTY = re.compile(
    r"^(?:Public\s+)?(?:(?:Overridable|Overrides|Shadows|ReadOnly)\s+)*Property\s+(?P<name>\[?\w+\]?)"
    r"(?:\(\))?\s+As\s+(?:New\s+)?(?P<type>.+?)(?:\s*=\s*.*)?$",
    re.I,
)
_VB_ATTRS = re.compile(r"^<(?P<body>(?:\"[^\"]*\"|[^\"])*?)>\s*_?\s*")
_VB_MEMBER = re.compile(r"^(?P<name>\[?\w+\]?)(?:\s*=\s*(?P<value>-?\d+))?$")
_VB_BLOCK = re.compile(r"^(?:(?:Public|Private|Protected|Friend|Shared|Overridable|Overrides)\s+)*(Sub|Function)\b", re.I)
_VB_TOP = re.compile(r"^(?:Imports\s|Namespace\s|End\s+Namespace$|Option\s|VB\.NET\s+\w+\s+DTOs$)", re.I)


def parse_vbnet(lines: list[str], out: Collector) -> None:
    """Scan VB.NET DTO source into ``out``."""
    owner: TypeBuilder | None = None
    pending, skipping = Pending(), 0
    for index, raw in enumerate(lines):
        line = raw.strip()
        if skipping:  # inside a Sub/Function/Interface: only its End matters
            skipping += 1 if _VB_BLOCK.match(line) else -1 if re.match(r"^End\s+(Sub|Function|Interface)$", line, re.I) else 0
            continue
        if not line or (line.startswith("'") and not line.startswith("'''")):
            continue
        if line.startswith("'''"):
            pending.doc.append(doc_line(line))
            continue
        line = _vb_attributes(line, pending)
        if not line:
            continue
        decl = _VB_DECL.match(line)
        if decl:
            if decl.group("kind").lower() in ("interface", "module"):
                skipping, owner = 1, None
                continue
            kind = "enum" if decl.group("kind").lower() == "enum" else "class"
            owner = out.start_type(index, decl.group("name").strip("[]"), kind, pending)
            pending = Pending()
        elif re.match(r"^End\s+(Class|Enum|Structure)$", line, re.I):
            owner, pending = None, Pending()
        elif owner is None:
            if not _VB_TOP.match(line):
                out.warn(index, "vbnet line not understood outside any type", line)
        elif _VB_BLOCK.match(line):
            skipping = 1
        elif owner.kind == "enum":
            pending = _vb_enum_line(out, owner, index, line, pending)
        else:
            pending = _vb_class_line(out, owner, index, line, pending)


def _vb_attributes(line: str, pending: Pending) -> str:
    """Record leading ``<A, B(...)>`` attribute groups; return what follows them."""
    while line.startswith("<"):
        match = _VB_ATTRS.match(line)
        if not match:
            return line
        for body in split_top(match.group("body")):
            apply_attribute(body, pending)
        line = line[match.end():].strip()
    return line


def _vb_class_line(out: Collector, owner: TypeBuilder, index: int, line: str, pending: Pending) -> Pending:
    heritage = re.match(r"^(Inherits|Implements)\s+(.+)$", line, re.I)
    prop = _VB_PROPERTY.match(line)
    if heritage:
        _inherits(out, owner, index, split_top(heritage.group(2)))
        return pending
    if prop:
        out.add_field(owner, index, prop.group("name").strip("[]"), prop.group("type"), pending)
        return Pending()
    out.warn(index, f"vbnet line in class {owner.name} not understood", line)
    return pending


def _vb_enum_line(out: Collector, owner: TypeBuilder, index: int, line: str, pending: Pending) -> Pending:
    member = _VB_MEMBER.match(line)
    if member:
        out.add_member(owner, index, member.group("name").strip("[]"), member.group("value"), pending)
        return Pending()
    out.warn(index, f"vbnet line in enum {owner.name} not understood", line)
    return pending


def _inherits(out: Collector, owner: TypeBuilder, index: int, items: list[str]) -> None:
    """Apply ``Inherits``/``inherit``/``Implements``/``interface`` items: base class or IReturn."""
    for item in items:
        returns = return_type_arg(item)
        if returns:
            out.set_response(owner, index, returns)
        elif (item.endswith("()") or not is_interface(item)) and owner.base is None:
            owner.base = item.removesuffix("()").split("<")[0].split("(")[0].strip()
    out.set_autoquery_response(owner, index, items)
    out.set_void_response(owner, items)


_FS_DECL = re.compile(r"^(?:type|and)\s+(?P<name>\w+)(?:<[^>]*>)?\s*(?P<ctor>\(\))?\s*=\s*(?P<rest>.*)$")
_FS_MEMBER_VAL = re.compile(
    # The type ends at " = "; what follows may be cut by the capture (``= null with get,se``) and is not needed.
    r"^member\s+val\s+(?P<name>``[^`]+``|\w+)\s*:\s*(?P<type>.+?)\s*=\s*(?:.+?\s+with\s+get\s*,\s*set$|.*$)"
)
_FS_ENUM = re.compile(r"^\|\s*(?P<name>\w+)(?:\s*=\s*(?P<value>-?\d+))?$")
_FS_TOP = re.compile(r"^(?:namespace\s|open\s|module\s|#|F#\s+\w+\s+DTOs$)")
_FS_SKIP = re.compile(r"^(?:class\s+end|interface\s+end|end)$")


class _FSharp:
    """F# scan state: the type being read and whether an ``interface ... with`` block is open."""

    def __init__(self, out: Collector) -> None:
        self.out = out
        self.owner: TypeBuilder | None = None
        self.pending = Pending()
        self.in_comment = False
        self.in_with_block = False

    def line(self, index: int, line: str) -> None:
        """Classify one stripped line."""
        if self.in_comment or line.startswith("(*"):
            self.in_comment = "*)" not in line
            return
        if not line:
            return
        if line.startswith("///"):
            self.pending.doc.append(doc_line(line))
        elif line.startswith("//"):
            return
        elif line.startswith("[<") and line.endswith(">]"):
            for body in split_top(line[2:-2], ";"):
                apply_attribute(body, self.pending)
        elif decl := _FS_DECL.match(line):
            self._declare(index, decl)
        elif self.owner is None:
            if not _FS_TOP.match(line):
                self.out.warn(index, "fsharp line not understood outside any type", line)
        elif self.in_with_block:
            self.in_with_block = line != "end"
        else:
            self._body(index, line, self.owner)

    def _declare(self, index: int, decl: re.Match[str]) -> None:
        kind = "class" if decl.group("ctor") else "enum"  # `type X =` is an enum until shown otherwise
        self.owner = self.out.start_type(index, decl.group("name"), kind, self.pending)
        self.pending, self.in_with_block = Pending(), False
        if decl.group("rest") and kind == "class" and decl.group("rest") != "class end":
            self.out.warn(index, f"text after type {decl.group('name')} not understood", decl.group("rest"))

    def _body(self, index: int, line: str, owner: TypeBuilder) -> None:
        heritage = re.match(r"^(inherit|interface)\s+(.+?)(\s+with)?$", line)
        member = _FS_MEMBER_VAL.match(line)
        enum_member = _FS_ENUM.match(line)
        if _FS_SKIP.match(line):
            return
        if heritage:
            self.in_with_block = bool(heritage.group(3))
            _inherits(self.out, owner, index, [heritage.group(2)])
        elif member and owner.kind == "class":
            self.out.add_field(owner, index, member.group("name").strip("`"), member.group("type"), self._take())
        elif enum_member and owner.kind == "enum":
            self.out.add_member(owner, index, enum_member.group("name"), enum_member.group("value"), self._take())
        elif line.startswith("abstract ") and owner.kind == "enum" and not owner.members:
            # `type IFoo =` followed by abstract members is an interface, not a DTO.
            if owner in self.out.types:
                self.out.types.remove(owner)
            self.owner = None
        else:
            self.out.warn(index, f"fsharp line in type {owner.name} not understood", line)

    def _take(self) -> Pending:
        pending, self.pending = self.pending, Pending()
        return pending


def parse_fsharp(lines: list[str], out: Collector) -> None:
    """Scan F# DTO source into ``out``."""
    scanner = _FSharp(out)
    for index, raw in enumerate(lines):
        scanner.line(index, raw.strip())
