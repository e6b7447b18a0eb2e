"""The model-selection analysis: fit verdicts per tier from the memory formulas (hand-computed cases of
the formulas themselves are in test_memory.py), measured peaks, the Pareto frontier on a hand-made set,
per-tier advice that names only numbers of the fit table, and the best configuration per tier."""

from __future__ import annotations

import pytest

from generator.benchmarks import BenchmarkData
from generator.fit_table import TIERS_GB, fit_table, image_memory, image_spec
from generator.models.benchmark import BenchmarkRow
from generator.models.entity import Entity
from generator.fits import tier_fit
from generator.recommend import advise
from generator.selection import FORMULA, Candidate, analyse, dominates, pareto

from factories import model_entity


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


# ---- image memory -----------------------------------------------------------------------------------

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
    entity = model("sdxl", "text-to-image", denoiser_parameters=2.6, native_resolution=1024,
                   text_encoder_parameters=0.8)
    m = image_memory(image_spec(entity)[0], "fp16/bf16")
    assert m.scope == "denoiser + text encoders"
    assert m.weights_gb == pytest.approx(6.8)
    assert m.offload_gpu_gb == pytest.approx(5.2 + 3.145728 + 0.1 * 6.8 + 0.5)   # the denoiser stays


def test_the_formula_text_states_the_constants() -> None:
    for words in ("bits per weight / 8", "2 x layers x key/value heads x head size", "Q4_K_M 4.8944",
                  "q8_0 34/32", "kv_lora_rank + rope_head_dim", "min(context, window)", "0.6 GB + 5%",
                  "3 GB per megapixel", "half of the layers", "N x 10^9 bytes", "active ones for speed"):
        assert words in FORMULA


# ---- fit verdicts -----------------------------------------------------------------------------------

def verdicts(rows, entity: str, precision: str, context: int | None = None, cache: str | None = None) -> list[str]:
    r = next(r for r in rows if (r.entity_id, r.precision, r.context, r.kv_cache) == (entity, precision, context,
                                                                                       cache))
    return [c.label for c in r.cells]


def test_fit_verdicts_per_tier_for_two_models() -> None:
    rows = fit_table([SDXL, LLAMA2], BenchmarkData())
    assert TIERS_GB == (8, 12, 16, 24, 32, 48, 80)
    # its window is 4,096 tokens: that is the only context sized, flagged as capped
    assert {(r.context, r.context_capped) for r in rows if r.entity_id == "llama-2-7b"} == {(4096, True)}
    # F16: 14.0004 + 2.1475 KV + 0.6 + 5% of 16.148 = 17.56 GB; half of the layers: 9.48 GB on the GPU
    assert verdicts(rows, "llama-2-7b", "F16", 4096, "f16") == [
        "Does not fit (estimated)", "Fits with offload (estimated)", "Fits with offload (estimated)"] + [
        "Fits (estimated)"] * 4
    # Q4_K_M with a q4_0 cache: 4.28 + 0.60 + 0.6 + 0.24 = 5.73 GB
    assert verdicts(rows, "llama-2-7b", "Q4_K_M", 4096, "q4_0") == ["Fits (estimated)"] * 7
    # 9.37 GB, denoiser only; fp8: 6.51 GB
    assert verdicts(rows, "sdxl", "fp16/bf16") == ["Does not fit (estimated)"] + ["Fits (estimated)"] * 6
    assert verdicts(rows, "sdxl", "fp8/int8") == ["Fits (estimated)"] * 7


def test_a_peak_memory_row_at_the_same_settings_is_measured_and_offload_rows_count_apart() -> None:
    data = BenchmarkData((row("sdxl", "text-to-image", "peak_memory", 7.9, "GB", 3, precision="fp16",
                              resolution="1024x1024", batch=1),
                          row("sdxl", "text-to-image", "peak_memory", 21.7, "GB", 4, precision="fp16",
                              resolution="1024x1024", batch=4),    # batch 4: another situation, ignored
                          row("sdxl", "text-to-image", "peak_memory", 4.1, "GB", 5, precision="fp16",
                              resolution="1024x1024", batch=1, options="model CPU offload")))
    fp16 = next(r for r in fit_table([SDXL], data) if r.precision == "fp16/bf16")
    assert fp16.measured is not None and fp16.measured.line == 3 and fp16.need_gb == 7.9
    assert fp16.measured_offload is not None and fp16.offload_need_gb == 4.1
    assert [c.label for c in fp16.cells] == ["Fits (measured)"] * 7
    assert judge_at(data, 6) == "Fits with offload (measured)"


def judge_at(data: BenchmarkData, tier: float) -> str:
    from generator.fit_table import judge
    fp16 = next(r for r in fit_table([SDXL], data) if r.precision == "fp16/bf16")
    return judge(tier, fp16.need_gb, fp16.offload_need_gb, True, True).label


def test_a_published_file_size_replaces_the_bits_per_weight() -> None:
    data = BenchmarkData((row("llama-3-1-8b", "text-generation", "file_size", 4.92, "GB", 3, precision="q4_k_m"),))
    q4 = next(r for r in fit_table([LLAMA31], data) if r.precision == "Q4_K_M")
    assert q4.estimate is not None and (q4.estimate.weights_gb, q4.estimate.scope) == (4.92, "file size")


def test_missing_facts_are_no_data_never_a_guess() -> None:
    partial = model("gemma-2-2b", "text-generation", parameters=2.6, layers=26, kv_heads=4, context_length=8192)
    rows = fit_table([partial], BenchmarkData())
    assert all(r.missing == ("head_dim",) and r.estimate is None for r in rows)
    assert {c.label for r in rows for c in r.cells} == {"No data"}


def test_a_model_without_a_stated_window_is_still_sized() -> None:
    no_window = model("m", "text-generation", parameters=7, layers=32, kv_heads=8, head_dim=128)
    rows = fit_table([no_window], BenchmarkData())
    assert {r.context for r in rows} == {8192, 32768, 131072} and all(r.estimate for r in rows)


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


# ---- the best configuration per tier, and the advice ----------------------------------------------------

def test_tier_fit_takes_the_highest_precision_then_the_least_quantized_cache() -> None:
    rows = fit_table([LLAMA31], BenchmarkData())
    # 8K context: F16 needs 16.06 + 1.07 + 1.46 = 18.6 GB; at 16 GB Q8_0 with an f16 cache (10.8 GB) fits
    assert (tier_fit(rows, 16).precision, tier_fit(rows, 16).kv_cache) == ("Q8_0", "f16")
    assert (tier_fit(rows, 24).precision, tier_fit(rows, 24).context) == ("F16", 8192)
    at8 = tier_fit(rows, 8)
    assert at8.verdict == "fits" and at8.need_gb <= 8
    big = model("big", "text-generation", parameters=300, layers=100, kv_heads=8, head_dim=128, context_length=8192)
    far = tier_fit(fit_table([big], BenchmarkData()), 8)
    assert far.verdict == "does-not-fit" and far.precision == "Q4_K_M"       # the smallest, for the record


def test_advice_picks_the_best_score_of_one_source_and_names_the_largest_unscored_model() -> None:
    small = model("small-3b", "text-generation", parameters=3, layers=28, kv_heads=8, head_dim=128,
                  context_length=131072)
    big = model("big-30b", "text-generation", parameters=30, layers=60, kv_heads=8, head_dim=128,
                context_length=131072)
    mmlu = (row("llama-3-1-8b", "text-generation", "mmlu_5shot", 68.1, "score", 3),
            row("small-3b", "text-generation", "mmlu_5shot", 60.0, "score", 4))
    data = BenchmarkData(mmlu)
    rows = fit_table([LLAMA31, small, big], data)
    names = {"llama-3-1-8b": "Llama 3.1 8B", "small-3b": "Small", "big-30b": "Big"}
    advice = {a.tier_gb: a for a in advise("text-generation", rows, data, names,
                                           {"llama-3-1-8b": 8, "small-3b": 3, "big-30b": 30})}
    at12 = advice[12]
    assert [(p.kind, p.entity_id) for p in at12.picks] == [("best-quality", "llama-3-1-8b")]
    assert at12.picks[0].quality.value == 68.1 and at12.picks[0].among == 2
    assert at12.no_shared_benchmark is None
    at24 = advice[24]   # Big 30B fits at Q4_K_M (18 + 1.0 + 1.6 = 20.6 GB) and has no score
    assert [(p.kind, p.entity_id) for p in at24.picks] == [("best-quality", "llama-3-1-8b"), ("largest", "big-30b")]
    assert "MMLU (5-shot) from one evaluation pipeline" in at24.no_shared_benchmark
    for a in advice.values():       # every number named is the fit table's number for that configuration
        for p in a.picks:
            r = next(r for r in rows if (r.entity_id, r.precision, r.context, r.kv_cache)
                     == (p.entity_id, p.fit.precision, p.fit.context, p.fit.kv_cache))
            assert r.need_gb == p.fit.need_gb and r.cell(a.tier_gb).verdict == "fits"
    assert advice[32].nothing_larger is not None and advice[24].nothing_larger is None


def test_a_model_that_fits_only_with_offload_is_listed_as_such() -> None:
    big = model("big-30b", "text-generation", parameters=30, layers=60, kv_heads=8, head_dim=128,
                context_length=8192)
    a = {x.tier_gb: x for x in analyse([big], BenchmarkData()).advice}
    assert a[8].picks == () and a[8].offload == ()
    assert [(p.entity_id, p.fit.precision, p.fit.verdict) for p in a[12].offload] == [("big-30b", "Q4_K_M", "offload")]


def test_the_analysis_lists_models_without_speed_as_not_comparable() -> None:
    a = analyse([LLAMA2, SDXL], BenchmarkData())
    by_task = {t.task: t for t in a.tasks}
    assert by_task["text-generation"].frontier.frontier == ()
    assert by_task["text-generation"].frontier.not_comparable == (("llama-2-7b", ("quality", "speed")),)
    assert by_task["text-to-image"].quality is None
    assert by_task["text-to-image"].speed is not None and by_task["text-to-image"].speed.group is None


def test_the_analysis_is_deterministic() -> None:
    one, two = analyse([SDXL, LLAMA31, LLAMA2], BenchmarkData()), analyse([LLAMA2, SDXL, LLAMA31], BenchmarkData())
    assert one.fits == two.fits and one.advice == two.advice
    assert one.fit_frame().equals(two.fit_frame())


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


# ---- video models: published figures only -----------------------------------------------------------

VIDEO = model("vid", "text-to-video", parameters=13)


def video_rows() -> BenchmarkData:
    return BenchmarkData((
        row("vid", "text-to-video", "peak_memory", 60, "GB", 3, precision="bf16", resolution="1280x720", batch=1),
        row("vid", "text-to-video", "peak_memory", 45, "GB", 4, precision="bf16", resolution="960x544", batch=1),
        row("vid", "text-to-video", "peak_memory", 20, "GB", 5, precision="bf16", resolution="960x544", batch=1,
            options="model CPU offload (--offload_model True)"),
        row("vid", "text-to-video", "peak_memory", 14, "GB", 6, precision="bf16", resolution="960x544", batch=1,
            options="model CPU offload and the text encoder on the CPU")))


def test_video_fits_come_from_the_published_figures_largest_clip_first() -> None:
    rows = fit_table([VIDEO], video_rows())
    assert [(r.resolution, r.need_gb, r.offload_need_gb) for r in rows] == [("1280x720", 60, None), ("960x544", 45, 14)]
    assert all(r.estimate is None and r.basis == "published" for r in rows)
    assert [c.verdict for c in rows[1].cells] == ["does-not-fit"] * 2 + ["offload"] * 3 + ["fits"] * 2
    # (the smallest offload figure counts: 14 GB fits in 16)
    by_tier = {t: tier_fit(rows, t) for t in TIERS_GB}
    assert (by_tier[80].verdict, by_tier[80].resolution) == ("fits", "1280x720")
    assert (by_tier[48].verdict, by_tier[48].resolution) == ("fits", "960x544")
    off = by_tier[16]
    assert off is not None and (off.verdict, off.need_gb, off.measured.line) == ("offload", 14, 6)


def test_a_video_model_with_only_an_offload_figure_or_none_at_all() -> None:
    only = BenchmarkData((row("vid", "text-to-video", "peak_memory", 24, "GB", 3, precision="bf16",
                              resolution="1280x704", batch=1, options="model CPU offload"),))
    [r] = fit_table([VIDEO], only)
    assert [c.verdict for c in r.cells] == ["does-not-fit"] * 3 + ["offload"] * 4   # nothing says it fits without
    [none] = fit_table([VIDEO], BenchmarkData())
    assert {c.verdict for c in none.cells} == {"no-data"} and none.basis is None
