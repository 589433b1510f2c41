"""generate bumps the package version from the semantic diff since HEAD; check names drifted pages first."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from generator.review.versioning import with_version

ROOT = Path(__file__).resolve().parents[2]


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false", *args],
        cwd=cwd, check=True, capture_output=True,
    )


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """A git repo holding a copy of the definitions, committed."""
    shutil.copytree(ROOT / "definitions", tmp_path / "definitions")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    return tmp_path


def version_of(repo: Path, api: str) -> str:
    text = (repo / "definitions" / api / "overrides.yaml").read_text()
    return next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("version:"))


def test_breaking_change_bumps_major_once(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    api_yaml = repo / "definitions" / "paysecure" / "api.yaml"
    # Remove a response field: breaking for callers that read it.
    text = api_yaml.read_text()
    start = text.index("    - name: Modulus\n")
    end = text.index("    - name: Exponent\n")
    api_yaml.write_text(text[:start] + text[end:])
    assert main(["--root", str(repo), "generate", "paysecure"]) == 0
    assert version_of(repo, "paysecure") == "1.0.0"
    assert "call for a major release: 0.1.0 -> 1.0.0" in capsys.readouterr().out
    # Rerunning is idempotent: the version already differs from HEAD's.
    assert main(["--root", str(repo), "generate", "paysecure"]) == 0
    assert version_of(repo, "paysecure") == "1.0.0"
    assert 'version = "1.0.0"' in (repo / "generated" / "paysecure" / "pyproject.toml").read_text()


def test_description_change_bumps_patch_and_no_change_bumps_nothing(repo: Path) -> None:
    assert main(["--root", str(repo), "generate", "praxis"]) == 0
    assert version_of(repo, "praxis") == "0.1.0"
    api_yaml = repo / "definitions" / "praxis" / "api.yaml"
    api_yaml.write_text(api_yaml.read_text().replace("Merchant API client account identifier", "Merchant API account id", 1))
    assert main(["--root", str(repo), "generate", "--no-bump", "praxis"]) == 0
    assert version_of(repo, "praxis") == "0.1.0"
    assert main(["--root", str(repo), "generate", "praxis"]) == 0
    assert version_of(repo, "praxis") == "0.1.1"


def test_check_names_drifted_pages_before_diffs(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(ROOT / "generated", repo / "generated")
    page = repo / "definitions" / "paysecure" / "sources" / "001_64a4df05ebf15de5.txt"
    page.write_text(page.read_text().replace("TTLInMinutesbodyintNo", "TTLInMinutesbodylongNo"))
    assert main(["--root", str(repo), "check", "paysecure"]) == 1
    out = capsys.readouterr().out
    assert "page 001_64a4df05ebf15de5.txt changed since extraction (feeds: CreateKeySessionRequest, CreateSessionRequest)" in out
    assert out.index("changed since extraction") < out.index("--- a/definitions/paysecure/api.yaml")


def test_with_version_keeps_comments() -> None:
    assert with_version("# c\npackage: x\nversion: 0.1.0  # old\n", "0.2.0") == "# c\npackage: x\nversion: 0.2.0\n"
    assert with_version("package: x\nhosts: {}\n", "1.0.0") == "package: x\nversion: 1.0.0\nhosts: {}\n"
