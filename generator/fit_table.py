"""Fit verdicts: every model x weight format x context x KV-cache precision x GPU memory size, and the
speed estimate on every device of the hardware catalog.

Pure and typed: entities, benchmark rows, the hardware catalog and the fitted efficiency in; fit rows
and pandas frames out (the downloads are written from the frames). A measured peak replaces the
estimate where one exists; a missing fact is "no data", never a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import pandas as pd

from . import memory
from .benchmarks import BenchmarkData
from .memory import KV_PRECISIONS, ROW_PRECISION, TABLE_FORMATS, Architecture
from .models.benchmark import BenchmarkRow
from .models.entity import Entity
from .models.hardware import Device
from .speedfit import EfficiencyFit, SpeedPoint

TIERS_GB: tuple[int, ...] = (8, 12, 16, 24, 32, 48, 80)
FIT_TASKS: tuple[str, ...] = ("text-generation", "text-to-image", "text-to-video")   # the tasks the fit table sizes
LLM_CONTEXTS: tuple[int, ...] = (8192, 32768, 131072)
BASE_CONTEXT = 8192          # the context models are compared and recommended at (or their window, if smaller)
KV_CACHES: tuple[str, ...] = tuple(KV_PRECISIONS)      # f16, q8_0, q4_0

# Image models: the denoiser (and the text encoders where stated) at 16 or 8 bits per weight.
IMAGE_PRECISIONS: dict[str, float] = {"fp16/bf16": 2.0, "fp8/int8": 1.0}
IMAGE_ROW_PRECISIONS: dict[str, frozenset[str]] = {"fp16/bf16": frozenset({"fp16", "bf16"}),
                                                  "fp8/int8": frozenset({"fp8", "int8"})}
# Batch 1 at the native resolution, VAE decode included. A rough constant above what the HF SDXL blog
# implies (fp16 + VAE slicing, 4 images of 1 MP: 15.4 GB peak - about 7 GB of weights = ~2.1 GB per image).
ACTIVATION_GB_PER_MEGAPIXEL = 3.0
IMAGE_OVERHEAD_SHARE = 0.10
IMAGE_OVERHEAD_FIXED_GB = 0.5
OFFLOAD_OPTION = "model cpu offload"     # a peak_memory row whose options say this measured the offload mode

Verdict = Literal["fits", "offload", "does-not-fit", "no-data"]
Basis = Literal["measured", "estimated", "published"]   # published: a maker's figure (video models)
VERDICT_LABELS: dict[str, str] = {"fits": "Fits", "offload": "Fits with offload", "does-not-fit": "Does not fit",
                                  "no-data": "No data"}


@dataclass(frozen=True)
class MemoryEstimate:
    """The parts of an estimate in GB, so the page can show the sum and not only its result."""

    weights_gb: float
    kv_cache_gb: float
    activations_gb: float
    overhead_gb: float
    offload_gpu_gb: float  # what must stay on the GPU when the rest is offloaded
    scope: str             # what the weights are: "bits per weight", "file size", "denoiser only", ...

    @property
    def total_gb(self) -> float:
        return self.weights_gb + self.kv_cache_gb + self.activations_gb + self.overhead_gb


@dataclass(frozen=True)
class FitCell:
    tier_gb: int
    verdict: Verdict
    basis: Basis | None = None  # None for "no data"

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self.verdict] + (f" ({self.basis})" if self.basis else "")


@dataclass(frozen=True)
class FitRow:
    """One model in one configuration across the tiers: a weight format, and for language models a
    context and a KV-cache precision; for image models the native resolution."""

    entity_id: str
    name: str
    task: str
    precision: str                  # a weight format: "Q4_K_M", "F16", "fp16/bf16", ...
    context: int | None
    kv_cache: str | None
    estimate: MemoryEstimate | None
    measured: BenchmarkRow | None           # a peak-memory row for exactly this configuration
    measured_offload: BenchmarkRow | None   # a peak-memory row with model CPU offload (image models)
    cells: tuple[FitCell, ...]
    missing: tuple[str, ...] = ()           # fact keys the estimate lacks
    context_capped: bool = False            # the context is the model's window, smaller than asked
    resolution: str | None = None           # video models: the clip size the figures are for ("1280x720")

    @property
    def need_gb(self) -> float | None:
        """The number each tier is compared with: the measured peak, else the estimated total."""
        if self.measured is not None:
            return self.measured.value
        return self.estimate.total_gb if self.estimate is not None else None

    @property
    def offload_need_gb(self) -> float | None:
        if self.measured_offload is not None:
            return self.measured_offload.value
        return self.estimate.offload_gpu_gb if self.estimate is not None else None

    @property
    def basis(self) -> Basis | None:
        if self.task == "text-to-video":
            return "published" if self.measured is not None or self.measured_offload is not None else None
        return "measured" if self.measured is not None else "estimated" if self.estimate is not None else None

    def cell(self, tier_gb: int) -> FitCell:
        return next(c for c in self.cells if c.tier_gb == tier_gb)


def judge(tier_gb: float, need_gb: float, offload_gb: float | None, measured: bool,
          offload_measured: bool = False) -> FitCell:
    basis: Basis = "measured" if measured else "estimated"
    tier = int(tier_gb)
    if need_gb <= tier_gb:
        return FitCell(tier, "fits", basis)
    if offload_gb is not None and offload_gb <= tier_gb:
        return FitCell(tier, "offload", "measured" if offload_measured else "estimated")
    return FitCell(tier, "does-not-fit", basis)


def _cells(need: float | None, offload: float | None, measured: bool, offload_measured: bool) -> tuple[FitCell, ...]:
    if need is None and offload is not None and offload_measured:
        # only a figure with offload is published: it runs with offload where that fits, and nothing says
        # whether it would run without
        return tuple(FitCell(t, "offload" if offload <= t else "does-not-fit", "measured") for t in TIERS_GB)
    if need is None:
        return tuple(FitCell(t, "no-data") for t in TIERS_GB)
    return tuple(judge(t, need, offload, measured, offload_measured) for t in TIERS_GB)


# ---- language models --------------------------------------------------------------------------------

def _rows(data: BenchmarkData, entity_id: str, metric: str) -> list[BenchmarkRow]:
    return [r for r in data.rows_for(entity_id) if r.metric == metric and r.task == "text-generation"]


def file_sizes(data: BenchmarkData, entity_id: str) -> dict[str, float]:
    """Published GGUF file sizes per weight format (the first row in file order wins)."""
    out: dict[str, float] = {}
    for r in _rows(data, entity_id, "file_size"):
        fmt = ROW_PRECISION.get(r.precision or "")
        if fmt is not None:
            out.setdefault(fmt, r.value)
    return out


def llm_peak(data: BenchmarkData, entity_id: str, fmt: str, context: int, cache: str) -> BenchmarkRow | None:
    """A measured peak for exactly this configuration (the largest, the cautious choice). A row states no
    cache precision, so it counts only for the default f16 cache."""
    rows = [r for r in _rows(data, entity_id, "peak_memory") if ROW_PRECISION.get(r.precision or "") == fmt
            and r.context == context and r.batch in (None, 1) and r.options is None and cache == "f16"]
    return max(rows, key=lambda r: (r.value, r.file, r.line)) if rows else None


def llm_offload_gpu_gb(arch: Architecture, m: memory.LlmMemory) -> float:
    """What stays on the GPU with offload: half of the layers (weights and cache) for a dense model; for a
    mixture of experts with its routed experts in CPU memory, about the active weights and the cache."""
    half = (m.weights_gb + m.kv_cache_gb) / 2 + m.overhead_gb
    if not arch.is_moe:
        return half
    return min(half, m.weights_gb * arch.active_b / arch.parameters_b + m.kv_cache_gb + m.overhead_gb)


def llm_contexts(arch: Architecture | None) -> list[tuple[int, bool]]:
    """The contexts sized for a model: the table's, capped at its window (capped ones flagged, once)."""
    limit = arch.context_length if arch is not None else None
    out: dict[int, bool] = {}
    for c in LLM_CONTEXTS:
        if limit is not None and c > limit:
            out.setdefault(limit, True)
        else:
            out.setdefault(c, False)
    return sorted(out.items())


def llm_fit_rows(entity: Entity, data: BenchmarkData) -> list[FitRow]:
    arch, missing = memory.architecture(entity)
    sizes = file_sizes(data, entity.id)
    rows = []
    for fmt in TABLE_FORMATS:
        for context, capped in llm_contexts(arch):
            for cache in KV_CACHES:
                estimate = None
                if arch is not None:
                    m = memory.llm_memory(arch, fmt, context, cache, sizes.get(fmt))
                    estimate = MemoryEstimate(m.weights_gb, m.kv_cache_gb, 0.0, m.overhead_gb,
                                              llm_offload_gpu_gb(arch, m), m.weights_basis)
                measured = llm_peak(data, entity.id, fmt, context, cache)
                need = measured.value if measured else estimate.total_gb if estimate else None
                offload = estimate.offload_gpu_gb if estimate else None
                rows.append(FitRow(entity.id, entity.name, "text-generation", fmt, context, cache, estimate,
                                   measured, None, _cells(need, offload, measured is not None, False),
                                   missing, capped))
    return rows


# ---- image models -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ImageSpec:
    denoiser_b: float
    text_encoders_b: float | None
    native_resolution: int


IMAGE_FACTS = ("denoiser_parameters", "native_resolution")
TEXT_ENCODER_FACT = "text_encoder_parameters"


def image_spec(entity: Entity) -> tuple[ImageSpec | None, tuple[str, ...]]:
    f = {k: v for k in (*IMAGE_FACTS, TEXT_ENCODER_FACT) if (v := memory.fact_number(entity, k)) is not None}
    missing = tuple(k for k in IMAGE_FACTS if k not in f)
    if missing:
        return None, missing
    return ImageSpec(f["denoiser_parameters"], f.get(TEXT_ENCODER_FACT), int(f["native_resolution"])), ()


def image_memory(spec: ImageSpec, precision: str) -> MemoryEstimate:
    per_parameter = IMAGE_PRECISIONS[precision]
    denoiser = spec.denoiser_b * per_parameter
    encoders = (spec.text_encoders_b or 0.0) * per_parameter
    weights = denoiser + encoders
    activations = ACTIVATION_GB_PER_MEGAPIXEL * spec.native_resolution ** 2 / 1e6
    overhead = IMAGE_OVERHEAD_SHARE * weights + IMAGE_OVERHEAD_FIXED_GB
    scope = "denoiser + text encoders" if spec.text_encoders_b is not None else "denoiser only"
    return MemoryEstimate(weights, 0.0, activations, overhead, max(denoiser, encoders) + activations + overhead, scope)


def image_peak(data: BenchmarkData, entity_id: str, precision: str, resolution: int | None,
               offload: bool) -> BenchmarkRow | None:
    """The peak-memory row at this precision and resolution, batch 1: without any option, or (offload)
    with model CPU offload among its options. The largest if several."""
    if resolution is None:
        return None
    want = f"{resolution}x{resolution}"
    rows = [r for r in data.rows_for(entity_id)
            if r.metric == "peak_memory" and r.task == "text-to-image" and r.resolution == want
            and r.batch in (None, 1) and r.precision in IMAGE_ROW_PRECISIONS[precision]
            and ((r.options is not None and OFFLOAD_OPTION in r.options.lower()) if offload else r.options is None)]
    return max(rows, key=lambda r: (r.value, r.file, r.line)) if rows else None


def image_fit_rows(entity: Entity, data: BenchmarkData) -> list[FitRow]:
    spec, missing = image_spec(entity)
    out = []
    for precision in IMAGE_PRECISIONS:
        estimate = image_memory(spec, precision) if spec is not None else None
        resolution = spec.native_resolution if spec is not None else None
        measured = image_peak(data, entity.id, precision, resolution, offload=False)
        measured_offload = image_peak(data, entity.id, precision, resolution, offload=True)
        need = measured.value if measured else estimate.total_gb if estimate else None
        offload = measured_offload.value if measured_offload else estimate.offload_gpu_gb if estimate else None
        out.append(FitRow(entity.id, entity.name, "text-to-image", precision, None, None, estimate, measured,
                          measured_offload, _cells(need, offload, measured is not None, measured_offload is not None),
                          missing))
    return out


# ---- video models -----------------------------------------------------------------------------------

def _pixels(resolution: str) -> int:
    width, height = resolution.split("x")
    return int(width) * int(height)


def video_fit_rows(entity: Entity, data: BenchmarkData) -> list[FitRow]:
    """Video models have no memory formula here: their fit is what their repositories publish, per clip size
    and precision, without offload (the largest figure) and with it (the smallest: any published way to run
    it counts). Largest clip first, so a model's best configuration is its largest size that fits. A model
    with no published figure is one "no data" row."""
    groups: dict[tuple[str, str], list[BenchmarkRow]] = {}
    for r in data.rows_for(entity.id):
        if (r.metric == "peak_memory" and r.task == "text-to-video" and r.batch in (None, 1)
                and r.resolution is not None and r.precision is not None):
            groups.setdefault((r.resolution, r.precision), []).append(r)
    out = []
    for (resolution, precision), rows in sorted(groups.items(), key=lambda kv: (-_pixels(kv[0][0]), kv[0])):
        plain = [r for r in rows if r.options is None]
        offload = [r for r in rows if r.options is not None and OFFLOAD_OPTION in r.options.lower()]
        measured = max(plain, key=lambda r: (r.value, r.file, r.line)) if plain else None
        measured_offload = min(offload, key=lambda r: (r.value, r.file, r.line)) if offload else None
        if measured is None and measured_offload is None:
            continue
        cells = _cells(measured.value if measured else None, measured_offload.value if measured_offload else None,
                       measured is not None, measured_offload is not None)
        # some figures are a maker's stated minimum rather than a measured peak: "published" says both
        out.append(FitRow(entity.id, entity.name, "text-to-video", precision, None, None, None, measured,
                          measured_offload, tuple(replace(c, basis="published") if c.basis else c for c in cells),
                          resolution=resolution))
    if not out:
        out.append(FitRow(entity.id, entity.name, "text-to-video", "bf16", None, None, None, None, None,
                          _cells(None, None, False, False)))
    return out


def fit_table(entities: Iterable[Entity], data: BenchmarkData) -> list[FitRow]:
    """Every model and configuration, ordered by task, then id, format, context and cache precision."""
    models = sorted((e for e in entities if e.type == "model" and e.task is not None), key=lambda e: (e.task, e.id))
    rows: list[FitRow] = []
    for e in models:
        if e.task == "text-generation":
            rows += llm_fit_rows(e, data)
        elif e.task == "text-to-image":
            rows += image_fit_rows(e, data)
        elif e.task == "text-to-video":
            rows += video_fit_rows(e, data)
    return rows


# ---- devices: fit and speed -------------------------------------------------------------------------

@dataclass(frozen=True)
class DeviceEstimate:
    """One language model configuration on one device of the catalog."""

    entity_id: str
    precision: str
    context: int
    kv_cache: str
    device_id: str
    usable_gb: float
    need_gb: float
    tokens_per_s: float | None      # None when it does not fit (speed would depend on the offload)
    low: float | None               # the efficiency range of the fit, applied to this estimate
    high: float | None
    measured: tuple[BenchmarkRow, ...]

    @property
    def fits(self) -> bool:
        return self.need_gb <= self.usable_gb


def device_estimates(rows: Sequence[FitRow], entities: Mapping[str, Entity], devices: Sequence[Device],
                     efficiency: EfficiencyFit, points: Sequence[SpeedPoint]) -> list[DeviceEstimate]:
    """Each language model at the base context and an f16 cache, in every table format, on every device."""
    measured: dict[tuple[str, str, str], list[BenchmarkRow]] = {}
    for p in points:
        measured.setdefault((p.row.entity, p.fmt, p.device.id), []).append(p.row)
    out = []
    for r in rows:
        if r.task != "text-generation" or r.kv_cache != "f16" or r.need_gb is None or r.context is None:
            continue
        if r.context != BASE_CONTEXT and not (r.context_capped and r.context < BASE_CONTEXT):
            continue
        arch, _ = memory.architecture(entities[r.entity_id])
        for d in devices:
            usable = memory.usable_memory_gb(d.memory_gb, d.kind == "unified-memory")
            eff = efficiency.model
            speed = low = high = None
            if arch is not None and eff is not None and r.need_gb <= usable:
                speed = eff.tokens_per_s(d.bandwidth_gb_s / memory.bytes_per_token_gb(arch, r.precision, r.context))
                low, high = eff.low * speed, eff.high * speed
            out.append(DeviceEstimate(r.entity_id, r.precision, r.context, "f16", d.id, usable, r.need_gb, speed,
                                      low, high, tuple(measured.get((r.entity_id, r.precision, d.id), ()))))
    return out


# ---- frames (the downloads are written from these) --------------------------------------------------

def _round(x: float | None, digits: int = 2) -> float | None:
    return None if x is None else round(x, digits)


def fit_frame(rows: Sequence[FitRow]) -> pd.DataFrame:
    """One line per model and configuration, with the parts of the estimate and a verdict per tier."""
    records = []
    for r in rows:
        e = r.estimate
        records.append({
            "entity": r.entity_id, "name": r.name, "task": r.task, "weight_format": r.precision,
            "kv_cache": r.kv_cache, "context": r.context, "resolution": r.resolution, "context_is_model_max": r.context_capped,
            "weights_gb": _round(e.weights_gb if e else None), "weights_basis": e.scope if e else None,
            "kv_cache_gb": _round(e.kv_cache_gb if e else None),
            "activations_gb": _round(e.activations_gb if e else None),
            "overhead_gb": _round(e.overhead_gb if e else None), "need_gb": _round(r.need_gb), "basis": r.basis,
            "offload_gpu_gb": _round(r.offload_need_gb),
            **{f"verdict_{t}gb": r.cell(t).verdict for t in TIERS_GB}})
    return pd.DataFrame(records, dtype=object)   # object: ints stay ints and missing stays None


def device_frame(estimates: Sequence[DeviceEstimate]) -> pd.DataFrame:
    return pd.DataFrame([{
        "entity": d.entity_id, "weight_format": d.precision, "context": d.context, "kv_cache": d.kv_cache,
        "device": d.device_id, "usable_gb": _round(d.usable_gb), "need_gb": _round(d.need_gb), "fits": d.fits,
        "tokens_per_s": _round(d.tokens_per_s, 1), "tokens_per_s_low": _round(d.low, 1),
        "tokens_per_s_high": _round(d.high, 1),
        "measured_tokens_per_s": _round(max(m.value for m in d.measured), 1) if d.measured else None}
        for d in estimates], dtype=object)
