"""Runtime codec benchmark: the generated PaySecure codecs against pydantic, msgspec, cattrs, dataclasses-json.

Workload: 20,000 varied CreateSession responses (22 ``\\/Date(ms±hhmm)\\/`` dates each, distinct
ids) and 20,000 CreateSessionRequest requests, as JSON bytes; the same responses as XML.  Every
peer's decoded values are checked equal to the generated codecs' before timing.  Each figure is
the median over ``--repeat`` passes over the whole workload.

    python -m benchmarks.bench_codecs [--n 20000] [--repeat 5] [--json OUT]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import codec_peers, xml_peers
from benchmarks.codec_peers import ROOTS, SPEC

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- workload


def _date(rng: random.Random) -> str:
    ms = rng.randrange(1_420_070_400_000, 1_893_456_000_000)  # 2015..2030
    suffix = rng.choice(["", "", "", "-0000", "+0200", "-0500"])
    return f"\\/Date({ms}{suffix})\\/"


def response_json(rng: random.Random, index: int) -> bytes:
    """One CreateSession response as the server writes it (own members first, then the base's)."""
    times = ",".join(f'"{w}":{{"InTime":"{_date(rng)}","OutTime":"{_date(rng)}"}}' for w, _, _ in SPEC["RequestTimestamps"])
    error = rng.random() < 0.1
    code = f'"E{rng.randrange(100, 999)}"' if error else "null"
    message = f'"Declined {index}"' if error else "null"
    return f'{{"SessionId":"{index:08x}{rng.getrandbits(96):024x}","ErrorCode":{code},"ErrorMessage":{message},"Timestamps":{{{times}}}}}'.encode()


def request_json(rng: random.Random, index: int) -> bytes:
    """One CreateSessionRequest."""
    creds = {"MerchantId": f"M{rng.randrange(10**6):06d}", "UserName": f"user{index}", "Password": f"pw-{rng.getrandbits(40):x}",
             "Version": rng.choice(["1.0", "2.1", "3.0"])}
    return json.dumps({"Credentials": creds, "SessionExpiryInMin": rng.choice([5, 15.5, 30, 60])}, separators=(",", ":")).encode()


def workload(n: int, seed: int = 7) -> dict[str, list[bytes]]:
    """``n`` responses and ``n`` requests, deterministic for a seed."""
    rng = random.Random(seed)
    return {"CreateSession": [response_json(rng, i) for i in range(n)], "CreateSessionRequest": [request_json(rng, i) for i in range(n)]}


# ---------------------------------------------------------------- generated package


def generated_package(name: str = "paysecure") -> Any | None:
    """The generated package's codecs module, imported from generated/<name>/, or None if absent."""
    folder = ROOT / "generated" / name
    if not (folder / name / "codecs.py").is_file():
        return None
    sys.path.insert(0, str(folder))
    return importlib.import_module(f"{name}.codecs")


def generated_codecs(codecs: Any) -> dict[str, codec_peers.Codec]:
    """``codecs.from_json``/``to_json`` bound to the two DTOs."""
    models = importlib.import_module(codecs.__name__.rsplit(".", 1)[0] + ".models")
    return {root: (lambda b, cls=getattr(models, root): codecs.from_json(cls, b), codecs.to_json) for root in ROOTS}


def normal_generated(obj: Any, cls: str) -> Any:
    """Like codec_peers.normal for the generated dataclasses (UNSET counts as None)."""
    if obj is None or type(obj).__name__ == "Unset":
        return None
    out = {}
    for wire, attr, kind in SPEC[cls]:
        value = getattr(obj, attr)
        if value is None or type(value).__name__ == "Unset":
            value = None
        elif kind in SPEC:
            value = normal_generated(value, kind)
        elif kind == "date":
            value = value.astimezone(dt.timezone.utc) if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
        out[wire] = value
    return out


# ---------------------------------------------------------------- timing


def median_seconds(fn: Callable[[Any], Any], items: list[Any], repeat: int) -> float:
    """Median wall time of one pass of ``fn`` over ``items``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for item in items:
            fn(item)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def check_same(name: str, decoded: list[Any], reference: list[Any], root: str, normal: Callable[[Any, str], Any]) -> str:
    """'' when ``decoded`` (normalised) equals ``reference``, else what differs first."""
    for index, (got, want) in enumerate(zip(decoded, reference)):
        if normal(got, root) != want:
            return f"{name} {root}[{index}] decodes differently: {normal(got, root)!r:.200} != {want!r:.200}"
    return ""


def bench_json(n: int, repeat: int) -> dict[str, Any]:
    """Decode/encode medians per library and message type, with correctness notes."""
    data = workload(n)
    codecs = generated_package()
    libs: dict[str, dict[str, codec_peers.Codec]] = {}
    if codecs is not None:
        libs["doc2sdk (generated)"] = generated_codecs(codecs)
    for name, build in codec_peers.PEERS.items():
        try:
            libs[name] = build()
        except ImportError as exc:
            print(f"skip {name}: {exc}", file=sys.stderr)
    reference = {root: [codec_peers.normal(o, root) for o in map(libs["pydantic v2"][root][0], data[root])] for root in ROOTS}
    results: dict[str, Any] = {"n": n, "repeat": repeat, "libs": {}, "notes": []}
    for name, per_root in libs.items():
        normal = normal_generated if name.startswith("doc2sdk") else codec_peers.normal
        row: dict[str, float] = {}
        for root in ROOTS:
            decode, encode = per_root[root]
            objs = [decode(b) for b in data[root]]
            note = check_same(name, objs, reference[root], root, normal)
            round_trip = [normal(decode(encode(o)), root) for o in objs[:200]]
            if not note and round_trip != reference[root][:200]:
                note = f"{name} {root}: decode(encode(x)) != x"
            if note:
                results["notes"].append(note)
            row[f"{root} decode"] = median_seconds(decode, data[root], repeat)
            row[f"{root} encode"] = median_seconds(encode, objs, repeat)
        results["libs"][name] = row
    floor = codec_peers.floor()
    results["libs"]["json.loads/dumps (floor)"] = {
        f"{root} {op}": median_seconds(floor[root][0] if op == "decode" else floor[root][1],
                                        data[root] if op == "decode" else [json.loads(b) for b in data[root]], repeat)
        for root in ROOTS for op in ("decode", "encode")}
    return results


def bench_xml(n: int, repeat: int) -> dict[str, Any]:
    """XML decode/encode of the responses: generated codecs vs xml.etree and lxml hand mappings."""
    codecs = generated_package()
    data = [xml_peers.response_xml(random.Random(i), i) for i in range(n)]
    libs = dict(xml_peers.PEERS)
    if codecs is not None:
        models = importlib.import_module(codecs.__name__.rsplit(".", 1)[0] + ".models")
        libs = {"doc2sdk (generated)": (lambda b: codecs.from_xml(models.CreateSession, b), codecs.to_xml), **libs}
    results: dict[str, Any] = {"n": n, "libs": {}, "notes": []}
    reference = None
    for name, (decode, encode) in libs.items():
        normal = normal_generated if name.startswith("doc2sdk") else codec_peers.normal
        objs = [decode(b) for b in data]
        values = [normal(o, "CreateSession") for o in objs]
        if reference is None:
            reference = values
        elif values != reference:
            results["notes"].append(f"{name}: XML decodes differently from the first library")
        if [normal(decode(encode(o)), "CreateSession") for o in objs[:200]] != values[:200]:
            results["notes"].append(f"{name}: XML decode(encode(x)) != x")
        results["libs"][name] = {"decode": median_seconds(decode, data, repeat), "encode": median_seconds(encode, objs, repeat)}
    return results


def _top_level_ms(stderr: str, package: str) -> float:
    """Sum of the cumulative times of top-level imports under ``package`` in ``-X importtime`` output."""
    total = 0
    for line in stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[2].startswith(" ") and not parts[2].startswith("  "):
            name = parts[2].strip()
            if name == package or name.startswith(package + "."):
                total += int(parts[1])
    return total / 1000


def _import_ms(target: str, package: str, folder: Path, env: dict[str, str]) -> float | None:
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {target}"], cwd=folder,
                          capture_output=True, text=True, env=env)
    return _top_level_ms(proc.stderr, package) if proc.returncode == 0 else None


def import_times(names: tuple[str, ...] = ("paysecure", "praxis"), repeat: int = 5) -> dict[str, dict[str, float]]:
    """Median import time (ms) of each generated package and its codecs and client modules.

    From ``python -X importtime``: cumulative, so third-party imports (requests) are included.
    Two columns: "source" compiles the generated modules on every run (as here, where
    PYTHONDONTWRITEBYTECODE is set); "bytecode" has their .pyc cached, as after ``pip install``
    (a temporary PYTHONPYCACHEPREFIX, warmed by one unmeasured import).
    """
    out: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as cache:
        cold = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        warm = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        warm["PYTHONPYCACHEPREFIX"] = cache
        for name in names:
            folder = ROOT / "generated" / name
            for target in (name, f"{name}.codecs", f"{name}.client"):
                if not (folder / Path(*target.split("."))).with_suffix(".py").is_file() and target != name:
                    continue
                _import_ms(target, name, folder, warm)
                row = {}
                for label, env in (("source", cold), ("bytecode", warm)):
                    samples = [ms for _ in range(repeat) if (ms := _import_ms(target, name, folder, env)) is not None]
                    if samples:
                        row[label] = statistics.median(samples)
                out[target] = row
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the JSON and XML codec benchmarks and the import timings; print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = {"json": bench_json(args.n, args.repeat), "xml": bench_xml(args.n, args.repeat), "import_ms": import_times()}
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", "utf-8")
    from benchmarks.report import codec_tables

    print(codec_tables(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
