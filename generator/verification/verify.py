"""``doc2sdk verify``: every doc example through the generated codecs (and signer), in memory.

For each example kept in ``api.yaml`` the generated package is asked to decode
it into its DTO and encode it again; the result is compared with the example
canonically (JSON by parsed value and key order, JSON Lines the same line by line,
XML by element tree ignoring whitespace and namespace prefixes, JSV/CSV as text).  A Praxis example with a
signature is re-signed with the generated ``signing`` module.  Examples listed
under ``known:`` in overrides.yaml are reported as ``known`` with their reason.

The package is rendered and imported from memory under a private module
prefix, and removed from ``sys.modules`` afterwards: nothing is written.
"""

from __future__ import annotations

import argparse
import contextlib
import decimal
import importlib.abc
import importlib.machinery
import itertools
import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from defusedxml import ElementTree as SafeET

from ..errors import Doc2SdkError
from ..model import Definition, Example, Operation
from ..project import Project
from .forms import brief, is_cut, jsv_compact, jsv_difference, tree_difference

DOC_SECRET = "MerchantSecretKey"
_PREFIX = "_doc2sdk_verify_"
_counter = itertools.count(1)


@dataclass(frozen=True)
class Outcome:
    """The verdict on one example: ``ok``, ``FAIL``, ``known`` or ``cut`` (the capture stops inside it)."""

    status: str
    example: Example
    operation: str
    detail: str = ""

    def line(self) -> str:
        """The line printed for this example."""
        head = f"{self.status:<4} {self.example.source} {self.operation} {self.example.name}"
        return f"{head}: {self.detail}" if self.detail else head


# ---------------------------------------------------------------- loading the package from memory


class _MemoryFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves ``<name>`` and ``<name>.<module>`` from rendered sources."""

    def __init__(self, name: str, sources: Mapping[str, str]) -> None:
        self.name = name
        self.sources = sources  # module name relative to the package ("" for __init__) -> text

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.name and not fullname.startswith(self.name + "."):
            return None
        relative = fullname[len(self.name) + 1 :]
        if relative not in self.sources:
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=relative == "")

    def exec_module(self, module: ModuleType) -> None:
        relative = module.__name__[len(self.name) + 1 :]
        filename = f"<doc2sdk:{relative or '__init__'}>"
        exec(compile(self.sources[relative], filename, "exec"), module.__dict__)  # noqa: S102 - our own render


@contextlib.contextmanager
def loaded_package(files: Mapping[str, str], package: str) -> Iterator[ModuleType]:
    """Import a rendered package (``{path: text}``) from memory under a private name."""
    name = f"{_PREFIX}{package}_{next(_counter)}"
    sources = {}
    for path, text in files.items():
        if path.startswith(package + "/") and path.endswith(".py"):
            module = path[len(package) + 1 : -3].replace("/", ".")
            sources["" if module == "__init__" else module] = text
    finder = _MemoryFinder(name, sources)
    sys.meta_path.insert(0, finder)
    try:
        yield importlib.import_module(name)
    finally:
        sys.meta_path.remove(finder)
        for key in [k for k in sys.modules if k == name or k.startswith(name + ".")]:
            del sys.modules[key]


def submodule(package: ModuleType, name: str) -> ModuleType:
    """Import ``<package>.<name>`` of a loaded package."""
    return importlib.import_module(f"{package.__name__}.{name}")


# ---------------------------------------------------------------- canonical comparison


def _json_pairs(text: str) -> Any:
    return json.loads(text, object_pairs_hook=lambda pairs: ("object", pairs), parse_float=decimal.Decimal)


def json_difference(expected: str, actual: str, ordered: bool = True, fold_case: bool = False) -> str | None:
    """The first difference between two JSON texts (values, and key order when ``ordered``), or None.

    ``fold_case`` compares keys without case: a ServiceStack server matches them so, and
    newer servers print camelCase samples of PascalCase DTOs.
    """
    try:
        left = _json_pairs(expected)
    except ValueError as exc:
        return f"the example is not valid JSON: {exc}"
    right = _json_pairs(actual)
    if not ordered:
        left, right = _sorted(left), _sorted(right)
    return tree_difference(left, right, "$", fold_case)


def _sorted(value: Any) -> Any:
    if isinstance(value, tuple):
        return ("object", sorted((k, _sorted(v)) for k, v in value[1]))
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


def xml_difference(expected: str, actual: str) -> str | None:
    """The first difference between two XML documents (whitespace and prefixes ignored)."""
    try:
        left = SafeET.fromstring(expected.encode("utf-8"))
    except Exception as exc:  # defusedxml raises several unrelated types for hostile input
        return f"the example is not well-formed XML: {exc}"
    return _xdiff(left, SafeET.fromstring(actual.encode("utf-8")), "")


def _xdiff(left: Any, right: Any, path: str) -> str | None:
    here = f"{path}/{left.tag.rpartition('}')[2]}"
    if left.tag != right.tag:
        return f"at {here}: element {right.tag} instead"
    if dict(left.attrib) != dict(right.attrib):
        return f"at {here}: attributes {dict(left.attrib)} expected, got {dict(right.attrib)}"
    lkids, rkids = list(left), list(right)
    if not lkids and not rkids and (left.text or "").strip() != (right.text or "").strip():
        return f"at {here}: {(left.text or '').strip()[:60]!r} expected, got {(right.text or '').strip()[:60]!r}"
    if [k.tag for k in lkids] != [k.tag for k in rkids]:
        names = [k.tag.rpartition("}")[2] for k in lkids], [k.tag.rpartition("}")[2] for k in rkids]
        return f"at {here}: children {brief(names[0])} expected, got {brief(names[1])}"
    for lkid, rkid in zip(lkids, rkids):
        found = _xdiff(lkid, rkid, here)
        if found:
            return found
    return None


def jsonl_difference(expected: str, actual: str, fold_case: bool = False) -> str | None:
    """The first difference between two JSON Lines texts: the number of documents, then each line as JSON."""
    left, right = _json_lines(expected), _json_lines(actual)
    if len(left) != len(right):
        return f"{len(left)} JSON lines expected, got {len(right)}"
    for number, (one, other) in enumerate(zip(left, right), start=1):
        found = json_difference(one, other, ordered=True, fold_case=fold_case)
        if found:
            return f"document {number}: {found}"
    return None


def _json_lines(text: str) -> list[str]:
    return [line for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def text_difference(expected: str, actual: str) -> str | None:
    """The first differing line of two texts after normalising newlines."""
    lines = expected.replace("\r\n", "\n").strip().split("\n"), actual.replace("\r\n", "\n").strip().split("\n")
    for number, (left, right) in enumerate(itertools.zip_longest(*lines, fillvalue=""), start=1):
        if left != right:
            return f"line {number}: {left[:80]!r} expected, got {right[:80]!r}"
    return None


# ---------------------------------------------------------------- checking examples


def wire_format(example: Example) -> str:
    """The codec an example needs: CSV pages show JSON bodies; JSONL pages show JSON Lines."""
    body = example.body.lstrip()
    if example.format == "csv" and body[:1] in ("{", "["):
        return "json"
    return example.format


def _codec_pair(codecs: ModuleType, fmt: str, many: bool) -> tuple[Any, Any]:
    """(decode, encode) of ``fmt``; a JSON Lines list response decodes line by line (None: no such codec)."""
    if fmt == "jsonl" and many:
        return getattr(codecs, "from_jsonl_list", None), getattr(codecs, "to_jsonl", None)
    return getattr(codecs, f"from_{fmt}", None), getattr(codecs, f"to_{fmt}", None)


def check_example(defn: Definition, package: ModuleType, op: Operation, example: Example) -> Outcome:
    """Round-trip one example (and re-sign it when it carries a signature)."""
    known = {issue.example: issue.reason for issue in defn.overrides.known}
    if example.source in known:
        return Outcome("known", example, op.name, known[example.source])
    # A list response (``list<T>``) shows its items: each is a T (JSON Lines: one per line).
    many = example.role == "response" and op.response_many
    type_name = example.type or (op.request if example.role == "request" else op.response_type if many else op.response)
    if type_name is None:
        return Outcome("FAIL", example, op.name, "no DTO type for this example")
    models, codecs, errors = (submodule(package, m) for m in ("models", "codecs", "errors"))
    fmt = wire_format(example)
    if is_cut(example.body, fmt):
        return Outcome("cut", example, op.name, "the capture stops inside this example")
    # JSV samples are printed in ServiceStack's display form; the codec reads and writes the wire form.
    body = jsv_compact(example.body) if fmt == "jsv" else example.body
    decode, encode = _codec_pair(codecs, fmt, many)
    if decode is None or encode is None:
        return Outcome("FAIL", example, op.name, f"the package has no {fmt} codec")
    cls = getattr(models, _class_name(defn, type_name))
    try:
        again = encode(decode(cls, body.encode("utf-8"))).decode("utf-8")
    except (errors.DecodeError, errors.EncodeError) as exc:
        return Outcome("FAIL", example, op.name, f"{type(exc).__name__}: {exc}")
    if fmt == "json":
        # Key order is compared for every API: the extractor declares fields in the order the
        # examples show them, so an example re-encodes to its own key order.
        difference = json_difference(body, again, ordered=True, fold_case=defn.api.style == "servicestack")
    elif fmt == "jsonl":
        difference = jsonl_difference(body, again, fold_case=defn.api.style == "servicestack")
    else:
        difference = {"xml": xml_difference, "jsv": jsv_difference}.get(fmt, text_difference)(body, again)
    if difference is None and fmt == "json":
        difference = _signature_difference(defn, package, op, example)
    return Outcome("FAIL" if difference else "ok", example, op.name, difference or "")


def _class_name(defn: Definition, type_name: str) -> str:
    from ..rendering.filters import class_names

    return class_names(defn)[type_name]


def _signature_difference(defn: Definition, package: ModuleType, op: Operation, example: Example) -> str | None:
    """Recompute a signed example's signature with the generated signer; None when it matches."""
    key = defn.api.signing.key if defn.api.signing else "signature"
    if defn.api.style != "praxis" or (defn.api.signing and defn.api.signing.location != "body"):
        return None
    fields = json.loads(example.body)
    if not isinstance(fields, dict) or not isinstance(fields.get(key), str):
        return None
    exclusions = next((e for e in defn.overrides.signing if e.operation == op.name), None)
    exclude: Sequence[str] = ()
    if exclusions is not None:
        exclude = exclusions.request_exclude if example.role == "request" else exclusions.response_exclude
    signing = submodule(package, "signing")
    expected = fields[key]
    actual = signing.sign(fields, DOC_SECRET, exclude=tuple(exclude))
    if actual != expected:
        return f"signature {expected[:16]}... expected, the signer gives {str(actual)[:16]}..."
    return None


def check_definition(defn: Definition, files: Mapping[str, str]) -> list[Outcome]:
    """Every example of every operation of ``defn``, checked against its rendered package."""
    with loaded_package(files, defn.overrides.package) as package:
        return [
            check_example(defn, package, op, example)
            for op in sorted(defn.api.operations, key=lambda o: o.name)
            for example in op.examples
        ]


# ---------------------------------------------------------------- the verb


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``verify [<api>...]``."""
    parser.add_argument("apis", nargs="*", metavar="API", help="APIs to verify (default: all)")


def run(args: argparse.Namespace) -> int:
    """Print one line per example and a summary; exit 1 on any unexpected failure."""
    project = Project(args.root)
    outcomes: list[Outcome] = []
    for api in args.apis or project.apis():
        if not (project.definition_dir(api) / "api.yaml").is_file():
            raise Doc2SdkError("no api.yaml (run `doc2sdk extract` first)", f"definitions/{api}")
        for outcome in check_definition(project.load(api), project.build(api)):
            print(outcome.line())
            outcomes.append(outcome)
    counts = {status: sum(o.status == status for o in outcomes) for status in ("ok", "FAIL", "known", "cut")}
    summary = f"{counts['ok']} passed, {counts['FAIL']} failed"
    print(summary + "".join(f", {counts[s]} {s}" for s in ("known", "cut") if counts[s]))
    return 1 if counts["FAIL"] else 0
