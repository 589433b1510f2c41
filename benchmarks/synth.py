"""A synthetic API for the generation benchmarks, as a doc2sdk definitions folder and as OpenAPI 3.

At scale 1 it has 200 operations and 400 class types of 10 fields each (one request and one
response type per operation) plus 40 enums.  Fields mix every primitive, nullable ones, lists,
maps, enums and nested types, so every template branch does real work.  Scale 2 and 4 repeat the
pattern with more names, which is what makes time-per-type comparable across sizes.

    python benchmarks/synth.py OUT_DIR [--scale N]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

from generator import definitions as defs
from generator.model import Api, Field, Member, Operation, TypeDef

OPS_PER_SCALE = 200
ENUMS_PER_SCALE = 40
FIELDS_PER_TYPE = 10
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# One slot per field position: a primitive, or a marker filled in with a generated name.
FIELD_KINDS = (
    "string",
    "int",
    "long?",
    "decimal",
    "bool",
    "datetime",
    "date?",
    "guid",
    "@enum",
    "@nested",
    "list<@nested>",
    "list<string>",
    "double",
    "map<string,string>",
    "datetime?",
)

OVERRIDES = """\
# Synthetic API for benchmarks/bench_generate.py (written by benchmarks/synth.py).
package: synthetic
version: 0.1.0
"""


def _field_type(kind: str, type_index: int, position: int, n_enums: int, n_responses: int) -> str:
    """Resolve a FIELD_KINDS slot into a concrete type expression (references stay acyclic)."""
    enum_name = f"Status{(type_index + position) % n_enums:04d}"
    # Nested types are response types with a lower index, or the first one: never a cycle.
    nested = f"Resource{max(0, (type_index - 1 - position) % max(1, n_responses)):04d}Response"
    return kind.replace("@enum", enum_name).replace("@nested", nested)


def _fields(prefix: str, type_index: int, n_enums: int, n_responses: int, source: str) -> tuple[Field, ...]:
    out = []
    for position in range(FIELDS_PER_TYPE):
        kind = FIELD_KINDS[(type_index + position) % len(FIELD_KINDS)]
        if kind in ("@nested", "list<@nested>") and prefix == "Resource" and type_index == 0:
            kind = "string"  # the first response type has nothing earlier to nest
        out.append(
            Field(
                name=f"{prefix}Field{position}",
                type=_field_type(kind, type_index, position, n_enums, n_responses),
                required=position % 3 == 0,
                description=f"Field {position} of {prefix} {type_index}: {kind.strip('@')} value.",
                source=f"{source}:{100 + position}",
            )
        )
    return tuple(out)


def synthetic_api(scale: int = 1) -> Api:
    """The synthetic Api at ``scale`` (1, 2, 4): 200·scale operations, 400·scale class types."""
    n_ops, n_enums = OPS_PER_SCALE * scale, ENUMS_PER_SCALE * scale
    types: list[TypeDef] = []
    for e in range(n_enums):
        members = tuple(Member(name=f"Value{m}", source=f"enums.txt:{e * 10 + m + 1}") for m in range(6))
        types.append(TypeDef(name=f"Status{e:04d}", kind="enum", members=members, source=f"enums.txt:{e * 10 + 1}"))
    ops = []
    for i in range(n_ops):
        page = f"op{i:04d}.txt"
        request, response = f"Resource{i:04d}Request", f"Resource{i:04d}Response"
        types.append(TypeDef(name=response, fields=_fields("Resource", i, n_enums, n_ops, page), source=f"{page}:90"))
        types.append(TypeDef(name=request, fields=_fields("Query", i, n_enums, n_ops, page), source=f"{page}:50"))
        ops.append(
            Operation(
                name=request,
                method=METHODS[i % len(METHODS)],
                path=f"/resources{i % 17}/op{i:04d}",
                request=request,
                response=response,
                formats=("json", "xml"),
                source=f"{page}:1",
                description=f"Operation {i} of the synthetic API.",
            )
        )
    return Api(
        name="synthetic",
        title=f"Synthetic API x{scale}",
        doc_version="1.0",
        style="servicestack",
        hosts={"live": "https://api.example.invalid"},
        operations=tuple(ops),
        types=tuple(types),
    )


def changed_one_field(api: Api) -> Api:
    """``api`` with one field's type and description changed (models, codecs and client all see it)."""
    types = list(api.types)
    index = next(i for i, t in enumerate(types) if t.kind == "class")
    typedef = types[index]
    old = typedef.fields[0]
    first = replace(old, type="long?" if old.type != "long?" else "string", description=old.description + " (changed)")
    types[index] = replace(typedef, fields=(first,) + typedef.fields[1:])
    return replace(api, types=tuple(types))


# ---------------------------------------------------------------- OpenAPI 3 for the peers

_OPENAPI_SCALARS = {
    "string": {"type": "string"},
    "int": {"type": "integer", "format": "int32"},
    "long": {"type": "integer", "format": "int64"},
    "double": {"type": "number", "format": "double"},
    "decimal": {"type": "number"},
    "bool": {"type": "boolean"},
    "datetime": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "timespan": {"type": "string", "format": "duration"},
    "guid": {"type": "string", "format": "uuid"},
}


def _schema_of(expr: str) -> dict:
    """OpenAPI schema of a (synthetic, well-formed) type expression."""
    nullable = expr.endswith("?")
    expr = expr.rstrip("?")
    if expr.startswith("list<"):
        out = {"type": "array", "items": _schema_of(expr[5:-1])}
    elif expr.startswith("map<"):
        out = {"type": "object", "additionalProperties": _schema_of(expr[4:-1].split(",", 1)[1])}
    elif expr in _OPENAPI_SCALARS:
        out = dict(_OPENAPI_SCALARS[expr])
    else:
        return {"allOf": [{"$ref": f"#/components/schemas/{expr}"}], "nullable": True} if nullable else {"$ref": f"#/components/schemas/{expr}"}
    if nullable:
        out["nullable"] = True
    return out


def openapi_document(api: Api) -> dict:
    """An OpenAPI 3.0 document describing the same operations and types as ``api``."""
    schemas: dict[str, dict] = {}
    for typedef in api.types:
        if typedef.kind == "enum":
            schemas[typedef.name] = {"type": "string", "enum": [m.name for m in typedef.members]}
            continue
        schema: dict = {"type": "object", "properties": {f.name: _schema_of(f.type) for f in typedef.fields}}
        required = [f.name for f in typedef.fields if f.required]
        if required:
            schema["required"] = required
        schemas[typedef.name] = schema
    paths: dict[str, dict] = {}
    for op in api.operations:
        body = {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{op.request}"}}}}
        operation: dict = {
            "operationId": op.name,
            "summary": op.description,
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{op.response}"}}},
                }
            },
        }
        if op.method != "GET":
            operation["requestBody"] = body | {"required": True}
        paths.setdefault(op.path, {})[op.method.lower()] = operation
    return {
        "openapi": "3.0.3",
        "info": {"title": api.title, "version": api.doc_version},
        "servers": [{"url": api.hosts["live"]}],
        "paths": {p: paths[p] for p in sorted(paths)},
        "components": {"schemas": {k: schemas[k] for k in sorted(schemas)}},
    }


def write_synthetic(out: Path, scale: int = 1, api: Api | None = None) -> Path:
    """Write ``out``/definitions/synthetic/{api,overrides}.yaml and ``out``/openapi.json; validate them."""
    api = api or synthetic_api(scale)
    folder = out / "definitions" / "synthetic"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "api.yaml").write_text(defs.dump_api(api), "utf-8")
    (folder / "overrides.yaml").write_text(OVERRIDES, "utf-8")
    (out / "openapi.json").write_text(json.dumps(openapi_document(api), indent=1, sort_keys=False) + "\n", "utf-8")
    defs.load_definition(folder, "definitions/synthetic")  # raises DefinitionError if the synth is wrong
    return folder


def main(argv: list[str] | None = None) -> int:
    """Command line: write the synthetic API at one scale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args(argv)
    folder = write_synthetic(args.out, args.scale)
    print(f"wrote {folder} and {args.out / 'openapi.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
