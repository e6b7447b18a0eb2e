"""What to run on a GPU of N GB: per tier, the best model at a usable precision and context, with the
quality evidence used and its limits.

Quality is compared like with like only: scores of one metric from one source and one set of settings
(a comparable group). Where no group separates the models that fit, the tier says so, names the
benchmark that would, and falls back to size (the largest model that fits), labelled as size. Every
number a sentence states is a number of the fit table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from .benchmarks import BenchmarkData, ComparableGroup
from .fit_table import TIERS_GB, FitRow
from .fits import TierFit, tier_fit
from .models.benchmark import METRICS, BenchmarkRow
from .models.entity import Task

QUALITY_METRICS: tuple[str, ...] = tuple(m for m, s in METRICS.items()
                                         if s.unit == "score" and "text-generation" in s.tasks)
MAX_GROUPS = 3     # quality sources reported per tier
# What a larger memory buys when it fits no larger model, in the terms each task's fits are made of.
EXTRA_MEMORY_BUYS: Mapping[str, str] = {
    "text-generation": "a higher precision, a longer context or room to spare",
    "text-to-image": "a higher precision, a larger image or room to spare",
    "text-to-video": "a larger clip, running without offload or room to spare",
}
assert set(EXTRA_MEMORY_BUYS) == set(get_args(Task)), "every model task says what extra memory buys"


PickKind = Literal["best-quality", "largest", "fits", "offload"]


@dataclass(frozen=True)
class Pick:
    """One model named for a tier, in the configuration the fit table gives."""

    kind: PickKind
    entity_id: str
    name: str
    fit: TierFit
    parameters_b: float | None
    quality: BenchmarkRow | None = None
    among: int = 0              # how many models that fit have a score in the same group


@dataclass(frozen=True)
class QualityEvidence:
    metric: str
    label: str
    source: str                 # the source title (or URL) of the group
    source_url: str | None
    scored: tuple[str, ...]     # ids of the fitting models it scores
    unscored: tuple[str, ...]   # ids of fitting models it does not


@dataclass(frozen=True)
class TierAdvice:
    task: str
    tier_gb: int
    picks: tuple[Pick, ...]                 # best-quality per quality source, else the largest
    evidence: tuple[QualityEvidence, ...]
    no_shared_benchmark: str | None         # why quality cannot separate the candidates, and what would
    nothing_larger: str | None              # when the tier adds no larger model than the tier below
    fits: tuple[Pick, ...]                  # every model that fits, at its best configuration
    offload: tuple[Pick, ...]               # the models that run only with offload


def _source(group: ComparableGroup) -> tuple[str, str | None]:
    row = group.rows[0]
    return row.source_title or row.source_url or f"run {row.run}", row.source_url


def _gb(x: float | None) -> str:
    return "no data" if x is None else f"{x:.1f} GB"


def config_words(fit: TierFit) -> str:
    context = f", {fit.context // 1024}K context" if fit.context else f", {fit.resolution}" if fit.resolution else ""
    cache = f", {fit.kv_cache} cache" if fit.kv_cache and fit.kv_cache != "f16" else ""
    return f"{fit.precision}{context}{cache}, {_gb(fit.need_gb)} {fit.basis or ''}".rstrip()


def advise(task: str, rows: Sequence[FitRow], data: BenchmarkData, names: Mapping[str, str],
           parameters: Mapping[str, float]) -> list[TierAdvice]:
    by_entity: dict[str, list[FitRow]] = {}
    for r in rows:
        if r.task == task:
            by_entity.setdefault(r.entity_id, []).append(r)
    groups = [g for m in (QUALITY_METRICS if task == "text-generation" else ()) for g in data.groups(task, m)]
    out: list[TierAdvice] = []
    previous_largest: str | None = None

    def pick(kind: PickKind, eid: str, fit: TierFit, quality: BenchmarkRow | None = None, among: int = 0) -> Pick:
        return Pick(kind, eid, names[eid], fit, parameters.get(eid), quality, among)

    for tier in TIERS_GB:
        fits_ = {eid: f for eid, rs in sorted(by_entity.items())
                 if (f := tier_fit(rs, tier)) is not None and f.verdict in ("fits", "offload")}
        fitting = {eid: f for eid, f in fits_.items() if f.verdict == "fits"}

        evidence: list[QualityEvidence] = []
        picks: list[Pick] = []
        ranked = sorted(((len(set(g.entities) & set(fitting)), i, g) for i, g in enumerate(groups)),
                        key=lambda t: (-t[0], t[1]))
        for covered, _, g in ranked:
            if covered < 2 or len(evidence) == MAX_GROUPS:
                break
            scored = sorted(set(g.entities) & set(fitting))
            group_rows = [row for e in scored if (row := g.row_of(e)) is not None]
            best = max(group_rows, key=lambda r: (r.value, -(fitting[r.entity].need_gb or 0)))
            title, url = _source(g)
            evidence.append(QualityEvidence(g.metric, METRICS[g.metric].label, title, url, tuple(scored),
                                            tuple(e for e in fitting if e not in scored)))
            if best.entity not in {p.entity_id for p in picks}:
                picks.append(pick("best-quality", best.entity, fitting[best.entity], best, len(scored)))
        largest = max(fitting, key=lambda e: (parameters.get(e, 0.0), e), default=None)
        ranked_by_quality = {e for ev in evidence for e in ev.scored}
        no_shared = None
        if largest is not None and largest not in ranked_by_quality and len(fitting) >= 2:
            # The largest model that fits has no score the others share: quality cannot rank it.
            metric = _most_reported(groups, fitting) or ("mmlu_5shot" if task == "text-generation" else None)
            would = (f"{METRICS[metric].label} from one evaluation pipeline" if metric else
                     "a video-quality benchmark score (VBench, for example) from one evaluation"
                     if task == "text-to-video" else
                     "a prompt-following or human-preference score (GenEval, for example) from one evaluation")
            no_shared = ((f"No benchmark from one source scores {names[largest]} together with the models above"
                          if evidence else f"No benchmark from one source scores two or more of the {len(fitting)} "
                          "models that fit") + f", so quality does not separate them; {would} for all of them would.")
        if largest is not None and largest not in {p.entity_id for p in picks} and (not picks or no_shared):
            picks.append(pick("largest", largest, fitting[largest]))
        nothing_larger = None
        if largest is not None and largest == previous_largest:
            nothing_larger = (f"The catalog has no larger model that fits in {tier} GB than in the size below: the "
                              f"extra memory buys {EXTRA_MEMORY_BUYS[task]}.")
        previous_largest = largest
        out.append(TierAdvice(task, tier, tuple(picks), tuple(evidence), no_shared, nothing_larger,
                              tuple(pick("fits", e, f) for e, f in fitting.items()),
                              tuple(pick("offload", e, f) for e, f in fits_.items() if f.verdict == "offload")))
    return out


def _most_reported(groups: Sequence[ComparableGroup], fitting: Mapping[str, TierFit]) -> str | None:
    """The quality metric that scores the most of these models in any one source, if any does."""
    best = max(((len(set(g.entities) & set(fitting)), g.metric) for g in groups), default=None)
    return best[1] if best and best[0] else None
