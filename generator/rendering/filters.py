"""Jinja filters: every name, type hint and escape the templates print comes from here.

Names are derived from wire names deterministically and made safe: keywords,
soft keywords and builtins the generated code relies on get a trailing ``_``,
names starting with a digit get a leading ``_``, and names that collide after
snake_casing are numbered in declaration order.  Overrides' ``renames`` win.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

from ..model import Definition, Field, Operation, TypeDef
from ..typeexpr import TypeRef, parse_type

_SCALAR_HINTS = {
    "string": "str",
    "int": "int",
    "long": "int",
    "double": "float",
    "decimal": "decimal.Decimal",
    "bool": "bool",
    "datetime": "datetime.datetime",
    "date": "datetime.date",
    "timespan": "datetime.timedelta",
    "guid": "uuid.UUID",
    "char": "str",
    "byte": "int",
    "sbyte": "int",
    "short": "int",
    "ushort": "int",
    "uint": "int",
    "ulong": "int",
    "float": "float",
    "datetimeoffset": "datetime.datetime",
    "bytes": "bytes",
}
# Names the generated modules use at class or module scope; an attribute with one
# of these names would shadow it inside the class body.
_RESERVED = frozenset(
    {"datetime", "decimal", "enum", "uuid", "dataclass", "field", "Any", "Final", "Unset", "UNSET", "self", "cls"}
    | {"extra_fields"}
    | {name for name in dir(builtins) if not name.startswith("_")}
)
_SECRET_WORDS = ("password", "secret", "cardnumber", "cvv", "cvc", "authtoken", "apikey", "privatekey", "signature")


def snake(name: str) -> str:
    """``SessionExpiryInMin`` -> ``session_expiry_in_min``, ``DBInsert`` -> ``db_insert``."""
    # Fold accents (ü -> u) so every generated identifier is plain ASCII.
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^0-9A-Za-z]+", "_", text)
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", text)
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    return re.sub(r"_+", "_", text).strip("_").lower()


def pascal(name: str) -> str:
    """``find-session`` -> ``FindSession``; already-Pascal names are kept."""
    parts = re.split(r"[^0-9A-Za-z]+", name)
    return "".join(p[:1].upper() + p[1:] for p in parts if p)


def safe_identifier(name: str, reserved: frozenset[str] = frozenset()) -> str:
    """Make ``name`` a valid identifier that is no keyword and not in ``reserved``."""
    ident = re.sub(r"\W", "_", name, flags=re.ASCII) or "_"
    if ident[0].isdigit():
        ident = "_" + ident
    while keyword.iskeyword(ident) or ident in reserved:
        ident += "_"
    return ident


def _unique(names: Iterator[str]) -> list[str]:
    """Number repeats in order: ``a, a, a_2`` -> ``a, a_2, a_2_2`` never collides."""
    seen: set[str] = set()
    out = []
    for name in names:
        candidate, n = name, 1
        while candidate in seen:
            n += 1
            candidate = f"{name}_{n}"
        seen.add(candidate)
        out.append(candidate)
    return out


@lru_cache(maxsize=64)
def class_names(defn: Definition) -> dict[str, str]:
    """Type name -> python class name, unique and safe, renames applied."""
    renames = defn.overrides.renames
    wanted = (renames.get(t.name) or safe_identifier(pascal(t.name) if not t.name.isidentifier() else t.name, _RESERVED) for t in defn.api.types)
    return dict(zip((t.name for t in defn.api.types), _unique(wanted), strict=True))


def type_chain(defn: Definition, typedef: TypeDef) -> list[TypeDef]:
    """``typedef`` and its bases, base-most first (cycles are cut)."""
    chain = [typedef]
    while chain[0].base is not None:
        base = defn.api.type_named(chain[0].base)
        if base is None or base in chain:
            break
        chain.insert(0, base)
    return chain


def own_fields(defn: Definition, typedef: TypeDef) -> list[Field]:
    """Fields ``typedef`` declares itself; one re-declaring a base's wire name is the base's member."""
    inherited = {f.name for t in type_chain(defn, typedef)[:-1] for f in t.fields}
    return [f for f in typedef.fields if f.name not in inherited]


@lru_cache(maxsize=1024)
def attr_names(defn: Definition, typedef: TypeDef) -> dict[str, str]:
    """Wire name -> python attribute for every field of ``typedef`` and its bases."""
    fields = [(t, f) for t in type_chain(defn, typedef) for f in own_fields(defn, t)]
    renames = defn.overrides.renames
    # Class names are reserved too: an attribute named like a class would shadow it in annotations.
    reserved = _RESERVED | frozenset(class_names(defn).values())
    wanted = (renames.get(f"{t.name}.{f.name}") or safe_identifier(snake(f.name), reserved) for t, f in fields)
    return dict(zip((f.name for _, f in fields), _unique(wanted), strict=True))


def ordered_types(defn: Definition) -> list[TypeDef]:
    """Enums, then classes with every base before its subclasses; otherwise by name."""
    done: dict[str, TypeDef] = {}
    for typedef in sorted(defn.api.types, key=lambda t: (t.kind != "enum", t.name)):
        for link in type_chain(defn, typedef):
            done.setdefault(link.name, link)
    return list(done.values())


def member_name(name: str) -> str:
    """Enum member identifier: upper snake case, made safe."""
    return safe_identifier(snake(name).upper() or "EMPTY")


def enum_members(typedef: TypeDef) -> list[tuple[str, Any]]:
    """(python identifier, member) pairs of an enum, unique."""
    idents = _unique(member_name(m.name) for m in typedef.members)
    return list(zip(idents, typedef.members, strict=True))


def method_name(op: Operation) -> str:
    """Client method for an operation: ``CreateSessionRequest`` -> ``create_session``."""
    base = op.name[: -len("Request")] if op.name.endswith("Request") and op.name != "Request" else op.name
    return safe_identifier(snake(base), _RESERVED)


def hint(defn: Definition, ref: TypeRef | str) -> str:
    """The python type hint of a type expression (enums also accept unknown strings)."""
    if isinstance(ref, str):
        ref = parse_type(ref)
    if ref.name == "list":
        return f"list[{hint(defn, ref.args[0])}]"
    if ref.name == "map":
        return f"dict[{hint(defn, ref.args[0])}, {hint(defn, ref.args[1])}]"
    if ref.name == "keyvalue":
        # A KeyValuePair is a (key, value) tuple; a part sent as null is read as None.
        return f"tuple[{hint(defn, ref.args[0])} | None, {hint(defn, ref.args[1])} | None]"
    if ref.name in _SCALAR_HINTS:
        return _SCALAR_HINTS[ref.name]
    name = class_names(defn)[ref.name]
    typedef = defn.api.type_named(ref.name)
    return f"{name} | str" if typedef is not None and typedef.kind == "enum" else name


def docstring(text: str, indent: int = 0) -> str:
    """Body of a triple-quoted docstring that cannot end early or hold a bad escape."""
    text = text.strip().replace("\\", "\\\\")
    if text.endswith('"'):
        # A quote right before the closing delimiter would end the literal early.
        text = text[:-1] + '\\"'
    text = text.replace('"""', '\\"\\"\\"')
    # Control characters (NUL above all) are not allowed raw in python source.
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", text)
    pad = "\n" + " " * indent
    return pad.join(line.rstrip() for line in text.splitlines()) or "(no description)"


def comment(text: str) -> str:
    """Text safe on one ``#`` comment line."""
    return " ".join(text.split())


def pystr(value: object) -> str:
    """A python literal for ``value`` (strings via repr, which escapes everything)."""
    return repr(value)


def is_secret(field: Field) -> bool:
    """Fields never shown in repr, str, logs or errors (passwords, card numbers, tokens)."""
    flat = re.sub(r"[^a-z]", "", field.name.lower())
    return any(word in flat for word in _SECRET_WORDS)


def with_definition(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap ``fn(defn, ...)`` as a filter that takes the definition from the template context."""

    @pass_context
    def wrapper(context: Context, *args: Any) -> Any:
        return fn(context["definition"], *args)

    wrapper.__name__ = fn.__name__
    return wrapper


def client_routes(op: Operation) -> list[tuple[str, str]]:
    """(verb, path) pairs the client may call, most placeholders first (ServiceStack's order).

    A route's verb is the operation's own where the route accepts it (or accepts ANY),
    else the route's first callable verb; routes listing only OPTIONS/HEAD are dropped.
    """
    from ..model import CALLABLE_VERBS

    out: list[tuple[str, str]] = []
    for route in op.all_routes:
        if op.method in route.verbs or "ANY" in route.verbs:
            verb = op.method
        else:
            verb = next((v for v in route.verbs if v in CALLABLE_VERBS), "")
        if verb and (verb, route.path) not in out:
            out.append((verb, route.path))
    # Stable: among routes of equal specificity the documented order stays.
    return sorted(out, key=lambda pair: -pair[1].count("{"))


def speaks_format(defn: Definition, fmt: str) -> bool:
    """Whether the package has a codec for ``fmt``: JSON always; JSON Lines where a ServiceStack page documents it.

    XML, JSV and CSV come with every ServiceStack package; JSON Lines only where documented,
    so a package whose pages never show it keeps exactly the code it had before.
    """
    if fmt == "json":
        return True
    if defn.api.style != "servicestack":
        return False
    if fmt == "jsonl":
        return any(fmt in op.formats for op in defn.api.operations)
    return fmt in ("xml", "jsv", "csv")


def streamed_rows(defn: Definition, op: Operation) -> dict[str, str] | None:
    """For an operation whose CSV/JSON Lines answer streams its response's list (AutoQuery): the member's attribute and item class."""
    fld = defn.api.streamed_member(op)
    response = defn.api.type_named(op.response) if op.response else None
    if fld is None or response is None:
        return None
    item = parse_type(fld.type).args[0].name
    return {"attr": attr_names(defn, response)[fld.name], "item": class_names(defn)[item]}


FILTERS: dict[str, Callable[..., Any]] = {
    "client_routes": client_routes,
    "snake": snake,
    "pascal": pascal,
    "member_name": member_name,
    "enum_members": enum_members,
    "method_name": method_name,
    "docstring": docstring,
    "comment": comment,
    "pystr": pystr,
    "is_secret": is_secret,
    "class_name": with_definition(lambda defn, name: class_names(defn)[name]),
    "attr_names": with_definition(attr_names),
    "own_fields": with_definition(own_fields),
    "type_chain": with_definition(type_chain),
    "ordered_types": ordered_types,
    "hint": with_definition(hint),
    "speaks_format": speaks_format,
    "streamed_rows": with_definition(streamed_rows),
}
