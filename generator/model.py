"""The intermediate model: what a set of doc pages says about one API.

Frozen dataclasses only, with no rendering logic, so that the model round-trips
through ``definitions/<api>/api.yaml`` (see ``generator.definitions``).  Every
fact carries ``source``, a ``file:line`` pointing into the captured page it was
read from; facts seen on several pages list the other places in ``also``.

Type expressions (``Field.type``) are strings in a small language shared by all
doc styles: the primitives in ``PRIMITIVES`` (the .NET value types), a ``?``
suffix for nullable, ``list<T>``, ``map<K,V>``, ``keyvalue<K,V>``, or the name of
a type defined in ``Api.types``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

# PRIMITIVES is part of the model's vocabulary; it lives with the type expressions that read it.
from .typeexpr import PRIMITIVES as PRIMITIVES
from .typeexpr import parse_type


@dataclass(frozen=True)
class Field:
    """One member of a class type, keyed by its wire name."""

    name: str
    type: str
    required: bool = False
    description: str = ""
    source: str = ""
    also: tuple[str, ...] = ()
    max_length: int | None = None
    # Verbatim text of a conditional requirement ("payout - Required."), if any.
    condition: str | None = None
    # True when the field is known only from examples, not from any table or code.
    example_only: bool = False
    # Where a request member travels when the page says so: path | query | body | form.
    location: str | None = None
    # DataContract namespace an XML sample shows this member in, when not its class's: the member
    # is inherited from a base class the pages do not show, declared in that namespace.
    xml_namespace: str | None = None


def datacontract_order(fields: Sequence[Field]) -> list[Field]:
    """One class's members in DataContract order: inherited ones first, as listed, then its own, ordinally sorted.

    A member an XML sample shows in another namespace (``xml_namespace``) is declared by an
    unshown base class, so DataContractSerializer writes it before the class's own members,
    in that base's order, which only the sample (the listed order) shows.  Python's ``sorted``
    on ``str`` is the ordinal compare DataContractSerializer uses.
    """
    inherited = [f for f in fields if f.xml_namespace]
    return inherited + sorted((f for f in fields if not f.xml_namespace), key=lambda f: f.name)


@dataclass(frozen=True)
class Member:
    """One member of an enum type."""

    name: str
    value: int | None = None
    description: str = ""
    source: str = ""
    also: tuple[str, ...] = ()
    # True when the value is known only from examples, not from the documented list.
    example_only: bool = False


@dataclass(frozen=True)
class TypeDef:
    """A class (with fields and an optional base), an enum (with members), or an opaque type (referenced, never shown)."""

    name: str
    kind: str = "class"
    base: str | None = None
    fields: tuple[Field, ...] = ()
    members: tuple[Member, ...] = ()
    description: str = ""
    source: str = ""
    also: tuple[str, ...] = ()
    # DataContract namespace an XML sample shows this type in (None: the API's ``xml_namespace``).
    xml_namespace: str | None = None


@dataclass(frozen=True)
class Example:
    """A message shown on a doc page, kept verbatim so codecs can be checked."""

    name: str
    role: str  # request | response | error
    format: str  # json | xml | jsv | csv | jsonl
    body: str
    source: str = ""
    type: str | None = None  # the DTO the body is an instance of, when known


# Verbs a route may list; ANY is ServiceStack's "All Verbs".  OPTIONS and HEAD are
# documented but never the verb a client calls an operation with.
VERBS = ("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "ANY")
CALLABLE_VERBS = ("GET", "POST", "PUT", "DELETE", "PATCH")


@dataclass(frozen=True)
class Route:
    """One documented route: the verbs it accepts and its path template (``/users/{Id}``)."""

    path: str
    verbs: tuple[str, ...] = ("ANY",)
    source: str = ""


@dataclass(frozen=True)
class Operation:
    """One callable endpoint, keyed by its wire name (ServiceStack: the request DTO).

    ``method``/``path`` are the primary route (its first callable verb), kept for
    consumers that know one route only; ``routes`` lists every documented route
    (empty: ``method path`` is the only one).  ``response`` is a type name,
    ``list<T>``, or None (no response body); a generic instance such as
    ``QueryResponse<Foo>`` is a concrete type named ``QueryResponseOfFoo`` (its
    DataContract name) with the page's spelling in ``response_declared``.
    """

    name: str
    method: str
    path: str
    request: str
    response: str | None = None
    formats: tuple[str, ...] = ()
    source: str = ""
    also: tuple[str, ...] = ()
    description: str = ""
    requires_auth: bool = False
    # ServiceStack "Required role(s)": every one of ``roles``, and one of ``any_roles``.
    roles: tuple[str, ...] = ()
    any_roles: tuple[str, ...] = ()
    routes: tuple[Route, ...] = ()
    # The response type as the page spells it, where that differs (``QueryResponse<Foo>``).
    response_declared: str | None = None
    examples: tuple[Example, ...] = ()
    # Praxis API 1.3 (Signing.order == "listed"): the fields signed, in the page's order.
    signed_request: tuple[str, ...] = ()
    signed_response: tuple[str, ...] = ()

    @property
    def all_routes(self) -> tuple[Route, ...]:
        """Every route, the primary one first when ``routes`` does not list it."""
        primary = Route(self.path, (self.method,), self.source)
        if any(r.path == self.path and (self.method in r.verbs or "ANY" in r.verbs) for r in self.routes):
            return self.routes
        return (primary, *self.routes)

    @property
    def response_type(self) -> str | None:
        """The named type the response is (or, for ``list<T>``, holds); None for none or primitives."""
        if self.response is None:
            return None
        ref = parse_type(self.response)
        ref = ref.args[0] if ref.name == "list" else ref
        return ref.name if ref.is_named else None

    @property
    def response_many(self) -> bool:
        """True when the response body is a list (``list<T>``)."""
        return self.response is not None and self.response.startswith("list<")


@dataclass(frozen=True)
class Signing:
    """How messages are signed (Praxis): one configuration of a generic scheme."""

    algorithm: str = "sha384"
    # body: a key of the JSON body holds the signature; header: an HTTP header does.
    location: str = "body"
    key: str = "signature"
    # alphabetical: every top-level scalar key, sorted (API 1.1/1.2);
    # listed: the fields named per operation, in that order (API 1.3).
    order: str = "alphabetical"


@dataclass(frozen=True)
class Page:
    """A captured source page and the SHA-256 of its bytes, for drift reports."""

    file: str
    sha256: str
    style: str = ""


@dataclass(frozen=True)
class Api:
    """Everything extracted about one API from its pages."""

    name: str
    title: str = ""
    doc_version: str = ""
    style: str = "servicestack"  # servicestack | praxis
    hosts: dict[str, str] = field(default_factory=dict)
    api_version: str | None = None
    signing: Signing | None = None
    # DataContract namespace of the API's DTOs in XML (None: ServiceStack's types namespace).
    xml_namespace: str | None = None
    operations: tuple[Operation, ...] = ()
    types: tuple[TypeDef, ...] = ()
    pages: tuple[Page, ...] = ()

    def type_named(self, name: str) -> TypeDef | None:
        """The type called ``name``, or None (the first of that name, as a linear search would find)."""
        return self._types_by_name.get(name)

    @cached_property
    def _types_by_name(self) -> dict[str, TypeDef]:
        # Rendering asks for types by name tens of thousands of times; a frozen
        # instance cannot change, so the index is built once (kept out of the fields).
        index: dict[str, TypeDef] = {}
        for typedef in self.types:
            index.setdefault(typedef.name, typedef)
        return index

    def streamed_member(self, op: Operation) -> Field | None:
        """The response's list-of-objects member that CSV and JSON Lines answers stream, one item a row; else None.

        ServiceStack writes the CSV and JSON Lines answer of an AutoQuery request (one whose
        class inherits ``QueryDb``/``QueryData``, or ``QueryDbOf<T>`` as a table names the
        instance) as the rows of the response's first enumerable member (``Results``), not as
        one row of the response: its "FirstEnumerable" behaviour.
        """
        if self.style != "servicestack" or op.response is None or op.response_many:
            return None
        if not any(is_autoquery_base(t.base or "") for t in class_chain(self._types_by_name, op.request)):
            return None
        for typedef in reversed(class_chain(self._types_by_name, op.response)):
            for fld in typedef.fields:
                ref = parse_type(fld.type)
                if ref.name == "list":
                    item = self.type_named(ref.args[0].name)
                    return fld if item is not None and item.kind in ("class", "opaque") else None
        return None



def class_chain(types: Mapping[str, TypeDef], name: str) -> list[TypeDef]:
    """The class ``name`` and its bases, base-most first; a cycle stops the walk instead of looping."""
    chain: list[TypeDef] = []
    current = types.get(name)
    while current is not None and current not in chain:
        chain.insert(0, current)
        current = types.get(current.base) if current.base else None
    return chain


# ServiceStack's AutoQuery request bases: QueryDb<T>, QueryData<T> (a table titles an instance QueryDbOfT).
_AUTOQUERY_BASE = re.compile(r"^(?:QueryBase|Query(?:Db|Data)(?:Of[A-Za-z_]\w*)?)$")


def is_autoquery_base(name: str) -> bool:
    """True for AutoQuery's request bases, plain or as a table names their instance (``QueryDbOfBooking``)."""
    return bool(_AUTOQUERY_BASE.match(name))


@dataclass(frozen=True)
class SigningException:
    """A per-operation departure from the documented signing rule."""

    operation: str
    reason: str
    request_exclude: tuple[str, ...] = ()
    response_exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnownIssue:
    """A doc example known not to match the rules, reported as ``known``."""

    example: str  # file:line of the example
    reason: str


@dataclass(frozen=True)
class Callback:
    """A message the API sends the merchant (a webhook), with the reply the docs define, if any."""

    name: str
    message: str  # the type of the incoming body, named in api.yaml
    reply: str | None = None  # the type of the merchant's answer, where the docs define one
    reason: str = ""  # where the docs describe it (hand-kept, reviewed)
    # Listed signing (API 1.3): the signed fields in order; dotted paths reach nested objects.
    signed: tuple[str, ...] = ()
    reply_signed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Overrides:
    """The hand-kept part of a definition, merged over ``api.yaml`` at load."""

    package: str
    version: str = "0.1.0"
    # The API version the definition describes, where its pages do not state it.
    api_version: str | None = None
    hosts: dict[str, str] = field(default_factory=dict)
    # "Type.WireName" -> python attribute name; "Type" -> python class name.
    renames: dict[str, str] = field(default_factory=dict)
    signing: tuple[SigningException, ...] = ()
    known: tuple[KnownIssue, ...] = ()
    callbacks: tuple[Callback, ...] = ()


# eq=False: a Definition is compared and hashed by identity, so render-time
# caches can key on it although its parts hold dicts.
@dataclass(frozen=True, eq=False)
class Definition:
    """An API's extracted model together with its overrides: what ``render`` consumes."""

    api: Api
    overrides: Overrides
    # The definition folder's name relative to the repo, e.g. "definitions/praxis".
    origin: str = ""

    @property
    def hosts(self) -> dict[str, str]:
        """Documented hosts, with overridden entries replaced."""
        return {**self.api.hosts, **self.overrides.hosts}
