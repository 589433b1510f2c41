"""Run every benchmark and print one report: generation, codecs, extraction.

    python -m benchmarks.run [--quick] [--json OUT] [--readme]

``--quick`` runs scale 1 only, fewer messages and repeats (a smoke run, not for the README).
``--readme`` replaces the results section of benchmarks/README.md with this run's tables.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from pathlib import Path

from benchmarks import bench_codecs, bench_extract, bench_generate, report

README = Path(__file__).resolve().parent / "README.md"
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"


def run(quick: bool) -> tuple[dict, str]:
    """All benchmarks; (results, text report)."""
    scales = [1] if quick else [1, 2, 4]
    results: dict = {"python": platform.python_version(), "machine": platform.machine()}
    results["generation"] = bench_generate.run_all(scales)
    print("codecs...", file=sys.stderr)
    results["codecs"] = {
        "json": bench_codecs.bench_json(2_000 if quick else 20_000, 2 if quick else 5),
        "xml": bench_codecs.bench_xml(2_000 if quick else 20_000, 2 if quick else 5),
        "import_ms": bench_codecs.import_times(repeat=3 if quick else 7),
    }
    print("extraction...", file=sys.stderr)
    results["extraction"] = bench_extract.bench(3 if quick else 7)
    text = "\n\n".join([
        f"Python {results['python']} on {results['machine']}",
        report.generation_table(results["generation"]),
        report.codec_tables(results["codecs"]),
        bench_extract.table(results["extraction"]),
    ])
    return results, text


def write_readme(text: str) -> None:
    """Put ``text`` between the results markers of benchmarks/README.md."""
    readme = README.read_text("utf-8")
    head, _, rest = readme.partition(BEGIN)
    _, _, tail = rest.partition(END)
    README.write_text(f"{head}{BEGIN}\n```text\n{text}\n```\n{END}{tail}", "utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--readme", action="store_true")
    args = parser.parse_args(argv)
    results, text = run(args.quick)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", "utf-8")
    if args.readme:
        write_readme(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
