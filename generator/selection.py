"""The model-selection analysis: what fits on a card of N GB, which models no other beats, and what to pick.

Pure and typed: entities (their facts) and benchmark data in; fit verdicts, a Pareto frontier per task
and plain-word recommendations out. Every number a recommendation names is a number of the fit table,
and every estimate follows `FORMULA`, the text the page shows. A missing fact is "no data", never a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from .benchmarks import BenchmarkData, ComparableGroup
from .models.benchmark import METRICS, BenchmarkRow
from .models.entity import Entity

TIERS_GB: tuple[int, ...] = (8, 12, 16, 24, 48, 80)
LLM_CONTEXTS: tuple[int, ...] = (4096, 32768, 131072)
BASE_CONTEXT = 4096  # the context at which language models are compared and recommended

GB = 1e9                        # the page's GB: 10^9 bytes
BYTES_PER_PARAMETER: dict[str, dict[str, float]] = {
    "text-generation": {"fp16/bf16": 2.0, "int8": 1.0, "int4": 0.5},
    "text-to-image": {"fp16/bf16": 2.0, "fp8/int8": 1.0},
}
KV_BYTES_PER_VALUE = 2          # the KV cache stays fp16 whatever the weights' precision
OVERHEAD_SHARE = 0.10           # runtime overhead: 10% of the weights ...
OVERHEAD_FIXED_GB = 0.5         # ... plus 0.5 GB (CUDA context, allocator, buffers)
# Image models, batch 1, VAE decode included. A rough constant set above what the HF SDXL blog implies:
# fp16 + VAE slicing, 4 images of 1 MP, 15.4 GB peak - about 7 GB of weights = about 2.1 GB per image.
ACTIVATION_GB_PER_MEGAPIXEL = 3.0
TEXT_ENCODER_FACT = "text_encoder_parameters"  # read when an entity states it (in B); else "denoiser only"

# Which precisions of a benchmark row count as which precision of the table (for measured peak memory).
ROW_PRECISIONS: dict[str, dict[str, frozenset[str]]] = {
    "text-generation": {"fp16/bf16": frozenset({"fp16", "bf16"}), "int8": frozenset({"int8", "q8_0"}),
                        "int4": frozenset({"int4", "4-bit", "q4_0", "q4_k_m"})},
    "text-to-image": {"fp16/bf16": frozenset({"fp16", "bf16"}), "fp8/int8": frozenset({"fp8", "int8"})},
}
QUALITY_METRIC: dict[str, str] = {"text-generation": "mmlu_5shot"}
SPEED_METRIC: dict[str, str] = {"text-generation": "generation_throughput", "text-to-image": "images_per_minute"}

Verdict = Literal["fits", "offload", "does-not-fit", "not-supported", "no-data"]
Basis = Literal["measured", "estimated"]
VERDICT_LABELS: dict[str, str] = {"fits": "Fits", "offload": "Fits with offload", "does-not-fit": "Does not fit",
                                  "not-supported": "Not supported", "no-data": "No data"}

FORMULA = f"""\
Memory estimates, used where no peak-memory measurement exists (GB = 10^9 bytes).

Language models
  weights  = parameters x bytes per parameter (fp16/bf16: 2, int8: 1, int4: 0.5)
  KV cache = 2 x layers x key/value heads x head size x context tokens
             x {KV_BYTES_PER_VALUE} bytes per value (the cache stays fp16) x batch 1
             (head size: hidden size / attention heads where the model does not state it)
  overhead = {OVERHEAD_SHARE:.0%} of weights + {OVERHEAD_FIXED_GB} GB
  total    = weights + KV cache + overhead, at 4K, 32K and 128K tokens of context
  A context longer than the model's context window is "Not supported", not "Does not fit".

Image models
  weights     = (denoiser parameters + text-encoder parameters where the entity states them)
                x bytes per parameter (fp16/bf16: 2, fp8/int8: 1); "denoiser only" when it does not
  activations = {ACTIVATION_GB_PER_MEGAPIXEL:g} GB per megapixel of the native resolution (batch 1, VAE decode included)
  overhead    = {OVERHEAD_SHARE:.0%} of weights + {OVERHEAD_FIXED_GB} GB
  total       = weights + activations + overhead

Verdicts for a card of N GB (taken as N x 10^9 bytes: cards are sold in binary gigabytes, so about 7% is
left as headroom)
  Fits              total <= N
  Fits with offload total > N, but what offloading keeps on the GPU fits in N:
                    language models: half of the layers (half of weights + KV cache) + overhead;
                    image models: the largest component (denoiser or text encoders) + activations + overhead
  Does not fit      otherwise
  measured          the total is a peak-memory benchmark row at the same precision, batch 1, the same
                    context (language models) or the native resolution (image models), and nothing in its
                    options (no offload); an offload verdict is always estimated
  estimated         the total comes from the formulas above
  No data           a fact the formula needs is missing, and nothing was measured
"""


# ---- facts -> specs ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class LlmSpec:
    parameters_b: float
    layers: int
    kv_heads: int
    head_dim: int
    context_length: int


@dataclass(frozen=True)
class ImageSpec:
    denoiser_b: float
    text_encoders_b: float | None
    native_resolution: int


LLM_FACTS = ("parameters", "layers", "kv_heads", "head_dim", "context_length")
HEAD_DIM_FROM = ("hidden_size", "attention_heads")   # head_dim = hidden_size / attention_heads when unstated
IMAGE_FACTS = ("denoiser_parameters", "native_resolution")


def _numbers(entity: Entity, keys: Iterable[str]) -> dict[str, float]:
    out = {}
    for key in keys:
        fact = entity.facts.get(key)
        if fact is not None and isinstance(fact.value, (int, float)) and not isinstance(fact.value, bool):
            out[key] = fact.value
    return out


def llm_spec(entity: Entity) -> tuple[LlmSpec | None, tuple[str, ...]]:
    """The facts the LLM formula needs, or the keys that are missing.

    A model card often states hidden size and attention heads but not the head size; it is their
    quotient in a standard transformer, so it is derived when it divides evenly. A stated head_dim wins
    (some models, e.g. Gemma 2, set it otherwise)."""
    f = _numbers(entity, (*LLM_FACTS, *HEAD_DIM_FROM))
    if "head_dim" not in f and all(k in f for k in HEAD_DIM_FROM):
        hidden, heads = (int(f[k]) for k in HEAD_DIM_FROM)
        if heads > 0 and hidden % heads == 0:
            f["head_dim"] = hidden // heads
    missing = tuple(k for k in LLM_FACTS if k not in f)
    if missing:
        return None, missing
    return LlmSpec(float(f["parameters"]), int(f["layers"]), int(f["kv_heads"]), int(f["head_dim"]),
                   int(f["context_length"])), ()


def image_spec(entity: Entity) -> tuple[ImageSpec | None, tuple[str, ...]]:
    f = _numbers(entity, (*IMAGE_FACTS, TEXT_ENCODER_FACT))
    missing = tuple(k for k in IMAGE_FACTS if k not in f)
    if missing:
        return None, missing
    encoders = f.get(TEXT_ENCODER_FACT)
    return ImageSpec(float(f["denoiser_parameters"]), None if encoders is None else float(encoders),
                     int(f["native_resolution"])), ()


# ---- memory -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MemoryEstimate:
    """The parts of an estimate in GB, so the page can show the sum, not only its result."""

    weights_gb: float
    kv_cache_gb: float
    activations_gb: float
    overhead_gb: float
    offload_gpu_gb: float  # what must stay on the GPU when the rest is offloaded
    scope: str             # what the weights include

    @property
    def total_gb(self) -> float:
        return self.weights_gb + self.kv_cache_gb + self.activations_gb + self.overhead_gb


def _overhead(weights_gb: float) -> float:
    return OVERHEAD_SHARE * weights_gb + OVERHEAD_FIXED_GB


def kv_cache_gb(spec: LlmSpec, context: int) -> float:
    return 2 * spec.layers * spec.kv_heads * spec.head_dim * context * KV_BYTES_PER_VALUE / GB


def llm_memory(spec: LlmSpec, precision: str, context: int) -> MemoryEstimate:
    weights = spec.parameters_b * BYTES_PER_PARAMETER["text-generation"][precision]  # 1e9 params x bytes = GB
    kv = kv_cache_gb(spec, context)
    overhead = _overhead(weights)
    return MemoryEstimate(weights, kv, 0.0, overhead, (weights + kv) / 2 + overhead,
                          "weights + KV cache + overhead")


def image_memory(spec: ImageSpec, precision: str) -> MemoryEstimate:
    per_parameter = BYTES_PER_PARAMETER["text-to-image"][precision]
    denoiser = spec.denoiser_b * per_parameter
    encoders = (spec.text_encoders_b or 0.0) * per_parameter
    weights = denoiser + encoders
    activations = ACTIVATION_GB_PER_MEGAPIXEL * spec.native_resolution ** 2 / 1e6
    overhead = _overhead(weights)
    scope = "denoiser + text encoders" if spec.text_encoders_b is not None else "denoiser only"
    return MemoryEstimate(weights, 0.0, activations, overhead, max(denoiser, encoders) + activations + overhead,
                          scope)


# ---- fit verdicts -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class FitCell:
    tier_gb: int
    verdict: Verdict
    basis: Basis | None = None  # None for "no data" and "not supported"

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self.verdict] + (f" ({self.basis})" if self.basis else "")


@dataclass(frozen=True)
class FitRow:
    """One model at one precision (and, for language models, one context) across the tiers."""

    entity_id: str
    name: str
    task: str
    precision: str
    context: int | None
    estimate: MemoryEstimate | None
    measured: BenchmarkRow | None
    cells: tuple[FitCell, ...]
    missing: tuple[str, ...] = ()   # fact keys the estimate lacks
    note: str | None = None

    @property
    def need_gb(self) -> float | None:
        """The number each tier is compared with: the measured peak, else the estimated total."""
        if self.measured is not None:
            return self.measured.value
        return self.estimate.total_gb if self.estimate is not None else None

    @property
    def basis(self) -> Basis | None:
        return "measured" if self.measured is not None else "estimated" if self.estimate is not None else None

    def cell(self, tier_gb: int) -> FitCell:
        return next(c for c in self.cells if c.tier_gb == tier_gb)


def judge(tier_gb: int, need_gb: float, offload_gpu_gb: float | None, measured: bool) -> FitCell:
    """One verdict. Offload is always an estimate: no benchmark row measures it."""
    basis: Basis = "measured" if measured else "estimated"
    if need_gb <= tier_gb:
        return FitCell(tier_gb, "fits", basis)
    if offload_gpu_gb is not None and offload_gpu_gb <= tier_gb:
        return FitCell(tier_gb, "offload", "estimated")
    return FitCell(tier_gb, "does-not-fit", basis)


def measured_peak(data: BenchmarkData, entity_id: str, task: str, precision: str, *, context: int | None = None,
                  resolution: int | None = None) -> BenchmarkRow | None:
    """The peak-memory row for exactly this situation; the largest if several (the cautious choice)."""
    accepted = ROW_PRECISIONS[task][precision]
    want_resolution = f"{resolution}x{resolution}" if resolution is not None else None
    rows = [r for r in data.rows_for(entity_id)
            if r.metric == "peak_memory" and r.task == task and r.precision in accepted and r.batch in (None, 1)
            and r.options is None
            and (r.context == context if task == "text-generation" else r.resolution == want_resolution)]
    return max(rows, key=lambda r: (r.value, r.file, r.line)) if rows else None


def _fit_row(entity: Entity, precision: str, context: int | None, estimate: MemoryEstimate | None,
             measured: BenchmarkRow | None, missing: tuple[str, ...]) -> FitRow:
    need = measured.value if measured is not None else estimate.total_gb if estimate is not None else None
    if need is None:
        cells = tuple(FitCell(t, "no-data") for t in TIERS_GB)
    else:
        offload = estimate.offload_gpu_gb if estimate is not None else None
        cells = tuple(judge(t, need, offload, measured is not None) for t in TIERS_GB)
    return FitRow(entity.id, entity.name, str(entity.task), precision, context, estimate, measured, cells, missing)


def fit_rows_for(entity: Entity, data: BenchmarkData) -> list[FitRow]:
    rows: list[FitRow] = []
    if entity.task == "text-generation":
        spec, missing = llm_spec(entity)
        for precision in BYTES_PER_PARAMETER["text-generation"]:
            for context in LLM_CONTEXTS:
                if spec is not None and context > spec.context_length:
                    rows.append(FitRow(entity.id, entity.name, entity.task, precision, context, None, None,
                                       tuple(FitCell(t, "not-supported") for t in TIERS_GB),
                                       note=f"the context window is {spec.context_length:,} tokens"))
                    continue
                estimate = llm_memory(spec, precision, context) if spec is not None else None
                measured = measured_peak(data, entity.id, entity.task, precision, context=context)
                rows.append(_fit_row(entity, precision, context, estimate, measured, missing))
    elif entity.task == "text-to-image":
        spec, missing = image_spec(entity)
        for precision in BYTES_PER_PARAMETER["text-to-image"]:
            estimate = image_memory(spec, precision) if spec is not None else None
            resolution = spec.native_resolution if spec is not None else None
            measured = measured_peak(data, entity.id, entity.task, precision, resolution=resolution)
            rows.append(_fit_row(entity, precision, None, estimate, measured, missing))
    return rows


def fit_table(entities: Iterable[Entity], data: BenchmarkData) -> list[FitRow]:
    """Every model x precision (x context) x tier, ordered by task, then id, precision and context."""
    models = sorted((e for e in entities if e.type == "model" and e.task is not None), key=lambda e: (e.task, e.id))
    return [row for e in models for row in fit_rows_for(e, data)]


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
              if (v := [float(x.value(o)) for x in comparable])}  # type: ignore[arg-type]

    def normalised(c: Candidate, o: str) -> float:
        (lo, hi), v = bounds[o], float(c.value(o))  # type: ignore[arg-type]
        if hi == lo:
            return 1.0
        share = (v - lo) / (hi - lo)
        return share if HIGHER_IS_BETTER[o] else 1.0 - share

    # `dominates` and the tie test for every pair at once, one candidate against all in numpy: the same
    # comparisons (lower-is-better values negated, so "at least as good" is >= everywhere), in C.
    oriented = np.array([[float(c.value(o)) if HIGHER_IS_BETTER[o] else -float(c.value(o))  # type: ignore[arg-type]
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


def _base_row(rows: Iterable[FitRow], entity_id: str, precision: str) -> FitRow | None:
    """The fit row models are compared at: full precision, 4K context (language models)."""
    return next((r for r in rows if r.entity_id == entity_id and r.precision == precision
                 and r.context in (None, BASE_CONTEXT)), None)


def task_analysis(task: str, fit_rows: list[FitRow], data: BenchmarkData,
                  weights: Mapping[str, float] = DEFAULT_WEIGHTS) -> TaskAnalysis:
    quality = pick_group(data, task, QUALITY_METRIC.get(task))
    # speed at full precision, like the memory objective: one configuration per candidate
    speed = pick_group(data, task, SPEED_METRIC.get(task), ROW_PRECISIONS[task]["fp16/bf16"])
    ids = sorted({r.entity_id for r in fit_rows if r.task == task})
    rows_of: dict[str, list[FitRow]] = {}   # one scan of the fit table, not one per candidate
    for r in fit_rows:
        rows_of.setdefault(r.entity_id, []).append(r)
    out = []
    for eid in ids:
        base = _base_row(rows_of.get(eid, []), eid, "fp16/bf16")
        q = quality.values.get(eid) if quality else None
        s = speed.values.get(eid) if speed else None
        out.append(Candidate(eid, q.value if q else None, s.value if s else None, base.need_gb if base else None))
    # An objective no two candidates share cannot order anything: the frontier uses the objectives that
    # at least two candidates have (the page names them); with fewer than two there is no frontier.
    shared = tuple(o for o in OBJECTIVES if sum(c.value(o) is not None for c in out) >= 2)
    return TaskAnalysis(task, quality, speed, tuple(out), pareto(out, shared if len(shared) >= 2 else OBJECTIVES,
                                                                 weights))


@dataclass(frozen=True)
class Recommendation:
    """One sentence for one tier, with the numbers it states, each of them in the fit table."""

    task: str
    tier_gb: int
    kind: Literal["best-quality", "fits", "offload"]
    entity_id: str
    name: str
    precision: str
    context: int | None
    verdict: Verdict
    basis: Basis
    need_gb: float
    quality: BenchmarkRow | None
    text: str


def _context_words(context: int | None) -> str:
    return f" with {context // 1024}K context" if context else ""


def _best_option(rows: list[FitRow], tier: int) -> tuple[FitRow, FitCell] | None:
    """The highest precision at which the model fits at this tier; else the highest that fits with offload."""
    for wanted in ("fits", "offload"):
        for r in rows:
            if r.cell(tier).verdict == wanted:
                return r, r.cell(tier)
    return None


def recommendations(fit_rows: list[FitRow], tasks: Iterable[TaskAnalysis]) -> list[Recommendation]:
    """Per task and tier: the best quality score among the models that fit (from one source only), then every
    model that fits at its highest precision, then those that run only with offload."""
    out: list[Recommendation] = []
    for ta in tasks:
        base_rows: dict[str, list[FitRow]] = {}
        for r in fit_rows:
            if r.task == ta.task and r.context in (None, BASE_CONTEXT):
                base_rows.setdefault(r.entity_id, []).append(r)
        for tier in TIERS_GB:
            options = {eid: opt for eid, rows in sorted(base_rows.items()) if (opt := _best_option(rows, tier))}
            fitting = [(r, c) for r, c in options.values() if c.verdict == "fits"]
            out += _best_quality(ta, tier, fitting)
            for r, c in sorted(options.values(), key=lambda o: (o[1].verdict != "fits", o[0].entity_id)):
                assert c.basis is not None and r.need_gb is not None
                where = f"{r.name} at {r.precision}{_context_words(r.context)}"
                if c.verdict == "fits":
                    text = f"{where}: {VERDICT_LABELS['fits']}, {r.need_gb:.1f} GB {c.basis} of {tier} GB."
                else:
                    assert r.estimate is not None
                    text = (f"{where}: {VERDICT_LABELS['offload']}, {r.need_gb:.1f} GB {r.basis} in all, more than "
                            f"{tier} GB; about {r.estimate.offload_gpu_gb:.1f} GB stays on the GPU.")
                out.append(Recommendation(ta.task, tier, "fits" if c.verdict == "fits" else "offload", r.entity_id,
                                          r.name, r.precision, r.context, c.verdict, c.basis, r.need_gb, None, text))
    return out


def _best_quality(ta: TaskAnalysis, tier: int, fitting: list[tuple[FitRow, FitCell]]) -> list[Recommendation]:
    if ta.quality is None:
        return []
    scored = [(ta.quality.values[r.entity_id], r, c) for r, c in fitting if r.entity_id in ta.quality.values]
    if not scored:
        return []
    q, r, c = min(scored, key=lambda t: (-t[0].value, t[1].need_gb, t[1].entity_id))
    assert c.basis is not None and r.need_gb is not None
    label = METRICS[ta.quality.metric].label
    source = q.source_title or q.source_url or f"run {q.run}"
    among = "the only model" if len(scored) == 1 else f"highest of the {len(scored)} models"
    text = (f"{label}, {among} that fit in {tier} GB and have a score from {source}: {r.name}, {q.value:g}, "
            f"at {r.precision}{_context_words(r.context)}, {r.need_gb:.1f} GB {c.basis}.")
    if r.precision != "fp16/bf16":
        text += " The score was published for the unquantized model."
    return [Recommendation(ta.task, tier, "best-quality", r.entity_id, r.name, r.precision, r.context, c.verdict,
                           c.basis, r.need_gb, q, text)]


@dataclass(frozen=True)
class SelectionAnalysis:
    formula: str
    tiers: tuple[int, ...]
    fits: tuple[FitRow, ...]
    tasks: tuple[TaskAnalysis, ...]
    recommendations: tuple[Recommendation, ...]


def analyse(entities: Iterable[Entity], data: BenchmarkData,
            weights: Mapping[str, float] = DEFAULT_WEIGHTS) -> SelectionAnalysis:
    fits = fit_table(entities, data)
    tasks = tuple(task_analysis(t, fits, data, weights) for t in sorted({r.task for r in fits}))
    return SelectionAnalysis(FORMULA, TIERS_GB, tuple(fits), tasks, tuple(recommendations(fits, tasks)))
