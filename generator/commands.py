"""The spine's verbs: ``extract``, ``generate`` and ``check``, each a thin shell over the stages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from typing import TYPE_CHECKING

from . import definitions as defs
from .errors import DefinitionError, Doc2SdkError
from .output import diff_text, diff_tree, existing_files, read_text, write_file, write_tree

if TYPE_CHECKING:
    from .extract import Extraction
    from .format import FormatStats, Layout, Progress
    from .model import Definition

# Stages are imported where they are used: `extract` needs neither Jinja nor the formatter,
# and every verb runs in its own short process (`make generate`, `doc2sdk check`).

REFRESH = "make generate  (or: doc2sdk extract {api} && doc2sdk generate {api})"
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
        from .format import FormatStats, format_files
        from .manifest import NAME, dump, known_from
        from .render import render

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
        """``build`` for a verb: notes and black's progress on stderr (see ``generator.progress``)."""
        from .format import FormatStats
        from .progress import Reporter

        stats, reporter = FormatStats(), Reporter(f"generated/{api}")
        notes: list[str] = []
        files = self.build(api, reuse=reuse, stats=stats, progress=reporter, notes=notes)
        for note in notes:
            print(f"doc2sdk: {note}", file=sys.stderr)
        reporter.finish(stats)
        return files


def _report(extraction: Extraction) -> None:
    for warning in extraction.warnings:
        print(warning, file=sys.stderr)


# ---------------------------------------------------------------- extract


def add_extract_arguments(parser: argparse.ArgumentParser) -> None:
    """``extract <api>...`` or ``extract PAGE... [-o FILE]``."""
    parser.add_argument("targets", nargs="+", metavar="API|PAGE", help="APIs under definitions/, or page files")
    parser.add_argument("-o", "--output", help="with page files: write the YAML here instead of stdout")
    parser.add_argument("--strict", action="store_true", help="exit 1 when extraction warns")


def run_extract(args: argparse.Namespace) -> int:
    """Rewrite definitions/<api>/api.yaml for each API named, or print the YAML of the given pages."""
    project = Project(args.root)
    targets = list(args.targets)
    # Names that are not files but API folders; several at once save an interpreter each
    # (`make generate` extracts every bundled API in one process).
    is_api = all(not Path(t).is_file() and project.definition_dir(t).is_dir() for t in targets)
    if is_api:
        if args.output:
            raise Doc2SdkError("-o goes with page files, not with an API name", targets[0])
        warned = False
        for api in targets:
            extraction = project.extract(api)
            write_file(project.definition_dir(api) / "api.yaml", defs.dump_api(extraction.api))
            _report(extraction)
            warned = warned or bool(extraction.warnings)
        return 1 if args.strict and warned else 0
    from .extract import extract_pages

    not_files = [t for t in targets if not Path(t).is_file()]
    unknown = [t for t in not_files if not project.definition_dir(t).is_dir()]
    if unknown:
        raise Doc2SdkError("no such page file or API under definitions/", unknown[0])
    if not_files:
        raise Doc2SdkError("API names and page files do not mix in one call", not_files[0])
    extraction = extract_pages([Path(t) for t in targets])
    text = defs.dump_api(extraction.api)
    if args.output:
        write_file(Path(args.output), text)
    else:
        sys.stdout.write(text)
    _report(extraction)
    return 1 if args.strict and extraction.warnings else 0


# ---------------------------------------------------------------- generate


def add_generate_arguments(parser: argparse.ArgumentParser) -> None:
    """``generate [<api>...] [--no-bump]``."""
    parser.add_argument("apis", nargs="*", metavar="API", help="APIs to render (default: all)")
    parser.add_argument("--no-bump", action="store_true", help="keep overrides.yaml's version even if the API changed since HEAD")


def run_generate(args: argparse.Namespace) -> int:
    """Render generated/<api>/ from definitions/<api>/ for each API, bumping its version first if due."""
    project = Project(args.root)
    for api in args.apis or project.apis():
        if not args.no_bump:
            _bump_version(project, api)
        changed = write_tree(project.generated_dir(api), project.build_reporting(api))
        print(f"generated/{api}: {len(changed)} file(s) changed" + (f" ({', '.join(changed)})" if changed else ""))
    return 0


def _bump_version(project: Project, api: str) -> None:
    """Record the version the changes since HEAD call for in overrides.yaml (see ``versioning``)."""
    from .versioning import proposed_bump, with_version

    bump = proposed_bump(project.root, api, project.load(api).overrides.version)
    if bump is None:
        return
    path = project.definition_dir(api) / "overrides.yaml"
    write_file(path, with_version(read_text(path) or f"package: {api}\n", bump.new))
    print(f"definitions/{api}: {bump.changes} API change(s) since HEAD call for a {bump.kind} release: {bump.old} -> {bump.new} (overrides.yaml)")


# ---------------------------------------------------------------- check


def add_check_arguments(parser: argparse.ArgumentParser) -> None:
    """``check [<api>...] [--full]``."""
    parser.add_argument("apis", nargs="*", metavar="API", help="APIs to check (default: all)")
    parser.add_argument("--full", action="store_true",
                        help="format every file with black instead of trusting files that match the manifest")


def run_check(args: argparse.Namespace) -> int:
    """Re-extract and re-render in memory; exit 1 with a unified diff if anything on disk differs.

    Only renders that differ from the manifest, and files that differ from their entry, are
    formatted (so nothing is when nothing changed).  An API with no sources/ (api.yaml only)
    has nothing to re-extract: its generated code is still checked.
    """
    project = Project(args.root)
    stale = False
    for api in args.apis or project.apis():
        folder = project.definition_dir(api)
        api_diff = ""
        if (folder / "sources").is_dir() or not (folder / "api.yaml").is_file():
            _report_drift(project, api)
            extraction = project.extract(api)
            api_diff = diff_text(read_text(folder / "api.yaml"), defs.dump_api(extraction.api), f"definitions/{api}/api.yaml")
        code_diff = diff_tree(project.generated_dir(api), project.build_reporting(api, reuse=not args.full), f"generated/{api}")
        if api_diff or code_diff:
            stale = True
            print(f"doc2sdk check: {api} is stale; refresh with: {REFRESH.format(api=api)}")
            sys.stdout.write(api_diff + code_diff)
        else:
            print(f"doc2sdk check: {api} is up to date")
    return 1 if stale else 0


def _report_drift(project: Project, api: str) -> None:
    """Name the source pages that changed since api.yaml was extracted, before any code diff."""
    from .drift import page_drift

    path = project.definition_dir(api) / "api.yaml"
    text = read_text(path)
    if text is None:
        return
    folder = project.definition_dir(api)
    pages = folder / "sources" if not (folder / SOURCES_LIST).is_file() else sources_listed(folder / SOURCES_LIST)
    for drift in page_drift(defs.parse_api(text, f"definitions/{api}/api.yaml"), pages):
        feeds = ", ".join(drift.operations) or "no operation yet"
        print(f"doc2sdk check: {api}: page {drift.file} {drift.status} since extraction (feeds: {feeds})")
