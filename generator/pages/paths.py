"""Where every generated page lives, and relative links between them.

One function per kind of page, so that every link to a page is built by the same code: a pair has one
canonical URL (its ids in sorted order) because `compare` is the only way to spell it.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

from ..catalog import pair_slug

HOME = "index.md"
ENTITIES = "entities/index.md"
COMPARISONS = "compare/index.md"
RANKINGS = "rankings.md"
METHODOLOGY = "methodology.md"
TROUBLESHOOTING = "troubleshooting/index.md"
SELECTION = "selection/index.md"


def entity(entity_id: str) -> str:
    return f"entities/{entity_id}.md"


def compare(a: str, b: str) -> str:
    return f"compare/{pair_slug(a, b)}.md"


def faq_category(category: str) -> str:
    return f"troubleshooting/{category}.md"


def selection(task: str) -> str:
    return f"selection/{task}.md"


def rel(from_page: str, to_page: str) -> str:
    """A relative link from one source page to another, as MkDocs resolves it."""
    return _relpath(to_page, posixpath.dirname(from_page) or ".")


@lru_cache(maxsize=1 << 16)
def _relpath(to_page: str, start: str) -> str:
    # A page links to pages from one folder: caching per folder saves posixpath.relpath's two getcwd()
    # calls on all but the first of the ~40 links of each of thousands of pages.
    return posixpath.relpath(to_page, start)
