"""generator.formatting.formatter's black cache, chunking and parallel path (no timing assertions)."""

from __future__ import annotations

from pathlib import Path

import black
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import cache as content_cache
from generator.definitions import load_definition
from generator.errors import RenderError
from generator.formatting import formatter as fmt
from generator.rendering.environment import render

ROOT = Path(__file__).resolve().parents[2]

MODULE = '''"""A module docstring."""
from __future__ import annotations
import enum
X=1
@dataclass( kw_only = True )
class A :
    """Doc."""
    a : int|None=None
    """Attribute doc."""



class B(A):
    b: list[ int ]=[1,2,3,]
def f( x ):
    return x
# a comment between definitions keeps them in one piece
def g(): ...
def h(): ...

async def k(  ) -> None :
    pass
Y = [ 1 ]
class C( enum.Enum ):
    ONE='1'

'''


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private, empty cache folder for one test."""
    folder = tmp_path / "black-cache"
    monkeypatch.setenv("DOC2SDK_CACHE_DIR", str(folder))
    monkeypatch.delenv("DOC2SDK_NO_CACHE", raising=False)
    return folder


def _whole(text: str) -> str:
    return black.format_str(text, mode=fmt.MODE)


def _entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_chunked_output_equals_black_on_the_whole_file(cache: Path) -> None:
    assert len(fmt.split_module(MODULE)) == 3
    stats = fmt.FormatStats()
    assert fmt.format_files({"m.py": MODULE}, "", stats)["m.py"] == _whole(MODULE)
    assert stats.whole == 0 and stats.misses == 3


def test_a_cut_inside_a_string_falls_back_to_the_whole_module(cache: Path) -> None:
    text = 'def f():\n    pass\n\n\nX = """\n\nclass NotCode:\n    pass\n"""\n\n\nclass A:\n    x = 1\n'
    assert len(fmt.split_module(text)) == 3
    stats = fmt.FormatStats()
    assert fmt.format_files({"m.py": text}, "", stats)["m.py"] == _whole(text)
    assert stats.whole == 1


def test_rendered_hostile_package_equals_whole_file_black(cache: Path) -> None:
    files = render(load_definition(ROOT / "tests" / "fixtures" / "hostile", "hostile"))
    stats = fmt.FormatStats()
    formatted = fmt.format_files(files, "generated/hostile", stats)
    assert stats.whole == 0
    for path, text in files.items():
        if path.endswith(".py"):
            assert formatted[path] == _whole(text), path


def test_cache_hit_returns_identical_bytes(cache: Path) -> None:
    first_stats, second_stats = fmt.FormatStats(), fmt.FormatStats()
    first = fmt.format_files({"m.py": MODULE, "README.md": "x"}, "pkg", first_stats)
    assert first_stats.hits == 0 and first_stats.misses == len(fmt.split_module(MODULE))
    assert len(_entries(cache)) == first_stats.misses + 1  # every chunk, and the whole module
    second = fmt.format_files({"m.py": MODULE, "README.md": "x"}, "pkg", second_stats)
    assert second == first and second["README.md"] == "x"
    assert second_stats.module_hits == 1 and second_stats.misses == 0 and second_stats.chunks == 0


def test_one_changed_definition_misses_once(cache: Path) -> None:
    fmt.format_python(MODULE, "m.py")
    stats = fmt.FormatStats()
    changed = MODULE.replace("ONE='1'", "ONE='2'")
    assert fmt.format_files({"m.py": changed}, "", stats)["m.py"] == _whole(changed)
    assert stats.module_hits == 0 and stats.misses == 1 and stats.hits == len(fmt.split_module(MODULE)) - 1


def test_corrupted_entries_are_ignored_and_rewritten(cache: Path) -> None:
    expected = fmt.format_python(MODULE, "m.py")
    module_entry = fmt.cache_key(MODULE, fmt.MODE_KEY)
    entries = [p for p in _entries(cache) if p.name != module_entry]
    (cache / module_entry[:2] / module_entry).write_bytes(b"doc2sdk-black-1 0\nx = 1\n")  # wrong digest
    entries[0].write_bytes(b"garbage")
    entries[1].write_bytes(entries[1].read_bytes()[:-5])  # truncated body: digest mismatch
    header, _, body = entries[2].read_bytes().partition(b"\n")
    entries[2].write_bytes(header + b"\n" + body.replace(b"class", b"klass"))
    stats = fmt.FormatStats()
    assert fmt.format_files({"m.py": MODULE}, "", stats)["m.py"] == expected
    assert stats.module_hits == 0 and stats.misses == 3
    for entry in entries[:3] + [cache / module_entry[:2] / module_entry]:
        assert content_cache.read_entry(cache, entry.name) is not None
    assert content_cache.read_entry(cache, module_entry) == expected


def test_mode_and_black_version_are_part_of_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    other = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=88)
    ours = fmt.mode_key(fmt.MODE)
    assert fmt.cache_key("x = 1\n", ours) != fmt.cache_key("x = 1\n", fmt.mode_key(other))
    versions = [black.TargetVersion.PY310, black.TargetVersion.PY311]
    a = black.Mode(target_versions=set(versions))
    b = black.Mode(target_versions=set(reversed(versions)))
    assert fmt.mode_key(a) == fmt.mode_key(b)
    before = fmt.cache_key("x = 1\n", fmt.MODE_KEY)
    monkeypatch.setattr(fmt, "black_version", lambda: "0.0.0")
    assert fmt.cache_key("x = 1\n", fmt.MODE_KEY) != before


def test_mode_key_describes_the_mode_used() -> None:
    assert fmt.MODE == black.Mode(target_versions={black.TargetVersion.PY310}, line_length=100)
    assert "line_length=100" in fmt.MODE_KEY and "PY310" in fmt.MODE_KEY


def test_parallel_equals_sequential(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOC2SDK_NO_CACHE", "1")
    modules = {f"m{i}.py": MODULE.replace("ONE='1'", f"ONE='{i}'") for i in range(4)}
    monkeypatch.setattr(fmt, "_workers", lambda: 1)
    sequential_stats = fmt.FormatStats()
    sequential = fmt.format_files(modules, "", sequential_stats)
    monkeypatch.setattr(fmt, "_workers", lambda: 2)
    monkeypatch.setattr(fmt, "PARALLEL_MIN_LINES", 0)
    parallel_stats = fmt.FormatStats()
    parallel = fmt.format_files(modules, "", parallel_stats)
    assert sequential_stats.workers == 1 and parallel_stats.workers == 2
    assert parallel == sequential
    assert list(parallel) == sorted(modules)


def test_no_cache_environment_variable(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOC2SDK_NO_CACHE", "1")
    assert content_cache.cache_dir() is None
    assert fmt.format_python(MODULE, "m.py") == _whole(MODULE)
    assert not cache.exists()


def test_default_location_is_outside_the_repo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DOC2SDK_CACHE_DIR", raising=False)
    monkeypatch.delenv("DOC2SDK_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert content_cache.cache_dir() == tmp_path / "doc2sdk" / "black"


def test_unwritable_cache_still_formats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DOC2SDK_CACHE_DIR", str(blocker / "cache"))
    assert fmt.format_python(MODULE, "m.py") == _whole(MODULE)


def test_atomic_write_leaves_no_temporary_files(cache: Path) -> None:
    key = fmt.cache_key("x = 1\n", fmt.MODE_KEY)
    assert content_cache.write_entry(cache, key, "x = 1\n")
    assert content_cache.write_entry(cache, key, "x = 1\n")  # a second writer replaces, never appends
    assert [p.name for p in _entries(cache)] == [key]
    assert content_cache.read_entry(cache, key) == "x = 1\n"


def test_invalid_python_names_the_file_and_its_own_line(cache: Path) -> None:
    text = "class A:\n    x = 1\n\n\nclass B:\n    def (:\n"
    with pytest.raises(RenderError) as info:
        fmt.format_files({"bad.py": text}, "generated/x")
    assert info.value.where == "generated/x/bad.py"
    assert "6:" in info.value.message


_STATEMENT = st.sampled_from(
    [
        "class A:\n    x: int = 1\n",
        "@dataclass(kw_only=True)\nclass D(A):\n    '''Doc.'''\n\n    y : str='a'\n",
        "def f(a,b):\n    return a+b\n",
        "def stub(): ...\n",
        "class Stub: ...\n",
        "@overload\ndef over(x: int) -> int: ...\n",
        "async def g():\n    await h()\n",
        "X = 1\n",
        "'''A string statement.'''\n",
        "import os\n",
        "if X:\n    pass\n",
        'S = """\nclass Fake:\n"""\n',
        'T = """\n\ndef fake():\n    pass\n"""\n',
        "U = f(\n    1,\n)\n",
        "V = [\n1,\n\ndef_ := 2]\n",
    ]
)
_GAP = st.sampled_from(["", "\n", "\n\n", "\n\n\n\n", "# comment\n", "\n# comment\n\n", "    \n"])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(_GAP, _STATEMENT), min_size=1, max_size=6))
def test_any_split_joins_to_black_output(cache: Path, monkeypatch: pytest.MonkeyPatch, parts: list[tuple[str, str]]) -> None:
    monkeypatch.setenv("DOC2SDK_NO_CACHE", "1")
    text = "".join(gap + stmt for gap, stmt in parts)
    stats = fmt.FormatStats()
    assert fmt.format_files({"m.py": text}, "", stats)["m.py"] == _whole(text)
    if stats.whole == 0:  # every piece was formatted alone
        assert stats.misses == len(set(fmt.split_module(text))) or stats.misses <= len(fmt.split_module(text))


def test_no_process_pool_falls_back_to_one_core(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no semaphores here")

    monkeypatch.setenv("DOC2SDK_NO_CACHE", "1")
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
    monkeypatch.setattr(fmt, "_workers", lambda: 2)
    monkeypatch.setattr(fmt, "PARALLEL_MIN_LINES", 0)
    stats = fmt.FormatStats()
    assert fmt.format_files({"m.py": MODULE}, "", stats)["m.py"] == _whole(MODULE)
    assert stats.workers == 1


def test_compiled_templates_are_cached_and_a_damaged_entry_is_a_miss(cache: Path) -> None:
    from jinja2.bccache import bc_magic

    from generator.rendering import environment as render_module

    defn = load_definition(ROOT / "tests" / "fixtures" / "hostile", "hostile")
    render_module.environment.cache_clear()
    try:
        first = render(defn)
        compiled = [p for p in cache.glob("jinja-*/*") if p.is_file()]
        assert compiled and all(p.stat().st_size > 0 for p in compiled)
        for entry in compiled:
            # Cut inside the source checksum that follows the magic: Jinja itself would raise there.
            entry.write_bytes(entry.read_bytes()[: len(bc_magic) + 3])
        render_module.environment.cache_clear()
        assert render(defn) == first
        render_module.environment.cache_clear()
        assert render(defn) == first  # from the rewritten entries
    finally:
        render_module.environment.cache_clear()


def test_a_warm_run_imports_neither_black_nor_libcst(cache: Path) -> None:
    import subprocess
    import sys

    fmt.format_files({"m.py": MODULE}, "pkg")  # fills the cache
    probe = (
        "import sys; from generator.formatting import formatter as fmt; "
        f"fmt.format_files({{'m.py': {MODULE!r}}}, 'pkg'); print('black' in sys.modules, 'libcst' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False"]


def test_workers_store_what_they_format(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    modules = {f"m{i}.py": MODULE.replace("ONE='1'", f"ONE='{i}'") for i in range(4)}
    monkeypatch.setattr(fmt, "_workers", lambda: 2)
    monkeypatch.setattr(fmt, "PARALLEL_MIN_LINES", 0)
    first_stats, second_stats = fmt.FormatStats(), fmt.FormatStats()
    first = fmt.format_files(modules, "", first_stats)
    assert first_stats.workers == 2 and first_stats.misses > 0
    # Every distinct chunk and every module, written by the workers and the caller.
    assert len(_entries(cache)) == first_stats.misses + len(modules)
    for path, text in modules.items():
        assert first[path] == _whole(text)
    for entry in _entries(cache):  # module entries gone: the chunks must all come from the cache
        if entry.name in {fmt.cache_key(t, fmt.MODE_KEY) for t in modules.values()}:
            entry.unlink()
    assert fmt.format_files(modules, "", second_stats) == first
    assert second_stats.module_hits == 0 and second_stats.misses == 0 and second_stats.hits == first_stats.misses
