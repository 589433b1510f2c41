"""Praxis type notations (``varchar(50)``, ``int(11)``, ``Array(Object)`` ...) -> type expressions."""

from __future__ import annotations

import re
from dataclasses import dataclass

# One scalar notation; typos such as ``varchar50)`` or ``varchar(50`` are matched on purpose
# so that the row is still read (with a warning) instead of being glued to the row above.
_SCALAR = (
    r"(?:var)?char\s*\(?\s*\d+\s*\)?|varchar|char|text|string"
    r"|tinyint\s*\(\s*\d+\s*\)|tinyint|bigint(?:\s*\(\s*\d+\s*\))?"
    r"|int(?:eger)?(?:\s*\(\s*\d+\s*\))?"
    r"|decimal(?:\s*\(\s*\d+\s*,\s*\d+\s*\))?|float|double"
    r"|money|datetime|date|timestamp|bool(?:ean)?"
)
# Every notation the wiki uses, longest alternatives first so ``money or int`` beats ``money``.
NOTATION = (
    r"(?:array\s*\(\s*object\s*\)|list\s*<\s*object\s*>|<\s*object\s*>|generic\s+object|array\s+of\s+objects?"
    rf"|array\s+of\s+(?:{_SCALAR})|money\s+or\s+int|(?:{_SCALAR})(?:\s+or\s+null)?|object|array)"
)
_NOTATION_RE = re.compile(rf"(?i:{NOTATION})$")


@dataclass(frozen=True)
class Notation:
    """What a notation means: a type expression, or a reference to a nested table."""

    type: str  # a type expression; "" when ``nested`` says the type is a nested table's
    max_length: int | None = None
    nested: str | None = None  # "one" (an object) or "list" (an array of objects)
    warning: str = ""  # set for typos and unknown notations, which are read as best we can


def is_notation(text: str) -> bool:
    """True when ``text`` is one of the wiki's type notations (typos included)."""
    return _NOTATION_RE.match(text.strip()) is not None


def parse_notation(text: str) -> Notation:
    """Map a notation to a type; unknown ones become ``string`` with a warning."""
    raw = text.strip()
    low = re.sub(r"\s+", " ", raw.lower())
    if re.fullmatch(r"array ?\( ?object ?\)|list ?< ?object ?>|array of objects?|array", low):
        return Notation("", nested="list")
    if re.fullmatch(r"< ?object ?>|object|generic object", low):
        return Notation("", nested="one")
    if low.startswith("array of "):
        inner = parse_notation(raw[len("array of ") :])
        return Notation(f"list<{inner.type}>", warning=inner.warning)
    if low == "money or int" or low == "money":
        return Notation("long")  # minor units ("cents") of amounts can exceed 32 bits
    nullable = low.endswith(" or null")
    if nullable:
        inner = parse_notation(raw[: -len(" or null")])
        # Strings are nullable in the generated models anyway; only value types need ``?``.
        kind = inner.type if inner.type == "string" or inner.type.endswith("?") else inner.type + "?"
        return Notation(kind, inner.max_length, warning=inner.warning)
    return _scalar(low, raw)


def _scalar(low: str, raw: str) -> Notation:
    sized = re.fullmatch(r"(?:var)?char ?(\(?) ?(\d+) ?(\)?)", low)
    if sized:
        typo = "" if sized.group(1) and sized.group(3) else f"type {raw!r} read as varchar({sized.group(2)})"
        return Notation("string", int(sized.group(2)), warning=typo)
    if low in ("varchar", "char", "text", "string"):
        return Notation("string")
    tiny = re.fullmatch(r"tinyint(?: ?\( ?(\d+) ?\))?", low)
    if tiny:
        return Notation("bool" if tiny.group(1) == "1" else "int")
    if re.fullmatch(r"bigint(?: ?\( ?\d+ ?\))?", low):
        return Notation("long")
    whole = re.fullmatch(r"int(?:eger)?(?: ?\( ?(\d+) ?\))?", low)
    if whole:
        # int(n) is a display width in digits: 11 digits is the widest 32-bit value.
        return Notation("long" if whole.group(1) and int(whole.group(1)) > 11 else "int")
    if re.fullmatch(r"decimal(?: ?\( ?\d+ ?, ?\d+ ?\))?", low):
        return Notation("decimal")
    simple = {"float": "double", "double": "double", "date": "date", "datetime": "datetime",
              "timestamp": "datetime", "bool": "bool", "boolean": "bool"}
    if low in simple:
        return Notation(simple[low])
    return Notation("string", warning=f"unknown type notation {raw!r}, read as string")
