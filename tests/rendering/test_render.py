"""render + format: hostile definitions give code that compiles, imports and passes mypy --strict."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from generator.definitions import load_definition
from generator.errors import RenderError
from generator.formatting.formatter import format_files, format_python
from generator.output import write_tree
from generator.rendering.environment import output_plan, render

HOSTILE = Path(__file__).parents[1] / "fixtures" / "hostile"


@pytest.fixture(scope="module")
def hostile_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    files = format_files(render(load_definition(HOSTILE, "tests/fixtures/hostile")))
    write_tree(folder, files)
    return folder


def test_plan_is_one_template_per_file_sorted() -> None:
    plan = output_plan(load_definition(HOSTILE, "tests/fixtures/hostile"))
    paths = [path for _, path in plan]
    assert paths == sorted(paths)
    assert {"pyproject.toml", "README.md", "hostile/models.py", "hostile/py.typed", "hostile/__init__.py"} <= set(paths)
    assert all(t.endswith(".jinja") and Path(t).name[: -len(".jinja")] == Path(p).name for t, p in plan)


def test_hostile_names_compile_import_and_keep_their_wire_names(hostile_package: Path) -> None:
    sys.path.insert(0, str(hostile_package))
    try:
        models = importlib.import_module("hostile.models")
        obj = models.class_(class__="x", from__=1, none=True, _123abc={"a": 1}, session_id_2=None, password="hunter2")
        assert obj.from__ == 1 and obj.session_id is models.UNSET and obj.session_id_2 is None
        assert "hunter2" not in repr(obj)
        # A derived class re-declaring a base member's wire name shares the base attribute.
        derived = models.None_(class__="base", unicode=None)
        assert derived.class__ == "base" and not hasattr(derived, "class___2")
        assert [m.value for m in models.from_] == ["None", "class", "123", "none"]
        doc = models.class_.__doc__
        assert '"""' in doc and "\\ backslash \\N{x}" in doc
    finally:
        sys.path.remove(str(hostile_package))
        for name in [m for m in sys.modules if m == "hostile" or m.startswith("hostile.")]:
            del sys.modules[name]


def test_hostile_package_passes_mypy_strict(hostile_package: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null", "hostile"],
        cwd=hostile_package,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_render_is_deterministic_across_hash_seeds(tmp_path: Path) -> None:
    script = (
        "import hashlib,sys; from pathlib import Path\n"
        "from generator.definitions import load_definition\n"
        "from generator.rendering.environment import render\nfrom generator.formatting.formatter import format_files\n"
        f"files = format_files(render(load_definition(Path({str(HOSTILE)!r}), 'tests/fixtures/hostile')))\n"
        "print(hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest())\n"
    )
    digests = set()
    for seed in ("0", "1", "12345"):
        env = {"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
        out = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
        digests.add(out.stdout.strip())
    assert len(digests) == 1


def test_format_gate_names_the_file() -> None:
    with pytest.raises(RenderError, match="^pkg/bad.py: generated code is not valid python"):
        format_python("def broken(:\n", "pkg/bad.py")
