"""Declare the types a merged Api references but no page shows, so ``generate`` accepts it.

A page cut by its capture (or a page that was never captured) can name a type
whose section is missing: a field's type, a base class, an operation's request
or response.  Such a type is declared ``kind: opaque``: the generated SDK decodes
it as an object whose members are all kept verbatim (``extra_fields``) and writes
them back unchanged.  Each declaration is a warning naming where the type was
first referenced, so a reviewer sees what a fuller capture would add.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Api, TypeDef
from ..typeexpr import TypeExprError, named_types, parse_type
from .report import ExtractWarning


def declare_opaque(api: Api) -> tuple[Api, list[ExtractWarning]]:
    """``api`` with an opaque TypeDef for every referenced, undeclared type, and one warning each."""
    known = {t.name for t in api.types}
    first_seen: dict[str, str] = {}
    for name, where in _references(api):
        if name not in known:
            first_seen.setdefault(name, where)
    if not first_seen:
        return api, []
    added = [TypeDef(name=name, kind="opaque", source=where) for name, where in first_seen.items()]
    warnings = [
        ExtractWarning(t.source or "(merge):1", f"type {t.name} is referenced but never shown; declared opaque (kept raw)")
        for t in sorted(added, key=lambda t: t.name)
    ]
    types = tuple(sorted((*api.types, *added), key=lambda t: t.name))
    return replace(api, types=types), warnings


def _references(api: Api) -> list[tuple[str, str]]:
    """(type name, file:line) of every reference, in a stable order: types first, then operations."""
    found: list[tuple[str, str]] = []
    for typedef in api.types:
        if typedef.base:
            found.append((typedef.base, typedef.source))
        for fld in typedef.fields:
            try:
                names = named_types(parse_type(fld.type))
            except TypeExprError:
                continue  # a malformed expression is the definitions loader's error to report
            found.extend((name, fld.source or typedef.source) for name in names)
    for op in api.operations:
        for ref in (op.request, op.response):
            if ref:
                found.append((ref, op.source))
    return found
