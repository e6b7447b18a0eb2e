"""`versus generate --out DIR`: the site as a docs tree that any MkDocs-compatible engine builds.

    DIR/mkdocs.yml     the project's configuration, pointing at the folders below, without the Versus
                       plugin, and with the generated pages that are not in the nav marked as such
    DIR/docs/          the hand-written pages and assets (content/pages) and every generated file
    DIR/overrides/     the theme overrides (site_templates/overrides)

`mkdocs build -f DIR/mkdocs.yml` and `properdocs build -f DIR/mkdocs.yml` build it; the MkDocs plugin
adds the same generated files in memory instead (build.generate is the one function both call), so
either way gives the same pages. Nothing is written when the content has errors, and DIR appears whole
or not at all.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .build import Output, generate
from .publish import swap_in

CONFIG = "mkdocs.yml"
DOCS = "docs"
OVERRIDES = "overrides"
PLUGIN = "versus"   # our entry point in mkdocs.plugins (pyproject.toml)


@dataclass(frozen=True)
class EnvTag:
    """A `!ENV` value of the configuration, kept as written: each engine resolves it when it builds."""
    value: Any


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> EnvTag:
    if isinstance(node, yaml.SequenceNode):
        return EnvTag(loader.construct_sequence(node))
    assert isinstance(node, yaml.ScalarNode), "!ENV takes a name or a list"
    return EnvTag(loader.construct_scalar(node))


def _env_out(dumper: yaml.SafeDumper, tag: EnvTag) -> yaml.Node:
    if isinstance(tag.value, list):
        return dumper.represent_sequence("!ENV", tag.value, flow_style=True)
    return dumper.represent_scalar("!ENV", tag.value)


class _Block(str):
    """A multi-line value, written as a YAML literal block."""


def _block_out(dumper: yaml.SafeDumper, text: _Block) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(text), style="|")


_Loader.add_constructor("!ENV", _env)
_Dumper.add_representer(EnvTag, _env_out)
_Dumper.add_representer(_Block, _block_out)


def not_in_nav(generated: Iterable[str], in_nav: set[str], hand_written: Iterable[str]) -> list[str]:
    """gitignore-style patterns for the generated pages that are not in the nav (the plugin marks them
    so itself): one `/<folder>/*.md` per folder when no hand-written page there is left out of the nav
    too, else the pages one by one. A few patterns, not one per page: 10,000 patterns would be matched
    against every file."""
    pages = sorted(p for p in generated if p.endswith(".md") and p not in in_nav)
    other = {p for p in hand_written if p.endswith(".md") and p not in in_nav}
    out: list[str] = []
    folders: dict[str, list[str]] = {}
    for p in pages:
        folders.setdefault(posixpath.dirname(p), []).append(p)
    for folder, items in sorted(folders.items()):
        if folder and not any(posixpath.dirname(o) == folder for o in other):
            out.append(f"/{folder}/*.md")
        else:
            out += [f"/{p}" for p in items]
    return out


def config(project_config: Path, output: Output, hand_written: Iterable[str]) -> str:
    """The project's mkdocs.yml for the tree: its folders moved, our plugin left out (the pages exist as
    files), and the generated pages that are not in the nav listed under `not_in_nav`."""
    data = yaml.load(project_config.read_text(encoding="utf-8"), Loader=_Loader)
    data["docs_dir"] = DOCS
    if isinstance(data.get("theme"), dict) and "custom_dir" in data["theme"]:
        data["theme"]["custom_dir"] = OVERRIDES
    data["plugins"] = [p for p in data.get("plugins", []) if p != PLUGIN and not
                       (isinstance(p, Mapping) and PLUGIN in p)]
    patterns = not_in_nav(output.files, output.nav_pages, hand_written)
    if patterns:
        data["not_in_nav"] = _Block("\n".join(patterns) + "\n")
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)


def write(root: Path, out: Path, project_config: Path | None = None) -> Output:
    """Generate the site of the project at `root` and write its docs tree to `out` (replaced whole)."""
    project_config = project_config or root / CONFIG
    output = generate(root)
    if output.errors:
        return output
    settings = _load_plain(project_config)
    docs_src = (project_config.parent / settings.get("docs_dir", "docs")).resolve()
    overrides = settings.get("theme", {}).get("custom_dir") if isinstance(settings.get("theme"), dict) else None
    hand_written = [p.relative_to(docs_src).as_posix() for p in sorted(docs_src.rglob("*")) if p.is_file()]
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.writing-", dir=out.parent))
    try:
        shutil.copytree(docs_src, tmp / DOCS)
        if overrides:
            shutil.copytree(project_config.parent / overrides, tmp / OVERRIDES)
        for path, content in output.files.items():
            target = tmp / DOCS / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8", newline="\n")
        (tmp / CONFIG).write_text(config(project_config, output, hand_written), encoding="utf-8", newline="\n")
        swap_in(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return output


def _load_plain(path: Path) -> dict[str, Any]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    return data if isinstance(data, dict) else {}


# Each engine names itself in a meta tag of every page; nothing else of a page may differ between engines.
GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')


def differing_pages(site: Path, other: Path) -> list[str]:
    """The pages (.html) of two built sites that differ other than in the engine's generator tag, and those
    only one of them has."""
    def pages(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): GENERATOR_TAG.sub(b"", p.read_bytes())
                for p in sorted(folder.rglob("*.html"))}
    a, b = pages(site), pages(other)
    return sorted(p for p in a.keys() | b.keys() if a.get(p) != b.get(p))
