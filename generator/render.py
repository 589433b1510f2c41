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
    """(template, output path) pairs for one API, in a fixed order."""
    pkg = defn.overrides.package
    plan = [
        ("pyproject.toml.jinja", "pyproject.toml"),
        ("README.md.jinja", "README.md"),
        ("py.typed.jinja", f"{pkg}/py.typed"),
        ("__init__.py.jinja", f"{pkg}/__init__.py"),
        ("models.py.jinja", f"{pkg}/models.py"),
        ("codecs.py.jinja", f"{pkg}/codecs.py"),
        ("client.py.jinja", f"{pkg}/client.py"),
    ]
    if defn.api.signing is not None:
        plan.append(("signing.py.jinja", f"{pkg}/signing.py"))
    return [(t, p) for t, p in plan if (templates_dir() / t).is_file()]


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
