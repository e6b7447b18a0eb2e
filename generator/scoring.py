"""Stage 4: the composite score, 0-100, with every component and its inputs kept for display.

Formulas (the methodology page prints them from the same Scoring file):
- a log-scaled count:  s = min(1, log10(1 + n) / log10(1 + full_at))
- adoption:   mean of the log-scaled signals the entity has; none -> no data
- quality:    checklist points earned / points possible
- ecosystem:  log-scaled number of entities linked by integrations (either direction); 0 -> no data
- match graph: log-scaled number of entities that name it as an alternative or comparison; 0 -> no data
- freshness:  0.5 ** (age of release in days / half-life), age measured to the newest date in the data
- composite:  100 * sum(w * s) / sum(w) over the components that have data; `coverage` = that sum(w)
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from .catalog import Catalog
from .models import COMPONENTS, FACTS, SIGNALS, Entity, Scoring
from .models.common import partial_date_key, partial_date_start


@dataclass(frozen=True)
class Input:
    label: str
    value: str
    source_url: str | None = None
    as_of: str | None = None


@dataclass(frozen=True)
class Component:
    name: str
    title: str
    weight: float
    value: float | None          # 0..1, None = no data
    inputs: tuple[Input, ...]
    note: str                    # how the value was reached, in words

    @property
    def points(self) -> float | None:
        return None if self.value is None else round(100 * self.value, 1)


@dataclass(frozen=True)
class Score:
    composite: float | None      # 0..100, one decimal; None when no component has data
    coverage: float              # share of the composite's weight that rests on data, 0..1
    components: tuple[Component, ...]
    doubt: float                 # points within which a difference is too close to call (this side)

    def component(self, name: str) -> Component:
        return next(c for c in self.components if c.name == name)


def log_scaled(n: float, full_at: float) -> float:
    return min(1.0, math.log10(1 + n) / math.log10(1 + full_at))


def reference_date(catalog: Catalog) -> dt.date:
    """The newest date anywhere in the content: freshness is measured to it, never to 'today', so that
    the same input builds the same site on any day."""
    dates = [dt.date(1970, 1, 1)]
    for e in catalog.entities.values():
        dates.append(e.last_reviewed)
        dates += [f.as_of for f in e.facts.values()] + [s.as_of for s in e.signals.values()]
    return max(dates)


def _adoption(e: Entity, cfg: Scoring) -> tuple[float | None, tuple[Input, ...], str]:
    inputs, parts = [], []
    for name in sorted(e.signals):
        signal = e.signals[name]
        full_at = cfg.adoption[name].full_at
        parts.append(log_scaled(signal.value, full_at))
        inputs.append(Input(SIGNALS[name], f"{signal.value:,}", e.sources[signal.source].url, signal.as_of.isoformat()))
    if not parts:
        return None, (), "no dated adoption counter (stars, downloads, likes) is recorded"
    return sum(parts) / len(parts), tuple(inputs), f"mean of {len(parts)} log-scaled counter(s)"


def _quality(e: Entity, cfg: Scoring) -> tuple[float, tuple[Input, ...], str]:
    sources = list(e.sources.values())
    primary = sum(1 for s in sources if s.kind == "primary")
    key_facts = [k for k, spec in FACTS.items() if e.kind in spec.key_for]
    stated = [k for k in key_facts if k in e.facts]
    earned_by = {
        "license_sourced": 1.0 if e.license.spdx else 0.0,
        "release_sourced": 0.0 if len(partial_date_key(e.released.date)) == 4 else 1.0,
        "primary_source": 1.0 if primary else 0.0,
        "primary_share": primary / len(sources),
        "capabilities_sourced": 1.0 if len(e.capabilities) >= 3 else 0.0,
        "key_facts": len(stated) / len(key_facts) if key_facts else 1.0,
    }
    total = sum(c.points for c in cfg.quality_checks)
    earned = sum(c.points * earned_by.get(c.id, 0.0) for c in cfg.quality_checks)
    inputs = tuple(Input(c.description, f"{c.points * earned_by.get(c.id, 0.0):.1f} / {c.points:g}")
                   for c in cfg.quality_checks)
    return earned / total, inputs, f"{earned:.1f} of {total:g} checklist points"


def _count(n: int, full_at: float, what: str, names: list[str]) -> tuple[float | None, tuple[Input, ...], str]:
    if n == 0:
        return None, (), f"no {what} recorded in the catalog"
    return log_scaled(n, full_at), (Input(what, f"{n}: {', '.join(names)}"),), f"{n} {what}, log-scaled"


def score_entity(e: Entity, catalog: Catalog, cfg: Scoring, ref: dt.date) -> Score:
    weights = cfg.weights[e.type]
    released = partial_date_start(e.released.date)
    age = max(0, (ref - released).days)
    linked = sorted(catalog.linked.get(e.id, set()))
    named = sorted(catalog.named_by.get(e.id, set()))
    names = {i: catalog.entities[i].name for i in (*linked, *named)}   # not all N names for each of N entities
    computed = {
        "adoption": _adoption(e, cfg),
        "quality": _quality(e, cfg),
        "ecosystem": _count(len(linked), cfg.ecosystem.full_at, "linked entities", [names[i] for i in linked]),
        "match_graph": _count(len(named), cfg.match_graph.full_at, "entities naming it", [names[i] for i in named]),
        "freshness": (0.5 ** (age / cfg.freshness_half_life_days),
                      (Input("released", partial_date_key(e.released.date), e.sources[e.released.source].url),
                       Input("data date", ref.isoformat())),
                      f"{age} days old, half-life {cfg.freshness_half_life_days} days"),
    }
    components = tuple(
        Component(name, cfg.components[name].title, weights[name], *computed[name]) for name in COMPONENTS)
    with_data = [c for c in components if c.value is not None]
    coverage = sum(c.weight for c in with_data)
    composite = round(100 * sum(c.weight * c.value for c in with_data) / coverage, 1) if coverage else None
    doubt = cfg.close_call_points / 2 + cfg.close_call_per_missing * (1 - coverage)
    return Score(composite, round(coverage, 4), components, doubt)


def score_all(catalog: Catalog, cfg: Scoring) -> dict[str, Score]:
    ref = reference_date(catalog)
    return {i: score_entity(e, catalog, cfg, ref) for i, e in catalog.entities.items()}


def close_call_margin(a: Score, b: Score) -> float:
    """Two scores within this many points are 'too close to call'."""
    return round(a.doubt + b.doubt, 1)
