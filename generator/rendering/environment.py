"""Stage 3: Definition -> ``{relative path: text}`` for ``generated/<api>/``, via Jinja templates.

One template per output file, named after it (``models.py.jinja`` renders
``<package>/models.py``), plus the runtime modules copied from ``generator/runtime``
(``runtime_copy``).  Nothing here touches the disk but reading templates and the runtime.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from .. import cache as content_cache
from ..errors import RenderError
from ..model import Definition
from .filters import FILTERS
from .runtime_copy import runtime_plan, runtime_source, with_header
from .testing_plan import TESTING_FILTERS, TESTING_GLOBALS
from .wire_plan import WIRE_FILTERS

# The codec filters (wire_plan) after the naming ones, as one table.
_FILTERS = {**FILTERS, **WIRE_FILTERS}


def templates_dir() -> Path:
    """Templates ship inside the wheel as generator/templates; a checkout keeps them at the root."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "templates", package.parent / "templates"):
        if (candidate / "models.py.jinja").is_file():
            return candidate
    raise RenderError("templates not found next to the generator package", str(package))


_OPTIONS: dict[str, Any] = {
    "undefined": jinja2.StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
    "autoescape": False,
}


@cache
def environment() -> jinja2.Environment:
    """The shared Jinja environment: strict, trimmed, with doc2sdk's filters.

    Compiled templates are kept in the cache folder (compiling them is ~0.1 s, a third of
    a warm ``generate``).  Jinja keys each entry by template name and a checksum of its
    source and checks its own and Python's version; the folder name adds what else shapes
    the compiled code: Jinja's version, the options above and the filter names.
    """
    folder = content_cache.side_dir("jinja-" + _compile_fingerprint())
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        bytecode_cache=_QuietBytecodeCache(str(folder)) if folder is not None and _make(folder) else None,
        **_OPTIONS,
    )
    env.filters.update(_FILTERS)
    # The testing module's sample values (templates/testing.py.jinja).
    env.filters.update(TESTING_FILTERS)
    env.globals.update(TESTING_GLOBALS)
    return env


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, but an unreadable or unwritable entry only costs a compile."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Load ``bucket`` (Jinja rejects a stale or foreign entry itself); a damaged entry is a miss."""
        try:
            super().load_bytecode(bucket)
        except Exception:  # e.g. a truncated pickle header: Jinja only guards the marshal part
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Store ``bucket`` (tmp file + rename, by Jinja); a full or read-only disk is ignored."""
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _compile_fingerprint() -> str:
    parts = [jinja2.__version__, repr(sorted((k, repr(v)) for k, v in _OPTIONS.items())), ",".join(sorted(_FILTERS) + sorted(TESTING_FILTERS) + sorted(TESTING_GLOBALS))]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:16]


def _make(folder: Path) -> bool:
    """Create ``folder``; False if the disk refuses (the cache then only loses its speed-up)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return True
    except OSError:
        return False


def output_plan(defn: Definition) -> list[tuple[str, str]]:
    """(template, output path) pairs for one API, sorted by output path.

    Every ``templates/*.jinja`` renders one file, plus ``templates/<style>/*.jinja``
    for the API's doc style; ``macros*.jinja`` hold shared pieces.  Python modules and ``py.typed`` go into the import package;
    other files (pyproject.toml, README.md) to the project root.
    """
    base = templates_dir()
    found = sorted(base.glob("*.jinja")) + sorted((base / defn.api.style).glob("*.jinja"))
    plan = []
    for template in found:
        name = template.name[: -len(".jinja")]
        if name.startswith("macros") or (name == "webhooks.py" and not defn.overrides.callbacks):
            continue  # webhooks: only a package whose overrides declare callbacks has one
        inside = name.endswith(".py") or name == "py.typed"
        plan.append((template.relative_to(base).as_posix(), f"{defn.overrides.package}/{name}" if inside else name))
    return sorted(plan, key=lambda item: item[1])


_HEADER = '{% from "macros.jinja" import header %}{{ header(definition) }}'


def render(defn: Definition) -> dict[str, str]:
    """Render every output file of ``defn``; keys are paths relative to ``generated/<api>/``."""
    env = environment()
    rendered: dict[str, str] = {}
    header = env.from_string(_HEADER).render(definition=defn)
    for module, path in runtime_plan(defn):
        rendered[path] = with_header(header, runtime_source(module))
    for template_name, path in output_plan(defn):
        try:
            text = env.get_template(template_name).render(definition=defn, api=defn.api, overrides=defn.overrides, path=path)
        except jinja2.TemplateError as exc:
            line = getattr(exc, "lineno", None)
            where = f"templates/{template_name}" + (f":{line}" if line else "")
            raise RenderError(f"{type(exc).__name__}: {exc.message} (rendering {defn.origin})", where) from None
        except (KeyError, ValueError, TypeError) as exc:
            # A filter met a definition it cannot name or type: report it, not a traceback.
            raise RenderError(f"{type(exc).__name__}: {exc} (rendering {defn.origin})", f"templates/{template_name}") from None
        rendered[path] = text
    return dict(sorted(rendered.items()))
