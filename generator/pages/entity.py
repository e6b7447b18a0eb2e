"""A page per entity: facts with sources, capabilities, score breakdown, alternatives, comparisons."""

from __future__ import annotations

from dataclasses import dataclass

from .. import paths
from ..models import FACTS, SIGNALS
from ..site import Site
from ..verdict import kind_words
from . import numbers
from .blocks import CapabilityBlock, Link, block_parts, entity_links
from .cells import Cell, fact_cell, signal_cell
from .citations import Citation, Citations
from .measurements import GroupView, groups_for
from .spec import PageSpec, PageView


@dataclass(frozen=True)
class FactRow:
    label: str
    cell: Cell
    note: str = ""


@dataclass(frozen=True)
class ComponentRow:
    title: str
    weight: str       # "30%"
    points: str       # "72.4" or "no data"
    note: str


@dataclass(frozen=True)
class EntityPage(PageView):
    TEMPLATE = "entity.html.j2"
    name: str
    summary: str
    kind: str                   # "A language model"
    vendor: str
    license: Cell
    released: Cell
    pricing: str                # the pricing model, a fixed word
    pricing_note: str           # content text, "" when none
    open_weights: str | None    # "yes", "no", or None where the question does not apply
    links: tuple[Link, ...]     # external
    composite: str | None       # "72.4", None when no component has data
    margin: str                 # "5.0": the composite is within composite ± margin
    interval: str               # "67.4 to 77.4"
    evidence: str               # evidence-quality points, "81.8": they set the margin, not the score
    coverage: str               # "80%"
    components: tuple[ComponentRow, ...]
    facts: tuple[FactRow, ...]
    signals: tuple[FactRow, ...]
    benchmarks: tuple[GroupView, ...]
    capabilities: tuple[CapabilityBlock, ...]
    comparisons: tuple[Link, ...]
    alternatives: tuple[Link, ...]
    integrations: tuple[Link, ...]
    faq: tuple[Link, ...]
    sources: tuple[Citation, ...]
    last_reviewed: str
    methodology: str
    data_date: str
    data_json: str
    data_csv: str


def plan(site: Site) -> list[PageSpec]:
    specs = []
    catalog = site.catalog
    for e in catalog.entities.values():
        page = paths.entity(e.id)
        cites = Citations()
        facts = tuple(FactRow(FACTS[k].label if k in FACTS else k, fact_cell(e, k, cites), e.facts[k].note or "")
                      for k in FACTS if k in e.facts)
        signals = tuple(FactRow(SIGNALS[n], signal_cell(e, n, cites)) for n in SIGNALS if n in e.signals)
        capabilities = tuple(block_parts(e, cap, site, page).block(cites) for cap in e.capabilities)
        license = Cell(e.license.name, cites.cite(e.sources[e.license.source]))
        released = Cell(str(e.released.date), cites.cite(e.sources[e.released.source]))
        score = site.scores[e.id]
        view = EntityPage(
            name=e.name,
            summary=e.summary,
            kind=kind_words(e).capitalize(),
            vendor=e.vendor,
            license=license,
            released=released,
            pricing=e.pricing.model,
            pricing_note=e.pricing.note or "",
            open_weights=numbers.yes_no(e.open_weights),
            links=tuple(Link(name.replace("_", " "), url) for name, url in sorted(e.links.items())),
            composite=None if score.composite is None else numbers.points(score.composite),
            margin=numbers.points(score.margin),
            interval=f"{numbers.points(score.interval[0])} to {numbers.points(score.interval[1])}"
            if score.interval else numbers.NO_DATA,
            evidence=numbers.points(score.evidence),
            coverage=numbers.percent(score.coverage),
            components=tuple(ComponentRow(c.title, numbers.percent(c.weight),
                                          numbers.points(c.points), c.note)
                             for c in score.components),
            facts=facts,
            signals=signals,
            benchmarks=groups_for(site.benchmarks, (e.id,), page, cites, shared_only=True),
            capabilities=capabilities,
            comparisons=tuple(
                Link(catalog.entities[p.b if p.a == e.id else p.a].name, paths.href(page, paths.compare(p.a, p.b)),
                     "requested comparison" if p.explicit else "")
                for p in catalog.pairs_of.get(e.id, [])),
            alternatives=entity_links(e.alternatives, site, page),
            integrations=entity_links(sorted(catalog.linked.get(e.id, set())), site, page),
            faq=tuple(Link(catalog.faq[f].title, paths.href(page, paths.faq_entry(catalog.faq[f].category, f)))
                      for f in catalog.faq_of.get(e.id, [])),
            sources=tuple(cites.items),
            last_reviewed=e.last_reviewed.isoformat(),
            methodology=paths.href(page, paths.METHODOLOGY),
            data_date=site.data_date.isoformat(),
            data_json=paths.href(page, paths.entity_json(e.id)),
            data_csv=paths.href(page, paths.entity_csv(e.id)),
        )
        # A search for a name should find the entity's own page before the comparisons that mention it.
        specs.append(PageSpec(page, e.name, f"{e.name}: {e.summary}", view, meta={"search": {"boost": 1.5}}))
    return specs
