"""The code style of every generated file: what rendering lays lines out for and black formats to.

Imports nothing: rendering (``wire_plan`` fits expressions on a line) and formatting (black's
mode) both read it, so neither depends on the other for a number.
"""

from __future__ import annotations

# black's line length, and the longest line a template lays out by itself.
LINE_LENGTH = 100
# black's target versions (names of ``black.mode.TargetVersion``).
TARGET_VERSIONS = ("PY310",)
