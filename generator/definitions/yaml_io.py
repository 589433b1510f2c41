"""Read and write ``definitions/<api>/``: api.yaml (extracted) and overrides.yaml (hand-kept).

Every load is validated against the JSON Schemas in ``generator/definitions/schemas/``; a bad
file gives one ``DefinitionError`` naming file, line, key path and what was
expected.  Dumping is deterministic: keys in schema order, maps sorted by name.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import types
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .. import cache as content_cache
from ..errors import DefinitionError
from ..model import Api, Callback, Definition, KnownIssue, Overrides, Signing, SigningException
from ..typeexpr import TypeExprError, named_types, parse_type

if TYPE_CHECKING:
    import jsonschema

# Tuples of named items that the YAML shows as maps keyed by the item's name.
_KEYED = {"operations", "types"}
# Keys written even when they hold their default, because the contract names them.
_ALWAYS = {
    "Api": {"name", "title", "doc_version", "style", "hosts"},
    "Operation": {"method", "path", "request", "response", "formats", "source"},
    "TypeDef": {"kind", "base", "fields", "members", "source"},
    "Field": {"name", "type", "required", "description", "source"},
    "Member": {"name", "source"},
    "Example": {"name", "role", "format", "body", "source"},
    "Page": {"file", "sha256"},
    "Signing": {"algorithm", "location", "key", "order"},
    "Route": {"path", "verbs"},
}

HEADER = (
    "# Written by `doc2sdk extract {name}` from definitions/{name}/sources/.\n"
    "# Do not edit: hand-kept settings belong in overrides.yaml.\n"
)


# ---------------------------------------------------------------- dumping


def _to_data(obj: Any) -> Any:
    """Turn model objects into plain YAML data, leaving out defaults the contract does not name."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        always = _ALWAYS.get(type(obj).__name__, set())
        out: dict[str, Any] = {}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
            if f.name not in always and (value == default or value == ()):
                continue
            if f.name in _KEYED:
                out[f.name] = {item.name: _drop_name(_to_data(item)) for item in sorted(value, key=lambda i: i.name)}
            else:
                out[f.name] = _to_data(value)
        return out
    if isinstance(obj, tuple):
        return [_to_data(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _to_data(obj[k]) for k in sorted(obj)}
    return obj


def _drop_name(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "name"}


class _Dumper(yaml.SafeDumper):
    """Block style, multi-line strings as literal blocks, no aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and not any(line != line.rstrip() for line in value.split("\n")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dump_api(api: Api) -> str:
    """The text of ``api.yaml`` for ``api``: stable bytes for equal models."""
    data = _to_data(api)
    top = {
        "api": {k: data.pop(k) for k in list(data) if k not in ("operations", "types", "pages")},
        "pages": data.get("pages", []),
        "operations": data.get("operations", {}),
        "types": data.get("types", {}),
    }
    body = yaml.dump(top, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return HEADER.format(name=api.name) + body


# ---------------------------------------------------------------- loading


def _from_data(cls: Any, data: Any) -> Any:
    """Build model objects from plain data already checked by the schema."""
    origin = typing.get_origin(cls)
    if dataclasses.is_dataclass(cls):
        hints = _hints(cls)
        kwargs = {}
        for f in dataclasses.fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            if f.name in _KEYED:
                value = [{"name": key, **item} for key, item in value.items()]
            kwargs[f.name] = _from_data(hints[f.name], value)
        return cls(**kwargs)
    if origin is tuple:
        (item_cls, _) = typing.get_args(cls)
        return tuple(_from_data(item_cls, v) for v in data)
    if origin in (types.UnionType, typing.Union):
        if data is None:
            return None
        (inner,) = [a for a in typing.get_args(cls) if a is not type(None)]
        return _from_data(inner, data)
    if origin is dict:
        return dict(data)
    return data


@cache
def _hints(cls: type) -> dict[str, Any]:
    """Resolved field annotations of a model class (evaluating them per object is slow)."""
    return typing.get_type_hints(cls)


@cache
def _schema(name: str) -> dict[str, Any]:
    text = resources.files("generator.definitions").joinpath("schemas", f"{name}.schema.json").read_text("utf-8")
    return typing.cast(dict[str, Any], json.loads(text))


def _line_of(root: yaml.Node | None, path: list[Any]) -> int:
    """1-based line of the node at ``path`` (or of its deepest existing parent)."""
    node, line = root, 1
    for key in path:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            node = None
    return node.start_mark.line + 1 if node is not None else line


def _key_path(path: list[Any]) -> str:
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out or "(top level)"


# libyaml's loader when PyYAML was built with it: same data, ~20x faster on large files.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse_yaml(text: str, where: str) -> tuple[Any, yaml.Node | None]:
    """The data and the node tree of ``text`` from one parse; nodes carry line marks for errors."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DefinitionError(f"not valid YAML: {problem}", f"{where}{line}") from None
    finally:
        loader.dispose()
    return data, root


# Bump when what a "validated" marker means changes.
_VALID_SCHEME = "doc2sdk-valid-1"
# Keys of texts this process has validated (``load_definition`` of one API runs up to four
# times in ``generate``: version bump, both sides of its diff, the build).
_validated: set[str] = set()


def _validate(text: str, data: Any, root: yaml.Node | None, schema: str, where: str) -> None:
    """Check ``data`` (parsed from ``text``) against ``schema``; raise naming file, line and key path.

    A text that passed is remembered by content hash (this process, and a marker in the cache
    folder): the verdict is a function of the text, the schema and the validator's version,
    all in the key.  A text that fails is never marked, so its errors are always reported.
    """
    key = _validation_key(text, schema)
    folder = content_cache.side_dir("validated")
    if key in _validated or (folder is not None and content_cache.read_entry(folder, key) == schema):
        _validated.add(key)
        return
    import jsonschema  # ~40 ms to import: only for a text not validated before

    errors = sorted(_validator(schema).iter_errors(data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if errors:
        err = jsonschema.exceptions.best_match(errors)
        path = list(err.absolute_path)
        raise DefinitionError(
            f"at {_key_path(path)}: {_expected(err)}", f"{where}:{_line_of(root, path)}"
        )
    _validated.add(key)
    if folder is not None:
        content_cache.write_entry(folder, key, schema)


def _validation_key(text: str, schema: str) -> str:
    digest = hashlib.sha256()
    for part in (_VALID_SCHEME, schema, _schema_digest(schema), _validator_version(), yaml.__version__):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    """The validator of schema ``name``, with its local ``$ref``s expanded in place.

    Resolving a ``$ref`` costs a registry lookup per use (14,600 of them for the 1x synthetic
    API, half of the validation time); the expanded schema checks the same instance paths with
    the same keywords, so errors are the same.  A recursive ``$ref`` is left as it is.
    """
    import jsonschema

    schema = _schema(name)
    defs = schema.get("$defs", {})

    def expand(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if len(node) == 1 and isinstance(ref, str) and ref.startswith("#/$defs/"):
                target = ref[len("#/$defs/") :]
                if target in defs and target not in seen:
                    return expand(defs[target], (*seen, target))
            return {key: expand(value, seen) for key, value in node.items()}
        if isinstance(node, list):
            return [expand(value, seen) for value in node]
        return node

    # $defs stay (a recursive $ref still resolves against them); everything else is expanded.
    expanded = {key: value if key == "$defs" else expand(value, ()) for key, value in schema.items()}
    return jsonschema.Draft202012Validator(expanded)


@cache
def _schema_digest(name: str) -> str:
    return hashlib.sha256(json.dumps(_schema(name), sort_keys=True).encode("utf-8")).hexdigest()


@cache
def _validator_version() -> str:
    from importlib.metadata import version

    return version("jsonschema")


def _expected(err: jsonschema.ValidationError) -> str:
    """A short 'expected X, got Y' from a schema error."""
    if err.validator == "required":
        return err.message.replace("is a required property", "is required but missing")
    if err.validator == "additionalProperties":
        return f"unexpected key(s): {err.message.split('(')[-1].rstrip(')')}"
    if err.validator == "enum":
        return f"expected one of {', '.join(map(str, err.validator_value))}, got {err.instance!r}"
    if err.validator == "pattern":
        expected = err.schema.get("description") or f"text matching {err.validator_value}"
        return f"expected {expected}, got {err.instance!r}"
    return f"expected {err.validator} {err.validator_value!r}: {err.message}"


def parse_api(text: str, where: str) -> Api:
    """Parse api.yaml text into an Api; ``where`` names the file in errors."""
    with _no_cycle_collection():
        data, root = _parse_yaml(text, where)
        _validate(text, data, root, "api", where)
        flat = {**data["api"], "pages": data.get("pages", []), "operations": data["operations"], "types": data["types"]}
        api: Api = _from_data(Api, flat)
        _check_references(api, root, where)
    return api


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause the cyclic GC while a large file becomes ~10 objects per line.

    Every allocation burst of containers triggers a collection that walks all of them, and
    none of them is garbage yet: a 0.7 MB api.yaml parses ~30% faster without.  Whatever
    cycles arise meanwhile are collected once it is back on.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _check_references(api: Api, root: yaml.Node | None, where: str) -> None:
    known = {t.name for t in api.types}
    for typedef in api.types:
        if typedef.base is not None and typedef.base not in known:
            path = ["types", typedef.name, "base"]
            raise DefinitionError(f"at {_key_path(path)}: base {typedef.base!r} is not a defined type", f"{where}:{_line_of(root, path)}")
        for index, fld in enumerate(typedef.fields):
            path = ["types", typedef.name, "fields", index, "type"]
            try:
                missing = [n for n in named_types(parse_type(fld.type)) if n not in known]
            except TypeExprError as exc:
                raise DefinitionError(f"at {_key_path(path)}: {exc}", f"{where}:{_line_of(root, path)}") from None
            if missing:
                raise DefinitionError(f"at {_key_path(path)}: type {missing[0]!r} is not defined under types", f"{where}:{_line_of(root, path)}")
    for op in api.operations:
        for key in ("request", "response"):
            ref = getattr(op, key)
            path = ["operations", op.name, key]
            try:
                # A response may be list<T>: every type it names must be defined.
                missing = [n for n in named_types(parse_type(ref)) if n not in known] if ref is not None else []
            except TypeExprError as exc:
                raise DefinitionError(f"at {_key_path(path)}: {exc}", f"{where}:{_line_of(root, path)}") from None
            if missing:
                raise DefinitionError(f"at {_key_path(path)}: type {missing[0]!r} is not defined under types", f"{where}:{_line_of(root, path)}")


def parse_overrides(text: str, where: str) -> Overrides:
    """Parse overrides.yaml text into Overrides."""
    data, root = _parse_yaml(text, where)
    _validate(text, data, root, "overrides", where)
    signing = tuple(
        SigningException(
            operation=op,
            reason=spec["reason"],
            request_exclude=tuple(spec.get("request_exclude", ())),
            response_exclude=tuple(spec.get("response_exclude", ())),
        )
        for op, spec in sorted(data.get("signing", {}).items())
    )
    known = tuple(KnownIssue(example=k, reason=v) for k, v in sorted(data.get("known", {}).items()))
    callbacks = tuple(
        Callback(
            name=name,
            message=spec["message"],
            reply=spec.get("reply"),
            reason=spec.get("reason", ""),
            signed=tuple(spec.get("signed", ())),
            reply_signed=tuple(spec.get("reply_signed", ())),
        )
        for name, spec in sorted(data.get("callbacks", {}).items())
    )
    return Overrides(
        package=data["package"],
        version=data.get("version", "0.1.0"),
        api_version=data.get("api_version"),
        hosts=dict(data.get("hosts", {})),
        renames=dict(data.get("renames", {})),
        signing=signing,
        known=known,
        callbacks=callbacks,
    )


def _read(path: Path, label: str) -> str:
    try:
        return path.read_text("utf-8")
    except FileNotFoundError:
        raise DefinitionError("file not found", label) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DefinitionError(f"cannot read: {exc}", label) from None


def load_definition(folder: Path, label: str | None = None) -> Definition:
    """Load ``folder``/api.yaml and merge ``folder``/overrides.yaml over it."""
    label = label or str(folder)
    api = parse_api(_read(folder / "api.yaml", f"{label}/api.yaml"), f"{label}/api.yaml")
    overrides_path = folder / "overrides.yaml"
    if overrides_path.exists():
        overrides = parse_overrides(_read(overrides_path, f"{label}/overrides.yaml"), f"{label}/overrides.yaml")
    else:
        overrides = Overrides(package=api.name)
    _check_overrides(api, overrides, f"{label}/overrides.yaml")
    return Definition(api=with_api_version(api, overrides.api_version), overrides=overrides, origin=label)


def with_api_version(api: Api, version: str | None) -> Api:
    """``api`` stating the overrides' API version (and, for Praxis, that version's signing scheme).

    Many captures lost the footer that names their doc version; the folder they were filed
    under still says which API they describe.  A version the pages state is kept unless the
    overrides name another (the pages' disagreement is then a warning at extraction).
    """
    if version is None or api.api_version == version:
        return api
    signing = api.signing
    if api.style == "praxis" and (signing is None or api.api_version is not None):
        # Up to API 1.2 a body signature over the sorted keys; from 1.3 the listed header.
        listed = tuple(int(p) for p in version.split(".")[:2]) >= (1, 3)
        signing = Signing(location="header", key="GT-Authentication", order="listed") if listed else Signing()
    return dataclasses.replace(api, api_version=version, signing=signing)


def _check_overrides(api: Api, overrides: Overrides, where: str) -> None:
    """Overrides must name things that exist, or they silently stop applying."""
    ops = {op.name for op in api.operations}
    for exc in overrides.signing:
        if exc.operation not in ops:
            raise DefinitionError(f"at signing.{exc.operation}: no such operation in api.yaml", where)
    for key in overrides.renames:
        type_name, _, wire = key.partition(".")
        typedef = api.type_named(type_name)
        if typedef is None or (wire and wire not in {f.name for f in typedef.fields}):
            raise DefinitionError(f"at renames.{key}: no such type or field in api.yaml", where)
    for callback in overrides.callbacks:
        for key in ("message", "reply"):
            ref = getattr(callback, key)
            typedef = api.type_named(ref) if ref is not None else None
            if ref is not None and (typedef is None or typedef.kind == "enum"):
                raise DefinitionError(f"at callbacks.{callback.name}.{key}: {ref!r} is not a class type in api.yaml", where)
