"""The generated package a simulator speaks through: rendered in memory, imported under a private name.

The simulator encodes and decodes with the generated ``codecs`` so that it speaks
exactly the formats the generated client does.  The package is imported under a
unique alias (``_doc2sdk_sim_<package>_<n>``): it never shadows an installed
``paysecure``/``praxis`` and several builds can live in one process.
"""

from __future__ import annotations

import importlib
import importlib.util
import itertools
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from ..errors import Doc2SdkError
from ..formatting.formatter import format_files
from ..model import Definition
from ..output import write_tree
from ..rendering.environment import render

_COUNTER = itertools.count(1)
SUBMODULES = ("errors", "models", "codecs", "client", "signing", "money", "webhooks")


@dataclass(frozen=True)
class Sdk:
    """A generated package imported for use: its definition and its modules by short name."""

    definition: Definition
    package: ModuleType
    modules: dict[str, ModuleType]

    def __getattr__(self, name: str) -> ModuleType:
        try:
            return self.modules[name]
        except KeyError:
            raise AttributeError(name) from None


def build_files(defn: Definition) -> dict[str, str]:
    """Render and format the package of ``defn`` in memory."""
    return format_files(render(defn), f"generated/{defn.api.name}")


def import_sdk(defn: Definition, files: dict[str, str], workdir: Path, modules: tuple[str, ...] = SUBMODULES) -> Sdk:
    """Write ``files`` under ``workdir`` and import their package (those of ``modules`` it has) under a fresh alias."""
    write_tree(workdir, files)
    package = defn.overrides.package
    folder = workdir / package
    alias = f"_doc2sdk_sim_{package}_{next(_COUNTER)}"
    spec = importlib.util.spec_from_file_location(
        alias, folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    if spec is None or spec.loader is None:
        raise Doc2SdkError("cannot import the generated package", str(folder))
    module = importlib.util.module_from_spec(spec)
    sys.modules[alias] = module
    spec.loader.exec_module(module)
    loaded = {}
    for name in modules:
        if (folder / f"{name}.py").is_file():
            loaded[name] = importlib.import_module(f"{alias}.{name}")
    return Sdk(definition=defn, package=module, modules=loaded)


def forget(sdk: Sdk) -> None:
    """Drop an imported package from ``sys.modules``."""
    prefix = sdk.package.__name__
    for name in [m for m in sys.modules if m == prefix or m.startswith(prefix + ".")]:
        del sys.modules[name]
