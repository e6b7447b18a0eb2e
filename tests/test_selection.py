"""Golden tests of the model-selection analysis: the memory formula against hand-computed cases, fit verdicts
per tier, the Pareto frontier on a hand-made set, and recommendations that the fit table can check."""

from __future__ import annotations

import pytest

from generator.benchmarks import BenchmarkData
from generator.models.benchmark import BenchmarkRow
from generator.models.entity import Entity
from factories import model_entity
from generator.selection import (BASE_CONTEXT, FORMULA, TIERS_GB, Candidate, analyse, dominates, fit_table,
                                 image_memory, image_spec, llm_memory, llm_spec, pareto)

def model(eid: str, task: str, **facts: float) -> Entity:
    return model_entity(eid, task, **facts)


LLAMA2 = model("llama-2-7b", "text-generation", parameters=7, layers=32, kv_heads=32, head_dim=128,
               context_length=4096)
LLAMA31 = model("llama-3-1-8b", "text-generation", parameters=8, layers=32, kv_heads=8, head_dim=128,
                context_length=131072)
SDXL = model("sdxl", "text-to-image", denoiser_parameters=2.6, native_resolution=1024)


def row(entity: str, task: str, metric: str, value: float, unit: str, line: int, **settings) -> BenchmarkRow:
    return BenchmarkRow.model_validate({"entity": entity, "task": task, "metric": metric, "value": value,
                                        "unit": unit, "status": "reported", "source_url": "https://example.org/b",
                                        "retrieved": "2026-11-26", "file": "benchmarks/t.csv", "line": line,
                                        **settings})


# ---- the memory formula -----------------------------------------------------------------------------

def test_llama_2_7b_fp16_at_4k_by_hand() -> None:
    spec, missing = llm_spec(LLAMA2)
    assert spec is not None and missing == ()
    m = llm_memory(spec, "fp16/bf16", 4096)
    assert m.weights_gb == pytest.approx(14.0)               # 7e9 parameters x 2 bytes = 14e9 bytes
    # KV cache: 2 (K and V) x 32 layers x 32 kv heads x 128 head size x 4096 tokens x 2 bytes
    #         = 2_147_483_648 bytes = 2 GiB = 2.147483648 GB
    assert 2 * 32 * 32 * 128 * 4096 * 2 == 2_147_483_648
    assert m.kv_cache_gb == pytest.approx(2.147483648)
    assert m.overhead_gb == pytest.approx(1.9)               # 10% of 14 GB + 0.5 GB
    assert m.total_gb == pytest.approx(18.047483648)         # 14 + 2.147483648 + 1.9
    assert m.offload_gpu_gb == pytest.approx(9.973741824)    # (14 + 2.147483648) / 2 + 1.9


def test_head_size_is_hidden_size_over_heads_when_unstated() -> None:
    derived = model("m", "text-generation", parameters=7, layers=32, kv_heads=8, hidden_size=4096,
                    attention_heads=32, context_length=4096)
    spec, missing = llm_spec(derived)
    assert missing == () and spec is not None and spec.head_dim == 128
    stated = model("g", "text-generation", parameters=2, layers=26, kv_heads=4, head_dim=256, hidden_size=2304,
                   attention_heads=8, context_length=8192)
    assert llm_spec(stated)[0].head_dim == 256               # a stated head size wins over the quotient
    uneven = model("u", "text-generation", parameters=7, layers=32, kv_heads=8, hidden_size=4000,
                   attention_heads=3, context_length=4096)
    assert llm_spec(uneven) == (None, ("head_dim",))         # not a whole number: no guess
    assert llm_spec(model("n", "text-generation", parameters=7, layers=32, kv_heads=8,
                          context_length=4096)) == (None, ("head_dim",))


def test_llama_3_1_8b_int4_at_128k_by_hand() -> None:
    spec, _ = llm_spec(LLAMA31)
    m = llm_memory(spec, "int4", 131072)
    assert m.weights_gb == pytest.approx(4.0)                # 8e9 x 0.5 bytes
    assert m.kv_cache_gb == pytest.approx(17.179869184)      # 2 x 32 x 8 x 128 x 131072 x 2 bytes (fp16 cache)
    assert m.overhead_gb == pytest.approx(0.9)               # 10% of 4 GB + 0.5 GB
    assert m.total_gb == pytest.approx(22.079869184)


def test_sdxl_fp16_denoiser_only_by_hand() -> None:
    spec, _ = image_spec(SDXL)
    m = image_memory(spec, "fp16/bf16")
    assert m.scope == "denoiser only"
    assert m.weights_gb == pytest.approx(5.2)                # 2.6e9 x 2 bytes
    assert m.activations_gb == pytest.approx(3.145728)       # 3 GB x 1024 x 1024 / 1e6 megapixels
    assert m.overhead_gb == pytest.approx(1.02)              # 10% of 5.2 + 0.5
    assert m.total_gb == pytest.approx(9.365728)
    assert m.offload_gpu_gb == pytest.approx(m.total_gb)     # one component only: offloading cannot help


def test_image_text_encoders_count_when_stated() -> None:
    entity = SDXL.model_copy(update={"facts": {**SDXL.facts, "text_encoder_parameters":
                                               SDXL.facts["denoiser_parameters"].model_copy(update={"value": 0.8})}})
    m = image_memory(image_spec(entity)[0], "fp16/bf16")
    assert m.scope == "denoiser + text encoders"
    assert m.weights_gb == pytest.approx(6.8)                # (2.6 + 0.8) x 2
    assert m.total_gb == pytest.approx(6.8 + 3.145728 + 1.18)
    assert m.offload_gpu_gb == pytest.approx(5.2 + 3.145728 + 1.18)  # the denoiser is the largest component


def test_the_formula_text_states_the_constants() -> None:
    for words in ("parameters x bytes per parameter", "2 x layers x key/value heads x head size", "10% of weights",
                  "0.5 GB", "3 GB per megapixel", "Not supported", "half of the layers", "N x 10^9 bytes"):
        assert words in FORMULA


# ---- fit verdicts -----------------------------------------------------------------------------------

def verdicts(rows, entity: str, precision: str, context: int | None = None) -> list[str]:
    r = next(r for r in rows if (r.entity_id, r.precision, r.context) == (entity, precision, context))
    return [c.label for c in r.cells]


def test_fit_verdicts_per_tier_for_two_models() -> None:
    rows = fit_table([SDXL, LLAMA2], BenchmarkData())
    assert TIERS_GB == (8, 12, 16, 24, 48, 80)
    # 18.05 GB in all; offloading half of the layers leaves 9.97 GB on the GPU
    assert verdicts(rows, "llama-2-7b", "fp16/bf16", 4096) == [
        "Does not fit (estimated)", "Fits with offload (estimated)", "Fits with offload (estimated)",
        "Fits (estimated)", "Fits (estimated)", "Fits (estimated)"]
    # int4: 3.5 + 2.147 + 0.85 = 6.50 GB
    assert verdicts(rows, "llama-2-7b", "int4", 4096) == ["Fits (estimated)"] * 6
    # its window is 4,096 tokens: longer contexts are not supported, whatever the card
    assert verdicts(rows, "llama-2-7b", "int4", 32768) == ["Not supported"] * 6
    # 9.37 GB, denoiser only
    assert verdicts(rows, "sdxl", "fp16/bf16") == ["Does not fit (estimated)"] + ["Fits (estimated)"] * 5
    # fp8: 2.6 + 3.146 + 0.76 = 6.51 GB
    assert verdicts(rows, "sdxl", "fp8/int8") == ["Fits (estimated)"] * 6


def test_a_peak_memory_row_at_the_same_settings_is_measured() -> None:
    data = BenchmarkData((row("sdxl", "text-to-image", "peak_memory", 7.9, "GB", 3, precision="fp16",
                              resolution="1024x1024", batch=1),
                          row("sdxl", "text-to-image", "peak_memory", 21.7, "GB", 4, precision="fp16",
                              resolution="1024x1024", batch=4)))   # batch 4: another situation, ignored
    rows = fit_table([SDXL], data)
    fp16 = next(r for r in rows if r.precision == "fp16/bf16")
    assert fp16.measured is not None and fp16.measured.line == 3 and fp16.need_gb == 7.9
    assert [c.label for c in fp16.cells] == ["Fits (measured)"] * 6
    assert verdicts(rows, "sdxl", "fp8/int8") == ["Fits (estimated)"] * 6


def test_missing_facts_are_no_data_never_a_guess() -> None:
    partial = model("gemma-2-2b", "text-generation", parameters=2.6, layers=26, kv_heads=4, context_length=8192)
    rows = fit_table([partial], BenchmarkData())
    assert all(r.missing == ("head_dim",) and r.estimate is None for r in rows)
    assert {c.label for r in rows for c in r.cells} == {"No data"}


# ---- Pareto frontier --------------------------------------------------------------------------------

POINTS = [Candidate("a", 70, 50, 10), Candidate("b", 60, 40, 12), Candidate("c", 65, 80, 16),
          Candidate("d", 70, 50, 10), Candidate("e", 55, None, 4), Candidate("f", 50, 30, 5)]


def test_the_frontier_of_a_hand_made_set() -> None:
    f = pareto(POINTS)
    assert sorted(p.candidate.entity_id for p in f.frontier) == ["a", "c", "d", "f"]
    assert [(p.candidate.entity_id, p.dominated_by) for p in f.dominated] == [("b", ("a", "d"))]
    assert f.not_comparable == (("e", ("speed",)),)            # missing speed: listed, never placed
    assert next(p for p in f.frontier if p.candidate.entity_id == "a").ties == ("d",)


def test_the_weighted_score_only_orders_the_frontier() -> None:
    f = pareto(POINTS, weights={"quality": 0.5, "speed": 0.25, "memory": 0.25})
    # normalised over a, b, c, d, f: quality (v-50)/20, speed (v-30)/50, memory (16-v)/11
    scores = {p.candidate.entity_id: p.score for p in (*f.frontier, *f.dominated)}
    assert scores["a"] == pytest.approx(0.5 * 1.0 + 0.25 * 0.4 + 0.25 * 6 / 11)
    assert scores["c"] == pytest.approx(0.5 * 0.75 + 0.25 * 1.0 + 0.25 * 0.0)
    assert scores["f"] == pytest.approx(0.5 * 0.0 + 0.25 * 0.0 + 0.25 * 1.0)
    assert [p.candidate.entity_id for p in f.frontier] == ["a", "d", "c", "f"]   # equal scores: by id
    assert f.weights == {"quality": 0.5, "speed": 0.25, "memory": 0.25}


def test_dominance_needs_a_strict_lead_somewhere() -> None:
    assert not dominates(POINTS[0], POINTS[3])
    assert dominates(POINTS[0], POINTS[1])
    assert not dominates(POINTS[0], POINTS[2]) and not dominates(POINTS[2], POINTS[0])


def test_a_two_objective_frontier_can_be_asked_for() -> None:
    f = pareto(POINTS, objectives=("quality", "memory"))
    assert sorted(p.candidate.entity_id for p in f.frontier) == ["a", "d", "e"]
    assert {p.candidate.entity_id: p.dominated_by for p in f.dominated} == {"b": ("a", "d"), "c": ("a", "d"),
                                                                           "f": ("e",)}
    assert f.not_comparable == ()


# ---- the analysis and its recommendations -------------------------------------------------------------

def test_recommendations_name_numbers_the_fit_table_shows() -> None:
    mmlu = [row("llama-3-1-8b", "text-generation", "mmlu_5shot", 68.1, "score", 3),
            row("llama-2-7b", "text-generation", "mmlu_5shot", 45.3, "score", 4)]
    a = analyse([LLAMA2, LLAMA31, SDXL], BenchmarkData(tuple(mmlu)))
    recs = [r for r in a.recommendations if r.task == "text-generation" and r.tier_gb == 12]
    assert [(r.kind, r.entity_id, r.precision) for r in recs] == [
        ("best-quality", "llama-3-1-8b", "int8"), ("fits", "llama-2-7b", "int8"), ("fits", "llama-3-1-8b", "int8")]
    best = recs[0]
    assert best.text == ("MMLU (5-shot), highest of the 2 models that fit in 12 GB and have a score from "
                         "https://example.org/b: Llama 3 1 8B, 68.1, at int8 with 4K context, 9.8 GB estimated. "
                         "The score was published for the unquantized model.")
    for r in a.recommendations:   # every recommendation is checkable against its fit-table row
        fit = next(f for f in a.fits if (f.entity_id, f.precision, f.context) == (r.entity_id, r.precision,
                                                                                   r.context))
        assert fit.need_gb == r.need_gb and fit.cell(r.tier_gb).verdict == r.verdict
        assert f"{r.need_gb:.1f} GB" in r.text
        assert r.context in (None, BASE_CONTEXT)
    at8 = [(r.kind, r.entity_id, r.precision) for r in a.recommendations
           if r.task == "text-generation" and r.tier_gb == 8]
    assert ("fits", "llama-2-7b", "int4") in at8 and ("best-quality", "llama-3-1-8b", "int4") in at8


def test_the_analysis_lists_models_without_speed_as_not_comparable() -> None:
    a = analyse([LLAMA2, SDXL], BenchmarkData())
    by_task = {t.task: t for t in a.tasks}
    assert by_task["text-generation"].frontier.frontier == ()
    assert by_task["text-generation"].frontier.not_comparable == (("llama-2-7b", ("quality", "speed")),)
    assert by_task["text-to-image"].quality is None
    assert by_task["text-to-image"].speed is not None and by_task["text-to-image"].speed.group is None


def test_the_analysis_is_deterministic() -> None:
    assert analyse([SDXL, LLAMA31, LLAMA2], BenchmarkData()) == analyse([LLAMA2, SDXL, LLAMA31], BenchmarkData())


def test_a_model_that_fits_only_with_offload_is_recommended_as_such() -> None:
    big = model("big-30b", "text-generation", parameters=30, layers=60, kv_heads=8, head_dim=128,
                context_length=4096)
    a = analyse([big], BenchmarkData())
    # int4: 15 GB weights + 2 x 60 x 8 x 128 x 4096 x 2 bytes = 1.006632960 GB KV + 2.0 GB overhead = 18.0 GB;
    # offloading half of the layers keeps (15 + 1.007) / 2 + 2.0 = 10.0 GB on the GPU
    recs = {r.tier_gb: r for r in a.recommendations}
    assert 8 not in recs
    assert (recs[12].kind, recs[12].precision, recs[12].verdict) == ("offload", "int4", "offload")
    assert recs[12].text == ("Big 30B at int4 with 4K context: Fits with offload, 18.0 GB estimated in all, more "
                             "than 12 GB; about 10.0 GB stays on the GPU.")
    assert (recs[24].kind, recs[24].precision) == ("fits", "int4")


def test_speed_comes_from_one_full_precision_group_on_one_gpu() -> None:
    speed = [row("llama-2-7b", "text-generation", "generation_throughput", 60.8, "tokens/s", 3, gpu="RTX 4090",
                 precision="fp16", batch=1),
             row("llama-3-1-8b", "text-generation", "generation_throughput", 54.8, "tokens/s", 4, gpu="RTX 4090",
                 precision="fp16", batch=1),
             row("llama-2-7b", "text-generation", "generation_throughput", 149.4, "tokens/s", 5, gpu="RTX 4090",
                 precision="q4_0", batch=1),       # 4-bit: another configuration than the memory objective
             row("llama-3-1-8b", "text-generation", "generation_throughput", 83.3, "tokens/s", 6, gpu="H100",
                 precision="fp16", batch=1)]       # another GPU: another group, smaller
    a = analyse([LLAMA2, LLAMA31], BenchmarkData(tuple(speed)))
    t = a.tasks[0]
    assert t.speed is not None and t.speed.group is not None
    assert dict(t.speed.group.settings)["gpu"] == "RTX 4090" and t.speed.group.entities == ("llama-2-7b",
                                                                                           "llama-3-1-8b")
    assert {c.entity_id: c.speed for c in t.candidates} == {"llama-2-7b": 60.8, "llama-3-1-8b": 54.8}
