"""The memory and speed formulas against cases computed by hand: dense, grouped-query, sliding-window
(whole and interleaved), mixture-of-experts and latent attention, and the facts they are read from."""

from __future__ import annotations

import pytest

from generator.memory import (KV_PRECISIONS, OVERHEAD_FIXED_GB, OVERHEAD_SHARE, Architecture, architecture,
                              bytes_per_token_gb, decode_tokens_per_s, kv_cache_gb, llm_memory, weights_gb)
from generator.models.entity import Entity

from factories import model_entity

def model(**facts: object) -> Entity:
    return model_entity("m", "text-generation", **facts)


def test_dense_multi_head_by_hand() -> None:
    arch, missing = architecture(model(parameters=7, layers=32, kv_heads=32, head_dim=128, context_length=4096))
    assert arch is not None and missing == ()
    m = llm_memory(arch, "Q4_K_M", 4096)
    assert m.weights_gb == pytest.approx(7 * 4.8944 / 8)             # 4.2826 GB
    # 2 (K and V) x 32 layers x 32 heads x 128 x 4096 tokens x 2 bytes = 2 GiB
    assert 2 * 32 * 32 * 128 * 4096 * 2 == 2_147_483_648
    assert m.kv_cache_gb == pytest.approx(2.147483648)
    assert m.overhead_gb == pytest.approx(OVERHEAD_FIXED_GB + OVERHEAD_SHARE * (4.2826 + 2.147483648))
    assert m.total_gb == pytest.approx(4.2826 + 2.147483648 + m.overhead_gb)


def test_grouped_query_and_cache_precision_by_hand() -> None:
    arch, _ = architecture(model(parameters=8, layers=32, kv_heads=8, head_dim=128, context_length=131072))
    assert arch is not None
    # Llama-3.1-8B: 32 x 8 x 128 x 2 x 2 bytes = 128 KiB per token, so 4 GiB at 32K
    assert kv_cache_gb(arch, 32768) == pytest.approx(4 * 2**30 / 1e9)
    assert kv_cache_gb(arch, 32768, "q8_0") == pytest.approx(4 * 2**30 / 1e9 * 8.5 / 16)   # 34 bytes per 32
    assert kv_cache_gb(arch, 32768, "q4_0") == pytest.approx(4 * 2**30 / 1e9 * 4.5 / 16)   # 18 bytes per 32
    assert KV_PRECISIONS["q8_0"].bytes_per_element == 34 / 32


def test_query_heads_would_overstate_the_cache_fourfold() -> None:
    gqa, _ = architecture(model(parameters=8, layers=32, kv_heads=8, head_dim=128, context_length=8192))
    mha, _ = architecture(model(parameters=8, layers=32, kv_heads=32, head_dim=128, context_length=8192))
    assert gqa is not None and mha is not None
    assert kv_cache_gb(mha, 8192) == pytest.approx(4 * kv_cache_gb(gqa, 8192))


def test_sliding_window_on_every_layer_caps_the_cache() -> None:
    arch, _ = architecture(model(parameters=7, layers=32, kv_heads=8, head_dim=128, context_length=32768,
                                 sliding_window=4096))
    assert arch is not None and arch.attention == "sliding-window"
    # every layer keeps 4096 tokens: 2 x 32 x 8 x 128 x 4096 x 2 bytes
    assert kv_cache_gb(arch, 32768) == pytest.approx(536_870_912 / 1e9)
    assert kv_cache_gb(arch, 2048) == pytest.approx(536_870_912 / 2e9)   # below the window: the context


def test_interleaved_sliding_window_by_hand() -> None:
    # Gemma-2-2B-like: 26 layers, half of them global; 4 kv heads of 256; window 4096; context 8192
    arch, _ = architecture(model(parameters=2.6, layers=26, kv_heads=4, head_dim=256, context_length=8192,
                                 sliding_window=4096, full_attention_layers=13))
    assert arch is not None and arch.attention == "interleaved sliding-window"
    tokens = 13 * 8192 + 13 * 4096                                    # 159,744 token-layers
    assert kv_cache_gb(arch, 8192) == pytest.approx(2 * 4 * 256 * tokens * 2 / 1e9)    # 0.654311424 GB


def test_mixture_of_experts_memory_by_total_speed_by_active() -> None:
    arch, _ = architecture(model(parameters=46.7, active_parameters=12.9, layers=32, kv_heads=8, head_dim=128,
                                 context_length=32768))
    assert arch is not None and arch.is_moe
    assert llm_memory(arch, "Q4_K_M", 4096).weights_gb == pytest.approx(46.7 * 4.8944 / 8)   # 28.57 GB resident
    per_token = 12.9 * 4.8944 / 8 + 536_870_912 / 1e9                                       # 8.4291 GB read
    assert bytes_per_token_gb(arch, "Q4_K_M", 4096) == pytest.approx(per_token)
    assert decode_tokens_per_s(arch, "Q4_K_M", 4096, 1000, 0.5) == pytest.approx(500 / per_token)   # 59.32


def test_latent_attention_has_one_vector_per_layer_and_token() -> None:
    # DeepSeek-V3-like: 61 layers, kv_lora_rank 512 + rope_head_dim 64 = 576 elements, no factor 2
    arch, missing = architecture(model(parameters=671, active_parameters=37, layers=61, context_length=131072,
                                       kv_lora_rank=512, rope_head_dim=64, attention_heads=128))
    assert missing == () and arch is not None and arch.attention == "latent"
    assert kv_cache_gb(arch, 4096) == pytest.approx(576 * 61 * 4096 * 2 / 1e9)              # 0.287834112 GB


def test_head_size_from_hidden_size_and_multi_head_without_kv_heads() -> None:
    arch, _ = architecture(model(parameters=7, layers=32, hidden_size=4096, attention_heads=32,
                                 attention="multi-head", context_length=4096))
    assert arch is not None and (arch.head_dim, arch.kv_heads) == (128, 32)
    stated, _ = architecture(model(parameters=7, layers=32, hidden_size=3072, attention_heads=32, head_dim=96,
                                   kv_heads=8, context_length=4096))
    assert stated is not None and stated.head_dim == 96
    uneven, missing = architecture(model(parameters=7, layers=32, hidden_size=4000, attention_heads=48, kv_heads=8,
                                         context_length=4096))
    assert uneven is None and missing == ("head_dim",)       # not a whole number: no guess


def test_missing_facts_are_named_not_guessed() -> None:
    arch, missing = architecture(model(parameters=7, layers=32, context_length=4096, attention_heads=32))
    assert arch is None and missing == ("kv_heads", "head_dim")


def test_published_file_size_replaces_bits_per_weight() -> None:
    arch = Architecture(parameters_b=3.8, active_b=3.8, layers=32, kv_heads=32, head_dim=96, context_length=4096)
    m = llm_memory(arch, "Q4_K_M", 4096, file_size_gb=2.39)
    assert (m.weights_gb, m.weights_basis) == (2.39, "file size")
    assert weights_gb(8.03, "Q4_K_M") == pytest.approx(4.575 * 2**30 / 1e9, rel=2e-3)   # llama.cpp: 4.58 GiB
