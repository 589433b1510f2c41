"""``doc2sdk corpus``: the recipes under corpus/ build a project-shaped tree that every verb reads.

Needs the real captures in ``../shared/corpus`` (third-party text, read where it is); the
tree-building tests skip without it, saying so.  The version check is tested on models.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import corpus
from generator.errors import DefinitionError
from generator.model import Api, Field, Operation, Page, TypeDef
from generator.project import Project

ROOT = Path(__file__).resolve().parent.parent
HAVE_CORPUS = (ROOT.parent / "shared" / "corpus").is_dir()
needs_corpus = pytest.mark.skipif(not HAVE_CORPUS, reason="the real corpus is not at ../shared/corpus (CI has it)")


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    corpus.build(ROOT, out)
    return out


@needs_corpus
def test_every_recipe_builds_a_definition_and_a_package(tree: Path) -> None:
    recipes = corpus.load_recipes(ROOT)
    project = Project(tree)
    assert project.apis() == [r.api for r in recipes]
    for recipe in recipes:
        folder = project.definition_dir(recipe.api)
        assert {p.name for p in folder.iterdir()} == {"api.yaml", "overrides.yaml", "sources.list"}
        defn = project.load(recipe.api)
        assert defn.api.operations, f"{recipe.api}: operations read"
        if recipe.api_version:
            assert defn.api.api_version == recipe.api_version, f"{recipe.api}: one SDK per API version"
        package = project.generated_dir(recipe.api) / defn.overrides.package
        assert (package / "client.py").is_file() and (package / "models.py").is_file()
        # Pages are named where they are, never copied into the tree.
        listed = project.sources(recipe.api)
        assert listed and all(not str(p.resolve()).startswith(str(tree.resolve())) for p in listed)


@needs_corpus
def test_check_reads_the_tree_and_finds_it_up_to_date(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from generator import cli

    assert cli.main(["--root", str(tree), "check"]) == 0, capsys.readouterr().out
    (tree / "generated" / "paysecure" / "README.md").write_text("edited by hand\n")
    assert cli.main(["--root", str(tree), "check", "paysecure"]) == 1


@needs_corpus
def test_praxis_versions_are_never_merged(tree: Path) -> None:
    project = Project(tree)
    paths = {api: {op.path for op in project.load(api).api.operations} for api in project.apis() if api.startswith("praxis")}
    assert any(p.startswith("/api/") for p in paths["praxis_v1_1"])
    assert not any(p.startswith(("/agent/", "/cashier/", "/direct/")) for p in paths["praxis_v1_1"] | paths["praxis_v1_2"])
    assert project.load("praxis_v1_3").api.signing is not None
    assert project.load("praxis_v1_3").api.signing.location == "header"


def _page(name: str, **kw: object) -> Api:
    return Api(name="p", pages=(Page(file=name, sha256="0"),), **kw)  # type: ignore[arg-type]


def test_a_page_whose_evidence_contradicts_its_folder_is_named() -> None:
    agent = Operation(name="x", method="POST", path="/agent/find", request="X")
    key = TypeDef(name="X", fields=(Field(name="application_key", type="string"),))
    pages = (
        _page("a.txt", api_version="1.3", doc_version="latest"),
        _page("b.txt", operations=(agent,)),
        _page("c.txt", types=(key,)),
        _page("d.txt", api_version="1.1", doc_version="3.3"),
    )
    found = {w.where: w.message for w in corpus.version_warnings(pages, "1.1")}
    assert set(found) == {"a.txt:1", "b.txt:1", "c.txt:1"}
    assert "API 1.3 (doc version latest)" in found["a.txt:1"] and "path /agent/find" in found["b.txt:1"]
    assert "API 1.2 or later (field application_key)" in found["c.txt:1"]
    # application_key is 1.2 evidence: a 1.2 or 1.3 folder accepts it; /agent/ paths are 1.3 only.
    assert [w.where for w in corpus.version_warnings(pages[1:3], "1.2")] == ["b.txt:1"]
    assert corpus.version_warnings(pages[:3], None) == []


@needs_corpus
def test_verify_passes_every_complete_example_of_the_corpus(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from generator import cli

    # Every corpus SDK: the two doc sites' and one per other ServiceStack service.
    status = cli.main(["--root", str(tree), "verify"])
    out = capsys.readouterr().out
    summary = out.strip().splitlines()[-1]
    assert status == 0, "\n".join(line for line in out.splitlines() if line.startswith("FAIL"))
    assert " 0 failed" in summary and int(summary.split()[0]) > 0
    assert " cut" in summary, "captures cut inside a sample are reported as cut"


@needs_corpus
def test_every_jsonl_example_of_the_corpus_goes_through_the_jsonl_codec(tree: Path) -> None:
    from generator.project import Project
    from generator.verification.verify import check_definition, wire_format

    project = Project(tree)
    outcomes = []
    for api in project.apis():
        defn = project.load(api)
        if any(e.format == "jsonl" for op in defn.api.operations for e in op.examples):
            outcomes += [o for o in check_definition(defn, project.build(api)) if o.example.format == "jsonl"]
    # PaySecure's and www.asg.com.au's jsonl pages (facts of the corpus: 7 + 2 complete samples).
    assert len(outcomes) == 9
    assert {wire_format(o.example) for o in outcomes} == {"jsonl"}
    assert [o.line() for o in outcomes if o.status not in ("ok", "cut")] == []


def test_a_split_recipe_makes_one_sdk_per_host(tmp_path: Path) -> None:
    seed = (ROOT / "definitions" / "paysecure" / "sources" / "001_64a4df05ebf15de5.txt").read_text("utf-8")
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("api.example.com__json__A.txt", "api.example.com__xml__A.txt", "9lives.test__json__B.txt"):
        (pages / name).write_text(seed, "utf-8")
    recipe = tmp_path / "corpus" / "others"
    recipe.mkdir(parents=True)
    (recipe / "sources.yaml").write_text("split: host\nsources:\n  - pages/*.txt\n", "utf-8")
    (recipe / "overrides.yaml").write_text("# shared\npackage: placeholder\nversion: 0.2.0\n", "utf-8")
    recipes = corpus.load_recipes(tmp_path)
    assert [(r.api, [p.name for p in r.pages]) for r in recipes] == [
        ("_9lives_test", ["9lives.test__json__B.txt"]),
        ("api_example_com", ["api.example.com__json__A.txt", "api.example.com__xml__A.txt"]),
    ]
    assert recipes[1].overrides == "# shared\npackage: api_example_com\nversion: 0.2.0\n"
    (recipe / "sources.yaml").write_text("split: folder\nsources: [pages/*.txt]\n", "utf-8")
    with pytest.raises(DefinitionError, match="split: host"):
        corpus.load_recipes(tmp_path)
