"""Hub charts and hub tables stay bounded as the catalog grows: a chart shows at most a fixed number of
entries, picked by a stated rule and saying so; a table is capped with "N of M" and a link to the full
data, or split into pages that each hold a fixed number of rows. Small catalogs are not capped at all
(the golden pages check that they do not change)."""

from __future__ import annotations

import math
import re

import pytest

from generator import paths
from generator.charts import Bars, Pareto
from generator.pages import caps, hubs
from generator.pages.plan import plan
from generator.pipeline import load
from generator.render import render


# Caps far below the synthetic catalog, so that a small, fast site exercises every one of them.
SMALL = {"CHART_BARS": 5, "PARETO_FRONTIER": 3, "PARETO_OTHERS": 2, "RANKED_ROWS": 10, "SELECTION_ROWS": 8,
         "FRONTIER_ROWS": 4, "BEATEN_ROWS": 3, "LIST_NAMES": 4, "NOTE_NAMES": 2, "BENCHMARK_ENTITIES": 7,
         "CATALOG_PAGE_ROWS": 40, "PAIRS_PAGE_ROWS": 100}


@pytest.fixture(scope="module")
def sites(scale, tmp_path_factory):
    """Synthetic sites of 120 and 240 entities (60% language models)."""
    out = {}
    for n in (120, 240):
        synth = scale.synthesize(tmp_path_factory.mktemp(f"caps{n}") / "project", n)
        result = load(synth.root)
        assert result.site is not None, [d.format() for d in result.diagnostics]
        out[n] = result.site
    return out


@pytest.fixture
def small_caps(monkeypatch):
    for name, value in SMALL.items():
        monkeypatch.setattr(caps, name, value)


def by_path(specs):
    return {s.path: s for s in specs}


# ---- the rule -----------------------------------------------------------------------------------------

def row(i: int, score: float | None, name: str | None = None) -> hubs.EntityRow:
    return hubs.EntityRow(name or f"M{i:03d}", f"m{i}.md", "language model", "V", "MIT", score, 1.0, {}, 0, f"m{i:03d}",
                          "model", "model:text-generation", 2.0, None if score is None else (score - 2, score + 2))


def test_a_ranking_chart_over_the_cap_shows_the_top_ranks_and_says_of_how_many() -> None:
    rows = [row(i, None if i % 7 == 0 else float(i % 50)) for i in range(60)]
    ranked = hubs._ranked(rows)[0][1]
    spec = hubs.ranking_chart("language model", ranked)
    assert isinstance(spec.data, Bars)
    assert len(spec.data.bars) == caps.CHART_BARS
    assert [b.label for b in spec.data.bars] == [r.name for r in ranked[:caps.CHART_BARS]]
    scores = [b.value for b in spec.data.bars]
    assert None not in scores and scores == sorted(scores, reverse=True)
    assert f"the {caps.CHART_BARS} highest-ranked of 60 language models" in spec.title
    assert f"the {caps.CHART_BARS} highest-ranked of 60 language models" in spec.alt


def test_a_ranking_chart_under_the_cap_is_unchanged() -> None:
    ranked = hubs._ranked([row(i, float(i)) for i in range(10)])[0][1]
    spec = hubs.ranking_chart("language model", ranked)
    assert len(spec.data.bars) == 10
    assert spec.title == "Composite score: language models"
    assert spec.alt == ("Composite scores of 10 language models, 0 to 100, each with its margin; M009 ranks first "
                        "with 9.0 ± 2.0.")
    assert spec.data.bars[0].interval == (7.0, 11.0)


def test_ties_in_the_ranking_are_broken_by_name_then_id() -> None:
    rows = [row(3, 50.0, "Same"), row(1, 50.0, "Same"), row(2, 50.0, "Alpha"), row(4, None, "Aaa")]
    assert [r.id for r in hubs._ranked(rows)[0][1]] == ["m002", "m001", "m003", "m004"]


def test_by_score_puts_missing_scores_last_and_breaks_ties_by_id(sites) -> None:
    site = sites[120]
    ids = list(site.catalog.entities)
    order = caps.by_score(ids, site.scores)
    assert sorted(order) == sorted(ids)
    keys = [(site.scores[i].composite is None, -(site.scores[i].composite or 0), i) for i in order]
    assert keys == sorted(keys)


# ---- the synthetic site with small caps -------------------------------------------------------------------

def test_every_hub_chart_is_capped(sites, small_caps) -> None:
    site = sites[120]
    specs = by_path(plan(site))
    charts = {c.slug: c for s in specs.values() if not s.path.startswith("compare/") for c in s.charts}
    assert Bars in {type(c.data) for c in charts.values()}
    for slug, chart in charts.items():
        d = chart.data
        if isinstance(d, Bars):
            assert len(d.bars) == SMALL["CHART_BARS"], slug
            assert re.search(r"the 5 highest-ranked of \d+ ", chart.title), chart.title
        elif isinstance(d, Pareto):
            assert len(d.points) <= SMALL["PARETO_FRONTIER"] + SMALL["PARETO_OTHERS"], slug
            assert re.search(r"\d+ of \d+ models", chart.title), chart.title


def test_the_selection_page_tables_are_capped_and_say_so(sites, small_caps) -> None:
    site = sites[120]
    spec = by_path(plan(site))["selection/text-generation.md"]
    page = spec.view
    llms = {r.entity_id for r in site.selection.fits if r.task == "text-generation"}
    assert len(page.fit_lines) == SMALL["SELECTION_ROWS"] and f"of {len(llms)} models" in page.fit_note
    want = sorted(caps.by_score(llms, site.scores)[:SMALL["SELECTION_ROWS"]])
    assert [l.link for l in page.fit_lines] == [f"../../entities/{i}/" for i in want]   # listed by id
    assert len(page.frontier) <= SMALL["FRONTIER_ROWS"] + SMALL["BEATEN_ROWS"]
    for line in page.frontier:
        assert line.note.count(",") < SMALL["NOTE_NAMES"], line.note
    text = render([spec])[spec.path]
    assert f"The table shows the {SMALL['SELECTION_ROWS']} highest-scored of {len(llms)} models" in text
    assert 'href="../../downloads/selection-fits.csv"' in text


def test_rankings_and_the_benchmarks_hub_are_capped_with_a_link_to_everything(sites, small_caps) -> None:
    site = sites[120]
    specs = by_path(plan(site))
    rankings = specs["rankings.md"]
    for g in rankings.view.groups:
        assert len(g.rows) == min(int(g.total.replace(",", "")), SMALL["RANKED_ROWS"])
    text = render([rankings])["rankings.md"]
    assert re.search(r"The 10 highest-ranked of \d+ language models", text)
    assert 'href="../downloads/entities.csv"' in text
    hub = specs["benchmarks/index.md"]
    assert len(hub.view.entities) == SMALL["BENCHMARK_ENTITIES"]
    measured = sorted({r.entity for r in site.benchmarks.rows})
    want = sorted(caps.by_score(measured, site.scores)[:SMALL["BENCHMARK_ENTITIES"]])
    assert [e.link for e in hub.view.entities] == [f"../entities/{i}/" for i in want]
    text = render([hub])[hub.path]
    assert f"The figures of the 7 highest-scored of {len(measured)} models" in text
    assert 'href="../downloads/benchmarks.csv"' in text


@pytest.mark.parametrize("hub, folder, size, count", [
    ("entities/index.md", "entities", "CATALOG_PAGE_ROWS", lambda site: len(site.catalog.entities)),
    ("compare/index.md", "compare", "PAIRS_PAGE_ROWS", lambda site: len(site.catalog.pairs)),
])
def test_the_catalog_tables_are_split_into_pages_holding_everything_once(sites, small_caps, hub, folder, size,
                                                                        count) -> None:
    site = sites[120]
    specs = by_path(plan(site))
    total, per = count(site), SMALL[size]
    n = math.ceil(total / per)
    assert n > 1
    pages = [hub] + [f"{folder}/pages/{i}.md" for i in range(2, n + 1)]
    assert {p for p in specs if p == hub or p.startswith(f"{folder}/pages/")} == set(pages)
    assert [specs[p].in_nav for p in pages] == [True] + [False] * (n - 1)
    rows = [r for p in pages for r in specs[p].view.rows]
    assert len(rows) == total and all(len(specs[p].view.rows) <= per for p in pages)
    texts = render([specs[p] for p in pages])
    for i, p in enumerate(pages):
        assert f"Page {i + 1} of {n}:" in texts[p]
        assert f"<strong>{i + 1}</strong>" in texts[p]
    # every link of every pager resolves to one of the pages
    for i, p in enumerate(pages):
        for link in specs[p].view.pager.links:
            if link.link:
                assert paths.href(p, pages[int(link.name) - 1]) == link.link


def test_hub_pages_do_not_grow_with_the_catalog(sites, small_caps) -> None:
    """Twice the entities: the capped hub pages stay about the same size (names grow a digit at most)."""
    sizes = {}
    for n, site in sites.items():
        specs = [s for s in plan(site) if s.path in ("rankings.md", "selection/text-generation.md",
                                                     "selection/image-generation.md", "benchmarks/index.md",
                                                     "entities/index.md", "compare/index.md")]
        sizes[n] = {p: len(t) for p, t in render(specs).items()}
    for path, small in sizes[120].items():
        assert sizes[240][path] < 1.3 * small, (path, small, sizes[240][path])


def test_capped_pages_are_deterministic(sites, small_caps) -> None:
    site = sites[120]
    first = render(plan(site))
    second = render(plan(site))
    assert first == second


def test_the_default_caps_leave_a_small_catalog_whole(scale, tmp_path) -> None:
    synth = scale.synthesize(tmp_path / "project", 30)
    site = load(synth.root).site
    specs = by_path(plan(site))
    assert not any("/pages/" in p for p in specs)
    for g in specs["rankings.md"].view.groups:
        assert not g.capped and str(len(g.rows)) == g.total
    page = specs["selection/text-generation.md"].view
    assert len(page.fit_lines) == len({r.entity_id for r in site.selection.fits if r.task == "text-generation"})
    text = "".join(render([specs[p] for p in ("rankings.md", "selection/text-generation.md",
                                              "benchmarks/index.md")]).values())
    assert "highest-scored" not in text and "highest-ranked" not in text
