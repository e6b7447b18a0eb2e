"""The decode-speed model, fitted to published measurements.

Decoding one token reads the active weights and the KV cache once: at full bandwidth that takes
bytes / bandwidth. Real runtimes take longer in two ways, and the model has one term for each:

    time per token = bytes per token / (efficiency x bandwidth) + fixed time per token

The efficiency is the share of the bandwidth the weight-reading kernels reach; the fixed time is what a
token costs whatever its size (kernel launches, synchronisation, sampling). The fixed time is why a fast
GPU decoding a small model falls far below its bandwidth bound, while a slow one comes close. Both are
fitted by least squares on the relative error of the time per token to every published single-stream
decode row (`generation_throughput`, batch 1, run on the GPU) whose device is in the hardware catalog,
whose precision is a known weight format and whose model's architecture is known.

Each runtime (the software and version a row names) gets its own fit, since kernels change between
versions; the estimates use the runtime with the most rows. An earlier model had one bandwidth share per weight class (16-bit or quantized) and no fixed time; on the
same rows the two-term model predicts more of them within 15% (leave-one-out), and with the fixed time in,
both weight classes reach the same bandwidth share, so the class split is gone. A run the source marks as
on the CPU, or that offloads layers to the CPU, is not a case of this model and is not fitted.

The range of the fit is the lowest and highest ratio of measured to fitted speed over the rows. Each row
is also predicted from a fit without itself (leave-one-out), which is the accuracy the method page
reports: a row never validates a fit it took part in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from .memory import ROW_PRECISION, Architecture, bytes_per_token_gb
from .models.benchmark import BenchmarkRow
from .models.hardware import Device

SPEED_METRIC = "generation_throughput"
DEFAULT_DECODE_CONTEXT = 512   # tokens in the cache while a row was measured, when it does not say
CPU_MARK = "cpu"               # options naming the CPU: the run was not all on the GPU


@dataclass(frozen=True)
class SpeedPoint:
    """One measured decode speed beside the bandwidth bound the formula gives for it."""

    row: BenchmarkRow
    device: Device
    fmt: str
    context: int
    bound: float           # bandwidth / bytes per token: tokens/s at efficiency 1 and no fixed time

    @property
    def ratio(self) -> float:
        """The measured speed's share of the bandwidth bound."""
        return self.row.value / self.bound


@dataclass(frozen=True)
class Efficiency:
    """The fitted decode-speed model and its spread over the rows it was fitted to."""

    value: float             # the share of the bandwidth the weight reads reach
    fixed_ms: float          # milliseconds every token costs on top
    low: float               # the lowest and highest measured / fitted speed of the rows
    high: float
    rows: int

    def tokens_per_s(self, bound: float) -> float:
        """The speed for a bandwidth bound (bandwidth / bytes per token, in tokens/s)."""
        return 1 / (1 / (self.value * bound) + self.fixed_ms / 1000)


@dataclass(frozen=True)
class EfficiencyFit:
    runtimes: Mapping[str, Efficiency]     # the runtime as the rows name it (software and version) -> its fit
    points: tuple[SpeedPoint, ...]

    @property
    def model(self) -> Efficiency | None:
        """The fit the estimates use: the runtime with the most rows (the first name on a tie)."""
        if not self.runtimes:
            return None
        return max(sorted(self.runtimes.items()), key=lambda kv: kv[1].rows)[1]

    @property
    def main_runtime(self) -> str | None:
        return next((k for k, v in sorted(self.runtimes.items()) if v is self.model), None)


def row_context(row: BenchmarkRow) -> int:
    """The cache length while the row decoded: its context, else half-way through its output."""
    if row.context:
        return row.context
    if row.input_tokens or row.output_tokens:
        return (row.input_tokens or 0) + (row.output_tokens or 0) // 2
    return DEFAULT_DECODE_CONTEXT


def on_gpu(row: BenchmarkRow) -> bool:
    return row.options is None or CPU_MARK not in row.options.lower()


def speed_points(rows: Iterable[BenchmarkRow], devices: Iterable[Device],
                 architectures: Mapping[str, Architecture]) -> tuple[SpeedPoint, ...]:
    by_name = {name: d for d in devices for name in d.benchmark_names}
    out = []
    for r in rows:
        device = by_name.get(r.gpu or "")
        fmt = ROW_PRECISION.get(r.precision or "")
        arch = architectures.get(r.entity)
        if (r.metric != SPEED_METRIC or r.batch not in (None, 1) or device is None or fmt is None
                or arch is None or not on_gpu(r)):
            continue
        context = row_context(r)
        out.append(SpeedPoint(r, device, fmt, context, device.bandwidth_gb_s / bytes_per_token_gb(arch, fmt, context)))
    return tuple(sorted(out, key=lambda p: (p.row.file, p.row.line)))


def _solve(points: tuple[SpeedPoint, ...]) -> tuple[float, float]:
    """(1 / efficiency, fixed seconds) minimising the squared relative error of the time per token:
    time = a x (1 / bound) + b, each row's equation divided by its measured time. With one row, or when
    the best fixed time would be negative, the fixed time is 0 and only the share is fitted."""
    x = np.array([1 / p.bound for p in points])
    t = np.array([1 / p.row.value for p in points])
    if len(points) >= 2:
        (a, b), *_ = np.linalg.lstsq(np.column_stack([x / t, np.ones_like(t) / t]), np.ones_like(t), rcond=None)
        if b >= 0 and a > 0:
            return float(a), float(b)
    a = float(np.sum(x / t) / np.sum((x / t) ** 2))
    return a, 0.0


def runtime(p: SpeedPoint) -> str:
    return p.row.software or ""


def _fit_one(pts: tuple[SpeedPoint, ...]) -> Efficiency:
    a, b = _solve(pts)
    model = Efficiency(1 / a, 1000 * b, 0.0, 0.0, len(pts))
    ratios = [p.row.value / model.tokens_per_s(p.bound) for p in pts]
    return Efficiency(model.value, model.fixed_ms, min(ratios), max(ratios), len(pts))


def fit(points: Iterable[SpeedPoint]) -> EfficiencyFit:
    """One fit per runtime (software and version as the rows state them): kernels change between versions."""
    pts = tuple(points)
    by_runtime: dict[str, list[SpeedPoint]] = {}
    for p in pts:
        by_runtime.setdefault(runtime(p), []).append(p)
    return EfficiencyFit({k: _fit_one(tuple(v)) for k, v in sorted(by_runtime.items())}, pts)


def leave_one_out(points: tuple[SpeedPoint, ...]) -> list[tuple[SpeedPoint, float | None]]:
    """Each point's estimate from a fit to the other points of its runtime, or to all other points when its
    runtime has no other (None when no other point is left)."""
    out = []
    for i, p in enumerate(points):
        rest = points[:i] + points[i + 1:]
        same = tuple(q for q in rest if runtime(q) == runtime(p))
        use = same or rest
        out.append((p, _fit_one(use).tokens_per_s(p.bound) if use else None))
    return out
