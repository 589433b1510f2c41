"""The arrows between generator's packages point one way (docs/architecture.md, "What may import what").

Imports are read with ``ast`` from the source (no module is imported), lazy ones inside functions
and ``TYPE_CHECKING`` ones included: a lazy import is still a dependency.  A unit is a subpackage
(``generator/rendering/``) or a top-level module (``generator/model.py``).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

# The model between the stages: the types, their type expressions, the errors.
MODEL = {"model", "typeexpr", "errors"}
# What each unit may import besides itself (units not listed: anything that keeps the graph acyclic).
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "typeexpr": set(),
    "model": {"typeexpr"},
    "cache": set(),
    "codestyle": set(),
    "runtime": set(),
    "output": set(),
    "extract": MODEL,
    "definitions": MODEL | {"cache"},
    "rendering": MODEL | {"cache", "codestyle", "definitions"},
    "formatting": {"errors", "cache", "codestyle"},
    "review": MODEL | {"definitions"},
}
# What the tools beside the pipeline must never import (they read definitions and generated packages).
FORBIDDEN = {
    "simulation": {"extract", "review", "verification"},
    "verification": {"extract", "formatting", "review", "simulation"},
}
# The CLI layer: only the CLI itself reaches it.
CLI = {"cli", "commands", "__main__"}


def _unit(relative: Path) -> str:
    """The unit of a module path relative to generator/: its first folder, else its module name."""
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def _dotted(relative: Path) -> list[str]:
    parts = list(relative.with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _targets(tree: ast.AST, relative: Path) -> set[str]:
    """The first component (under generator) of every internal module ``tree`` imports."""
    package = _dotted(relative) if relative.name == "__init__.py" else _dotted(relative)[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "generator" and len(parts) > 1:
                    found.add(parts[1])
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                full = base + (node.module.split(".") if node.module else [])
            elif node.module and node.module.split(".")[0] == "generator":
                full = node.module.split(".")[1:]
            else:
                continue
            if full:
                found.add(full[0])
            else:  # ``from . import x`` at generator's top: each name is a unit
                found.update(alias.name for alias in node.names)
    return found


@cache
def _modules() -> dict[Path, ast.AST]:
    return {p.relative_to(PACKAGE): ast.parse(p.read_text(encoding="utf-8")) for p in sorted(PACKAGE.rglob("*.py"))}


@cache
def _graph() -> dict[str, set[str]]:
    """unit -> the other units it imports."""
    graph: dict[str, set[str]] = {}
    for relative, tree in _modules().items():
        unit = _unit(relative)
        graph.setdefault(unit, set()).update(t for t in _targets(tree, relative) if t != unit)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle among units, or None."""
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    stack: list[str] = []

    def visit(unit: str) -> list[str] | None:
        state[unit] = 1
        stack.append(unit)
        for nxt in sorted(graph.get(unit, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[unit] = 2
        return None

    for unit in sorted(graph):
        if unit not in state and (found := visit(unit)):
            return found
    return None


def test_the_graph_is_read() -> None:
    graph = _graph()
    assert {"extract", "definitions", "rendering", "formatting", "review", "simulation", "verification"} <= set(graph)
    assert "definitions" in graph["project"] and "formatting" in graph["project"]


def test_no_import_cycles_between_units() -> None:
    assert _cycle(_graph()) is None, " -> ".join(_cycle(_graph()) or [])


def _module_graph() -> dict[str, set[str]]:
    """module -> the modules of generator it imports (dotted under generator; a package is its __init__)."""
    names = {".".join(_dotted(relative)) for relative in _modules()}
    graph: dict[str, set[str]] = {}
    for relative, tree in _modules().items():
        package = _dotted(relative) if relative.name == "__init__.py" else _dotted(relative)[:-1]
        deps: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("generator.")):
                if node.level:
                    base = ".".join(package[: len(package) - (node.level - 1)] + (node.module.split(".") if node.module else []))
                else:
                    base = (node.module or "").removeprefix("generator.")
                for alias in node.names:
                    sub = f"{base}.{alias.name}".strip(".")
                    deps.add(sub if sub in names else base)
        name = ".".join(_dotted(relative))
        graph[name] = {d for d in deps if d in names and d != name}
    return graph


@pytest.mark.parametrize(("site", "other"), [("servicestack", "praxis"), ("praxis", "servicestack")])
def test_each_doc_site_reads_its_pages_alone(site: str, other: str) -> None:
    deps = {d for m, ds in _module_graph().items() if m.startswith(f"extract.{site}") for d in ds}
    assert not {d for d in deps if d.startswith(f"extract.{other}")}


def test_the_dto_language_readers_know_no_page() -> None:
    languages = "extract.servicestack.languages"
    deps = {d for m, ds in _module_graph().items() if m.startswith(languages) for d in ds}
    assert {d for d in deps if d.startswith("extract.servicestack.") and not d.startswith(languages)} == set()


def test_no_import_cycles_between_modules() -> None:
    # e.g. filters and wire_plan once imported each other (one of them lazily).
    graph = _module_graph()
    assert "rendering.filters" in graph["rendering.wire_plan"]
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_a_cycle_is_found() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("unit", sorted(ALLOWED))
def test_each_stage_imports_only_what_it_may(unit: str) -> None:
    allowed = ALLOWED[unit]
    assert _graph().get(unit, set()) <= allowed, f"{unit} imports {sorted(_graph()[unit] - allowed)}"


@pytest.mark.parametrize("unit", sorted(FORBIDDEN))
def test_tools_stay_beside_the_pipeline(unit: str) -> None:
    assert not _graph()[unit] & FORBIDDEN[unit]


def test_the_model_knows_no_page_and_no_template() -> None:
    for unit in MODEL:
        assert _graph().get(unit, set()) <= MODEL


def test_nothing_outside_the_cli_imports_it() -> None:
    offenders = {unit: sorted(deps & CLI) for unit, deps in _graph().items() if unit not in CLI and deps & CLI}
    assert not offenders


def _internal_name(node: ast.expr) -> bool:
    """Whether ``node`` (an import_module argument) spells a module of generator."""
    if isinstance(node, ast.JoinedStr) and node.values:
        node = node.values[0]
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.split(".")[0] == "generator"


def test_no_dynamic_imports_of_internal_modules() -> None:
    # Generated SDK modules are imported by name (simulation, verification): they are not generator's.
    uses = set()
    for relative, tree in _modules().items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in ("import_module", "__import__") and _internal_name(node.args[0]):
                uses.add(relative.as_posix())
    assert uses == set()


def test_a_dynamic_import_is_seen() -> None:
    call = ast.parse('importlib.import_module(f"generator.{name}")').body[0]
    assert isinstance(call, ast.Expr) and isinstance(call.value, ast.Call)
    assert _internal_name(call.value.args[0])
    assert not _internal_name(ast.parse('f"{sdk}.codecs"').body[0].value)  # type: ignore[attr-defined]
