"""Wire-level views of a model that the diff rules compare.

What a caller meets on the wire is not a type's own field list: it is the
flattened member list (bases first), in DataContract order for XML, and for
signed APIs the ordered list of fields a signature covers.  These pure
functions compute those views from a model; ``rules`` compares them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Api, Field, Operation, Overrides, TypeDef, class_chain, datacontract_order
from ..typeexpr import TypeExprError, TypeRef, named_types, parse_type

# The types a documented date can be carried as; moving between them changes its format.
DATE_KINDS = frozenset({"datetime", "date", "string"})


def norm_type(text: str) -> str:
    """A type expression in canonical spelling (``list< string >`` -> ``list<string>``)."""
    try:
        return str(parse_type(text))
    except TypeExprError:
        return "".join(text.split())


# Numeric scalars by the values they hold: every int is a long, and every long a decimal or a double.
# int and long are one Python type (``int``) with one wire form (a bare number): renaming one
# to the other changes nothing callers see.  double and decimal hold different values (range
# vs precision) and are different Python types: neither widens the other.
_SAME_PYTHON = frozenset({frozenset({"int", "long"})})
_WIDER = frozenset({("int", "decimal"), ("int", "double"), ("long", "decimal"), ("long", "double")})


def type_relation(old: str, new: str) -> str | None:
    """How ``new`` relates to ``old``: ``same`` (same Python type and wire form), ``wider``, ``narrower``, or None.

    Lists and maps compare element by element; nullability must not change at any level
    (that is the nullability rule's), and named types must keep their name.
    """
    a, b = _parsed(old), _parsed(new)
    return _relation(a, b) if a is not None and b is not None else None


def _relation(a: TypeRef, b: TypeRef) -> str | None:
    if a.nullable != b.nullable:
        return None
    if a.name in ("list", "map") or b.name in ("list", "map"):
        if a.name != b.name or len(a.args) != len(b.args):
            return None
        return _combine([_relation(x, y) for x, y in zip(a.args, b.args, strict=True)])
    if a.name == b.name or frozenset({a.name, b.name}) in _SAME_PYTHON:
        return "same"
    if (a.name, b.name) in _WIDER:
        return "wider"
    if (b.name, a.name) in _WIDER:
        return "narrower"
    return None


def _combine(parts: list[str | None]) -> str | None:
    """The relation of a container from its parts': one unrelated or mixed part makes it unrelated."""
    kinds = set(parts) - {"same"}
    if None in kinds or len(kinds) > 1:
        return None
    return kinds.pop() if kinds else "same"


def _parsed(text: str) -> TypeRef | None:
    try:
        return parse_type(text)
    except TypeExprError:
        return None


def reachable(types: dict[str, TypeDef], roots: list[str]) -> frozenset[str]:
    """Names of the types reachable from ``roots`` through fields and base classes."""
    seen: set[str] = set()
    todo = [r for r in roots if r in types]
    while todo:
        name = todo.pop()
        if name in seen or name not in types:
            continue
        seen.add(name)
        typedef = types[name]
        if typedef.base:
            todo.append(typedef.base)
        for field in typedef.fields:
            ref = _parsed(field.type)
            todo.extend(named_types(ref) if ref else [])
    return frozenset(seen)


def base_chain(types: dict[str, TypeDef], name: str) -> list[TypeDef]:
    """The class and its bases, outermost base first (``model.class_chain``)."""
    return class_chain(types, name)


def flat_fields(types: dict[str, TypeDef], name: str) -> dict[str, tuple[Field, str]]:
    """Wire name -> (field, owning class) over the class and its bases; a derived field shadows a base one."""
    out: dict[str, tuple[Field, str]] = {}
    for typedef in base_chain(types, name):
        for field in typedef.fields:
            out[field.name] = (field, typedef.name)
    return out


def xml_order(types: dict[str, TypeDef], name: str) -> list[str]:
    """DataContract member order: base members first, then each class's in ``datacontract_order``."""
    order: list[str] = []
    for typedef in base_chain(types, name):
        order.extend(f.name for f in datacontract_order(typedef.fields) if f.name not in order)
    return order


@dataclass(frozen=True)
class Side:
    """One side of a diff: the model, its overrides and what its operations reach."""

    api: Api
    overrides: Overrides | None
    types: dict[str, TypeDef]
    request_types: frozenset[str]
    response_types: frozenset[str]
    xml_types: frozenset[str]

    @classmethod
    def of(cls, api: Api, overrides: Overrides | None = None) -> Side:
        """Index ``api`` for comparison."""
        types = {t.name: t for t in api.types}
        ops = api.operations
        return cls(
            api=api,
            overrides=overrides,
            types=types,
            request_types=reachable(types, [op.request for op in ops]),
            response_types=reachable(types, [op.response for op in ops if op.response]),
            xml_types=reachable(types, [t for op in ops if "xml" in op.formats for t in (op.request, op.response) if t]),
        )

    def has_name(self, key: str) -> bool:
        """True when an overrides key (``Type`` or ``Type.WireName``) names something in this model."""
        type_name, _, wire = key.partition(".")
        typedef = self.types.get(type_name)
        return typedef is not None and (not wire or any(f.name == wire for f in typedef.fields))


def operations_reaching(sides: list[Side]) -> dict[str, list[str]]:
    """Type name -> sorted names of the operations whose request or response reaches it on any side."""
    users: dict[str, set[str]] = {}
    for side in sides:
        for op in side.api.operations:
            roots = [op.request] + ([op.response] if op.response else [])
            for name in reachable(side.types, roots):
                users.setdefault(name, set()).add(op.name)
    return {name: sorted(ops) for name, ops in sorted(users.items())}


def _is_scalar(side: Side, type_text: str) -> bool:
    """Strings, numbers, dates and enums are signed; lists, maps and objects are not."""
    ref = _parsed(type_text)
    if ref is None:
        return False
    if ref.is_primitive:
        return True
    named = side.types.get(ref.name) if ref.is_named else None
    return named is not None and named.kind == "enum"


def signed_fields(side: Side, op: Operation, role: str) -> tuple[str, ...]:
    """The fields of ``op``'s request or response a signature covers, in signing order.

    ``alphabetical`` (Praxis 1.1/1.2): every top-level scalar key but the
    signature itself, sorted.  ``listed`` (1.3): the operation's own list.  Per-operation exclusions from overrides apply to both.
    """
    signing = side.api.signing
    if signing is None:
        return ()
    excluded: set[str] = set()
    for exc in side.overrides.signing if side.overrides else ():
        if exc.operation == op.name:
            excluded.update(exc.request_exclude if role == "request" else exc.response_exclude)
    if signing.order == "listed":
        listed = op.signed_request if role == "request" else op.signed_response
        return tuple(name for name in listed if name not in excluded)
    type_name = op.request if role == "request" else op.response
    if not type_name:
        return ()
    skip = excluded | ({signing.key} if signing.location == "body" else set())
    fields = flat_fields(side.types, type_name)
    return tuple(sorted(n for n, (f, _) in fields.items() if n not in skip and _is_scalar(side, f.type)))
