"""The decode-speed efficiency, fitted to published measurements.

Decoding one token reads the active weights and the KV cache once, so a device cannot decode faster than
bandwidth / bytes per token. Real runtimes reach a share of that: the efficiency. It is fitted here to
every published single-stream decode row (`generation_throughput`, batch 1) whose GPU is in the hardware
catalog, whose precision is a known weight format and whose model's architecture is known.

The efficiency is the median of measured / bound per weight class (16-bit or quantized: dequantizing
costs time, so quantized weights reach a smaller share of the bandwidth); the lowest and highest ratio of
the class are its range. A class without rows uses all rows. Fitting discrete GPUs and Apple silicon
apart was tried and predicted the rows worse (leave-one-out), since the Macs of the source spread widely. Each row is also predicted without itself (leave-one-out),
which is the accuracy the method page reports: a row never validates a fit it took part in.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .memory import ROW_PRECISION, WEIGHT_FORMATS, Architecture, bytes_per_token_gb
from .models.benchmark import BenchmarkRow
from .models.hardware import Device

SPEED_METRIC = "generation_throughput"
DEFAULT_DECODE_CONTEXT = 512   # tokens in the cache while a row was measured, when it does not say



@dataclass(frozen=True)
class SpeedPoint:
    """One measured decode speed beside the bound the formula gives for it."""

    row: BenchmarkRow
    device: Device
    fmt: str
    context: int
    bound: float           # bandwidth / bytes per token: tokens/s at efficiency 1

    @property
    def ratio(self) -> float:
        return self.row.value / self.bound

    @property
    def group(self) -> str:
        return weight_class(self.fmt)


def weight_class(fmt: str) -> str:
    return "16-bit" if WEIGHT_FORMATS[fmt].bits_per_weight >= 16 else "quantized"


@dataclass(frozen=True)
class Efficiency:
    group: str               # "16-bit", "quantized" or "all"
    value: float             # the median ratio
    low: float               # the lowest and highest ratio of the rows fitted
    high: float
    rows: int


@dataclass(frozen=True)
class EfficiencyFit:
    groups: Mapping[str, Efficiency]     # weight class -> its fit
    overall: Efficiency | None
    points: tuple[SpeedPoint, ...]

    def lookup(self, fmt: str) -> Efficiency | None:
        return self.groups.get(weight_class(fmt)) or self.overall


def row_context(row: BenchmarkRow) -> int:
    """The cache length while the row decoded: its context, else half-way through its output."""
    if row.context:
        return row.context
    if row.input_tokens or row.output_tokens:
        return (row.input_tokens or 0) + (row.output_tokens or 0) // 2
    return DEFAULT_DECODE_CONTEXT


def speed_points(rows: Iterable[BenchmarkRow], devices: Iterable[Device],
                 architectures: Mapping[str, Architecture]) -> tuple[SpeedPoint, ...]:
    by_name = {name: d for d in devices for name in d.benchmark_names}
    out = []
    for r in rows:
        device = by_name.get(r.gpu or "")
        fmt = ROW_PRECISION.get(r.precision or "")
        arch = architectures.get(r.entity)
        if (r.metric != SPEED_METRIC or r.batch not in (None, 1) or device is None or fmt is None
                or arch is None):
            continue
        context = row_context(r)
        out.append(SpeedPoint(r, device, fmt, context, device.bandwidth_gb_s / bytes_per_token_gb(arch, fmt, context)))
    return tuple(sorted(out, key=lambda p: (p.row.file, p.row.line)))


def _efficiency(group: str, points: list[SpeedPoint]) -> Efficiency:
    ratios = [p.ratio for p in points]
    return Efficiency(group, statistics.median(ratios), min(ratios), max(ratios), len(ratios))


def fit(points: Iterable[SpeedPoint]) -> EfficiencyFit:
    pts = tuple(points)
    groups: dict[str, list[SpeedPoint]] = {}
    for p in pts:
        groups.setdefault(p.group, []).append(p)
    return EfficiencyFit({g: _efficiency(g, ps) for g, ps in sorted(groups.items())},
                         _efficiency("all", list(pts)) if pts else None, pts)


def leave_one_out(points: tuple[SpeedPoint, ...]) -> list[tuple[SpeedPoint, float | None]]:
    """Each point's estimate from a fit to all the other points (None when no other point is left)."""
    out = []
    for i, p in enumerate(points):
        rest = fit(points[:i] + points[i + 1:])
        eff = rest.lookup(p.fmt)
        out.append((p, None if eff is None else eff.value * p.bound))
    return out
