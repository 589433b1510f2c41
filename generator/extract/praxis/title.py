"""A Praxis page's identity read from its own text: title, method wire name, variant and kind.

The wiki titles a page in many ways (``Agent API {deposit-cancel}``, ``Agent API |
{payout-complete}``, ``{process} Sale``, ``Cashier API init-pay-out``, ``Objects
Transaction``, ``API Notifications |UpdatePayoutRequiredPAYOUT``, a bare ``{cashier}``,
or no title at all).  ``read_title`` turns the first line into a :class:`Title`;
``page_kind`` decides whether the page documents an operation the client calls,
a callback the merchant receives, a shared object, or nothing at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ALERT = re.compile(r"\{[a-z]+\.fa-[\w-]+\}.*$")
_BRACED = re.compile(r"\{(?P<wire>[A-Za-z0-9_-]+)\}")
_HYPHENATED = re.compile(r"(?:^|\s|\|)(?P<wire>[a-z0-9]+(?:-[a-z0-9]+)+)\s*$")
# Navigation groups of the wiki that are not part of the page's own name.
_GROUPS = ("API Methods", "API Notifications", "Earlier Integrations", "Virtual Terminal", "Objects",
           "Webhooks", "Overview", "Processing")
# Status badges glued to the end of old titles (``RejectPayout Recommended``, ``...RequiredPAYOUT``).
_BADGE = re.compile(r"\s*(?:Deprecated|Recommended|Required|Optional)[A-Z]*\s*$")
_VARIANT = re.compile(r"^\s*(?P<word>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*?)(?=[A-Z][a-z]|\s|\(|$)\s*(?P<paren>\([^)]*\))?")
_CALLBACK = re.compile(r"\b(?:notifications?|webhooks?|callbacks?|sync|validation)\b", re.I)
_CALLBACK_PROSE = re.compile(r"^\W*(?:the\s+)?(?:notification|webhook|callback)\b[^.]*\b(?:is|are|will be)\s+(?:sent|invoked|triggered)", re.I)


@dataclass(frozen=True)
class Title:
    """What a title line says: its group, the method's wire name, a variant and a plain name."""

    line: int = 0
    group: str = ""
    wire: str | None = None
    variant: str = ""
    name: str = ""  # the page's own name when no wire name is shown (``Transaction``)


def read_title(number: int, text: str) -> Title | None:
    """The title in ``text`` (a page's first line), or None when it reads as prose."""
    raw = _ALERT.sub("", text).strip().strip("#*").strip()
    braced = _BRACED.search(raw)
    if braced and braced.start() <= 60:
        group = raw[: braced.start()].strip(" |")
        after = raw[braced.end() :]
        variant = _VARIANT.match(after)
        words = ""
        if variant and after[:1] in (" ", "", "(") or (variant and after[:1].isupper()):
            words = " ".join(p for p in (variant.group("word"), (variant.group("paren") or "").strip("()")) if p)
        return Title(number, group, braced.group("wire"), words)
    if len(raw.split()) > 8 or raw.endswith((".", ":", ",")) or not raw[:1].isalpha():
        return None
    hyphen = _HYPHENATED.search(raw)
    if hyphen:
        return Title(number, raw[: hyphen.start()].strip(" |"), hyphen.group("wire"))
    group, name = _split_group(raw)
    name = _BADGE.sub("", name).strip(" |")
    return Title(number, group, None, "", name) if name else None


def _split_group(raw: str) -> tuple[str, str]:
    for group in _GROUPS:
        if raw.startswith(group + " ") or raw.startswith(group + "|"):
            return group, raw[len(group) :].strip(" |")
    api = re.search(r"^(?P<g>.*?\bAPI)\s+(?P<n>\S.*)$", raw)
    if api:
        return api.group("g"), api.group("n")
    return "", raw


def words_of(name: str) -> list[str]:
    """``RejectPayout`` / ``Push Customer Data`` / ``init-pay-out`` -> lower-case words."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    return [w.lower() for w in re.split(r"[^A-Za-z0-9]+", spaced) if w]


def operation_name(title: Title | None, path: str | None) -> str | None:
    """The operation's wire name: ``{wire}`` plus its variant (``process-sale``), else the title's words."""
    if title and title.wire:
        return "-".join([title.wire, *words_of(title.variant)])
    if title and title.name:
        return "-".join(words_of(title.name)) or None
    if path:
        return path.rstrip("/").rsplit("/", 1)[-1] or None
    return None


def is_callback(title: Title | None, description: str) -> bool:
    """True when the page documents a message the merchant receives (notification, webhook, sync)."""
    if title and (title.group.startswith("Webhook") or _CALLBACK.search(f"{title.name} {title.variant}")):
        return True
    if title and title.wire:
        return False
    return _CALLBACK_PROSE.search(description) is not None


def is_object(title: Title | None) -> bool:
    """True for a shared-object page (``Objects Transaction``)."""
    return title is not None and title.group == "Objects"


def callback_name(title: Title | None, description: str) -> str:
    """The base name of a callback's message types (``Notification``, ``CashierNotification``)."""
    if title is None or not (title.name or title.wire):
        found = re.search(r"\b(notification|webhook|callback)\b", description, re.I)
        return found.group(1) if found else "Callback"
    name = " ".join(w for w in words_of(title.name or title.wire or "") if w != "webhook")
    group = title.group.removesuffix("API").strip()
    if title.group.endswith("API") and group:
        return f"{group} {name}"
    return name
