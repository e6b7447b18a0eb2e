"""How much memory a language model needs, and how fast it decodes: the published formulas, as pure functions.

    memory  = weights + KV cache + runtime overhead
    weights = parameters x bits per weight / 8             (or the published file size, when there is one)
    KV      = 2 x layers x key/value heads x head size x context x bytes per cache element
    speed   = 1 / (bytes read per token / (efficiency x memory bandwidth) + fixed time per token)

The bits per weight are llama.cpp's own measurements (`QUANT_SOURCE`); the cache element sizes follow from
ggml's block layouts. Sliding-window layers keep at most `window` tokens; latent attention (DeepSeek's
MLA) keeps one compressed vector of `kv_lora_rank + rope_head_dim` elements per layer and token, with no
factor 2. A mixture-of-experts model needs all its parameters in memory but reads only the active ones
per token. Everything is in bytes or GB (10^9 bytes); nothing here reads a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .models.entity import Entity

GB = 1e9


@dataclass(frozen=True)
class WeightFormat:
    """A way to store the weights: a GGUF quantisation type of llama.cpp, or a plain number format."""

    id: str                 # "Q4_K_M", "F16", "fp8": what the page and the downloads call it
    bits_per_weight: float
    runtime: str            # "llama.cpp" (GGUF) or "any" (a plain number format)
    note: str


QUANT_SOURCE_URL = ("https://github.com/ggml-org/llama.cpp/blob/311c2c9f0ebd6e08f5b20e8827c654cebb7a41d6/"
                    "tools/quantize/README.md")
QUANT_SOURCE_TITLE = "llama.cpp tools/quantize README: bits per weight of each type, measured on Llama-3.1-8B"
QUANT_SOURCE_RETRIEVED = "2026-12-05"
BLOCKS_SOURCE_URL = "https://github.com/ggml-org/llama.cpp/blob/311c2c9f0ebd6e08f5b20e8827c654cebb7a41d6/ggml/src/ggml-common.h"

# The mixtures keep embeddings and some tensors at higher precision, so their bits per weight are those
# measured on a whole model file (Llama-3.1-8B), not the nominal block size.
WEIGHT_FORMATS: dict[str, WeightFormat] = {f.id: f for f in (
    WeightFormat("Q4_K_M", 4.8944, "llama.cpp", "4-bit k-quant mixture (llama.cpp's usual default)"),
    WeightFormat("Q5_K_M", 5.7036, "llama.cpp", "5-bit k-quant mixture"),
    WeightFormat("Q6_K", 6.5633, "llama.cpp", "6-bit k-quant"),
    WeightFormat("Q8_0", 8.5008, "llama.cpp", "8-bit, blocks of 32 with one fp16 scale (34 bytes per 32 weights)"),
    WeightFormat("F16", 16.0005, "llama.cpp", "16-bit floating point, F16 or BF16 (unquantized)"),
    WeightFormat("Q4_0", 4.5, "llama.cpp", "4-bit, blocks of 32 with one fp16 scale (18 bytes per 32 weights)"),
    WeightFormat("fp8", 8.0, "any", "8-bit floating point (vLLM, TensorRT-LLM); scales not counted"),
    WeightFormat("int8", 8.0, "any", "8-bit integers (bitsandbytes, AWQ/GPTQ 8-bit); scales not counted"),
    WeightFormat("int4", 4.0, "any", "4-bit integers (AWQ, GPTQ, bitsandbytes NF4); scales not counted"),
)}
# The types the analysis tables show for every language model, from the smallest usable to unquantized.
TABLE_FORMATS: tuple[str, ...] = ("Q4_K_M", "Q5_K_M", "Q6_K", "Q8_0", "F16")
USABLE_FORMATS = frozenset(TABLE_FORMATS)   # 4-bit k-quants and up: below that, quality drops steeply

# How a benchmark row's `precision` cell names each format (lower case, as the table format requires).
ROW_PRECISION: dict[str, str] = {"q4_k_m": "Q4_K_M", "q5_k_m": "Q5_K_M", "q6_k": "Q6_K", "q8_0": "Q8_0",
                                 "f16": "F16", "bf16": "F16", "fp16": "F16", "q4_0": "Q4_0", "fp8": "fp8",
                                 "int8": "int8", "int4": "int4"}


@dataclass(frozen=True)
class CachePrecision:
    id: str
    bytes_per_element: float
    note: str


# llama.cpp --cache-type-k/-v. q8_0 and q4_0 store 32 values in 34 and 18 bytes (ggml-common.h).
KV_PRECISIONS: dict[str, CachePrecision] = {c.id: c for c in (
    CachePrecision("f16", 2.0, "16-bit, the default"),
    CachePrecision("q8_0", 34 / 32, "8-bit blocks: 34 bytes per 32 values"),
    CachePrecision("q4_0", 18 / 32, "4-bit blocks: 18 bytes per 32 values"),
)}

# Runtime overhead: the CUDA or Metal context, llama.cpp's compute buffers at the default micro-batch of
# 512, and the allocator's slack. Calculators use either a share of weights + cache or a flat amount; a
# flat amount plus a small share fits llama.cpp's logged buffers from 1B to 70B models best.
OVERHEAD_FIXED_GB = 0.6
OVERHEAD_SHARE = 0.05


@dataclass(frozen=True)
class Architecture:
    """What the formulas need from a language model's facts. `active_b` differs from `parameters_b` only
    for a mixture of experts; `window` is None without sliding-window attention."""

    parameters_b: float
    active_b: float
    layers: int
    kv_heads: int
    head_dim: int
    context_length: int | None          # None: the model does not state its window (contexts are not capped)
    window: int | None = None
    full_layers: int | None = None      # layers that attend to everything when the others use the window
    latent_dim: int | None = None       # kv_lora_rank + rope_head_dim (latent attention)

    @property
    def is_moe(self) -> bool:
        return self.active_b < self.parameters_b

    @property
    def attention(self) -> str:
        if self.latent_dim is not None:
            return "latent"
        if self.window is not None:
            return "sliding-window" if self.full_layers is None else "interleaved sliding-window"
        return "full"


# The facts `architecture` reads: an estimate cites their sources.
ARCHITECTURE_FACTS: tuple[str, ...] = ("parameters", "active_parameters", "layers", "kv_heads", "head_dim", "hidden_size",
                                       "attention_heads", "attention", "context_length", "sliding_window",
                                       "full_attention_layers", "kv_lora_rank", "rope_head_dim")


def fact_number(entity: Entity, key: str) -> float | None:
    fact = entity.facts.get(key)
    if fact is None or isinstance(fact.value, bool) or not isinstance(fact.value, (int, float)):
        return None
    return float(fact.value)


# The facts architecture() cannot size a language model without, each with what may stand in for it:
# what `versus validate` notes when a model has no fit verdict, and what CONTRIBUTING.md lists.
NEEDED_FACTS: dict[str, str] = {
    "parameters": "",
    "layers": "",
    "kv_heads": "or attention_heads with attention: multi-head; or, for latent attention, kv_lora_rank and "
                "rope_head_dim in place of kv_heads and head_dim",
    "head_dim": "or hidden_size and attention_heads",
}


def architecture(entity: Entity) -> tuple[Architecture | None, tuple[str, ...]]:
    """The architecture from an entity's facts, or the fact keys that are missing.

    The head size is hidden size / attention heads when not stated (a stated head_dim wins). Without
    `kv_heads`, a model whose `attention` fact says multi-head keeps one key/value head per query head.
    The context window is not needed to size a given context, so a model without one is still sized.
    """
    f = {k: fact_number(entity, k) for k in ("parameters", "active_parameters", "layers", "kv_heads", "head_dim",
                                         "hidden_size", "attention_heads", "context_length", "sliding_window",
                                         "full_attention_layers", "kv_lora_rank", "rope_head_dim")}
    heads = f["attention_heads"]
    head_dim = f["head_dim"]
    if head_dim is None and f["hidden_size"] and heads and f["hidden_size"] % heads == 0:
        head_dim = f["hidden_size"] / heads     # only when it divides evenly (Gemma 2 sets its own)
    kv_heads = f["kv_heads"]
    attention = entity.facts.get("attention")
    if kv_heads is None and heads and attention is not None and str(attention.value).strip().lower() == "multi-head":
        kv_heads = heads
    latent = (f["kv_lora_rank"] + f["rope_head_dim"]) if f["kv_lora_rank"] and f["rope_head_dim"] else None
    needed = {"parameters": f["parameters"], "layers": f["layers"]}
    if latent is None:
        needed |= {"kv_heads": kv_heads, "head_dim": head_dim}
    missing = tuple(k for k, v in needed.items() if not v)
    if missing:
        return None, missing
    assert f["parameters"] and f["layers"]
    active = f["active_parameters"] if f["active_parameters"] and f["active_parameters"] < f["parameters"] else None
    return Architecture(
        parameters_b=f["parameters"], active_b=active or f["parameters"], layers=int(f["layers"]),
        kv_heads=int(kv_heads or 0), head_dim=int(head_dim or 0),
        context_length=int(f["context_length"]) if f["context_length"] else None,
        window=int(f["sliding_window"]) if f["sliding_window"] else None,
        full_layers=int(f["full_attention_layers"]) if f["full_attention_layers"] is not None and f["sliding_window"]
        else None,
        latent_dim=int(latent) if latent else None), ()


# Apple silicon lets the GPU allocate only part of the unified memory (Metal's recommendedMaxWorkingSetSize):
# about 70% on a 32 GB machine and about 78% on larger ones, per the benchmark README that measured them.
UNIFIED_SHARE_SOURCE_URL = ("https://github.com/XiongjieDai/GPU-Benchmarks-on-LLM-Inference/blob/"
                            "eafac9d26ac593f8e7dd353415dddf0c19de84b2/README.md")
UNIFIED_SHARE_SMALL = 0.70      # up to 32 GB
UNIFIED_SHARE_LARGE = 0.78      # above 32 GB


def usable_memory_gb(memory_gb: float, unified: bool) -> float:
    """What a model may occupy: all of a GPU's memory, or the GPU's share of unified memory."""
    if not unified:
        return memory_gb
    return memory_gb * (UNIFIED_SHARE_SMALL if memory_gb <= 32 else UNIFIED_SHARE_LARGE)


# ---- memory -----------------------------------------------------------------------------------------

def weights_gb(parameters_b: float, fmt: str) -> float:
    """parameters x bits per weight / 8, in GB (10^9 parameters x bytes = GB)."""
    return parameters_b * WEIGHT_FORMATS[fmt].bits_per_weight / 8


def cached_tokens(arch: Architecture, context: int) -> float:
    """Tokens held per layer, summed over layers: sliding-window layers keep min(context, window)."""
    if arch.window is None:
        return arch.layers * context
    full = arch.full_layers or 0
    return full * context + (arch.layers - full) * min(context, arch.window)


def kv_elements_per_token_layer(arch: Architecture) -> int:
    """Cache elements one token adds to one layer: keys and values, or the one latent vector."""
    return arch.latent_dim if arch.latent_dim is not None else 2 * arch.kv_heads * arch.head_dim


def kv_cache_gb(arch: Architecture, context: int, cache: str = "f16") -> float:
    return kv_elements_per_token_layer(arch) * cached_tokens(arch, context) * KV_PRECISIONS[cache].bytes_per_element / GB


def overhead_gb(weights: float, kv: float) -> float:
    return OVERHEAD_FIXED_GB + OVERHEAD_SHARE * (weights + kv)


@dataclass(frozen=True)
class LlmMemory:
    """The parts of one estimate in GB, so a page can show the sum and not only its result."""

    weights_gb: float
    kv_cache_gb: float
    overhead_gb: float
    weights_basis: str      # "bits per weight" or "file size"

    @property
    def total_gb(self) -> float:
        return self.weights_gb + self.kv_cache_gb + self.overhead_gb


def llm_memory(arch: Architecture, fmt: str, context: int, cache: str = "f16",
               file_size_gb: float | None = None) -> LlmMemory:
    """Weights from the published file size when there is one (the mixtures differ per model), else from
    the bits per weight."""
    weights = file_size_gb if file_size_gb is not None else weights_gb(arch.parameters_b, fmt)
    kv = kv_cache_gb(arch, context, cache)
    return LlmMemory(weights, kv, overhead_gb(weights, kv), "file size" if file_size_gb is not None else "bits per weight")


# ---- speed ------------------------------------------------------------------------------------------

def bytes_per_token_gb(arch: Architecture, fmt: str, context: int, cache: str = "f16") -> float:
    """What one decoded token reads: the active weights once, and the whole cache at this context."""
    return weights_gb(arch.active_b, fmt) + kv_cache_gb(arch, context, cache)


def decode_tokens_per_s(arch: Architecture, fmt: str, context: int, bandwidth_gb_s: float, efficiency: float,
                        cache: str = "f16", fixed_ms: float = 0.0) -> float:
    """1 / (bytes per token / (efficiency x bandwidth) + a fixed time per token)."""
    return 1 / (bytes_per_token_gb(arch, fmt, context, cache) / (efficiency * bandwidth_gb_s) + fixed_ms / 1000)


def architecture_json(arch: Architecture) -> Mapping[str, object]:
    """The architecture as the calculator's JSON carries it (the same fields, the same meaning)."""
    return {"parameters_b": arch.parameters_b, "active_b": arch.active_b, "layers": arch.layers,
            "kv_heads": arch.kv_heads, "head_dim": arch.head_dim, "context_length": arch.context_length,
            "window": arch.window, "full_layers": arch.full_layers, "latent_dim": arch.latent_dim}
