"""A generated page's file (generator/page_file.py) as the HTML and table of contents Python-Markdown makes
of it under mkdocs.yml's extensions, made without Python-Markdown: the plugin's road for generated pages.

Such a file is heading lines and HTML blocks, nothing else, and Python-Markdown does little with it:
- a block passes through as it is, then a blank line when more follows;
- `## Text {: #id .class key="value" }` (attr_list) becomes
  `<h2 class="class" id="id" key="value">Text<a class="headerlink" href="#id" title="Permanent link">&para;</a></h2>`
  and a newline when more follows: attributes sorted by name and escaped as its serializer does, the
  permalink of `toc: permalink: true`. The text needs no inline processing: `markup.heading_markdown`
  made every character Markdown reads a numeric reference, which passes through, and its tags pass
  through as inline HTML; so its HTML is itself.
- a heading without an id gets toc's slug of its text, made unique among the page's ids (toc's own
  `slugify` and `unique`: a repeated title gets `_1`, `_2`), and every heading is an entry of the table
  of contents (toc's own tokens, nested by its `nest_toc_tokens`, as MkDocs' `get_toc` reads them).

`page_html` returns None for anything else (a file written by hand, another toc or attr_list setting),
and Python-Markdown builds that page as usual. tests/test_page_file.py compares both roads on hostile
text; tests/test_engines.py builds `versus generate`'s files with MkDocs and compares whole sites.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markdown.extensions.attr_list import get_attrs_and_remainder, sanitize_name
from markdown.extensions.toc import nest_toc_tokens, slugify, strip_tags, unique

# The Markdown extensions and settings of mkdocs.yml (MkDocs adds toc, tables and fenced_code) under which
# `page_html` gives Python-Markdown's bytes: none of the others touches a heading line or a raw HTML block.
EXTENSIONS = {"toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html", "pymdownx.details",
              "pymdownx.superfences"}
TOC_CONFIG: dict[str, Any] = {"permalink": True}

# A heading line as page_file.body_markdown writes it (its text never holds `{`: heading_markdown made
# it a reference).
_HEADING = re.compile(r"(#{1,6}) ([^\n{]*?)(?: \{: ([^\n}]*) \})?\n?")
_AMP = re.compile(r"&(?!(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", re.IGNORECASE)   # Python-Markdown's RE_AMP
_ID = ' id="'   # as the templates write an id; text and attribute values escape `"`, so only a tag has it
# A page's titles recur on other pages (its entity's name, "Sources"): their names and slugs are kept.
_MEMO = 1 << 16


@dataclass(frozen=True)
class PageHtml:
    html: str
    toc: list[Any]      # toc's nested tokens (dicts: level, id, name, html, data-toc-label, children)
    anchors: set[str]   # ids a link may point to: the headings' and those in the blocks


@dataclass
class _Heading:
    level: int
    text: str
    attrs: dict[str, str]


def reproduces(extensions: list[str], configs: dict[str, Any]) -> bool:
    """Whether `page_html` gives what Python-Markdown does under these extensions and their settings."""
    return {"toc", "attr_list"} <= set(extensions) <= EXTENSIONS and configs.get("toc") == TOC_CONFIG


def page_html(markdown: str) -> PageHtml | None:
    """The page's HTML, or None when the file is not made of heading lines and HTML blocks alone."""
    parts: list[str | _Heading] = []
    for part in markdown.split("\n\n"):
        if part.startswith("<"):
            parts.append(part.rstrip("\n"))
        elif (heading := _heading(part)) is not None:
            parts.append(heading)
        elif part.strip():
            return None
    headings = [p for p in parts if isinstance(p, _Heading)]
    used = {h.attrs["id"] for h in headings if "id" in h.attrs}   # toc: no slug takes a given id
    counters: dict[str, int] = {}
    tokens: list[dict[str, Any]] = []
    out: list[str] = []
    for item in parts:
        if isinstance(item, str):
            out.append(item + "\n")   # and the newline between parts: a blank line after a block
            continue
        name, slug = _name_and_slug(item.text)
        if "id" not in item.attrs:
            item.attrs["id"] = unique(slug, used, counters)
        anchor = item.attrs["id"]
        attributes = "".join(f' {k}="{_attribute(v)}"' for k, v in sorted(item.attrs.items()))
        out.append(f'<h{item.level}{attributes}>{item.text}<a class="headerlink" href="#{_attribute(anchor)}" '
                   f'title="Permanent link">&para;</a></h{item.level}>')
        tokens.append({"level": item.level, "id": anchor, "name": name, "html": item.text, "data-toc-label": ""})
    anchors = {t["id"] for t in tokens} | {a for p in parts if isinstance(p, str) for a in _ids(p)}
    return PageHtml("\n".join(out).rstrip("\n"), nest_toc_tokens(tokens), anchors)


@lru_cache(maxsize=_MEMO)
def _name_and_slug(text: str) -> tuple[str, str]:
    """A heading's entry in the table of contents, and toc's slug of it (not yet made unique)."""
    name = strip_tags(text)
    return name, slugify(html.unescape(name), "-")


def _ids(block: str) -> list[str]:
    """The ids in an HTML block, which MkDocs' scan of raw HTML would have found."""
    out = []
    at = block.find(_ID)
    while at != -1:
        end = block.find('"', at + len(_ID))
        out.append(block[at + len(_ID):end])
        at = block.find(_ID, end)
    return out


def _heading(line: str) -> _Heading | None:
    match = _HEADING.fullmatch(line)
    if match is None:
        return None
    level, text, attr_list = match.groups()
    attrs: dict[str, str] = {}
    if attr_list:
        pairs, rest = get_attrs_and_remainder(attr_list)
        if rest:
            return None
        for key, value in pairs:
            if value is None or key == "data-toc-label":   # body_markdown writes neither
                return None
            if key == ".":
                attrs["class"] = f"{attrs['class']} {value}" if "class" in attrs else value
            else:
                attrs[sanitize_name(key)] = value
    return _Heading(len(level), text.strip(), attrs)


def _attribute(value: str) -> str:
    """An attribute value as Python-Markdown's serializer writes it (a reference stays one)."""
    return _AMP.sub("&amp;", value).replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
