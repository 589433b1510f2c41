"""Assemble one ServiceStack page's types from its tables or DTO code and its samples.

Types are kept as mutable drafts while the page is read: samples add members
(``example_only``) and give wire names to fields the Python code shows in
snake_case; names still unknown at the end are derived in PascalCase, with a
warning.  Fields are matched by normalised name (lower-case, no underscores).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ...model import Field, Member, TypeDef
from ...typeexpr import TypeExprError, named_types, parse_type
from ..report import ExtractWarning
from ..samples import OBJECT, SampleNode
from .languages.python import CodeClass, annotation_type
from .tables import Section


def norm(name: str) -> str:
    """The key two spellings of one wire name share: ``db_insert`` ~ ``DBInsert``."""
    return name.replace("_", "").lower()


def pascal(name: str) -> str:
    """``db_insert`` -> ``DbInsert``, ``CASH_BACK`` -> ``CashBack``."""
    return "".join(part[:1].upper() + part[1:].lower() for part in name.split("_") if part) or name


# Two-letter English words that are not acronyms: kept ``Id``, ``Is``... when a wire name is derived.
_WORDS = frozenset("id is no to on in at of by up or as if it we me my do go so an be he us".split())


def derive_wire(name: str) -> str:
    """The C# spelling of a snake_case or camelCase property name whose wire name the page does not show.

    Words are capitalised; a two-letter acronym is written in capitals as .NET's naming rules have it
    (``ip_address`` / ``ipAddress`` -> ``IPAddress``, ``db_insert`` -> ``DBInsert``), except real words (``Id``).
    """
    words = [w for w in re.split(r"_|(?<=[a-z0-9])(?=[A-Z])", name) if w]
    out = []
    for word in words:
        lower = word.lower()
        if len(word) == 2 and lower not in _WORDS and lower.isalpha() and (len(words) > 1 or not name.islower()):
            out.append(word.upper())
        else:
            out.append(word[:1].upper() + (word[1:].lower() if "_" in name or word.isupper() else word[1:]))
    return "".join(out) or name


def referenced(type_expr: str) -> list[str]:
    """The API type names a type expression mentions (none if it does not parse)."""
    try:
        return named_types(parse_type(type_expr))
    except TypeExprError:
        return []


# ServiceStack's own error types, the same on every service: a sample shows them under these names.
_BUILTIN_FIELDS = {
    ("", "responsestatus"): "ResponseStatus",
    ("ResponseStatus", "errors"): "list<ResponseError>",
}


def builtin_type(owner: str, name: str) -> str | None:
    """The type of a ServiceStack built-in member ``owner.name`` shown in a sample, if it is one."""
    return _BUILTIN_FIELDS.get((owner, norm(name))) or _BUILTIN_FIELDS.get(("", norm(name)))


_IDENT_RE = re.compile(r"^[A-Za-z_]\w*$")
# Placeholders no string member shows: a string-typed member sampled so is that type.
_PROVEN_BY_PLACEHOLDER = frozenset({"guid", "timespan"})


def singular(word: str) -> str:
    """English singular of a PascalCase plural member name, as a list item's type is named (``Categories`` -> ``Category``)."""
    for plural, one in (("ies", "y"), ("sses", "ss"), ("xes", "x"), ("ches", "ch"), ("shes", "sh")):
        if word.endswith(plural) and len(word) > len(plural) + 1:
            return word[: -len(plural)] + one
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


_SAMPLE_SCALARS = {"string", "int", "long", "double", "decimal", "bool", "datetime", "date", "guid", "timespan"}
_XML_PAIR_RE = re.compile(r"^(?:\w+:)?KeyValueOf\w+$")


def _scalar(node: SampleNode) -> str | None:
    kind = "datetime" if node.type == "date" else node.type
    return kind if kind in _SAMPLE_SCALARS and not node.children else None


def sample_map(node: SampleNode) -> str | None:
    """A dictionary as ServiceStack's samples print one, or None.

    JSON/JSV show one entry keyed by the key type's placeholder (``{"String":"String"}``,
    ``{"0":0}``); XML shows ``KeyValueOf...`` elements holding a ``Key`` and a ``Value``.
    """
    kids = node.children
    if len(kids) == 1 and (kids[0].name == "String" or kids[0].name.isdigit()):
        value = _scalar(kids[0])
        key = "string" if kids[0].name == "String" else "int"
        return f"map<{key},{value}>" if value else None
    if kids and all(_XML_PAIR_RE.match(k.name) for k in kids):
        pair = {c.name.rpartition(":")[2]: c for c in kids[0].children}
        found_key, found_value = (_scalar(pair[n]) if n in pair else None for n in ("Key", "Value"))
        return f"map<{found_key},{found_value}>" if found_key and found_value else None
    return None


@dataclass
class TypeDraft:
    """A type while its page is read; ``pending`` holds fields whose wire name is not known yet."""

    name: str
    source: str
    kind: str = "class"
    base: str | None = None
    description: str = ""
    fields: list[Field] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    pending: set[int] = field(default_factory=set)
    index: dict[str, int] = field(default_factory=dict)

    def add(self, fld: Field, pending: bool = False) -> None:
        """Append a field unless one of that (normalised) name exists."""
        key = norm(fld.name)
        if key in self.index:
            return
        self.index[key] = len(self.fields)
        if pending:
            self.pending.add(len(self.fields))
        self.fields.append(fld)

    def move(self, source: int, target: int) -> None:
        """Move the field at ``source`` to ``target`` (< ``source``), keeping the index and pending marks."""
        if target >= source:
            return
        pending = [i in self.pending for i in range(len(self.fields))]
        self.fields.insert(target, self.fields.pop(source))
        pending.insert(target, pending.pop(source))
        self.index = {norm(f.name): i for i, f in enumerate(self.fields)}
        self.pending = {i for i, flag in enumerate(pending) if flag}

    def freeze(self) -> TypeDef:
        """The finished TypeDef."""
        return TypeDef(self.name, self.kind, self.base, tuple(self.fields), tuple(self.members), self.description, self.source)


@dataclass
class PageTypes:
    """All type drafts of one page, in page order, and the warnings raised building them."""

    file: str
    drafts: dict[str, TypeDraft] = field(default_factory=dict)
    warnings: list[ExtractWarning] = field(default_factory=list)
    # Type names made up by ServiceStack's naming convention (an unnamed response).
    guessed: set[str] = field(default_factory=set)

    def warn(self, line: int, message: str, text: str = "") -> None:
        """Record a warning at ``file:line``."""
        self.warnings.append(ExtractWarning(f"{self.file}:{line}", message, text))

    def where(self, line: int) -> str:
        """``file:line``."""
        return f"{self.file}:{line}"

    def line_of(self, name: str) -> int:
        """The page line a type was first shown on (1 if unknown)."""
        line = self.drafts[name].source.rpartition(":")[2] if name in self.drafts else ""
        return int(line) if line.isdigit() else 1

    def ensure(self, name: str, line: int) -> None:
        """Make sure a type shown only by a sample body exists, sourced at that body."""
        if name not in self.drafts:
            self.drafts[name] = TypeDraft(name, self.where(line))

    # ------------------------------------------------------------ sources

    def add_sections(self, sections: Iterable[Section]) -> None:
        """Types from parameter tables (their names are wire names already)."""
        for sec in sections:
            if sec.name in self.drafts:
                self.warn(sec.line, f"second table section for {sec.name}; rows merged")
            draft = self.drafts.setdefault(sec.name, TypeDraft(sec.name, self.where(sec.line), sec.kind))
            for fld in sec.fields:
                draft.add(fld)
            draft.members.extend(sec.members)

    def add_code(self, classes: Iterable[CodeClass]) -> None:
        """Types from Python DTO code: snake_case fields wait for their wire names."""
        classes = list(classes)
        enums = {c.name for c in classes if c.kind == "enum"}
        for cls in classes:
            draft = self.drafts.setdefault(cls.name, TypeDraft(cls.name, self.where(cls.line), cls.kind))
            draft.base, draft.description = cls.base, cls.description
            for fld in cls.fields:
                if cls.kind == "enum":
                    self.add_code_member(draft, fld.name, fld.value, fld.line)
                    continue
                type_expr = annotation_type(fld.annotation, enums)
                if type_expr is None or type_expr == "None":
                    self.warn(fld.line, f"type of {cls.name}.{fld.name} not understood; read as string")
                    type_expr = "string"
                draft.add(
                    Field(fld.wire or fld.name, type_expr, fld.required, fld.description, self.where(fld.line)),
                    pending=fld.wire is None,
                )

    def add_code_member(self, draft: TypeDraft, name: str, value: int | str | None, line: int) -> None:
        """A str enum states its wire name as the value; an int enum only its number."""
        if isinstance(value, str):
            draft.members.append(Member(value, None, "", self.where(line)))
            return
        wire = pascal(name) if name.isupper() or "_" in name else name
        if wire != name:
            self.warn(line, f"wire name of {draft.name}.{name} not shown; derived as {wire}")
        draft.members.append(Member(wire, value, "", self.where(line)))

    def add_typedefs(self, typedefs: Iterable[TypeDef], camel_cased: bool = False) -> None:
        """Types another DTO language parser returned; ``camel_cased`` code printed lower-case names as camelCase."""
        for typedef in typedefs:
            draft = self.drafts.setdefault(typedef.name, TypeDraft(typedef.name, typedef.source, typedef.kind))
            draft.base, draft.description = typedef.base, typedef.description
            for fld in typedef.fields:
                # A camelCased name is a printed spelling: the wire name comes from a sample, else is derived.
                draft.add(fld, pending=camel_cased and fld.name[:1].islower())
            draft.members.extend(typedef.members)

    # ------------------------------------------------------------ samples

    def chain(self, name: str) -> list[TypeDraft]:
        """The draft called ``name`` and its known bases, derived first."""
        out: list[TypeDraft] = []
        while name in self.drafts and all(d.name != name for d in out):
            out.append(self.drafts[name])
            name = out[-1].base or ""
        return out

    def fill(self, type_name: str, nodes: Iterable[SampleNode]) -> None:
        """Match a sample object's members to ``type_name`` (and its bases); add the unknown ones."""
        draft = self.drafts.setdefault(type_name, TypeDraft(type_name, "", "class"))
        chain = self.chain(type_name)
        # A member the tables lost (a row without its name) that the sample shows between two
        # neighbouring table fields goes back into that gap; otherwise sample-only members are appended.
        after: int | None = None  # the draft's field the sample showed last
        gap: list[str] = []
        for node in nodes:
            owner = next((d for d in chain if norm(node.name) in d.index), None)
            if owner is None:
                self.add_sample_field(draft, node)
                gap += [norm(node.name)] if after is not None and norm(node.name) in draft.index else []
                continue
            position = owner.index[norm(node.name)]
            if owner is draft and after is not None and gap and position == after + 1:
                for offset, key in enumerate(gap, 1):
                    draft.move(draft.index[key], after + offset)
                position = draft.index[norm(node.name)]
            after, gap = (position if owner is draft else None), []
            fld = owner.fields[position]
            if position in owner.pending:
                owner.fields[position] = replace(fld, name=node.name)
                owner.pending.discard(position)
            if fld.type.rstrip("?") == "string" and node.type in _PROVEN_BY_PLACEHOLDER and not node.children:
                # Python prints ``str`` for a Guid or TimeSpan; the sample's zero GUID / PT0S tells which.
                owner.fields[position] = replace(owner.fields[position], type=node.type + fld.type[len("string"):])
            self.descend(fld.type, node)

    def descend(self, type_expr: str, node: SampleNode) -> None:
        """Fill the type a nested sample object belongs to, found from the field's declared type."""
        if not node.children or type_expr.startswith("map<"):
            return
        names = referenced(type_expr)
        if not names or (names[0] in self.drafts and self.drafts[names[0]].kind != "class"):
            return
        # A type named by a field but without a section of its own is known from the sample alone.
        self.ensure(names[0], node.line)
        self.fill(names[0], node.children)

    def fill_untyped(self, nodes: Iterable[SampleNode]) -> None:
        """Type the nested objects of a sample whose own type is unknown: by namesake field, else by shape.

        A missing section title runs a table's rows on into the section above, so the
        response may be unnamed while its nested objects' types are still on the page.
        """
        for node in nodes:
            if not node.children or not node.type or "object" not in node.type:
                continue
            is_list = node.type != OBJECT
            builtin = builtin_type("", node.name)
            shaped = builtin or self.type_by_namesake(node.name, is_list) or self.type_by_shape(node.children)
            if shaped is None:
                self.fill_untyped(node.children)
            else:
                self.descend(shaped, node)

    def add_sample_field(self, draft: TypeDraft, node: SampleNode) -> None:
        kind = "datetime" if node.type == "date" else node.type
        if kind is not None and "object" in kind:
            kind = builtin_type(draft.name, node.name) or kind
        if kind == OBJECT:
            kind = sample_map(node) or kind
        if kind is not None and (kind == OBJECT or "object" in kind):
            shaped = node.item or self.type_by_shape(node.children) or self.type_by_namesake(node.name, kind != OBJECT)
            if shaped is None and node.children:
                shaped = self.new_sample_type(draft.name, node, kind != OBJECT)
            kind = None if shaped is None else (shaped if kind == OBJECT else f"list<{shaped}>")
        if kind is None:
            # A null or a value the capture cut off: the member is kept, its type opaque (kept raw) until a page shows it.
            kind = self.opaque_name(draft.name, node.name)
            self.warn(node.line, f"{draft.name}.{node.name} is shown only in a sample and its type cannot be told; typed opaque {kind}")
        if not draft.source:
            draft.source = self.where(node.line)
        draft.add(Field(node.name, kind, source=self.where(node.line), example_only=True))
        self.descend(kind, node)

    def opaque_name(self, owner: str, member: str) -> str:
        """A type name for a member whose value the sample does not show: the member's, unless a page type has it."""
        name = pascal(member) if "_" in member else member[:1].upper() + member[1:]
        if not _IDENT_RE.match(name) or name in self.drafts or name == owner:
            name = f"{owner}{name}" if _IDENT_RE.match(f"{owner}{name}") else f"{owner}Member"
        return name

    def new_sample_type(self, owner: str, node: SampleNode, is_list: bool) -> str:
        """A class for a sample object no page type matches, named after its member (a list's singular), with a warning."""
        stem = pascal(node.name) if "_" in node.name else node.name[:1].upper() + node.name[1:]
        if is_list:
            stem = singular(stem)
        name = stem if _IDENT_RE.match(stem) else f"{owner}Item"
        if name in self.drafts or name == owner:
            name = f"{owner}{name}"
        self.warn(node.line, f"{owner}.{node.name} holds an object no type on the page names; its type is named {name}")
        self.ensure(name, node.line)
        return name

    def type_by_namesake(self, name: str, is_list: bool) -> str | None:
        """The class a field of the same wire name has elsewhere on the page (one answer only)."""
        found = set()
        for draft in self.drafts.values():
            position = draft.index.get(norm(name))
            if position is not None and position not in draft.pending:
                type_expr = draft.fields[position].type.rstrip("?")
                inner = type_expr[5:-1] if type_expr.startswith("list<") else type_expr
                if type_expr.startswith("list<") == is_list and referenced(inner) == [inner]:
                    found.add(inner)
        return found.pop() if len(found) == 1 else None

    def type_by_shape(self, children: Iterable[SampleNode]) -> str | None:
        """The one class on the page whose fields best cover a sample object's members (at least half)."""
        keys = {norm(c.name) for c in children}
        if not keys:
            return None
        scores = {}
        for name, draft in self.drafts.items():
            if draft.kind == "class":
                inherited = len(keys & {k for d in self.chain(name) for k in d.index})
                # Prefer the class that declares the members itself over those inheriting them.
                scores[name] = (inherited, len(keys & draft.index.keys()))
        best = max(scores.values(), default=(0, 0))
        top = [n for n, score in scores.items() if score == best]
        return top[0] if len(top) == 1 and 2 * best[0] >= len(keys) else None

    # ------------------------------------------------------------ finish

    def finish(self) -> list[TypeDef]:
        """Derive the wire names still unknown (with a warning) and freeze every draft."""
        for draft in self.drafts.values():
            for position in sorted(draft.pending):
                fld = draft.fields[position]
                wire = derive_wire(fld.name)
                self.warn(int(fld.source.rpartition(":")[2]), f"wire name of {draft.name}.{fld.name} not shown; derived as {wire}")
                draft.fields[position] = replace(fld, name=wire)
            draft.pending.clear()
            if draft.base and any(d.name == draft.name for d in self.chain(draft.base)):
                self.warn(int(draft.source.rpartition(":")[2] or 1) if draft.source else 1,
                          f"base {draft.base} of {draft.name} would make a cycle; dropped")  # fmt: skip
                draft.base = None
            if not draft.source:
                draft.source = self.where(1)
        return [d.freeze() for d in self.drafts.values()]

    # ------------------------------------------------------------ structure

    def closure(self, roots: Iterable[str]) -> set[str]:
        """Every type reachable from ``roots`` through field types and bases."""
        seen: set[str] = set()
        todo = [r for r in roots if r]
        while todo:
            name = todo.pop()
            if name in seen or name not in self.drafts:
                continue
            seen.add(name)
            draft = self.drafts[name]
            todo.extend(n for f in draft.fields for n in referenced(f.type))
            if draft.base:
                todo.append(draft.base)
        return seen

    def guess_response(self, request: str) -> str | None:
        """The response among the code's classes: not the request, not used by another type, not a base."""
        used = {n for d in self.drafts.values() for f in d.fields for n in referenced(f.type)}
        used |= {d.base for d in self.drafts.values() if d.base}
        stem = re.sub(r"Request$", "", request)
        candidates = [n for n, d in self.drafts.items() if d.kind == "class" and n != request and n not in used]
        for preferred in (stem, f"{stem}Response", f"{request}Response"):
            if preferred in candidates:
                return preferred
        # Only a page that shows the request class tells which classes nothing uses: a copy cut
        # before it (dependencies are printed first in several languages) leaves every class unused.
        if request not in self.drafts:
            return None
        return candidates[-1] if candidates else None

    def infer_table_bases(self, order: list[str], response: str) -> None:
        """Tables show inheritance only by order: sections right after the response that no field uses are its bases."""
        if response not in order:
            return
        used = {n for d in self.drafts.values() for f in d.fields for n in referenced(f.type)}
        current = response
        # After the response's last section: a response echoing its request shows that section twice.
        last = len(order) - 1 - order[::-1].index(response)
        for name in order[last + 1 :]:
            draft = self.drafts[name]
            if name in used or draft.kind != "class" or self.drafts[current].base:
                break
            if any(d.name == name for d in self.chain(current)) or current in {d.name for d in self.chain(name)}:
                break  # never a cycle of bases
            self.drafts[current].base = name
            current = name
