"""Hub pages: home, all entities, all comparisons, rankings and the methodology. They are the only
generated pages in the sidebar; every detail page is reached from them."""

from __future__ import annotations

from dataclasses import dataclass

from ..charts import Bar, Bars, ChartSpec
from ..models import COMPONENTS, FACTS, SIGNALS
from ..site import Site
from ..verdict import KIND_WORDS
from . import paths
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


@dataclass(frozen=True)
class PairRow:
    a: str
    b: str
    link: str
    kind: str
    explicit: bool


def _entity_rows(site: Site, page: str) -> list[EntityRow]:
    rows = []
    for e in site.catalog.entities.values():
        s = site.scores[e.id]
        rows.append(EntityRow(e.name, paths.rel(page, paths.entity(e.id)), KIND_WORDS[e.kind].split(" ", 1)[1],
                              e.vendor, e.license.name, s.composite, s.coverage,
                              tuple(c.points for c in s.components), site.catalog.times_matched(e.id)))
    return rows


def _pair_rows(site: Site, page: str) -> list[PairRow]:
    out = []
    for p in site.catalog.pairs:
        a, b = site.catalog.entities[p.a], site.catalog.entities[p.b]
        kind = KIND_WORDS[a.kind].split(" ", 1)[1] if a.kind == b.kind else "different kinds"
        out.append(PairRow(a.name, b.name, paths.rel(page, f"compare/{p.slug}.md"), kind, p.explicit))
    return out


def _ranked(rows: list[EntityRow]) -> list[tuple[str, list[EntityRow]]]:
    """Rankings within each kind: scores of different kinds rest on different weights."""
    kinds: dict[str, list[EntityRow]] = {}
    for r in rows:
        kinds.setdefault(r.kind, []).append(r)
    return [(k, sorted(v, key=lambda r: (r.score is None, -(r.score or 0), r.name))) for k, v in sorted(kinds.items())]


def ranking_chart(kind: str, rows: list[EntityRow]) -> ChartSpec:
    scored = [r for r in rows if r.score is not None]
    top = scored[0] if scored else None
    alt = (f"Composite scores of {len(rows)} {kind}s, 0 to 100"
           + (f"; {top.name} ranks first with {top.score:.1f}." if top else "; none has a score."))
    slug = "ranking-" + "-".join(kind.split())
    return ChartSpec(slug, f"Composite score: {kind}s", alt,
                     Bars(tuple(Bar(r.name, r.score) for r in rows), "Composite score", ""))


def plan(site: Site, planned: set[str]) -> list[PageSpec]:
    """`planned`: the paths other page families produce, so the home page links only to what exists."""
    c = site.catalog
    titles = [site.scoring.components[n].title for n in COMPONENTS]
    counts = {"entities": len(c.entities), "pairs": len(c.pairs), "faq": len(c.faq)}
    featured = [r for r in _pair_rows(site, paths.HOME) if r.explicit][:6]
    ranked = _ranked(_entity_rows(site, paths.RANKINGS))
    charts = {kind: ranking_chart(kind, rows) for kind, rows in ranked if len(rows) > 1}
    return [
        PageSpec(paths.HOME, "home.md.j2", "Versus: compare AI models and tools with sourced numbers",
                 "Side-by-side comparisons of AI models and tools, where every number links to its source.",
                 {"counts": counts, "featured": featured, "data_date": site.data_date.isoformat(),
                  "links": {"entities": paths.ENTITIES, "compare": paths.COMPARISONS, "rankings": paths.RANKINGS,
                            "methodology": paths.METHODOLOGY,
                            "selection": paths.SELECTION if paths.SELECTION in planned else None,
                            "troubleshooting": paths.TROUBLESHOOTING if paths.TROUBLESHOOTING in planned else None}},
                 in_nav=True),
        PageSpec(paths.ENTITIES, "entities.md.j2", "All models and tools",
                 "Every model, repository, library and app on Versus in one sortable table.",
                 {"rows": _entity_rows(site, paths.ENTITIES), "titles": titles,
                  "downloads": {name: paths.rel(paths.ENTITIES, f"downloads/{name}")
                                for name in ("entities.json", "entities.csv", "benchmarks.json", "benchmarks.csv")},
                  "methodology": paths.rel(paths.ENTITIES, paths.METHODOLOGY)}, in_nav=True),
        PageSpec(paths.COMPARISONS, "comparisons.md.j2", "All comparisons",
                 "Every side-by-side comparison on Versus.",
                 {"rows": _pair_rows(site, paths.COMPARISONS)}, in_nav=True),
        PageSpec(paths.RANKINGS, "rankings.md.j2", "Rankings",
                 "Models and tools ranked by composite score within their kind, with the data coverage of each.",
                 {"groups": ranked, "titles": titles, "charts": {k: view(c, paths.RANKINGS) for k, c in charts.items()},
                  "methodology": paths.rel(paths.RANKINGS, paths.METHODOLOGY), "data_date": site.data_date.isoformat()},
                 in_nav=True, charts=tuple(charts.values())),
        PageSpec(paths.METHODOLOGY, "methodology.md.j2", "Methodology: how scores are computed",
                 "The exact formulas and weights behind every Versus score.",
                 {"scoring": site.scoring, "components": COMPONENTS, "signals": SIGNALS,
                  "key_facts": {kind: [FACTS[k].label for k, spec in FACTS.items() if kind in spec.key_for]
                                for kind in KIND_WORDS},
                  "kind_words": KIND_WORDS, "data_date": site.data_date.isoformat()}, in_nav=True),
    ]
