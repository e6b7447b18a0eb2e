"""A page per entity: facts with sources, capabilities, score breakdown, alternatives, comparisons."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import FACTS, SIGNALS, Entity
from ..scoring import Score
from ..site import Site
from ..verdict import KIND_WORDS
from .. import paths
from .cells import Cell, fact_cell, signal_cell
from .citations import Citation, Citations
from .compare import CapabilityBlock, capability_block
from .measurements import GroupView, groups_for
from .spec import PageSpec


@dataclass(frozen=True)
class FactRow:
    label: str
    cell: Cell
    note: str | None


@dataclass(frozen=True)
class Link:
    name: str
    link: str
    note: str = ""


@dataclass(frozen=True)
class EntityPage:
    entity: Entity
    kind: str
    score: Score
    facts: tuple[FactRow, ...]
    signals: tuple[FactRow, ...]
    license: Cell
    released: Cell
    links: tuple[tuple[str, str], ...]
    capabilities: tuple[CapabilityBlock, ...]
    alternatives: tuple[Link, ...]
    integrations: tuple[Link, ...]
    comparisons: tuple[Link, ...]
    faq: tuple[Link, ...]
    benchmarks: tuple[GroupView, ...]
    sources: tuple[Citation, ...]
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
        facts = tuple(FactRow(FACTS[k].label if k in FACTS else k, fact_cell(e, k, cites), e.facts[k].note)
                      for k in FACTS if k in e.facts)
        signals = tuple(FactRow(SIGNALS[n], signal_cell(e, n, cites), None) for n in SIGNALS if n in e.signals)
        caps = tuple(capability_block(e, cap, site, page, cites) for cap in e.capabilities)
        pairs = catalog.pairs_of.get(e.id, [])
        comparisons = tuple(
            Link(catalog.entities[p.b if p.a == e.id else p.a].name, paths.rel(page, paths.compare(p.a, p.b)),
                 "requested comparison" if p.explicit else "")
            for p in pairs)
        context = EntityPage(
            entity=e,
            kind=KIND_WORDS[e.kind],
            score=site.scores[e.id],
            facts=facts,
            signals=signals,
            license=Cell(e.license.name, cites.cite(e.sources[e.license.source])),
            released=Cell(str(e.released.date), cites.cite(e.sources[e.released.source])),
            links=tuple((name.replace("_", " "), url) for name, url in sorted(e.links.items())),
            capabilities=caps,
            alternatives=tuple(Link(catalog.entities[i].name, paths.rel(page, paths.entity(i)))
                               for i in e.alternatives if i in catalog.entities),
            integrations=tuple(Link(catalog.entities[i].name, paths.rel(page, paths.entity(i)))
                               for i in sorted(catalog.linked.get(e.id, set()))),
            comparisons=comparisons,
            faq=tuple(Link(catalog.faq[f].title, paths.rel(page, paths.faq_entry(catalog.faq[f].category, f))) for f in catalog.faq_of.get(e.id, [])),
            benchmarks=groups_for(site.benchmarks, (e.id,), page, cites, shared_only=True),
            sources=tuple(cites.items),
            methodology=paths.rel(page, paths.METHODOLOGY),
            data_date=site.data_date.isoformat(),
            data_json=paths.rel(page, paths.entity_json(e.id)),
            data_csv=paths.rel(page, paths.entity_csv(e.id)),
        )
        # A search for a name should find the entity's own page before the comparisons that mention it.
        specs.append(PageSpec(page, "entity.md.j2", e.name, f"{e.name}: {e.summary}", {"page": context},
                              meta={"search": {"boost": 1.5}}))
    return specs
