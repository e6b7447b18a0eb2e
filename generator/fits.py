"""The selection analysis's public answer, read by the picks, the score and the tier advice: for each model
and GPU size, the best configuration in which it fits, and what its longest context costs in memory.

A small interface on purpose: the memory model behind it (formats, KV cache, contexts, mixture of experts)
lives in memory.py and fit_table.py; what other stages depend on is only this. "Best" is the highest
weight precision, then the least quantized KV cache, at the base context (or the model's window when it is
smaller); fitting beats offloading beats not running.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from .fit_table import BASE_CONTEXT, IMAGE_FACTS, IMAGE_PRECISIONS, TEXT_ENCODER_FACT, FitRow
from .memory import ARCHITECTURE_FACTS, TABLE_FORMATS
from .models.benchmark import BenchmarkRow


class Analysed(Protocol):
    """What these functions read of the selection analysis (selection.SelectionAnalysis, a later
    module that imports this one)."""

    @property
    def fits(self) -> Sequence[FitRow]: ...

    @property
    def tiers(self) -> Sequence[int]: ...

# What makes one fit better than another, before precision: fitting beats offloading beats not running.
VERDICT_RANK = {"fits": 3, "offload": 2, "does-not-fit": 1, "no-data": 0}
# The facts an estimate reads, per task: a fit's citations are their sources.
ESTIMATE_FACTS: dict[str, tuple[str, ...]] = {"text-generation": ARCHITECTURE_FACTS,
                                               "text-to-image": (*IMAGE_FACTS, TEXT_ENCODER_FACT)}
FORMAT_ORDER: tuple[str, ...] = (*reversed(TABLE_FORMATS), *IMAGE_PRECISIONS)   # highest precision first
CACHE_ORDER: tuple[str, ...] = ("f16", "q8_0", "q4_0")


@dataclass(frozen=True)
class TierFit:
    tier_gb: int
    verdict: str                 # fits | offload | does-not-fit | no-data
    precision: str | None        # the best weight format that fits (or runs with offload); else the smallest
    rank: int                    # that configuration's place in the model's best-first list: 0 is the best
    need_gb: float | None
    basis: str | None            # measured | estimated
    measured: BenchmarkRow | None
    missing: tuple[str, ...]     # fact keys the estimate lacks (no-data)
    kv_cache: str | None = None  # language models: the KV-cache precision of that configuration
    context: int | None = None   # language models: the context it was sized at
    steps: int = 1               # how many configurations the model's best-first list has
    resolution: str | None = None  # video models: the clip size of that configuration

    @property
    def order(self) -> tuple[int, int]:
        """Larger is better: the verdict first, then the higher precision."""
        return VERDICT_RANK[self.verdict], -self.rank


@dataclass(frozen=True)
class ContextCost:
    context: int
    precision: str
    need_gb: float
    basis: str


def base_rows(rows: Iterable[FitRow]) -> list[FitRow]:
    """A model's rows at its base context (or its window, when smaller), best configuration first."""
    fmt = {f: i for i, f in enumerate(FORMAT_ORDER)}
    cache = {c: i for i, c in enumerate(CACHE_ORDER)}
    base = [r for r in rows if r.context is None or r.context == BASE_CONTEXT
            or (r.context_capped and r.context < BASE_CONTEXT)]
    return sorted(base, key=lambda r: (fmt.get(r.precision, len(fmt)), cache.get(r.kv_cache or "", 0)))


def tier_fit(rows: Sequence[FitRow], tier: int) -> TierFit | None:
    """The answer for one model (its fit rows) and one GPU size; None without rows."""
    base = base_rows(rows)
    if not base:
        return None

    def answer(rank: int, r: FitRow, verdict: str) -> TierFit:
        # with offload, a published figure for running that way is the need; a model with only an offload
        # figure is sized by it
        by_offload = verdict == "offload" and r.measured_offload is not None
        need = (r.measured_offload.value if by_offload and r.measured_offload is not None
                else r.need_gb if r.need_gb is not None else r.offload_need_gb)
        measured = r.measured_offload if by_offload or r.measured is None else r.measured
        return TierFit(tier, verdict, r.precision, rank, need, r.cell(tier).basis, measured,
                       (), r.kv_cache, r.context, len(base), r.resolution)

    for wanted in ("fits", "offload"):
        for rank, r in enumerate(base):
            if r.cell(tier).verdict == wanted:
                return answer(rank, r, wanted)
    judged = [(rank, r) for rank, r in enumerate(base) if (r.need_gb or r.offload_need_gb) is not None]
    if judged:
        rank, r = min(judged, key=lambda t: (t[1].need_gb or t[1].offload_need_gb or 0.0, t[0]))   # the smallest
        return answer(rank, r, "does-not-fit")
    missing = next((r.missing for r in base if r.missing), ())
    return TierFit(tier, "no-data", None, len(base), None, None, None, missing, steps=len(base))


def _rows_by_model(selection: Analysed) -> dict[str, list[FitRow]]:
    rows_of: dict[str, list[FitRow]] = {}
    for r in selection.fits:
        rows_of.setdefault(r.entity_id, []).append(r)
    return rows_of


def best_fits(selection: Analysed) -> dict[str, dict[int, TierFit]]:
    """entity id -> GPU size -> its best fit, for every model the analysis covers."""
    return {eid: {t: f for t in selection.tiers if (f := tier_fit(rows, t)) is not None}
            for eid, rows in _rows_by_model(selection).items()}


def longest_contexts(selection: Analysed) -> dict[str, ContextCost]:
    """Language models: the memory at the longest context sized within the model's window, at the highest
    precision with an f16 cache."""
    out: dict[str, ContextCost] = {}
    for eid, rows in _rows_by_model(selection).items():
        sized = [r for r in rows if r.context is not None and r.need_gb is not None and r.basis is not None
                 and r.kv_cache == "f16" and r.precision == FORMAT_ORDER[0]]
        if sized:
            r = max(sized, key=lambda r: r.context or 0)
            assert r.context is not None and r.need_gb is not None and r.basis is not None
            out[eid] = ContextCost(r.context, r.precision, r.need_gb, r.basis)
    return out


def fit_shares(fits: Mapping[str, Mapping[int, TierFit]]) -> dict[str, float | None]:
    """Per model, the memory half of the efficiency score: the mean over GPU sizes of what fits there, where
    fitting at the highest precision counts 1 and each step down the precision table counts less (at the
    last step, 1 / number of precisions); needing offload counts a tenth of fitting at that precision, not
    running counts 0. None without an estimate."""
    out: dict[str, float | None] = {}
    for eid, by_tier in fits.items():
        known = [f for f in by_tier.values() if f.verdict != "no-data"]
        if not known:
            out[eid] = None
            continue
        total = 0.0
        for f in known:
            at_precision = 1 - f.rank / f.steps
            total += at_precision if f.verdict == "fits" else 0.1 * at_precision if f.verdict == "offload" else 0.0
        out[eid] = total / len(known)
    return out
