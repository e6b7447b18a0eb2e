"""Every pinned dependency is used, or gone: each distribution pyproject.toml pins is imported by the code
that needs it, named by mkdocs.yml (a theme, a plugin or a Markdown extension the engine loads), run as
a tool by the tests, or types a used one for mypy. A pin nothing uses is weight in every install."""

from __future__ import annotations

import ast
import re
import tomllib
from importlib.metadata import entry_points, packages_distributions, requires
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

# Which code each group of pins serves: its imports must use them.
USERS = {"dependencies": ("generator",), "test": ("tests", "benchmarks/scale.py"), "harness": ("benchmarks",)}


# Used without an import of its own, each for the reason given.
USED_INDIRECTLY = {
    # diffusers and transformers load weights through it when it is installed (low_cpu_mem_usage), which the
    # harness's load times and memory figures assume; harness/provenance.py records its version.
    "accelerate",
}


def _name(requirement: str) -> str:
    return re.split(r"[=<>!~\[ ;]", requirement, maxsplit=1)[0].strip()


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins() -> dict[str, list[str]]:
    """Each group's requirements, as written: `name` or `name[extra]`."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    out = {"dependencies": [_requirement(r) for r in project["dependencies"]]}
    for extra, reqs in project.get("optional-dependencies", {}).items():
        out[extra] = [_requirement(r) for r in reqs]
    return out


def _requirement(text: str) -> str:
    return re.split(r"[=<>!~ ;]", text, maxsplit=1)[0].strip()


def _brought(requirement: str) -> list[str]:
    """The distribution a requirement names and those its extras add: `pagefind[bin]` is imported as
    pagefind_bin, from the pagefind-bin distribution its `bin` extra installs."""
    name, _, extras = requirement.partition("[")
    out = [_name(name)]
    for extra in filter(None, extras.rstrip("]").split(",")):
        out += [_name(r) for r in requires(_name(name)) or () if f"extra == '{extra.strip()}'" in r]
    return out


def _modules_of(dist: str) -> set[str]:
    return {m for m, dists in packages_distributions().items() if _canonical(dist) in map(_canonical, dists)}


def imported(folders: tuple[str, ...]) -> set[str]:
    """Top-level modules imported (anywhere in a file), and modules run with `-m`, under the folders."""
    out: set[str] = set()
    for folder in folders:
        base = ROOT / folder
        for path in [base] if base.is_file() else sorted(base.rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, ast.Import):
                    out |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    out.add(node.module.split(".")[0])
            out |= set(re.findall(r'"-m",\s*"([A-Za-z_][\w]*)"', text))
    return out


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)   # !ENV and the like


def engine_dists() -> set[str]:
    """The distributions mkdocs.yml makes the engine load: its theme, plugins and Markdown extensions."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    names = [next(iter(p)) if isinstance(p, dict) else p for p in config.get("plugins", [])]
    extensions = [next(iter(e)) if isinstance(e, dict) else e for e in config.get("markdown_extensions", [])]
    found = {ep.dist.name for ep in entry_points(group="mkdocs.themes") if ep.name == config["theme"]["name"]}
    found |= {ep.dist.name for ep in entry_points(group="mkdocs.plugins") if ep.name in names and ep.dist}
    found |= {ep.dist.name for ep in entry_points(group="markdown.extensions") if ep.name in extensions and ep.dist}
    modules = packages_distributions()
    found |= {d for e in extensions if "." in e for d in modules.get(e.split(".")[0], [])}
    return {_canonical(d) for d in found}


def pytest_plugin_dists() -> set[str]:
    return {_canonical(ep.dist.name) for ep in entry_points(group="pytest11") if ep.dist}


def unused() -> list[str]:
    engine, plugins = engine_dists(), pytest_plugin_dists()
    every = {_canonical(_name(d)) for group in pins().values() for d in group}
    out = []
    for group, dists in pins().items():
        used_modules = imported(USERS.get(group, ("generator", "tests", "benchmarks")))
        for requirement in dists:
            dist = _name(requirement)
            name = _canonical(dist)
            typed = re.sub(r"^types-|-stubs$", "", name)
            if name in engine or name in plugins or name in USED_INDIRECTLY or \
                    any(_modules_of(d) & used_modules for d in _brought(requirement)):
                continue
            if typed != name and typed in every:
                continue   # stubs for mypy of a pinned, used distribution
            out.append(f"{group}: {dist}")
    return out


def test_every_pinned_dependency_is_used() -> None:
    assert unused() == []
