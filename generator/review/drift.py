"""Doc drift: which captured pages changed since the definitions were extracted, and what they feed.

``api.pages`` records each page's SHA-256 at extraction time; comparing it with
the bytes now in ``definitions/<api>/sources/`` names the pages to re-read and
the operations whose definitions cite them, before any code diff is shown.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..model import Api, Operation
from .wire import reachable

CHANGED, ADDED, REMOVED = "changed", "added", "removed"


@dataclass(frozen=True)
class PageDrift:
    """One page whose bytes differ from what the definitions were extracted from."""

    file: str
    status: str  # changed | added | removed
    operations: tuple[str, ...] = ()


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _cited_file(source: str) -> str:
    """The page a ``file:line`` cites, by file name (sources may carry a folder prefix)."""
    return Path(source.rsplit(":", 1)[0]).name


def _op_sources(api: Api, op: Operation) -> Iterable[str]:
    """Every ``file:line`` an operation's definition rests on, its reachable types' included."""
    yield op.source
    yield from op.also
    yield from (example.source for example in op.examples)
    types = {t.name: t for t in api.types}
    for name in reachable(types, [op.request] + ([op.response] if op.response else [])):
        typedef = types[name]
        yield typedef.source
        yield from typedef.also
        for item in typedef.fields:
            yield item.source
            yield from item.also
        for member in typedef.members:
            yield member.source
            yield from member.also


def page_drift(api: Api, sources: Path | Sequence[Path]) -> list[PageDrift]:
    """Pages changed, added or removed since extraction, sorted by file name.

    ``sources`` is a ``sources/`` folder or the list of page paths (``sources.list``).
    """
    recorded = {page.file: page.sha256 for page in api.pages}
    if isinstance(sources, Path):
        paths = [p for p in sources.glob("*") if p.is_file() and not p.name.startswith(".")] if sources.is_dir() else []
    else:
        paths = list(sources)
    by_name = {p.name: p for p in paths}
    present = set(by_name)
    feeds: dict[str, set[str]] = {}
    for op in api.operations:
        for source in _op_sources(api, op):
            if source:
                feeds.setdefault(_cited_file(source), set()).add(op.name)
    out = []
    for name in sorted(set(recorded) | present):
        if name not in present:
            status = REMOVED
        elif name not in recorded:
            status = ADDED
        elif _sha256(by_name[name]) != recorded[name]:
            status = CHANGED
        else:
            continue
        out.append(PageDrift(name, status, tuple(sorted(feeds.get(Path(name).name, ())))))
    return out


def changed_pages(api: Api, sources: Path | Sequence[Path]) -> list[tuple[str, list[str]]]:
    """(page file, operations it feeds) for every page changed, added or removed since extraction."""
    return [(d.file, list(d.operations)) for d in page_drift(api, sources)]
