"""Generation benchmark: synthetic API at 1x/2x/4x (cold, warm, one field changed, fresh clone), peers, bundled APIs.

Each scale runs in its own subprocess so its peak memory is its own.  Stages are timed from
the outside around the pipeline's stage functions: load_definition, render, format_files,
write_tree.  format_files reports black, libcst-gate and cache-write CPU seconds of its
workers; their wall time is split in that proportion, and the cache writes' part counts with
format_files' own bookkeeping (split, hash, cache I/O) as "fmt other".

    python -m benchmarks.bench_generate [--scales 1 2 4] [--no-peers] [--no-bundled] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def _stage_run(folder: Path, out: Path) -> dict:
    """One pipeline run over ``folder``, timed per stage."""
    from generator import definitions, output
    from generator.formatting import formatter as format
    from generator.rendering import environment as render

    t0 = time.perf_counter()
    defn = definitions.load_definition(folder, "definitions/synthetic")
    t1 = time.perf_counter()
    files = render.render(defn)
    t2 = time.perf_counter()
    stats = format.FormatStats()
    formatted = format.format_files(files, "generated/synthetic", stats)
    t3 = time.perf_counter()
    changed = output.write_tree(out, formatted)
    t4 = time.perf_counter()
    fmt_wall = t3 - t2
    pool_cpu = stats.black_seconds + stats.gate_seconds + stats.store_seconds
    # The wall time of running black + gate (+ the workers' cache writes) is split between
    # them by their CPU seconds; the cache writes' share counts as format_files' own work.
    pool_wall = stats.run_seconds
    black_wall = pool_wall * (stats.black_seconds / pool_cpu) if pool_cpu else 0.0
    gate_wall = pool_wall * (stats.gate_seconds / pool_cpu) if pool_cpu else 0.0
    store_wall = pool_wall - black_wall - gate_wall
    py_lines = sum(t.count("\n") for p, t in formatted.items() if p.endswith(".py"))
    types = defn.api.types
    return {
        "load": t1 - t0,
        "render": t2 - t1,
        "black": black_wall,
        "gate": gate_wall,
        "format_other": fmt_wall - pool_wall + store_wall,
        "format": fmt_wall,
        "write": t4 - t3,
        "total": t4 - t0,
        "black_cpu": stats.black_seconds,
        "gate_cpu": stats.gate_seconds,
        "store_cpu": stats.store_seconds,
        "module_hits": stats.module_hits,
        "chunks": stats.chunks,
        "misses": stats.misses,
        "workers": stats.workers,
        "files_written": len(changed),
        "py_lines": py_lines,
        "types": len(types),
        "class_types": sum(1 for t in types if t.kind == "class"),
    }


def run_scale(scale: int, work: Path) -> dict:
    """Cold, warm and one-field-changed runs of the synthetic API at ``scale`` (in this process)."""
    from benchmarks import synth
    from generator import definitions

    os.environ["DOC2SDK_CACHE_DIR"] = str(work / "cache")
    os.environ.pop("DOC2SDK_NO_CACHE", None)
    api = synth.synthetic_api(scale)
    folder = synth.write_synthetic(work, scale, api)
    out = work / "generated" / "synthetic"
    result = {"scale": scale, "cold": _stage_run(folder, out)}
    # ru_maxrss is a high-water mark: read right after the cold run, it is the cold run's peak (KiB on Linux).
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["peak_rss_workers_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result["warm"] = _stage_run(folder, out)
    (folder / "api.yaml").write_text(definitions.dump_api(synth.changed_one_field(api)), "utf-8")
    result["changed"] = _stage_run(folder, out)
    return result


def run_fresh(scale: int, work: Path) -> dict:
    """The CLI (subprocesses) on a clean tree of the synthetic API: what a fresh clone with an empty cache pays.

    cold ``generate`` (cache A, empty), ``check`` with an empty cache and with A, then one field
    changed in two copies of the committed tree: ``generate`` with an empty cache and with A.
    """
    from benchmarks import synth
    from generator import definitions

    root = work / "fresh"
    api = synth.synthetic_api(scale)
    synth.write_synthetic(root, scale, api)

    def cli(tree: Path, cache: str, *args: str) -> dict:
        env = dict(os.environ, DOC2SDK_CACHE_DIR=str(work / f"fresh-cache-{cache}"))
        env.pop("DOC2SDK_NO_CACHE", None)
        seconds, proc = _timed([PY, "-m", "generator", "--root", str(tree), *args], ROOT, env)
        return {"seconds": seconds, "ok": proc.returncode == 0, "output": (proc.stdout + proc.stderr).strip()[-300:]}

    out = {"cold": cli(root, "A", "generate", "--no-bump", "synthetic")}
    out["check_fresh"] = cli(root, "B", "check", "synthetic")
    out["check_warm"] = cli(root, "A", "check", "synthetic")
    other = work / "fresh-2"
    shutil.copytree(root, other)
    changed = definitions.dump_api(synth.changed_one_field(api))
    for tree in (root, other):
        (tree / "definitions" / "synthetic" / "api.yaml").write_text(changed, "utf-8")
    out["changed_fresh"] = cli(root, "C", "generate", "--no-bump", "synthetic")
    out["changed_warm"] = cli(other, "A", "generate", "--no-bump", "synthetic")
    return out


def _timed(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    return time.perf_counter() - start, proc


def _py_lines(folder: Path) -> int:
    return sum(p.read_text("utf-8").count("\n") for p in folder.rglob("*.py"))


def run_peers(work: Path, n_types: int) -> dict:
    """openapi-python-client and datamodel-code-generator on the same API's OpenAPI document."""
    spec = work / "openapi.json"
    peers = {}
    opc_bin, dmcg_bin = Path(PY).with_name("openapi-python-client"), Path(PY).with_name("datamodel-codegen")
    if opc_bin.exists():
        target = work / "opc"
        shutil.rmtree(target, ignore_errors=True)
        seconds, proc = _timed([str(opc_bin), "generate", "--path", str(spec), "--output-path", str(target), "--overwrite"], work)
        peers["openapi-python-client"] = _peer_result(seconds, proc, target, n_types)
    if dmcg_bin.exists():
        target = work / "dmcg"
        target.mkdir(exist_ok=True)
        cmd = [str(dmcg_bin), "--input", str(spec), "--input-file-type", "openapi", "--output", str(target / "models.py"),
               "--output-model-type", "pydantic_v2.BaseModel", "--formatters", "black"]
        seconds, proc = _timed(cmd, work)
        peers["datamodel-code-generator"] = _peer_result(seconds, proc, target, n_types)
    return peers


def _peer_result(seconds: float, proc: subprocess.CompletedProcess, target: Path, n_types: int) -> dict:
    ok = proc.returncode == 0
    lines = _py_lines(target) if ok and target.exists() else 0
    return {"seconds": seconds, "ok": ok, "error": "" if ok else (proc.stderr or proc.stdout)[-400:],
            "py_lines": lines, "lines_per_type": lines / n_types if n_types else 0.0}


def make_generate_steps() -> list[list[str]]:
    """The doc2sdk commands of the Makefile's ``generate`` recipe (what ``make generate`` runs), as argv lists."""
    steps, inside = [], False
    for line in (ROOT / "Makefile").read_text("utf-8").splitlines():
        if line.startswith("generate:"):
            inside = True
        elif inside and line.startswith("\t"):
            words = line.split()
            if words and words[0].endswith("/doc2sdk"):
                steps.append(words[1:])
        elif inside and line.strip() and not line.startswith("#"):
            break
    if not steps:
        raise RuntimeError("no doc2sdk command found in the Makefile's generate recipe")
    return steps


def run_bundled(work: Path) -> dict:
    """The `make generate` step (the Makefile's doc2sdk commands, each its own process) on a copy, cold then warm."""
    apis = [p.name for p in sorted((ROOT / "definitions").iterdir()) if (p / "sources").is_dir()]
    root = work / "bundled"
    shutil.copytree(ROOT / "definitions", root / "definitions")
    env = dict(os.environ, DOC2SDK_CACHE_DIR=str(root / "cache"))
    env.pop("DOC2SDK_NO_CACHE", None)
    steps = make_generate_steps()
    out: dict = {"apis": apis, "steps": [" ".join(step) for step in steps]}
    for label in ("cold", "warm"):
        total, errors, per_step = 0.0, [], {}
        for step in steps:
            seconds, proc = _timed([PY, "-m", "generator", "--root", str(root), *step], ROOT, env)
            total += seconds
            per_step[step[0]] = per_step.get(step[0], 0.0) + seconds
            if proc.returncode != 0:
                errors.append(f"{' '.join(step)}: {(proc.stderr or proc.stdout).strip()[-300:]}")
        out[label] = {"seconds": total, "errors": errors, "steps": per_step}
    seconds, proc = _timed([PY, "-m", "generator", "--root", str(root), "check"], ROOT, env)
    out["check"] = {"seconds": seconds, "errors": [] if proc.returncode == 0 else [(proc.stdout + proc.stderr).strip()[-300:]]}
    # A fresh machine: the same tree (as committed after the cold run), an empty cache.
    fresh_env = dict(env, DOC2SDK_CACHE_DIR=str(root / "cache-fresh"))
    seconds, proc = _timed([PY, "-m", "generator", "--root", str(root), "check"], ROOT, fresh_env)
    out["check_fresh"] = {"seconds": seconds, "errors": [] if proc.returncode == 0 else [(proc.stdout + proc.stderr).strip()[-300:]]}
    return out


def main(argv: list[str] | None = None) -> int:
    """Run every scale in a subprocess, then the peers and the bundled APIs; print JSON or a summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--no-bundled", action="store_true")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child mode: one scale
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one is not None:
        result = run_scale(args.one, args.work)
        result["fresh"] = run_fresh(args.one, args.work)
        if not args.no_peers:
            result["peers"] = run_peers(args.work, result["cold"]["types"])
        print(json.dumps(result))
        return 0
    results = run_all(args.scales, not args.no_peers, not args.no_bundled)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", "utf-8")
    from benchmarks.report import generation_table

    print(generation_table(results))
    return 0


def run_all(scales: list[int], peers: bool = True, bundled: bool = True) -> dict:
    """Every scale in its own subprocess, then the bundled APIs; the results as plain data."""
    results: dict = {"scales": [], "cpus": len(os.sched_getaffinity(0)), "loadavg_before": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="doc2sdk-bench-") as tmp:
        for scale in scales:
            work = Path(tmp) / f"x{scale}"
            work.mkdir()
            cmd = [PY, "-m", "benchmarks.bench_generate", "--one", str(scale), "--work", str(work)]
            cmd += [] if peers else ["--no-peers"]
            proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
            if proc.returncode != 0:
                raise RuntimeError(f"scale x{scale} failed:\n{proc.stderr[-2000:]}")
            results["scales"].append(json.loads(proc.stdout.strip().splitlines()[-1]))
            print(f"generation x{scale} done", file=sys.stderr)
        if bundled:
            results["bundled"] = run_bundled(Path(tmp))
    results["loadavg_after"] = os.getloadavg()
    return results


if __name__ == "__main__":
    raise SystemExit(main())
