"""Test helper: render a definition, write it to a temp dir and import it under a unique name.

Generated packages use relative imports only, so each can be imported under a
name of our choosing (``_codegen_<package>_<n>``); nothing clashes with the
real ``paysecure``/``praxis`` packages or with another test's render.
"""

from __future__ import annotations

import importlib
import importlib.util
import itertools
import sys
from pathlib import Path
from types import ModuleType

from generator.definitions import load_definition
from generator.formatting.formatter import format_files
from generator.model import Definition
from generator.rendering.environment import render

FIXTURES = Path(__file__).parent / "fixtures" / "codecs"
_counter = itertools.count(1)


def load_fixture(name: str) -> Definition:
    """A definition under tests/fixtures/codecs/<name>/ (or any folder path)."""
    folder = FIXTURES / name if not Path(name).is_absolute() else Path(name)
    return load_definition(folder, f"tests/fixtures/codecs/{folder.name}")


def generate(defn: Definition, target: Path) -> Path:
    """Render and format ``defn`` into ``target``; returns the import package's folder."""
    for path, text in format_files(render(defn), defn.api.name).items():
        out = target / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    return target / defn.overrides.package


def import_package(folder: Path) -> ModuleType:
    """Import the package at ``folder`` under a fresh unique name; returns the package module."""
    name = f"_codegen_{folder.name}_{next(_counter)}"
    spec = importlib.util.spec_from_file_location(name, folder / "__init__.py", submodule_search_locations=[str(folder)])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def build(defn: Definition, target: Path) -> tuple[ModuleType, ModuleType]:
    """(models, codecs) of ``defn`` rendered into ``target``."""
    package = import_package(generate(defn, target))
    return importlib.import_module(package.__name__ + ".models"), importlib.import_module(package.__name__ + ".codecs")
