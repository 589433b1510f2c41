"""Installed-package tests: the generated SDKs and doc2sdk itself, each pip-installed (not editable) into a clean venv."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APIS = {"paysecure": "paysecure", "praxis": "praxis"}


@pytest.fixture(scope="module")
def clean_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A brand-new venv with nothing but pip."""
    folder = tmp_path_factory.mktemp("clean-venv")
    venv.EnvBuilder(with_pip=True, clear=True).create(folder)
    return folder / "bin" / "python"


def pip_install(python: Path, *targets: str) -> None:
    result = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *targets],
        capture_output=True, text=True, cwd="/",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_packages_install_and_import(clean_python: Path, tmp_path: Path) -> None:
    # Install from a copy so no build artefact lands in generated/.
    targets = []
    for api in APIS:
        shutil.copytree(ROOT / "generated" / api, tmp_path / api)
        targets.append(str(tmp_path / api))
    pip_install(clean_python, *targets)
    code = "import sys\n" + "".join(
        f"import {pkg}.models, {pkg}.codecs, {pkg}.client, {pkg}.testing; assert {pkg}.__file__.startswith(sys.prefix), {pkg}.__file__\n"
        for pkg in APIS.values()
    ) + "import praxis.signing\nprint('ok')\n"
    result = subprocess.run([str(clean_python), "-c", code], capture_output=True, text=True, cwd="/")
    assert result.stdout.strip() == "ok", result.stderr


@pytest.mark.parametrize("api", sorted(APIS))
def test_generated_package_passes_mypy_strict(api: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null", APIS[api]],
        cwd=ROOT / "generated" / api, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_code_is_black_clean() -> None:
    from generator.formatting.formatter import MODE

    args = ["--check", "--quiet", f"--line-length={MODE.line_length}", "--target-version=py310", "generated"]
    result = subprocess.run([sys.executable, "-m", "black", *args], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_doc2sdk_wheel_ships_its_templates(clean_python: Path, tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.egg-info", "build", "dist"))
    pip_install(clean_python, str(source))
    shutil.rmtree(source)  # the installed tool must not need the checkout
    work = tmp_path / "work"
    shutil.copytree(ROOT / "definitions", work / "definitions")
    doc2sdk = clean_python.parent / "doc2sdk"
    result = subprocess.run([str(doc2sdk), "generate"], cwd=work, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    comparison = filecmp.dircmp(work / "generated", ROOT / "generated", ignore=["__pycache__"])
    assert _same_tree(comparison), "installed doc2sdk renders differently from the checkout"


def _same_tree(cmp: filecmp.dircmp[str]) -> bool:
    _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
    if cmp.left_only or cmp.right_only or mismatch or errors:
        return False
    return all(_same_tree(sub) for sub in cmp.subdirs.values())
