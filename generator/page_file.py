"""The file of a generated page: front matter, then heading lines and HTML blocks, and nothing else.

    ---
    title: "A vs B"
    ---

    # A vs B

    <p>...</p>
    <div class="admonition abstract">...</div>

    ## Side by side {: data-pagefind-ignore="all" }

    <div data-pagefind-ignore="all">...</div>

Page bodies are HTML (Jinja2 with autoescape); MkDocs needs only the title, the headings for the table
of contents and their permalinks. So the headings are Markdown and everything between them is raw HTML
blocks, which Python-Markdown passes through untouched. Any MkDocs-compatible engine builds such a file
(`versus generate --out DIR`). The plugin takes a shorter road to the same bytes: it makes the HTML
without Python-Markdown (generator/page_html.py); tests/test_engines.py checks both roads give
byte-identical pages.

A block never holds a blank line (a blank line would end the raw HTML block and let Markdown read the
rest) and always starts with a block-level tag; both are checked as the file is made.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from .markup import attr, heading_markdown

# A heading of a rendered body: alone on its line, attributes written by the template.
_HEADING = re.compile(r'^<h([1-6])((?: [a-z-]+="[^"<>]*")*)>(.*)</h\1>$', re.MULTILINE)
_ATTRIBUTE = re.compile(r' ([a-z-]+)="([^"]*)"')
# Tags Python-Markdown reads as the start of a raw HTML block (markdown.Markdown.block_level_elements).
_BLOCK_START = re.compile(r"<(?:p|div|ul|ol|table|details|figure|form|pre|dl|blockquote|section|nav|aside"
                          r"|h[1-6]|hr)[\s>]")
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")   # the newline before a line of white space alone
_STRAY_HEADING = re.compile(r"^<h[1-6][\s>]", re.MULTILINE)


def front_matter(title: str, description: str, meta: Mapping[str, Any]) -> str:
    # JSON strings are valid YAML scalars, so no value can break out of its line. MkDocs' theme prints
    # `description` into a meta tag without escaping, hence `attr`.
    data = {"title": title, "description": attr(description), **meta}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in data.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def body_markdown(body: str) -> str:
    """A rendered HTML body as the file's Markdown: each heading line becomes a Markdown heading (its
    attributes in attr_list syntax), the HTML between headings one block without blank lines."""
    out: list[str] = []
    at = 0
    for match in _HEADING.finditer(body):
        _block(body[at:match.start()], out)
        level, attributes, inner = match.groups()
        line = "#" * int(level) + " " + heading_markdown(inner)
        if attributes:
            line += " {: " + " ".join(_attr_list(k, v) for k, v in _ATTRIBUTE.findall(attributes)) + " }"
        out.append(line)
        at = match.end()
    _block(body[at:], out)
    return "\n\n".join(out) + "\n"


def _attr_list(key: str, value: str) -> str:
    if key == "id":
        return "#" + value
    if key == "class":
        return " ".join("." + c for c in value.split())
    return f'{key}="{value}"'


def _block(html: str, out: list[str]) -> None:
    block = _BLANK_LINE.sub("", html).strip()
    if not block:
        return
    if not _BLOCK_START.match(block):
        raise ValueError(f"a generated page's HTML block must start with a block-level tag: {block[:80]!r}")
    if stray := _STRAY_HEADING.search(block):   # a heading Markdown would not see: not alone on its line
        raise ValueError(f"a heading of a generated page must be alone on its line: {block[stray.start():][:80]!r}")
    out.append(block)
