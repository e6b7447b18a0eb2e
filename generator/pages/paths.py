"""Where every generated page lives, and relative links between them.

One function per kind of page, so that every link to a page is built by the same code: a pair has one
canonical URL (its ids in sorted order) because `compare` is the only way to spell it.
"""

from __future__ import annotations

import posixpath
import re
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
    if _PLAIN.fullmatch(from_page):
        # A plain page links the same way as every page in its folder: remembered per folder, since
        # thousands of pages share a few folders and each has ~40 links.
        return _rel_from_folder(from_page.rpartition("/")[0], to_page)
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


@lru_cache(maxsize=1 << 16)
def _rel_from_folder(folder: str, to_page: str) -> str:
    if not _PLAIN.fullmatch(to_page):
        return posixpath.relpath(to_page, folder or ".")
    # Generated paths are plain ("compare/a-vs-b.md"): the same answer as posixpath.relpath, without
    # its two getcwd() calls.
    start = folder.split("/") if folder else []
    target = to_page.split("/")
    common = 0
    while common < len(start) and common < len(target) and start[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + target[common:]) or "."


# Relative, no empty, "." or ".." segment (no segment starts with a dot), no trailing slash.
_PLAIN = re.compile(r"[^/.][^/]*(?:/[^/.][^/]*)*")
