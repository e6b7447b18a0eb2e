"""The decode-speed efficiency fit on a fixed set of rows: which rows it takes, the median and range per
group, the fall-backs, and leave-one-out estimates that never use the row they predict."""

from __future__ import annotations

import pytest

from generator.memory import Architecture, bytes_per_token_gb
from generator.models.benchmark import BenchmarkRow
from generator.models.hardware import Device
from generator.speedfit import fit, leave_one_out, speed_points

ARCH = Architecture(parameters_b=7, active_b=7, layers=32, kv_heads=32, head_dim=128, context_length=4096)
SOURCE = {"url": "https://example.org/spec", "title": "Spec", "retrieved": "2026-12-05", "kind": "primary"}


def device(did: str, kind: str, bandwidth: float) -> Device:
    return Device.model_validate({"id": did, "name": did, "kind": kind, "vendor": "V", "memory_gb": 24,
                                  "bandwidth_gb_s": bandwidth, "sources": [SOURCE], "benchmark_names": [did]})


def row(gpu: str, precision: str, value: float, line: int, **more: object) -> BenchmarkRow:
    return BenchmarkRow.model_validate({
        "entity": "m", "task": "text-generation", "metric": "generation_throughput", "value": value,
        "unit": "tokens/s", "status": "reported", "gpu": gpu, "precision": precision, "batch": 1,
        "source_url": "https://example.org/b", "retrieved": "2026-12-05", "file": "b.csv", "line": line, **more})


DEVICES = [device("card-a", "consumer-gpu", 1000), device("card-b", "workstation-gpu", 500),
           device("card-c", "data-centre-gpu", 2000), device("mac", "unified-memory", 400)]


def bound(bandwidth: float, fmt: str) -> float:
    return bandwidth / bytes_per_token_gb(ARCH, fmt, 512)


def rows_at(ratios: dict[tuple[str, str], float]) -> list[BenchmarkRow]:
    bandwidth = {d.id: d.bandwidth_gb_s for d in DEVICES}
    fmt = {"q4_0": "Q4_0", "f16": "F16"}
    return [row(gpu, prec, r * bound(bandwidth[gpu], fmt[prec]), i)
            for i, ((gpu, prec), r) in enumerate(sorted(ratios.items()))]


RATIOS = {("card-a", "q4_0"): 0.6, ("card-b", "q4_0"): 0.5, ("card-c", "q4_0"): 0.3,
          ("card-a", "f16"): 0.8, ("card-b", "f16"): 0.9, ("mac", "q4_0"): 0.55}


def test_only_matching_single_stream_rows_are_fitted() -> None:
    rows = rows_at(RATIOS) + [row("unknown-gpu", "q4_0", 50, 90), row("card-a", "q4_k_s", 50, 91),
                              row("card-a", "q4_0", 50, 92, batch=8),
                              row("card-a", "q4_0", 50, 93, metric="prompt_throughput")]
    points = speed_points(rows, DEVICES, {"m": ARCH})
    assert len(points) == len(RATIOS)
    assert speed_points(rows, DEVICES, {}) == ()        # no architecture: nothing to bound


def test_median_and_range_per_weight_class_with_fall_back() -> None:
    f = fit(speed_points(rows_at(RATIOS), DEVICES, {"m": ARCH}))
    quantized = f.groups["quantized"]
    assert (quantized.value, quantized.low, quantized.high, quantized.rows) == pytest.approx((0.525, 0.3, 0.6, 4))
    assert f.groups["16-bit"].value == pytest.approx(0.85)
    assert f.lookup("Q5_K_M").value == pytest.approx(0.525)                    # same weight class
    assert f.overall is not None and f.overall.value == pytest.approx(0.575)    # median of all six
    only_quantized = fit(speed_points(rows_at({("card-a", "q4_0"): 0.6}), DEVICES, {"m": ARCH}))
    assert only_quantized.lookup("F16").value == pytest.approx(0.6)             # no 16-bit row: all rows


def test_leave_one_out_never_uses_the_row_it_predicts() -> None:
    points = speed_points(rows_at(RATIOS), DEVICES, {"m": ARCH})
    by_row = {(p.device.id, p.fmt): est for p, est in leave_one_out(points)}
    # card-c's quantized row is predicted from the three other quantized rows: median(0.6, 0.5, 0.55)
    assert by_row[("card-c", "Q4_0")] == pytest.approx(0.55 * bound(2000, "Q4_0"))
    assert by_row[("card-a", "F16")] == pytest.approx(0.9 * bound(1000, "F16"))   # the other 16-bit row
    single = speed_points(rows_at({("card-a", "q4_0"): 0.6}), DEVICES, {"m": ARCH})
    assert leave_one_out(single)[0][1] is None                                   # nothing left to fit
