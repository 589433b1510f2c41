"""The project's content-addressed cache, kept outside the repository.

An entry maps a key (a sha256 its user derives from everything the value depends on)
to a text: black's (libcst-gated) output (``formatting``), "validated" markers
(``definitions``) and compiled templates (``rendering``, in a side folder).  Entries are written to a temporary file and renamed into
place, so concurrent writers of the same key can only race to store identical
bytes and a reader never sees half an entry.  Each entry carries the sha256 of
its body: a truncated or edited entry fails the check, is treated as a miss and
is rewritten.  Nothing here raises: a cache that cannot be read or written just
stops saving time.

Location: ``$DOC2SDK_CACHE_DIR``, else ``$XDG_CACHE_HOME/doc2sdk/black``, else
``~/.cache/doc2sdk/black`` (the folder kept black's name, where it began, so existing caches stay
warm).  ``DOC2SDK_NO_CACHE=1`` turns it off.  Imports nothing of doc2sdk: every stage may use it.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

# Bump when what an entry means changes (e.g. the gate applied before storing); it also
# starts every key of black's entries (``formatting.formatter.cache_key``).
SCHEME = "doc2sdk-black-1"
_MAGIC = SCHEME.encode("ascii") + b" "


def cache_dir() -> Path | None:
    """Where entries live, or None when caching is turned off by ``DOC2SDK_NO_CACHE``."""
    if os.environ.get("DOC2SDK_NO_CACHE", "").strip() not in ("", "0"):
        return None
    explicit = os.environ.get("DOC2SDK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "doc2sdk" / "black"


def side_dir(name: str) -> Path | None:
    """A folder for another of doc2sdk's caches inside the cache folder (None when caching is off).

    Black's entries live in two-hex-digit fan-out folders, so a longer ``name`` never meets them.
    """
    folder = cache_dir()
    return folder / name if folder is not None else None


def _entry_path(folder: Path, key: str) -> Path:
    # Two-level fan-out keeps directories small on large APIs.
    return folder / key[:2] / key


def read_entry(folder: Path, key: str) -> str | None:
    """The cached output for ``key``, or None if absent, unreadable or corrupt."""
    try:
        data = _entry_path(folder, key).read_bytes()
    except OSError:
        return None
    header, sep, body = data.partition(b"\n")
    if not sep or not header.startswith(_MAGIC):
        return None
    if header[len(_MAGIC) :].decode("ascii", "replace") != hashlib.sha256(body).hexdigest():
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def write_entry(folder: Path, key: str, text: str) -> bool:
    """Store ``text`` under ``key`` atomically; False (and no trace) if the disk refuses."""
    body = text.encode("utf-8", "surrogatepass")
    data = _MAGIC + hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + body
    target = _entry_path(folder, key)
    # Unique per process and thread, so two writers never share a temporary file; cheaper
    # than tempfile.mkstemp's random names (a cold run writes thousands of entries).
    tmp = target.with_name(f".{key[:16]}.{os.getpid()}.{threading.get_ident()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    try:
        try:
            fd = os.open(tmp, flags, 0o600)
        except FileNotFoundError:  # first entry of its fan-out folder: make it, then retry once
            target.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(tmp, flags, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # os.replace is atomic on POSIX and Windows: readers see the old entry or the new one.
        os.replace(tmp, target)
        return True
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False
