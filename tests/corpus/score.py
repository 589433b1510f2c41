"""Score the extractor against the expected facts of the real corpus (``expected/<site>.yaml``).

Run from any doc2sdk worktree root: ``python tests/corpus/score.py SITE [--page SUBSTR] [--misses]``.
The current directory is put first on ``sys.path``, so the ``generator`` scored is that worktree's.
Each page is extracted alone and the whole site once more in one batch; every expected group (an
operation's request or response fields, or a type) is matched to the best extracted type and its
fields, types, required flags and enum members are counted.  The functions here are pure so that
tests can import them; only ``main`` prints.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

import yaml

HERE = Path(__file__).resolve().parent
PRIMITIVES = {"string", "int", "long", "double", "decimal", "bool", "datetime", "date", "timespan", "guid"}
# The .NET primitives the definitions are gaining (issue 14): a field expecting one is typed right only when the
# extractor gives exactly it (never through `object` or a neighbouring primitive).
PRIMITIVES |= {"char", "byte", "sbyte", "short", "ushort", "uint", "ulong", "float", "datetimeoffset", "bytes"}
GENERICS = ("list", "map", "keyvalue")
# Sites whose expected type names are exact (ServiceStack DTOs); others give name hints only.
EXACT_NAMES = {"paysecure", "servicestack-other"}
# Sites of several services (file names start with the host): the batch is one extraction per service.
BATCH_BY_HOST = {"servicestack-other"}
# Sites whose wire names match case-insensitively: ServiceStack binds members so, and services with a camelCase
# serializer show a member in both casings (tables and .NET code PascalCase, samples and TypeScript camelCase).
FOLD_CASE = {"servicestack-other"}


@dataclass
class Score:
    """Counts of one page, one site or one run; ``misses`` are ``file: group.field expected X got Y``."""

    pages: int = 0
    refused: int = 0
    fields: int = 0
    found: int = 0
    typed: int = 0
    required_right: int = 0
    members: int = 0
    members_found: int = 0
    operations: int = 0
    operations_right: int = 0
    languages: int = 0
    languages_right: int = 0
    no_content: int = 0
    no_content_right: int = 0
    bases: int = 0
    bases_right: int = 0
    routes: int = 0  # operations whose extracted operation carries its routes (an extractor may not, yet)
    routes_right: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        """Add ``other``'s counts and misses to these."""
        for name in self.__dataclass_fields__:
            if name != "misses":
                setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses

    def ratios(self) -> dict[str, float]:
        """Each figure as a fraction (1.0 when nothing was expected)."""

        def part(done: int, total: int) -> float:
            return done / total if total else 1.0

        return {
            "fields_found": part(self.found, self.fields),
            "fields_typed": part(self.typed, self.fields),
            "required_right": part(self.required_right, self.fields),
            "members_found": part(self.members_found, self.members),
            "operations_right": part(self.operations_right, self.operations),
            "languages_right": part(self.languages_right, self.languages),
            "no_content_right": part(self.no_content_right, self.no_content),
            "bases_right": part(self.bases_right, self.bases),
            "routes_right": part(self.routes_right, self.routes),
        }


# ---------------------------------------------------------------- expected facts


def load_expected(site: str, folder: Path = HERE / "expected") -> dict[str, dict[str, Any]]:
    """The ``pages`` mapping of ``<folder>/<site>.yaml`` (file name -> page facts)."""
    data = yaml.safe_load((folder / f"{site}.yaml").read_text("utf-8")) or {}
    return data.get("pages") or {}


def field_spec(spec: Any, batch: bool = False) -> tuple[str, bool]:
    """``(type, required)`` of an expected field written as ``type`` or ``{type, required}``.

    ``int|double`` says the true type is ``int`` but the page's own notation (TypeScript ``number``)
    cannot tell the two apart: a single page may give any of them, the merged site must give the first.
    """
    kind, required = (str(spec.get("type", "")), bool(spec.get("required", False))) if isinstance(spec, dict) else (str(spec), False)
    # `string|enum` names two equally good models of one field, not an imprecise notation.
    precise = batch and not re.search(r"\benum\b", kind)
    return (_split_alternatives(kind)[0] if precise else kind), required


# ---------------------------------------------------------------- type comparison


def _generic(expr: str) -> tuple[str, list[str], str] | None:
    """``(head, args, "?" or "")`` of ``list<T>``/``map<K,V>``/``keyvalue<K,V>`` (no spaces), else None."""
    match = re.fullmatch(r"(\w+)<(.*)>(\??)", expr)
    if not match or match.group(1) not in GENERICS:
        return None
    args, depth, start = [], 0, 0
    body = match.group(2)
    for index, char in enumerate(body):
        depth += {"<": 1, ">": -1}.get(char, 0)
        if char == "," and depth == 0:
            args.append(body[start:index])
            start = index + 1
    return match.group(1), args + [body[start:]], match.group(3)


def _is_class(expr: str, type_kinds: Mapping[str, str]) -> bool:
    base = expr.rstrip("?")
    return base not in PRIMITIVES and _generic(expr) is None and (not type_kinds or base in type_kinds)


def type_matches(expected: str, got: str, type_kinds: Mapping[str, str] | None = None) -> bool:
    """True when ``got`` is ``expected``.

    ``object`` stands for any class type the extractor names, ``enum`` for any enum type (a Praxis
    field whose page lists its allowed values), also inside ``list<...>``, ``map<...>`` and
    ``keyvalue<...>``; ``a|b`` accepts either.  A type name the scorer does not know is compared as text.
    """
    kinds = type_kinds or {}
    expected, got = expected.replace(" ", ""), (got or "").replace(" ", "")
    alternatives = _split_alternatives(expected)
    if len(alternatives) > 1:
        return any(type_matches(one, got, kinds) for one in alternatives)
    if expected == got:
        return True
    if expected in ("object", "object?"):
        return _is_class(got, kinds)
    if expected in ("enum", "enum?"):
        return kinds.get(got.rstrip("?")) == "enum"
    want, have = _generic(expected), _generic(got)
    if want and have and (want[0], want[2], len(want[1])) == (have[0], have[2], len(have[1])):
        return all(type_matches(a, b, kinds) for a, b in zip(want[1], have[1]))
    return False


def _split_alternatives(expected: str) -> list[str]:
    """``a|list<b>|c`` -> ``[a, list<b>, c]`` (a ``|`` inside ``<...>`` belongs to the argument)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(expected):
        depth += {"<": 1, ">": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(expected[start:index])
            start = index + 1
    return parts + [expected[start:]]


def normalise_route(route: str) -> tuple[str, str]:
    """``("POST", "/path")`` of ``POST /path`` or ``POST https://host/path``; ``("", "")`` for none."""
    method, _, path = route.strip().partition(" ")
    if not path and method.startswith(("/", "http")):
        method, path = "", method
    path = path.strip()
    if "://" in path:
        path = urlparse(path).path
    return method.upper(), (path.rstrip("/") or "/") if path else ""


# ---------------------------------------------------------------- matching


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


def best_type(
    api: Any, name: str, wire: list[str], exact: bool, prefer: frozenset[str] = frozenset(), fold: bool = False
) -> Any:
    """The extracted TypeDef for an expected group: by exact name, else the most shared wire names.

    ``prefer`` holds the types of the operations extracted at the documented route: when one of
    them shares a wire name, only they compete.  Ties go to the name most like the hint.
    ``fold`` compares wire names case-insensitively.
    """
    if exact and name:
        return api.type_named(name)

    def names_of(typedef: Any) -> set[str]:
        names = {f.name for f in typedef.fields} | {m.name for m in typedef.members}
        return {n.lower() for n in names} if fold else names

    wanted = {w.lower() for w in wire} if fold else set(wire)
    candidates = [t for t in api.types if t.name in prefer and wanted & names_of(t)]
    best, best_key = None, (0, False, 0.0)
    for typedef in candidates or api.types:
        key = (len(names_of(typedef) & wanted), typedef.name in prefer, _similarity(typedef.name, name or ""))
        if key > best_key:
            best, best_key = typedef, key
    return best if best_key[0] else None


def score_group(
    api: Any, file: str, label: str, name: str, fields: dict, members: list, exact: bool, batch: bool = False,
    prefer: frozenset[str] = frozenset(), fold: bool = False,
) -> tuple[Score, Any]:  # fmt: skip
    """Score one expected field set or enum against its best extracted type; returns (score, type).

    ``fold``: a field whose exact wire name is missing may be found under another casing.
    """
    score = Score()
    wire = list(fields) + [str(m) for m in members]
    typedef = best_type(api, name, wire, exact, prefer, fold)
    got_fields = {f.name: f for f in typedef.fields} if typedef else {}
    folded = {f.name.lower(): f for f in reversed(typedef.fields)} if typedef and fold else {}
    got_members = {m.name for m in typedef.members} if typedef else set()
    type_kinds = {t.name: t.kind for t in api.types}
    where = f"{file}: {label}"
    if typedef is None and wire:
        score.misses.append(f"{where} not found (no matching type)")
    for wire_name, spec in (fields or {}).items():
        expected_type, required = field_spec(spec, batch)
        score.fields += 1
        got = got_fields.get(str(wire_name)) or folded.get(str(wire_name).lower())
        if got is None:
            if typedef is not None:
                score.misses.append(f"{where}.{wire_name} expected {expected_type} got missing")
            continue
        score.found += 1
        if type_matches(expected_type, got.type, type_kinds):
            score.typed += 1
        else:
            score.misses.append(f"{where}.{wire_name} expected {expected_type} got {got.type}")
        if got.required == required:
            score.required_right += 1
        else:
            score.misses.append(f"{where}.{wire_name} expected required={required} got required={got.required}")
    for member in members or []:
        score.members += 1
        if str(member) in got_members:
            score.members_found += 1
        elif typedef is not None:
            score.misses.append(f"{where}.{member} expected member got missing")
    return score, typedef


def _route_of(op: Any) -> tuple[str, str]:
    return normalise_route(f"{op.method} {op.path}")


def route_pairs(routes: Any) -> set[tuple[str, str]]:
    """``{(VERB, /path)}`` of routes written ``"GET,POST /p"`` (``ANY`` = ``All Verbs``) or as objects/dicts.

    An object or dict may carry ``verbs`` (a list or comma-separated text) or ``method``, and ``path``.
    """
    pairs = set()
    for route in routes or ():
        if isinstance(route, str):
            verbs, _, path = route.strip().rpartition(" ")
        else:
            get = route.get if isinstance(route, dict) else lambda key, r=route: getattr(r, key, None)
            verbs, path = get("verbs") or get("method") or "", str(get("path") or "")
        if not isinstance(verbs, str):
            verbs = ",".join(str(v) for v in verbs)
        for verb in re.split(r"\s*,\s*", verbs.strip()) if verbs.strip() else ["ANY"]:
            verb = "ANY" if verb.upper() in ("ALL VERBS", "ANY", "*") else verb.upper()
            pairs.add((verb, normalise_route(f"{verb} {path}")[1]))
    return pairs


def score_routes(op: Any, file: str, spec: dict) -> Score:
    """Every documented route of one operation, where the extracted operation carries ``routes``.

    ``all_routes`` (the model's: the primary route and the listed ones) is used where it exists.
    """
    score = Score()
    got = getattr(op, "all_routes", None)
    if got is None:
        got = getattr(op, "routes", None)
    expected = spec.get("routes") or ([spec["route"]] if spec.get("route") else [])
    if got is None or not expected:
        return score
    score.routes = 1
    want, have = route_pairs(expected), route_pairs(got)
    if want == have:
        score.routes_right = 1
    else:
        score.misses.append(f"{file}: routes of {spec.get('request', '?')} expected {sorted(want)} got {sorted(have)}")
    return score


def score_operation(
    api: Any, file: str, index: int, spec: dict, exact: bool, batch: bool = False, fold: bool = False
) -> Score:
    """Score one expected operation: its field groups, and whether a matching operation was extracted."""
    score = Score(operations=1)
    label = spec.get("request") or f"operation[{index}]"
    want_method, want_path = normalise_route(spec.get("route", ""))
    at_route = [o for o in api.operations if (want_method or want_path) and _route_of(o) == (want_method, want_path)]
    # An exact request name also tells which extracted operation's response an unnamed response group is.
    named = [o for o in api.operations if exact and spec.get("request") and o.request == spec["request"]]
    req_prefer = frozenset(o.request for o in at_route)
    res_prefer = frozenset(o.response for o in at_route + named if o.response)
    req_score, req_type = score_group(
        api, file, f"{label}(request)", spec.get("request", ""), spec.get("request_fields") or {}, [], exact, batch,
        req_prefer, fold,
    )  # fmt: skip
    res_name = spec.get("response", "")
    res_type = None
    if "response_fields" in spec or res_name:
        res_score, res_type = score_group(
            api, file, f"{res_name or label}(response)", res_name, spec.get("response_fields") or {}, [], exact, batch,
            res_prefer, fold,
        )  # fmt: skip
        score.add(res_score)
    score.add(req_score)
    score.operations = 1
    # Without a documented name (Praxis, untitled tables) the operation must use the matched types.
    want_request = (spec.get("request") if exact else None) or (req_type.name if req_type is not None else None)
    want_response = (res_name if exact else None) or (res_type.name if res_type is not None else None)
    unmatched = (spec.get("request_fields") and not want_request) or (spec.get("response_fields") and not want_response)
    for op in api.operations if not unmatched else ():
        method, path = _route_of(op)
        if (want_method or want_path) and (method, path) != (want_method, want_path):
            continue
        if want_request and op.request != want_request:
            continue
        if (res_name or "response_fields" in spec) and want_response and op.response != want_response:
            continue
        score.operations_right = 1
        score.add(score_routes(op, file, spec))
        return score
    shown = at_route or (api.operations if len(api.operations) <= 3 else ())
    got = ", ".join(f"{o.method} {o.path} {o.request}->{o.response}" for o in shown)
    got = got or (f"no operation at that route ({len(api.operations)} others)" if api.operations else "none")
    score.misses.append(
        f"{file}: operation {spec.get('route', '')!r} {want_request}->{want_response} expected got {got}"
    )
    return score


def score_page(
    api: Any, file: str, facts: dict, exact: bool, language: str | None = None, batch: bool = False,
    fold: bool = False,
) -> Score:  # fmt: skip
    """Score one page's expected facts against ``api`` (that page's extraction, or the whole site's)."""
    score = Score(pages=1)
    if facts.get("api_content", True) is False:
        score.no_content = 1
        if not api.operations and not api.types:
            score.no_content_right = 1
        else:
            score.misses.append(
                f"{file}: api_content false expected no operations/types got "
                f"{len(api.operations)} operations, {len(api.types)} types"
            )
    for index, op in enumerate(facts.get("operations") or []):
        score.add(score_operation(api, file, index, op, exact, batch, fold))
    for group in facts.get("types") or []:
        sub, typedef = score_group(
            api, file, group.get("name", "?"), group.get("name", ""), group.get("fields") or {},
            group.get("members") or [], exact, batch, fold=fold,
        )  # fmt: skip
        score.add(sub)
        if "base" in group:
            score.bases += 1
            got_base = getattr(typedef, "base", None) if typedef is not None else None
            if got_base == group["base"]:
                score.bases_right += 1
            else:
                score.misses.append(f"{file}: {group.get('name', '?')} expected base {group['base']} got {got_base}")
    if facts.get("language"):
        score.languages = 1
        if language == facts["language"]:
            score.languages_right = 1
        else:
            score.misses.append(f"{file}: language expected {facts['language']} got {language}")
    return score


# ---------------------------------------------------------------- running the extractor


def page_language(result: Any, text: str, file: str) -> str | None:
    """The DTO language the extractor read on a ServiceStack code page.

    Read from ``PageResult.language`` or the page's ``Page.language`` when the extractor exposes
    it; otherwise from the ServiceStack body reader itself (what the extractor used internally).
    """
    for holder in (result, *(getattr(result.api, "pages", ()) or ())):
        lang = getattr(holder, "language", None)
        if lang:
            return str(lang)
    try:
        from generator.extract.servicestack import reader
        from generator.extract.servicestack.assemble import PageTypes
        from generator.extract.servicestack.body import read_body
        from generator.extract.servicestack.sample_sections import starts_samples

        lines = [(n, t.rstrip("\r")) for n, t in enumerate(text.split("\n"), 1)]
        split = next((i for i, (_, t) in enumerate(lines) if starts_samples(t.strip())), len(lines))
        _, body_start, _ = reader._read_header(lines[:split], file)
        body = read_body(lines[body_start:split], file, PageTypes(file))
        return body.language
    except Exception:  # noqa: BLE001 - a probe of internals; any change there just means "unknown"
        return None


def corpus_root(start: Path | None = None) -> Path:
    """``../shared/corpus`` relative to the project root (cwd by default)."""
    return ((start or Path.cwd()) / ".." / "shared" / "corpus").resolve()


def score_site(site: str, root: Path, page_filter: str = "", expected: dict | None = None) -> dict[str, Score]:
    """``{"single": ..., "batch": ...}`` scores of ``site``'s pages under ``root`` (the corpus folder)."""
    facts_by_page = expected if expected is not None else load_expected(site)
    exact, fold = site in EXACT_NAMES, site in FOLD_CASE
    files = sorted(f for f in facts_by_page if page_filter in f)
    single, batch = Score(), Score()
    groups: dict[str, list[Path]] = {}
    for path in sorted((root / site).glob("*.txt")):
        groups.setdefault(service_of(site, path.name), []).append(path)
    wanted = {service_of(site, file) for file in files}
    batch_apis = {name: _batch_api(name or site, paths, batch) for name, paths in groups.items() if name in wanted}
    for file in files:
        facts = facts_by_page[file] or {}
        single.add(_score_alone(site, root, file, facts, exact, fold))
        batch_api = batch_apis.get(service_of(site, file))
        if batch_api is not None:
            # Content-free pages and languages are properties of one page, scored alone only.
            batch_facts = {k: v for k, v in facts.items() if k not in ("language", "api_content")}
            batch.add(score_page(batch_api, file, batch_facts, exact, batch=True, fold=fold))
    return {"single": single, "batch": batch}


def service_of(site: str, file: str) -> str:
    """The service a page belongs to: its host (the file name's first part) on multi-service sites, else ``""``."""
    return file.split("__", 1)[0] if site in BATCH_BY_HOST else ""


def _score_alone(site: str, root: Path, file: str, facts: dict, exact: bool, fold: bool = False) -> Score:
    """One page extracted by itself; a refused page owes all its facts (and is no content-free success)."""
    from generator.extract import extract_text, read_page
    from generator.model import Api

    text = read_page(root / site / file)
    try:
        result = extract_text(text, file)
    except Exception as exc:  # noqa: BLE001 - a refusal is a figure, not a crash of the scorer
        missed = score_page(Api(name=site), file, facts, exact, fold=fold)
        missed.refused, missed.no_content_right = 1, 0
        missed.misses = [f"{file}: refused: {type(exc).__name__}: {exc}"]
        if missed.no_content:
            missed.misses.append(f"{file}: api_content false expected an empty extraction got a refusal")
        return missed
    language = page_language(result, text, file) if facts.get("language") else None
    return score_page(result.api, file, facts, exact, language, fold=fold)


def _batch_api(site: str, paths: list[Path], batch: Score) -> Any:
    """The pages of one site (or service) merged; after a refusal, the merge of those that extract alone (or None)."""
    from generator.extract import extract_pages, extract_text, read_page

    try:
        return extract_pages(paths, site).api
    except Exception as exc:  # noqa: BLE001 - a refusal is a figure, not a crash of the scorer
        batch.refused += 1
        batch.misses.append(f"(batch {site}): refused: {type(exc).__name__}: {exc}")
    readable = []
    for path in paths:
        try:
            extract_text(read_page(path), path.name)
            readable.append(path)
        except Exception:  # noqa: BLE001 - counted in the single-page figures
            continue
    try:
        return extract_pages(readable, site).api if readable else None
    except Exception:  # noqa: BLE001
        return None


def report(site: str, scores: dict[str, Score], misses: bool = False) -> str:
    """The figures of ``score_site`` as text lines (and every miss when asked)."""
    out = []
    for kind, score in scores.items():
        r = score.ratios()
        out.append(
            f"{site} [{kind}] pages {score.pages} refused {score.refused} | fields {score.fields}: "
            f"found {r['fields_found']:.1%} typed {r['fields_typed']:.1%} required {r['required_right']:.1%} | "
            f"members {score.members}: {r['members_found']:.1%} | operations {score.operations}: "
            f"{r['operations_right']:.1%} | languages {score.languages}: {r['languages_right']:.1%} | "
            f"no-content pages {score.no_content}: {r['no_content_right']:.1%}"
            + (f" | bases {score.bases}: {r['bases_right']:.1%}" if score.bases else "")
            + (f" | routes {score.routes}: {r['routes_right']:.1%}" if score.routes else "")
        )
    if misses:
        for kind, score in scores.items():
            out += [f"[{kind}] {m}" for m in score.misses]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Command line: print the figures of one site (exit 0; the test asserts the targets)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("site")
    parser.add_argument("--page", default="", help="score only pages whose file name contains this")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--corpus", type=Path, default=None, help="corpus folder (default ../shared/corpus)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path.cwd()))
    root = args.corpus or corpus_root()
    print(report(args.site, score_site(args.site, root, args.page), args.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
