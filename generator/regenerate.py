"""`versus schemas`: every file generated from the code and committed, kept in step with it.

- the JSON Schemas and .vscode/settings.json (schema.py);
- the generated blocks of CONTRIBUTING.md (quick start, `versus fix`, field reference, rules), rendered
  by the macros of the Contribute page's template, so the page and the file cannot say different things.

It sits below both the schema and the pages (it imports them, neither imports it): the reference is
written by the page's view and template, and no page module renders anything itself.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import schema
from .pages.contribute import ContributePage, view
from .render import environment

REGENERATE = "versus schemas   (or: make schemas)"
CONTRIBUTING = "CONTRIBUTING.md"
BLOCKS = ("quick-start", "fix", "reference", "rules")   # macros of the template, by CONTRIBUTING.md block


def markdown_blocks() -> dict[str, str]:
    """CONTRIBUTING.md's generated blocks, rendered by the page template's macros."""
    page = view()
    module = environment().get_template(ContributePage.TEMPLATE).make_module({"page": page})
    args = {"quick-start": (), "fix": (page.normalisations,), "reference": (page,), "rules": (page.rules,)}
    return {name: _tidy(str(getattr(module, name.replace("-", "_") + "_block")(*args[name]))) for name in BLOCKS}


def _tidy(text: str) -> str:
    lines, blank = [], 0
    for line in text.strip("\n").splitlines():
        blank = blank + 1 if not line.strip() else 0
        if blank <= 1:
            lines.append(line.rstrip())
    return "\n".join(lines) + "\n"


_BLOCK = re.compile(r"(<!-- BEGIN generated:(?P<name>[a-z-]+) [^>]*-->\n)(?P<body>.*?)"
                    r"(<!-- END generated:(?P=name) -->)", re.DOTALL)


def fill_blocks(text: str, blocks: dict[str, str]) -> str:
    """Replace the body of every `<!-- BEGIN generated:NAME ... -->` ... `<!-- END generated:NAME -->`
    block; a block named in the text but not in `blocks` is an error, not silently left stale."""
    def body(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in blocks:
            raise KeyError(f"{CONTRIBUTING}: no generated block called {name!r}")
        return match.group(1) + blocks[name].strip("\n") + "\n" + match.group(4)
    return _BLOCK.sub(body, text)


def block_names(text: str) -> list[str]:
    return [m.group("name") for m in _BLOCK.finditer(text)]


def generated_files(root: Path) -> dict[str, str]:
    """Every file `versus schemas` writes, by root-relative path, with its expected content."""
    out = schema.generated_files(root)
    contributing = root / CONTRIBUTING
    if contributing.exists():
        out[CONTRIBUTING] = fill_blocks(contributing.read_text(encoding="utf-8"), markdown_blocks())
    return out


def _stale(root: Path) -> dict[str, str]:
    out = {}
    for path, text in generated_files(root).items():
        target = root / path
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            out[path] = text
    return dict(sorted(out.items()))


def stale_files(root: Path) -> list[str]:
    """The generated files whose committed content differs from what `versus schemas` would write."""
    return list(_stale(root))


def write_files(root: Path) -> list[str]:
    """Write every generated file that changed; returns their paths."""
    changed = _stale(root)
    for path, text in changed.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    return list(changed)
