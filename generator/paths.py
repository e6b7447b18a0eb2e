"""Where every output of a build lives: pages, their JSON and CSV twins, charts, downloads and runs.

Every output URL is built here and nowhere else (tests/test_layers.py scans the other modules for path
literals), so a link to a page and the page itself cannot disagree: a pair has one canonical URL (its
ids in sorted order) because `compare` is the only way to spell it. Paths are relative to the docs
folder, as MkDocs names source files ("compare/a-vs-b.md"); `href` turns two of them into a link as a
reader's browser resolves it (pages are HTML, and MkDocs rewrites links in Markdown only).
"""

from __future__ import annotations

import posixpath
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

def address(page: str) -> str:
    """The folder a page is served from (use_directory_urls, which the plugin requires):
    "compare/a-vs-b.md" -> "compare/a-vs-b", "compare/index.md" -> "compare", "index.md" -> ""."""
    if posixpath.basename(page) == "index.md":
        return posixpath.dirname(page)
    return page[:-len(".md")]


def href(from_page: str, to_path: str) -> str:
    """A link in a page's HTML body, relative to the page's address: MkDocs rewrites links in Markdown,
    not in HTML, so this is the link as it reaches the reader. A page is linked by its address
    (`../../entities/x/`), any other file by its path (`../a-vs-b.json`); an `#anchor` is kept. The link
    depends only on the page's folder and whether it is an index: a page that links to itself gets
    `../itself/`, so the parts that a family's pages share can be built once per folder."""
    path, hash_, anchor = to_path.partition("#")
    folder, _, name = from_page.rpartition("/")
    link = _href(folder, path)
    if name != "index.md":   # served one folder deeper than its file: compare/a-vs-b.md at compare/a-vs-b/
        link = "../" if link == "./" else "../" + link
    return link + hash_ + anchor


@lru_cache(maxsize=1 << 16)   # thousands of pages share a few folders, each with ~40 links
def _href(folder: str, path: str) -> str:
    page = path.endswith(".md")
    target = address(path) if page else path
    start = folder.split("/") if folder else []
    parts = target.split("/") if target else []
    common = 0
    while common < len(start) and common < len(parts) and start[common] == parts[common]:
        common += 1
    link = "/".join([".."] * (len(start) - common) + parts[common:])
    if page:
        return link + "/" if link else "./"
    return link
