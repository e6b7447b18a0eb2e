"""Clocks, repeats, peak memory and the time budget.

GPU work is asynchronous: every timed region starts and ends with a device synchronisation, so the host
clock measures the work and not only its launch. Peak memory is torch's allocator peak since the last
reset (weights included), which is what a user needs free on the card.
"""

from __future__ import annotations

import gc
import math
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import torch


def sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def clock(fn: Callable[[], object], device: torch.device) -> tuple[float, object]:
    """Seconds one call of `fn` takes, from an idle device to an idle device, and its result."""
    sync(device)
    start = time.perf_counter()
    result = fn()
    sync(device)
    return time.perf_counter() - start, result


@dataclass(frozen=True)
class Stats:
    median: float
    low: float
    high: float
    runs: int

    @classmethod
    def of(cls, samples: list[float]) -> Stats:
        return cls(statistics.median(samples), min(samples), max(samples), len(samples))

    def spread(self, unit: str = "s", scale: float = 1.0, digits: int = 4) -> str:
        """'median of 3 runs (min 1.21 s, max 1.24 s)': the note that says how steady the number was."""
        lo, hi = (f"{v * scale:.{digits}g} {unit}" for v in (self.low, self.high))
        return f"median of {self.runs} run{'s' if self.runs != 1 else ''} (min {lo}, max {hi})"


def reset_peak(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)


def peak_bytes(device: torch.device) -> int:
    """The allocator's peak on a GPU; on the CPU (tiny runs only) the process's peak resident size."""
    if device.type == "cuda":
        return torch.cuda.max_memory_allocated(device)
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024   # Linux reports kilobytes


def release(device: torch.device) -> None:
    """Free what the last point left (a key/value cache can be tens of GB) before the next one starts."""
    gc.collect()   # cheap: __main__ froze the libraries' objects out of the collector's reach
    if device.type == "cuda":
        torch.cuda.empty_cache()


def free_bytes(device: torch.device) -> float:
    if device.type == "cuda":
        free, _total = torch.cuda.mem_get_info(device)
        return float(free)
    return math.inf


class Budget:
    """A deadline for the whole run and one per model: a point that would overrun is skipped and logged,
    never cut short (a cut run would be a wrong number)."""

    def __init__(self, total_s: float | None) -> None:
        self.start = time.monotonic()
        self.deadline = math.inf if total_s is None else self.start + total_s
        self.model_deadline = math.inf

    def begin_model(self, budget_s: float | None) -> None:
        self.model_deadline = math.inf if budget_s is None else time.monotonic() + budget_s

    def left(self) -> float:
        return min(self.deadline, self.model_deadline) - time.monotonic()

    def repeats(self, run_s: float, wanted: int, points_left: int) -> int:
        """How many timed runs of `run_s` seconds fit this point's fair share of what is left (0: none)."""
        left = self.left()
        if run_s > left:
            return 0
        if math.isinf(left):
            return wanted
        share = left / max(points_left, 1)
        return max(1, min(wanted, int(share // max(run_s, 1e-9))))
