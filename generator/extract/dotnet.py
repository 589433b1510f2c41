""".NET's primitive set as the definitions hold it today: the one place that decides a type's spelling.

The readers of every DTO language, table and sample name the full .NET set (``char``,
``ushort``, ``float``, ``datetimeoffset``, ``bytes`` for ``byte[]``, ``keyvalue<K,V>``).
The model may not hold all of them yet; ``settle`` asks ``generator.model.PRIMITIVES`` and
``generator.typeexpr.parse_type`` at run time and writes the nearest existing type where a
name is not accepted, so the exact names switch on as soon as the model grows.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import model, typeexpr

# The full-set name -> the nearest type every model version holds (what the wire form reads as).
_NEAREST = {
    "char": "string",
    "byte": "int",
    "sbyte": "int",
    "short": "int",
    "ushort": "int",
    "uint": "long",
    "ulong": "long",
    "float": "double",
    "datetimeoffset": "datetime",
    "bytes": "string",  # base64 text
}
_WORD = re.compile(r"[A-Za-z_]\w*")

# Which narrower spellings a coarser notation may stand for (TypeScript ``number``, Python ``int``,
# a sample's ``0``): merging pages keeps the narrower one.
_NARROWER = {
    "string": {"char", "guid", "bytes"},
    # Python's ``int`` is every .NET integer; where a page says ``long`` that is the one to keep.
    "int": {"byte", "sbyte", "short", "ushort", "long", "uint", "ulong"},
    "long": {"uint", "ulong"},
    "double": {"float", "int", "long", "decimal", "byte", "sbyte", "short", "ushort", "uint", "ulong"},
    "datetime": {"datetimeoffset"},
}


def accepted(name: str) -> bool:
    """True when the model holds the primitive ``name`` (or the generic ``keyvalue``) right now."""
    if name == "keyvalue":
        return _keyvalue_accepted(len(model.PRIMITIVES))
    return name in model.PRIMITIVES


@lru_cache(maxsize=8)
def _keyvalue_accepted(_generation: int) -> bool:
    try:
        typeexpr.parse_type("keyvalue<string,string>")
    except typeexpr.TypeExprError:
        return False
    return True


def settle(type_expr: str) -> str:
    """``type_expr`` with every full-set name the model lacks replaced by its nearest type."""

    def one(match: re.Match[str]) -> str:
        word = match.group(0)
        if word == "keyvalue" and not accepted("keyvalue"):
            return "map"
        if word in _NEAREST and not accepted(word):
            return _NEAREST[word]
        return word

    return _WORD.sub(one, type_expr)


def narrower(a: str, b: str) -> str | None:
    """Of two spellings of one member's type, the narrower one where one refines the other, else None."""
    base_a, base_b = a.rstrip("?"), b.rstrip("?")
    nullable = a.endswith("?") or b.endswith("?")
    for coarse, fine in ((base_a, base_b), (base_b, base_a)):
        if fine in _NARROWER.get(coarse, ()) or (coarse == "string" and fine.startswith("keyvalue<")):
            return fine + ("?" if nullable else "")
        inner_c, inner_f = _list_arg(coarse), _list_arg(fine)
        if inner_c and inner_f and inner_f in _NARROWER.get(inner_c, ()):
            return f"list<{inner_f}>" + ("?" if nullable else "")
    return None


def _list_arg(expr: str) -> str:
    return expr[5:-1] if expr.startswith("list<") and expr.endswith(">") else ""


def generic_instance(generic: str, args: list[str]) -> str | None:
    """A user generic's instance (``QueryResponse<Customer>``) as DataContract names it: ``QueryResponseOfCustomer``.

    None unless every argument is a plain name (a type of the API or a primitive).
    """
    if not re.fullmatch(r"[A-Za-z_]\w*", generic) or not args:
        return None
    if not all(re.fullmatch(r"[A-Za-z_]\w*", a) for a in args):
        return None
    return generic + "Of" + "".join(a[:1].upper() + a[1:] for a in args)
