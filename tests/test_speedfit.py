"""The decode-speed fit on a fixed set of rows: which rows it takes, the efficiency and fixed time it recovers
from rows the model made, one fit per runtime, the single-row fall-back, and leave-one-out estimates that
never use the row they predict."""

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


def speed(bandwidth: float, fmt: str, efficiency: float, fixed_ms: float) -> float:
    return 1 / (1 / (efficiency * bound(bandwidth, fmt)) + fixed_ms / 1000)


BANDWIDTH = {d.id: d.bandwidth_gb_s for d in DEVICES}
FMT = {"q4_0": "Q4_0", "f16": "F16"}
CONFIGS = [("card-a", "q4_0"), ("card-b", "q4_0"), ("card-c", "q4_0"), ("card-a", "f16"), ("card-b", "f16"),
           ("mac", "q4_0")]


def rows_from_model(efficiency: float, fixed_ms: float, software: str | None = None, start: int = 0,
                    configs: list[tuple[str, str]] = CONFIGS) -> list[BenchmarkRow]:
    return [row(gpu, prec, speed(BANDWIDTH[gpu], FMT[prec], efficiency, fixed_ms), start + i, software=software)
            for i, (gpu, prec) in enumerate(configs)]


def test_only_matching_single_stream_rows_on_the_gpu_are_fitted() -> None:
    rows = rows_from_model(0.8, 3) + [row("unknown-gpu", "q4_0", 50, 90), row("card-a", "q4_k_s", 50, 91),
                                      row("card-a", "q4_0", 50, 92, batch=8),
                                      row("card-a", "q4_0", 50, 93, metric="prompt_throughput"),
                                      row("card-a", "f16", 5, 94, options="run on the CPU")]
    points = speed_points(rows, DEVICES, {"m": ARCH})
    assert len(points) == len(CONFIGS)
    assert speed_points(rows, DEVICES, {}) == ()        # no architecture: nothing to bound


def test_the_fit_recovers_the_efficiency_and_the_fixed_time_of_rows_made_by_the_model() -> None:
    f = fit(speed_points(rows_from_model(0.8, 3.0), DEVICES, {"m": ARCH}))
    assert f.model is not None
    assert (f.model.value, f.model.fixed_ms, f.model.low, f.model.high, f.model.rows) == \
        pytest.approx((0.8, 3.0, 1.0, 1.0, 6))
    # the fixed time makes a fast card reach a smaller share of its bandwidth bound than a slow one
    share = {(p.device.id, p.fmt): p.ratio for p in f.points}
    assert share[("card-c", "Q4_0")] < share[("card-b", "Q4_0")]


def test_one_fit_per_runtime_and_the_estimates_use_the_runtime_with_most_rows() -> None:
    rows = rows_from_model(0.8, 3.0, "rt 2") + rows_from_model(0.5, 0.0, "rt 1", 50, CONFIGS[:2])
    f = fit(speed_points(rows, DEVICES, {"m": ARCH}))
    assert set(f.runtimes) == {"rt 1", "rt 2"}
    assert f.main_runtime == "rt 2" and f.model is f.runtimes["rt 2"]
    assert f.runtimes["rt 1"].value == pytest.approx(0.5) and f.runtimes["rt 1"].fixed_ms == pytest.approx(0, abs=1e-6)


def test_a_single_row_fits_its_share_with_no_fixed_time() -> None:
    f = fit(speed_points([row("card-a", "q4_0", 0.6 * bound(1000, "Q4_0"), 1)], DEVICES, {"m": ARCH}))
    assert f.model is not None and (f.model.value, f.model.fixed_ms) == pytest.approx((0.6, 0.0))


def test_leave_one_out_never_uses_the_row_it_predicts() -> None:
    rows = rows_from_model(0.8, 3.0)
    rows[2] = row("card-c", "q4_0", 10.0, 2)                 # an outlier: the others still fit the model exactly
    points = speed_points(rows, DEVICES, {"m": ARCH})
    by_row = {(p.device.id, p.fmt): est for p, est in leave_one_out(points)}
    assert by_row[("card-c", "Q4_0")] == pytest.approx(speed(2000, "Q4_0", 0.8, 3.0))
    # a runtime with no other row is predicted from all other rows
    lone = points[:3] + speed_points([row("card-b", "f16", 30, 70, software="old")], DEVICES, {"m": ARCH})
    assert leave_one_out(lone)[-1][1] is not None
    single = speed_points([row("card-a", "q4_0", 50, 1)], DEVICES, {"m": ARCH})
    assert leave_one_out(single)[0][1] is None                                   # nothing left to fit
