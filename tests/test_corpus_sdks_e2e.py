"""The corpus SDKs as a user gets them: strict types, black-clean, installed in a clean venv, run against ``doc2sdk serve``.

One corpus tree per test process (``corpus_tree``), one clean venv per module with
the four packages pip-installed (not editable).  Each API's simulator is the real
``doc2sdk --root <tree> serve`` command; the installed client calls every operation
in every format the operation documents (json, the client's default, where the pages
document none), from the clean venv's own interpreter.  Without ../shared/corpus
everything here skips, saying why.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus_tree import corpus_tree, needs_corpus

from generator.model import Definition
from generator.project import Project
from generator.rendering.filters import class_names, method_name
from generator.simulation.answers import instance
from generator.simulation.sdk import Sdk, forget, import_sdk

pytestmark = needs_corpus
SECRET = "MerchantSecretKey"  # doc2sdk serve's default: the docs' example secret
# Formats a page documents that the generated clients do not speak yet (reported, not run): none
# since JSON Lines got its codec (an operation documented only in jsonl now runs in jsonl).
UNSPOKEN: dict[str, str] = {}


def _project() -> Project:
    return Project(corpus_tree())


def _packages() -> dict[str, str]:
    project = _project()
    return {api: project.load(api).overrides.package for api in project.apis()}


def _pip(python: Path, *args: str) -> None:
    """This interpreter's pip, installing into ``python``'s venv (pip --python: no ensurepip in the new venv)."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--disable-pip-version-check", *args],
        capture_output=True, text=True, cwd="/",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def clean_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A brand-new venv holding only the four corpus packages (pip-installed, not editable) and their dependencies."""
    folder = tmp_path_factory.mktemp("corpus-venv")
    venv.EnvBuilder(with_pip=False, clear=True).create(folder)
    python = folder / "bin" / "python"
    packages = [corpus_tree() / "generated" / api for api in _packages()]
    # Their dependencies and build backend first, then the four without build isolation: one resolve, not five.
    requirements: set[str] = set()
    for package in packages:
        project = tomllib.loads((package / "pyproject.toml").read_text("utf-8"))
        requirements.update(project["build-system"]["requires"], project["project"]["dependencies"])
    _pip(python, *sorted(requirements))
    _pip(python, "--no-build-isolation", "--no-deps", *map(str, packages))
    return python


def test_every_corpus_package_imports_in_a_clean_venv(clean_python: Path) -> None:
    lines = ["import sys"]
    for package in _packages().values():
        lines.append(f"import {package}.models, {package}.codecs, {package}.client, {package}.errors, {package}.testing")
        lines.append(f"assert {package}.__file__.startswith(sys.prefix), {package}.__file__")
    result = subprocess.run([str(clean_python), "-c", "\n".join(lines) + "\nprint('ok')"], capture_output=True, text=True, cwd="/")
    assert result.stdout.strip() == "ok", result.stderr


def test_corpus_packages_pass_mypy_strict() -> None:
    tree = corpus_tree()
    packages = _packages()
    path = os.pathsep.join(str(tree / "generated" / api) for api in packages)
    args = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null"]
    for package in packages.values():
        args += ["-p", package]
    result = subprocess.run(args, cwd=tree, capture_output=True, text=True, env={**os.environ, "MYPYPATH": path})
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_corpus_packages_are_black_clean() -> None:
    from generator.formatting.formatter import MODE

    args = ["--check", "--quiet", f"--line-length={MODE.line_length}", "--target-version=py310", "generated"]
    result = subprocess.run([sys.executable, "-m", "black", *args], cwd=corpus_tree(), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-4000:]


def test_every_readme_lists_every_operation_and_callback() -> None:
    project = _project()
    for api in project.apis():
        defn = project.load(api)
        readme = (project.generated_dir(api) / "README.md").read_text("utf-8")
        rows = {line.split("|")[1].strip(): line for line in readme.splitlines() if line.startswith("| `")}
        for op in defn.api.operations:
            row = rows.get(f"`{method_name(op)}`")
            assert row is not None, f"{api}: {op.name} missing from README"
            for route in op.all_routes:  # every route the operation answers, with its verbs
                assert f"{','.join(route.verbs)} {route.path}`" in row, f"{api}: {op.name}'s route {route.path} missing from README"
        for callback in defn.overrides.callbacks:
            assert f"| `{callback.name}` | `receive_" in readme, f"{api}: callback {callback.name} missing from README"


# ---------------------------------------------------------------- against doc2sdk serve


@pytest.fixture
def served(request: pytest.FixtureRequest) -> Iterator[str]:
    """``doc2sdk --root <tree> serve <api> --port 0`` running; yields its URL."""
    api: str = request.param
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(corpus_tree()), "serve", api, "--port", "0", "--max-seconds", "120"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert " on http://127.0.0.1:" in line, line + (proc.stderr.read() if proc.stderr else "")
        yield line.split(" on ", 1)[1].split()[0]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _sdk(defn: Definition, api: str, workdir: Path) -> Sdk:
    """The tree's package imported in this process, to build request samples with its models."""
    folder = _project().generated_dir(api)
    files = {p.relative_to(folder).as_posix(): p.read_text("utf-8") for p in folder.rglob("*.py")}
    return import_sdk(defn, files, workdir, ("errors", "models", "codecs"))


def _calls(defn: Definition, sdk: Sdk) -> list[dict[str, object]]:
    """One call per operation and documented format: method, request class, request JSON, expected response class."""
    praxis = defn.api.style == "praxis"
    # The fields the client fills in: Praxis's envelope (and the signature where it goes in the body).
    signing = defn.api.signing
    body_key = {signing.key} if signing is not None and signing.location == "body" else set()
    auto = {"merchant_id", "version", "timestamp", *body_key} if praxis else {"Credentials"}
    names = class_names(defn)
    calls = []
    for op in defn.api.operations:
        request_type = defn.api.type_named(op.request)
        assert request_type is not None, op.name
        sample = instance(sdk, request_type, skip=lambda wire: wire in auto)
        # Every ServiceStack service answers JSON: an operation documented only in an unspoken format runs in JSON.
        formats = ["json"] if praxis else [f for f in op.formats if f not in UNSPOKEN] or ["json"]
        for fmt in formats:
            calls.append({
                "method": method_name(op), "format": fmt, "request": names[op.request],
                "body": sdk.codecs.to_json(sample).decode("utf-8"),
                "response": names[op.response] if op.response else None,
            })
    return calls


# Runs in the clean venv: the installed package only, no doc2sdk.
CLIENT_SCRIPT = """
import importlib, json, sys
package, style, url, secret = sys.argv[1:5]
calls = json.load(sys.stdin)
models = importlib.import_module(package + ".models")
codecs = importlib.import_module(package + ".codecs")
client_mod = importlib.import_module(package + ".client")
done = []
for call in calls:
    request = codecs.from_json(getattr(models, call["request"]), call["body"])
    if style == "praxis":
        client = client_mod.Client(base_url=url, merchant_id="Test-Integration-Merchant", merchant_secret=secret, timeout=(2.0, 5.0))
    elif hasattr(models, "RequestorCredentials"):  # PaySecure's credentials member
        creds = models.RequestorCredentials(merchant_id="m-1", user_name="u-1", password="pw-123456", version="1")
        client = client_mod.Client(base_url=url, credentials=creds, format=call["format"], timeout=(2.0, 5.0))
    else:
        client = client_mod.Client(base_url=url, format=call["format"], timeout=(2.0, 5.0))
    with client:
        result = getattr(client, call["method"])(request)
    got = None if result is None else type(result).__name__
    assert got == call["response"], (call["method"], call["format"], got, call["response"])
    done.append(call["method"] + "/" + call["format"])
print(json.dumps(done))
"""


def _corpus_apis() -> list[str]:
    """Every SDK the corpus recipes make (read from the recipes, without building the tree)."""
    from corpus_tree import CORPUS, ROOT

    from generator import corpus

    return [r.api for r in corpus.load_recipes(ROOT)] if CORPUS.is_dir() else ["paysecure"]


@pytest.mark.parametrize("served", _corpus_apis(), indirect=True)
def test_installed_client_calls_every_operation_in_every_documented_format(
    served: str, clean_python: Path, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    api = request.node.callspec.params["served"]
    defn = _project().load(api)
    sdk = _sdk(defn, api, tmp_path)
    try:
        calls = _calls(defn, sdk)
    finally:
        forget(sdk)
    args = [str(clean_python), "-c", CLIENT_SCRIPT, defn.overrides.package, defn.api.style, served, SECRET]
    result = subprocess.run(args, input=json.dumps(calls), capture_output=True, text=True, cwd="/", timeout=120)
    assert result.returncode == 0, result.stderr[-4000:]
    done = json.loads(result.stdout)
    assert sorted(done) == sorted(f"{c['method']}/{c['format']}" for c in calls)
    # Every operation was called at least once.
    assert {d.split("/")[0] for d in done} == {method_name(op) for op in defn.api.operations}
    unspoken = {f for op in defn.api.operations for f in op.formats} - {c["format"] for c in calls}
    assert unspoken <= set(UNSPOKEN), f"{api}: documented formats neither run nor known unspoken: {unspoken}"
    # Every operation whose pages document JSON Lines was called in it.
    documented = {method_name(op) for op in defn.api.operations if "jsonl" in op.formats and defn.api.style != "praxis"}
    assert documented <= {d.split("/")[0] for d in done if d.endswith("/jsonl")}
