"""Codec speed on real corpus DTOs: the generated corpus codecs against pydantic v2, JSON only.

The DTOs are the corpus's own (``make corpus`` builds them into build/corpus); the pydantic
peer is built from the same definitions (aliases = wire names, every field optional,
unset members left out on encode), so both sides hold the same model.  Workload: ``--n``
varied messages per DTO, generated from the field types; decoded values are checked equal
(as plain dicts) before timing, and each figure is the median of ``--repeat`` passes.  Decoding
is timed twice: with the package's JSON reader as installed (msgspec when the ``speed`` extra is
there) and with the stdlib reader forced (``stdlib dec``).  Our passes and pydantic's alternate
(``paired_median_seconds``), so a change of the machine's load lands on both sides.

    python -m benchmarks.bench_corpus_codecs [--root build/corpus] [--n 20000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import importlib
import json
import random
import sys
from pathlib import Path
from typing import Any, Optional

from benchmarks.bench_codecs import median_seconds
from generator.model import Api, TypeDef
from generator.project import Project
from generator.rendering.filters import attr_names, class_names
from generator.typeexpr import TypeRef, parse_type

# (API, DTO): nested objects and lists (wallet tokens), nested object with a date (customer sync).
CASES = [("praxis_v1_3", "GetCustomerWalletTokensResponse"), ("praxis_v1_3", "CustomerSyncResponse"), ("praxis_v1_3", "ManageTransactionResponse")]
_SCALARS: dict[str, Any] = {"string": str, "int": int, "long": int, "double": float, "decimal": decimal.Decimal, "bool": bool, "date": dt.date}


def _value(api: Api, ref: TypeRef, rng: random.Random, depth: int) -> Any:
    """A JSON value of type ``ref``, varied by ``rng``."""
    if ref.name == "list":
        return [_value(api, ref.args[0], rng, depth + 1) for _ in range(rng.randint(1, 4))]
    if ref.name in ("string", "guid"):
        return f"v{rng.getrandbits(40):x}"
    if ref.name in ("int", "long"):
        return rng.randrange(10**9)
    if ref.name == "bool":
        return rng.random() < 0.5
    if ref.name == "date":
        return (dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(9000))).isoformat()
    typedef = api.type_named(ref.name)
    if typedef is not None and typedef.kind == "enum":
        return rng.choice([m.name for m in typedef.members])
    if typedef is not None and typedef.kind == "class" and depth < 4:
        return _message(api, typedef, rng, depth + 1)
    return None


def _message(api: Api, typedef: TypeDef, rng: random.Random, depth: int = 0) -> dict[str, Any]:
    return {f.name: _value(api, parse_type(f.type), rng, depth) for f in typedef.fields}


def _pydantic_model(api: Api, name: str, ns: dict[str, Any]) -> Any:
    """A pydantic v2 model of class ``name`` (and the classes it reaches), wire names as aliases."""
    from pydantic import ConfigDict, Field, create_model

    if name in ns:
        return ns[name]
    typedef = api.type_named(name)
    assert typedef is not None
    names = attr_names(api_definition(api), typedef)
    fields = {names[f.name]: (Optional[_annotation(api, parse_type(f.type), ns)], Field(default=None, alias=f.name)) for f in typedef.fields}
    ns[name] = create_model(name, __config__=ConfigDict(populate_by_name=True), **fields)  # type: ignore[call-overload]
    return ns[name]


def _annotation(api: Api, ref: TypeRef, ns: dict[str, Any]) -> Any:
    if ref.name == "list":
        return list[_annotation(api, ref.args[0], ns)]  # type: ignore[misc]
    if ref.name in _SCALARS:
        return _SCALARS[ref.name]
    typedef = api.type_named(ref.name)
    if typedef is not None and typedef.kind == "class":
        return _pydantic_model(api, ref.name, ns)
    return str  # enums travel as their names


def paired_median_seconds(ours: Any, ours_items: list[Any], theirs: Any, their_items: list[Any], repeat: int) -> tuple[float, float]:
    """Median pass times of two codecs, their passes alternated (ours, theirs, ours, ...).

    On a shared machine the load drifts over seconds: alternating the passes gives both sides the
    same load, where timing all of one side's passes and then the other's let the drift land on one.
    """
    import statistics
    import time

    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for side, (fn, items) in enumerate(((ours, ours_items), (theirs, their_items))):
            start = time.perf_counter()
            for item in items:
                fn(item)
            times[side].append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


_DEFS: dict[str, Any] = {}


def api_definition(api: Api) -> Any:
    """The loaded definition of ``api`` (the filters want it for Python names)."""
    return _DEFS[api.name]


def bench(root: Path, n: int, repeat: int) -> dict[str, Any]:
    """Decode/encode medians of each case, generated vs pydantic, with the ratio."""
    project = Project(root)
    out: dict[str, Any] = {"n": n, "repeat": repeat, "cases": {}, "notes": []}
    for api_name, dto in CASES:
        defn = project.load(api_name)
        _DEFS[api_name] = defn
        sys.path.insert(0, str(project.generated_dir(api_name)))
        codecs = importlib.import_module(f"{defn.overrides.package}.codecs")
        models = importlib.import_module(f"{defn.overrides.package}.models")
        cls = getattr(models, class_names(defn)[dto])
        typedef = defn.api.type_named(dto)
        assert typedef is not None
        rng = random.Random(7)
        data = [json.dumps(_message(defn.api, typedef, rng), separators=(",", ":")).encode() for _ in range(n)]
        peer = _pydantic_model(defn.api, dto, {})
        ours = [codecs.from_json(cls, b) for b in data[:200]]
        theirs = [peer.model_validate_json(b) for b in data[:200]]
        wire_ours = [json.loads(codecs.to_json(o)) for o in ours]
        wire_theirs = [json.loads(o.model_dump_json(by_alias=True, exclude_none=True)) for o in theirs]
        if wire_ours != wire_theirs or wire_ours != [json.loads(b) for b in data[:200]]:
            out["notes"].append(f"{dto}: the two codecs do not round-trip the same values")
        objs = [codecs.from_json(cls, b) for b in data]
        pobjs = [peer.model_validate_json(b) for b in data]
        wire = importlib.import_module(f"{defn.overrides.package}._wire")
        reader = wire.read_json
        wire.read_json = wire.stdlib_json  # the package without its `speed` extra (msgspec)
        try:
            stdlib_decode = median_seconds(lambda b: codecs.from_json(cls, b), data, repeat)
        finally:
            wire.read_json = reader
        ours_dec, pyd_dec = paired_median_seconds(lambda b: codecs.from_json(cls, b), data, peer.model_validate_json, data, repeat)
        ours_enc, pyd_enc = paired_median_seconds(
            codecs.to_json, objs, lambda o: o.model_dump_json(by_alias=True, exclude_none=True), pobjs, repeat
        )
        row = {
            "doc2sdk decode": ours_dec,
            "doc2sdk stdlib decode": stdlib_decode,
            "pydantic decode": pyd_dec,
            "doc2sdk encode": ours_enc,
            "pydantic encode": pyd_enc,
        }
        row["decode ratio"] = row["doc2sdk decode"] / row["pydantic decode"]
        row["stdlib decode ratio"] = row["doc2sdk stdlib decode"] / row["pydantic decode"]
        row["msgspec"] = wire._msgspec_reader() is not None
        row["encode ratio"] = row["doc2sdk encode"] / row["pydantic encode"]
        row["bytes/message"] = sum(map(len, data)) / n
        out["cases"][f"{api_name}.{dto}"] = row
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the figures (and write them as JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default="build/corpus")
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", metavar="OUT")
    args = parser.parse_args(argv)
    results = bench(Path(args.root), args.n, args.repeat)
    print(f"{'case':50} {'ours dec':>9} {'pyd dec':>9} {'ratio':>6} {'stdlib dec':>10} {'ratio':>6} {'ours enc':>9} {'pyd enc':>9} {'ratio':>6}  bytes")
    for case, r in results["cases"].items():
        us = {k: v / args.n * 1e6 for k, v in r.items() if k.endswith(("decode", "encode"))}
        print(f"{case[-50:]:50} {us['doc2sdk decode']:8.2f}u {us['pydantic decode']:8.2f}u {r['decode ratio']:6.2f} "
              f"{us['doc2sdk stdlib decode']:9.2f}u {r['stdlib decode ratio']:6.2f} "
              f"{us['doc2sdk encode']:8.2f}u {us['pydantic encode']:8.2f}u {r['encode ratio']:6.2f}  {r['bytes/message']:.0f}")
    if not all(r["msgspec"] for r in results["cases"].values()):
        print("note: msgspec is not installed: 'ours dec' is the stdlib reader too")
    for note in results["notes"]:
        print("note:", note)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
