"""Where an API's pages, definitions and generated package live under a project root, and how to build it.

Neutral ground: the CLI verbs, the simulator, verification and the corpus builder all hold a
``Project``; it calls the stages (extract, definitions, rendering, formatting), never a verb.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import definitions as defs
from .errors import DefinitionError
from .output import existing_files

if TYPE_CHECKING:
    from .extract import Extraction
    from .formatting.formatter import FormatStats, Layout, Progress
    from .model import Definition

# Stages are imported where they are used: `extract` needs neither Jinja nor the formatter,
# and every verb runs in its own short process (`make generate`, `doc2sdk check`).

SOURCES_LIST = "sources.list"


def sources_listed(listing: Path) -> list[Path]:
    """The page paths a ``sources.list`` names (blank lines and ``#`` comments skipped), sorted by name."""
    paths = []
    for number, line in enumerate(listing.read_text(encoding="utf-8").splitlines(), 1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        path = listing.parent / entry
        if not path.is_file():
            raise DefinitionError(f"listed page not found: {entry}", f"{listing}:{number}")
        paths.append(path)
    return sorted(paths, key=lambda p: p.name)


class Project:
    """Where an API's definitions and generated package live under a project root."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def definition_dir(self, api: str) -> Path:
        """``definitions/<api>``."""
        return self.root / "definitions" / api

    def generated_dir(self, api: str) -> Path:
        """``generated/<api>``."""
        return self.root / "generated" / api

    def apis(self) -> list[str]:
        """Every API with a definitions folder, sorted."""
        base = self.root / "definitions"
        if not base.is_dir():
            raise DefinitionError("no definitions/ folder (run from the project root or pass --root)", str(base))
        return sorted(p.name for p in base.iterdir() if (p / "sources").is_dir() or (p / "api.yaml").is_file())

    def sources(self, api: str) -> list[Path]:
        """The captured pages of an API, sorted by name: ``sources/``, or the pages ``sources.list`` names.

        ``sources.list`` (one path per line, relative to the definitions folder) lets a tree such as
        ``build/corpus`` read pages where they are instead of copying third-party text.
        """
        folder = self.definition_dir(api)
        if (folder / "sources").is_dir():
            return sorted(p for p in (folder / "sources").iterdir() if p.is_file() and not p.name.startswith("."))
        listing = folder / SOURCES_LIST
        if listing.is_file():
            return sources_listed(listing)
        raise DefinitionError(f"no sources/ folder with captured pages nor a {SOURCES_LIST}", f"definitions/{api}")

    def extract(self, api: str) -> Extraction:
        """Extract an API's sources into a fresh Api named after its folder."""
        from .extract import extract_pages

        return extract_pages(self.sources(api), api_name=api)

    def load(self, api: str) -> Definition:
        """Load ``definitions/<api>`` (api.yaml with overrides merged)."""
        return defs.load_definition(self.definition_dir(api), f"definitions/{api}")

    def build(self, api: str, *, reuse: bool = False, stats: FormatStats | None = None,
              progress: Progress | None = None, notes: list[str] | None = None) -> dict[str, str]:
        """Render and format an API's package in memory, its manifest included.

        With ``reuse``, a committed file that matches its manifest entry stands for black's
        output of the same render (and of its pieces); ``notes`` receives what could not be reused.
        """
        from .formatting.formatter import FormatStats, format_files
        from .formatting.manifest import NAME, dump, known_from
        from .rendering.environment import render

        label = f"generated/{api}"
        files = render(self.load(api))
        known = None
        if reuse:
            known, found = known_from(existing_files(self.generated_dir(api)), label)
            if notes is not None:
                notes.extend(found)
        layouts: dict[str, Layout | None] = {}
        stats = stats if stats is not None else FormatStats()
        out = format_files(files, label, stats, known=known, layouts=layouts, progress=progress)
        if stats.distrusted and notes is not None:
            notes.append(f"{stats.distrusted}: its manifest entry lists pieces its render does not have "
                         "(stale manifest?): every file is formatted")
        out[NAME] = dump(api, files, out, layouts)
        return dict(sorted(out.items()))

    def build_reporting(self, api: str, reuse: bool = True) -> dict[str, str]:
        """``build`` for a verb: notes and black's progress on stderr (see ``generator.formatting.progress``)."""
        from .formatting.formatter import FormatStats
        from .formatting.progress import Reporter

        stats, reporter = FormatStats(), Reporter(f"generated/{api}")
        notes: list[str] = []
        files = self.build(api, reuse=reuse, stats=stats, progress=reporter, notes=notes)
        for note in notes:
            print(f"doc2sdk: {note}", file=sys.stderr)
        reporter.finish(stats)
        return files
