"""The type rules: classes, fields, enum members and DataContract order, compared with direction in mind.

The severities follow ``rules``' docstring (what callers send versus what they receive).
"""

from __future__ import annotations

from ..model import Field, Member, TypeDef
from .changes import BREAKING, INFO, WARNING, Change, in_request, in_response, plain_text
from .wire import DATE_KINDS, Side, flat_fields, norm_type, type_relation, xml_order


def type_changes(a: Side, b: Side) -> list[Change]:
    """Every type removed, added or changed from side ``a`` to side ``b``."""
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
    if plain_text(was.description) != plain_text(now.description):
        out.append(Change(INFO, "description-changed", f"{path}.description", plain_text(was.description), plain_text(now.description), *src))
    if was.kind == "enum":
        return out + _member_changes(a, b, path, was, now)
    pairs, field_changes = class_field_changes(a, b, path, was, now)
    out += field_changes
    if was.name in a.xml_types or was.name in b.xml_types:
        out += _xml_order_change(a, b, path, was, now, pairs)
        out += _xml_namespace_changes(a, b, path, was, now, pairs)
    return out


def _xml_namespace_changes(a: Side, b: Side, path: str, was: TypeDef, now: TypeDef, pairs: dict[str, str]) -> list[Change]:
    """The type's own DataContract namespace and each inherited member's (``Field.xml_namespace``), where they moved."""
    src = (was.source, now.source)
    out = []
    # A type without a namespace of its own follows the API's, whose change is reported once at api level.
    if was.xml_namespace != now.xml_namespace and (was.xml_namespace or a.api.xml_namespace) != (now.xml_namespace or b.api.xml_namespace):
        out.append(Change(BREAKING, "xml-namespace-changed", f"{path}.xml_namespace", was.xml_namespace, now.xml_namespace, *src))
    new_fields = {f.name: f for f in now.fields}
    for fld in was.fields:
        other = new_fields.get(pairs.get(fld.name, fld.name))
        if other is not None and other.xml_namespace != fld.xml_namespace:
            where = f"{path}.fields.{other.name}.xml_namespace"
            out.append(Change(BREAKING, "xml-namespace-changed", where, fld.xml_namespace, other.xml_namespace, fld.source, other.source))
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


def class_field_changes(a: Side, b: Side, path: str, was: TypeDef, now: TypeDef, by_index: bool = True) -> tuple[dict[str, str], list[Change]]:
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
    if field.required and in_request(a, b, type_name):
        return Change(BREAKING, "required-request-field-added", path, None, value, "", field.source)
    if field.required and in_response(a, b, type_name):
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
            severity = BREAKING if in_request(a, b, type_name) else INFO
            out.append(Change(severity, "field-now-required", f"{path}.required", "false", "true", *src))
        else:
            severity = WARNING if in_response(a, b, type_name) else INFO
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
    if plain_text(was.condition) != plain_text(now.condition):
        out.append(Change(INFO, "condition-changed", f"{path}.condition", plain_text(was.condition), plain_text(now.condition), *src))
    if plain_text(was.description) != plain_text(now.description):
        out.append(Change(INFO, "description-changed", f"{path}.description", plain_text(was.description), plain_text(now.description), *src))
    return out


def _num(value: int | None) -> str | None:
    return None if value is None else str(value)


def _type_change(a: Side, b: Side, type_name: str, path: str, old_t: str, new_t: str, src: tuple[str, str]) -> Change:
    """A field's type changed: date kinds and nullability get their own rules."""
    if old_t.rstrip("?") == new_t.rstrip("?"):
        if new_t.endswith("?"):
            # Readers must now handle None; writers are unaffected.
            severity = WARNING if in_response(a, b, type_name) else INFO
        else:
            # Writers that passed None are now refused.
            severity = BREAKING if in_request(a, b, type_name) else INFO
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
    return in_request(a, b, type_name) or not in_response(a, b, type_name)


def _reaches_response(a: Side, b: Side, type_name: str) -> bool:
    """Callers receive the type (or no operation reaches it, so assume they may)."""
    return in_response(a, b, type_name) or not in_request(a, b, type_name)


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
        if plain_text(m_was.description) != plain_text(m_now.description):
            out.append(Change(INFO, "description-changed", f"{mpath}.description", plain_text(m_was.description), plain_text(m_now.description), *src))
    for name in removed:
        if name not in casing:
            out.append(Change(BREAKING, "enum-member-removed", f"{path}.members.{name}", name, None, old_m[name].source))
    for name in added:
        if name not in casing.values():
            # A reader switching over the enum meets a value it does not know.
            severity = WARNING if in_response(a, b, now.name) else INFO
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
