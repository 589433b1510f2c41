"""Which modules of ``generator/runtime`` each generated package gets, and their text as copied.

The runtime is the code that is the same in every package (codec helpers, the text and XML
formats): it lives as real, type-checked Python in ``generator/runtime`` and is copied verbatim
under the generated-file header; black then formats the copy like any rendered file.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from ..model import Definition

# Module -> the doc style that needs it (None: every package).
RUNTIME: dict[str, str | None] = {
    "_wire.py": None,
    "_text.py": "servicestack",
    "_xml.py": "servicestack",
}


def runtime_plan(defn: Definition) -> list[tuple[str, str]]:
    """(runtime module, output path) pairs for one API, sorted by output path."""
    package = defn.overrides.package
    plan = [(name, f"{package}/{name}") for name, style in RUNTIME.items() if style in (None, defn.api.style)]
    return sorted(plan, key=lambda item: item[1])


@cache
def runtime_source(name: str) -> str:
    """The text of ``generator/runtime/<name>`` (read once per process)."""
    return resources.files("generator.runtime").joinpath(name).read_text(encoding="utf-8")


def with_header(header: str, source: str) -> str:
    """``source`` under the generated-file ``header`` (two comment lines), as the templates lay it out."""
    return f"{header}\n\n{source}"
