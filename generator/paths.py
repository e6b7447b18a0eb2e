"""Where every output of a build lives: pages, their JSON and CSV twins, charts, downloads and runs.

Every output URL is built here and nowhere else (tests/test_layers.py scans the other modules for path
literals), so a link to a page and the page itself cannot disagree: a pair has one canonical URL (its
ids in sorted order) because `compare` is the only way to spell it. Paths are relative to the docs
folder, as MkDocs names source files ("compare/a-vs-b.md"); `rel` turns two of them into a link.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache

from .catalog import pair_slug

# ---- pages ------------------------------------------------------------------------------------------

HOME = "index.md"
ENTITIES = "entities/index.md"
COMPARISONS = "compare/index.md"
RANKINGS = "rankings.md"
METHODOLOGY = "methodology.md"
TROUBLESHOOTING = "troubleshooting/index.md"
SELECTION = "selection/index.md"
SELECTION_METHOD = "selection/method.md"
BENCHMARKS = "benchmarks/index.md"
CONTRIBUTE = "contribute.md"
HOW_WE_MEASURE = "benchmarks/how-we-measure.md"   # hand-written (content/pages), linked from generated pages


def entity(entity_id: str) -> str:
    return f"entities/{entity_id}.md"


def compare(a: str, b: str) -> str:
    return f"compare/{pair_slug(a, b)}.md"


def faq_category(category: str) -> str:
    return f"troubleshooting/{category}.md"


def faq_entry(category: str, entry_id: str) -> str:
    """An entry's permanent anchor on its category page: its id, so links survive edits to its text."""
    return f"{faq_category(category)}#{entry_id}"


def selection(task_slug: str) -> str:
    return f"selection/{task_slug}.md"


def run(run_id: str) -> str:
    return f"benchmarks/runs/{run_id}.md"


def table_pages(hub: str, total: int, size: int) -> list[str]:
    """Where each page of a hub's table split into pages of `size` rows lives: the hub itself, then
    <folder>/pages/2.md, 3.md ... (one page on a small site)."""
    folder = posixpath.dirname(hub)
    return [hub] + [f"{folder}/pages/{i}.md" for i in range(2, -(-total // size) + 1)]


# ---- machine-readable twins and downloads -----------------------------------------------------------

def entity_json(entity_id: str) -> str:
    return f"entities/{entity_id}.json"


def entity_csv(entity_id: str) -> str:
    return f"entities/{entity_id}.csv"


def pair_json(a: str, b: str) -> str:
    return f"compare/{pair_slug(a, b)}.json"


def pair_csv(a: str, b: str) -> str:
    return f"compare/{pair_slug(a, b)}.csv"


DOWNLOADS = "downloads"
ENTITIES_JSON = f"{DOWNLOADS}/entities.json"
ENTITIES_CSV = f"{DOWNLOADS}/entities.csv"
BENCHMARKS_JSON = f"{DOWNLOADS}/benchmarks.json"
BENCHMARKS_CSV = f"{DOWNLOADS}/benchmarks.csv"
RANKINGS_JSON = "rankings.json"   # the rankings page's twin: what the reader's-weights control recomputes from
FITS_CSV = f"{DOWNLOADS}/selection-fits.csv"   # every model's fit verdicts; the selection pages show the top
DEVICES_CSV = f"{DOWNLOADS}/selection-devices.csv"          # fit and decode speed on every catalog device
CALCULATOR_JSON = f"{DOWNLOADS}/selection-calculator.json"  # what the calculator on the selection page reads


# ---- charts -----------------------------------------------------------------------------------------

def chart_svg(slug: str) -> str:
    return f"charts/{slug}.svg"


def chart_csv(slug: str) -> str:
    return f"charts/{slug}.csv"


# ---- links ------------------------------------------------------------------------------------------

def url_rel(from_page: str, to_path: str) -> str:
    """A link for raw HTML (a data attribute a script reads): MkDocs rewrites Markdown links but not those, so
    it is relative to the page's address (`selection/text-generation/`), not to its source file."""
    folder = posixpath.dirname(from_page) if posixpath.basename(from_page) == "index.md" else from_page[:-len(".md")]
    return posixpath.relpath(to_path, folder or ".")


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
