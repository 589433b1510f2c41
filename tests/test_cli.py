"""The doc2sdk command line: verbs, one-line errors, exit codes, check's diff."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "definitions"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd or ROOT, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of the project's definitions and generated packages to run verbs against."""
    for part in ("definitions", "generated"):
        shutil.copytree(ROOT / part, tmp_path / part)
    return tmp_path


def test_help_lists_the_spine_verbs() -> None:
    out = run("--help")
    assert out.returncode == 0
    for verb in ("extract", "generate", "check"):
        assert verb in out.stdout


def test_extract_pages_prints_yaml(tmp_path: Path) -> None:
    page = SEEDS / "paysecure" / "sources" / "001_64a4df05ebf15de5.txt"
    out = run("extract", str(page))
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("# Written by `doc2sdk extract")
    assert "CreateKeySessionRequest:" in out.stdout
    target = tmp_path / "out" / "api.yaml"
    target.parent.mkdir()
    assert run("extract", str(page), "-o", str(target)).returncode == 0
    assert target.read_text() == out.stdout


def test_a_page_without_api_content_is_a_warning_not_an_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_text("hello\nworld\n")
    page = SEEDS / "paysecure" / "sources" / "001_64a4df05ebf15de5.txt"
    out = run("extract", str(junk), str(page))
    assert out.returncode == 0, out.stderr
    assert out.stderr.count("no API content") == 1 and f"{junk.name}:1: warning: no API content" in out.stderr
    assert f"file: {junk.name}" in out.stdout, "the page is recorded in pages, so check notices when it changes"
    assert "CreateKeySessionRequest:" in out.stdout, "the other page of the batch is read"
    assert run("extract", "--strict", str(junk)).returncode == 1


def test_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    out = run("extract", str(tmp_path / "missing.txt"))
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0 and "Traceback" not in out.stderr
    assert "missing.txt" in out.stderr
    out = run("extract", "no-such-api-or-file")
    assert out.returncode == 2 and "no-such-api-or-file" in out.stderr and "Traceback" not in out.stderr


def test_generate_without_changes_then_check_passes(project: Path) -> None:
    assert main(["--root", str(project), "generate"]) == 0
    assert main(["--root", str(project), "check"]) == 0


def test_check_fails_with_diff_and_refresh_command_when_stale(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    models = project / "generated" / "paysecure" / "paysecure" / "models.py"
    models.write_text(models.read_text().replace("class CreateSession(", "class Renamed("))
    assert main(["--root", str(project), "check"]) == 1
    out = capsys.readouterr().out
    assert "refresh with: make generate" in out
    assert "--- a/generated/paysecure/paysecure/models.py" in out
    assert "-class Renamed(" in out and "+class CreateSession(" in out


def test_check_reports_stale_definitions(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    api_yaml = project / "definitions" / "praxis" / "api.yaml"
    api_yaml.write_text(api_yaml.read_text().replace("max_length: 75", "max_length: 76"))
    assert main(["--root", str(project), "check", "praxis"]) == 1
    assert "+++ b/definitions/praxis/api.yaml" in capsys.readouterr().out


def test_bad_definition_is_one_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    api_yaml = project / "definitions" / "praxis" / "api.yaml"
    api_yaml.write_text(api_yaml.read_text().replace("style: praxis", "style: soap"))
    assert main(["--root", str(project), "generate", "praxis"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("doc2sdk: error: definitions/praxis/api.yaml:") and "at api.style: expected one of" in err


def test_extract_several_apis_in_one_call(project: Path) -> None:
    for api in ("paysecure", "praxis"):
        (project / "definitions" / api / "api.yaml").write_text("stale\n")
    assert main(["--root", str(project), "extract", "paysecure", "praxis"]) == 0
    for api in ("paysecure", "praxis"):
        assert (project / "definitions" / api / "api.yaml").read_text() == (SEEDS / api / "api.yaml").read_text()
    out = run("--root", str(project), "extract", "paysecure", "no-such-api")
    assert out.returncode == 2 and "no-such-api" in out.stderr and "Traceback" not in out.stderr
    out = run("--root", str(project), "extract", "paysecure", "praxis", "-o", str(project / "x.yaml"))
    assert out.returncode == 2 and "-o goes with page files" in out.stderr


def test_a_verb_imports_only_its_own_module() -> None:
    probe = (
        "import sys; from generator import cli; parser = cli.build_parser(['check', '-h']); "
        "print(sorted(m for m in ('generator.verification.verify', 'generator.simulation.simulator', 'generator.review.diff', 'http.server') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
    for verb in ("verify", "serve", "diff"):  # each still gets its own arguments
        assert run(verb, "--help").returncode == 0
    assert "--fail-on" in run("diff", "--help").stdout
