"""Which modules of ``generator/runtime`` each generated package gets, and their text as copied.

The runtime is the code that is the same in every package (codec helpers, the text and XML
formats): it lives as real, type-checked Python in ``generator/runtime`` and is copied verbatim
under the generated-file header; black then formats the copy like any rendered file.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from ..model import Definition
from .filters import speaks_format

# Module -> the doc style that needs it (None: every package).
RUNTIME: dict[str, str | None] = {
    "_wire.py": None,
    "_text.py": "servicestack",
    "_xml.py": "servicestack",
}
# Module -> the wire format whose documentation brings it in (``speaks_format``): a package
# whose pages never show the format has no codec for it, so it gets no helpers either.
FORMAT_RUNTIME: dict[str, str] = {
    "_jsonl.py": "jsonl",
}


def runtime_plan(defn: Definition) -> list[tuple[str, str]]:
    """(runtime module, output path) pairs for one API, sorted by output path."""
    package = defn.overrides.package
    plan = [(name, f"{package}/{name}") for name, style in RUNTIME.items() if style in (None, defn.api.style)]
    plan += [(name, f"{package}/{name}") for name, fmt in FORMAT_RUNTIME.items() if speaks_format(defn, fmt)]
    return sorted(plan, key=lambda item: item[1])


@cache
def runtime_source(name: str) -> str:
    """The text of ``generator/runtime/<name>`` (read once per process)."""
    return resources.files("generator.runtime").joinpath(name).read_text(encoding="utf-8")


def with_header(header: str, source: str) -> str:
    """``source`` under the generated-file ``header`` (two comment lines), as the templates lay it out."""
    return f"{header}\n\n{source}"
