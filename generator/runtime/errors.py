"""Stand-in for a generated package's ``errors`` module: what the runtime imports from it, so it runs in place.

Never copied: every package renders its own ``errors.py`` (``templates/errors.py.jinja``), which
defines these classes the same way; ``tests/runtime`` checks that the two agree.
"""

from __future__ import annotations


class SdkError(Exception):
    """Base class of every error this package raises."""


class DecodeError(SdkError):
    """A message could not be decoded; ``path`` names the field (``Timestamps.AppLayer.InTime``)."""

    def __init__(self, message: str, path: str = "", raw: bytes | None = None) -> None:
        self.path = path
        self.raw = raw
        super().__init__(f"{path}: {message}" if path else message)


class EncodeError(SdkError):
    """A value could not be encoded (wrong type for its field)."""

    def __init__(self, message: str, path: str = "") -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)
