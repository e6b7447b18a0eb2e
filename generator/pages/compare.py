"""Comparison pages, "A vs B": one per pair, at its canonical URL."""

from __future__ import annotations

from dataclasses import dataclass

from .. import twins
from ..catalog import Pair, pair_slug
from ..models import FACTS, SIGNALS, Capability, Entity
from ..scoring import Score
from ..site import Site
from ..verdict import KIND_WORDS, Verdict, decide
from . import paths
from .cells import MISSING, Cell, bar_percent, fact_cell, signal_cell
from .citations import Citation, Citations
from .measurements import GroupView, groups_for
from .spec import PageSpec

SHOWN_CAPABILITIES = 5


@dataclass(frozen=True)
class Row:
    label: str
    a: Cell
    b: Cell
    note: str | None = None


@dataclass(frozen=True)
class ComparedWith:
    name: str
    link: str | None          # relative link to the other entity's page
    text: str
    cites: tuple[Citation, ...]


@dataclass(frozen=True)
class CapabilityBlock:
    title: str
    what: str
    unique: str | None
    compared: tuple[ComparedWith, ...]
    cites: tuple[Citation, ...]


@dataclass(frozen=True)
class Side:
    entity: Entity
    link: str
    shown: tuple[CapabilityBlock, ...]
    more: tuple[CapabilityBlock, ...]
    counterparts: tuple[tuple[str, str], ...]   # (name, link): where to go for this side's job
    counterpart_label: str


def capability_block(e: Entity, cap: Capability, site: Site, page: str, cites: Citations) -> CapabilityBlock:
    compared = tuple(
        ComparedWith(site.catalog.entities[c.with_].name, paths.rel(page, paths.entity(c.with_)), c.text,
                     tuple(cites.cite(e.sources[s]) for s in c.sources))
        for c in cap.compared if c.with_ in site.catalog.entities)
    return CapabilityBlock(cap.title, cap.what, cap.unique, compared,
                           tuple(cites.cite(e.sources[s]) for s in cap.sources))


def counterparts(e: Entity, site: Site, page: str) -> tuple[tuple[tuple[str, str], ...], str]:
    """Where a reader should look instead: the entity's alternatives (same job), or, for an entity with
    none, the things it works with. Each links to its comparison with `e` when that page exists."""
    ids = [i for i in (e.alternatives or sorted(site.catalog.linked.get(e.id, set())))
           if i in site.catalog.entities]
    label = "Alternatives (same job)" if e.alternatives else "Works with"
    compared = {p.slug for p in site.catalog.pairs_of[e.id]}

    def target(i: str) -> str:
        return paths.compare(e.id, i) if pair_slug(e.id, i) in compared else paths.entity(i)

    return tuple((site.catalog.entities[i].name, paths.rel(page, target(i))) for i in ids), label


def score_cell(score: Score, page: str) -> Cell:
    if score.composite is None:
        return MISSING
    return Cell(f"{score.composite:.1f} / 100 (data for {score.coverage:.0%} of the weight)",
                link=paths.rel(page, paths.METHODOLOGY), bar=bar_percent(score.composite, 100))


def component_cell(score: Score, name: str, page: str) -> Cell:
    c = score.component(name)
    if c.value is None:
        return Cell("no data", missing=True, link=paths.rel(page, paths.METHODOLOGY))
    return Cell(f"{c.points:.1f}", link=paths.rel(page, paths.METHODOLOGY), bar=bar_percent(c.points, 100))


def _yes_no(value: bool | None) -> Cell:
    return MISSING if value is None else Cell("yes" if value else "no")


def feature_rows(a: Entity, b: Entity, site: Site, page: str, cites: Citations) -> list[Row]:
    sa, sb = site.scores[a.id], site.scores[b.id]
    rows = [
        Row("Type", Cell(KIND_WORDS[a.kind].split(" ", 1)[1]), Cell(KIND_WORDS[b.kind].split(" ", 1)[1])),
        Row("Composite score", score_cell(sa, page), score_cell(sb, page)),
    ]
    for comp in sa.components:
        rows.append(Row(f"{comp.title} (weight {comp.weight:.0%} / {sb.component(comp.name).weight:.0%})",
                        component_cell(sa, comp.name, page), component_cell(sb, comp.name, page)))
    for name, label in SIGNALS.items():
        if name in a.signals or name in b.signals:
            rows.append(Row(label, signal_cell(a, name, cites), signal_cell(b, name, cites)))
    rows += [
        Row("Pricing", Cell(a.pricing.model + (f" ({a.pricing.note})" if a.pricing.note else "")),
            Cell(b.pricing.model + (f" ({b.pricing.note})" if b.pricing.note else ""))),
        Row("Open weights", _yes_no(a.open_weights) if a.type == "model" else Cell("not applicable", missing=True),
            _yes_no(b.open_weights) if b.type == "model" else Cell("not applicable", missing=True)),
        Row("License", Cell(a.license.name, cites.cite(a.sources[a.license.source])),
            Cell(b.license.name, cites.cite(b.sources[b.license.source]))),
        Row("Released", Cell(str(a.released.date), cites.cite(a.sources[a.released.source])),
            Cell(str(b.released.date), cites.cite(b.sources[b.released.source]))),
        Row("Capabilities", Cell(str(len(a.capabilities))), Cell(str(len(b.capabilities)))),
        Row("Times matched (comparison pages)", Cell(str(site.catalog.times_matched(a.id))),
            Cell(str(site.catalog.times_matched(b.id)))),
    ]
    keys = [k for k, spec in FACTS.items() if a.kind in spec.key_for or b.kind in spec.key_for]
    for key in keys:
        ca, cb = fact_cell(a, key, cites), fact_cell(b, key, cites)
        if ca.missing and cb.missing:
            continue
        rows.append(Row(FACTS[key].label, ca if a.kind in FACTS[key].key_for or not ca.missing else
                        Cell("not applicable", missing=True),
                        cb if b.kind in FACTS[key].key_for or not cb.missing else Cell("not applicable", missing=True)))
    return rows


@dataclass(frozen=True)
class ComparePage:
    a: Side
    b: Side
    pair: Pair
    rows: tuple[Row, ...]
    verdict: Verdict
    benchmarks: tuple[GroupView, ...]     # each row with bars relative to the larger value
    sources: tuple[Citation, ...]
    newest: str | None
    methodology: str
    data_json: str
    data_csv: str


def plan(site: Site) -> list[PageSpec]:
    specs = []
    for pair in site.catalog.pairs:
        a, b = site.catalog.entities[pair.a], site.catalog.entities[pair.b]
        page = paths.compare(a.id, b.id)
        cites = Citations()
        rows = tuple(feature_rows(a, b, site, page, cites))

        def side(e: Entity) -> Side:
            blocks = tuple(capability_block(e, cap, site, page, cites) for cap in e.capabilities)
            parts, label = counterparts(e, site, page)
            return Side(e, paths.rel(page, paths.entity(e.id)), blocks[:SHOWN_CAPABILITIES],
                        blocks[SHOWN_CAPABILITIES:], parts, label)

        side_a, side_b = side(a), side(b)
        verdict = decide(a, b, site.scores[a.id], site.scores[b.id], site.scoring.close_call_points)
        bench = tuple(g.with_bars() for g in groups_for(site.benchmarks, (a.id, b.id), page, cites,
                                                         shared_only=True))
        context = ComparePage(side_a, side_b, pair, rows, verdict, bench,
                              tuple(cites.items), cites.newest(), paths.rel(page, paths.METHODOLOGY),
                              paths.rel(page, twins.pair_json_path(pair.slug)),
                              paths.rel(page, twins.pair_csv_path(pair.slug)))
        specs.append(PageSpec(
            page, "compare.md.j2", f"{a.name} vs {b.name}",
            f"{a.name} compared with {b.name}: score, capabilities, license and sourced facts side by side.",
            {"page": context}))
    return specs
