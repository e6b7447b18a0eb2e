"""The GPU benchmark harness, run on the CPU with tiny configurations (content/pages/benchmarks/how-we-measure.md).

The tiny run executes the same code as the GPU run (model building, prefill and decode loops, the diffusers
pipelines, timing, provenance, CSV writing) in seconds; its output must pass the site's own validation,
so a real run's rows will too. The GPU numbers themselves can only be checked on a GPU.
"""

from __future__ import annotations

import csv
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))   # benchmarks/ is not an installed package; plain `pytest` must find it too
pytest.importorskip("torch", reason="the harness extra is not installed: pip install -e '.[harness]'")
pytest.importorskip("diffusers", reason="the harness extra is not installed: pip install -e '.[harness]'")

from benchmarks.harness import configs, results  # noqa: E402
from benchmarks.harness.timing import Budget, Stats  # noqa: E402
from generator.benchmarks import validate_benchmarks  # noqa: E402
from generator.models.benchmark import COLUMNS, FORMAT, METRICS  # noqa: E402
from generator.sources import gather, read_csv, read_yaml  # noqa: E402

TIMEOUT = 600   # generous: the tiny run takes about 30 s on 2 busy cores
LLM_IDS = {"phi-3-5-mini", "phi-3-mini", "mistral-7b", "llama-2-7b", "llama-3-1-8b", "qwen2-5-3b", "gemma-2-2b",
           "tinyllama-1-1b"}
IMAGE_IDS = {"sd-1-5", "sdxl", "sd-3-5-medium", "flux-1-schnell", "flux-1-dev"}


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}


def _validate(out: Path):
    """Every table and provenance under `out`, through the site's validation, against the real entity ids."""
    tables, runs = [], []
    for path in sorted(out.glob("*/results.csv")):
        table, problems = read_csv(path, out)
        assert table is not None and not problems, problems
        tables.append(table)
    for path in sorted(out.glob("*/provenance.yaml")):
        doc, problems = read_yaml(path, out)
        assert doc is not None and not problems, problems
        runs.append(doc)
    entity_ids = {raw.doc.data["id"] for raw in gather(ROOT).entities}
    data, diagnostics = validate_benchmarks(tables, runs, entity_ids)
    assert not diagnostics, "\n".join(d.format() for d in diagnostics)
    assert len(data.rows) == sum(len(t.rows) for t in tables) > 0
    return data


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("harness")
    proc = subprocess.run([sys.executable, "-m", "benchmarks.harness", "--tiny", "--out", str(out)], cwd=ROOT,
                          env=_env(), capture_output=True, text=True, timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    return out


# ---- the format and the facts -------------------------------------------------------------------------

def test_the_harness_writes_the_columns_and_units_of_the_format() -> None:
    # The harness repeats them because the GPU machine has no pydantic to import the generator with; which
    # metric goes with which task is checked by the validation of the tiny run below.
    assert results.COLUMNS == COLUMNS
    assert results.FORMAT == FORMAT
    for metric, unit in results.UNITS.items():
        assert METRICS[metric].unit == unit


def test_every_issue_model_has_a_configuration_with_its_source() -> None:
    assert {a.entity for a in configs.LLMS} == LLM_IDS
    assert {a.entity for a in configs.IMAGES} == IMAGE_IDS
    for arch in configs.LLMS:
        assert arch.source.startswith("https://") and arch.source.endswith("config.json")
        assert arch.max_context >= 2048 and arch.budget_s > 0
    for arch in configs.IMAGES:
        for part in (arch.denoiser, arch.vae, arch.scheduler, *arch.text_encoders):
            assert part.source.startswith("https://huggingface.co/") and part.source.endswith(".json")
        assert arch.steps >= 1 and arch.precision in ("fp16", "bf16")


def test_number_formatting_refuses_what_a_page_cannot_show() -> None:
    assert [results.number(v) for v in (0.0123456, 12.3456, 123456.0)] == ["0.01235", "12.35", "123500"]
    for bad in (0.0, -1.0, math.nan, math.inf):
        with pytest.raises(ValueError):
            results.number(bad)


def test_budget_gives_each_point_a_fair_share_and_skips_what_cannot_fit() -> None:
    budget = Budget(100.0)
    assert budget.repeats(9.0, wanted=5, points_left=2) == 5
    assert budget.repeats(30.0, wanted=5, points_left=2) == 1
    assert budget.repeats(200.0, wanted=5, points_left=1) == 0
    assert Budget(None).repeats(1e6, wanted=3, points_left=1) == 3
    assert Stats.of([3.0, 1.0, 2.0]).spread() == "median of 3 runs (min 1 s, max 3 s)"


# ---- the tiny run ------------------------------------------------------------------------------------

def test_tiny_rows_pass_the_site_validation(tiny_run: Path) -> None:
    data = _validate(tiny_run)
    assert set(data.runs) == {"tiny-cpu"}
    for row in data.rows:
        assert row.status == "measured" and row.run == "tiny-cpu"
        assert math.isfinite(row.value) and row.value > 0
        # Marked so that nobody can take them for measurements of the models.
        assert row.note.startswith(results.TINY_MARK) and "tiny" in row.gpu


def test_tiny_provenance_is_complete(tiny_run: Path) -> None:
    run = _validate(tiny_run).runs["tiny-cpu"]
    assert run.hardware.gpu == "CPU (tiny test configs)" and run.hardware.gpu_memory_gb > 0
    assert run.driver and run.cuda and run.os
    assert {"python", "torch", "transformers", "diffusers"} <= set(run.libraries)
    assert run.command.startswith("python3 -m benchmarks.harness --tiny")
    assert run.harness and run.harness.startswith("versus ")
    assert run.note and "TINY" in run.note and "Random weights" in run.note


def test_tiny_run_covers_every_model_metric_and_point(tiny_run: Path) -> None:
    rows = _validate(tiny_run).rows
    metrics: dict[str, set[tuple]] = {}
    for r in rows:
        metrics.setdefault(r.entity, set()).add((r.metric, r.batch, r.options.rsplit("stage: ", 1)[-1]
                                                 if "stage:" in (r.options or "") else None))
    assert set(metrics) == LLM_IDS | IMAGE_IDS
    for entity in LLM_IDS:
        names = {m for m, _, _ in metrics[entity]}
        assert {"time_to_first_token", "prompt_throughput", "peak_memory"} <= names
        assert {b for m, b, _ in metrics[entity] if m == "generation_throughput"} == set(configs.DECODE_BATCHES)
        arch = next(a for a in configs.LLMS if a.entity == entity)
        contexts = {r.input_tokens for r in rows if r.entity == entity and r.metric == "time_to_first_token"}
        assert contexts == {configs.TINY_CONTEXTS[c] for c in configs.CONTEXTS if c <= arch.max_context}
    for entity in IMAGE_IDS:
        got = metrics[entity]
        assert ("image_latency", 1, None) in got and ("batch_latency", 4, None) in got
        for batch in configs.IMAGE_BATCHES:
            assert {("iterations_per_second", batch, None), ("images_per_minute", batch, None),
                    ("peak_memory", batch, None)} <= got
            assert {s for m, b, s in got if m == "batch_latency" and b == batch and s} == {
                "text encoders only", "denoising only", "VAE decode only"}


def test_tiny_rows_are_sorted_and_the_log_is_written(tiny_run: Path) -> None:
    folder = tiny_run / "tiny-cpu"
    with (folder / "results.csv").open(newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    rows = list(csv.DictReader(lines))
    keys = [(r["entity"], r["task"], r["metric"]) for r in rows]
    assert keys == sorted(keys)
    assert "total" in (folder / "log.txt").read_text()


def test_tiny_output_is_refused_inside_benchmarks() -> None:
    target = ROOT / "benchmarks" / "runs" / "never-written"
    proc = subprocess.run([sys.executable, "-m", "benchmarks.harness", "--tiny", "--out", str(target)], cwd=ROOT,
                          env=_env(), capture_output=True, text=True, timeout=TIMEOUT)
    assert proc.returncode != 0 and "not measurements" in proc.stderr
    assert not target.exists()


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_gpu_script_runs_the_tiny_harness_on_the_cpu(tmp_path: Path) -> None:
    env = {**_env(), "OUT": str(tmp_path), "DEVICE": "cpu", "TINY": "1", "PYTHON": sys.executable,
           "HARNESS_ARGS": "--models tinyllama-1-1b,sd-1-5"}
    proc = subprocess.run(["bash", "benchmarks/harness/run_gpu.sh"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    assert "total" in (tmp_path / "console.txt").read_text()
    data = _validate(tmp_path)
    assert {r.entity for r in data.rows} == {"tinyllama-1-1b", "sd-1-5"}
    assert data.runs["tiny-cpu"].command.startswith("bash benchmarks/harness/run_gpu.sh (which ran: python3 -m")
