"""Stand-in for a generated package's ``models`` module: the ``UNSET`` marker the runtime imports, so it runs in place.

Never copied: every package renders its own ``models.py`` (``templates/models.py.jinja``), which
starts with this same ``Unset``; ``tests/runtime`` checks that the two agree.
"""

from __future__ import annotations

import enum
from typing import Final


class Unset(enum.Enum):
    """The type of ``UNSET``: a field the caller did not set."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Final = Unset.UNSET
"""Marks a field as not set: it is left out when encoding."""
