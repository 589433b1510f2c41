"""What a change is: the severities, every rule id with its meaning, and ``Change``.

Shared by the rule modules (``rules``, ``type_rules``) and the reports; imports nothing of the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass

from .wire import Side

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
    "xml-namespace-changed": "the DataContract namespace of an XML type or of an inherited member changed (a server ignores elements in another namespace)",
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


def in_request(a: Side, b: Side, type_name: str) -> bool:
    """Reachable from some operation's request on either side: callers build it."""
    return type_name in a.request_types or type_name in b.request_types


def in_response(a: Side, b: Side, type_name: str) -> bool:
    """Reachable from some operation's response on either side: callers read it."""
    return type_name in a.response_types or type_name in b.response_types


def plain_text(value: str | None) -> str:
    """Descriptions compared modulo whitespace, so a reflowed page is a no-op."""
    return " ".join((value or "").split())
