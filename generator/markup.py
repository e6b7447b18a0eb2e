"""How content text reaches a page: escaped for HTML, and for Markdown where Markdown reads it; links
checked for scheme.

Content comes from strangers. Generated page bodies are HTML, rendered by Jinja2 with autoescape, and Markdown never reads them
(generator/page_file.py). The filters below only add the structure a value needs: paragraphs, code,
links. Prose fields accept no markup at all; paragraph breaks are kept.

Markdown reads one part of a generated page: its headings, from which MkDocs makes the table of
contents and the permalinks. There a field must be neutralised twice: `<script>` must not become a tag,
and `[x](javascript:...)`, `{: onclick=...}` (attr_list) or `*[abbr]:` must not become Markdown
constructs. Every character that either language treats specially becomes a numeric character
reference, which both pass through as plain text (`heading_markdown`).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from markupsafe import Markup, escape

# Characters with a meaning in Markdown or in the pymdownx/attr_list/abbr extensions we enable.
_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+!|<>&~^=:$\"'")
_ENTITY = {c: f"&#{ord(c)};" for c in _MARKDOWN_SPECIAL}
_ENTITY["\t"] = "&#9;"  # Python-Markdown expands tabs to spaces; verbatim text must keep them
_TRANSLATE = str.maketrans(_ENTITY)   # str.translate: the same replacements, at C speed
_BLOCK_START = re.compile(r"^(\s*)([-0-9?])")
_SAFE_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:[/?#][^\s<>\"'`\\]*)?$")
# A link to a generated page or file, relative to the page's address (paths.href).
_SAFE_INTERNAL = re.compile(r"^(?:\.\./|\./)*(?:[a-z0-9-]+/)*(?:[a-z0-9-]+(?:\.(?:svg|csv|json))?)?/?"
                            r"(?:#[a-z0-9-]*)?$")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Python-Markdown expands tabs and turns a carriage return into a newline even inside raw HTML blocks, so
# a generated page's file holds neither: both become references, which read the same in HTML.
_MARKDOWN_WHITESPACE = str.maketrans({"\t": "&#9;", "\r": "&#13;"})
# The texts of a source recur on every page that cites it: links remember their answers. The bound keeps
# a long `mkdocs serve` session from holding every text it ever saw.
_MEMO = 1 << 16


# ---- HTML --------------------------------------------------------------------------------------------

def _html(value: object) -> str:
    return str(escape(str(value)))


def markdown_whitespace(page: str) -> str:
    """A rendered page with its tabs and carriage returns as references (the templates have none of their
    own, so these came from content)."""
    return page.translate(_MARKDOWN_WHITESPACE) if "\t" in page or "\r" in page else page


def inline(value: object) -> str:
    """One line: white space, newlines included, collapses (a heading must stay on its line)."""
    return " ".join(str(value).split())


def paragraphs(value: object) -> list[str]:
    """Prose as its paragraphs (split at blank lines, white space collapsed), for a template to wrap in
    <p>; each is escaped as it is printed."""
    return [" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(str(value)) if p.strip()]


def code(value: object) -> Markup:
    """Verbatim text in code style. Newlines as references: a generated page's file has no blank line
    inside a block (generator/page_file.py), and a newline reference in <code> reads as a newline."""
    return Markup("<code>" + "&#10;".join(_html(line) for line in str(value).split("\n")) + "</code>")


def code_block(value: object) -> Markup:
    """Verbatim multi-line text as a <pre> block, newlines as references (see `code`)."""
    body = "&#10;".join(_html(line) for line in str(value).split("\n"))
    return Markup(f'<pre class="verbatim"><code>{body}</code></pre>')


def safe_url(url: object) -> str:
    """An external URL for an href, or '#' when it is not plain http(s). Validation already refuses
    such URLs; this is the second lock on the same door."""
    text = str(url)
    return html.escape(text, quote=True) if _SAFE_URL.match(text) else "#"


def external_link(label: object, url: object) -> Markup:
    return _external_link(str(label), str(url))


@lru_cache(maxsize=_MEMO)
def _external_link(label: str, url: str) -> Markup:
    return Markup(f'<a href="{safe_url(url)}" rel="nofollow noopener">{_html(inline(label))}</a>')


def internal_link(label: object, target: str) -> Markup:
    """A link to a generated page or file, by its address relative to the page's (paths.href); the target
    is built from validated ids, and checked again here."""
    if not _SAFE_INTERNAL.match(target):
        raise ValueError(f"unsafe internal link target {target!r}")
    return Markup(f'<a href="{target}">{_html(inline(label))}</a>')


def attr(value: object) -> str:
    """A value for an HTML attribute or meta tag: MkDocs' theme templates do not escape page meta."""
    return html.escape(" ".join(str(value).split()), quote=True)


def search_words(value: object) -> str:
    """The parts of the code identifiers in a text, as plain words for the search index (letters and
    digits only, so safe in any attribute): `torch.cuda.OutOfMemoryError` -> `torch cuda
    OutOfMemoryError`, `PYTORCH_CUDA_ALLOC_CONF` -> `PYTORCH CUDA ALLOC CONF`. Pagefind indexes such a
    token whole and split at every capital, so without these a search for `OutOfMemoryError` would
    match every page with "out", "of", "memory" and "error" (tests/browser/test_search.py)."""
    words = []
    for token in str(value).split():
        parts = _WORD.findall(token)
        if len(parts) > 1 and _JOINED.search(token):
            words.extend(parts)
    return " ".join(dict.fromkeys(words))


_WORD = re.compile(r"[A-Za-z0-9]+")
_JOINED = re.compile(r"[A-Za-z0-9][._:/\\-][A-Za-z0-9]|_")


FILTERS = {
    "inline": inline, "paragraphs": paragraphs, "code": code, "code_block": code_block, "safe_url": safe_url,
    "external_link": external_link, "internal_link": internal_link, "attr": attr, "search_words": search_words,
}
"""The filters of page templates. Plain values need none: they are escaped as they are printed."""


# ---- Markdown: the headings of generated pages --------------------------------------------------------

def _escape(value: object) -> str:
    text = str(value).translate(_TRANSLATE)
    # "- x" and "1. x" at the start of a line would open a list, "??? note" a pymdownx.details block;
    # `.`, `-` and `?` are too common to escape everywhere, so only a leading one is.
    return _BLOCK_START.sub(lambda m: m.group(1) + f"&#{ord(m.group(2))};", text)


_TAG = re.compile(r"(<[^>]*>)")


@lru_cache(maxsize=_MEMO)   # an entity's name heads each of its pages
def heading_markdown(inner_html: str) -> str:
    """A heading's inner HTML, from a page template, as Markdown heading text: its text unescaped and
    escaped again for both languages, its tags (a link) kept as inline HTML, which Markdown passes
    through. The table of contents shows the text without the tags."""
    return "".join(part if part.startswith("<") else _escape(html.unescape(part))
                   for part in _TAG.split(inner_html) if part)
