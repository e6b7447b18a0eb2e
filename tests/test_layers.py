"""The pipeline runs one way: every module of generator/ sits in a declared layer, imports only from its
own layer or the layers before it, and no chain of imports comes back to where it started.

A new module gets a line in LAYERS: the layer of the stage it belongs to (an unlisted module fails).
"""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent.parent / "generator"

# From the first stage to the last. A name is a module of generator/ or a package (all its modules).
LAYERS: list[tuple[str, ...]] = [
    ("diagnostics", "models"),                          # the one Diagnostic type; the content's typed models
    ("yaml_tree",),                                     # YAML with the position of every value
    ("sources",),                                       # read the files
    ("formats", "rules", "partial", "records", "dates"),   # file formats; rule ids; typed records; date rules
    ("validate",),                                      # per-file rules
    ("catalog", "benchmarks"),                          # cross-file: ids, pairs, benchmark groups
    ("scoring", "verdict", "memory", "speedfit", "fit_table", "fits", "accuracy", "recommend", "selection",
     "picks"),                                          # derived numbers and analyses
    ("notes", "site"),
    ("pipeline",),                                      # load: gather, validate, derive
    ("schema", "fix", "scaffold", "hf_config", "file_listing", "importer", "pinning"),   # content tools
    ("paths", "charts", "markup"),                      # where outputs go; drawing; escaping
    ("pages", "twins"),                                 # the site -> page views; data twins
    ("render", "page_file", "page_html"),               # views -> page text; a generated page's file; its HTML
    ("shared_jobs",),                                   # a stage's jobs on two cores
    ("build", "regenerate"),                            # the generated files; files kept in step with the code
    ("search_index",),                                  # Pagefind over the written pages
    ("publish", "plugin", "docs_tree"),                 # the engines' edges
    ("cli", "__main__"),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(GENERATOR).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int | None:
    for i, names in enumerate(LAYERS):
        if any(module == n or module.startswith(n + ".") for n in names):
            return i
    return None


def imports(path: Path) -> set[str]:
    """The generator modules a module imports, function-level (late) imports included."""
    here = module_name(path).split(".") if path.name != "__init__.py" else module_name(path).split(".") + ["x"]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[:len(here) - node.level] if node.level <= len(here) else []
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.startswith("generator"):
                target = node.module.removeprefix("generator").lstrip(".")
            else:
                continue
            for alias in node.names:   # `from . import paths` imports a module; `from .x import y` a name
                sub = f"{target}.{alias.name}" if target else alias.name
                out.add(sub if _exists(sub) else target)
        elif isinstance(node, ast.Import):
            out |= {a.name.removeprefix("generator.") for a in node.names if a.name.startswith("generator.")}
    return {m for m in out if m}


def _exists(module: str) -> bool:
    base = GENERATOR.joinpath(*module.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports(p) for p in sorted(GENERATOR.rglob("*.py"))}


def test_every_module_has_a_layer() -> None:
    missing = sorted(m for m in graph() if m and layer_of(m) is None)
    assert missing == [], f"add these modules to LAYERS in {Path(__file__).name}: {missing}"


def test_no_module_imports_from_a_later_layer() -> None:
    upward = []
    for module, targets in graph().items():
        here = layer_of(module)
        for target in targets:
            there = layer_of(target)
            if here is not None and there is not None and there > here:
                upward.append(f"{module} (layer {here}) imports {target} (layer {there})")
    assert upward == []


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_there_is_no_import_cycle() -> None:
    edges = graph()
    # A package's __init__ re-exports its modules: `from .charts import X` reaches charts/__init__,
    # which imports charts.spec; that is one direction, not a cycle, so edges into a package's own
    # modules from its __init__ are kept and edges from its modules to the package name are not.
    edges = {m: {t for t in ts if not (m.startswith(t + "."))} for m, ts in edges.items()}
    assert cycles(edges) == []


def test_the_checks_catch_a_cycle_and_an_upward_import() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert layer_of("pages.compare") > layer_of("schema") > layer_of("validate")
    assert layer_of("render") > layer_of("pages.contribute")
