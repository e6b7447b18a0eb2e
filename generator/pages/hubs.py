"""Hub pages: home, all entities, all comparisons, rankings and the methodology. They are the only
generated pages in the sidebar; every detail page is reached from them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .. import paths
from ..catalog import Pair
from ..charts import Bar, Bars, ChartSpec
from ..models import COMPONENTS, FACTS, SIGNALS
from ..models.benchmark import METRICS
from ..models.entity import EntityType
from ..picks import RuleRow, describe, join_words
from ..site import Site
from ..verdict import KIND_PLURALS, KIND_WORDS, kind_noun
from . import caps, numbers
from .blocks import Downloads, Labelled, Link, WeightFields, downloads, weight_controls
from .chartview import ChartView, view
from .spec import PageSpec, PageView


@dataclass(frozen=True)
class EntityRow:
    """An entity as the hubs rank and chart it (numbers, not text yet)."""
    name: str
    link: str
    kind: str
    vendor: str
    license: str
    score: float | None
    coverage: float
    components: dict[str, float | None]   # the components its type weighs, by name: points or None (no data)
    comparisons: int
    id: str
    type: EntityType = "model"
    kind_key: str = "model:text-generation"
    margin: float = 0.0
    interval: tuple[float, float] | None = None


@dataclass(frozen=True)
class EntityLine:
    """An entity as a table row shows it."""
    name: str
    link: str
    kind: str
    vendor: str
    license: str
    score: str
    margin: str
    coverage: str
    components: tuple[str, ...]   # in the order of its ranking group's columns
    comparisons: str


def _line(r: EntityRow, names: Sequence[str] = ()) -> EntityLine:
    margin = numbers.NO_DATA if r.score is None else numbers.points(r.margin)
    return EntityLine(r.name, r.link, r.kind, r.vendor, r.license, numbers.points(r.score), margin,
                      numbers.percent(r.coverage), tuple(numbers.points(r.components.get(n)) for n in names),
                      str(r.comparisons))


@dataclass(frozen=True)
class PairLine:
    a: str
    b: str
    link: str
    kind: str
    origin: str       # "requested" or "match graph"


@dataclass(frozen=True)
class Pager:
    """Links between the pages of a split table, and what this page holds."""
    text: str
    links: tuple[Link, ...]   # one per page; "" as the link of this page


@dataclass(frozen=True)
class HomeLinks:
    entities: str
    compare: str
    rankings: str
    methodology: str
    selection: str            # "" when the site has no such page
    troubleshooting: str


@dataclass(frozen=True)
class HomePage(PageView):
    TEMPLATE = "home.html.j2"
    entities: str
    pairs: str
    faq: str
    data_date: str
    links: HomeLinks
    featured: tuple[Link, ...]


@dataclass(frozen=True)
class EntitiesPage(PageView):
    TEMPLATE = "entities.html.j2"
    rows: tuple[EntityLine, ...]
    pager: Pager | None
    downloads: Downloads
    rankings: str
    methodology: str


@dataclass(frozen=True)
class ComparisonsPage(PageView):
    TEMPLATE = "comparisons.html.j2"
    rows: tuple[PairLine, ...]
    pager: Pager | None


@dataclass(frozen=True)
class RankGroup:
    kind: str
    heading: str
    chart: ChartView | None
    columns: tuple[str, ...]      # the components its type weighs: "Title (30%)"
    rows: tuple[EntityLine, ...]  # the first RANKED_ROWS of the ranking
    capped: bool                  # fewer rows than entities of this kind
    shown: str
    total: str
    plural: str


@dataclass(frozen=True)
class RankingsPage(PageView):
    TEMPLATE = "rankings.html.j2"
    groups: tuple[RankGroup, ...]
    controls: tuple[WeightFields, ...]     # the reader's-weights form
    twin: str                              # the page's JSON twin, which the form reads
    data_date: str
    methodology: str
    entities: str
    download: str


@dataclass(frozen=True)
class WeightRow:
    type: str
    weights: tuple[str, ...]      # one per component, in COMPONENTS order ("–" where the type does not weigh it)


@dataclass(frozen=True)
class VocabularyView:
    name: str
    terms: tuple[Labelled, ...]            # term, its spellings


@dataclass(frozen=True)
class MethodologyPage(PageView):
    TEMPLATE = "methodology.html.j2"
    rules: tuple[RuleRow, ...]             # the use cases, from content/use_cases.yaml (empty without it)
    jobs: tuple[Labelled, ...]             # kind, what it is for
    vocabularies: tuple[VocabularyView, ...]
    components: tuple[Labelled, ...]       # title, description
    component_titles: tuple[str, ...]      # in COMPONENTS order: the weights table's columns
    adoption_full_at: tuple[Labelled, ...]  # signal, the raw count that scores 100
    ecosystem_full_at: str
    platforms: str                         # the vocabulary counted, and the count that scores 100
    benchmark_metrics: str
    speed_metrics: str
    openness: str
    half_life: str
    maintenance_half_life: str
    quality_checks: tuple[Labelled, ...]   # description, points
    key_facts: tuple[Labelled, ...]        # kind, its key facts
    weights: tuple[WeightRow, ...]
    margin_base: str
    margin_per_missing_weight: str
    margin_per_missing_evidence: str
    data_date: str
    how_we_measure: str


def _entity_rows(site: Site, page: str, ids: list[str] | None = None) -> list[EntityRow]:
    rows = []
    entities = site.catalog.entities
    for e in entities.values() if ids is None else (entities[i] for i in ids):
        s = site.scores[e.id]
        rows.append(EntityRow(e.name, paths.href(page, paths.entity(e.id)), kind_noun(e),
                              e.vendor, e.license.name, s.composite, s.coverage,
                              {c.name: c.points for c in s.components}, site.catalog.times_matched(e.id), e.id,
                              e.type, str(e.kind), s.margin, s.interval))
    return rows


def _pair_lines(site: Site, page: str, pairs: Sequence[Pair]) -> tuple[PairLine, ...]:
    out = []
    for p in pairs:
        a, b = site.catalog.entities[p.a], site.catalog.entities[p.b]
        kind = kind_noun(a) if a.kind == b.kind else "different kinds"
        out.append(PairLine(a.name, b.name, paths.href(page, paths.compare(p.a, p.b)), kind,
                            "requested" if p.explicit else "match graph"))
    return tuple(out)


def _ranked(rows: list[EntityRow]) -> list[tuple[str, list[EntityRow]]]:
    """Rankings within each kind: scores of different kinds rest on different weights."""
    kinds: dict[str, list[EntityRow]] = {}
    for r in rows:
        kinds.setdefault(r.kind, []).append(r)
    return [(k, sorted(v, key=lambda r: (r.score is None, -(r.score or 0), r.name, r.id)))
            for k, v in sorted(kinds.items())]


def ranking_chart(kind: str, rows: list[EntityRow], limit: int | None = None) -> ChartSpec:
    """One bar per entity, in ranking order, with its margin as a whisker: the first `limit` (CHART_BARS)
    ranks when there are more."""
    shown = rows[:caps.CHART_BARS if limit is None else limit]
    scored = [r for r in rows if r.score is not None]
    top = scored[0] if scored else None
    plural = KIND_PLURALS.get(rows[0].kind_key, f"{kind}s") if rows else f"{kind}s"
    first = (f"; {top.name} ranks first with {numbers.score_with_margin(top.score, top.margin)}." if top
             else "; none has a score.")
    slug = "ranking-" + "-".join(kind.split())
    if len(shown) == len(rows):
        alt = f"Composite scores of {len(rows)} {plural}, 0 to 100, each with its margin" + first
        title = f"Composite score: {plural}"
    else:
        alt = (f"Composite scores of the {len(shown)} highest-ranked of {numbers.count(len(rows))} {plural}, 0 to 100, "
               f"each with its margin" + first + " Every score is in the entities download.")
        title = f"Composite score: the {len(shown)} highest-ranked of {numbers.count(len(rows))} {plural}"
    return ChartSpec(slug, title, alt, Bars(tuple(Bar(r.name, r.score, r.interval) for r in shown),
                                            "Composite score (whiskers: its margin)", ""))


def _pager(pages: list[str], here: int, total: int, size: int, noun: str) -> Pager | None:
    if len(pages) < 2:
        return None
    first, last = here * size + 1, min(total, (here + 1) * size)
    return Pager(f"Page {here + 1} of {len(pages)}: {noun} {numbers.count(first)} to {numbers.count(last)} "
                 f"of {numbers.count(total)}.",
                 tuple(Link(str(i + 1), "" if i == here else paths.href(pages[here], p)) for i, p in enumerate(pages)))


def _methodology(site: Site) -> MethodologyPage:
    s = site.scoring
    rules = site.use_cases
    return MethodologyPage(
        rules=tuple(describe(case, rules) for case in rules.use_cases) if rules else (),
        jobs=tuple(Labelled(KIND_WORDS[k], job.phrase) for k, job in rules.jobs.items()) if rules else (),
        vocabularies=tuple(VocabularyView(name, tuple(Labelled(t.label, ", ".join(t.match)) for t in terms.values()))
                           for name, terms in rules.vocabularies.items()) if rules else (),
        components=tuple(Labelled(s.components[n].title, s.components[n].description) for n in COMPONENTS),
        component_titles=tuple(s.components[n].title for n in COMPONENTS),
        adoption_full_at=tuple(Labelled(SIGNALS[name], f"{sat.full_at:,.0f}") for name, sat in s.adoption.items()),
        ecosystem_full_at=f"{s.ecosystem.full_at:,.0f}",
        platforms=f"the `{s.platforms.vocabulary}` vocabulary, 100 at {s.platforms.full_at} platforms",
        benchmark_metrics=join_words([METRICS[m].label for m in s.benchmarks.metrics]),
        speed_metrics=join_words([METRICS[m].label for m in s.speed.metrics]),
        openness=(f"downloadable weights {numbers.plain(s.openness.open_weights)}, closed weights "
                  f"{numbers.plain(s.openness.closed_weights)}; commercial use "
                  + ", ".join(f"{term} {numbers.plain(v)}" for term, v in s.openness.commercial_use.items())),
        half_life=str(s.freshness_half_life_days),
        maintenance_half_life=str(s.maintenance_half_life_days),
        quality_checks=tuple(Labelled(q.description, numbers.plain(q.points)) for q in s.quality_checks),
        key_facts=tuple(Labelled(words, ", ".join(spec.label for k, spec in FACTS.items() if kind in spec.key_for)
                                 or "none") for kind, words in KIND_WORDS.items()),
        weights=tuple(WeightRow(type_, tuple(numbers.percent(w[n]) if n in w else "–" for n in COMPONENTS))
                      for type_, w in s.weights.items()),
        margin_base=numbers.plain(s.margin.base_points),
        margin_per_missing_weight=numbers.plain(s.margin.per_missing_weight),
        margin_per_missing_evidence=numbers.plain(s.margin.per_missing_evidence),
        data_date=site.data_date.isoformat(),
        how_we_measure=paths.href(paths.METHODOLOGY, paths.HOW_WE_MEASURE))


def _group(site: Site, kind: str, rows: list[EntityRow], chart: ChartView | None) -> RankGroup:
    weights = site.scoring.weights[rows[0].type]
    names = [n for n in COMPONENTS if n in weights]
    return RankGroup(kind, KIND_PLURALS[rows[0].kind_key].capitalize(), chart,
                     tuple(f"{site.scoring.components[n].title} ({numbers.percent(weights[n])})" for n in names),
                     tuple(_line(r, names) for r in rows[:caps.RANKED_ROWS]), len(rows) > caps.RANKED_ROWS,
                     str(min(len(rows), caps.RANKED_ROWS)), numbers.count(len(rows)), KIND_PLURALS[rows[0].kind_key])


def plan(site: Site, planned: set[str]) -> list[PageSpec]:
    """`planned`: the paths other page families produce, so the home page links only to what exists."""
    c = site.catalog
    featured = tuple(Link(f"{r.a} vs {r.b}", r.link) for r in _pair_lines(site, paths.HOME, c.pairs)
                     if r.origin == "requested")[:6]
    ranked = _ranked(_entity_rows(site, paths.RANKINGS))
    charts = {kind: ranking_chart(kind, rows) for kind, rows in ranked if len(rows) > 1}
    groups = tuple(_group(site, kind, rows, view(charts[kind], paths.RANKINGS) if kind in charts else None)
                   for kind, rows in ranked)
    types = sorted({r.type for _, rows in ranked for r in rows})

    def home(target: str, planned_elsewhere: bool = False) -> str:
        """A link from the home page; "" to a page of another family that this site does not have."""
        return "" if planned_elsewhere and target not in planned else paths.href(paths.HOME, target)

    return [
        PageSpec(paths.HOME, "Versus: compare AI models and tools with sourced numbers",
                 "Side-by-side comparisons of AI models and tools, where every number links to its source.",
                 HomePage(str(len(c.entities)), str(len(c.pairs)), str(len(c.faq)), site.data_date.isoformat(),
                          HomeLinks(home(paths.ENTITIES), home(paths.COMPARISONS), home(paths.RANKINGS),
                                    home(paths.METHODOLOGY), home(paths.SELECTION, planned_elsewhere=True),
                                    home(paths.TROUBLESHOOTING, planned_elsewhere=True)),
                          featured),
                 in_nav=True),
        *_entity_pages(site),
        *_pair_pages(site),
        PageSpec(paths.RANKINGS, "Rankings",
                 "Models and tools ranked by composite score within their kind, with the data coverage of each.",
                 RankingsPage(groups, weight_controls(site, types), paths.href(paths.RANKINGS, paths.RANKINGS_JSON),
                              site.data_date.isoformat(), paths.href(paths.RANKINGS, paths.METHODOLOGY),
                              paths.href(paths.RANKINGS, paths.ENTITIES), paths.href(paths.RANKINGS, paths.ENTITIES_CSV)),
                 in_nav=True, charts=tuple(charts.values())),
        PageSpec(paths.METHODOLOGY, "Methodology: how picks and scores are computed",
                 "The use-case rules behind every pick, and the exact formulas and weights behind every score.",
                 _methodology(site), in_nav=True),
    ]


def _entity_pages(site: Site) -> list[PageSpec]:
    """The all-entities table, split into pages of CATALOG_PAGE_ROWS rows (one page on a small site)."""
    ids = list(site.catalog.entities)
    size = caps.CATALOG_PAGE_ROWS
    pages = paths.table_pages(paths.ENTITIES, len(ids), size)
    specs = []
    for here, page in enumerate(pages):
        rows = tuple(_line(r) for r in _entity_rows(site, page, ids[here * size:(here + 1) * size]))
        pager = _pager(pages, here, len(ids), size, "models and tools")
        title = "All models and tools" + (f", page {here + 1} of {len(pages)}" if here else "")
        specs.append(PageSpec(page, title,
                              "Every model, repository, library and app on Versus in one sortable table."
                              if pager is None else
                              f"Every model, repository, library and app on Versus, page {here + 1} of {len(pages)}.",
                              EntitiesPage(rows, pager, downloads(page), paths.href(page, paths.RANKINGS),
                                           paths.href(page, paths.METHODOLOGY)), in_nav=here == 0))
    return specs


def _pair_pages(site: Site) -> list[PageSpec]:
    """The all-comparisons table, split into pages of PAIRS_PAGE_ROWS rows (one page on a small site)."""
    pairs = site.catalog.pairs
    size = caps.PAIRS_PAGE_ROWS
    pages = paths.table_pages(paths.COMPARISONS, len(pairs), size)
    specs = []
    for here, page in enumerate(pages):
        pager = _pager(pages, here, len(pairs), size, "comparisons")
        specs.append(PageSpec(page, "All comparisons" + (f", page {here + 1} of {len(pages)}" if here else ""),
                              "Every side-by-side comparison on Versus." if pager is None else
                              f"Every side-by-side comparison on Versus, page {here + 1} of {len(pages)}.",
                              ComparisonsPage(_pair_lines(site, page, pairs[here * size:(here + 1) * size]), pager),
                              in_nav=here == 0))
    return specs
