"""Stage 3: Definition -> ``{relative path: text}`` for ``generated/<api>/``, via Jinja templates.

One template per output file, named after it (``models.py.jinja`` renders
``<package>/models.py``).  Nothing here touches the disk but reading templates.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from .errors import RenderError
from .filters import FILTERS
from .model import Definition


def templates_dir() -> Path:
    """Templates ship inside the wheel as generator/templates; a checkout keeps them at the root."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / "models.py.jinja").is_file():
            return candidate
    raise RenderError("templates not found next to the generator package", str(here))


@cache
def environment() -> jinja2.Environment:
    """The shared Jinja environment: strict, trimmed, with doc2sdk's filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(FILTERS)
    return env


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
        if name.startswith("macros"):
            continue
        inside = name.endswith(".py") or name == "py.typed"
        plan.append((template.relative_to(base).as_posix(), f"{defn.overrides.package}/{name}" if inside else name))
    return sorted(plan, key=lambda item: item[1])


def render(defn: Definition) -> dict[str, str]:
    """Render every output file of ``defn``; keys are paths relative to ``generated/<api>/``."""
    env = environment()
    out: dict[str, str] = {}
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
        out[path] = text
    return out
