"""`versus import`: a saved config.json -> architecture facts, written into the entity file safely.

The configurations under tests/fixtures/configs/ are shaped like the published ones of each family
(dense, grouped-query, sliding-window, mixture-of-experts, latent attention, a nested text_config).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import file_listing, hf_config, importer
from generator.cli import main
from generator.pipeline import load
from generator.yaml_tree import parse

CONFIGS = Path(__file__).resolve().parent / "fixtures" / "configs"

EXPECTED: dict[str, dict[str, object]] = {
    "dense-llama-2.json": {
        "context_length": 4096, "layers": 32, "hidden_size": 4096, "attention_heads": 32, "kv_heads": 32,
        "head_dim": 128, "vocab_size": 32000, "attention": "multi-head"},
    "gqa-llama-3-1.json": {
        "context_length": 131072, "layers": 32, "hidden_size": 4096, "attention_heads": 32, "kv_heads": 8,
        "head_dim": 128, "vocab_size": 128256, "attention": "grouped-query", "native_context": 8192,
        "rope_scaling": "Llama 3 scaling factor 8"},
    "sliding-mistral.json": {
        "context_length": 32768, "layers": 32, "hidden_size": 4096, "attention_heads": 32, "kv_heads": 8,
        "head_dim": 128, "vocab_size": 32000, "attention": "grouped-query", "sliding_window": 4096,
        "full_attention_layers": 0},
    "sliding-gemma-2.json": {
        "context_length": 8192, "layers": 26, "hidden_size": 2304, "attention_heads": 8, "kv_heads": 4,
        "head_dim": 256, "vocab_size": 256000, "attention": "grouped-query", "sliding_window": 4096,
        "full_attention_layers": 13},
    "sliding-moe-gpt-oss.json": {
        "context_length": 131072, "layers": 24, "hidden_size": 2880, "attention_heads": 64, "kv_heads": 8,
        "head_dim": 64, "vocab_size": 201088, "attention": "grouped-query", "sliding_window": 128,
        "full_attention_layers": 12, "native_context": 4096, "rope_scaling": "YaRN factor 32", "experts": 32,
        "active_experts": 4},
    "moe-mixtral.json": {
        "context_length": 32768, "layers": 32, "hidden_size": 4096, "attention_heads": 32, "kv_heads": 8,
        "head_dim": 128, "vocab_size": 32000, "attention": "grouped-query", "experts": 8, "active_experts": 2},
    "moe-qwen3.json": {
        "context_length": 40960, "layers": 48, "hidden_size": 2048, "attention_heads": 32, "kv_heads": 4,
        "head_dim": 128, "vocab_size": 151936, "attention": "grouped-query", "experts": 128, "active_experts": 8},
    "mla-deepseek-v3.json": {
        "context_length": 163840, "layers": 61, "hidden_size": 7168, "attention_heads": 128, "head_dim": 192,
        "vocab_size": 129280, "attention": "multi-head latent", "native_context": 4096,
        "rope_scaling": "YaRN factor 40", "experts": 256, "active_experts": 8, "kv_lora_rank": 512,
        "rope_head_dim": 64},
    "nested-gemma-3.json": {
        "layers": 62, "hidden_size": 5376, "attention_heads": 32, "kv_heads": 16, "head_dim": 128,
        "attention": "grouped-query", "sliding_window": 1024, "full_attention_layers": 10,
        "rope_scaling": "linear factor 8"},
}


def _read(name: str) -> hf_config.Architecture:
    arch, problems = hf_config.read((CONFIGS / name).read_text(encoding="utf-8"), name)
    assert not problems, [p.format() for p in problems]
    return arch


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_family_gives_its_architecture_facts(name: str) -> None:
    assert {f.key: f.value for f in _read(name).facts} == EXPECTED[name]


def test_derived_values_say_how_they_were_derived() -> None:
    notes = {f.key: f.note for f in _read("mla-deepseek-v3.json").facts}
    assert "1 shared expert" in notes["experts"] and "first 3 layers are dense" in notes["experts"]
    assert "qk_nope_head_dim 128 + qk_rope_head_dim 64" in notes["head_dim"]
    assert "every second layer" in {f.key: f.note for f in _read("sliding-gemma-2.json").facts}["full_attention_layers"]
    assert {f.key: f.note for f in _read("dense-llama-2.json").facts}["head_dim"] == "hidden size 4096 / 32 heads"


def test_a_shared_expert_width_of_zero_means_no_shared_expert() -> None:
    data = json.loads((CONFIGS / "moe-qwen3.json").read_text(encoding="utf-8"))
    for width, note in ((0, None), (768, "plus 1 shared expert used by every token")):
        data["shared_expert_intermediate_size"] = width
        arch, problems = hf_config.read(json.dumps(data, indent=2), "moe-qwen3.json")
        assert not problems and arch is not None, [p.format() for p in problems]
        assert {f.key: f.note for f in arch.facts}["experts"] == note


def test_a_window_no_shorter_than_the_context_and_a_disabled_one_are_no_window() -> None:
    data = json.loads((CONFIGS / "sliding-mistral.json").read_text())
    wide, _ = hf_config.architecture({**data, "sliding_window": 32768}, "", "x.json")
    assert "sliding_window" not in {f.key for f in wide.facts}
    qwen = json.loads((CONFIGS / "moe-qwen3.json").read_text())
    gated, _ = hf_config.architecture({**qwen, "sliding_window": 4096}, "", "x.json")
    assert "sliding_window" not in {f.key for f in gated.facts}   # use_sliding_window is false
    on, _ = hf_config.architecture({**qwen, "sliding_window": 4096, "use_sliding_window": True,
                                    "max_window_layers": 28}, "", "x.json")
    assert {f.key: f.value for f in on.facts}["full_attention_layers"] == 28


BAD = """{
  "model_type": "llama",
  "num_hidden_layers": "32",
  "num_attention_heads": 32,
  "vocab_size": -5
}
"""


def test_a_bad_configuration_gets_every_problem_with_file_line_and_field() -> None:
    arch, problems = hf_config.read(BAD, "content/configs/x.json")
    assert arch is None
    assert [p.format().split(" hint:")[0] for p in problems] == [
        "content/configs/x.json:3:3: error[wrong-type] num_hidden_layers: wrong type of value "
        "(got '32'; expected a whole number)",
        "content/configs/x.json:1:1: error[required-field] hidden_size: this field is required (or n_embd, d_model)",
        "content/configs/x.json:5:3: error[out-of-range] vocab_size: must be above 0 (got -5)",
    ]


@pytest.mark.parametrize("text, line, rule, path", [
    ('{"model_type": "bert", "num_hidden_layers": 12}', 1, "unknown-architecture", "model_type"),
    ('{"num_hidden_layers": 12}', 1, "required-field", "model_type"),
    ('{"model_type": "gemma3",\n "vision_config": {}}', 1, "required-field", "text_config"),
    ('{"model_type": "gemma3",\n "text_config": {"model_type": "t5"}}', 2, "unknown-architecture",
     "text_config.model_type"),
    ('{\n  "model_type": "llama",\n  "hidden_size": 4096,\n}', 4, "config-syntax", ""),
    ('[1, 2]', 1, "wrong-type", ""),
    ('{"model_type": "llama", "hidden_size": NaN}', 1, "config-syntax", ""),
])
def test_unknown_architectures_and_broken_files_are_diagnosed(text: str, line: int, rule: str, path: str) -> None:
    arch, problems = hf_config.read(text, "c.json")
    assert arch is None and problems
    first = problems[0]
    assert (first.file, first.line, first.rule, first.path) == ("c.json", line, rule, path)
    assert first.hint


def test_moe_families_require_their_expert_counts() -> None:
    data = json.loads((CONFIGS / "moe-mixtral.json").read_text())
    del data["num_local_experts"]
    text = json.dumps(data, indent=2)
    arch, problems = hf_config.read(text, "m.json")
    assert arch is None and [p.path for p in problems] == ["num_local_experts"]


# ---- the file listing -----------------------------------------------------------------------------

def test_a_tree_listing_gives_the_parameter_count_and_the_gguf_sizes() -> None:
    listing, problems = file_listing.read((CONFIGS / "listing-llama-3-1.json").read_text(), "l.json")
    assert not problems
    assert listing.gguf == (("q4_k_m", 4920734080), ("q8_0", 8532000000))   # shards added up
    params = file_listing.parameters(listing, _read("gqa-llama-3-1.json"))
    assert params.value == 8.03 and "bfloat16" in params.note
    # Quantised weights, or a type of unknown width, say nothing about the parameter count.
    assert file_listing.parameters(listing, _read("mla-deepseek-v3.json")) is None
    assert file_listing.parameters(listing, _read("sliding-moe-gpt-oss.json")) is None


def test_an_index_gives_the_exact_tensor_bytes() -> None:
    listing, _ = file_listing.read('{"metadata": {"total_size": 14483464192}, "weight_map": {}}', "i.json")
    assert listing.exact and file_listing.parameters(listing, _read("sliding-mistral.json")).value == 7.24


# ---- the command ---------------------------------------------------------------------------------

ENTITY = """# yaml-language-server: $schema=../../schemas/entity.schema.json
id: alpha-lm
name: Alpha LM
type: model
task: text-generation
summary: A small test language model.
categories: [language-model]
vendor: Alpha Labs
license: {name: MIT License, spdx: MIT, source: card}
pricing: {model: free}
released: {date: 2024-08-20, source: card}
links: {model_card: "https://example.org/alpha"}
facts:
  # from the card, typed by hand
  parameters: {value: 8, unit: B, source: card, as_of: 2026-01-10}
  layers: {value: 30, unit: "", source: copy, as_of: 2026-01-10}  # typed from a copy
  kv_heads: {value: 8, unit: "", source: copy, as_of: 2026-01-10, note: "read from a copy"}
  languages: {value: 8, unit: "", source: card, as_of: 2026-01-10}
capabilities:
  - id: long-context
    title: Long prompts
    what: Reads 131,072 tokens in one prompt.
    sources: [card]
sources:
  card: {url: "https://example.org/alpha", title: Alpha card, retrieved: 2026-01-10, kind: primary}
  # a copy of the configuration in someone else's repository
  copy: {url: "https://example.org/copy", title: A copy, retrieved: 2026-01-10, kind: secondary}
last_reviewed: 2026-01-10
"""

PIN = ["--url", "https://huggingface.co/alpha/alpha-lm/blob/0123abcd/config.json", "--revision", "0123abcd",
       "--date", "2024-09-25", "--title", "alpha-lm config.json", "--publisher", "Alpha Labs"]


@pytest.fixture
def project(tmp_path: Path, root: Path) -> Path:
    (tmp_path / "content/entities").mkdir(parents=True)
    shutil.copy(root / "content/scoring.yaml", tmp_path / "content/scoring.yaml")
    (tmp_path / "content/entities/alpha-lm.yaml").write_text(ENTITY, encoding="utf-8")
    return tmp_path


def _import(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["import", "alpha-lm", "--root", str(project), *args])
    return result.exit_code, result.output


def test_import_replaces_typed_facts_keeps_the_rest_and_the_comments(project: Path) -> None:
    code, out = _import(project, "--config", str(CONFIGS / "gqa-llama-3-1.json"), *PIN)
    assert code == 0, out
    text = (project / "content/entities/alpha-lm.yaml").read_text(encoding="utf-8")
    doc, _ = parse(text, "x")
    facts = doc.data["facts"]
    assert facts["layers"]["value"] == 32 and facts["layers"]["source"] == "config"
    assert str(facts["layers"]["as_of"]) == "2024-09-25"                   # the revision's date
    assert facts["parameters"]["source"] == "card" and facts["languages"]["value"] == 8   # not in the config
    assert facts["rope_scaling"]["value"] == "Llama 3 scaling factor 8"
    assert facts["kv_heads"]["note"] == "read from a copy"                  # same value: the typed note stays
    assert "copy" not in doc.data["sources"]                              # cited by nothing any more
    assert doc.data["sources"]["config"]["revision"] == "0123abcd"
    assert "# from the card, typed by hand" in text and "# typed from a copy" in text
    assert "# a copy of the configuration" not in text                    # went with its source
    assert (project / "content/configs/alpha-lm.json").read_bytes() == (CONFIGS / "gqa-llama-3-1.json").read_bytes()
    assert load(project).ok


def test_import_again_from_the_saved_files_changes_nothing(project: Path) -> None:
    assert _import(project, "--config", str(CONFIGS / "gqa-llama-3-1.json"), *PIN)[0] == 0
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    code, out = _import(project)
    assert code == 0 and "already up to date" in out
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_import_with_a_listing_writes_the_parameter_count_from_its_own_source(project: Path) -> None:
    assert _import(project, "--config", str(CONFIGS / "gqa-llama-3-1.json"), *PIN)[0] == 0
    sidecar = project / "content/configs/alpha-lm.yaml"
    sidecar.write_text(sidecar.read_text() + "files:\n  url: https://huggingface.co/api/models/alpha/alpha-lm/tree/"
                       "0123abcd\n  title: alpha-lm files\n  retrieved: 2026-01-11\n  date: 2024-09-25\n"
                       "  revision: 0123abcd\n  kind: primary\n")
    code, out = _import(project, "--files", str(CONFIGS / "listing-llama-3-1.json"))
    assert code == 0, out
    assert "GGUF q4_k_m: 4.92 GB" in out and "GGUF q8_0: 8.53 GB" in out
    doc, _ = parse((project / "content/entities/alpha-lm.yaml").read_text(), "x")
    assert doc.data["facts"]["parameters"]["value"] == 8.03 and doc.data["facts"]["parameters"]["source"] == "files"
    assert load(project).ok


def test_a_bad_configuration_writes_nothing_and_names_the_file_and_field(project: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(BAD)
    before = (project / "content/entities/alpha-lm.yaml").read_bytes()
    code, out = _import(project, "--config", str(bad), *PIN)
    assert code == 1 and "Traceback" not in out
    assert "error[wrong-type] num_hidden_layers" in out and str(bad) in out
    assert (project / "content/entities/alpha-lm.yaml").read_bytes() == before
    assert not (project / "content/configs").exists()


def test_a_url_that_cannot_be_read_is_a_clear_diagnostic(project: Path) -> None:
    code, out = _import(project, "--config", "http://127.0.0.1:9/config.json", "--revision", "0123abcd",
                        "--date", "2024-09-25")
    assert code == 1 and "error[fetch-failed]" in out and "save the file" in out and "Traceback" not in out


def test_without_a_pinned_source_nothing_is_imported(project: Path) -> None:
    code, out = _import(project, "--config", str(CONFIGS / "gqa-llama-3-1.json"))
    assert code == 1 and "error[missing-file]" in out and "--revision" in out
    code, out = _import(project, "--config", str(CONFIGS / "gqa-llama-3-1.json"), "--url", "https://x.org/c.json",
                        "--date", "2024-13-01")
    assert code == 1 and "--revision" in out and "--date" in out


def test_a_copy_of_the_configuration_never_displaces_the_makers_own_source(project: Path) -> None:
    code, out = _import(project, "--config", str(CONFIGS / "gqa-llama-3-1.json"), *PIN, "--kind", "secondary")
    assert code == 0, out
    doc, _ = parse((project / "content/entities/alpha-lm.yaml").read_text(), "x")
    assert doc.data["facts"]["parameters"]["source"] == "card"
    assert doc.data["facts"]["layers"]["source"] == "config"            # typed from a secondary copy: replaced
    assert "kept from the primary source" not in out                     # the card gives no architecture here


def test_options_given_again_keep_what_was_saved_and_not_given(project: Path) -> None:
    assert _import(project, "--config", str(CONFIGS / "gqa-llama-3-1.json"), *PIN, "--kind", "secondary")[0] == 0
    assert _import(project, "--date", "2024-09-26")[0] == 0
    saved = (project / "content/configs/alpha-lm.yaml").read_text()
    assert "kind: secondary" in saved and "date: 2024-09-26" in saved and "title: alpha-lm config.json" in saved


def test_the_saved_sidecar_is_validated_like_any_content_file(project: Path) -> None:
    assert _import(project, "--config", str(CONFIGS / "gqa-llama-3-1.json"), *PIN)[0] == 0
    sidecar = project / "content/configs/alpha-lm.yaml"
    sidecar.write_text(sidecar.read_text().replace("  revision: 0123abcd\n", ""))
    code, out = _import(project)
    assert code == 1 and "content/configs/alpha-lm.yaml" in out and "config.revision" in out
