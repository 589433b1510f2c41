"""Praxis table rows -> Fields: requirement, condition, enum values and nested types."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ...model import Field, Member, TypeDef
from .notation import parse_notation
from .sink import Sink
from .tables import Line, Row, Table

_MARK = r"(?:Required|Optional|Recommended)"
_LEAD = re.compile(rf"^(?:({_MARK})\b\.?(?:\s+|$))+")
_TRAIL = re.compile(rf"(?:^|\s)({_MARK})\.\s*$")
_PAREN = re.compile(rf"\(\s*({_MARK}\b[^)]*)\)")
_COND_LINE = re.compile(rf"^(?P<who>[A-Za-z][\w /,]*?)\s+[-–]\s+(?P<mark>{_MARK})\b\.?\s*(?P<rest>.*)$")
_ALLOWED = re.compile(r"(?:allowed|possible|accepted)\s+values(?:\s+are)?\s*:\s*(?P<inline>.*)$", re.I)
_MEMBER_PAREN = re.compile(r"^(?P<v>[A-Za-z0-9_.-]+)(?:\s*\((?P<d>.*)\))?\s*[.,;]?$")
_MEMBER_DASH = re.compile(r"^(?P<v>[A-Za-z0-9_.]+)\s+[-–]\s+(?P<d>.+)$")
_SYMBOLS = {"✓": "required", "✔": "required", "?": "optional", "✕": "always null", "✗": "always null",
            "×": "always null", "✖": "always null"}


@dataclass
class TypeBuilder:
    """A type being assembled from the page: fields and members grow as tables and examples are read."""

    name: str
    source: str
    kind: str = "class"
    fields: list[Field] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    # Key order of the first example object of this type: the generated JSON codec writes
    # fields in declaration order, and the examples must re-encode to the same key order.
    shown: tuple[str, ...] | None = None

    def freeze(self) -> TypeDef:
        """The finished TypeDef, its fields in the order the first example shows them."""
        by_name = {f.name: f for f in self.fields}
        fields = tuple(by_name[n] for n in example_order(list(by_name), self.shown or ()))
        return TypeDef(self.name, self.kind, fields=fields, members=tuple(self.members), source=self.source)


def example_order(declared: list[str], shown: tuple[str, ...]) -> list[str]:
    """``declared`` reordered as ``shown`` lists them; the rest follow their ``declared`` predecessor.

    A stable merge: names the example does not show keep their place after the
    name that precedes them in ``declared`` (or lead, when nothing precedes them).
    Nothing is dropped, and names only in ``shown`` are ignored.
    """
    known = set(declared)
    order = list(dict.fromkeys(n for n in shown if n in known))
    placed = set(order)
    for index, name in enumerate(declared):
        if name in placed:
            continue
        order.insert(order.index(declared[index - 1]) + 1 if index else 0, name)
        placed.add(name)
    return order


def pascal(text: str) -> str:
    """``find-session`` -> ``FindSession``; ``TRANSACTION`` -> ``Transaction``."""
    words = [w for w in re.split(r"[^A-Za-z0-9]+", text) if w]
    return "".join(w.capitalize() if w.isupper() or w.islower() else w[0].upper() + w[1:] for w in words)


NestedNamer = Callable[[Row, str], str]


def build_fields(table: Table, owner: str, types: dict[str, TypeBuilder], nested: NestedNamer, sink: Sink) -> list[Field]:
    """The Fields of ``table`` in row order; enums it defines are added to ``types``."""
    fields: list[Field] = []
    seen: set[str] = set()
    for row in table.rows:
        if row.name in seen:
            sink.warn(row.line, f"{owner}: field {row.name!r} listed twice; the first row is kept", row.notation)
            continue
        seen.add(row.name)
        fields.append(_field(row, table, owner, types, nested, sink))
    return fields


def _field(row: Row, table: Table, owner: str, types: dict[str, TypeBuilder], nested: NestedNamer, sink: Sink) -> Field:
    notation = parse_notation(row.notation)
    if notation.warning:
        sink.warn(row.line, notation.warning, row.notation)
    lines, required, condition = split_requirement(row.lines)
    if row.marks:
        required, condition = _from_marks(row, row.mark_labels, sink)
    kind = notation.type
    if notation.nested:
        name = nested(row, notation.nested)
        kind = f"list<{name}>" if notation.nested == "list" else name
    elif kind == "string":
        members, lines = split_enum(lines, sink)
        if members:
            kind = _enum(row.name, owner, members, types, sink.where(row.line))
    return Field(
        name=row.name,
        type=kind,
        required=required,
        description="\n".join(text for _, text in lines),
        source=sink.where(row.line),
        max_length=notation.max_length,
        condition=condition,
    )


def split_requirement(lines: list[Line]) -> tuple[list[Line], bool, str | None]:
    """Take ``Required.``/``Optional.`` markers and conditions out of a description."""
    out = list(lines)
    required: bool | None = None
    if out and (lead := _LEAD.match(out[0][1])):
        required = re.findall(_MARK, lead.group(0))[0] == "Required"  # the first marker decides
        out[0] = (out[0][0], out[0][1][lead.end() :].strip())
    if out and (trail := _TRAIL.search(out[-1][1])):
        required = trail.group(1) == "Required" if required is None else required
        out[-1] = (out[-1][0], out[-1][1][: trail.start()].strip())
    conditions = [text for _, text in out if _COND_LINE.match(text)]
    if conditions:
        # Per-type requirement (``sale - Optional. ... payout - Required. ...``): kept verbatim.
        rests: list[Line] = []
        for number, text in out:
            match = _COND_LINE.match(text)
            rest = match.group("rest") if match else text
            if rest and rest not in [r for _, r in rests]:
                rests.append((number, rest))
        return rests, False, "\n".join(conditions)
    condition = None
    for index, (number, text) in enumerate(out):
        if paren := _PAREN.search(text):
            condition = paren.group(1).strip()
            out[index] = (number, (text[: paren.start()] + text[paren.end() :]).strip())
    return [(n, t) for n, t in out if t], bool(required), condition


def _from_marks(row: Row, labels: tuple[str, ...], sink: Sink) -> tuple[bool, str | None]:
    words, conditions = [], []
    for mark in row.marks:
        symbol, _, condition = mark.strip().partition(" ")
        word = _SYMBOLS.get(symbol)
        if word is None:
            sink.warn(row.line, f"unknown requirement mark {mark!r}, read as optional", mark)
            word = "optional"
        if condition:
            # ``✓ if card_token received``: required only under that condition.
            conditions.append(f"{word} {condition.strip()}")
            word = "conditional"
        words.append(word)
    if conditions:
        return False, "; ".join(conditions)
    required = all(w == "required" for w in words)
    if len(words) == 1 or len(set(words)) == 1:
        return required, "always null" if words[0] == "always null" else None
    labels = labels if len(labels) == len(words) else ("",) * len(words)
    return required, "; ".join(f"{label or index + 1}: {word}" for index, (label, word) in enumerate(zip(labels, words)))


def split_enum(lines: list[Line], sink: Sink) -> tuple[list[Member], list[Line]]:
    """Allowed values listed in a description -> enum members, and the lines left as prose."""
    for index, (number, text) in enumerate(lines):
        allowed = _ALLOWED.search(text)
        if allowed:
            members = [Member(v.strip(), source=sink.where(number)) for v in re.split(r",|\s+or\s+", allowed.group("inline")) if v.strip()]
            rest = index + 1
            while rest < len(lines) and (m := _MEMBER_PAREN.match(lines[rest][1]) or _MEMBER_DASH.match(lines[rest][1])):
                members.append(Member(m.group("v"), description=(m.group("d") or "").strip(), source=sink.where(lines[rest][0])))
                rest += 1
            head = text[: allowed.start()].strip()
            kept = lines[:index] + ([(number, head)] if head else []) + lines[rest:]
            return (members, kept) if members else ([], lines)
    start = len(lines)
    while start > 0 and _MEMBER_DASH.match(lines[start - 1][1]):
        start -= 1
    if len(lines) - start < 2:
        return [], lines
    members = []
    for number, text in lines[start:]:
        m = _MEMBER_DASH.match(text)
        assert m is not None
        members.append(Member(m.group("v"), description=m.group("d").strip(), source=sink.where(number)))
    return members, lines[:start]


def _enum(field_name: str, owner: str, members: list[Member], types: dict[str, TypeBuilder], source: str) -> str:
    """Register an enum for a field; the same values under the same name are shared."""
    names = [m.name for m in members]
    for candidate in (pascal(field_name), pascal(owner) + pascal(field_name)):
        existing = types.get(candidate)
        if existing is None:
            types[candidate] = TypeBuilder(candidate, source, kind="enum", members=list(members))
            return candidate
        if existing.kind == "enum" and [m.name for m in existing.members] == names:
            return candidate
    name = pascal(owner) + pascal(field_name) + "Values"
    types.setdefault(name, TypeBuilder(name, source, kind="enum", members=list(members)))
    return name
