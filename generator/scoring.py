"""Stage: the composite score, 0-100, with every component and its inputs kept for display, and the margin
around it.

The score is built from evidence about the entity; how well the site knows the entity sets the margin,
never the score. Formulas (the methodology page prints them from the same Scoring file, and the
reader's-weights control in the browser runs the same arithmetic on the published points):

- scaled within a group: each comparable benchmark group (one source, one set of settings, two or more
  entities) scales an entity's value by the group's best: value / best, or best / value when lower is
  better; a component is the mean over the groups the entity is in
- benchmarks:   quality metrics, scaled within groups
- efficiency:   mean of the memory fit (share of GPU sizes on which the model fits at some precision) and
                speed metrics scaled within groups, over the parts that have data
- openness:     mean of the weights' openness and the license's commercial-use value, over those stated
- adoption:     mean of the log-scaled dated counters, s = min(1, log10(1 + n) / log10(1 + full_at))
- freshness:    0.5 ** (age of the release / half-life), the age measured to the newest date in the data
- maintenance:  0.5 ** (age of the latest release / half-life)
- ecosystem:    log-scaled number of entities linked by integrations (either direction)
- platforms:    platforms of the vocabulary its `platforms` fact names / full_at, at most 1
- composite:    sum(w * points) / sum(w) over the components with data, where points = 100 * value to one
                decimal; coverage = sum(w over components with data) / sum(w)
- margin:       base + per_missing_weight * (1 - coverage) + per_missing_evidence * (1 - evidence quality)
- a difference is real when |a - b| > sqrt(margin_a^2 + margin_b^2)
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

from .benchmarks import BenchmarkData
from .catalog import Catalog
from .models import COMPONENTS, FACTS, SIGNALS, Entity, Scoring
from .models.benchmark import METRICS
from .models.common import partial_date_key, partial_date_start
from .models.scoring import Component as ComponentName
from .models.use_cases import Term


@dataclass(frozen=True)
class Input:
    label: str
    value: str
    source_url: str | None = None
    as_of: str | None = None


@dataclass(frozen=True)
class Component:
    name: ComponentName
    title: str
    weight: float
    value: float | None          # 0..1, None = no data
    inputs: tuple[Input, ...]
    note: str                    # how the value was reached, in words

    @property
    def points(self) -> float | None:
        return None if self.value is None else round1(100 * self.value)


@dataclass(frozen=True)
class Score:
    composite: float | None      # 0..100, one decimal; None when no component has data
    coverage: float              # share of the composite's weight that rests on data, 0..1
    components: tuple[Component, ...]   # the components its type weighs, in COMPONENTS order
    evidence: float              # evidence-quality points, 0..100, one decimal: sets the margin only
    evidence_inputs: tuple[Input, ...]
    margin: float                # half-width of the interval around the composite, in points

    def component(self, name: str) -> Component | None:
        return next((c for c in self.components if c.name == name), None)

    @property
    def interval(self) -> tuple[float, float] | None:
        if self.composite is None:
            return None
        return round1(max(0.0, self.composite - self.margin)), round1(min(100.0, self.composite + self.margin))


def round1(x: float) -> float:
    """To one decimal, halves up: the same as the browser's Math.round(x * 10) / 10."""
    return math.floor(x * 10 + 0.5) / 10


def log_scaled(n: float, full_at: float) -> float:
    return min(1.0, math.log10(1 + n) / math.log10(1 + full_at))


def composite_of(points: Mapping[ComponentName, float | None],
                 weights: Mapping[ComponentName, float]) -> tuple[float | None, float]:
    """The composite and its coverage from published points and weights. One plain loop in COMPONENTS
    order, so that the reader's-weights control (weights.js), which runs the same loop, gets the same bits."""
    total = covered = weighted = 0.0
    for name in COMPONENTS:
        if name not in weights:
            continue
        total += weights[name]
        p = points.get(name)
        if p is None:
            continue
        covered += weights[name]
        weighted += weights[name] * p
    if not covered or not total:
        return None, 0.0
    return round1(weighted / covered), covered / total


def margin_of(coverage: float, evidence: float, cfg: Scoring) -> float:
    m = cfg.margin
    return round1(m.base_points + m.per_missing_weight * (1 - coverage) + m.per_missing_evidence * (1 - evidence / 100))


def close_call_margin(a: Score, b: Score) -> float:
    """Two composites closer than this are too close to call: the margins of two independent estimates."""
    return round1(math.sqrt(a.margin ** 2 + b.margin ** 2))


def reference_date(catalog: Catalog) -> dt.date:
    """The newest date anywhere in the content: freshness is measured to it, never to 'today', so that
    the same input builds the same site on any day."""
    dates = [dt.date(1970, 1, 1)]
    for e in catalog.entities.values():
        dates.append(e.last_reviewed)
        dates += [f.as_of for f in e.facts.values()] + [s.as_of for s in e.signals.values()]
    return max(dates)


Computed = tuple[float | None, tuple[Input, ...], str]


def _adoption(e: Entity, cfg: Scoring) -> Computed:
    inputs, parts = [], []
    for name in sorted(e.signals):
        signal = e.signals[name]
        if signal.scope == "family":
            continue
        parts.append(log_scaled(signal.value, cfg.adoption[name].full_at))
        inputs.append(Input(SIGNALS[name], f"{signal.value:,}", e.sources[signal.source].url, signal.as_of.isoformat()))
    if not parts:
        return None, (), "no dated adoption counter (stars, downloads, likes) of its own is recorded"
    return sum(parts) / len(parts), tuple(inputs), f"mean of {len(parts)} log-scaled counter(s)"


def evidence_quality(e: Entity, cfg: Scoring) -> tuple[float, tuple[Input, ...]]:
    """The checklist points earned, 0..100: how well the site knows the entity (it sets the margin)."""
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
    return round1(100 * earned / total), inputs


def scaled_in_groups(e: Entity, data: BenchmarkData, metrics: list[str]) -> tuple[list[float], list[Input]]:
    """The entity's value in each comparable group of `metrics` with another entity, as a share of the
    group's best (each entity's first row in the group)."""
    shares, inputs = [], []
    wanted = set(metrics)
    for g in data.groups_with((e.id,), every=False):
        if g.metric not in wanted or len(g.entities) < 2:
            continue
        own = g.row_of(e.id)
        assert own is not None
        values = g.first_values
        higher = METRICS[g.metric].higher_is_better
        best = max(values) if higher else min(values)
        shares.append(own.value / best if higher else best / own.value)
        where = own.source_title or own.source_url or f"run {own.run}"
        inputs.append(Input(f"{METRICS[g.metric].label} ({where}, {len(g.entities)} entities)",
                            f"{own.value:g} {own.unit}, best {best:g}", own.source_url,
                            own.retrieved.isoformat() if own.retrieved else None))
    return shares, inputs


def _mean_note(parts: list[float], what: str) -> str:
    return f"mean of {len(parts)} {what}"


def _benchmarks(e: Entity, data: BenchmarkData, cfg: Scoring) -> Computed:
    shares, inputs = scaled_in_groups(e, data, cfg.benchmarks.metrics)
    if not shares:
        return None, (), "no quality benchmark compares it with another entity under the same settings"
    return sum(shares) / len(shares), tuple(inputs), _mean_note(shares, "group-scaled benchmark value(s)")


def _efficiency(e: Entity, data: BenchmarkData, fit_share: float | None, cfg: Scoring) -> Computed:
    shares, inputs = scaled_in_groups(e, data, cfg.speed.metrics)
    parts = []
    if shares:
        parts.append(sum(shares) / len(shares))
    if fit_share is not None:
        parts.append(fit_share)
        inputs.insert(0, Input("GPU memory sizes it fits (selection analysis)", f"{fit_share:.0%}"))
    if not parts:
        return None, (), "neither a memory estimate nor a comparable speed measurement"
    return sum(parts) / len(parts), tuple(inputs), _mean_note(parts, "part(s): memory fit and speed")


def _openness(e: Entity, cfg: Scoring) -> Computed:
    parts, inputs = [], []
    if e.open_weights is not None:
        parts.append(cfg.openness.open_weights if e.open_weights else cfg.openness.closed_weights)
        inputs.append(Input("weights", "downloadable" if e.open_weights else "not downloadable"))
    if e.license.commercial_use is not None:
        parts.append(cfg.openness.commercial_use[e.license.commercial_use])
        inputs.append(Input(f"commercial use ({e.license.name})", e.license.commercial_use,
                            e.sources[e.license.source].url))
    if not parts:
        return None, (), "neither the weights' availability nor the license's commercial terms are recorded"
    return sum(parts) / len(parts), tuple(inputs), _mean_note(parts, "part(s)")


def _half_life(label: str, date: dt.date | str, ref: dt.date, half_life: int, url: str | None) -> Computed:
    age = max(0, (ref - partial_date_start(date)).days)
    return (0.5 ** (age / half_life), (Input(label, partial_date_key(date), url), Input("data date", ref.isoformat())),
            f"{age} days old, half-life {half_life} days")


def _maintenance(e: Entity, ref: dt.date, cfg: Scoring) -> Computed:
    fact = e.facts.get("last_release")
    if fact is None or not isinstance(fact.value, str):
        return None, (), "no dated latest release is recorded"
    return _half_life("latest release", fact.value, ref, cfg.maintenance_half_life_days, e.sources[fact.source].url)


def _count(n: int, full_at: float, what: str, names: list[str]) -> Computed:
    if n == 0:
        return None, (), f"no {what} recorded in the catalog"
    return log_scaled(n, full_at), (Input(what, f"{n}: {', '.join(names)}"),), f"{n} {what}, log-scaled"


def _platforms(e: Entity, vocabulary: Mapping[str, Term], cfg: Scoring) -> Computed:
    fact = e.facts.get("platforms")
    if fact is None or not isinstance(fact.value, str):
        return None, (), "no platforms are recorded"
    found = [t.label for t in vocabulary.values() if t.in_text(fact.value)]
    if not found:
        return None, (), "the platforms recorded name none of the vocabulary's"
    return (min(1.0, len(found) / cfg.platforms.full_at),
            (Input("platforms", ", ".join(found), e.sources[fact.source].url, fact.as_of.isoformat()),),
            f"{len(found)} of the {cfg.platforms.full_at} that score 100")


@dataclass(frozen=True)
class Evidence:
    """What scores read beyond the entity itself, built once per site."""

    catalog: Catalog
    benchmarks: BenchmarkData
    fit_shares: Mapping[str, float | None]
    platforms: Mapping[str, Term]          # the vocabulary the platforms component counts
    ref: dt.date


def score_entity(e: Entity, cfg: Scoring, ev: Evidence) -> Score:
    weights = cfg.weights[e.type]
    linked = sorted(ev.catalog.linked.get(e.id, set()))
    producers = {
        "benchmarks": lambda: _benchmarks(e, ev.benchmarks, cfg),
        "efficiency": lambda: _efficiency(e, ev.benchmarks, ev.fit_shares.get(e.id), cfg),
        "openness": lambda: _openness(e, cfg),
        "adoption": lambda: _adoption(e, cfg),
        "freshness": lambda: _half_life("released", e.released.date, ev.ref, cfg.freshness_half_life_days,
                                        e.sources[e.released.source].url),
        "maintenance": lambda: _maintenance(e, ev.ref, cfg),
        "ecosystem": lambda: _count(len(linked), cfg.ecosystem.full_at, "linked entities",
                                    [ev.catalog.entities[i].name for i in linked]),
        "platforms": lambda: _platforms(e, ev.platforms, cfg),
    }
    components = tuple(Component(name, cfg.components[name].title, weights[name], *producers[name]())
                       for name in COMPONENTS if name in weights)
    composite, coverage = composite_of({c.name: c.points for c in components}, weights)
    evidence, evidence_inputs = evidence_quality(e, cfg)
    return Score(composite, round(coverage, 4), components, evidence, evidence_inputs,
                 margin_of(coverage, evidence, cfg))


def score_all(catalog: Catalog, cfg: Scoring, benchmarks: BenchmarkData, fit_shares: Mapping[str, float | None],
              platforms: Mapping[str, Term]) -> dict[str, Score]:
    ev = Evidence(catalog, benchmarks, fit_shares, platforms, reference_date(catalog))
    return {i: score_entity(e, cfg, ev) for i, e in catalog.entities.items()}
