"""The DataContract namespaces a page's XML samples show: the DTOs', each type's and each inherited member's.

DataContractSerializer writes a member in the namespace of the class that declares it.  So a
sample root's ``xmlns`` is its type's namespace, and a member element that declares another
default namespace (``<Skip xmlns="http://schemas.servicestack.net/types">``) is inherited from a
base class declared there, one the page may never show.  Samples are read as text, tag by tag,
because a capture may cut them anywhere.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ...model import Operation, TypeDef

SS_TYPES_NS = "http://schemas.servicestack.net/types"
_ROOT_NS_RE = re.compile(r"<[A-Za-z_][\w.-]*(?:\s[^>]*?)?\sxmlns\s*=\s*[\"']([^\"']+)[\"']")
# Start, end and empty tags; declarations, comments and processing instructions do not match.
_TAG_RE = re.compile(r"<(/?)([A-Za-z_][\w.:-]*)([^<>]*?)(/?)>")
_XMLNS_RE = re.compile(r"\sxmlns\s*=\s*[\"']([^\"']*)[\"']")


def dto_namespace(operation: Operation | None) -> str | None:
    """The DataContract namespace the XML samples put the DTOs in, when it is not ServiceStack's own."""
    for example in operation.examples if operation else ():
        found = _ROOT_NS_RE.search(example.body) if example.format == "xml" else None
        if found and found.group(1) != SS_TYPES_NS:
            return found.group(1)
    return None


def with_namespaces(typedefs: list[TypeDef], operation: Operation | None) -> list[TypeDef]:
    """Each type with the namespace its XML sample's root declares (ServiceStack's own left out) and its inherited members'."""
    shown: dict[str, str] = {}
    members: dict[str, dict[str, str]] = {}
    if operation is None:
        return typedefs
    for example in operation.examples:
        name = example.type or (operation.request if example.role == "request" else operation.response)
        if example.format != "xml" or not name:
            continue
        found = _ROOT_NS_RE.search(example.body)
        if found and found.group(1) != SS_TYPES_NS:
            shown.setdefault(name, found.group(1))
        for member, namespace in member_namespaces(example.body).items():
            members.setdefault(name, {}).setdefault(member, namespace)
    return [_annotated(t, shown.get(t.name), members.get(t.name, {})) for t in typedefs]


def _annotated(typedef: TypeDef, namespace: str | None, members: dict[str, str]) -> TypeDef:
    fields = tuple(replace(f, xml_namespace=members[f.name]) if f.name in members else f for f in typedef.fields)
    return replace(typedef, xml_namespace=namespace or typedef.xml_namespace, fields=fields)


def member_namespaces(body: str) -> dict[str, str]:
    """Wire name -> namespace of each child of the root element that declares a default namespace other than the root's."""
    out: dict[str, str] = {}
    depth = 0
    root_ns: str | None = None
    for match in _TAG_RE.finditer(body):
        closing, local, attrs, empty = match.group(1), match.group(2), match.group(3), match.group(4)
        if closing:
            depth -= 1
            continue
        declared = _XMLNS_RE.search(attrs)
        if depth == 0:
            root_ns = declared.group(1) if declared else None
        elif depth == 1 and declared and declared.group(1) != root_ns and ":" not in local:
            out.setdefault(local, declared.group(1))
        if not empty:
            depth += 1
    return out
