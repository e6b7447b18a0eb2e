"""How content text reaches a page: escaped for HTML *and* for Markdown, links checked for scheme.

Content comes from strangers. Generated pages are Markdown that Python-Markdown turns into HTML, so a
field must be neutralised twice: `<script>` must not become a tag, and `[x](javascript:...)`,
`{: onclick=...}` (attr_list) or `*[abbr]:` must not become Markdown constructs. Every character that
either language treats specially becomes a numeric character reference, which both pass through as
plain text. Prose fields accept no markup at all; paragraph breaks are kept.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from markupsafe import Markup

# Characters with a meaning in Markdown or in the pymdownx/attr_list/abbr extensions we enable.
_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+!|<>&~^=:$\"'")
_ENTITY = {c: f"&#{ord(c)};" for c in _MARKDOWN_SPECIAL}
_ENTITY["\t"] = "&#9;"  # Python-Markdown expands tabs to spaces; verbatim text must keep them
_SAFE_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:[/?#][^\s<>\"'`\\]*)?$")
_SAFE_INTERNAL = re.compile(r"^(?:\.\./|\./)*(?:[a-z0-9-]+/)*(?:[a-z0-9-]+(?:\.(?:md|svg|csv|json))?)?/?"
                            r"(?:#[a-z0-9-]*)?$")


_BLOCK_START = re.compile(r"^(\s*)([-0-9?])")


_TRANSLATE = str.maketrans(_ENTITY)   # str.translate: the same replacements, at C speed
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")

# `inline` and `paragraphs` are pure functions of the text, and the same texts recur on many pages (an
# entity's name, summary and capabilities on each of its ~10 comparisons): they remember their answers.
# The bound keeps a long `mkdocs serve` session from holding every text it ever saw.
_MEMO = 1 << 16


def _escape(value: object) -> str:
    text = str(value).translate(_TRANSLATE)
    # "- x" and "1. x" at the start of a line would open a list, "??? note" a pymdownx.details block;
    # `.`, `-` and `?` are too common to escape everywhere, so only a leading one is.
    return _BLOCK_START.sub(lambda m: m.group(1) + f"&#{ord(m.group(2))};", text)


@lru_cache(maxsize=_MEMO)
def _inline(text: str) -> Markup:
    return Markup(_escape(" ".join(text.split())))


def inline(value: object) -> Markup:
    """One line of plain text, safe anywhere inline (white space, newlines included, collapses)."""
    return _inline(str(value))


def cell(value: object) -> Markup:
    """Plain text for a Markdown table cell (`|` is already escaped by `inline`)."""
    return _inline(str(value))


def paragraphs(value: object) -> Markup:
    """Prose: paragraphs separated by blank lines, each escaped. Never starts a Markdown block
    construct, because every line begins with an escaped or ordinary character."""
    return _paragraphs(str(value))


@lru_cache(maxsize=_MEMO)
def _paragraphs(text: str) -> Markup:
    parts = [" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text) if p.strip()]
    return Markup("\n\n".join(_escape(p) for p in parts))


def code(value: object) -> Markup:
    """Verbatim text (an error message, a command) in code style, on one line per source line."""
    lines = str(value).split("\n")
    return Markup("<code>" + "&#10;".join(_escape(line) for line in lines) + "</code>")


def code_block(value: object) -> Markup:
    """Verbatim multi-line text as a <pre> block; newlines as references so no blank line can end the
    raw HTML block early and let the rest be read as Markdown."""
    body = "&#10;".join(_escape(line) for line in str(value).split("\n"))
    return Markup(f'<pre class="verbatim"><code>{body}</code></pre>')


def safe_url(url: object) -> str:
    """An external URL for an href, or '#' when it is not plain http(s). Validation already refuses
    such URLs; this is the second lock on the same door."""
    text = str(url)
    return html.escape(text, quote=True) if _SAFE_URL.match(text) else "#"


def external_link(label: object, url: object) -> Markup:
    return _external_link(str(label), str(url))


@lru_cache(maxsize=_MEMO)   # a source is listed on every page that cites it
def _external_link(label: str, url: str) -> Markup:
    return Markup(f'<a href="{safe_url(url)}" rel="nofollow noopener">{_escape(" ".join(label.split()))}</a>')


def internal_link(label: object, target: str) -> Markup:
    """A Markdown link to a generated page (targets are built from validated ids, checked again here),
    so MkDocs validates and rewrites it like any hand-written link."""
    if not _SAFE_INTERNAL.match(target):
        raise ValueError(f"unsafe internal link target {target!r}")
    return Markup(f"[{inline(label)}]({target})")


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
    "inline": inline, "cell": cell, "paragraphs": paragraphs, "code": code, "code_block": code_block,
    "safe_url": safe_url, "external_link": external_link, "internal_link": internal_link, "attr": attr,
    "search_words": search_words,
}
