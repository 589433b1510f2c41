"""Breaking-change rules: compare two ``Api`` models and list what changed for callers.

Every ``Change`` carries a severity (breaking, warning, info), a kebab-case rule id,
the key path into api.yaml, the old and new values as text and the ``file:line``
of the doc page on each side.  Provenance (``source``, ``also``, ``pages``,
examples) and whitespace in descriptions are never compared, so re-extracting the
same pages, or reflowing a page, reports nothing.

Severity follows what callers feel, by direction.  A request field is what the
caller sends: if it accepts more than before (a wider type, a raised or dropped
``max_length``) nothing they send is refused; if it accepts less, some may be
(breaking).  A response field is what the caller receives: if it may carry more
(wider type, longer text) their handling may meet values it never met (warning);
if it carries less, values still fit (info), unless the Python type changes under
them (``decimal`` -> ``int`` loses ``Decimal``'s methods: breaking).  In detail:

* same Python type and same wire form (``int`` <-> ``long``, also inside lists
  and maps): info, whatever reaches the field;
* widening (``int``/``long`` -> ``decimal``/``double``): warning (in a request the
  value set grows but the annotation changes, so type checkers may flag callers);
* narrowing (the reverse): breaking;
* ``max_length`` lowered or newly set: breaking where a request reaches the type,
  else info; raised or dropped: warning where a response reaches the type, else info;
* a field both directions reach gets the stricter severity; a type no operation
  reaches is judged as if both did.

The wire-level views the codec-specific rules need (reachability, inheritance
flattening, DataContract member order, signed field lists) live in ``wire``.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import DefinitionError
from ..model import Api, Callback, Operation, Overrides, Signing
from .changes import BREAKING, INFO, LABELS, RULES, SEVERITY_RANK, SURFACE_RULES, WARNING, Change, plain_text
from .moves import match_moves
from .type_rules import class_field_changes, type_changes
from .wire import Side, signed_fields

# The vocabulary lives in ``changes``; it is re-exported here, where readers look for the rules.
__all__ = ["BREAKING", "INFO", "LABELS", "RULES", "SEVERITY_RANK", "SURFACE_RULES", "WARNING", "Change", "bump_version", "compare", "suggest_bump"]


def compare(old: Api, new: Api, old_overrides: Overrides | None = None, new_overrides: Overrides | None = None) -> list[Change]:
    """Every change from ``old`` to ``new``, sorted; overrides are compared only when both are given."""
    a, b = Side.of(old, old_overrides), Side.of(new, new_overrides)
    old_names, new_names = {op.name for op in old.operations}, {op.name for op in new.operations}
    moves = match_moves(a, b, sorted(old_names - new_names), sorted(new_names - old_names))
    changes = _api_changes(old, new)
    changes += _operation_changes(a, b, moves)
    changes += type_changes(a, b)
    changes += _signed_changes(a, b, moves)
    if old_overrides is not None and new_overrides is not None:
        changes += _override_changes(a, b, old_overrides, new_overrides)
    return sorted(changes, key=Change.sort_key)


def _signing_text(signing: Signing | None) -> str:
    if signing is None:
        return "none"
    return f"{signing.algorithm} in {signing.location} {signing.key!r}, fields {signing.order}"


# ---------------------------------------------------------------- api level


def _api_changes(old: Api, new: Api) -> list[Change]:
    out = []
    if old.style != new.style:
        out.append(Change(BREAKING, "style-changed", "api.style", old.style, new.style))
    if old.signing != new.signing:
        out.append(Change(BREAKING, "signing-scheme-changed", "api.signing", _signing_text(old.signing), _signing_text(new.signing)))
    if (old.api_version or "") != (new.api_version or ""):
        out.append(Change(INFO, "api-version-changed", "api.api_version", old.api_version, new.api_version))
    if old.style == "servicestack" and old.xml_namespace != new.xml_namespace:
        # Every XML DTO without a namespace of its own moves with it: reported once, here.
        out.append(Change(BREAKING, "xml-namespace-changed", "api.xml_namespace", old.xml_namespace, new.xml_namespace))
    for env in sorted(set(old.hosts) | set(new.hosts)):
        was, now = old.hosts.get(env), new.hosts.get(env)
        if was == now:
            continue
        # Callers name environments: losing one breaks them, a moved URL does not.
        rule, severity = ("host-removed", BREAKING) if now is None else ("host-added", INFO) if was is None else ("host-changed", INFO)
        out.append(Change(severity, rule, f"api.hosts.{env}", was, now))
    return out


# ---------------------------------------------------------------- operations


def _operation_changes(a: Side, b: Side, moves: dict[str, str]) -> list[Change]:
    out = []
    old_ops = {op.name: op for op in a.api.operations}
    new_ops = {op.name: op for op in b.api.operations}
    for name in sorted(set(old_ops) | set(new_ops)):
        was, now = old_ops.get(name), new_ops.get(name)
        path = f"operations.{name}"
        if name in moves and was is not None:
            out += _moved_pair(a, b, path, was, new_ops[moves[name]])
        elif name in moves.values():
            continue  # reported under its old name, as moved
        elif now is None and was is not None:
            out.append(Change(BREAKING, "operation-removed", path, f"{was.method} {was.path}", None, was.source))
        elif was is None and now is not None:
            out.append(Change(INFO, "operation-added", path, None, f"{now.method} {now.path}", "", now.source))
        elif was is not None and now is not None:
            out += _operation_pair(path, was, now)
    return out


def _moved_pair(a: Side, b: Side, path: str, was: Operation, now: Operation) -> list[Change]:
    """A renamed and re-routed operation: the move, then what changed in its request and response fields."""
    out = [Change(BREAKING, "operation-moved", path, f"{was.name}: {was.method} {was.path}", f"{now.name}: {now.method} {now.path}", was.source, now.source)]
    same_name = replace(now, name=was.name, path=was.path)
    out += [c for c in _operation_pair(path, was, same_name) if c.rule not in ("request-type-changed", "response-type-changed", "description-changed")]
    for role in ("request", "response"):
        old_t, new_t = a.types.get(getattr(was, role) or ""), b.types.get(getattr(now, role) or "")
        if old_t is not None and new_t is not None and old_t.kind == new_t.kind == "class":
            out += class_field_changes(a, b, f"{path}.{role}", old_t, new_t, by_index=False)[1]
    return out


def _operation_pair(path: str, was: Operation, now: Operation) -> list[Change]:
    src = (was.source, now.source)
    out = []
    for rule, key in (("verb-changed", "method"), ("route-changed", "path"), ("request-type-changed", "request"), ("response-type-changed", "response")):
        if getattr(was, key) != getattr(now, key):
            out.append(Change(BREAKING, rule, f"{path}.{key}", getattr(was, key), getattr(now, key), *src))
    for fmt in sorted(set(was.formats) - set(now.formats)):
        out.append(Change(BREAKING, "format-removed", f"{path}.formats", fmt, None, *src))
    for fmt in sorted(set(now.formats) - set(was.formats)):
        out.append(Change(INFO, "format-added", f"{path}.formats", None, fmt, *src))
    if was.requires_auth != now.requires_auth:
        severity = BREAKING if now.requires_auth else INFO
        out.append(Change(severity, "auth-changed", f"{path}.requires_auth", str(was.requires_auth).lower(), str(now.requires_auth).lower(), *src))
    out += _routes_and_roles(path, was, now)
    if plain_text(was.description) != plain_text(now.description):
        out.append(Change(INFO, "description-changed", f"{path}.description", plain_text(was.description), plain_text(now.description), *src))
    return out


def _routes_and_roles(path: str, was: Operation, now: Operation) -> list[Change]:
    """A route (verb + template) gone or a role newly required breaks callers; additions do not."""
    src = (was.source, now.source)

    def spelled(op: Operation) -> set[str]:
        # The primary route has its own rules (verb-changed, route-changed).
        every = {f"{verb} {route.path}" for route in op.all_routes for verb in route.verbs}
        return every - {f"{op.method} {op.path}"}

    out = [Change(BREAKING, "route-removed", f"{path}.routes", r, None, *src) for r in sorted(spelled(was) - spelled(now))]
    out += [Change(INFO, "route-added", f"{path}.routes", None, r, *src) for r in sorted(spelled(now) - spelled(was))]
    before, after = set(was.roles), set(now.roles)
    out += [Change(BREAKING, "role-required", f"{path}.roles", None, r, *src) for r in sorted(after - before)]
    out += [Change(INFO, "role-dropped", f"{path}.roles", r, None, *src) for r in sorted(before - after)]
    # any_roles: one of them suffices, so a new alternative loosens and a dropped one narrows.
    before, after = set(was.any_roles), set(now.any_roles)
    narrows = bool(after) and (not before or bool(before - after))
    if before != after:
        out.append(Change(BREAKING if narrows else INFO, "any-roles-changed", f"{path}.any_roles",
                          ", ".join(sorted(before)) or None, ", ".join(sorted(after)) or None, *src))
    return out


# ---------------------------------------------------------------- signatures and overrides


def _signed_changes(a: Side, b: Side, moves: dict[str, str]) -> list[Change]:
    """Per operation (a moved one under its old name), the ordered fields a signature covers; a scheme change is reported once, at api level."""
    sa, sb = a.api.signing, b.api.signing
    if sa is None or sb is None or sa.order != sb.order:
        return []
    out = []
    new_ops = {op.name: op for op in b.api.operations}
    for was in a.api.operations:
        now = new_ops.get(moves.get(was.name, was.name))
        if now is None:
            continue
        for role in ("request", "response"):
            old_s, new_s = signed_fields(a, was, role), signed_fields(b, now, role)
            if old_s != new_s:
                path = f"operations.{was.name}.signed_{role}"
                out.append(Change(BREAKING, "signed-fields-changed", path, ", ".join(old_s), ", ".join(new_s), was.source, now.source))
    return out


def _override_changes(a: Side, b: Side, was: Overrides, now: Overrides) -> list[Change]:
    out = []
    if was.package != now.package:
        out.append(Change(BREAKING, "package-renamed", "overrides.package", was.package, now.package))
    for key in sorted(set(was.renames) | set(now.renames)):
        old_name, new_name = was.renames.get(key), now.renames.get(key)
        # A rename of something missing on one side is already reported as its removal.
        if old_name != new_name and a.has_name(key) and b.has_name(key):
            out.append(Change(BREAKING, "python-name-changed", f"overrides.renames.{key}", old_name, new_name))
    return out + _callback_changes(was, now)


def _callback_text(callback: Callback) -> str:
    reply = f" -> {callback.reply}" if callback.reply else ""
    signed = f", signed {', '.join(callback.signed)}" if callback.signed else ""
    reply_signed = f", reply signed {', '.join(callback.reply_signed)}" if callback.reply_signed else ""
    return f"{callback.message}{reply}{signed}{reply_signed}"


def _callback_changes(was: Overrides, now: Overrides) -> list[Change]:
    """Webhooks the merchant receives: a gone one loses its handler, a changed one its decoding or signature."""
    old_cb, new_cb = {c.name: c for c in was.callbacks}, {c.name: c for c in now.callbacks}
    out = []
    for name in sorted(set(old_cb) | set(new_cb)):
        a, b = old_cb.get(name), new_cb.get(name)
        path = f"overrides.callbacks.{name}"
        if b is None and a is not None:
            out.append(Change(BREAKING, "callback-removed", path, _callback_text(a), None))
        elif a is None and b is not None:
            out.append(Change(INFO, "callback-added", path, None, _callback_text(b)))
        elif a is not None and b is not None and _callback_text(a) != _callback_text(b):
            out.append(Change(BREAKING, "callback-changed", path, _callback_text(a), _callback_text(b)))
    return out


# ---------------------------------------------------------------- version bump

BUMPS = ("none", "patch", "minor", "major")


def suggest_bump(changes: list[Change] | tuple[Change, ...]) -> str:
    """``major`` if anything breaks, ``minor`` if API surface was added, ``patch`` otherwise, ``none`` if no change."""
    if not changes:
        return "none"
    if any(c.severity == BREAKING for c in changes):
        return "major"
    if any(c.rule in SURFACE_RULES for c in changes):
        return "minor"
    return "patch"


def bump_version(version: str, bump: str) -> str:
    """``version`` (MAJOR.MINOR.PATCH) bumped by ``bump``; ``none`` returns it unchanged."""
    parts = version.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise DefinitionError(f"version {version!r} is not MAJOR.MINOR.PATCH")
    if bump not in BUMPS:
        raise DefinitionError(f"bump {bump!r} is not one of {', '.join(BUMPS)}")
    major, minor, patch = map(int, parts)
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return version
