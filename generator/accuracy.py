"""How close the estimates come to published measurements: the validation table of the method page.

Every case sets an estimate beside a measured figure for the same model and configuration: a decode
speed (estimated without the row itself, leave-one-out), a weights file size (bits per weight against
the file), or a peak memory (the total estimate against the measured peak). The target: within
`TARGET` for at least `TARGET_SHARE` of the cases. A miss is listed with what the data says about it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from . import memory
from .benchmarks import BenchmarkData
from .fit_table import FitRow
from .memory import ROW_PRECISION, Architecture
from .models.benchmark import BenchmarkRow
from .speedfit import EfficiencyFit, SpeedPoint, leave_one_out, runtime

TARGET = 0.15
TARGET_SHARE = 0.80

Kind = Literal["decode speed", "weights file", "peak memory", "peak memory with offload"]


@dataclass(frozen=True)
class Case:
    kind: Kind
    entity_id: str
    configuration: str      # "Q4_0 on NVIDIA GeForce RTX 4090", "Q4_K_M file", ...
    measured: float
    estimate: float
    unit: str
    row: BenchmarkRow
    why: str = ""           # for a miss: what the numbers say about it

    @property
    def error(self) -> float:
        return self.estimate / self.measured - 1

    @property
    def within(self) -> bool:
        return abs(self.error) <= TARGET


@dataclass(frozen=True)
class Validation:
    cases: tuple[Case, ...]

    @property
    def share_within(self) -> float | None:
        return sum(c.within for c in self.cases) / len(self.cases) if self.cases else None

    @property
    def meets_target(self) -> bool:
        return self.share_within is not None and self.share_within >= TARGET_SHARE

    @property
    def misses(self) -> tuple[Case, ...]:
        return tuple(c for c in self.cases if not c.within)


def miss_reason(p: SpeedPoint, fit: EfficiencyFit) -> str:
    """What the fitted rows say about one decode row: whether its device departs from its runtime's fit in
    every format it was measured in (the device, not the format, is off), or only in this one."""
    model = fit.runtimes.get(runtime(p))
    if model is None:
        return ""

    def off(q: SpeedPoint) -> float:
        return q.row.value / model.tokens_per_s(q.bound) - 1
    mine = off(p)
    same = [q for q in fit.points if q.device.id == p.device.id and q.row.entity == p.row.entity and q is not p
            and runtime(q) == runtime(p)]
    where = "faster" if mine > 0 else "slower"
    if same and all((off(q) > 0) == (mine > 0) for q in same):
        formats = ", ".join(sorted({q.fmt for q in same}))
        return (f"the {p.device.name} runs {where} than the fit in its other rows too ({formats}): the device "
                f"reaches a different share of its bandwidth, or spends a different fixed time per token, than the "
                f"other devices")
    return (f"this run is {abs(mine):.0%} {where} than the fit, while the same device's other rows are not: "
            f"the format, not the device, departs from the fit here")


def _speed_cases(points: Sequence[SpeedPoint], fit: EfficiencyFit) -> list[Case]:
    out = []
    for p, estimate in leave_one_out(tuple(points)):
        if estimate is None:
            continue
        why = miss_reason(p, fit)
        out.append(Case("decode speed", p.row.entity, f"{p.fmt} on {p.device.name}", p.row.value, estimate,
                        "tokens/s", p.row, why))
    return out


def _file_cases(data: BenchmarkData, architectures: Mapping[str, Architecture]) -> list[Case]:
    out = []
    for r in data.rows:
        fmt = ROW_PRECISION.get(r.precision or "")
        arch = architectures.get(r.entity)
        if r.metric != "file_size" or fmt is None or arch is None:
            continue
        estimate = memory.weights_gb(arch.parameters_b, fmt)
        why = ("the parameter count in the catalog is rounded, or the file keeps more tensors at high precision "
               "than the Llama-3.1-8B mixture the bits per weight were measured on")
        out.append(Case("weights file", r.entity, f"{fmt} file", r.value, estimate, "GB", r, why))
    return out


def _peak_cases(rows: Sequence[FitRow]) -> list[Case]:
    out = []
    for r in rows:
        if r.estimate is None:
            continue
        where = f"{r.precision}" + (f", {r.context // 1024}K context" if r.context else ", native resolution")
        if r.measured is not None and (r.kv_cache in (None, "f16")):
            out.append(Case("peak memory", r.entity_id, where, r.measured.value, r.estimate.total_gb, "GB",
                            r.measured, f"the estimate's scope is {r.estimate.scope}"))
        if r.measured_offload is not None:
            out.append(Case("peak memory with offload", r.entity_id, where, r.measured_offload.value,
                            r.estimate.offload_gpu_gb, "GB", r.measured_offload,
                            "the estimate keeps the largest component and the activations on the GPU"))
    return out


def validate(points: Sequence[SpeedPoint], fit: EfficiencyFit, data: BenchmarkData,
             architectures: Mapping[str, Architecture], rows: Sequence[FitRow]) -> Validation:
    cases = _speed_cases(points, fit) + _file_cases(data, architectures) + _peak_cases(rows)
    return Validation(tuple(sorted(cases, key=lambda c: (c.kind, c.entity_id, c.row.file, c.row.line,
                                                         c.configuration))))
