"""Render-time helpers of ``templates/testing.py.jinja``: documented-shape sample values as Python source.

The generated ``testing`` module ships inside the SDK and must not import
``generator``, so the values the simulator builds at run time
(``simulation.answers.placeholder``) are printed here as literal expressions
instead.  Each expression is valid inside a generated ``_sample_<Class>(depth)``
function, where ``_m`` is the models module and ``depth`` bounds recursion.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


from ..model import Definition, Field, TypeDef
from ..typeexpr import TypeRef, parse_type
from .filters import attr_names, class_names, enum_members, type_chain, with_definition

_SCALARS = {
    "int": "1",
    "long": "1",
    "double": "1.5",
    "decimal": 'decimal.Decimal("1.5")',
    "bool": "True",
    "datetime": "datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)",
    "date": "datetime.date(2024, 1, 2)",
    "timespan": "datetime.timedelta(seconds=90)",
    "guid": "uuid.UUID(int=1)",
    "char": '"x"',
    "byte": "1",
    "sbyte": "1",
    "short": "1",
    "ushort": "1",
    "uint": "1",
    "ulong": "1",
    "float": "1.5",
    "datetimeoffset": "datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)",
    "bytes": 'b"fake"',
}


def sample_expr(defn: Definition, ref: TypeRef | str, wire: str, max_length: int | None = None) -> str:
    """A Python expression of a plausible value of type ``ref`` for the field ``wire``."""
    if isinstance(ref, str):
        ref = parse_type(ref)
    if ref.name == "string":
        return repr(f"fake-{wire}"[:max_length] if max_length else f"fake-{wire}")
    if ref.name in _SCALARS:
        return _SCALARS[ref.name]
    if ref.name == "list":
        return f"[{sample_expr(defn, ref.args[0], wire, max_length)}]"
    if ref.name == "keyvalue":
        return f"({sample_expr(defn, ref.args[0], 'key')}, {sample_expr(defn, ref.args[1], wire, max_length)})"
    if ref.name == "map":
        key = ref.args[0]
        if defn.api.type_named(key.name) is not None and defn.api.type_named(key.name).kind != "enum":  # type: ignore[union-attr]
            return "{}"  # a class key is unhashable: an empty map is still the documented shape
        return f"{{{sample_expr(defn, key, 'key')}: {sample_expr(defn, ref.args[1], wire, max_length)}}}"
    typedef = defn.api.type_named(ref.name)
    if typedef is None:
        return "None"
    cls = class_names(defn)[typedef.name]
    if typedef.kind == "enum":
        members = enum_members(typedef)
        # An enum the docs list no member of still accepts text (its hint is ``Enum | str``).
        return f"_m.{cls}.{members[0][0]}" if members else repr(f"fake-{wire}")
    return f"_sample_{cls}(depth + 1)"


def sample_fields(defn: Definition, typedef: TypeDef) -> list[tuple[str, str]]:
    """(attribute, expression) for every field of a class and its bases, error fields left unset.

    A field whose wire name mentions "error" stays unset so the sample is a success:
    the client raises ``ApiError`` when a 200 body carries an error code or message.
    """
    names = attr_names(defn, typedef)
    out: dict[str, str] = {}
    for link in type_chain(defn, typedef):
        for fld in link.fields:
            if "error" not in fld.name.lower() and names[fld.name] not in out:
                out[names[fld.name]] = sample_expr(defn, fld.type, fld.name, fld.max_length)
    return sorted(out.items(), key=lambda item: list(names.values()).index(item[0]))


def credentials_type(defn: Definition) -> str | None:
    """The type of the ``Credentials`` request field the ServiceStack client fills in, or None."""
    # The same search as client.py.jinja's: the first operation, in definition order, that has one.
    for op in defn.api.operations:
        request = defn.api.type_named(op.request)
        if request is None:
            continue
        for link in type_chain(defn, request):
            for fld in link.fields:
                if fld.name.lower() == "credentials" and defn.api.type_named(fld.type) is not None:
                    return fld.type
    return None


def callback_plans(defn: Definition) -> list[dict[str, Any]]:
    """Per callback of the overrides: its name, message and reply classes, and the message's wire fields.

    The fake fills ``version``/``timestamp``/``merchant_id`` only where the message declares them,
    as the API does (the same rule as ``simulation.callbacks.build_message``).
    """
    names = class_names(defn)
    out = []
    for cb in defn.overrides.callbacks:
        message = defn.api.type_named(cb.message)
        assert message is not None  # definitions.py checks callback types on load
        declared = [f.name for link in type_chain(defn, message) for f in link.fields]
        out.append(
            {
                "name": cb.name,
                "message": names[cb.message],
                "reply": names[cb.reply] if cb.reply else None,
                "declared": tuple(dict.fromkeys(declared)),
            }
        )
    return out


def served_routes(op: Any) -> list[tuple[str, str]]:
    """Every (verb, path template) the server answers ``op`` at: each route's verbs (``ANY``: every verb)."""
    out: list[tuple[str, str]] = []
    for route in op.all_routes:
        for verb in route.verbs:
            if (verb, route.path) not in out:
                out.append((verb, route.path))
    return out


def _field_sample(defn: Definition, fld: Field) -> str:
    return sample_expr(defn, fld.type, fld.name, fld.max_length)


TESTING_FILTERS: dict[str, Callable[..., Any]] = {
    "sample_fields": with_definition(sample_fields),
    "field_sample": with_definition(_field_sample),
    "served_routes": served_routes,
}
"""Filters the testing template uses (registered by ``render.environment``)."""

TESTING_GLOBALS: dict[str, Callable[..., Any]] = {"credentials_type": credentials_type, "callback_plans": callback_plans}
"""Globals the testing template calls with the definition."""
