"""Extraction benchmark: pages per second of ``generator.extract.extract_text`` over a mixed corpus.

Corpus: every ``tests/fixtures/**/*.txt`` page (but the diff fixtures' expected reports), the seed pages under
``definitions/*/sources`` and, when present, the real captures in ``../shared/corpus/*/``.  Pages with no API
content (overviews, junk) are read like any other and counted under style ``none``.  The figure is the median
over ``--repeat`` passes.

    python -m benchmarks.bench_extract [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from generator.errors import ExtractError
from generator.extract import detect_style, extract_text

ROOT = Path(__file__).resolve().parent.parent


def corpus(root: Path = ROOT) -> list[tuple[str, str]]:
    """(name, text) of every fixture and seed page, sorted by path."""
    fixtures = [p for p in sorted((root / "tests" / "fixtures").rglob("*.txt")) if "diff" not in p.relative_to(root).parts]
    paths = fixtures + sorted((root / "definitions").glob("*/sources/*")) + sorted((root.parent / "shared" / "corpus").glob("*/*.txt"))
    return [(p.name, p.read_bytes().decode("utf-8", "replace")) for p in paths if p.is_file()]


def bench(repeat: int = 5) -> dict:
    """Pages/s and MB/s over the extractable pages of the corpus, with a per-style count."""
    pages, rejected, styles = [], 0, {}
    for name, text in corpus():
        try:
            extract_text(text, name)
        except ExtractError:
            rejected += 1
            continue
        except Exception as exc:  # a crash is a finding, not a reason to stop the benchmark
            print(f"extract_text crashed on {name}: {type(exc).__name__}: {exc}")
            rejected += 1
            continue
        pages.append((name, text))
        style = detect_style(text) or "none"
        styles[style] = styles.get(style, 0) + 1
    start = time.perf_counter()
    for name, text in pages:
        extract_text(text, name)
    # A pass over a small corpus is short: loop it so each sample lasts ~0.3 s.
    loops = max(1, int(0.3 / max(time.perf_counter() - start, 1e-6)))
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(loops):
            for name, text in pages:
                extract_text(text, name)
        times.append((time.perf_counter() - start) / loops)
    seconds = statistics.median(times)
    size = sum(len(t.encode("utf-8")) for _, t in pages)
    return {"pages": len(pages), "rejected": rejected, "styles": styles, "seconds": seconds,
            "pages_per_second": len(pages) / seconds if seconds else 0.0, "mb_per_second": size / 1e6 / seconds if seconds else 0.0,
            "repeat": repeat}


def table(result: dict) -> str:
    """The extraction table."""
    from benchmarks.report import table as md

    styles = ", ".join(f"{k}: {v}" for k, v in sorted(result["styles"].items()))
    return "\n".join([
        f"Extraction, {result['pages']} pages ({styles}; {result['rejected']} crashed and left out), median of {result['repeat']}",
        md(["pages/s", "MB/s", "seconds per pass"], [[f"{result['pages_per_second']:.0f}", f"{result['mb_per_second']:.2f}", result["seconds"]]]),
    ])


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    print(table(bench(args.repeat)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
