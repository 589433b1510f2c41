"""Stage 4: black-format rendered python in-process, then gate it through libcst.

black is pinned in pyproject.toml because its output is part of the golden record.
A file that black or libcst rejects is a template bug: the error names the file.
"""

from __future__ import annotations

import black
import libcst

from .errors import RenderError

MODE = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=100)


def format_python(text: str, where: str) -> str:
    """black-format one module and prove it parses; raise RenderError naming ``where``."""
    try:
        formatted = black.format_str(text, mode=MODE)
    except black.InvalidInput as exc:
        raise RenderError(f"generated code is not valid python: {exc}", where) from None
    try:
        libcst.parse_module(formatted)
    except libcst.ParserSyntaxError as exc:
        raise RenderError(f"libcst rejects generated code: {exc.message} at line {exc.raw_line}", where) from None
    return formatted


def format_files(files: dict[str, str], label: str = "") -> dict[str, str]:
    """Format every ``.py`` entry of a rendered ``{path: text}`` map; others pass through."""
    prefix = f"{label}/" if label else ""
    return {
        path: format_python(text, prefix + path) if path.endswith(".py") else text
        for path, text in sorted(files.items())
    }
