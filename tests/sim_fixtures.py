"""Pytest fixtures: generated SDKs built in memory and simulators serving them on loopback.

Import into conftest.py with ``from tests.sim_fixtures import *`` (or name them):
``sdk_paysecure``, ``sdk_praxis`` (session scope; params: the bundled definitions and
the hand-written ones under tests/fixtures/client), ``sim_paysecure``,
``sim_praxis`` (a started ``Simulator`` per test, stopped afterwards, and after
``SIM_LIFETIME`` seconds at most).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.definitions import load_definition
from generator.simulation.sdk import Sdk, build_files, forget, import_sdk
from generator.simulation.simulator import Simulator

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {"bundled": ROOT / "definitions", "fixture": ROOT / "tests" / "fixtures" / "client"}
SIM_LIFETIME = 60.0
SECRET = "MerchantSecretKey"
MERCHANT = "Test-Integration-Merchant"


def imported_fixture(relative: str, factory: pytest.TempPathFactory) -> Iterator[Sdk]:
    """The definition folder ``relative`` (to the project root) rendered in memory and imported, forgotten afterwards."""
    defn = load_definition(ROOT / relative, relative)
    sdk = import_sdk(defn, build_files(defn), factory.mktemp(Path(relative).name))
    yield sdk
    forget(sdk)


def build_sdk(api: str, source: str, workdir: Path, modules: tuple[str, ...] | None = None) -> Sdk:
    """Render ``api`` from a definitions source in memory and import it."""
    folder = SOURCES[source] / api
    defn = load_definition(folder, str(folder.relative_to(ROOT)))
    files = build_files(defn)
    return import_sdk(defn, files, workdir, *(() if modules is None else (modules,)))


def _sdk(api: str, request: Any, factory: pytest.TempPathFactory) -> Iterator[Sdk]:
    sdk = build_sdk(api, request.param, factory.mktemp(f"{api}-{request.param}"))
    yield sdk
    forget(sdk)


@pytest.fixture(scope="session", params=sorted(SOURCES))
def sdk_paysecure(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sdk]:
    """The PaySecure package (models, codecs, client, errors), imported under a private name."""
    yield from _sdk("paysecure", request, tmp_path_factory)


@pytest.fixture(scope="session", params=sorted(SOURCES))
def sdk_praxis(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sdk]:
    """The Praxis package (models, codecs, client, errors, signing, money)."""
    yield from _sdk("praxis", request, tmp_path_factory)


@pytest.fixture
def sim_paysecure(sdk_paysecure: Sdk) -> Iterator[Simulator]:
    """A PaySecure simulator on 127.0.0.1 (any free port), answering correctly until told otherwise."""
    with Simulator(sdk_paysecure, delay=1.0, max_seconds=SIM_LIFETIME) as sim:
        yield sim


@pytest.fixture
def sim_praxis(sdk_praxis: Sdk) -> Iterator[Simulator]:
    """A Praxis simulator with the docs' example secret and merchant."""
    with Simulator(sdk_praxis, delay=1.0, secret=SECRET, merchant_id=MERCHANT, max_seconds=SIM_LIFETIME) as sim:
        yield sim
