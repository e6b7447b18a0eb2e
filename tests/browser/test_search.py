"""Search as a reader uses it: type into the header box (Material's, on Pagefind), read the first results.

The FAQ promises "paste your error into the search box": every entry's error text (its first line, up
to 80 characters) must put that entry first. Code identifiers must be found whole and by their parts
(generator/markup.py `search_words` gives the index their parts), without one part dragging in every page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from browser_site import HOME, ROOT, Tab, open_tab
from helpers_site import search_fragments

pytestmark = pytest.mark.browser

FAQ = ROOT / "content" / "faq"
QUERY_CHARS = 80
FIRST_RESULTS = 10   # Material renders the first ten results at once; more load as the reader scrolls


def faq_entries() -> list[tuple[str, str, str]]:
    """(query, entry id, expected location) for every FAQ entry: the error's first line, <= 80 chars."""
    out = []
    for path in sorted(FAQ.glob("*.yaml")):
        entry = yaml.safe_load(path.read_text(encoding="utf-8"))
        line = entry["error"].strip().splitlines()[0].strip()
        query = line if len(line) <= QUERY_CHARS else line[:QUERY_CHARS].rsplit(" ", 1)[0]
        out.append((query, entry["id"], f"/troubleshooting/{entry['category']}/#{entry['id']}"))
    return out


def location(entry_id: str) -> str:
    for _, eid, where in faq_entries():
        if eid == entry_id:
            return where
    raise AssertionError(f"no FAQ entry {entry_id!r} in {FAQ}")


# Error texts as readers paste them, and identifiers whole and in parts: (query, FAQ entry id).
PASTED = [
    ("torch.cuda.OutOfMemoryError: CUDA out of memory", "cuda-out-of-memory"),
    ("Torch not compiled with CUDA enabled", "torch-not-compiled-with-cuda"),
    ("KeyError: 'qwen2'", "transformers-keyerror-qwen2"),
    ("safetensors_rust.SafetensorError: Error while deserializing header: HeaderTooLarge",
     "safetensors-header-too-large"),
    ("NansException: A tensor with all NaNs was produced in VAE", "nans-in-vae"),
    ("RuntimeError: Torch is not able to use GPU; add --skip-torch-cuda-test", "torch-cannot-use-gpu"),
]
IDENTIFIERS = [
    ("torch.cuda.OutOfMemoryError", "cuda-out-of-memory"),        # dotted, whole
    ("OutOfMemoryError", "cuda-out-of-memory"),                   # its last part
    ("PYTORCH_CUDA_ALLOC_CONF", "cuda-out-of-memory"),            # underscored, whole
    ("ALLOC_CONF", "cuda-out-of-memory"),                         # a part
    ("PYTORCH_ENABLE_MPS_FALLBACK", "mps-operator-not-implemented"),
    ("MPS_FALLBACK", "mps-operator-not-implemented"),
    ("safetensors_rust.SafetensorError", "safetensors-header-too-large"),
    ("HeaderTooLarge", "safetensors-header-too-large"),
    ("--skip-torch-cuda-test", "torch-cannot-use-gpu"),           # a command-line flag
    ("attn_implementation='eager'", "phi3-flash-attention-window-size"),
]


class Search:
    """The header search box of one open page, reused across queries (Pagefind loads once)."""

    def __init__(self, tab: Tab):
        self.tab = tab
        self.page = tab.page
        self.box = self.page.locator("input.md-search__input")
        self.meta = self.page.locator(".md-search-result__meta")

    def open(self) -> None:
        self.tab.goto(HOME)
        self.box.click()

    def query(self, text: str, typed: bool = False) -> list[dict]:
        """Run a query; return the result groups, each {"page", "first", "links"} as site paths."""
        self.box.fill("")
        if typed:
            self.box.press_sequentially(text)
        else:
            self.box.fill(text)
        # The results element names the query its contents answer (assets/javascripts/search.js), so
        # what is read below answers the last thing typed, not an earlier keystroke.
        self.page.wait_for_function(
            "q => document.querySelector('.md-search-result').dataset.query === q.trim()", arg=text,
            timeout=20_000)
        groups = self.page.evaluate("""() => [...document.querySelectorAll('li.md-search-result__item')].map(li =>
            [...li.querySelectorAll(':scope > a.md-search-result__link')].map(a => a.href))""")
        out = []
        for links in groups:
            paths = [self.tab.path_of(h) for h in links]
            # The page comes first; then the sections that scored best. The best section, if any,
            # is what the reader sees as the top hit of this result.
            out.append({"page": paths[0], "first": paths[1] if len(paths) > 1 else paths[0], "links": paths})
        return out

    def count(self) -> int:
        text = self.meta.text_content() or ""
        if text.strip().startswith("No matching"):
            return 0
        return int(text.split()[0])


@pytest.fixture(scope="module")
def search(chromium, base_url) -> Search:
    tab = open_tab(chromium, base_url)
    s = Search(tab)
    s.open()
    yield s
    assert tab.problems.all() == [], "console errors or failed requests while searching"
    tab.context.close()


def test_entity_found_by_name(search):
    results = search.query("Phi-3.5", typed=True)
    pages = [r["page"] for r in results[:FIRST_RESULTS]]
    assert pages[0] == "/entities/phi-3-5-mini/", pages   # entity pages carry a search boost
    # And before any other model's page (Phi-3 Mini shares "phi" but not "3.5").
    entities = [p for p in pages if p.startswith("/entities/") and p != "/entities/"]
    assert entities[0] == "/entities/phi-3-5-mini/", entities


@pytest.mark.parametrize(("query", "entry_id", "where"), faq_entries(), ids=[e[1] for e in faq_entries()])
def test_faq_entry_first_for_its_error_text(search, query, entry_id, where):
    results = search.query(query)
    assert results, f"no results for {query!r}"
    assert results[0]["first"] == where, f"{query!r}: first result {results[0]['first']}, expected {where}"


@pytest.mark.parametrize(("query", "entry_id"), PASTED + IDENTIFIERS, ids=[q for q, _ in PASTED + IDENTIFIERS])
def test_faq_entry_first_for_pasted_text_and_identifiers(search, query, entry_id):
    where = location(entry_id)
    results = search.query(query)
    assert results, f"no results for {query!r}"
    assert results[0]["first"] == where, f"{query!r}: first result {results[0]['first']}, expected {where}"


def test_separator_does_not_over_match(search):
    # CamelCase is not split: one rare word, not "out", "of", "memory", "error" across the site.
    search.query("OutOfMemoryError")
    assert search.count() <= 3, f"OutOfMemoryError matched {search.count()} documents"
    # A version number is one word: "3.5" must match fewer documents than "5" alone.
    search.query("3.5")
    version = search.count()
    search.query("5")
    assert 0 < version < search.count()


def test_every_faq_entry_is_in_the_index(site_dir: Path):
    # A guard for the tests above: the FAQ pages are built and searchable (not excluded from search),
    # every entry a section of its own (its heading's id is an anchor Pagefind links to).
    indexed = search_fragments(site_dir)
    for _, entry_id, where in faq_entries():
        page, anchor = where.split("#")
        assert page in indexed, f"{page} is not in the search index"
        assert anchor in [a["id"] for a in indexed[page]["anchors"]], f"{entry_id} is not a section in the index"


def test_a_page_load_downloads_no_search_index(tab):
    # Pagefind loads when the reader starts a search, never with the page (the lunr index did, whole).
    requested: list[str] = []
    tab.page.on("request", lambda r: requested.append(r.url))
    tab.goto(HOME)
    tab.settle()
    assert [u for u in requested if "/pagefind/" in u] == []
    tab.page.keyboard.press("s")
    tab.page.wait_for_function("() => document.activeElement.classList.contains('md-search__input')")
    tab.page.wait_for_load_state("networkidle")
    assert any(u.endswith("/pagefind/pagefind.js") for u in requested)
