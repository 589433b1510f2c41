"""Union the per-page Apis into one, keeping every source and reporting every disagreement.

Operations, types, fields and enum members are keyed by name (fields by their
normalised name, so ``DBInsert`` and ``DbInsert`` meet and the difference is
reported).  The first page's fact keeps its place and ``source``; the other
pages' places go to ``also``.  A field's type comes from the most specific
source: a declared type beats one inferred from a sample placeholder.
Disagreements become warnings naming both sources; nothing is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import TypeVar

from ..model import Api, Example, Field, Member, Operation, Route, TypeDef
from .dotnet import narrower
from .report import NO_STYLE, ExtractWarning

_REPLY_RE = re.compile(r"^/(json|xml|jsv|csv|jsonl)/reply/")


def _also(first: str, *others: Iterable[str]) -> tuple[str, ...]:
    """Every source in ``others`` except ``first``, sorted and deduplicated."""
    return tuple(sorted({s for group in others for s in group if s and s != first}))


def _norm(name: str) -> str:
    return name.replace("_", "").lower()


def _wire_spelling(a: str, b: str) -> str:
    """Of two spellings of one member, the declared one: ``Credentials`` over a camelCase sample's ``credentials``.

    Newer ServiceStack servers camelCase their JSON (and so their samples); the DTO's
    own name, which XML and JSV use as it is, starts with the capital.
    """
    if a != b and a[1:] == b[1:] and a[:1].lower() == b[:1].lower():
        return a if a[:1].isupper() else b
    return a


class _Merger:
    """Collects warnings while merging; one instance per ``merge`` call."""

    def __init__(self, guessed: set[tuple[str, str]]) -> None:
        self.warnings: list[ExtractWarning] = []
        # (operation source, response) of responses a page named only by convention.
        self.guessed = guessed
        # Responses a page only named by ServiceStack's convention, replaced by another page's name.
        self.renamed: dict[str, str] = {}

    def warn(self, first: str, second: str, message: str) -> None:
        self.warnings.append(ExtractWarning(first or second, f"{message} ({first or '?'} vs {second or '?'})"))

    # ------------------------------------------------------------ operations

    def operation(self, a: Operation, b: Operation) -> Operation:
        for key in ("method", "request"):
            if getattr(a, key) != getattr(b, key):
                self.warn(a.source, b.source, f"{a.name}: {key} {getattr(a, key)} differs from {getattr(b, key)}")
        path = a.path
        if a.path != b.path:
            if _REPLY_RE.sub("/", a.path) == _REPLY_RE.sub("/", b.path):
                # The predefined /<format>/reply/<Dto> route: the same operation shown in two formats.
                path = min((a.path, b.path), key=lambda p: (not p.startswith("/json/"), p))
            else:
                self.warn(a.source, b.source, f"{a.name}: route {a.path} differs from {b.path}")
        response = a.response or b.response
        if a.response and b.response and a.response != b.response:
            a_guessed, b_guessed = (a.source, a.response) in self.guessed, (b.source, b.response) in self.guessed
            if a_guessed != b_guessed:
                # A page that did not name the response called it by convention; the other page names it.
                response = b.response if a_guessed else a.response
                self.renamed[str(a.response if a_guessed else b.response)] = str(response)
            else:
                self.warn(a.source, b.source, f"{a.name}: response {a.response} differs from {b.response}")
        if response and not a.response and (b.source, b.response) in self.guessed:
            self.guessed.add((a.source, response))  # the merged operation keeps a's source
        formats = tuple(sorted({*a.formats, *b.formats}))
        return replace(
            a,
            path=path,
            response=response,
            formats=formats,
            also=_also(a.source, a.also, (b.source,), b.also),
            description=a.description or b.description,
            requires_auth=a.requires_auth or b.requires_auth,
            roles=_union_names(a.roles, b.roles),
            any_roles=_union_names(a.any_roles, b.any_roles),
            routes=_routes(a.routes, b.routes),
            examples=_examples(a.examples, b.examples),
        )

    # ------------------------------------------------------------ types

    def typedef(self, a: TypeDef, b: TypeDef) -> TypeDef:
        a_empty, b_empty = not (a.fields or a.members), not (b.fields or b.members)
        kind = a.kind
        if a.kind != b.kind:
            if a_empty or b_empty:
                kind = b.kind if a_empty else a.kind
            else:
                self.warn(a.source, b.source, f"{a.name}: {a.kind} differs from {b.kind}")
        if a.base and b.base and a.base != b.base:
            self.warn(a.source, b.source, f"{a.name}: base {a.base} differs from {b.base}")
        if a.xml_namespace and b.xml_namespace and a.xml_namespace != b.xml_namespace:
            self.warn(a.source, b.source, f"{a.name}: XML namespace {a.xml_namespace} differs from {b.xml_namespace}")
        return replace(
            a,
            kind=kind,
            base=a.base or b.base,
            fields=self.fields(a, b),
            members=self.members(a, b),
            description=a.description or b.description,
            also=_also(a.source, a.also, (b.source,), b.also),
            xml_namespace=a.xml_namespace or b.xml_namespace,
        )

    def fields(self, a: TypeDef, b: TypeDef) -> tuple[Field, ...]:
        merged = {_norm(f.name): f for f in a.fields}
        theirs = {_norm(f.name): f for f in b.fields}
        # Only a type both pages declare (not just show in a sample) can disagree about its fields.
        declared = any(not f.example_only for f in a.fields) and any(not f.example_only for f in b.fields)
        for key, fld in merged.items():
            if key in theirs:
                merged[key] = self.field(a.name, fld, theirs[key])
            elif declared and not fld.example_only:
                self.warn(fld.source, b.source, f"{a.name}.{fld.name} is shown on one page version only")
        for key, fld in theirs.items():
            if key not in merged:
                if declared and not fld.example_only:
                    self.warn(a.source, fld.source, f"{a.name}.{fld.name} is shown on one page version only")
                merged[key] = fld
        return tuple(merged.values())

    def field(self, owner: str, a: Field, b: Field) -> Field:
        where = f"{owner}.{a.name}"
        if a.name != b.name:
            self.warn(a.source, b.source, f"{where}: wire name spelled {a.name} and {b.name}")
        chosen_type = a.type
        if a.type != b.type:
            finer = narrower(a.type, b.type)
            if a.example_only and not b.example_only:
                chosen_type = b.type
            elif finer and (a.example_only == b.example_only):
                # One language's notation covers several .NET types (Python int, TypeScript number);
                # double vs decimal is also a real change between versions, so it is still reported.
                chosen_type = finer
                if {a.type.rstrip("?"), b.type.rstrip("?")} == {"double", "decimal"}:
                    self.warn(a.source, b.source, f"{where}: type {a.type} differs from {b.type}")
            elif a.example_only == b.example_only:
                self.warn(a.source, b.source, f"{where}: type {a.type} differs from {b.type}")
        if a.required != b.required and not (a.example_only or b.example_only):
            self.warn(a.source, b.source, f"{where}: required on one page only")
        return replace(
            a,
            name=_wire_spelling(a.name, b.name),
            type=chosen_type,
            required=a.required or b.required,
            description=a.description or b.description,
            also=_also(a.source, a.also, (b.source,), b.also),
            max_length=a.max_length if a.max_length is not None else b.max_length,
            condition=a.condition if a.condition is not None else b.condition,
            example_only=a.example_only and b.example_only,
            location=a.location or b.location,
            xml_namespace=a.xml_namespace or b.xml_namespace,
        )

    def members(self, a: TypeDef, b: TypeDef) -> tuple[Member, ...]:
        merged = {m.name: m for m in a.members}
        theirs = {m.name: m for m in b.members}
        both = bool(a.members) and bool(b.members)
        for name, member in merged.items():
            other = theirs.get(name)
            if other is None:
                if both:
                    self.warn(member.source, b.source, f"{a.name}.{name} is an enum member on one page version only")
                continue
            if member.value is not None and other.value is not None and member.value != other.value:
                self.warn(member.source, other.source, f"{a.name}.{name}: value {member.value} differs from {other.value}")
            merged[name] = replace(
                member,
                value=member.value if member.value is not None else other.value,
                description=member.description or other.description,
                also=_also(member.source, member.also, (other.source,), other.also),
            )
        for name, member in theirs.items():
            if name not in merged:
                if both:
                    self.warn(a.source, member.source, f"{a.name}.{name} is an enum member on one page version only")
                merged[name] = member
        return tuple(merged.values())


def _union_names(a: Sequence[str], b: Sequence[str]) -> tuple[str, ...]:
    """``a`` then the names of ``b`` it lacks, in order."""
    return tuple(dict.fromkeys((*a, *b)))


def _routes(a: Sequence[Route], b: Sequence[Route]) -> tuple[Route, ...]:
    """Every route of both pages, by path; a path both show takes both verb lists."""
    merged: dict[str, Route] = {}
    for route in (*a, *b):
        if route.path in merged:
            known = merged[route.path]
            merged[route.path] = replace(known, verbs=_union_names(known.verbs, route.verbs))
        else:
            merged[route.path] = route
    return tuple(merged.values())


def _examples(a: Sequence[Example], b: Sequence[Example]) -> tuple[Example, ...]:
    """Both pages' examples (one per source); repeated names get a ``.2``, ``.3`` suffix."""
    out: list[Example] = []
    seen_sources: set[str] = set()
    names: dict[str, int] = {}
    for example in (*a, *b):
        if example.source in seen_sources:
            continue
        seen_sources.add(example.source)
        count = names.get(example.name, 0) + 1
        names[example.name] = count
        out.append(example if count == 1 else replace(example, name=f"{example.name}.{count}"))
    return tuple(out)


_Named = TypeVar("_Named", Operation, TypeDef)


def _union(items: dict[str, _Named], new: Iterable[_Named], combine: Callable[[_Named, _Named], _Named]) -> None:
    """Add ``new`` to ``items`` by name, combining with an item of the same name."""
    for item in new:
        items[item.name] = combine(items[item.name], item) if item.name in items else item


def _first(values: Iterable[str | None]) -> str:
    return next((v for v in values if v), "")


def merge(apis: Sequence[Api], guessed: Sequence[frozenset[str]] = ()) -> tuple[Api, list[ExtractWarning]]:
    """One Api holding the union of ``apis`` (in their order), and the disagreements found.

    ``guessed`` holds, per api, the response names its page only made up by convention.
    """
    marked = {(op.source, op.response) for api, names in zip(apis, guessed) for op in api.operations if op.response in names}
    merger = _Merger({(s, str(r)) for s, r in marked})
    if not apis:
        return Api(name="api"), []
    operations: dict[str, Operation] = {}
    types: dict[str, TypeDef] = {}
    hosts: dict[str, str] = {}
    for api in apis:
        _union(operations, api.operations, merger.operation)
        _union(types, api.types, merger.typedef)
        for key, url in api.hosts.items():
            if key in hosts and hosts[key] != url:
                merger.warnings.append(ExtractWarning(_page(api), f"host {key} is {hosts[key]} and {url}"))
            hosts.setdefault(key, url)
    _fold_renamed(merger, operations, types)
    _drop_inherited_samples(types)
    _check_same(merger, apis, "doc_version")
    _check_same(merger, apis, "api_version")
    _check_same(merger, apis, "xml_namespace")
    styled = [a for a in apis if a.style != NO_STYLE]
    _check_same(merger, styled, "style")
    signings = [a.signing for a in apis if a.signing is not None]
    if any(s != signings[0] for s in signings):
        merger.warnings.append(ExtractWarning(_page(apis[0]), "pages describe different signing schemes; the first is kept"))
    merged = Api(
        name=_first(a.name for a in apis) or "api",
        title=_first(a.title for a in apis),
        doc_version=_first(a.doc_version for a in apis),
        style=styled[0].style if styled else Api(name="api").style,
        hosts=hosts,
        api_version=_first(a.api_version for a in apis) or None,
        xml_namespace=_first(a.xml_namespace for a in apis) or None,
        signing=signings[0] if signings else None,
        operations=tuple(sorted(operations.values(), key=lambda o: o.name)),
        types=tuple(sorted(types.values(), key=lambda t: t.name)),
        pages=tuple(sorted((p for a in apis for p in a.pages), key=lambda p: p.file)),
    )
    return merged, merger.warnings


def _fold_renamed(merger: _Merger, operations: dict[str, Operation], types: dict[str, TypeDef]) -> None:
    """Merge each conventionally named response type into the type another page names, where nothing else uses it."""
    for guessed, real in merger.renamed.items():
        if guessed not in types or real not in types or guessed == real:
            continue
        used = {o.response for o in operations.values()} | {o.request for o in operations.values()}
        used |= {n for t in types.values() for f in t.fields for n in re.findall(r"\w+", f.type)}
        used |= {t.base for t in types.values() if t.base}
        if guessed in used:
            continue
        folded = types.pop(guessed)
        # Members the real type inherits stay with its bases (a sample shows them flat).
        inherited = {_norm(f.name) for base in _bases(types, real) for f in base.fields}
        kept = tuple(f for f in folded.fields if _norm(f.name) not in inherited)
        types[real] = merger.typedef(types[real], replace(folded, name=real, fields=kept))
        for key, op in operations.items():
            if any(e.type == guessed for e in op.examples):
                examples = tuple(replace(e, type=real) if e.type == guessed else e for e in op.examples)
                operations[key] = replace(op, examples=examples)


def _drop_inherited_samples(types: dict[str, TypeDef]) -> None:
    """A member a page only showed in a sample stays with the base class another page declares it in.

    A sample prints inherited members flat; the page that shows the base puts them there.
    """
    for name, typedef in list(types.items()):
        inherited = {_norm(f.name) for base in _bases(types, name) for f in base.fields}
        if not inherited:
            continue
        kept = tuple(f for f in typedef.fields if not (f.example_only and _norm(f.name) in inherited))
        if len(kept) != len(typedef.fields):
            types[name] = replace(typedef, fields=kept)


def _bases(types: dict[str, TypeDef], name: str) -> list[TypeDef]:
    """The base classes of ``name``, nearest first (cycles stop)."""
    out: list[TypeDef] = []
    base = types[name].base if name in types else None
    while base and base in types and all(t.name != base for t in out):
        out.append(types[base])
        base = types[base].base
    return out


def _page(api: Api) -> str:
    return f"{api.pages[0].file}:1" if api.pages else "(merge):1"


def _check_same(merger: _Merger, apis: Sequence[Api], key: str) -> None:
    """Report pages whose ``key`` (non-empty) differs from the first page that states one."""
    stated = [(getattr(a, key), a) for a in apis if getattr(a, key)]
    for value, api in stated[1:]:
        if value != stated[0][0]:
            merger.warnings.append(
                ExtractWarning(_page(api), f"{key} {value} differs from {stated[0][0]} ({_page(stated[0][1])})")
            )
