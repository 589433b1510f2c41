"""Parse and print the definitions' type expressions (``list<map<string,int?>>?``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# The primitive type names of every doc style (the .NET value types); see ``generator.model``.
PRIMITIVES = (
    "string",
    "int",
    "long",
    "double",
    "decimal",
    "bool",
    "datetime",
    "date",
    "timespan",
    "guid",
    # The rest of the .NET set: char is one UTF-16 unit, the integers are range-checked,
    # float is single precision, datetimeoffset keeps its offset, bytes is byte[] (base64).
    "char",
    "byte",
    "sbyte",
    "short",
    "ushort",
    "uint",
    "ulong",
    "float",
    "datetimeoffset",
    "bytes",
)

# The built-in generic types and how many type arguments each takes.
GENERICS = {"list": 1, "map": 2, "keyvalue": 2}
_TOKEN = re.compile(r"\s*(?:([A-Za-z_][A-Za-z0-9_]*)|(.))")


@dataclass(frozen=True)
class TypeRef:
    """A parsed type expression: a primitive, a named type, ``list``, ``map`` or ``keyvalue``."""

    name: str
    args: tuple[TypeRef, ...] = ()
    nullable: bool = False

    @property
    def is_primitive(self) -> bool:
        """True for the built-in scalar types."""
        return self.name in PRIMITIVES

    @property
    def is_named(self) -> bool:
        """True when the expression names a type defined by the API."""
        return self.name not in PRIMITIVES and self.name not in GENERICS

    def __str__(self) -> str:
        inner = f"{self.name}<{','.join(str(a) for a in self.args)}>" if self.args else self.name
        return inner + ("?" if self.nullable else "")


class TypeExprError(ValueError):
    """The text is not a type expression; the message says what was expected."""


@lru_cache(maxsize=4096)
def parse_type(text: str) -> TypeRef:
    """Parse ``text`` into a TypeRef, or raise TypeExprError."""
    tokens = [m.group(1) or m.group(2) for m in _TOKEN.finditer(text.strip())]
    pos, ref = _parse(tokens, 0, text)
    if pos != len(tokens):
        raise TypeExprError(f"unexpected {tokens[pos]!r} in type {text!r}")
    return ref


def _parse(tokens: list[str], pos: int, text: str) -> tuple[int, TypeRef]:
    if pos >= len(tokens) or not re.match(r"[A-Za-z_]", tokens[pos]):
        raise TypeExprError(f"expected a type name in {text!r}")
    name = tokens[pos]
    pos += 1
    args: list[TypeRef] = []
    if name in GENERICS:
        if pos >= len(tokens) or tokens[pos] != "<":
            raise TypeExprError(f"expected '<' after {name} in {text!r}")
        pos += 1
        while True:
            pos, arg = _parse(tokens, pos, text)
            args.append(arg)
            if pos < len(tokens) and tokens[pos] == ",":
                pos += 1
                continue
            break
        if pos >= len(tokens) or tokens[pos] != ">":
            raise TypeExprError(f"expected '>' to close {name}<...> in {text!r}")
        pos += 1
        want = GENERICS[name]
        if len(args) != want:
            raise TypeExprError(f"{name} takes {want} type argument(s) in {text!r}")
    nullable = pos < len(tokens) and tokens[pos] == "?"
    if nullable:
        pos += 1
    return pos, TypeRef(name, tuple(args), nullable)


def named_types(ref: TypeRef) -> list[str]:
    """Every API-defined type name used in ``ref``, outermost first."""
    found = [ref.name] if ref.is_named else []
    for arg in ref.args:
        found.extend(named_types(arg))
    return found
