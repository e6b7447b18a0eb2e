"""End to end: the real `python -m generator build` on the shipped content, then the HTML of the page
the project exists for, Phi-3.5 Mini vs the Stable-Diffusion tutorial repository, section by section.

Content tests: what a page shows is checked against the content it was built from (counts, names), never
against numbers pinned here, so a pull request that adds or corrects content passes them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers_site import search_fragments

from generator.catalog import Catalog
from generator.pipeline import load

pytestmark = pytest.mark.content

ROOT = Path(__file__).resolve().parent.parent
HTML_VALIDATE = ROOT / "node_modules" / ".bin" / "html-validate"
NODE = shutil.which("node")
SEED = "compare/furkangozukara-stable-diffusion-vs-phi-3-5-mini/index.html"
SEED_PAIR = ("furkangozukara-stable-diffusion", "phi-3-5-mini")   # the page's two sides, in its order
SHOWN_CAPABILITIES = 5   # capability blocks shown before the rest collapse


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    result = load(ROOT)
    assert result.catalog is not None and result.ok
    return result.catalog


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built") / "site"
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--site-dir", str(out)], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    return out


@pytest.fixture(scope="module")
def seed(site: Path) -> BeautifulSoup:
    return BeautifulSoup((site / SEED).read_text(), "html.parser")


def _section(soup: BeautifulSoup, heading: str, text: bool = True):
    """The text of the part of the page under an h2, or (text=False) that part as a new soup."""
    h2 = next(h for h in soup.find_all("h2") if h.get_text(" ", strip=True).startswith(heading))
    parts = []
    for sib in h2.find_next_siblings():
        if sib.name == "h2":
            break
        parts.append(sib)
    if not text:
        return BeautifulSoup("".join(map(str, parts)), "html.parser")
    return " ".join(p.get_text(" ", strip=True) for p in parts)


def test_title_and_summary(seed: BeautifulSoup) -> None:
    h1 = seed.find("h1").get_text(strip=True)
    assert "Phi-3.5 Mini" in h1 and "Stable-Diffusion" in h1 and " vs " in h1
    assert "MIT license" in seed.find("article").get_text()


def test_feature_table_rows(seed: BeautifulSoup, catalog: Catalog) -> None:
    table = seed.find("table")
    rows = {tr.find_all(["td", "th"])[0].get_text(" ", strip=True): [c.get_text(" ", strip=True)
            for c in tr.find_all(["td", "th"])[1:]] for tr in table.find_all("tr")[1:]}
    for label in ("Type", "Composite score", "Pricing", "License", "Capabilities",
                  "Times matched (comparison pages)", "Parameters", "Context window"):
        assert label in rows, label
    assert any(k.startswith("Adoption") for k in rows) and any(k.startswith("Freshness") for k in rows)
    assert rows["Type"] == ["repository", "language model"]
    sides = [catalog.entities[i] for i in SEED_PAIR]
    assert rows["Capabilities"] == [str(len(e.capabilities)) for e in sides]
    assert "/ 100" in rows["Composite score"][1] and "weight" in rows["Composite score"][1]
    # missing data is shown as missing, never as zero
    adoption = next(v for k, v in rows.items() if k.startswith("Adoption"))
    for cell, entity in zip(adoption, sides):
        assert (cell == "no data") == (not entity.signals), (entity.id, cell)
    assert rows["Parameters"][0] == "not applicable"


def test_every_fact_in_the_table_cites_a_source_and_a_date(seed: BeautifulSoup) -> None:
    table = seed.find("table")
    for tr in table.find_all("tr")[1:]:
        label = tr.find_all("td")[0].get_text(strip=True)
        if label in ("Parameters", "Context window", "License", "Released"):
            for cell in tr.find_all("td")[1:]:
                text = cell.get_text(" ", strip=True)
                if text not in ("not applicable", "no data"):
                    link = cell.find("a", href=re.compile(r"^#source-\d+$"))
                    assert link is not None, (label, text)
                    assert seed.find(id=link["href"][1:]) is not None


def test_capability_blocks_show_five_and_collapse_the_rest(seed: BeautifulSoup, catalog: Catalog) -> None:
    sides = [catalog.entities[i] for i in SEED_PAIR]
    details = seed.find_all("details")
    summaries = sorted(d.find("summary").get_text(strip=True) for d in details
                       if "capabilities" in d.find("summary").get_text())
    assert summaries == sorted(f"+{len(e.capabilities) - SHOWN_CAPABILITIES} more capabilities" for e in sides
                               if len(e.capabilities) > SHOWN_CAPABILITIES)
    for entity in sides:
        h2 = next(h for h in seed.find_all("h2") if h.get_text(strip=True).startswith(f"What {entity.name}"))
        shown = []
        for sib in h2.find_next_siblings():
            if sib.name in ("h2", "details"):
                break
            if sib.name == "h3":
                shown.append(sib)
        assert len(shown) == min(SHOWN_CAPABILITIES, len(entity.capabilities))
    assert "Compared with" in seed.get_text()


def test_verdict_says_different_jobs_and_links_counterparts(seed: BeautifulSoup, catalog: Catalog) -> None:
    verdict = seed.find(class_="admonition")
    text = verdict.get_text(" ", strip=True)
    assert "different jobs" in text.lower()
    assert "leads overall" not in text and "scores higher" not in text     # no score contest across kinds
    look = _section(seed, "Where to look instead")
    for entity in (catalog.entities[i] for i in SEED_PAIR):
        if entity.alternatives:             # a model: its alternatives, by name
            assert all(catalog.entities[i].name in look for i in entity.alternatives if i in catalog.entities)
        else:                               # the tutorial repository: what it works with
            assert f"Works with for {entity.name}" in look
            assert any(catalog.entities[i].name in look for i in catalog.linked.get(entity.id, ()))


def test_sources_and_newest_date(seed: BeautifulSoup) -> None:
    sources = seed.find("ol", class_="sources")
    items = sources.find_all("li")
    assert len(items) >= 5
    for li in items:
        assert li.find("a")["href"].startswith("https://")
        assert re.search(r"retrieved \d{4}-\d{2}-\d{2}", li.get_text())
    assert re.search(r"Newest fact on this page: \d{4}-\d{2}-\d{2}", seed.get_text())


def test_scores_and_shared_benchmarks_carry_bars_not_drawn_charts(seed: BeautifulSoup, site: Path) -> None:
    # A two-way comparison draws its bars in the table (CSS, 5% steps): no per-pair chart to draw.
    assert seed.find("figure", class_="chart") is None
    table = _section(seed, "Side by side", text=False).find("table")
    composite = next(tr for tr in table.find_all("tr") if tr.find("td") and
                     tr.find("td").get_text() == "Composite score")
    for td in composite.find_all("td")[1:]:
        score = float(td.get_text().split(" / ")[0].split(" ± ")[0])
        bar = td.find("span", class_="bar")
        assert bar["aria-hidden"] == "true" and bar.get_text() == ""
        assert f"bar-{5 * round(score / 5)}" in bar["class"]
    missing = [td for td in table.find_all("td") if td.get_text(strip=True) == "no data"]
    assert missing and all(td.find("span", class_="bar") is None for td in missing)  # no bar for no data
    pair = BeautifulSoup((site / "compare/llama-3-1-8b-vs-phi-3-5-mini/index.html").read_text(), "html.parser")
    rows = _section(pair, "Benchmarks side by side", text=False).find("table").find_all("tr")[1:]
    assert rows
    for tr in rows:
        widths = [int(c[4:]) for td in tr.find_all("td")[2:4] for c in td.find("span", class_="bar")["class"]
                  if c.startswith("bar-")]
        assert max(widths) == 100      # relative to the larger of the two


def test_selection_pages_show_verdicts_for_every_tier(site: Path) -> None:
    for task in ("text-generation", "image-generation"):
        soup = BeautifulSoup((site / "selection" / task / "index.html").read_text(), "html.parser")
        text = soup.get_text(" ")
        headers = [th.get_text(strip=True) for th in soup.select(".tier-table thead th")]
        assert headers[1:] == [f"{t} GB" for t in (8, 12, 16, 24, 32, 48, 80)]
        assert soup.select(".tier-table tbody tr") and "estimated" in text
        assert "What to run at each size" in text
    method = BeautifulSoup((site / "selection" / "method" / "index.html").read_text(), "html.parser").get_text(" ")
    assert "Estimates against measurements" in method and "cases are within 15%" in method
    data = json.loads((site / "downloads" / "selection-calculator.json").read_text())
    assert data["models"] and data["devices"] and set(data["efficiency"]) >= {"value", "fixed_ms"}
    header = (site / "downloads" / "selection-fits.csv").read_text().splitlines()[0].split(",")
    assert {"weight_format", "kv_cache", "context", "need_gb"} <= set(header)


def test_pages_link_their_machine_readable_twins(seed: BeautifulSoup, site: Path) -> None:
    page_dir = site / "compare/furkangozukara-stable-diffusion-vs-phi-3-5-mini"
    for suffix in (".json", ".csv"):
        link = seed.find("a", href=re.compile(re.escape(suffix) + "$"), string=suffix[1:].upper())
        assert link is not None, suffix
        assert (page_dir / link["href"]).resolve().is_file()
    data = json.loads((site / "compare/furkangozukara-stable-diffusion-vs-phi-3-5-mini.json").read_text())
    assert data["a"] == "furkangozukara-stable-diffusion" and data["requested"] is True
    assert (site / "downloads/benchmarks.csv").read_text().count("\n") > 100


def test_all_hubs_and_every_pair_page_exist(site: Path) -> None:
    for hub in ("index.html", "entities/index.html", "compare/index.html", "rankings/index.html",
                "methodology/index.html", "troubleshooting/index.html", "selection/index.html",
                "benchmarks/index.html"):
        assert (site / hub).exists(), hub
    hub = BeautifulSoup((site / "compare/index.html").read_text(), "html.parser")
    links = {a["href"] for a in hub.select("article a") if "-vs-" in a.get("href", "")}
    assert len(links) >= 40
    for href in links:
        assert (site / "compare" / href / "index.html").exists(), href


def test_generated_detail_pages_stay_out_of_the_sidebar(site: Path) -> None:
    home = BeautifulSoup((site / "index.html").read_text(), "html.parser")
    nav = home.find("nav", class_="md-nav--primary")
    assert nav is not None
    assert not nav.find("a", href=re.compile(r"-vs-"))
    assert not nav.find("a", href=re.compile(r"entities/[a-z0-9-]+/"))


def test_search_finds_a_comparison_by_its_title_and_verdict_only(site: Path) -> None:
    # The body of a comparison repeats the two entity pages; indexing it would return every pair for
    # every query and make the index grow ~20 KB per pair (benchmarks/SCALE.md).
    indexed = search_fragments(site)
    pairs = [p.name for p in (site / "compare").iterdir() if p.is_dir()]
    for name in pairs:
        page = indexed[f"/compare/{name}/"]
        assert " vs " in page["meta"]["title"] and "Verdict" in page["content"], name
    seed = indexed["/compare/furkangozukara-stable-diffusion-vs-phi-3-5-mini/"]["content"]
    assert "Composite score" not in seed and "retrieved" not in seed
    entity = indexed["/entities/phi-3-5-mini/"]["content"]
    assert "Composite score" in entity or "License" in entity   # indexed in full
    # only the article: no navigation, header or footer text
    assert "Made with" not in entity and "Skip to content" not in entity

@pytest.mark.skipif(not (NODE and HTML_VALIDATE.exists()),
                    reason="html-validate is not installed: run `make html-validate` (needs npm)")
def test_every_page_is_valid_html(site: Path) -> None:
    # html-validate's `standard` preset: the HTML standard's rules without the stylistic ones. Material's
    # own markup broke two of them on every page (site_templates/overrides: base.html, nav-item.html).
    report = site.parent / "html-validate.json"
    pages = sorted(str(p) for p in site.rglob("*.html"))
    proc = subprocess.run([str(HTML_VALIDATE), "--preset", "standard", "--formatter", f"json={report}", *pages],
                          capture_output=True, text=True, timeout=900)
    assert report.exists(), proc.stdout + proc.stderr
    found = [f"{Path(f['filePath']).relative_to(site)}:{m['line']}:{m['column']}: {m['ruleId']}: {m['message']}"
             for f in json.loads(report.read_text()) for m in f["messages"]]
    assert found == [], f"{len(found)} problems, the first ones:\n" + "\n".join(found[:20])
    assert proc.returncode == 0, proc.stdout + proc.stderr
