"""ServiceStack's own DTOs that a page references but does not show: AutoQuery's bases and response, errors.

Every ServiceStack service shares these types (``ServiceStack.Interfaces``), so their members
are known without the page: an AutoQuery request inherits ``QueryDb<T>`` (``QueryBase``'s
members), returns ``QueryResponse<T>``, and error members hold ``ResponseStatus``.  A page cut
by its capture, or a DTO language that prints only the request, leaves them out; declaring them
here keeps the SDK typed where it would otherwise fall back to an opaque type.  Each one added
is a warning naming the reference, and a page that shows the type always wins (its own
section is read, nothing is added).
"""

from __future__ import annotations

import re

from ...model import Field, TypeDef
from ...typeexpr import TypeExprError, named_types, parse_type
from ..report import ExtractWarning
from .xml_namespaces import SS_TYPES_NS

# QueryBase's members, in their [DataMember(Order = n)] order (written first by DataContract, in ServiceStack's namespace).
_QUERY_BASE = (("Skip", "int?"), ("Take", "int?"), ("OrderBy", "string"), ("OrderByDesc", "string"),
               ("Include", "string"), ("Fields", "string"), ("Meta", "map<string,string>"))
_QUERY_BASES = frozenset({"QueryDb", "QueryData", "QueryBase"})
_QUERY_RESPONSE_RE = re.compile(r"^QueryResponseOf(?P<arg>[A-Za-z_]\w*)$")
_ERRORS = {
    "ResponseStatus": (("ErrorCode", "string"), ("Message", "string"), ("StackTrace", "string"),
                       ("Errors", "list<ResponseError>"), ("Meta", "map<string,string>")),
    "ResponseError": (("ErrorCode", "string"), ("FieldName", "string"), ("Message", "string"),
                      ("Meta", "map<string,string>")),
}


def add_builtins(typedefs: list[TypeDef], references: list[tuple[str, str]]) -> tuple[list[TypeDef], list[ExtractWarning]]:
    """``typedefs`` plus each ServiceStack built-in that ``references`` ((name, file:line)) name and no typedef shows."""
    known = {t.name: t for t in typedefs}
    added: list[TypeDef] = []
    warnings: list[ExtractWarning] = []
    pending = list(references)
    while pending:
        name, where = pending.pop(0)
        current = known.get(name)
        if current is not None and (current.fields or current.members or current.kind == "enum"):
            continue
        built = _builtin(name, where)
        if built is None:
            continue
        known[name] = built
        added.append(built)
        warnings.append(ExtractWarning(where, f"{name} is ServiceStack's own {_generic_of(name)}, not shown on this page; "
                                              "declared with ServiceStack's members"))
        pending.extend((ref, where) for fld in built.fields for ref in _names(fld.type))
    replaced = {a.name for a in added}
    kept = [t for t in typedefs if t.name not in replaced]
    return kept + added, warnings


def type_references(typedefs: list[TypeDef], responses: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(type name, file:line) of every base and field type of ``typedefs`` and every (response expression, file:line)."""
    found = [(name, where) for expr, where in responses for name in _names(expr)]
    for typedef in typedefs:
        if typedef.base:
            found.append((typedef.base, typedef.source))
        for fld in typedef.fields:
            found.extend((name, fld.source or typedef.source) for name in _names(fld.type))
    return found


def _builtin(name: str, where: str) -> TypeDef | None:
    if name in _QUERY_BASES:
        return _class(name, where, _QUERY_BASE, inherited=True)
    if name in _ERRORS:
        return _class(name, where, _ERRORS[name])
    query = _QUERY_RESPONSE_RE.match(name)
    if query:
        members = (("Offset", "int"), ("Total", "int"), ("Results", f"list<{query.group('arg')}>"),
                   ("Meta", "map<string,string>"), ("ResponseStatus", "ResponseStatus"))
        return _class(name, where, members, inherited=True)
    return None


def _class(name: str, where: str, members: tuple[tuple[str, str], ...], inherited: bool = False) -> TypeDef:
    # The Order-numbered members of QueryBase/QueryResponse are not alphabetical: they are placed
    # like inherited members (listed order, ServiceStack's namespace) so XML writes them as a server does.
    namespace = SS_TYPES_NS if inherited else None
    fields = tuple(Field(n, t, source=where, xml_namespace=namespace) for n, t in members)
    return TypeDef(name, "class", fields=fields, source=where)


def _generic_of(name: str) -> str:
    query = _QUERY_RESPONSE_RE.match(name)
    return f"QueryResponse<{query.group('arg')}>" if query else name


def _names(type_expr: str) -> list[str]:
    try:
        return named_types(parse_type(type_expr))
    except TypeExprError:
        return []
