"""Our stylesheets are flat CSS: every block closes, and only an at-rule (@media, @supports) holds rules.

Browsers now read a rule inside another as CSS nesting, so a missing `}` does not fail loudly: every
rule after it silently applies only inside the unclosed one (the reader's-weights form lost its layout
that way). This check finds it before a reader does.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STYLESHEETS = sorted(p for folder in ("content", "site_templates") for p in (ROOT / folder).rglob("*.css"))
COMMENT_OR_STRING = re.compile(r"/\*.*?\*/|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'", re.DOTALL)


def unbalanced(css: str) -> str | None:
    """What is wrong with the blocks of a flat stylesheet, or None: a `}` with no block open, a rule
    opened inside a rule, or a block still open at the end (with the line it was opened on)."""
    text = COMMENT_OR_STRING.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), css)
    open_blocks: list[tuple[int, bool]] = []   # (line, is an at-rule)
    start = 0
    for m in re.finditer(r"[{}]", text):
        line = text.count("\n", 0, m.start()) + 1
        if m.group() == "}":
            if not open_blocks:
                return f"line {line}: '}}' closes no block"
            open_blocks.pop()
        else:
            prelude = text[start:m.start()].strip()
            if open_blocks and not open_blocks[-1][1]:
                return f"line {line}: a rule opened inside the rule of line {open_blocks[-1][0]} (a missing '}}'?)"
            open_blocks.append((line, prelude.startswith("@")))
        start = m.end()
    return f"line {open_blocks[-1][0]}: the block opened here never closes" if open_blocks else None


def test_there_are_stylesheets_to_check() -> None:
    assert STYLESHEETS


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_block_closes_and_no_rule_nests(path: Path) -> None:
    assert unbalanced(path.read_text(encoding="utf-8")) is None


@pytest.mark.parametrize(("css", "problem"), [
    (".a { color: red; }\n@media (max-width: 1px) { .b { color: red; } }\n", None),
    ("/* { */ .a { content: \"}\"; }\n", None),
    (".a { color: red;\n.b { color: blue; }\n", "line 2: a rule opened inside the rule of line 1"),
    (".a { color: red; }\n}\n", "line 2: '}' closes no block"),
    ("@media print {\n.a { color: red; }\n", "line 1: the block opened here never closes"),
])
def test_the_check_finds_what_it_says(css: str, problem: str | None) -> None:
    found = unbalanced(css)
    assert (found is None) if problem is None else (found is not None and found.startswith(problem))
