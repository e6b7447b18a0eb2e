"""Hub pages: home, all entities, all comparisons, rankings and the methodology. They are the only
generated pages in the sidebar; every detail page is reached from them."""

from __future__ import annotations

from dataclasses import dataclass

from ..charts import Bar, Bars, ChartSpec
from ..models import COMPONENTS, FACTS, SIGNALS
from ..site import Site
from ..verdict import KIND_WORDS
from .. import paths
from . import caps
from .blocks import downloads
from .chartview import view
from .spec import PageSpec


@dataclass(frozen=True)
class EntityRow:
    name: str
    link: str
    kind: str
    vendor: str
    license: str
    score: float | None
    coverage: float
    components: tuple[float | None, ...]
    comparisons: int
    id: str


@dataclass(frozen=True)
class PairRow:
    a: str
    b: str
    link: str
    kind: str
    explicit: bool


def _entity_rows(site: Site, page: str, ids: list[str] | None = None) -> list[EntityRow]:
    rows = []
    entities = site.catalog.entities
    for e in entities.values() if ids is None else (entities[i] for i in ids):
        s = site.scores[e.id]
        rows.append(EntityRow(e.name, paths.rel(page, paths.entity(e.id)), KIND_WORDS[e.kind].split(" ", 1)[1],
                              e.vendor, e.license.name, s.composite, s.coverage,
                              tuple(c.points for c in s.components), site.catalog.times_matched(e.id), e.id))
    return rows


def _pair_rows(site: Site, page: str, pairs=None) -> list[PairRow]:
    out = []
    for p in site.catalog.pairs if pairs is None else pairs:
        a, b = site.catalog.entities[p.a], site.catalog.entities[p.b]
        kind = KIND_WORDS[a.kind].split(" ", 1)[1] if a.kind == b.kind else "different kinds"
        out.append(PairRow(a.name, b.name, paths.rel(page, paths.compare(p.a, p.b)), kind, p.explicit))
    return out


def _ranked(rows: list[EntityRow]) -> list[tuple[str, list[EntityRow]]]:
    """Rankings within each kind: scores of different kinds rest on different weights."""
    kinds: dict[str, list[EntityRow]] = {}
    for r in rows:
        kinds.setdefault(r.kind, []).append(r)
    return [(k, sorted(v, key=lambda r: (r.score is None, -(r.score or 0), r.name, r.id)))
            for k, v in sorted(kinds.items())]


@dataclass(frozen=True)
class RankGroup:
    kind: str
    rows: tuple[EntityRow, ...]   # the first RANKED_ROWS of the ranking
    total: int                    # how many of this kind there are


def ranking_chart(kind: str, rows: list[EntityRow], limit: int | None = None) -> ChartSpec:
    """One bar per entity, in ranking order: the first `limit` (CHART_BARS) ranks when there are more."""
    shown = rows[:caps.CHART_BARS if limit is None else limit]
    scored = [r for r in rows if r.score is not None]
    top = scored[0] if scored else None
    first = (f"; {top.name} ranks first with {top.score:.1f}." if top else "; none has a score.")
    slug = "ranking-" + "-".join(kind.split())
    if len(shown) == len(rows):
        alt = f"Composite scores of {len(rows)} {kind}s, 0 to 100" + first
        title = f"Composite score: {kind}s"
    else:
        alt = (f"Composite scores of the {len(shown)} highest-ranked of {caps.number(len(rows))} {kind}s, 0 to 100"
               + first + f" Every score is in the entities download.")
        title = f"Composite score: the {len(shown)} highest-ranked of {caps.number(len(rows))} {kind}s"
    return ChartSpec(slug, title, alt, Bars(tuple(Bar(r.name, r.score) for r in shown), "Composite score", ""))


def _pager(pages: list[str], here: int, total: int, size: int, noun: str) -> dict | None:
    """Links between the pages of a split table: (label, link or None for this page), and what this one holds."""
    if len(pages) < 2:
        return None
    first, last = here * size + 1, min(total, (here + 1) * size)
    return {"links": tuple((str(i + 1), None if i == here else paths.rel(pages[here], p)) for i, p in enumerate(pages)),
            "text": f"Page {here + 1} of {len(pages)}: {noun} {caps.number(first)} to {caps.number(last)} "
                    f"of {caps.number(total)}."}


def plan(site: Site, planned: set[str]) -> list[PageSpec]:
    """`planned`: the paths other page families produce, so the home page links only to what exists."""
    c = site.catalog
    titles = [site.scoring.components[n].title for n in COMPONENTS]
    counts = {"entities": len(c.entities), "pairs": len(c.pairs), "faq": len(c.faq)}
    featured = [r for r in _pair_rows(site, paths.HOME) if r.explicit][:6]
    ranked = _ranked(_entity_rows(site, paths.RANKINGS))
    charts = {kind: ranking_chart(kind, rows) for kind, rows in ranked if len(rows) > 1}
    groups = [RankGroup(kind, tuple(rows[:caps.RANKED_ROWS]), len(rows)) for kind, rows in ranked]
    return [
        PageSpec(paths.HOME, "home.md.j2", "Versus: compare AI models and tools with sourced numbers",
                 "Side-by-side comparisons of AI models and tools, where every number links to its source.",
                 {"counts": counts, "featured": featured, "data_date": site.data_date.isoformat(),
                  "links": {"entities": paths.ENTITIES, "compare": paths.COMPARISONS, "rankings": paths.RANKINGS,
                            "methodology": paths.METHODOLOGY,
                            "selection": paths.SELECTION if paths.SELECTION in planned else None,
                            "troubleshooting": paths.TROUBLESHOOTING if paths.TROUBLESHOOTING in planned else None}},
                 in_nav=True),
        *_entity_pages(site, titles),
        *_pair_pages(site),
        PageSpec(paths.RANKINGS, "rankings.md.j2", "Rankings",
                 "Models and tools ranked by composite score within their kind, with the data coverage of each.",
                 {"groups": groups, "titles": titles, "charts": {k: view(c, paths.RANKINGS) for k, c in charts.items()},
                  "methodology": paths.rel(paths.RANKINGS, paths.METHODOLOGY), "data_date": site.data_date.isoformat(),
                  "entities": paths.rel(paths.RANKINGS, paths.ENTITIES),
                  "download": paths.rel(paths.RANKINGS, paths.ENTITIES_CSV)},
                 in_nav=True, charts=tuple(charts.values())),
        PageSpec(paths.METHODOLOGY, "methodology.md.j2", "Methodology: how scores are computed",
                 "The exact formulas and weights behind every Versus score.",
                 {"scoring": site.scoring, "components": COMPONENTS, "signals": SIGNALS,
                  "key_facts": {kind: [FACTS[k].label for k, spec in FACTS.items() if kind in spec.key_for]
                                for kind in KIND_WORDS},
                  "kind_words": KIND_WORDS, "data_date": site.data_date.isoformat(),
                  "how_we_measure": paths.rel(paths.METHODOLOGY, paths.HOW_WE_MEASURE)}, in_nav=True),
    ]


def _entity_pages(site: Site, titles: list[str]) -> list[PageSpec]:
    """The all-entities table, split into pages of CATALOG_PAGE_ROWS rows (one page on a small site)."""
    ids = list(site.catalog.entities)
    size = caps.CATALOG_PAGE_ROWS
    pages = paths.table_pages(paths.ENTITIES, len(ids), size)
    specs = []
    for here, page in enumerate(pages):
        rows = _entity_rows(site, page, ids[here * size:(here + 1) * size])
        pager = _pager(pages, here, len(ids), size, "models and tools")
        title = "All models and tools" + (f", page {here + 1} of {len(pages)}" if here else "")
        specs.append(PageSpec(page, "entities.md.j2", title,
                              "Every model, repository, library and app on Versus in one sortable table."
                              if pager is None else
                              f"Every model, repository, library and app on Versus, page {here + 1} of {len(pages)}.",
                              {"rows": rows, "titles": titles, "pager": pager,
                               "downloads": downloads(page),
                               "rankings": paths.rel(page, paths.RANKINGS),
                               "methodology": paths.rel(page, paths.METHODOLOGY)}, in_nav=here == 0))
    return specs


def _pair_pages(site: Site) -> list[PageSpec]:
    """The all-comparisons table, split into pages of PAIRS_PAGE_ROWS rows (one page on a small site)."""
    pairs = site.catalog.pairs
    size = caps.PAIRS_PAGE_ROWS
    pages = paths.table_pages(paths.COMPARISONS, len(pairs), size)
    specs = []
    for here, page in enumerate(pages):
        pager = _pager(pages, here, len(pairs), size, "comparisons")
        specs.append(PageSpec(page, "comparisons.md.j2",
                              "All comparisons" + (f", page {here + 1} of {len(pages)}" if here else ""),
                              "Every side-by-side comparison on Versus." if pager is None else
                              f"Every side-by-side comparison on Versus, page {here + 1} of {len(pages)}.",
                              {"rows": _pair_rows(site, page, pairs[here * size:(here + 1) * size]), "pager": pager},
                              in_nav=here == 0))
    return specs
