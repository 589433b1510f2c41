"""Fields and enum values that a Praxis page shows only in its examples, added and marked so."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ...model import Field, Member
from ...typeexpr import TypeExprError, parse_type
from .examples import Obj
from .fields import TypeBuilder, pascal
from .sink import Sink

_INT32 = 2**31


def add_example_fields(type_name: str, value: Any, types: dict[str, TypeBuilder], sink: Sink) -> None:
    """Walk an example value against ``type_name``; keys no table documents become example-only fields."""
    builder = types.get(type_name)
    if builder is None or builder.kind != "class" or not isinstance(value, Obj):
        return
    if builder.shown is None:
        builder.shown = tuple(key for key, _, _ in value)
    for key, line, item in value:
        known = next((f for f in builder.fields if f.name == key), None)
        if known is None:
            kind = infer_type(key, item, types, sink, line)
            builder.fields.append(Field(key, kind, source=sink.where(line), example_only=True))
        else:
            if isinstance(item, list) and any(isinstance(e, Obj) for e in item) and types.get(known.type, None) is not None:
                # The table says ``<Object>`` but the example shows an array of them: the example is the wire.
                sink.warn(line, f"{type_name}.{key}: the table says one object, the example shows a list; typed list<{known.type}>", key)
                known = replace(known, type=f"list<{known.type}>")
                builder.fields[[f.name for f in builder.fields].index(key)] = known
            _descend(known, item, line, types, sink)


def _descend(known: Field, item: Any, line: int, types: dict[str, TypeBuilder], sink: Sink) -> None:
    try:
        ref = parse_type(known.type)
    except TypeExprError:
        return
    if ref.name == "list" and isinstance(item, list):
        for element in item:
            _descend(replace(known, type=str(ref.args[0])), element, line, types, sink)
        return
    target = types.get(ref.name)
    if target is None:
        return
    if target.kind == "class":
        add_example_fields(target.name, item, types, sink)
    elif isinstance(item, str) and item not in {m.name for m in target.members}:
        # The tables' value lists are not exhaustive (the seed's example says "approved"):
        # a decoder that rejected the documented example would be wrong, so the value is kept, marked.
        target.members.append(Member(item, source=sink.where(line), example_only=True))


def infer_type(key: str, value: Any, types: dict[str, TypeBuilder], sink: Sink, line: int) -> str:
    """The type expression an example value implies; objects become named example-only types."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int" if -_INT32 <= value < _INT32 else "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, Obj):
        name = pascal(singular(key)) or "Item"
        if name not in types:
            types[name] = TypeBuilder(name, sink.where(line))
        add_example_fields(name, value, types, sink)
        return name
    if isinstance(value, list):
        first = next((v for v in value if v is not None), None)
        return f"list<{infer_type(key, first, types, sink, line)}>"
    # Strings, and nulls: a null shows no type, and string is the one type that any wire value
    # can be read as, so an example-only null field is typed string rather than guessed at.
    return "string"


def singular(word: str) -> str:
    """``transactions`` -> ``transaction``; ``entries`` -> ``entry`` (enough for field names)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word
