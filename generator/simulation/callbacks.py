"""The simulator's side of a callback: build the API's message, post it to a loopback URL, check the reply.

The message is a documented-shape instance of the callback's type (see
``answers.instance``), encoded by the generated ``codecs``; a Praxis
message gets ``version``, ``timestamp`` (and ``merchant_id`` when the policy names
one) and is signed the way the docs sign it, with the field orders the generated
``webhooks`` module states.  ``fault`` breaks it on purpose (``bad_signature``,
``stale_timestamp``); posting the same message twice is a replay.  Only loopback
URLs are accepted: the simulator never sends anything off the machine.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..errors import Doc2SdkError
from ..rendering.filters import type_chain
from ..model import Callback
from .answers import MEDIA, PraxisPolicy, header_value, instance
from .sdk import Sdk

CALLBACK_FAULTS = ("bad_signature", "stale_timestamp")
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
MAX_REPLY = 1 << 20


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is the receiver's answer, never followed: it could point off the machine."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        """Follow nothing (urllib then raises the 3xx as an HTTPError, kept as the Delivery)."""
        return None


# No proxy either (an http_proxy variable must not route loopback posts elsewhere).
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


@dataclass(frozen=True)
class Message:
    """A callback ready to post: body and headers."""

    name: str
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True)
class Delivery:
    """What the receiver answered; ``reply_verified`` is None where no signed reply is documented."""

    status: int
    headers: dict[str, str]
    body: bytes
    reply_verified: bool | None


def callback_named(sdk: Sdk, name: str) -> Callback:
    """The callback ``name`` of the SDK's overrides, or a Doc2SdkError listing the known ones."""
    callbacks = {cb.name: cb for cb in sdk.definition.overrides.callbacks}
    if name not in callbacks:
        known = ", ".join(sorted(callbacks)) or "none (overrides.yaml declares no callbacks)"
        raise Doc2SdkError(f"no callback {name!r}; known: {known}", sdk.definition.origin)
    return callbacks[name]


def build_message(
    sdk: Sdk, name: str, policy: PraxisPolicy, *, fault: str | None = None, fmt: str = "json"
) -> Message:
    """The callback ``name`` as the API would send it (signed for Praxis), broken per ``fault``."""
    if fault is not None and fault not in CALLBACK_FAULTS:
        raise Doc2SdkError(f"fault {fault!r} does not apply to callbacks; one of: {', '.join(CALLBACK_FAULTS)}")
    callback = callback_named(sdk, name)
    defn = sdk.definition
    typedef = defn.api.type_named(callback.message)
    assert typedef is not None  # definitions.py checks callback types on load
    if defn.api.style != "praxis":
        if fault is not None:
            raise Doc2SdkError(f"fault {fault!r} needs a signed (praxis) API")
        if fmt not in MEDIA:
            raise Doc2SdkError(f"unknown format {fmt!r}; one of: {', '.join(MEDIA)}")
        body = getattr(sdk.codecs, f"to_{fmt}")(instance(sdk, typedef))
        return Message(name, body, {"Content-Type": MEDIA[fmt]})
    signing = sdk.signing
    declared = {f.name for t in type_chain(defn, typedef) for f in t.fields}
    fields: dict[str, Any] = json.loads(sdk.codecs.to_json(instance(sdk, typedef, skip=lambda wire: wire == signing.KEY)))
    now = int(policy.clock())
    fixed = {"version": defn.api.api_version, "timestamp": now - 3600 if fault == "stale_timestamp" else now}
    if policy.merchant_id is not None:
        fixed["merchant_id"] = policy.merchant_id
    fields.update({k: v for k, v in fixed.items() if k in declared and v is not None})
    order = sdk.webhooks.SIGNED_FIELDS[name]
    signature = _sign(sdk, fields, order, policy.secret)
    if fault == "bad_signature":
        signature = ("0" if signature[:1] != "0" else "1") + signature[1:]
    headers = {"Content-Type": "application/json"}
    if signing.LOCATION == "header":
        headers[signing.KEY] = signature
    else:
        fields[signing.KEY] = signature
    return Message(name, json.dumps(fields, separators=(",", ":")).encode("utf-8"), headers)


def post(sdk: Sdk, message: Message, url: str, policy: PraxisPolicy, *, timeout: float = 10.0) -> Delivery:
    """POST ``message`` to a loopback ``url``; any HTTP status is a Delivery, a dead receiver a Doc2SdkError."""
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname not in LOOPBACK:
        raise Doc2SdkError(f"callback URL must be http:// on loopback (127.0.0.1, localhost, ::1), got {url[:100]!r}")
    request = urllib.request.Request(url, data=message.body, headers=message.headers, method="POST")
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            status, headers, body = response.status, dict(response.headers.items()), response.read(MAX_REPLY)
    except urllib.error.HTTPError as exc:
        status, headers, body = exc.code, dict(exc.headers.items()), exc.read(MAX_REPLY)
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise Doc2SdkError(f"cannot post callback {message.name} to {url}: {reason}") from None
    return Delivery(status, headers, body, _reply_verified(sdk, message.name, status, headers, body, policy))


def _reply_verified(sdk: Sdk, name: str, status: int, headers: dict[str, str], body: bytes, policy: PraxisPolicy) -> bool | None:
    """Whether a 2xx reply carries the documented signature (None: no signed reply to check)."""
    callback = callback_named(sdk, name)
    if sdk.definition.api.style != "praxis" or callback.reply is None or not 200 <= status < 300:
        return None
    signing = sdk.signing
    try:
        fields = json.loads(body)
    except ValueError:
        return False
    if not isinstance(fields, dict):
        return False
    given = header_value(headers, signing.KEY) if signing.LOCATION == "header" else fields.get(signing.KEY)
    if not isinstance(given, str):
        return False
    expected = _sign(sdk, fields, sdk.webhooks.REPLY_FIELDS[name], policy.secret)
    return bool(expected == given.lower())


def _sign(sdk: Sdk, fields: dict[str, Any], order: tuple[str, ...], secret: str) -> str:
    """The documented signature of ``fields``; listed orders may name nested values by dotted path."""
    signing = sdk.signing
    if signing.ORDER != "listed":
        return str(signing.sign(fields, secret))
    values: dict[str, Any] = {}
    for path in order:
        value: Any = fields
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        values[path] = value
    return str(signing.sign(values, secret, order=order))

