"""Shared fixtures: the project root and in-memory builds of the bundled APIs."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    """The project root (holds definitions/, generated/, templates/)."""
    return ROOT
