"""The site is not tied to one engine: `versus generate --out DIR` writes a docs tree that MkDocs and
ProperDocs (the maintained fork of MkDocs 1.x) both build, and their pages are the pages the MkDocs
plugin builds, byte for byte but for the engine's own generator tag."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import docs_tree
from generator.publish import source_date_epoch
from generator.search_index import BUNDLE
from helpers_site import FIXTURES, REPO, assemble, build

ENGINES = {"mkdocs": [sys.executable, "-m", "mkdocs"], "properdocs": [sys.executable, "-m", "properdocs"]}


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    full["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), full.get("PYTHONPATH")]))
    return subprocess.run(command, cwd=cwd, env=full, capture_output=True, text=True, timeout=600, check=False)


def pages(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))}


def files(site: Path) -> set[str]:
    """Every file of a built site but the search index, which only the plugin writes (generator/search_index.py:
    Pagefind gets each page as the plugin writes it)."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()
            and not p.relative_to(site).as_posix().startswith(f"{BUNDLE}/")}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The mini corpus built three ways: the plugin (versus build), and the generated tree with MkDocs
    and with ProperDocs, all with the same SOURCE_DATE_EPOCH."""
    project = assemble(tmp_path_factory.mktemp("engines") / "project", FIXTURES / "mini")
    epoch = source_date_epoch(project.root)
    assert epoch is not None
    out: dict[str, Path] = {}
    result = build(project, site_dir=project.root / "plugin-site", env={"SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 0, result.output
    out["plugin"] = project.root / "plugin-site"
    tree = project.root / "tree"
    proc = _run([sys.executable, "-m", "generator", "generate", "--out", str(tree), "--config",
                 str(project.config)], project.root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out["tree"] = tree
    for engine, command in ENGINES.items():
        site = project.root / f"{engine}-site"
        proc = _run([*command, "build", "--strict", "-f", str(tree / docs_tree.CONFIG), "-d", str(site)],
                    project.root, {"SOURCE_DATE_EPOCH": epoch})
        assert proc.returncode == 0, proc.stdout + proc.stderr
        out[engine] = site
    return out


def test_mkdocs_builds_the_generated_tree_into_the_plugins_pages(sites: dict[str, Path]) -> None:
    plugin, tree = pages(sites["plugin"]), pages(sites["mkdocs"])
    assert sorted(tree) == sorted(plugin)
    assert [p for p in plugin if plugin[p] != tree[p]] == []
    assert files(sites["mkdocs"]) == files(sites["plugin"])


def test_properdocs_builds_the_same_pages_but_for_its_generator_tag(sites: dict[str, Path]) -> None:
    assert pages(sites["mkdocs"]) != pages(sites["properdocs"])    # the tags differ: two engines ran ...
    assert b"ProperDocs" in pages(sites["properdocs"])["index.html"]
    assert docs_tree.differing_pages(sites["mkdocs"], sites["properdocs"]) == []   # ... and nothing else does
    assert files(sites["properdocs"]) == files(sites["mkdocs"])


def test_the_page_comparison_sees_a_changed_page(tmp_path: Path) -> None:
    for name, body in (("a", b'<meta name="generator" content="x"><p>1</p>'),
                       ("b", b'<meta name="generator" content="y"><p>2</p>')):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_bytes(body)
        (tmp_path / name / f"only-{name}.html").write_bytes(b"")
    assert docs_tree.differing_pages(tmp_path / "a", tmp_path / "b") == ["index.html", "only-a.html", "only-b.html"]


def test_the_tree_holds_the_pages_as_files_and_no_plugin(sites: dict[str, Path]) -> None:
    tree = sites["tree"]
    config = (tree / docs_tree.CONFIG).read_text(encoding="utf-8")
    plugins = yaml.load(config, Loader=docs_tree._Loader)["plugins"]
    assert isinstance(plugins, list) and "versus" not in plugins   # [] when none: MkDocs' default is search
    assert "docs_dir: docs\n" in config and "custom_dir: overrides\n" in config
    assert "!ENV [VERSUS_SITE_URL" in config          # each engine resolves it when it builds
    assert (tree / "docs" / "index.md").is_file() and (tree / "docs" / "about.md").is_file()
    assert (tree / "overrides" / "main.html").is_file()


def test_generate_writes_nothing_when_the_content_has_errors(tmp_path: Path) -> None:
    project = assemble(tmp_path / "project", FIXTURES / "mini")
    entity = next((project.root / "content" / "entities").glob("*.yaml"))
    entity.write_text(entity.read_text(encoding="utf-8").replace("name:", "nmae:", 1), encoding="utf-8")
    out = tmp_path / "tree"
    proc = _run([sys.executable, "-m", "generator", "generate", "--out", str(out), "--config", str(project.config)],
                project.root)
    assert proc.returncode == 1
    assert "error[unknown-field]" in proc.stderr and "was not written" in proc.stderr
    assert not out.exists() and list(tmp_path.glob(".tree*")) == []


def test_pages_left_out_of_the_nav_are_marked_by_folder_when_the_folder_allows() -> None:
    generated = ["index.md", "compare/index.md", "compare/a-vs-b.md", "compare/a-vs-c.md", "entities/a.md",
                 "runs/r.md", "charts/x.svg"]
    in_nav = {"index.md", "compare/index.md"}
    assert docs_tree.not_in_nav(generated, in_nav, ["about.md", "runs/notes.md"]) == [
        "/compare/*.md", "/entities/*.md", "/runs/r.md"]
