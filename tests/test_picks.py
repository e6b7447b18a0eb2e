"""Unit tests of the "Which to pick" rule set and stage: thresholds, directions, missing values, the
headline, pairs of different kinds, and diagnostics for a bad rule file."""

from __future__ import annotations

import math
import re

import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.benchmarks import BenchmarkData
from generator.catalog import Catalog
from generator.fits import best_fits, longest_contexts
from generator.models.benchmark import BenchmarkRow
from generator.models.entity import Entity
from generator.models.use_cases import UseCaseRules
from generator.models.use_cases import named_in as matched
from generator.picks import apply, compare, evidence, headline, pick_pair
from generator.pipeline import load
from generator.selection import analyse

UNITS = {"parameters": "B", "context_length": "tokens", "min_vram": "GB", "native_resolution": "px"}


def entity(eid: str, kind: str = "model", task: str | None = "text-generation", released: str = "2024-01",
           commercial: str | None = "yes", **facts: Any) -> Entity:
    data: dict[str, Any] = {
        "id": eid, "name": eid.replace("-", " ").title(), "type": kind, "summary": f"The {eid} entity.",
        "categories": ["test"], "vendor": "Test", "pricing": {"model": "free"},
        "license": {"name": f"{eid} license", "source": "s", **({"commercial_use": commercial} if commercial else {})},
        "released": {"date": released, "source": "s"}, "links": {"homepage": f"https://example.org/{eid}"},
        "facts": {k: {"value": v, "unit": UNITS.get(k, ""), "source": "s", "as_of": "2026-11-26"}
                  for k, v in facts.items()},
        "sources": {"s": {"url": f"https://example.org/{eid}", "title": f"{eid} card", "retrieved": "2026-11-26",
                          "kind": "primary"}},
        "last_reviewed": "2026-11-26"}
    if task is not None and kind == "model":
        data["task"] = task
    return Entity.model_validate(data)


def rules(*cases: dict[str, Any], **extra: Any) -> UseCaseRules:
    full = [{"title": c["id"].title(), "phrase": f"for {c['id']}", "kinds": ["model:text-generation"],
             "why": "Because.", **c} for c in cases]
    return UseCaseRules.model_validate({"format": 1, "use_cases": full, **extra})


def ev_of(*entities: Entity, rows: tuple[BenchmarkRow, ...] = ()) -> Any:
    data = BenchmarkData(rows)
    selection = analyse(entities, data)
    catalog = Catalog({e.id: e for e in entities}, {}, [])
    return evidence(catalog, data, best_fits(selection), longest_contexts(selection))


def row(eid: str, metric: str, value: float, unit: str, source: str, line: int, **settings: Any) -> BenchmarkRow:
    return BenchmarkRow.model_validate({"entity": eid, "task": "text-generation", "metric": metric, "value": value,
                                        "unit": unit, "status": "reported", "source_url": source,
                                        "source_title": "A table", "retrieved": "2026-11-26",
                                        "file": "benchmarks/t.csv", "line": line, **settings})


CONTEXT = {"id": "long", "decide": {"by": "fact", "fact": "context_length", "better": "higher", "min_ratio": 1.5}}


# ---- the comparison itself -----------------------------------------------------------------------

def test_compare_respects_direction_and_both_thresholds() -> None:
    assert compare(10, 5, "higher") == 1
    assert compare(10, 5, "lower") == -1
    assert compare(10, 10, "higher") == 0
    assert compare(10, 7, "higher", min_ratio=1.5) == 0          # 1.43x: under the ratio
    assert compare(10, 6, "higher", min_ratio=1.5) == 1
    assert compare(4, 3, "lower", min_difference=1) == 0         # a difference of exactly 1 is not "more than 1"
    assert compare(4.5, 3, "lower", min_difference=1) == -1
    assert compare(100, 10, "higher", min_ratio=1.5, min_difference=100) == 0   # both must be passed


def test_terms_match_whole_words_in_any_case() -> None:
    assert matched("Windows, Linux; NVIDIA (CUDA), AMD (ROCm)", ["rocm"])
    assert not matched("Macintosh builds", ["Mac"])
    assert matched("runs on a Mac or a PC", ["Mac"])


# ---- one use case --------------------------------------------------------------------------------

def test_a_fact_above_the_threshold_picks_the_better_side_and_cites_both() -> None:
    a, b = entity("a-lm", context_length=131072), entity("b-lm", context_length=8192)
    r = rules(CONTEXT)
    pick = apply(r.use_cases[0], a, b, ev_of(a, b), r)
    assert (pick.pick, pick.outcome) == ("a-lm", "pick")
    assert pick.values == ("131,072 tokens", "8,192 tokens")
    assert "131,072 tokens against 8,192 tokens" in pick.reason
    assert [c.url for c in pick.citations] == ["https://example.org/a-lm", "https://example.org/b-lm"]


def test_below_the_threshold_there_is_no_real_difference() -> None:
    a, b = entity("a-lm", context_length=8192), entity("b-lm", context_length=6000)
    r = rules(CONTEXT)
    pick = apply(r.use_cases[0], a, b, ev_of(a, b), r)
    assert (pick.pick, pick.outcome) == (None, "even")
    assert pick.reason.startswith("No real difference")


def test_lower_is_better_when_the_rule_says_so() -> None:
    a = entity("a-app", kind="app", task=None, min_vram=4)
    b = entity("b-app", kind="app", task=None, min_vram=1)
    r = rules({"id": "small", "kinds": ["app"],
               "decide": {"by": "fact", "fact": "min_vram", "better": "lower", "min_difference": 1}})
    pick = apply(r.use_cases[0], a, b, ev_of(a, b), r)
    assert pick.pick == "b-app" and "3 GB less" in pick.reason


def test_a_missing_value_on_one_side_is_named_and_picks_nobody() -> None:
    a, b = entity("a-lm", context_length=131072), entity("b-lm")
    r = rules(CONTEXT)
    pick = apply(r.use_cases[0], a, b, ev_of(a, b), r)
    assert (pick.pick, pick.outcome) == (None, "missing")
    assert "nothing is recorded for B Lm" in pick.reason
    assert pick.values == ("131,072 tokens", "no data")


def test_benchmarks_are_compared_only_within_one_source_and_settings() -> None:
    a, b = entity("a-lm"), entity("b-lm")
    r = rules({"id": "mmlu", "decide": {"by": "metric", "metrics": ["mmlu_5shot"], "min_difference": 1}})
    apart = (row("a-lm", "mmlu_5shot", 70, "score", "https://example.org/x", 1),
             row("b-lm", "mmlu_5shot", 60, "score", "https://example.org/y", 2))
    pick = apply(r.use_cases[0], a, b, ev_of(a, b, rows=apart), r)
    assert pick.outcome == "missing"
    same = (row("a-lm", "mmlu_5shot", 70, "score", "https://example.org/x", 1),
            row("b-lm", "mmlu_5shot", 60, "score", "https://example.org/x", 2))
    pick = apply(r.use_cases[0], a, b, ev_of(a, b, rows=same), r)
    assert (pick.pick, pick.values) == ("a-lm", ("70 score", "60 score"))
    assert [c.ref for c in pick.citations] == ["https://example.org/x"]
    close = (row("a-lm", "mmlu_5shot", 70, "score", "https://example.org/x", 1),
             row("b-lm", "mmlu_5shot", 69.5, "score", "https://example.org/x", 2))
    assert apply(r.use_cases[0], a, b, ev_of(a, b, rows=close), r).outcome == "even"


def test_sources_that_disagree_pick_nobody() -> None:
    a, b = entity("a-lm"), entity("b-lm")
    r = rules({"id": "mmlu", "decide": {"by": "metric", "metrics": ["mmlu_5shot"]}})
    rows = (row("a-lm", "mmlu_5shot", 70, "score", "https://example.org/x", 1),
            row("b-lm", "mmlu_5shot", 60, "score", "https://example.org/x", 2),
            row("a-lm", "mmlu_5shot", 50, "score", "https://example.org/y", 3),
            row("b-lm", "mmlu_5shot", 60, "score", "https://example.org/y", 4))
    pick = apply(r.use_cases[0], a, b, ev_of(a, b, rows=rows), r)
    assert (pick.pick, pick.outcome) == (None, "even") and "disagree" in pick.reason


LLM = {"layers": 32, "head_dim": 128, "context_length": 4096}


def test_the_fit_pick_is_the_higher_precision_that_fits() -> None:
    small = entity("small-lm", parameters=3, kv_heads=8, **LLM)
    large = entity("large-lm", parameters=8, kv_heads=8, **LLM)
    r = rules({"id": "gpu8", "decide": {"by": "fit", "gpu_gb": 8}})
    pick = apply(r.use_cases[0], small, large, ev_of(small, large), r)
    assert pick.pick == "small-lm"
    assert pick.values[0].startswith("fits at F16") and re.match(r"fits at Q[4-8]_", pick.values[1])
    assert {c.url for c in pick.citations} == {"https://example.org/small-lm", "https://example.org/large-lm"}


def test_a_larger_card_that_changes_nothing_is_left_out_only_where_the_rule_says_so() -> None:
    tiny = entity("tiny-lm", parameters=1, kv_heads=8, **LLM)
    small = entity("small-lm", parameters=3, kv_heads=8, **LLM)
    large = entity("large-lm", parameters=8, kv_heads=8, **LLM)
    r = rules({"id": "gpu8", "decide": {"by": "fit", "gpu_gb": 8}},
              {"id": "gpu48", "decide": {"by": "fit", "gpu_gb": 48, "unless_repeats": True}},
              {"id": "gpu80", "decide": {"by": "fit", "gpu_gb": 80}})
    same = pick_pair(tiny, small, r, ev_of(tiny, small))      # both at F16 on every card
    assert [p.use_case for p in same.picks] == ["gpu8", "gpu80"]
    differs = pick_pair(small, large, r, ev_of(small, large))  # the larger card lifts the larger model to F16
    assert [p.use_case for p in differs.picks] == ["gpu8", "gpu48", "gpu80"]
    assert differs.picks[1].values[1].startswith("fits at F16")


VIDEO = {"kinds": ["model:text-to-video"]}


def test_a_clip_is_compared_by_its_seconds_not_its_frames() -> None:
    many = entity("many-frames", task="text-to-video", max_frames=160, frame_rate=30)
    few = entity("few-frames", task="text-to-video", max_frames=80, frame_rate=16)
    short = entity("short-clip", task="text-to-video", max_frames=49, frame_rate=24)
    r = rules({"id": "clip", **VIDEO, "decide": {"by": "fact", "fact": "max_frames", "per": "frame_rate",
                                                 "per_unit": "s", "better": "higher", "min_ratio": 1.2}})
    even = apply(r.use_cases[0], many, few, ev_of(many, few), r)     # 5.3 s against 5.0 s
    assert (even.outcome, even.values) == ("even", ("160 frames at 30 fps (5.3 s)", "80 frames at 16 fps (5.0 s)"))
    pick = apply(r.use_cases[0], short, few, ev_of(short, few), r)   # 2.0 s against 5.0 s
    assert pick.pick == "few-frames" and len(pick.citations) == 2
    lacking = entity("no-rate", task="text-to-video", max_frames=200)
    missing = apply(r.use_cases[0], lacking, few, ev_of(lacking, few), r)
    assert (missing.outcome, missing.values[0]) == ("missing", "no data") and "No Rate" in missing.reason


def test_a_frame_size_is_compared_by_its_pixels() -> None:
    wide = entity("wide-clip", task="text-to-video", video_resolution="1280x720")
    small = entity("small-clip", task="text-to-video", video_resolution="832x480")
    near = entity("near-clip", task="text-to-video", video_resolution="1216x704")
    odd = entity("odd-clip", task="text-to-video", video_resolution="720p")
    r = rules({"id": "sharp", **VIDEO, "decide": {"by": "size", "fact": "video_resolution", "min_ratio": 1.3}})
    case = r.use_cases[0]
    assert apply(case, small, wide, ev_of(small, wide), r).pick == "wide-clip"
    assert apply(case, near, wide, ev_of(near, wide), r).outcome == "even"
    assert apply(case, odd, wide, ev_of(odd, wide), r).outcome == "missing"   # not a width x height: no guess


PER_RULES = """\
format: 1
use_cases:
  - id: clip
    title: Clip
    phrase: for clips
    kinds: [model:text-to-video]
    why: Because.
    decide: {by: fact, fact: max_frames, per: frame_rate, better: higher}
  - id: clip2
    title: Clip
    phrase: for clips
    kinds: [model:text-to-video]
    why: Because.
    decide: {by: fact, fact: max_frames, per: video_resolution, per_unit: s, better: higher}
"""


def test_per_needs_its_unit_and_a_number_to_divide_by(tmp_path: Path, mini: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(mini, project)
    (project / "content" / "use_cases.yaml").write_text(PER_RULES)
    result = load(project)
    found = sorted((d.line, d.rule, d.message) for d in result.diagnostics if d.file == "content/use_cases.yaml")
    assert [(line, rule) for line, rule, _ in found] == [(8, "decider-field"), (14, "fact-type")]
    assert "go together" in found[0][2] and "divides by a number" in found[1][2]


def test_a_model_without_the_facts_of_the_estimate_has_no_fit_to_compare() -> None:
    small = entity("small-lm", parameters=3, kv_heads=8, **LLM)
    vague = entity("vague-lm", parameters=3)
    r = rules({"id": "gpu8", "decide": {"by": "fit", "gpu_gb": 8}})
    pick = apply(r.use_cases[0], small, vague, ev_of(small, vague), r)
    assert (pick.pick, pick.outcome) == (None, "missing")
    assert "Vague Lm lacks layers" in pick.reason


def test_licenses_are_ranked_by_the_rule_order() -> None:
    a, b = entity("a-lm", commercial="restricted"), entity("b-lm", commercial="yes")
    r = rules({"id": "commercial", "decide": {"by": "license", "order": ["no", "restricted", "yes"]}})
    pick = apply(r.use_cases[0], a, b, ev_of(a, b), r)
    assert pick.pick == "b-lm" and "only with restrictions" in pick.reason
    unknown = entity("c-lm", commercial=None)
    assert apply(r.use_cases[0], a, unknown, ev_of(a, unknown), r).outcome == "missing"


def test_release_dates_within_the_window_are_the_same_generation() -> None:
    r = rules({"id": "recent", "decide": {"by": "released", "min_days": 180}})
    a, b = entity("a-lm", released="2024-07"), entity("b-lm", released="2024-03")
    assert apply(r.use_cases[0], a, b, ev_of(a, b), r).outcome == "even"
    c = entity("c-lm", released="2023")
    assert apply(r.use_cases[0], a, c, ev_of(a, c), r).pick == "a-lm"


def test_a_date_fact_decides_when_the_rule_names_one() -> None:
    r = rules({"id": "maintained", "kinds": ["runtime"],
               "decide": {"by": "released", "fact": "last_release", "min_days": 90}})
    a = entity("a-rt", kind="runtime", task=None, released="2020", last_release="2025-11-02")
    b = entity("b-rt", kind="runtime", task=None, released="2024", last_release="2025-06")
    pick = apply(r.use_cases[0], a, b, ev_of(a, b), r)
    assert pick.pick == "a-rt" and pick.values == ("2025-11-02", "2025-06") and pick.evidence == "released:last_release"
    c = entity("c-rt", kind="runtime", task=None, last_release="2025-09-15")
    assert apply(r.use_cases[0], a, c, ev_of(a, c), r).outcome == "even"      # 48 days apart
    bare = entity("d-rt", kind="runtime", task=None)
    missing = apply(r.use_cases[0], a, bare, ev_of(a, bare), r)
    assert missing.outcome == "missing" and "D Rt" in missing.reason


def test_terms_pick_the_side_that_covers_more() -> None:
    vocab = {"platforms": {"amd": {"label": "AMD GPUs", "match": ["AMD", "ROCm"]},
                           "linux": {"label": "Linux", "match": ["Linux"]}}}
    r = rules({"id": "platforms", "kinds": ["app"], "decide": {"by": "terms", "fact": "platforms",
                                                               "vocabulary": "platforms"}}, vocabularies=vocab)
    a = entity("a-app", kind="app", task=None, platforms="Linux with ROCm")
    b = entity("b-app", kind="app", task=None, platforms="Linux")
    pick = apply(r.use_cases[0], a, b, ev_of(a, b), r)
    assert pick.pick == "a-app" and pick.reason == "Only A App lists AMD GPUs; both list Linux."


THINKING = {"reasoning": {"thinking": {"label": "a thinking mode", "match": ["always", "switchable"]}},
            "direct": {"direct": {"label": "direct answers", "match": ["none", "switchable"]}},
            "images": {"image": {"label": "image input", "match": ["image"]}},
            "platforms": {"amd": {"label": "AMD GPUs", "match": ["AMD", "ROCm"]}}}
THINKING_RULES = rules({"id": "reasoning", "decide": {"by": "terms", "fact": "thinking", "vocabulary": "reasoning"}},
                       {"id": "direct", "decide": {"by": "terms", "fact": "thinking", "vocabulary": "direct"}},
                       {"id": "images", "decide": {"by": "terms", "fact": "inputs", "vocabulary": "images"}},
                       vocabularies=THINKING)


def _outcomes(a: Entity, b: Entity) -> dict[str, tuple[str, str | None]]:
    return {p.use_case: (p.outcome, p.pick) for p in
            (apply(c, a, b, ev_of(a, b), THINKING_RULES) for c in THINKING_RULES.use_cases)}


def test_a_thinking_mode_picks_for_reasoning_and_direct_answers_pick_the_other_way() -> None:
    r1, llama = entity("r1-lm", thinking="always"), entity("llama-lm", thinking="none")
    assert _outcomes(r1, llama)["reasoning"] == ("pick", "r1-lm")
    assert _outcomes(r1, llama)["direct"] == ("pick", "llama-lm")
    # a switchable model has both: it wins each against a model that has only one, and ties the other
    hybrid = entity("hybrid-lm", thinking="switchable")
    assert _outcomes(hybrid, llama)["reasoning"] == ("pick", "hybrid-lm")
    assert _outcomes(hybrid, llama)["direct"] == ("even", None)
    assert _outcomes(r1, hybrid)["direct"] == ("pick", "hybrid-lm")
    assert _outcomes(r1, hybrid)["reasoning"] == ("even", None)
    line = apply(THINKING_RULES.use_cases[0], r1, llama, ev_of(r1, llama), THINKING_RULES)
    assert line.values == ("always", "none") and line.citations
    assert line.reason == "Only R1 Lm offers a thinking mode (thinking mode: R1 Lm always; Llama Lm none)."


def test_two_enumerated_values_that_name_no_term_are_no_difference_not_missing() -> None:
    a, b = entity("a-lm", thinking="none", inputs="text"), entity("b-lm", thinking="none", inputs="text")
    got = _outcomes(a, b)
    assert got["reasoning"] == ("even", None) and got["images"] == ("even", None)
    line = apply(THINKING_RULES.use_cases[2], a, b, ev_of(a, b), THINKING_RULES)
    assert line.reason == "Neither offers image input (inputs: A Lm text; B Lm text)."
    # free text the vocabulary cannot read stays missing: nothing says the platform is absent
    r = rules({"id": "platforms", "kinds": ["app"], "decide": {"by": "terms", "fact": "platforms",
                                                               "vocabulary": "platforms"}}, vocabularies=THINKING)
    x = entity("x-app", kind="app", task=None, platforms="Linux")
    y = entity("y-app", kind="app", task=None, platforms="Windows")
    assert apply(r.use_cases[0], x, y, ev_of(x, y), r).outcome == "missing"


def test_image_input_picks_the_model_that_reads_images_and_a_missing_value_picks_nobody() -> None:
    vision, text = entity("vision-lm", inputs="text, image"), entity("text-lm", inputs="text")
    assert _outcomes(vision, text)["images"] == ("pick", "vision-lm")
    assert _outcomes(text, vision)["images"] == ("pick", "vision-lm")
    unknown = entity("unknown-lm")
    line = apply(THINKING_RULES.use_cases[2], vision, unknown, ev_of(vision, unknown), THINKING_RULES)
    assert (line.outcome, line.pick) == ("missing", None) and "Unknown Lm" in line.reason


# ---- the whole pair ------------------------------------------------------------------------------

def test_a_split_pair_names_each_side_and_no_leader() -> None:
    r = rules(CONTEXT, {"id": "commercial", "phrase": "for commercial use", "main": True,
                        "decide": {"by": "license", "order": ["no", "restricted", "yes"]}})
    a = entity("a-lm", context_length=131072, commercial="restricted")
    b = entity("b-lm", context_length=8192)
    result = pick_pair(a, b, r, ev_of(a, b))
    assert result.headline == "Pick A Lm for long; pick B Lm for commercial use."
    assert result.leader is None


def test_only_picks_that_cover_every_main_use_case_make_a_leader() -> None:
    main_context = {**CONTEXT, "main": True}
    r = rules(main_context, {"id": "commercial", "main": True,
                             "decide": {"by": "license", "order": ["no", "restricted", "yes"]}})
    a, b = entity("a-lm", context_length=131072), entity("b-lm", context_length=8192, commercial="restricted")
    result = pick_pair(a, b, r, ev_of(a, b))
    assert result.leader == "a-lm" and result.headline.startswith("A Lm leads overall")
    c = entity("c-lm", context_length=8192)
    result = pick_pair(a, c, r, ev_of(a, c))
    assert result.leader is None
    assert result.headline == "Pick A Lm for long; the evidence does not separate them for commercial."


def test_no_pick_at_all_is_too_close_to_call() -> None:
    r = rules(CONTEXT)
    a, b = entity("a-lm", context_length=8192), entity("b-lm", context_length=8192)
    text, leader = headline(a, b, pick_pair(a, b, r, ev_of(a, b)).picks)
    assert text.startswith("Too close to call") and leader is None


def test_a_pair_of_different_kinds_is_answered_by_job() -> None:
    r = rules(CONTEXT, jobs={"repository": {"phrase": "to learn from guides"}})
    model, repo = entity("a-lm", context_length=8192), entity("guides", kind="repository", task=None)
    result = pick_pair(model, repo, r, ev_of(model, repo))
    assert not result.same_kind and [p.pick for p in result.picks] == ["a-lm", "guides"]
    assert "pick Guides to learn from guides" in result.headline
    assert "score" not in result.headline


def test_phrases_group_by_their_first_word() -> None:
    from generator.picks import phrase_list
    assert phrase_list(["for long documents", "for commercial use"]) == "for long documents and commercial use"
    assert phrase_list(["for long documents", "on an 8 GB card", "for commercial use"]) == \
        "for long documents and commercial use, and on an 8 GB card"


# ---- the rule file ---------------------------------------------------------------------------------

BAD_RULES = """\
format: 1
use_cases:
  - id: long
    title: Long
    phrase: for long
    kinds: [model:text-generation]
    why: Because.
    decide: {by: fact, fact: context_lenght, better: higher}
  - id: gpu
    title: GPU
    phrase: on a card
    kinds: [app]
    why: Because.
    decide: {by: fit, gpu_gb: 10, min_ratio: 2}
  - id: speed
    title: Speed
    phrase: for speed
    kinds: [model:text-generation]
    why: Because.
    decide: {by: metric}
  - id: fresh
    title: Fresh
    phrase: for fresh
    kinds: [runtime]
    why: Because.
    decide: {by: released, fact: platforms}
"""


def test_a_bad_rule_file_gets_every_problem_with_its_line(tmp_path: Path, mini: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(mini, project)
    (project / "content" / "use_cases.yaml").write_text(BAD_RULES)
    result = load(project)
    assert result.site is None
    lines = sorted((d.line, d.rule) for d in result.diagnostics if d.file == "content/use_cases.yaml")
    assert lines == [(8, "unknown-fact"), (12, "rule-kind"), (14, "bad-choice"), (14, "decider-field"),
                     (20, "decider-field"), (26, "fact-type")]
    hint = next(d.hint for d in result.diagnostics if d.rule == "unknown-fact")
    assert "context_length" in str(hint)


TYPO_RULES = """\
format: 1
vocabularies:
  reasoning:
    thinking: {label: a thinking mode, match: [always, swichable]}
use_cases:
  - id: reasoning
    title: Reasoning
    phrase: for reasoning
    kinds: [model:text-generation]
    why: Because.
    decide: {by: terms, fact: thinking, vocabulary: reasoning}
"""


def test_a_spelling_that_is_not_a_value_of_the_enumerated_fact_is_refused(tmp_path: Path, mini: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(mini, project)
    (project / "content" / "use_cases.yaml").write_text(TYPO_RULES)
    result = load(project)
    assert result.site is None
    found = [d for d in result.diagnostics if d.file == "content/use_cases.yaml"]
    assert [(d.line, d.rule, d.path) for d in found] == [(4, "bad-choice", "vocabularies.reasoning.thinking.match[1]")]
    assert found[0].hint == "did you mean 'switchable'?"


def test_the_shipped_rules_and_the_mini_corpus_load(root: Path, mini: Path) -> None:
    for project in (root, mini):
        result = load(project)
        assert result.ok, [d.format() for d in result.diagnostics]
        assert result.site is not None and result.site.use_cases is not None


def test_every_pick_cites_and_every_non_pick_says_why(root: Path) -> None:
    site = load(root).site
    assert site is not None
    for slug, pair in site.picks.items():
        for p in pair.picks:
            assert p.reason.endswith("."), (slug, p.reason)
            if p.pick is not None:
                assert p.citations, (slug, p.use_case)
                assert p.pick in slug


# ---- picks against the page's own table ---------------------------------------------------------------

def _number(text: str) -> float:
    import re
    return float(re.match(r"[-+]?[0-9][0-9,]*(?:\.[0-9]+)?", text).group(0).replace(",", ""))


def _check_page_against_its_table(site: Any) -> int:
    """Every pick whose evidence the side-by-side table (or the benchmark table) shows: the page shows the
    same values, and the picked side is the better one by the rule's direction. Returns how many were checked."""
    from generator.models import FACTS, SIGNALS
    from generator.pages import compare
    rules = {c.id: c for c in site.use_cases.use_cases}
    checked = 0
    for spec in compare.plan(site):
        page = spec.view
        ids = tuple(spec.path.rsplit("/", 1)[1].removesuffix(".md").split("-vs-"))
        rows = {r.label: r for r in page.rows}
        for p in page.picks:
            if p.pick is None or p.evidence == "kind":
                continue
            win = ids.index(p.pick)
            kind, _, key = p.evidence.partition(":")
            if kind in ("fact", "signal"):
                row = rows[FACTS[key].label if kind == "fact" else SIGNALS[key]]
                assert (row.a.text, row.b.text) == p.values, (spec.path, p.title)
                x, y = _number(p.values[win]), _number(p.values[1 - win])
                lower = kind == "fact" and rules[p.use_case].decide.better == "lower"
                assert (x < y) if lower else (x > y), (spec.path, p.title, p.values)
            elif kind == "license":
                row = rows["License"]
                assert p.values[0].startswith(row.a.text) and p.values[1].startswith(row.b.text), spec.path
            elif kind == "released":
                row = rows[FACTS[key].label if key else "Released"]
                assert (row.a.text, row.b.text) == p.values, spec.path
                assert p.values[win] > p.values[1 - win], (spec.path, p.values)   # ISO dates sort as text
            elif kind == "terms":   # the picked side's value names a term of the rule's vocabulary; the other's not
                row = rows[FACTS[key].label]
                assert (row.a.text, row.b.text) == p.values, (spec.path, p.title)
                terms = site.use_cases.vocabularies[str(rules[p.use_case].decide.vocabulary)].values()
                named = [{t.label for t in terms if t.in_text(v)} for v in p.values]
                assert named[win] - named[1 - win], (spec.path, p.title, p.values)
            elif kind == "size":   # the same width x height as the table, the picked side with more pixels
                row = rows[FACTS[key].label]
                assert (row.a.text, row.b.text) == p.values, (spec.path, p.title)
                pixels = [math.prod(int(n) for n in v.split("x")) for v in p.values]
                assert pixels[win] > pixels[1 - win], (spec.path, p.title, p.values)
            elif kind == "per":    # both facts as the table shows them, and the quotient the right way round
                top, per = key.split("/")
                for side, value in enumerate(p.values):
                    shown = [rows[FACTS[k].label].a.text if side == 0 else rows[FACTS[k].label].b.text for k in (top, per)]
                    assert value.startswith(f"{shown[0]} at {shown[1]} ("), (spec.path, p.title, value)
                q = [_number(v.rsplit("(", 1)[1]) for v in p.values]
                lower = rules[p.use_case].decide.better == "lower"
                assert (q[win] < q[1 - win]) if lower else (q[win] > q[1 - win]), (spec.path, p.title, p.values)
            elif kind == "metric":
                shown = {(g.cells[0].text, g.cells[1].text) for g in page.benchmarks if None not in g.cells}
                assert p.values in shown, (spec.path, p.title, p.values)
            else:
                continue
            checked += 1
    return checked


def test_no_pick_contradicts_the_table_of_its_page(root: Path) -> None:
    site = load(root).site
    assert _check_page_against_its_table(site) > 0


def test_no_pick_contradicts_the_table_of_the_fixture_pages() -> None:
    site = load(Path(__file__).parent / "fixtures" / "picks").site
    assert _check_page_against_its_table(site) >= 8


def with_stars(e: Entity, stars: int, scope: str = "entity") -> Entity:
    signal = {"value": stars, "as_of": "2026-08-22", "source": "s", "scope": scope}
    return Entity.model_validate({**e.model_dump(mode="json", exclude_none=True), "signals": {"github_stars": signal}})


STARS = {"id": "stars", "decide": {"by": "signal", "signal": "github_stars", "min_ratio": 1.5}}


def test_a_family_repository_count_is_shown_but_never_picks() -> None:
    r = rules(STARS)
    own = apply(r.use_cases[0], with_stars(entity("a-lm"), 90_000), with_stars(entity("b-lm"), 9_000), ev_of(), r)
    assert (own.pick, own.outcome) == ("a-lm", "pick")
    # the same counts, one of them a repository shared by a whole family: it says nothing of this model
    a, b = with_stars(entity("a-lm"), 90_000, "family"), with_stars(entity("b-lm"), 9_000)
    family = apply(r.use_cases[0], a, b, ev_of(a, b), r)
    assert (family.pick, family.outcome) == (None, "missing")
    assert "family repository" in family.reason and "A Lm" in family.reason
    assert family.values == ("90,000", "9,000")
