"""Comparison pages, "A vs B": one per pair, at its canonical URL."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .. import paths
from ..catalog import pair_slug
from ..models import COMPONENTS, FACTS, SIGNALS, Entity
from ..models.facts import SignalName
from ..picks import PairPicks
from ..scoring import Score
from ..site import Site
from ..verdict import decide, kind_noun
from . import numbers
from .blocks import BlockParts, CapabilityBlock, Link, WeightFields, block_parts, weight_controls
from .cells import MISSING, Cell, Sourced, bar_percent, fact_value, signal_value
from .citations import Citation, Citations
from .measurements import GroupView, groups_for
from .spec import PageSpec, PageView

SHOWN_CAPABILITIES = 5


@dataclass(frozen=True)
class Row:
    label: str
    a: Cell
    b: Cell
    note: str | None = None


@dataclass(frozen=True)
class Side:
    name: str
    summary: str
    link: str
    shown: tuple[CapabilityBlock, ...]
    more: tuple[CapabilityBlock, ...]
    counterparts: tuple[Link, ...]   # where to go for this side's job
    counterpart_label: str


def counterparts(e: Entity, site: Site, page: str) -> tuple[tuple[Link, ...], str]:
    """Where a reader should look instead: the entity's alternatives (same job), or, for an entity with
    none, the things it works with. Each links to its comparison with `e` when that page exists."""
    ids = [i for i in (e.alternatives or sorted(site.catalog.linked.get(e.id, set())))
           if i in site.catalog.entities]
    label = "Alternatives (same job)" if e.alternatives else "Works with"
    compared = {p.slug for p in site.catalog.pairs_of[e.id]}

    def target(i: str) -> str:
        return paths.compare(e.id, i) if pair_slug(e.id, i) in compared else paths.entity(i)

    return tuple(Link(site.catalog.entities[i].name, paths.href(page, target(i))) for i in ids), label



def score_cell(score: Score, page: str) -> Cell:
    if score.composite is None:
        return MISSING
    return Cell(f"{numbers.score_with_margin(score.composite, score.margin)} / 100 "
                f"(data for {numbers.percent(score.coverage)} of the weight)",
                link=paths.href(page, paths.METHODOLOGY), bar=bar_percent(score.composite, 100))


def component_cell(score: Score, name: str, page: str) -> Cell:
    c = score.component(name)
    if c is None:
        return NOT_APPLICABLE
    if c.value is None:
        return Cell(numbers.NO_DATA, missing=True, link=paths.href(page, paths.METHODOLOGY))
    return Cell(numbers.points(c.points), link=paths.href(page, paths.METHODOLOGY), bar=bar_percent(c.points, 100))


def _yes_no(value: bool | None) -> Cell:
    text = numbers.yes_no(value)
    return MISSING if text is None else Cell(text)


NOT_APPLICABLE = Cell("not applicable", missing=True)


@dataclass(frozen=True)
class Parts:
    """What a comparison page shows of one entity, whichever entity it is compared with: built once per
    entity, not once per pair. Every comparison page is in one folder, so the links are the same from
    each; citations are numbered per page, so sourced values wait as `Sourced` and `BlockParts`."""
    entity: Entity
    link: str
    kind: Cell
    score: Cell
    components: dict[str, Cell]
    signals: dict[SignalName, Sourced]
    pricing: Cell
    open_weights: Cell
    license: Sourced
    released: Sourced
    capabilities: Cell
    times_matched: Cell
    facts: dict[str, Sourced]
    blocks: tuple[BlockParts, ...]
    counterparts: tuple[Link, ...]
    counterpart_label: str

    def side(self, cites: Citations) -> Side:
        blocks = tuple([b.block(cites) for b in self.blocks])
        return Side(self.entity.name, self.entity.summary, self.link, blocks[:SHOWN_CAPABILITIES],
                    blocks[SHOWN_CAPABILITIES:], self.counterparts, self.counterpart_label)


def parts(e: Entity, site: Site, page: str) -> Parts:
    score = site.scores[e.id]
    signals = {name: v for name in SIGNALS if (v := signal_value(e, name)) is not None}
    facts = {key: v for key in FACTS if (v := fact_value(e, key)) is not None}
    return Parts(
        e, paths.href(page, paths.entity(e.id)), Cell(kind_noun(e)), score_cell(score, page),
        {name: component_cell(score, name, page) for name in COMPONENTS}, signals,
        Cell(e.pricing.model + (f" ({e.pricing.note})" if e.pricing.note else "")),
        _yes_no(e.open_weights) if e.type == "model" else NOT_APPLICABLE,
        Sourced(e.license.name, e.sources[e.license.source], None),
        Sourced(str(e.released.date), e.sources[e.released.source], None),
        Cell(str(len(e.capabilities))), Cell(str(site.catalog.times_matched(e.id))), facts,
        tuple(block_parts(e, cap, site, page) for cap in e.capabilities), *counterparts(e, site, page))


def feature_rows(pa: Parts, pb: Parts, site: Site, cites: Citations) -> list[Row]:
    a, b = pa.entity, pb.entity
    sa, sb = site.scores[a.id], site.scores[b.id]
    rows = [Row("Type", pa.kind, pb.kind), Row("Composite score", pa.score, pb.score)]
    for name in COMPONENTS:
        ca, cb = sa.component(name), sb.component(name)
        if ca is None and cb is None:
            continue
        weights = " / ".join(numbers.percent(c.weight) if c else "none" for c in (ca, cb))
        rows.append(Row(f"{site.scoring.components[name].title} (weight {weights})",
                        pa.components[name], pb.components[name]))
    for signal, label in SIGNALS.items():
        va, vb = pa.signals.get(signal), pb.signals.get(signal)
        if va or vb:
            rows.append(Row(label, va.cell(cites) if va else MISSING, vb.cell(cites) if vb else MISSING))
    rows += [
        Row("Pricing", pa.pricing, pb.pricing),
        Row("Open weights", pa.open_weights, pb.open_weights),
        Row("License", pa.license.cell(cites), pb.license.cell(cites)),
        Row("Released", pa.released.cell(cites), pb.released.cell(cites)),
        Row("Capabilities", pa.capabilities, pb.capabilities),
        Row("Times matched (comparison pages)", pa.times_matched, pb.times_matched),
    ]
    for key in _key_facts(a.kind, b.kind):
        va, vb = pa.facts.get(key), pb.facts.get(key)
        if va is None and vb is None:
            continue
        key_for = FACTS[key].key_for
        rows.append(Row(FACTS[key].label,
                        va.cell(cites) if va else MISSING if a.kind in key_for else NOT_APPLICABLE,
                        vb.cell(cites) if vb else MISSING if b.kind in key_for else NOT_APPLICABLE))
    return rows


@cache
def _key_facts(kind_a: str, kind_b: str) -> tuple[str, ...]:
    """The facts a comparison table shows for two kinds of entity (FACTS is fixed: a few kinds)."""
    return tuple(k for k, spec in FACTS.items() if kind_a in spec.key_for or kind_b in spec.key_for)


@dataclass(frozen=True)
class PickLine:
    """One use case of "Which to pick", with its citations numbered for this page."""
    use_case: str
    title: str
    answer: str                         # the name to pick, or why there is none
    pick: str | None
    outcome: str
    reason: str
    cites: tuple[Citation, ...]
    runs: tuple[Link, ...]              # evidence from our own runs: their pages
    values: tuple[str, str]
    evidence: str


ANSWERS = {"even": "no clear pick", "missing": "not enough data"}


def pick_lines(picks: PairPicks, site: Site, page: str, cites: Citations) -> tuple[PickLine, ...]:
    out = []
    for p in picks.picks:
        numbered = tuple(cites.cite_url(c.url, c.title, c.retrieved, c.kind) for c in p.citations if c.url)
        runs = tuple(Link(f"run {c.run}", paths.href(page, paths.run(str(c.run)))) for c in p.citations if c.run)
        answer = site.catalog.entities[p.pick].name if p.pick else ANSWERS[p.outcome]
        out.append(PickLine(p.use_case, p.title, answer, p.pick, p.outcome, p.reason, numbered, runs, p.values,
                            p.evidence))
    return tuple(out)


@dataclass(frozen=True)
class ComparePage(PageView):
    TEMPLATE = "compare.html.j2"
    a: Side
    b: Side
    answer: str | None                    # "Which to pick" summed up; None without use-case rules
    picks: tuple[PickLine, ...]
    headline: str                         # the score verdict, from the same numbers as the table
    points: tuple[str, ...]
    weights: tuple[WeightFields, ...]     # the reader's-weights form (same-kind pairs)
    rows: tuple[Row, ...]
    benchmarks: tuple[GroupView, ...]     # each row with bars relative to the larger value
    sources: tuple[Citation, ...]
    newest: str                           # the newest source date, or that none is dated
    methodology: str
    data_json: str
    data_csv: str


def plan(site: Site) -> list[PageSpec]:
    specs = []
    built: dict[str, Parts] = {}
    for pair in site.catalog.pairs:
        a, b = site.catalog.entities[pair.a], site.catalog.entities[pair.b]
        page = paths.compare(a.id, b.id)
        pa = built.get(a.id) or built.setdefault(a.id, parts(a, site, page))
        pb = built.get(b.id) or built.setdefault(b.id, parts(b, site, page))
        cites = Citations()
        answers = site.picks.get(pair.slug)
        picks = pick_lines(answers, site, page, cites) if answers else ()   # first on the page: cited first
        rows = tuple(feature_rows(pa, pb, site, cites))
        side_a, side_b = pa.side(cites), pb.side(cites)
        verdict = decide(a, b, site.scores[a.id], site.scores[b.id])
        bench = groups_for(site.benchmarks, (a.id, b.id), page, cites, shared_only=True, bars=True)
        weights = weight_controls(site, [a.type]) if a.kind == b.kind else ()
        view = ComparePage(side_a, side_b, answers.headline if answers else None, picks, verdict.headline,
                           verdict.points, weights, rows, bench,
                           tuple(cites.items), cites.newest() or "no dated fact", paths.href(page, paths.METHODOLOGY),
                           paths.href(page, paths.pair_json(a.id, b.id)),
                           paths.href(page, paths.pair_csv(a.id, b.id)))
        specs.append(PageSpec(
            page, f"{a.name} vs {b.name}",
            f"{a.name} compared with {b.name}: score, capabilities, license and sourced facts side by side.", view))
    return specs
