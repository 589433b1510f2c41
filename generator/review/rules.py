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

from dataclasses import dataclass, replace

from ..errors import DefinitionError
from ..model import Api, Callback, Field, Member, Operation, Overrides, Signing, TypeDef
from .moves import match_moves
from .wire import DATE_KINDS, Side, flat_fields, norm_type, signed_fields, type_relation, xml_order

BREAKING, WARNING, INFO = "breaking", "warning", "info"
SEVERITY_RANK = {BREAKING: 0, WARNING: 1, INFO: 2}
LABELS = {BREAKING: "ERR", WARNING: "WARN", INFO: "INFO"}

# Every rule id and what it reports; docs and the golden-coverage test read this.
RULES = {
    "style-changed": "the page style (servicestack, praxis) changed",
    "signing-scheme-changed": "api.signing (algorithm, location, key or field order) changed",
    "api-version-changed": "the documented API version changed (info)",
    "host-removed": "a documented environment is gone",
    "host-added": "a new documented environment (info)",
    "host-changed": "an environment's URL moved (info)",
    "operation-removed": "an operation is gone",
    "operation-added": "a new operation (info)",
    "verb-changed": "the HTTP verb changed",
    "route-changed": "the path changed (the operation moved)",
    "operation-moved": "an operation removed and one added with a shared path word and most request fields in common: one endpoint renamed and re-routed",
    "request-type-changed": "the request DTO changed",
    "response-type-changed": "the response DTO changed",
    "format-removed": "a wire format is no longer offered",
    "format-added": "a new wire format (info)",
    "auth-changed": "authentication became required (breaking) or not (info)",
    "route-removed": "a secondary route (verb and path template) is gone",
    "route-added": "a new secondary route (info)",
    "role-required": "a role became required",
    "role-dropped": "a required role is no longer required (info)",
    "any-roles-changed": "the roles one of which suffices changed: narrowed (breaking) or widened (info)",
    "description-changed": "a description changed beyond whitespace (info)",
    "type-removed": "a type is gone",
    "type-added": "a new type (info)",
    "type-kind-changed": "a class became an enum or back",
    "base-changed": "a class's base class changed",
    "field-removed": "a field is gone",
    "field-renamed": "a field removed and one added with the same type at the same index",
    "wire-name-casing-changed": "a wire name changed only in letter case (XML and signatures see it)",
    "field-type-changed": "a field's type changed: info if the Python type and wire form stay, warning if it widens, else breaking",
    "date-format-changed": "a field moved between datetime, date and string",
    "field-nullability-changed": "T <-> T?: breaking in requests, warning in responses",
    "field-now-required": "optional -> required: breaking where a request reaches the type",
    "field-now-optional": "required -> optional: warning where a response reaches the type",
    "required-request-field-added": "a new required field where a request reaches the type",
    "required-response-field-added": "a new required field where a response reaches the type (warning)",
    "field-added": "a new optional field (info)",
    "max-length-tightened": "max_length lowered or newly set: breaking where a request reaches the type, else info",
    "max-length-loosened": "max_length raised or dropped: warning where a response reaches the type, else info",
    "condition-changed": "the text of a conditional requirement changed (info)",
    "enum-member-removed": "an enum member is gone",
    "enum-member-added": "a new enum member: warning where a response reaches the enum",
    "enum-value-changed": "an enum member's integer value changed",
    "xml-order-changed": "the DataContract order of the members both sides share changed",
    "signed-fields-changed": "the fields a signature covers, or their order, changed",
    "package-renamed": "overrides.yaml renamed the generated package",
    "callback-removed": "a callback (webhook) the API sent is no longer declared: its handler is gone",
    "callback-added": "a new callback the API sends the merchant (info)",
    "callback-changed": "a callback's message or reply type, or its signed fields, changed",
    "python-name-changed": "overrides.yaml changed a generated class or attribute name",
}

# Rules whose change adds API surface: with no breaking change they ask for a minor bump.
SURFACE_RULES = frozenset(
    {
        "operation-added",
        "type-added",
        "field-added",
        "required-response-field-added",
        "enum-member-added",
        "format-added",
        "host-added",
        "callback-added",
    }
)


@dataclass(frozen=True)
class Change:
    """One difference between two definitions, as a reviewer should read it."""

    severity: str
    rule: str
    path: str
    old: str | None = None
    new: str | None = None
    old_source: str = ""
    new_source: str = ""

    @property
    def label(self) -> str:
        """ERR, WARN or INFO."""
        return LABELS[self.severity]

    def sort_key(self) -> tuple[int, str, str, str, str]:
        """Breaking first, then by key path: the order every report uses."""
        return (SEVERITY_RANK[self.severity], self.path, self.rule, self.old or "", self.new or "")


def compare(old: Api, new: Api, old_overrides: Overrides | None = None, new_overrides: Overrides | None = None) -> list[Change]:
    """Every change from ``old`` to ``new``, sorted; overrides are compared only when both are given."""
    a, b = Side.of(old, old_overrides), Side.of(new, new_overrides)
    old_names, new_names = {op.name for op in old.operations}, {op.name for op in new.operations}
    moves = match_moves(a, b, sorted(old_names - new_names), sorted(new_names - old_names))
    changes = _api_changes(old, new)
    changes += _operation_changes(a, b, moves)
    changes += _type_changes(a, b)
    changes += _signed_changes(a, b, moves)
    if old_overrides is not None and new_overrides is not None:
        changes += _override_changes(a, b, old_overrides, new_overrides)
    return sorted(changes, key=Change.sort_key)


def _in_request(a: Side, b: Side, type_name: str) -> bool:
    """Reachable from some operation's request on either side: callers build it."""
    return type_name in a.request_types or type_name in b.request_types


def _in_response(a: Side, b: Side, type_name: str) -> bool:
    """Reachable from some operation's response on either side: callers read it."""
    return type_name in a.response_types or type_name in b.response_types


def _text(value: str | None) -> str:
    """Descriptions compared modulo whitespace, so a reflowed page is a no-op."""
    return " ".join((value or "").split())


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
            out += _field_changes(a, b, f"{path}.{role}", old_t, new_t, by_index=False)[1]
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
    if _text(was.description) != _text(now.description):
        out.append(Change(INFO, "description-changed", f"{path}.description", _text(was.description), _text(now.description), *src))
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


# ---------------------------------------------------------------- types


def _type_changes(a: Side, b: Side) -> list[Change]:
    out = []
    for name in sorted(set(a.types) | set(b.types)):
        was, now = a.types.get(name), b.types.get(name)
        path = f"types.{name}"
        if now is None and was is not None:
            out.append(Change(BREAKING, "type-removed", path, was.kind, None, was.source))
        elif was is None and now is not None:
            out.append(Change(INFO, "type-added", path, None, now.kind, "", now.source))
        elif was is not None and now is not None:
            out += _type_pair(a, b, path, was, now)
    return out


def _type_pair(a: Side, b: Side, path: str, was: TypeDef, now: TypeDef) -> list[Change]:
    src = (was.source, now.source)
    if was.kind != now.kind:
        return [Change(BREAKING, "type-kind-changed", f"{path}.kind", was.kind, now.kind, *src)]
    out = []
    if was.base != now.base:
        out.append(Change(BREAKING, "base-changed", f"{path}.base", was.base, now.base, *src))
    if _text(was.description) != _text(now.description):
        out.append(Change(INFO, "description-changed", f"{path}.description", _text(was.description), _text(now.description), *src))
    if was.kind == "enum":
        return out + _member_changes(a, b, path, was, now)
    pairs, field_changes = _field_changes(a, b, path, was, now)
    out += field_changes
    if was.name in a.xml_types or was.name in b.xml_types:
        out += _xml_order_change(a, b, path, was, now, pairs)
    return out


def _match_by_case(removed: list[str], added: list[str]) -> dict[str, str]:
    """Old name -> new name for names that differ only in letter case (``SessionId`` -> ``sessionId``)."""
    pairs: dict[str, str] = {}
    for old_name in removed:
        same = [n for n in added if n.lower() == old_name.lower() and n not in pairs.values()]
        if len(same) == 1:
            pairs[old_name] = same[0]
    return pairs


def _match_renames(removed: list[str], added: list[str], was: TypeDef, now: TypeDef) -> dict[str, str]:
    """Old name -> new name for a removed and an added own field with the same type at the same index."""
    old_index = {f.name: (i, norm_type(f.type)) for i, f in enumerate(was.fields)}
    new_index = {f.name: (i, norm_type(f.type)) for i, f in enumerate(now.fields)}
    pairs: dict[str, str] = {}
    for old_name in removed:
        for new_name in added:
            if old_name in old_index and new_index.get(new_name) == old_index[old_name] and new_name not in pairs.values():
                pairs[old_name] = new_name
                break
    return pairs


def _field_changes(a: Side, b: Side, path: str, was: TypeDef, now: TypeDef, by_index: bool = True) -> tuple[dict[str, str], list[Change]]:
    """Field changes of one class, on its flattened (inherited + own) member list.

    ``by_index`` pairs a removed and an added field of one type at one index as a
    rename; two different classes (a moved operation's requests) share no indices.

    Matching on the flattened list means a field moved between a class and its
    base is not reported as removed + added (its wire shape did not change);
    changes are reported under the class that owns the field on either side.
    """
    old_flat, new_flat = flat_fields(a.types, was.name), flat_fields(b.types, now.name)
    removed = [n for n in old_flat if n not in new_flat]
    added = [n for n in new_flat if n not in old_flat]
    casing = _match_by_case(removed, added)
    renames = _match_renames([n for n in removed if n not in casing], [n for n in added if n not in casing.values()], was, now) if by_index else {}
    pairs = {**{n: n for n in old_flat if n in new_flat}, **casing, **renames}
    out = []
    for old_name, new_name in pairs.items():
        (old_f, old_owner), (new_f, new_owner) = old_flat[old_name], new_flat[new_name]
        if was.name not in (old_owner, new_owner):
            continue
        fpath = f"{path}.fields.{old_name}"
        src = (old_f.source, new_f.source)
        if old_name in casing:
            out.append(Change(BREAKING, "wire-name-casing-changed", fpath, old_name, new_name, *src))
        elif old_name in renames:
            out.append(Change(BREAKING, "field-renamed", fpath, old_name, new_name, *src))
        out += _field_pair(a, b, was.name, fpath, old_f, new_f)
    for name in removed:
        field, owner = old_flat[name]
        if name not in pairs and owner == was.name:
            out.append(Change(BREAKING, "field-removed", f"{path}.fields.{name}", norm_type(field.type), None, field.source))
    for name in added:
        field, owner = new_flat[name]
        if name not in pairs.values() and owner == now.name:
            out.append(_field_added(a, b, now.name, f"{path}.fields.{name}", field))
    return pairs, out


def _field_added(a: Side, b: Side, type_name: str, path: str, field: Field) -> Change:
    value = norm_type(field.type) + (" (required)" if field.required else "")
    if field.required and _in_request(a, b, type_name):
        return Change(BREAKING, "required-request-field-added", path, None, value, "", field.source)
    if field.required and _in_response(a, b, type_name):
        return Change(WARNING, "required-response-field-added", path, None, value, "", field.source)
    return Change(INFO, "field-added", path, None, value, "", field.source)


def _field_pair(a: Side, b: Side, type_name: str, path: str, was: Field, now: Field) -> list[Change]:
    src = (was.source, now.source)
    out = []
    old_t, new_t = norm_type(was.type), norm_type(now.type)
    if old_t != new_t:
        out.append(_type_change(a, b, type_name, f"{path}.type", old_t, new_t, src))
    if was.required != now.required:
        if now.required:
            severity = BREAKING if _in_request(a, b, type_name) else INFO
            out.append(Change(severity, "field-now-required", f"{path}.required", "false", "true", *src))
        else:
            severity = WARNING if _in_response(a, b, type_name) else INFO
            out.append(Change(severity, "field-now-optional", f"{path}.required", "true", "false", *src))
    if was.max_length != now.max_length:
        tighter = now.max_length is not None and (was.max_length is None or now.max_length < was.max_length)
        if tighter:
            # Callers may send text now refused; text they receive still fits.
            rule, severity = "max-length-tightened", BREAKING if _reaches_request(a, b, type_name) else INFO
        else:
            # Callers may receive longer text than their storage holds; what they send still fits.
            rule, severity = "max-length-loosened", WARNING if _reaches_response(a, b, type_name) else INFO
        out.append(Change(severity, rule, f"{path}.max_length", _num(was.max_length), _num(now.max_length), *src))
    if _text(was.condition) != _text(now.condition):
        out.append(Change(INFO, "condition-changed", f"{path}.condition", _text(was.condition), _text(now.condition), *src))
    if _text(was.description) != _text(now.description):
        out.append(Change(INFO, "description-changed", f"{path}.description", _text(was.description), _text(now.description), *src))
    return out


def _num(value: int | None) -> str | None:
    return None if value is None else str(value)


def _type_change(a: Side, b: Side, type_name: str, path: str, old_t: str, new_t: str, src: tuple[str, str]) -> Change:
    """A field's type changed: date kinds and nullability get their own rules."""
    if old_t.rstrip("?") == new_t.rstrip("?"):
        if new_t.endswith("?"):
            # Readers must now handle None; writers are unaffected.
            severity = WARNING if _in_response(a, b, type_name) else INFO
        else:
            # Writers that passed None are now refused.
            severity = BREAKING if _in_request(a, b, type_name) else INFO
        return Change(severity, "field-nullability-changed", path, old_t, new_t, *src)
    kinds = {old_t.rstrip("?"), new_t.rstrip("?")}
    # datetime, date and string all carry dates; which one decides the wire format.
    if kinds <= DATE_KINDS and kinds & {"datetime", "date"}:
        return Change(BREAKING, "date-format-changed", path, old_t, new_t, *src)
    relation = type_relation(old_t, new_t)
    if relation == "same":
        return Change(INFO, "field-type-changed", path, old_t, new_t, *src)
    if relation == "wider":
        return Change(WARNING, "field-type-changed", path, old_t, new_t, *src)
    return Change(BREAKING, "field-type-changed", path, old_t, new_t, *src)


def _reaches_request(a: Side, b: Side, type_name: str) -> bool:
    """Callers send the type (or no operation reaches it, so assume they may)."""
    return _in_request(a, b, type_name) or not _in_response(a, b, type_name)


def _reaches_response(a: Side, b: Side, type_name: str) -> bool:
    """Callers receive the type (or no operation reaches it, so assume they may)."""
    return _in_response(a, b, type_name) or not _in_request(a, b, type_name)


def _member_changes(a: Side, b: Side, path: str, was: TypeDef, now: TypeDef) -> list[Change]:
    old_m: dict[str, Member] = {m.name: m for m in was.members}
    new_m: dict[str, Member] = {m.name: m for m in now.members}
    removed = [n for n in old_m if n not in new_m]
    added = [n for n in new_m if n not in old_m]
    casing = _match_by_case(removed, added)
    out = []
    for old_name, new_name in {**{n: n for n in old_m if n in new_m}, **casing}.items():
        m_was, m_now = old_m[old_name], new_m[new_name]
        mpath, src = f"{path}.members.{old_name}", (m_was.source, m_now.source)
        if old_name != new_name:
            out.append(Change(BREAKING, "wire-name-casing-changed", mpath, old_name, new_name, *src))
        if m_was.value != m_now.value:
            out.append(Change(BREAKING, "enum-value-changed", f"{mpath}.value", _num(m_was.value), _num(m_now.value), *src))
        if _text(m_was.description) != _text(m_now.description):
            out.append(Change(INFO, "description-changed", f"{mpath}.description", _text(m_was.description), _text(m_now.description), *src))
    for name in removed:
        if name not in casing:
            out.append(Change(BREAKING, "enum-member-removed", f"{path}.members.{name}", name, None, old_m[name].source))
    for name in added:
        if name not in casing.values():
            # A reader switching over the enum meets a value it does not know.
            severity = WARNING if _in_response(a, b, now.name) else INFO
            out.append(Change(severity, "enum-member-added", f"{path}.members.{name}", None, name, "", new_m[name].source))
    return out


def _xml_order_change(a: Side, b: Side, path: str, was: TypeDef, now: TypeDef, pairs: dict[str, str]) -> list[Change]:
    """DataContract order of the members both sides share, old names mapped to new ones."""
    old_order, new_order = xml_order(a.types, was.name), xml_order(b.types, now.name)
    kept = [pairs[n] for n in old_order if n in pairs and pairs[n] in new_order]
    now_kept = [n for n in new_order if n in set(kept)]
    if kept == now_kept:
        return []
    return [Change(BREAKING, "xml-order-changed", f"{path}.xml_order", ", ".join(old_order), ", ".join(new_order), was.source, now.source)]


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
