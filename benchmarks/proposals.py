"""Proposed fixes to hot spots in modules benchmarks/ does not own, applied only with ``--with-proposals``.

They are measured here so their effect is a figure, not a guess; the owners decide whether to
adopt them.  Each keeps results identical (the benchmark checks the loaded Definition is equal).

1. ``generator.definitions._parse_yaml`` reads every api.yaml twice with the pure-Python
   loader (``yaml.safe_load`` and ``yaml.compose``).  One pass with libyaml's ``CSafeLoader``
   (same resolver and constructor, so the same data) keeps the node tree for line numbers and
   builds the data from it.
2. ``generator.definitions._from_data`` calls ``typing.get_type_hints`` for every object it
   builds; with ``from __future__ import annotations`` that evaluates strings each time.
   Hints of a class never change: cache them per class.
"""

from __future__ import annotations

import functools
import types
import typing
from typing import Any

import yaml


def _parse_yaml_once(text: str, where: str) -> tuple[Any, yaml.Node | None]:
    from generator.errors import DefinitionError

    loader = yaml.CSafeLoader(text) if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        return (loader.construct_document(root) if root is not None else None), root
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DefinitionError(f"not valid YAML: {problem}", f"{where}{line}") from None
    finally:
        loader.dispose()


def apply() -> list[str]:
    """Patch the proposals into the running process; return their names."""
    from generator import definitions

    definitions._parse_yaml = _parse_yaml_once  # type: ignore[assignment]
    cached = types.SimpleNamespace(**{name: getattr(typing, name) for name in ("get_origin", "get_args", "Union", "cast")})
    cached.get_type_hints = functools.cache(typing.get_type_hints)
    definitions.typing = cached  # type: ignore[assignment]
    return ["definitions: one CSafeLoader pass", "definitions: get_type_hints cached per class"]
