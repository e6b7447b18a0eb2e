"""The model-selection analysis: what fits on a card of N GB and how fast it runs, which models no other
beats, and what to pick.

Pure and typed: entities, benchmark data and the hardware catalog in; fit verdicts (`fits`), the fitted
decode efficiency (`speedfit`), per-tier advice (`recommend`), the validation against measurements
(`accuracy`) and a Pareto frontier per task out. Every estimate follows `FORMULA`, the text the page
shows. A missing fact is "no data", never a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import accuracy, fit_table, fits, memory, recommend, speedfit
from .benchmarks import BenchmarkData, ComparableGroup
from .fit_table import BASE_CONTEXT, TIERS_GB, FitRow
from .fits import TierFit
from .models.benchmark import BenchmarkRow
from .models.entity import Entity
from .models.hardware import Device

QUALITY_METRIC: dict[str, str] = {"text-generation": "mmlu_5shot"}
SPEED_METRIC: dict[str, str] = {"text-generation": "generation_throughput", "text-to-image": "images_per_minute"}
FULL_PRECISION_ROWS = frozenset({"fp16", "bf16", "f16"})

FORMULA = f"""\
Memory estimates, used where no peak-memory measurement exists (GB = 10^9 bytes).

Language models (llama.cpp and compatible runtimes)
  weights  = parameters x bits per weight / 8, or the published file size of that quantisation
             bits per weight, measured by llama.cpp on Llama-3.1-8B: {", ".join(f"{f} {memory.WEIGHT_FORMATS[f].bits_per_weight:g}" for f in memory.TABLE_FORMATS)}
  KV cache = 2 x layers x key/value heads x head size x context tokens x bytes per cache element
             bytes per element: f16 2, q8_0 34/32, q4_0 18/32 (llama.cpp --cache-type-k/-v)
             head size: stated, else hidden size / attention heads
             sliding-window layers keep min(context, window) tokens; the full-attention layers keep all
             latent attention (MLA): 1 x layers x (kv_lora_rank + rope_head_dim) x context x bytes
  overhead = {memory.OVERHEAD_FIXED_GB} GB + {memory.OVERHEAD_SHARE:.0%} of (weights + KV cache): runtime context and compute buffers
  total    = weights + KV cache + overhead, at {", ".join(f"{c // 1024}K" for c in fit_table.LLM_CONTEXTS)} tokens of context
             (capped at the model's context window), batch 1
  mixture of experts: all parameters count for memory, the active ones for speed
  decode speed = 1 / ((active weights + KV cache at that context) / (efficiency x memory bandwidth)
                     + fixed time per token)
             efficiency and fixed time are fitted to published single-stream decode rows (see the method page)

Image models
  weights     = (denoiser parameters + text-encoder parameters where the entity states them)
                x bytes per parameter (fp16/bf16: 2, fp8/int8: 1); "denoiser only" when it does not
  activations = {fit_table.ACTIVATION_GB_PER_MEGAPIXEL:g} GB per megapixel of the native resolution (batch 1, VAE decode included)
  overhead    = {fit_table.IMAGE_OVERHEAD_SHARE:.0%} of weights + {fit_table.IMAGE_OVERHEAD_FIXED_GB} GB
  total       = weights + activations + overhead

Video models
  no formula: the memory is what the model's own repository publishes for one clip at a stated size and
  precision (a measured peak, or the smallest GPU its command runs on), without and with offloading;
  a model whose repository publishes no such figure in text is No data

Verdicts for a card of N GB (taken as N x 10^9 bytes: cards are sold in binary gigabytes, so about 7% is
left as headroom; Apple silicon: the GPU's share of unified memory, {memory.UNIFIED_SHARE_SMALL:.0%} up to 32 GB, {memory.UNIFIED_SHARE_LARGE:.0%} above)
  Fits              total <= N
  Fits with offload total > N, but what offloading keeps on the GPU fits in N:
                    language models: half of the layers (weights and KV cache) + overhead, or for a
                    mixture of experts with its experts in CPU memory, the active weights + KV + overhead;
                    image models: the largest component (denoiser or text encoders) + activations + overhead,
                    or a measured peak with model CPU offload
  Does not fit      otherwise
  measured          the total is a peak-memory benchmark row of exactly that configuration
  estimated         the total comes from the formulas above
  published         video models: the figure the model's repository publishes for that clip size
  No data           a fact the formula needs is missing, and nothing was measured
"""


# ---- objectives from benchmark rows -----------------------------------------------------------------


@dataclass(frozen=True)
class ObjectiveSource:
    """Where one objective's numbers come from: one comparable group (one source, one set of settings),
    so that the numbers compared were made the same way."""

    metric: str
    group: ComparableGroup | None
    values: Mapping[str, BenchmarkRow] = field(default_factory=dict)   # entity id -> its row


def pick_group(data: BenchmarkData, task: str, metric: str | None,
               precisions: frozenset[str] | None = None) -> ObjectiveSource | None:
    """The comparable group of `metric` (at one of `precisions`, when given) that covers the most entities
    (the first in the stable group order on a tie); within it, an entity's first row in file order."""
    if metric is None:
        return None
    groups = [g for g in data.groups(task, metric)
              if precisions is None or dict(g.settings)["precision"] in precisions]
    if not groups:
        return ObjectiveSource(metric, None)
    best = max(groups, key=lambda g: len(g.entities))   # max keeps the first of equals
    values: dict[str, BenchmarkRow] = {}
    for r in sorted(best.rows, key=lambda r: (r.file, r.line)):
        values.setdefault(r.entity, r)
    return ObjectiveSource(metric, best, dict(sorted(values.items())))


# ---- Pareto frontier --------------------------------------------------------------------------------

OBJECTIVES: tuple[str, ...] = ("quality", "speed", "memory")
HIGHER_IS_BETTER = {"quality": True, "speed": True, "memory": False}
DEFAULT_WEIGHTS: dict[str, float] = {"quality": 0.5, "speed": 0.25, "memory": 0.25}

FRONTIER_TEXT = """\
The frontier lists the models no other model beats: another model beats one when it is at least as good
on quality (higher), speed (higher) and memory (lower), and better on at least one. Quality is one
benchmark from one source; speed is one metric on one GPU with the same settings, at fp16/bf16; memory is
the fp16/bf16 total at 4K context (language models) or the native resolution (image models). A model
lacking any of the three is listed as not comparable, never placed. Models equal on all three are all
kept. The weighted score (each objective scaled from 0 to 1 over the comparable models, memory reversed)
only orders the frontier; its weights are shown with it."""


@dataclass(frozen=True)
class Candidate:
    entity_id: str
    quality: float | None = None
    speed: float | None = None
    memory_gb: float | None = None

    def value(self, objective: str) -> float | None:
        return self.memory_gb if objective == "memory" else getattr(self, objective)


@dataclass(frozen=True)
class Placed:
    candidate: Candidate
    score: float                      # the weighted tie-break score, 0 to 1 (display only)
    dominated_by: tuple[str, ...] = ()
    ties: tuple[str, ...] = ()        # candidates equal to this one on every objective


@dataclass(frozen=True)
class Frontier:
    objectives: tuple[str, ...]
    weights: Mapping[str, float]
    frontier: tuple[Placed, ...]                            # highest weighted score first
    dominated: tuple[Placed, ...]
    not_comparable: tuple[tuple[str, tuple[str, ...]], ...]  # (entity id, the objectives it lacks)


def _at_least_as_good(a: Candidate, b: Candidate, objective: str) -> bool:
    x, y = a.value(objective), b.value(objective)
    assert x is not None and y is not None
    return x >= y if HIGHER_IS_BETTER[objective] else x <= y


def dominates(a: Candidate, b: Candidate, objectives: Iterable[str] = OBJECTIVES) -> bool:
    """a beats b: at least as good on every objective and not equal on all of them."""
    objs = tuple(objectives)
    return all(_at_least_as_good(a, b, o) for o in objs) and any(a.value(o) != b.value(o) for o in objs)


def _known(c: Candidate, objective: str) -> float:
    """An objective of a comparable candidate, which has every one."""
    value = c.value(objective)
    assert value is not None, f"{c.entity_id} has no {objective}"
    return float(value)


def pareto(candidates: Iterable[Candidate], objectives: Iterable[str] = OBJECTIVES,
           weights: Mapping[str, float] = DEFAULT_WEIGHTS) -> Frontier:
    """The points no other point beats. A candidate lacking an objective is 'not comparable', never placed.
    Candidates equal on every objective are all kept (and listed as ties); the weighted score (each
    objective min-max normalised over the comparable candidates, memory reversed) only orders the frontier."""
    objs = tuple(objectives)
    pool = sorted(candidates, key=lambda c: c.entity_id)
    comparable = [c for c in pool if all(c.value(o) is not None for o in objs)]
    kept = {id(c) for c in comparable}
    lacking = tuple((c.entity_id, tuple(o for o in objs if c.value(o) is None)) for c in pool if id(c) not in kept)
    bounds = {o: (min(v), max(v)) for o in objs
              if (v := [_known(x, o) for x in comparable])}

    def normalised(c: Candidate, o: str) -> float:
        (lo, hi), v = bounds[o], _known(c, o)
        if hi == lo:
            return 1.0
        share = (v - lo) / (hi - lo)
        return share if HIGHER_IS_BETTER[o] else 1.0 - share

    # `dominates` and the tie test for every pair at once, one candidate against all in numpy: the same
    # comparisons (lower-is-better values negated, so "at least as good" is >= everywhere), in C.
    oriented = np.array([[_known(c, o) if HIGHER_IS_BETTER[o] else -_known(c, o)
                          for o in objs] for c in comparable], dtype=float).reshape(len(comparable), len(objs))
    total_weight = sum(weights.get(o, 0.0) for o in objs) or 1.0
    placed = []
    for i, c in enumerate(comparable):
        score = sum(weights.get(o, 0.0) * normalised(c, o) for o in objs) / total_weight
        at_least = (oriented >= oriented[i]).all(axis=1)
        equal = (oriented == oriented[i]).all(axis=1)
        by = tuple(comparable[j].entity_id for j in np.flatnonzero(at_least & ~equal))
        ties = tuple(comparable[j].entity_id for j in np.flatnonzero(equal) if j != i)
        placed.append(Placed(c, score, by, ties))
    order = sorted(placed, key=lambda p: (-p.score, p.candidate.entity_id))
    return Frontier(objs, dict(weights), tuple(p for p in order if not p.dominated_by),
                    tuple(p for p in order if p.dominated_by), lacking)


# ---- the whole analysis -----------------------------------------------------------------------------

@dataclass(frozen=True)
class TaskAnalysis:
    task: str
    quality: ObjectiveSource | None
    speed: ObjectiveSource | None
    candidates: tuple[Candidate, ...]
    frontier: Frontier


FULL_PRECISION: dict[str, str] = {"text-generation": "F16", "text-to-image": "fp16/bf16", "text-to-video": "bf16"}


def _base_row(rows: Iterable[FitRow], entity_id: str, task: str) -> FitRow | None:
    """The fit row models are compared at: full precision, the base context (or the model's window when
    smaller) and an f16 cache for language models; the native resolution for image models."""
    return next((r for r in rows if r.entity_id == entity_id and r.precision == FULL_PRECISION.get(task)
                 and r.kv_cache in (None, "f16")
                 and (r.context is None or r.context == BASE_CONTEXT or (r.context_capped and r.context < BASE_CONTEXT))),
                None)


def task_analysis(task: str, fit_rows: list[FitRow], data: BenchmarkData,
                  weights: Mapping[str, float] = DEFAULT_WEIGHTS) -> TaskAnalysis:
    quality = pick_group(data, task, QUALITY_METRIC.get(task))
    # speed at full precision, like the memory objective: one configuration per candidate
    speed = pick_group(data, task, SPEED_METRIC.get(task), FULL_PRECISION_ROWS)
    ids = sorted({r.entity_id for r in fit_rows if r.task == task})
    rows_of: dict[str, list[FitRow]] = {}   # one scan of the fit table, not one per candidate
    for r in fit_rows:
        rows_of.setdefault(r.entity_id, []).append(r)
    out = []
    for eid in ids:
        base = _base_row(rows_of.get(eid, []), eid, task)
        q = quality.values.get(eid) if quality else None
        s = speed.values.get(eid) if speed else None
        out.append(Candidate(eid, q.value if q else None, s.value if s else None, base.need_gb if base else None))
    # An objective no two candidates share cannot order anything: the frontier uses the objectives that
    # at least two candidates have (the page names them); with fewer than two there is no frontier.
    shared = tuple(o for o in OBJECTIVES if sum(c.value(o) is not None for c in out) >= 2)
    return TaskAnalysis(task, quality, speed, tuple(out), pareto(out, shared if len(shared) >= 2 else OBJECTIVES,
                                                                 weights))


@dataclass(frozen=True)
class SelectionAnalysis:
    formula: str
    tiers: tuple[int, ...]
    fits: tuple[FitRow, ...]
    tasks: tuple[TaskAnalysis, ...]
    advice: tuple[recommend.TierAdvice, ...]
    devices: tuple[Device, ...]
    efficiency: speedfit.EfficiencyFit
    device_estimates: tuple[fit_table.DeviceEstimate, ...]
    validation: accuracy.Validation
    architectures: Mapping[str, memory.Architecture]

    def fit_frame(self) -> pd.DataFrame:
        return fit_table.fit_frame(self.fits)

    def device_frame(self) -> pd.DataFrame:
        return fit_table.device_frame(self.device_estimates)

    def tier_fit(self, entity_id: str, tier_gb: int) -> TierFit | None:
        """The best configuration of one model for one GPU size (fits.best_fits gives them all at once)."""
        return fits.tier_fit([r for r in self.fits if r.entity_id == entity_id], tier_gb)


def analyse(entities: Iterable[Entity], data: BenchmarkData, devices: Iterable[Device] = (),
            weights: Mapping[str, float] = DEFAULT_WEIGHTS) -> SelectionAnalysis:
    models = {e.id: e for e in entities if e.type == "model"}
    architectures = {eid: a for eid, e in sorted(models.items())
                     if e.task == "text-generation" and (a := memory.architecture(e)[0]) is not None}
    catalog = tuple(devices)
    points = speedfit.speed_points(data.rows, catalog, architectures)
    efficiency = speedfit.fit(points)
    rows = fit_table.fit_table(models.values(), data)
    tasks = tuple(task_analysis(t, rows, data, weights) for t in sorted({r.task for r in rows}))
    names = {eid: e.name for eid, e in models.items()}
    # size, for "the largest that fits": total parameters; for image models the denoiser's
    parameters = {eid: v for eid, e in models.items()
                  if (v := memory.fact_number(e, "denoiser_parameters" if e.task == "text-to-image" else "parameters"))
                  is not None}
    advice = tuple(a for t in sorted({r.task for r in rows}) for a in recommend.advise(t, rows, data, names, parameters))
    estimates = tuple(fit_table.device_estimates(rows, models, catalog, efficiency, points))
    validation = accuracy.validate(points, efficiency, data, architectures, rows)
    return SelectionAnalysis(FORMULA, TIERS_GB, tuple(rows), tasks, advice, catalog, efficiency, estimates,
                             validation, architectures)
