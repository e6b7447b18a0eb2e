"""Assemble a throw-away Versus project from a fixture corpus, and build it like `make site` does.

    project = assemble(tmp_path / "proj", FIXTURES / "mini")
    result = build(project)            # python -m generator build, output captured
    assert result.returncode == 0, result.output
    html = (project.site / "entities" / "alpha-lm" / "index.html").read_text()

The project is the repository's own mkdocs.yml, theme overrides and hand-written pages
(content/pages), with the fixture's content/ (and benchmarks/, when it has one) in place of the real
data. mkdocs.yml resolves docs_dir and custom_dir relative to itself, and the Versus plugin reads the
content from the folder of mkdocs.yml, so everything lives side by side in one temporary folder.

A fixture corpus may lack the content behind a nav entry of mkdocs.yml (the mini corpus has no FAQ,
so no troubleshooting/index.md): such entries are dropped from the copy, since strict mode refuses a
nav entry without a page. Pass `prune_nav=False` to keep mkdocs.yml exactly as it is.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import markdown
import yaml

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

_NAV_ENTRY = re.compile(r"^\s*-\s*[^:#]+:\s*(\S+\.md)\s*$")


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def pages(self) -> Path:
        return self.root / "content" / "pages"


@dataclass(frozen=True)
class BuildResult:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def assemble(dest: Path, corpus: Path, *, pages: dict[str, str] | None = None, prune_nav: bool = True) -> Project:
    """Copy `corpus` (a folder holding content/ and maybe benchmarks/) into `dest` as a buildable project.
    `pages`: extra hand-written pages, path under content/pages -> Markdown text."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(corpus / "content", dest / "content")
    if (corpus / "benchmarks").is_dir():
        shutil.copytree(corpus / "benchmarks", dest / "benchmarks")
    if not (dest / "content" / "pages").exists():
        shutil.copytree(REPO / "content" / "pages", dest / "content" / "pages")
    shutil.copytree(REPO / "site_templates" / "overrides", dest / "site_templates" / "overrides")
    project = Project(dest)
    for rel, text in (pages or {}).items():
        target = project.pages / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if prune_nav:
        config = _prune_nav(config, _page_paths(project))
    project.config.write_text(config, encoding="utf-8")
    return project


def _page_paths(project: Project) -> set[str]:
    """Every page the build will have: hand-written ones, and those the generator plans from the content."""
    from generator.build import generate

    found = {p.relative_to(project.pages).as_posix() for p in project.pages.rglob("*.md")}
    return found | {p for p in generate(project.root).files if p.endswith(".md")}


def _prune_nav(config: str, pages: set[str]) -> str:
    out, in_nav = [], False
    for line in config.splitlines(keepends=True):
        if re.match(r"^\S", line):
            in_nav = line.startswith("nav:")
        match = _NAV_ENTRY.match(line) if in_nav else None
        if match and match.group(1) not in pages:
            continue
        out.append(line)
    return "".join(out)


def build(project: Project, *, env: dict[str, str] | None = None, site_dir: Path | None = None,
          wrapper: list[str] | None = None, timeout: float = 300) -> BuildResult:
    """`python -m generator build` for the project (what `make site` runs), in a subprocess.
    `env` entries are added to a copy of this process's environment (a value of None removes the
    variable); `wrapper` prefixes the command (e.g. ["faketime", "2031-01-01"])."""
    full_env = dict(os.environ)
    full_env["NO_MKDOCS_2_WARNING"] = "1"
    for key, value in (env or {}).items():
        if value is None:
            full_env.pop(key, None)
        else:
            full_env[key] = value
    full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), full_env.get("PYTHONPATH")]))
    command = [*(wrapper or []), sys.executable, "-m", "generator", "build", "--config", str(project.config),
               "--site-dir", str(site_dir or project.site)]
    proc = subprocess.run(command, cwd=project.root, env=full_env, capture_output=True, text=True, timeout=timeout,
                          check=False)
    return BuildResult(proc.returncode, proc.stdout, proc.stderr)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (relative path -> SHA-256 of its bytes): compare two to prove two trees
    are byte-for-byte the same."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def search_fragments(site: Path) -> dict[str, dict]:
    """What Pagefind indexed, page by page: its URL (`/compare/a-vs-b/`) -> the page's fragment (`content`,
    `meta`, `anchors` ...). Each fragment is gzipped JSON after a `pagefind_dcd` signature."""
    out = {}
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        fragment = json.loads(data[data.index(b"{"):])
        out[fragment["url"]] = fragment
    return out


class _IgnoreTags(yaml.SafeLoader):
    pass


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)


def site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions and settings of mkdocs.yml (toc, tables, attr_list, pymdownx...):
    the HTML MkDocs makes of a page, without the theme."""
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    names, configs = [], {}
    for item in config["markdown_extensions"]:
        name, options = (item, None) if isinstance(item, str) else next(iter(item.items()))
        names.append(name)
        if options:
            configs[name] = options
    return markdown.Markdown(extensions=names, extension_configs=configs)
