"""Stage 5: the only stage that writes: put ``{path: text}`` under a folder, or diff against it."""

from __future__ import annotations

import difflib
from pathlib import Path


def existing_files(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` as ``{relative posix path: text}`` (caches skipped)."""
    if not folder.is_dir():
        return {}
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and not any(part in ("__pycache__", ".mypy_cache") or part.endswith(".egg-info") for part in rel.parts):
            out[rel.as_posix()] = path.read_text("utf-8", errors="replace")
    return out


def write_file(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` unless it already holds exactly that; True if written."""
    if read_text(path) == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    # newline="" keeps "\n" on every platform: the bytes are the golden record.
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    return True


def write_tree(folder: Path, files: dict[str, str]) -> list[str]:
    """Make ``folder`` hold exactly ``files``: write changed ones, delete stale ones; return what changed."""
    current = existing_files(folder)
    changed = []
    for rel, text in sorted(files.items()):
        if current.get(rel) != text:
            write_file(folder / rel, text)
            changed.append(rel)
    for rel in sorted(set(current) - set(files)):
        (folder / rel).unlink()
        changed.append(rel)
    return changed


def diff_text(old: str | None, new: str | None, label: str) -> str:
    """Unified diff of one file's text (None = the file does not exist); '' when equal."""
    if old == new:
        return ""
    return "".join(
        difflib.unified_diff(
            (old or "").splitlines(keepends=True),
            (new or "").splitlines(keepends=True),
            fromfile=f"a/{label}" if old is not None else "/dev/null",
            tofile=f"b/{label}" if new is not None else "/dev/null",
        )
    )


def read_text(path: Path) -> str | None:
    """The file's text, or None when it does not exist."""
    return path.read_text("utf-8", errors="replace") if path.is_file() else None


def diff_tree(folder: Path, files: dict[str, str], label: str) -> str:
    """Unified diff from what is on disk under ``folder`` to ``files`` ('' when equal)."""
    current = existing_files(folder)
    return "".join(
        diff_text(current.get(rel), files.get(rel), f"{label}/{rel}") for rel in sorted(set(current) | set(files))
    )
