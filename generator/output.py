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


def write_tree(folder: Path, files: dict[str, str]) -> list[str]:
    """Make ``folder`` hold exactly ``files``: write changed ones, delete stale ones; return what changed."""
    current = existing_files(folder)
    changed = []
    for rel, text in sorted(files.items()):
        if current.get(rel) != text:
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            # newline="" keeps "\n" on every platform: the bytes are the golden record.
            with open(target, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            changed.append(rel)
    for rel in sorted(set(current) - set(files)):
        (folder / rel).unlink()
        changed.append(rel)
    return changed


def diff_tree(folder: Path, files: dict[str, str], label: str) -> str:
    """Unified diff from what is on disk under ``folder`` to ``files`` ('' when equal)."""
    current = existing_files(folder)
    chunks = []
    for rel in sorted(set(current) | set(files)):
        old, new = current.get(rel), files.get(rel)
        if old == new:
            continue
        chunks.extend(
            difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                (new or "").splitlines(keepends=True),
                fromfile=f"a/{label}/{rel}" if old is not None else "/dev/null",
                tofile=f"b/{label}/{rel}" if new is not None else "/dev/null",
            )
        )
    return "".join(chunks)
