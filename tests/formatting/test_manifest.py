"""generated/<api>/.doc2sdk-manifest.json: check without black, generate formats only what changed, and what is still caught."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.formatting import formatter, manifest
from generator.formatting.formatter import FormatStats
from generator.formatting.progress import Reporter
from generator.output import existing_files
from generator.project import Project

ROOT = Path(__file__).resolve().parents[2]
PRAXIS_MODELS = "generated/praxis/praxis/models.py"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder: a fresh machine."""
    folder = tmp_path / "fresh-cache"
    monkeypatch.setenv("DOC2SDK_CACHE_DIR", str(folder))
    monkeypatch.delenv("DOC2SDK_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A copy of the project's definitions and generated packages: a clean clone."""
    for part in ("definitions", "generated"):
        shutil.copytree(ROOT / part, tmp_path / "clone" / part)
    return tmp_path / "clone"


def _change_one_description(clone: Path) -> None:
    """Change the text of one field description in praxis' api.yaml (models.py renders it)."""
    path = clone / "definitions" / "praxis" / "api.yaml"
    text = path.read_text("utf-8")
    models = (ROOT / PRAXIS_MODELS).read_text("utf-8")
    for line in text.splitlines():
        head, sep, description = line.partition("description: ")
        words = description.split()
        if sep and not head.strip(" -") and len(words) >= 3 and " ".join(words[:3]) in models:
            path.write_text(text.replace(line, f"{head}{sep}Changed {description}", 1), "utf-8")
            return
    raise AssertionError("no one-line field description found in definitions/praxis/api.yaml")


def test_manifest_names_every_file_and_black(root: Path) -> None:
    for api in ("paysecure", "praxis"):
        tree = existing_files(root / "generated" / api)
        document = json.loads(tree[manifest.NAME])
        assert set(document["files"]) == set(tree) - {manifest.NAME}
        assert document["black"]["version"] == formatter.black_version()
        assert all(entry["chunks"] for path, entry in document["files"].items() if path.endswith(".py"))
        assert tree[manifest.NAME] == json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def test_fresh_machine_check_runs_no_black(cache: Path) -> None:
    probe = f"import sys; from generator.cli import main; rc = main(['--root', {str(ROOT)!r}, 'check']); print(rc, 'black' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[-2:] == ["0", "False"], out.stdout + out.stderr


def test_reuse_equals_black_on_every_file(root: Path, cache: Path) -> None:
    project = Project(root)
    for api in ("paysecure", "praxis"):
        stats = FormatStats()
        reused = project.build(api, reuse=True, stats=stats)
        assert stats.misses == 0 and stats.reused > 0
        assert reused == project.build(api)  # every piece through black (a fresh cache: all formatted)


def test_fresh_clone_one_change_formats_one_piece(clone: Path, cache: Path) -> None:
    _change_one_description(clone)
    project = Project(clone)
    stats = FormatStats()
    built = project.build("praxis", reuse=True, stats=stats)
    assert stats.misses == 1 and stats.whole == 0
    assert built == project.build("praxis")  # the same bytes as formatting everything
    assert built["praxis/models.py"] != (ROOT / PRAXIS_MODELS).read_text("utf-8")


def test_hand_edit_is_caught_and_named(clone: Path, cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    models = clone / PRAXIS_MODELS
    models.write_text(models.read_text("utf-8").replace("class ", "class  ", 1), "utf-8")
    assert main(["--root", str(clone), "check", "praxis"]) == 1
    captured = capsys.readouterr()
    assert f"{PRAXIS_MODELS} differs from its manifest entry" in captured.err
    assert "refresh with: make generate" in captured.out and f"--- a/{PRAXIS_MODELS}" in captured.out


def test_stale_manifest_is_caught(clone: Path, cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = clone / "generated" / "praxis" / manifest.NAME
    document = json.loads(path.read_text("utf-8"))
    document["files"]["praxis/models.py"]["render"] = "0" * 64
    path.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", "utf-8")
    assert main(["--root", str(clone), "check", "praxis"]) == 1
    out = capsys.readouterr().out
    assert "refresh with: make generate" in out and f"--- a/generated/praxis/{manifest.NAME}" in out
    assert main(["--root", str(clone), "generate", "--no-bump", "praxis"]) == 0
    assert existing_files(clone / "generated" / "praxis") == existing_files(ROOT / "generated" / "praxis")


def test_other_black_version_is_caught(clone: Path, cache: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(formatter, "black_version", lambda: "0.0.0")
    assert main(["--root", str(clone), "check", "praxis"]) == 1
    captured = capsys.readouterr()
    assert "was made by black" in captured.err and "every file is formatted" in captured.err
    assert '+  "version": "0.0.0"' in captured.out and "refresh with: make generate" in captured.out


def test_damaged_piece_counts_fall_back_to_black(clone: Path, cache: Path) -> None:
    _change_one_description(clone)
    path = clone / "generated" / "praxis" / manifest.NAME
    document = json.loads(path.read_text("utf-8"))
    chunks = document["files"]["praxis/models.py"]["chunks"]
    digest, lines = chunks[0].split()
    chunks[0] = f"{digest} {int(lines) + 1}"  # the pieces no longer join back to the file
    path.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", "utf-8")
    project = Project(clone)
    stats = FormatStats()
    built = project.build("praxis", reuse=True, stats=stats)
    assert stats.misses == len(chunks)  # models.py formatted in full, every other module reused
    assert built == project.build("praxis")


def test_edited_piece_list_is_caught(clone: Path, cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = clone / "generated" / "praxis" / manifest.NAME
    document = json.loads(path.read_text("utf-8"))
    chunks = document["files"]["praxis/models.py"]["chunks"]
    (first, first_lines), (second, second_lines) = (c.split() for c in chunks[:2])
    chunks[:2] = [f"{second} {first_lines}", f"{first} {second_lines}"]  # digests swapped, counts kept
    path.write_text(json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n", "utf-8")
    assert main(["--root", str(clone), "check", "praxis"]) == 1
    captured = capsys.readouterr()
    assert "praxis/models.py: its manifest entry lists pieces its render does not have" in captured.err
    assert f"--- a/generated/praxis/{manifest.NAME}" in captured.out and f"--- a/{PRAXIS_MODELS}" not in captured.out
    assert main(["--root", str(clone), "generate", "--no-bump", "praxis"]) == 0
    assert existing_files(clone / "generated" / "praxis") == existing_files(ROOT / "generated" / "praxis")


def test_check_of_a_definition_without_sources(tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "definitions" / "hostile"
    shutil.copytree(ROOT / "tests" / "fixtures" / "hostile", folder)
    assert not (folder / "sources").exists()  # api.yaml is the input: nothing to re-extract
    assert main(["--root", str(tmp_path), "generate", "--no-bump"]) == 0
    assert main(["--root", str(tmp_path), "check"]) == 0
    module = next(p for p in sorted((tmp_path / "generated" / "hostile").rglob("models.py")))
    module.write_text(module.read_text("utf-8") + "# edited\n", "utf-8")
    capsys.readouterr()
    assert main(["--root", str(tmp_path), "check"]) == 1
    assert "differs from its manifest entry" in capsys.readouterr().err


def test_same_bytes_under_any_seed_directory_and_cache(clone: Path, tmp_path: Path) -> None:
    shutil.rmtree(clone / "generated")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    runs = [  # cold without a cache from a temp dir, then reusing with a fresh cache from /
        (dict(env, PYTHONHASHSEED="0", DOC2SDK_NO_CACHE="1"), tmp_path),
        (dict(env, PYTHONHASHSEED="12345", DOC2SDK_CACHE_DIR=str(tmp_path / "c")), Path("/")),
    ]
    for run_env, cwd in runs:
        cmd = [sys.executable, "-m", "generator", "--root", str(clone), "generate", "--no-bump"]
        out = subprocess.run(cmd, cwd=cwd, env=run_env, capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        for api in ("paysecure", "praxis"):
            assert existing_files(clone / "generated" / api) == existing_files(ROOT / "generated" / api)


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def _long_run(tty: bool) -> str:
    clock, stream = _Clock(), _Stream(tty)
    reporter = Reporter("generated/x", stream, clock)
    for done in range(0, 11):
        reporter(done, 10)
        clock.now += 0.3
    reporter.finish(FormatStats(misses=10, reused=5, workers=2))
    return stream.getvalue()


def test_progress_on_a_terminal_then_one_summary() -> None:
    shown = _long_run(tty=True)
    assert "\rgenerated/x: black 10/10 pieces, 3.0 s" in shown
    assert shown.count("\n") == 1 and shown.rstrip().endswith("5 reused from the committed tree, 0 from the cache\x1b[K")


def test_progress_in_a_pipe_is_one_summary_line() -> None:
    shown = _long_run(tty=False)
    assert shown == "generated/x: black formatted 10 piece(s) in 3.3 s on 2 worker(s); 5 reused from the committed tree, 0 from the cache\n"


def test_short_formatting_shows_nothing() -> None:
    clock, stream = _Clock(), _Stream(True)
    reporter = Reporter("generated/x", stream, clock)
    reporter(0, 2)
    clock.now = 0.5
    reporter(2, 2)
    reporter.finish(FormatStats(misses=2))
    assert stream.getvalue() == ""
