"""Shared fixtures: the project root and in-memory builds of the bundled APIs."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    """The project root (holds definitions/, generated/, templates/)."""
    return ROOT


def _hypothesis_profiles() -> None:
    """CI runs a fixed example set (reproducible, never flaky); developers get fresh ones each run."""
    import os

    from hypothesis import settings

    settings.register_profile("ci", derandomize=True, print_blob=True)
    if os.environ.get("CI"):
        settings.load_profile("ci")


_hypothesis_profiles()
