"""cProfile of one cold generate of the synthetic API, single process, so black's time is visible.

    python -m benchmarks.profile_generate [--scale 1] [--top 25]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import tempfile
from pathlib import Path

from benchmarks import synth


def profile(scale: int, top: int) -> str:
    """Run load -> render -> format (no cache, one process) -> write under cProfile; return the report."""
    from generator import definitions, output
    from generator.formatting import formatter as format
    from generator.rendering import environment as render

    with tempfile.TemporaryDirectory(prefix="doc2sdk-prof-") as tmp:
        folder = synth.write_synthetic(Path(tmp), scale)
        os.environ["DOC2SDK_NO_CACHE"] = "1"
        format._workers = lambda: 1  # type: ignore[attr-defined]  # keep black in this process
        profiler = cProfile.Profile()
        profiler.enable()
        defn = definitions.load_definition(folder, "definitions/synthetic")
        files = format.format_files(render.render(defn), "generated/synthetic")
        output.write_tree(Path(tmp) / "generated", files)
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    print(profile(args.scale, args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
