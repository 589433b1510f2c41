"""Test helper: the corpus tree (``doc2sdk corpus``) built once per test process and shared.

Building takes a few seconds; the diff and end-to-end corpus tests all read the
same tree, so it is built on first use into a temporary folder and removed when
the process exits.  Tests that need it skip, saying why, without ../shared/corpus.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the real corpus is not here ({CORPUS}); CI has it at ../shared/corpus")


@functools.cache
def corpus_tree() -> Path:
    """The built tree (definitions/ and generated/ of every corpus recipe), built at most once."""
    from generator import corpus

    out = Path(tempfile.mkdtemp(prefix="doc2sdk-corpus-"))
    atexit.register(shutil.rmtree, out, True)
    corpus.build(ROOT, out)
    return out
