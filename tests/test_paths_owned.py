"""Every output URL is built in generator/paths.py: the modules that plan, render and write the site, and
the templates, hold no path of an output (a page, a twin, a chart, a download, a run) of their own."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "generator"
TEMPLATES = ROOT / "site_templates"

# The modules after the derived site: they name outputs. The stages before it name only inputs
# (content/entities/<id>.yaml, benchmarks/runs/<id>/), and charts/ returns bytes without knowing where
# they go.
OUTPUT_SIDE = sorted([*(GENERATOR / "pages").glob("*.py"), *(GENERATOR / n for n in (
    "twins.py", "render.py", "build.py", "plugin.py", "generate.py")
    if (GENERATOR / n).exists())])

# A folder of the site at the start of a string or after a separator, or a file name of an output kind.
OUTPUT_PATH = re.compile(
    r"(?:^|[\s/\"'(=])(?:index|entities|compare|charts|downloads|troubleshooting|selection|benchmarks|runs|"
    r"rankings|methodology|contribute|pages)(?:/|\.md\b)"
    r"|\.(?:md|svg|csv|json)(?:$|#|[\"')\s])")


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def path_literals(source: str) -> list[tuple[int, str]]:
    """String literals (f-string parts included) that look like an output path; docstrings and template
    names are not paths."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            text = node.value
            if text.endswith(".j2") or not OUTPUT_PATH.search(text):
                continue
            found.append((node.lineno, text))
    return found


def test_the_scan_finds_a_path_built_outside_the_paths_module() -> None:
    assert path_literals('page = f"compare/{slug}.md"\n')
    assert path_literals('x = rel(page, "downloads/entities.csv")\n')
    assert path_literals('x = f"{DOWNLOADS}/benchmarks.json"\n')
    assert path_literals('x = {"entities.json": 1}\n')
    assert not path_literals('"""A docstring naming compare/a-vs-b.md."""\nTEMPLATE = "compare.md.j2"\n')


@pytest.mark.parametrize("module", OUTPUT_SIDE, ids=lambda p: p.relative_to(GENERATOR).as_posix())
def test_output_paths_are_built_only_in_the_paths_module(module: Path) -> None:
    found = path_literals(module.read_text(encoding="utf-8"))
    assert found == [], f"{module.name} builds output paths itself; use generator/paths.py: {found}"


# A Markdown link or an href whose target is a literal rather than a value of the page's view.
TEMPLATE_LINK = re.compile(r"\]\((?!\{\{)[^)#]+\)|href=\"(?!\{\{)[^\"#]+\"")


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.j2")), ids=lambda p: p.name)
def test_templates_link_only_to_paths_their_view_gives(template: Path) -> None:
    found = TEMPLATE_LINK.findall(template.read_text(encoding="utf-8"))
    assert found == [], f"{template.name} links to a literal path; put it in the page's view: {found}"
