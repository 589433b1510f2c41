"""Stage 4: black-format rendered python, then gate it through libcst; cache and parallelise.

black is pinned in pyproject.toml because its output is part of the golden record.
A file that black or libcst rejects is a template bug: the error names the file.

Generation time is black's time, so it is spent only where needed:

* Each module is cut at top-level ``class``/``def`` boundaries into chunks that black
  formats independently (see ``split_module``); the pieces join into exactly the bytes
  black gives for the whole file.  A one-field change then re-formats one class, not
  the whole ``models.py``.
* Each chunk's output, and each whole module's, is cached by content hash
  (``generator.cache``), outside the repo.
* ``Known`` outputs come first: a committed file that matches its manifest entry
  (``generator.formatting.manifest``) is black's output for that render and, cut at the recorded
  line counts, for each of its pieces; so a fresh clone with no cache formats only
  what changed, and ``check`` formats nothing when nothing did.
* Cache misses run on all cores when there is enough work to pay for process start-up;
  ``progress`` hears how many are done (``generator.formatting.progress`` shows it).

The libcst gate runs on cache misses only: an entry is stored after its output passed
the gate, its key covers black's version, mode and input, and its digest is checked on
read, so gating a hit again would re-prove a fact at ~20% of black's cost (benchmarks/README.md).
"""

from __future__ import annotations

import gc
import hashlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import cache as content_cache
from ..codestyle import LINE_LENGTH, TARGET_VERSIONS
from ..errors import RenderError

if TYPE_CHECKING:
    from black.mode import Mode

# black and libcst are imported only when something must be formatted: together they
# are ~40% of the CLI's import time, and a warm regenerate needs neither.
_MODE_ARGS: dict[str, Any] = {"target_versions": TARGET_VERSIONS, "line_length": LINE_LENGTH}
# Stable across processes (unlike repr of a set of enums); black's version is keyed separately.
MODE_KEY = ";".join(f"{k}={v}" for k, v in sorted(_MODE_ARGS.items()))

# Below this many lines of cache misses, forking workers costs more than it saves
# (black formats ~2,000-3,000 lines/s; starting a pool costs ~50-100 ms).
PARALLEL_MIN_LINES = 1500
_CUT_BEFORE = ("class ", "def ", "async def ", "@")
# (output or None, error or None, black CPU s, gate CPU s) of one formatted text.
Result = tuple[str | None, str | None, float, float]
# How a formatted module is made: (digest of each piece's text, lines of black's output for it).
Layout = list[tuple[str, int]]
# Called with (pieces formatted, pieces to format) while black runs.
Progress = Callable[[int, int], None]


def text_digest(text: str) -> str:
    """sha256 of ``text`` as UTF-8: how a manifest names a rendered text (no black version in it)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class Known:
    """black outputs known without black or the cache (read from a committed tree and its manifest).

    ``texts`` maps the digest of a text (``text_digest``) to black's output for it: whole
    modules and pieces alike; ``layouts`` the digest of a module to its pieces' layout.
    """

    texts: dict[str, str] = field(default_factory=dict)
    # None: the module was formatted whole (a piece was rejected alone).
    layouts: dict[str, Layout | None] = field(default_factory=dict)


@cache
def black_version() -> str:
    """The installed black's version, read once: part of every key, so an upgrade starts afresh."""
    from importlib.metadata import version  # ~25 ms to import: only when a key is needed

    return version("black")


def mode_key(mode: Mode) -> str:
    """A stable text for ``mode`` (black's own, which sorts target versions, unlike repr)."""
    return mode.get_cache_key()


def cache_key(text: str, mode_key: str) -> str:
    """The entry name of ``text`` formatted by the installed black in the mode described by ``mode_key``."""
    digest = hashlib.sha256()
    for part in (content_cache.SCHEME, black_version(), mode_key):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@cache
def black_mode() -> Mode:
    """The black mode of every generated file (black imported on first use)."""
    from black.mode import Mode, TargetVersion

    targets = {TargetVersion[name] for name in _MODE_ARGS["target_versions"]}
    return Mode(target_versions=targets, line_length=_MODE_ARGS["line_length"])


def __getattr__(name: str) -> Any:
    """``MODE`` stays importable (``from generator.formatting.formatter import MODE``) without an eager black import."""
    if name == "MODE":
        return black_mode()
    raise AttributeError(name)


@dataclass
class FormatStats:
    """What one ``format_files`` call did; black/gate are CPU seconds summed over workers."""

    module_hits: int = 0
    # Modules and pieces taken from ``Known`` (a committed file that matches its manifest).
    reused: int = 0
    chunks: int = 0
    hits: int = 0
    misses: int = 0
    workers: int = 1
    # Modules formatted whole because a piece was rejected (a bad cut, or bad code).
    whole: int = 0
    # The first module whose ``Known`` layout names pieces its text does not have: then
    # nothing known was used (the manifest does not describe this tree).
    distrusted: str = ""
    black_seconds: float = 0.0
    gate_seconds: float = 0.0
    # CPU seconds spent writing cache entries of formatted chunks (by the workers, when
    # there are workers); part of run_seconds' wall, not black's or the gate's.
    store_seconds: float = 0.0
    # Wall seconds spent running black and the gate (pool start-up included); the rest
    # of a call is splitting, hashing and cache I/O.
    run_seconds: float = 0.0


def split_module(text: str, pyi: bool = False) -> list[str]:
    """Cut ``text`` before each top-level ``class``/``def``/decorator line that follows a blank line.

    black puts exactly two blank lines before a top-level class or def (non-stub mode)
    when the source has at least one blank line before it and the line above is neither
    a comment nor a decorator, and it formats each statement without looking at
    its neighbours; so formatting the pieces and joining them with two blank lines equals
    formatting the whole.  Target versions are fixed in the mode: black infers nothing per
    piece.  This is a line scan, not a parse (``ast.parse`` cost 5% of black's time): a
    column-0 ``class`` inside a string or brackets cuts a piece that ends inside that
    string or bracket, black rejects that piece, and the module is formatted whole.
    """
    if pyi or "\f" in text:
        return [text]  # black keeps form feeds between statements: never cut across one
    lines = text.splitlines(keepends=True)
    cuts = []
    previous = -1  # index of the last non-blank line
    # No cut before a class/def has been seen: right after the module docstring black
    # puts one blank line, not two, before a decorator.
    seen_def = False
    for index, line in enumerate(lines):
        if not line.strip(" \t\r\n"):
            continue
        if (
            seen_def
            and line.startswith(_CUT_BEFORE)
            and previous < index - 1
            and not lines[previous].lstrip().startswith(("#", "@"))
        ):
            cuts.append(index)
        seen_def = seen_def or line.startswith(_CUT_BEFORE[:3])
        previous = index
    bounds = [0, *cuts, len(lines)]
    return ["".join(lines[a:b]) for a, b in zip(bounds, bounds[1:])]


def join_chunks(chunks: Iterable[str]) -> str:
    """Join formatted chunks the way black separates top-level definitions."""
    return "\n\n".join(chunks)


def _format_batch(texts: list[str], store: tuple[Path, list[str]] | None = None) -> tuple[list[Result], float]:
    """black, then the libcst gate, on each of ``texts``; never raises.

    Returns [(output, error, black s, gate s)] and the CPU seconds spent storing outputs.
    black formats the whole batch before libcst parses any of it: each tool then runs with
    its own code and data warm in the CPU caches, which makes the gate ~20% cheaper than
    alternating them chunk by chunk.  Every output is parsed, in full, before it is returned
    or, with ``store`` = (cache folder, key of each text), written to the cache: workers
    write their own entries, so a cold run's thousands of small files are written on all cores.
    """
    import black
    import libcst
    from black.parsing import InvalidInput

    mode = black_mode()
    formatted: list[tuple[str | None, str | None, float]] = []
    for text in texts:
        # CPU time, not wall time: the split stays meaningful when workers share cores.
        start = time.process_time()
        try:
            out, error = black.format_str(text, mode=mode), None
        except InvalidInput as exc:
            out, error = None, f"generated code is not valid python: {exc}"
        formatted.append((out, error, time.process_time() - start))
    results: list[Result] = []
    # libcst builds ~700 nodes per chunk and keeps none: cyclic GC passes over them (and over
    # black's long-lived objects) only cost time.  Nothing here makes a cycle.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for out, error, black_s in formatted:
            start = time.process_time()
            if out is not None:
                try:
                    libcst.parse_module(out)
                except libcst.ParserSyntaxError as exc:
                    out, error = None, f"libcst rejects generated code: {exc.message} at line {exc.raw_line}"
            results.append((out, error, black_s, time.process_time() - start))
    finally:
        if collecting:
            gc.enable()
    start = time.process_time()
    if store is not None:
        folder, keys = store
        for key, (out, *_) in zip(keys, results):
            if out is not None:  # only what passed both black and the gate
                content_cache.write_entry(folder, key, out)
    return results, time.process_time() - start


def _format_chunk(text: str) -> Result:
    """black + libcst gate on one text: (output, error, black s, gate s); never raises."""
    return _format_batch([text])[0][0]


def _workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _batches(order: list[int], workers: int) -> list[list[int]]:
    """``order`` cut into ~8 consecutive batches per worker (enough to even out the tail)."""
    size = max(1, len(order) // (workers * 8))
    return [order[i : i + size] for i in range(0, len(order), size)]


def _run(
    texts: list[str], stats: FormatStats, folder: Path | None, keys: list[str], progress: Progress | None = None,
) -> list[Result]:
    """Format ``texts`` in order (storing each good output under its key), on all cores when there is enough work."""
    if not texts:
        return []  # nothing missed the cache: black and libcst are not even imported
    workers = min(_workers(), len(texts))
    parallel = workers >= 2 and sum(t.count("\n") for t in texts) >= PARALLEL_MIN_LINES
    # Biggest first, so one large chunk does not start last; results go back by index.
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i])) if parallel else list(range(len(texts)))
    # One core still runs in batches when someone watches: progress is reported between them.
    batches = _batches(order, workers) if parallel or progress is not None else [order]
    jobs = [([texts[i] for i in batch], None if folder is None else (folder, [keys[i] for i in batch])) for batch in batches]
    done: list[tuple[list[Result], float]] | None = None
    if progress is not None:
        progress(0, len(texts))  # formatting starts: the reporter's clock starts here
    if parallel:
        done = _run_pool(jobs, workers, len(texts), progress)
        if done is not None:
            stats.workers = workers
    if done is None:  # one core, or no processes here (sandbox, no /dev/shm), or a worker died
        done = []
        for job in jobs:
            done.append(_format_batch(*job))
            if progress is not None:
                progress(sum(len(outs) for outs, _ in done), len(texts))
    stats.store_seconds += sum(store_s for _, store_s in done)
    results = {i: result for batch, (outs, _) in zip(batches, done) for i, result in zip(batch, outs)}
    return [results[i] for i in range(len(texts))]


# (texts, (cache folder, key of each text) or None): the arguments of one ``_format_batch`` call.
Job = tuple[list[str], tuple[Path, list[str]] | None]


def _run_pool(jobs: list[Job], workers: int, total: int, progress: Progress | None) -> list[tuple[list[Result], float]] | None:
    """Each job's ``_format_batch`` result, in job order, from a process pool; None if there is no pool."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_format_batch, *job): index for index, job in enumerate(jobs)}
            done: dict[int, tuple[list[Result], float]] = {}
            for future in as_completed(futures):
                done[futures[future]] = future.result()
                if progress is not None:
                    progress(sum(len(outs) for outs, _ in done.values()), total)
    except (OSError, BrokenProcessPool):
        return None
    return [done[i] for i in range(len(jobs))]


def _format_modules(
    modules: dict[str, str], stats: FormatStats, known: Known | None = None,
    layouts: dict[str, Layout | None] | None = None, progress: Progress | None = None,
) -> dict[str, str]:
    """Format every module of ``{where: text}``; raise RenderError naming the first bad one.

    A module is looked up whole first: in ``known``, then (unless ``layouts`` is asked for)
    in the cache; only a module that misses is split, and only its chunks that miss both are
    formatted.  ``layouts``, if given, receives each module's layout (None when it was formatted
    whole).  A cached module carries no layout, so then every module that ``known`` lacks is
    split: its pieces are cache hits when it was formatted before.
    """
    known = known if known is not None else Known()
    folder = content_cache.cache_dir()
    result: dict[str, str] = {}
    # Without known outputs (the benchmarks' and tests' path), hash each module once, for the cache.
    digests = {where: text_digest(text) for where, text in modules.items()} if known.texts else {}
    stats.distrusted = _mismatched(known, modules, digests)
    if stats.distrusted:
        known = Known()
    module_keys = {where: cache_key(text, MODE_KEY) for where, text in modules.items()}
    for where in modules:
        digest = digests.get(where, "")
        reused = known.texts.get(digest)
        if reused is not None and (layouts is None or digest in known.layouts):
            result[where] = reused
            stats.reused += 1
            if layouts is not None:
                layouts[where] = known.layouts[digest]
            continue
        cached = content_cache.read_entry(folder, module_keys[where]) if folder is not None and layouts is None else None
        if cached is not None:
            result[where] = cached
            stats.module_hits += 1
    stale = {where: text for where, text in modules.items() if where not in result}
    pieces = {where: [(text_digest(c), c) for c in split_module(text)] for where, text in stale.items()}
    done = _format_chunks(pieces, known, folder, stats, progress)
    for where, items in pieces.items():
        if all(digest in done for digest, _ in items):
            result[where] = join_chunks(done[digest] for digest, _ in items)
            if layouts is not None:
                layouts[where] = [(digest, done[digest].count("\n")) for digest, _ in items]
        else:
            stats.whole += 1
            result[where] = _format_whole(modules[where], where, folder, module_keys[where])
            if layouts is not None:
                layouts[where] = None
        if folder is not None and len(items) > 1:
            content_cache.write_entry(folder, module_keys[where], result[where])
    return {where: result[where] for where in sorted(result)}


def _mismatched(known: Known, modules: dict[str, str], digests: dict[str, str]) -> str:
    """The first module whose known layout lists other pieces than its text splits into ('' if none).

    Cheap (a line scan and a hash per piece, no black), and it is what makes a stale or edited
    piece list show up: the layout written back is then computed, not copied.
    """
    for where, digest in sorted(digests.items()):
        layout = known.layouts.get(digest)
        if digest in known.texts and layout is not None:
            if [d for d, _ in layout] != [text_digest(piece) for piece in split_module(modules[where])]:
                return where
    return ""


def _format_chunks(
    pieces: dict[str, list[tuple[str, str]]], known: Known, folder: Path | None, stats: FormatStats, progress: Progress | None,
) -> dict[str, str]:
    """``{digest: formatted}`` for every chunk that is known, cached or formats cleanly (failures are left out)."""
    done: dict[str, str] = {}
    todo: dict[str, str] = {}  # cache key -> chunk text; identical chunks are formatted once
    digest_of: dict[str, str] = {}
    pending: set[str] = set()
    for digest, chunk in (item for items in pieces.values() for item in items):
        stats.chunks += 1
        if digest in done or digest in pending:
            continue
        reused = known.texts.get(digest)
        if reused is not None:
            done[digest] = reused
            stats.reused += 1
            continue
        key = cache_key(chunk, MODE_KEY)
        cached = content_cache.read_entry(folder, key) if folder is not None else None
        if cached is not None:
            done[digest] = cached
            stats.hits += 1
        else:
            todo[key], digest_of[key] = chunk, digest
            pending.add(digest)
    stats.misses = len(todo)
    keys = sorted(todo)
    started = time.perf_counter()
    outputs = _run([todo[k] for k in keys], stats, folder, keys, progress)
    stats.run_seconds += time.perf_counter() - started
    for key, (out, _, black_s, gate_s) in zip(keys, outputs):
        stats.black_seconds += black_s
        stats.gate_seconds += gate_s
        if out is not None:
            done[digest_of[key]] = out
    return done


def _format_whole(text: str, where: str, folder: Path | None = None, key: str = "") -> str:
    """Format a module whose pieces failed in one go, so errors carry the file's own line numbers."""
    cached = content_cache.read_entry(folder, key) if folder is not None and key else None
    if cached is not None:
        return cached
    out, error, _, _ = _format_chunk(text)
    if out is None:
        raise RenderError(error or "rejected by black", where)
    return out


def format_python(text: str, where: str) -> str:
    """black-format one module and prove it parses; raise RenderError naming ``where``."""
    return _format_modules({where: text}, FormatStats())[where]


def format_files(
    files: dict[str, str], label: str = "", stats: FormatStats | None = None, *, known: Known | None = None,
    layouts: dict[str, Layout | None] | None = None, progress: Progress | None = None,
) -> dict[str, str]:
    """Format every ``.py`` entry of a rendered ``{path: text}`` map; others pass through.

    ``stats``, if given, is filled in with chunk, cache and timing counts; ``known`` supplies
    outputs read from a committed tree, ``layouts`` receives each module's pieces (keys are
    ``files``' paths) and ``progress`` is called while black runs.
    """
    prefix = f"{label}/" if label else ""
    python = {prefix + path: text for path, text in files.items() if path.endswith(".py")}
    found: dict[str, Layout | None] | None = {} if layouts is not None else None
    formatted = _format_modules(python, stats if stats is not None else FormatStats(), known, found, progress)
    if layouts is not None and found is not None:
        layouts.update({where[len(prefix) :]: layout for where, layout in found.items()})
    return {path: formatted[prefix + path] if path.endswith(".py") else text for path, text in sorted(files.items())}
