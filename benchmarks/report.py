"""Plain-text tables of benchmark results (markdown pipe tables, so README.md can hold them)."""

from __future__ import annotations

from collections.abc import Sequence


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A markdown pipe table with columns padded to their widest cell."""
    cells = [[str(c) for c in header]] + [[_cell(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def _verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def generation_table(results: dict) -> str:
    """Stage breakdown per scale and run, bars, peers and bundled APIs."""
    rows, bars, peers = [], [], []
    for res in results["scales"]:
        cold = res["cold"]
        for run in ("cold", "warm", "changed"):
            r = res[run]
            rows.append([f"x{res['scale']}", run, r["load"], r["render"], r["black"], r["gate"], r["format_other"],
                         r["write"], r["total"], _pct(r["total"], cold["total"]), f"{r.get('module_hits', 0)}", f"{r['misses']}/{r['chunks']}"])
        overhead = cold["total"] - cold["black"]
        bars.append([f"x{res['scale']}", _pct(overhead, cold["total"]), _verdict(overhead <= 0.2 * cold["total"]),
                     _pct(res["warm"]["total"], cold["total"]), _verdict(res["warm"]["total"] <= 0.1 * cold["total"]),
                     _pct(res["changed"]["total"], cold["total"]), _verdict(res["changed"]["total"] <= 0.25 * cold["total"]),
                     f"{res['peak_rss_mb']:.0f}", cold["workers"]])
        ours_lpt = cold["py_lines"] / cold["types"]
        peers.append([f"x{res['scale']}", "doc2sdk (cold)", cold["total"], "1.00", cold["py_lines"], f"{ours_lpt:.1f}"])
        for name, peer in sorted(res.get("peers", {}).items()):
            if peer["ok"]:
                peers.append([f"x{res['scale']}", name, peer["seconds"], f"{cold['total'] / peer['seconds']:.2f}",
                              peer["py_lines"], f"{peer['lines_per_type']:.1f}"])
            else:
                peers.append([f"x{res['scale']}", name, "failed", "-", "-", peer["error"].splitlines()[-1][:60] if peer["error"] else ""])
    variant = " WITH benchmarks/proposals.py applied" if results.get("proposals") else ", code as committed"
    load = results.get("loadavg_before", [0])[0]
    out = [
        f"Generation, synthetic API{variant} (seconds, wall; black/gate split by their CPU seconds; "
        f"{results.get('cpus', '?')} CPUs, load average {load:.1f} before)",
        table(["scale", "run", "load", "render", "black", "gate", "fmt other", "write", "total", "% cold", "module hits", "chunk misses/looked up"], rows),
        "",
        "Bars (non-black share of cold <= 20%, warm <= 10% of cold, one field changed <= 25% of cold)",
        table(["scale", "non-black", "", "warm", "", "changed", "", "peak RSS MB", "workers"], bars),
        "",
        "Peers on the equivalent OpenAPI document (ratio = doc2sdk cold / peer; < 1 means doc2sdk is faster)",
        table(["scale", "tool", "seconds", "ratio", "py lines", "lines/type"], peers),
    ]
    out += _growth(results["scales"])
    out += _fresh(results["scales"])
    bundled = results.get("bundled")
    if bundled:
        out += ["", f"Bundled APIs ({', '.join(bundled['apis'])}): `make generate` step (extract + generate, subprocesses)",
                table(["run", "seconds", "bar", "", "errors"],
                      [["cold", bundled["cold"]["seconds"], "<= 5 s", _verdict(bundled["cold"]["seconds"] <= 5), "; ".join(bundled["cold"]["errors"])[:120]],
                       ["warm", bundled["warm"]["seconds"], "<= 1 s", _verdict(bundled["warm"]["seconds"] <= 1), "; ".join(bundled["warm"]["errors"])[:120]]]
                      + ([["`doc2sdk check` (warm)", bundled["check"]["seconds"], "", "", "; ".join(bundled["check"]["errors"])[:120]]]
                         if "check" in bundled else []))]
        if "check_fresh" in bundled:
            cold, fresh = bundled["cold"]["seconds"], bundled["check_fresh"]["seconds"]
            out += ["", "Bundled APIs, fresh machine (clean tree, empty cache): `doc2sdk check` vs the cold `make generate` step",
                    table(["run", "seconds", "% of cold", "bar", "", "errors"],
                          [["cold `make generate` step", cold, "100%", "", "", ""],
                           ["cold `generate` alone", bundled["cold"].get("steps", {}).get("generate", 0.0),
                            _pct(bundled["cold"].get("steps", {}).get("generate", 0.0), cold), "", "", ""],
                           ["`doc2sdk check` (fresh)", fresh, _pct(fresh, cold), "<= 25%", _verdict(fresh <= 0.25 * cold),
                            "; ".join(bundled["check_fresh"]["errors"])[:120]]])]
    return "\n".join(out)


def _fresh(scales: list[dict]) -> list[str]:
    """The CLI on a clean synthetic tree: fresh-machine check and one field changed, against a cold generate."""
    rows = []
    bars = {"check_fresh": 0.10, "changed_fresh": 0.10}
    names = {"cold": "cold `generate`", "check_fresh": "`check`, empty cache", "check_warm": "`check`, warm cache",
             "changed_fresh": "one field changed, `generate`, empty cache", "changed_warm": "one field changed, `generate`, warm cache"}
    for s in scales:
        fresh = s.get("fresh")
        if not fresh:
            continue
        cold = fresh["cold"]["seconds"]
        for key, name in names.items():
            run = fresh[key]
            bar = bars.get(key)
            rows.append([f"x{s['scale']}", name, run["seconds"], _pct(run["seconds"], cold),
                         f"<= {bar:.0%}" if bar else "", _verdict(run["seconds"] <= bar * cold) if bar else "",
                         "" if run["ok"] else run["output"][-80:]])
    if not rows:
        return []
    return ["", "Fresh clone (the committed tree and its manifest, CLI subprocesses; each empty cache its own folder)",
            table(["scale", "run", "seconds", "% of cold", "bar", "", "errors"], rows)]


def _growth(scales: list[dict]) -> list[str]:
    """Time and memory per unit of scale: flat numbers mean linear growth."""
    if len(scales) < 2:
        return []
    rows = [[f"x{s['scale']}", s["cold"]["total"] / s["scale"], s["peak_rss_mb"] / s["scale"], s["cold"]["py_lines"] / s["scale"]]
            for s in scales]
    return ["", "Growth (per 1x of scale; constant = linear)", table(["scale", "cold s / x", "peak MB / x", "lines / x"], rows)]


def _us(seconds: float, n: int) -> str:
    return f"{seconds / n * 1e6:.1f}"


def _ratio(ours: float, theirs: float | None) -> str:
    return f"{ours / theirs:.2f}" if theirs else "-"


def codec_tables(results: dict) -> str:
    """JSON and XML codec tables (µs per message, ratios), import times and correctness notes."""
    js = results["json"]
    n, libs = js["n"], js["libs"]
    ops = [f"{root} {op}" for root in ("CreateSession", "CreateSessionRequest") for op in ("decode", "encode")]
    rows = []
    for name, row in libs.items():
        rows.append([name] + [_us(row[op], n) for op in ops]
                    + [_ratio(row[ops[0]], libs.get("pydantic v2", {}).get(ops[0])), _ratio(row[ops[1]], libs.get("pydantic v2", {}).get(ops[1])),
                       _ratio(row[ops[0]], libs.get("dataclasses-json", {}).get(ops[0])), _ratio(row[ops[1]], libs.get("dataclasses-json", {}).get(ops[1]))])
    out = [f"JSON codecs, {n:,} messages per type, median of {js['repeat']} passes (µs per message; ratio < 1 = faster than the peer)",
           table(["library", "resp decode", "resp encode", "req decode", "req encode",
                  "resp dec / pydantic", "resp enc / pydantic", "resp dec / dc-json", "resp enc / dc-json"], rows)]
    xml = results["xml"]
    xl = xml["libs"]
    fastest_dec = min((v["decode"] for k, v in xl.items() if not k.startswith("doc2sdk")), default=None)
    fastest_enc = min((v["encode"] for k, v in xl.items() if not k.startswith("doc2sdk")), default=None)
    out += ["", f"XML codecs, {xml['n']:,} CreateSession responses (µs per message; ratio vs the fastest peer)",
            table(["library", "decode", "encode", "decode ratio", "encode ratio"],
                  [[k, _us(v["decode"], xml["n"]), _us(v["encode"], xml["n"]), _ratio(v["decode"], fastest_dec), _ratio(v["encode"], fastest_enc)]
                   for k, v in xl.items()])]
    if results.get("import_ms"):
        # The verdict reads the bytecode column: an installed package has its .pyc (pip compiles on install).
        rows = [[k, v.get("source", "-"), v.get("bytecode", "-"), "meets" if v.get("bytecode", 99) <= 50 else "MISSES"]
                for k, v in results["import_ms"].items()]
        out += ["", "Import time of the generated packages (python -X importtime, cumulative incl. requests, median; ms; "
                "bar <= 50 ms, judged with bytecode cached)", table(["package", "compiled from source", "bytecode cached", ""], rows)]
    notes = js["notes"] + xml["notes"]
    if notes:
        out += ["", "Correctness notes:"] + [f"- {note}" for note in notes]
    return "\n".join(out)
