"""The contributor documentation cannot fall behind the code: every rule id the code emits is explained,
every field of every format is in the reference, on the Contribute page and in CONTRIBUTING.md."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from generator import formats, paths, regenerate
from generator.fix import NORMALISATIONS
from generator.pages import contribute
from generator.render import render
from generator.rules import RULES
from generator.yaml_tree import parse

RULE_SHAPE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


def _rule_params(tree: ast.AST) -> dict[str, int]:
    """Callables of the package that take a `rule` argument, with its position (self not counted)."""
    out: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names = [a.arg for a in node.args.args if a.arg not in ("self", "cls")]
            if "rule" in names:
                out[node.name] = names.index("rule")
        elif isinstance(node, ast.ClassDef):   # a class is called like its __init__, or a dataclass's fields
            init = next((f for f in node.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None)
            names = [a.arg for a in init.args.args[1:]] if init else \
                [s.target.id for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]
            if "rule" in names:
                out[node.name] = names.index("rule")
    return out


def _const(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def rule_ids_in(package: Path) -> dict[str, list[str]]:
    """Every rule id written as a literal where the code names a diagnostic's rule: the `rule` argument
    of Diagnostic(...), item.at(...), _error(...) and the like; `rule = "..."` (also in tuple
    assignments); and the first element of the tuples in a `*_RULES` table."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(package.rglob("*.py"))}
    params: dict[str, int] = {}
    for tree in trees.values():
        params.update(_rule_params(tree))
    found: dict[str, list[str]] = {}

    def add(value: str | None, path: Path, node: ast.AST) -> None:
        if value is not None:
            found.setdefault(value, []).append(f"{path.relative_to(package.parent)}:{node.lineno}")

    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
                for kw in node.keywords:
                    if kw.arg == "rule":
                        add(_const(kw.value), path, node)
                if name in params:
                    starred = next((i for i, a in enumerate(node.args) if isinstance(a, ast.Starred)), None)
                    if starred is None and params[name] < len(node.args):
                        add(_const(node.args[params[name]]), path, node)
                    elif starred is not None:   # f(*pos, "rule", ...): the first literal after the star
                        add(next((_const(a) for a in node.args[starred + 1:] if _const(a)), None), path, node)
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    names = target.elts if isinstance(target, ast.Tuple) else [target]
                    values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
                    for t, v in zip(names, values):
                        if isinstance(t, ast.Name) and t.id == "rule":
                            add(_const(v), path, node)
                    if isinstance(target, ast.Name) and target.id.endswith("_RULES") \
                            and isinstance(node.value, ast.Dict):
                        for v in node.value.values:
                            if isinstance(v, ast.Tuple) and v.elts:
                                add(_const(v.elts[0]), path, node)
    return found


@pytest.fixture(scope="module")
def used(root: Path) -> dict[str, list[str]]:
    return rule_ids_in(root / "generator")


def test_the_scanner_finds_rules_in_every_form_they_are_written(used: dict[str, list[str]]) -> None:
    for rule in ("unknown-field",    # rule, message, ... = "unknown-field", ...   (validate._one)
                 "yaml-date",        # _Problem(*_pos(node), "yaml-date", ...)
                 "id-filename",      # item.at(path, severity, "id-filename", ...)
                 "encoding-bom",     # _error(file, 1, 1, "encoding-bom", ...)
                 "unknown-column"):  # Diagnostic(file, line, col, ERROR, "unknown-column", ...)
        assert rule in used, rule
    assert len(used) >= 40
    assert all(RULE_SHAPE.fullmatch(r) for r in used), [r for r in used if not RULE_SHAPE.fullmatch(r)]


def test_every_rule_the_code_emits_is_explained(used: dict[str, list[str]]) -> None:
    missing = {r: where[:2] for r, where in used.items() if r not in RULES}
    assert not missing, f"add these rule ids to generator/rules.py RULES: {missing}"


def test_every_explained_rule_is_still_emitted(used: dict[str, list[str]]) -> None:
    stale = sorted(set(RULES) - set(used))
    assert not stale, f"no code emits {stale} any more: remove them from generator/rules.py"


def test_rules_are_explained_in_plain_words() -> None:
    for rule_id, rule in RULES.items():
        assert RULE_SHAPE.fullmatch(rule_id)
        assert rule.means and rule.fix and "\n" not in rule.means + rule.fix, rule_id


# ---- the page and the file ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def page() -> str:
    specs = contribute.plan()
    assert [s.path for s in specs] == [paths.CONTRIBUTE] and specs[0].in_nav
    return render(specs)[paths.CONTRIBUTE]


@pytest.fixture(scope="module")
def contributing(root: Path) -> str:
    return (root / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_every_rule_is_on_the_page_and_in_contributing(page: str, contributing: str,
                                                      used: dict[str, list[str]]) -> None:
    for rule_id in sorted(set(RULES) | set(used)):
        assert f"| `{rule_id}` |" in page, rule_id
        assert f"| `{rule_id}` |" in contributing, rule_id


def _table_after(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n\n**", start + len(heading))
    end = min(e for e in (end, text.find("\n### ", start + len(heading)), len(text)) if e >= 0)
    return text[start:end]


@pytest.mark.parametrize("fmt", formats.FORMATS, ids=lambda f: f.name)
def test_every_field_of_every_format_is_in_the_reference(fmt: formats.Format, page: str, contributing: str) -> None:
    for text in (page, contributing):
        section = text[text.index(f"### {fmt.title}\n"):]
        for path, model in formats.nested_models(fmt.model):
            table = _table_after(section, f"**`{path}`**" if path else "**Top level**")
            for f in formats.fields(model):
                row = next((line for line in table.splitlines() if line.startswith(f"| `{f.name}` |")), None)
                assert row is not None, f"{fmt.name} {path or 'top level'}: {f.name}"
                assert f"| {'yes' if f.required else 'no'} |" in row, row


def test_reference_shows_types_constraints_and_text_rules(page: str) -> None:
    assert "| `categories` | list of Id | yes | ids declared in content/categories.yaml (declare a new one there) | 1 to 8 items |" in page
    assert "| `gpu_count` | whole number | no |  | ≥ 1; ≤ 64; default `1` |" in page
    for name in ("Id", "Url", "Label", "Line", "Text", "Verbatim"):
        assert f"\n| {name} | " in page, name
    assert "no Markdown or HTML" in page and "http://" in page
    for key in ("parameters", "context_length"):
        assert f"| `{key}` |" in page


def test_quick_start_has_its_steps_in_order(page: str, contributing: str) -> None:
    for text in (page, contributing):
        steps = re.findall(r"^(\d)\. \*\*([^*]+?)\.\*\*", text, re.MULTILINE)
        assert [name for _, name in steps[:7]] == ["Set up", "Scaffold", "Fill in", "Check", "Normalise",
                                                   "Preview", "Pull request"]
        for command in ("make validate", "versus new entity", "versus new row", "make fix", "versus fix --check",
                        "make serve"):
            assert command in text


def test_what_fix_does_is_listed(page: str, contributing: str) -> None:
    for text in (page, contributing):
        for n in NORMALISATIONS:
            assert str(contribute.doc_text(n)) in text


def test_contributing_has_every_generated_block_and_no_other(contributing: str) -> None:
    assert regenerate.block_names(contributing) == list(regenerate.BLOCKS)
    with pytest.raises(KeyError):
        regenerate.fill_blocks("<!-- BEGIN generated:nope x -->\n<!-- END generated:nope -->", {})


def test_contribute_is_in_the_nav(root: Path) -> None:
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - Contribute: contribute.md\n" in config


def test_page_front_matter_and_escaping(page: str) -> None:
    assert page.startswith("---\ntitle: ")
    assert "<key>" not in re.sub(r"`[^`\n]*`", "", page)   # only inside code spans
    assert str(contribute.doc_text("a < b | c `x|y`".replace("|y", "y"))) == "a &lt; b &#124; c `xy`"
    with pytest.raises(ValueError):
        contribute.doc_text("`a|b`")


def test_pr_template_has_a_provenance_checklist(root: Path) -> None:
    text = (root / ".github/PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] (.+(?:\n {6}.+)*)", text, re.MULTILINE)   # items continue indented
    assert len(boxes) >= 5
    for word in ("source", "retrieved", "primary", "unit", "provenance.yaml", "verify"):
        assert any(word in b for b in boxes), word
    assert "make validate" in text and "make fix" in text


def test_the_schema_docs_use_yaml_that_parses() -> None:
    """The examples of dates and quoting the reference gives are what the loader does."""
    doc = parse("a: 2024-08-20\nb: '2024-08'\nc: '3.10'\nd: 3.10\n", "-")[0]
    assert str(doc.data["a"]) == "2024-08-20" and doc.data["b"] == "2024-08" and doc.data["c"] == "3.10"
    assert doc.data["d"] == 3.1


# ---- the commands the documents tell a newcomer to run ------------------------------------------------

def _commands(text: str, prefix: str) -> list[str]:
    return re.findall(rf"(?<![\w/.-]){re.escape(prefix)} ([a-z][a-z0-9-]*)", text)


@pytest.mark.parametrize("doc", ["CONTRIBUTING.md", "README.md"])
def test_every_command_the_docs_name_exists(doc: str, root: Path) -> None:
    from generator.cli import main

    text = (root / doc).read_text(encoding="utf-8")
    targets = set(re.findall(r"^([A-Za-z0-9_./-]+):", (root / "Makefile").read_text(encoding="utf-8"), re.MULTILINE))
    made = set(_commands(text, "make"))
    assert made and made <= targets, made - targets
    named = set(_commands(text, "versus")) | set(_commands(text, ".venv/bin/versus"))
    assert named and named <= set(main.commands), named - set(main.commands)


def test_the_quick_start_sets_up_before_it_runs_anything_from_the_environment(contributing: str) -> None:
    """A fresh clone has no `.venv`: the first command of the quick start must be a make target (they
    create it), never `.venv/bin/...`."""
    start = contributing.index("<!-- BEGIN generated:quick-start")
    commands = re.findall(r"`((?:make|\.venv/bin/|versus|source)[^`]*)`", contributing[start:])
    assert commands and commands[0].startswith("make "), commands[:3]
