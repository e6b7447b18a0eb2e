"""The selection analysis's public answer, read by the picks and the score: for each model and GPU size,
the best precision at which it fits, and what its longest context costs in memory.

A small interface on purpose: the memory model behind it (precisions, KV cache, mixture of experts)
changes in selection.py; what other stages depend on is only this. The fit table lists each model's
rows from the highest precision to the most quantised, which is what "best" means here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .models.benchmark import BenchmarkRow
from .selection import BASE_CONTEXT, IMAGE_FACTS, LLM_FACTS, TEXT_ENCODER_FACT, FitRow, SelectionAnalysis

# What makes one fit better than another, before precision: fitting beats offloading beats not running.
VERDICT_RANK = {"fits": 3, "offload": 2, "does-not-fit": 1, "not-supported": 1, "no-data": 0}
# The facts an estimate reads, per task: a fit's citations are their sources.
ESTIMATE_FACTS: dict[str, tuple[str, ...]] = {"text-generation": LLM_FACTS,
                                               "text-to-image": (*IMAGE_FACTS, TEXT_ENCODER_FACT)}


@dataclass(frozen=True)
class TierFit:
    tier_gb: int
    verdict: str                 # fits | offload | does-not-fit | no-data
    precision: str | None        # the best precision that fits (or runs with offload); else the smallest tried
    rank: int                    # that precision's place in the model's table: 0 is the highest precision
    need_gb: float | None
    basis: str | None            # measured | estimated
    measured: BenchmarkRow | None
    missing: tuple[str, ...]     # fact keys the estimate lacks (no-data)

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


def _base_rows(rows: list[FitRow]) -> list[FitRow]:
    return [r for r in rows if r.context in (None, BASE_CONTEXT)]


def tier_fit(rows: list[FitRow], tier: int) -> TierFit:
    """The answer for one model (its base rows, highest precision first) and one GPU size."""
    base = _base_rows(rows)
    for wanted in ("fits", "offload"):
        for rank, r in enumerate(base):
            if r.cell(tier).verdict == wanted:
                return TierFit(tier, wanted, r.precision, rank, r.need_gb, r.cell(tier).basis, r.measured, ())
    judged = [(rank, r) for rank, r in enumerate(base) if r.need_gb is not None]
    if judged:
        rank, r = judged[-1]
        return TierFit(tier, "does-not-fit", r.precision, rank, r.need_gb, r.basis, r.measured, ())
    missing = next((r.missing for r in base if r.missing), ())
    return TierFit(tier, "no-data", None, len(base), None, None, None, missing)


def best_fits(selection: SelectionAnalysis) -> dict[str, dict[int, TierFit]]:
    """entity id -> GPU size -> its best fit, for every model the analysis covers."""
    rows_of: dict[str, list[FitRow]] = {}
    for r in selection.fits:
        rows_of.setdefault(r.entity_id, []).append(r)
    return {eid: {t: tier_fit(rows, t) for t in selection.tiers} for eid, rows in rows_of.items()}


def longest_contexts(selection: SelectionAnalysis) -> dict[str, ContextCost]:
    """Language models: the memory at the longest context the analysis judges within the model's window,
    at the highest precision."""
    out: dict[str, ContextCost] = {}
    for r in selection.fits:
        if r.context is None or r.need_gb is None or r.basis is None:
            continue
        best = out.get(r.entity_id)
        if best is None or r.context > best.context and r.precision == best.precision:
            out[r.entity_id] = ContextCost(r.context, r.precision, r.need_gb, r.basis)
    return out


def fit_shares(fits: Mapping[str, Mapping[int, TierFit]]) -> dict[str, float | None]:
    """Per model, the share of GPU sizes on which it fits at some precision (None without an estimate):
    the memory half of the efficiency score."""
    out: dict[str, float | None] = {}
    for eid, by_tier in fits.items():
        known = [f for f in by_tier.values() if f.verdict != "no-data"]
        out[eid] = sum(f.verdict == "fits" for f in known) / len(known) if known else None
    return out
