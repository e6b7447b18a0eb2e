"""A model's published configuration (a Hugging Face `config.json`) -> its architecture facts.

Pure: the JSON text in, facts and diagnostics out. Each family names the same thing differently
(`num_local_experts`, `num_experts`, `n_routed_experts`) and some keep the language model under
`text_config`; this module knows those spellings, so the rest of Versus sees one registry of fact keys
(generator/models/facts.py). A family it does not know is refused with a diagnostic, never guessed:
a wrong layer count is worse than none.

What a configuration cannot say is left out (the parameter count needs the weights' sizes:
generator/file_listing.py). Derived values (a head size computed from the hidden size, the number of
full-attention layers in an interleaved design) say how they were derived in their note.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from .diagnostics import Diagnostic, Severity, short
from .models import FACTS


@dataclass(frozen=True)
class ConfigFact:
    key: str                       # a key of the fact registry
    value: int | float | str
    note: str | None = None


@dataclass(frozen=True)
class Architecture:
    model_type: str
    facts: tuple[ConfigFact, ...]  # in the fact registry's order
    dtype: str | None              # the weights' stored type (`torch_dtype`), for sizes -> parameters
    quantized: bool                # a `quantization_config`: file sizes say nothing about parameters


@dataclass(frozen=True)
class Family:
    name: str
    sliding: str = "none"    # none | all: every layer | alternate: every second | pattern: every Nth is full
    #                          | gated: Qwen's use_sliding_window and max_window_layers
    moe: bool = False        # experts are required
    latent: bool = False     # multi-head latent attention (kv_lora_rank, qk_rope_head_dim) is required


# By `model_type`. A `layer_types` list in the configuration overrides `sliding` (newer transformers
# releases write one for every interleaved design).
FAMILIES: dict[str, Family] = {
    "llama": Family("Llama"),
    "mistral": Family("Mistral", sliding="all"),
    "mixtral": Family("Mixtral", sliding="all", moe=True),
    "qwen2": Family("Qwen2", sliding="gated"),
    "qwen2_moe": Family("Qwen2-MoE", sliding="gated", moe=True),
    "qwen3": Family("Qwen3", sliding="gated"),
    "qwen3_moe": Family("Qwen3-MoE", sliding="gated", moe=True),
    "gemma": Family("Gemma"),
    "gemma2": Family("Gemma 2", sliding="alternate"),
    "gemma3_text": Family("Gemma 3", sliding="pattern"),
    "llama4_text": Family("Llama 4", moe=True),
    "deepseek_v2": Family("DeepSeek-V2", moe=True, latent=True),
    "deepseek_v3": Family("DeepSeek-V3", moe=True, latent=True),
    "gpt_oss": Family("gpt-oss", sliding="alternate", moe=True),
    "phi3": Family("Phi-3", sliding="all"),
    "phimoe": Family("Phi-3.5-MoE", sliding="all", moe=True),
}
# Multimodal wrappers: the language model's configuration is their `text_config`.
NESTED = {"gemma3": "gemma3_text", "llama4": "llama4_text", "mistral3": "mistral"}

_ROPE_NAMES = {"yarn": "YaRN", "llama3": "Llama 3 scaling", "linear": "linear", "longrope": "LongRoPE",
               "su": "LongRoPE", "dynamic": "dynamic NTK"}
MAX_CONFIG_BYTES = 1024 * 1024


def position(text: str, path: tuple[str, ...]) -> tuple[int, int]:
    """Line and column of the key at `path` in the JSON text: each key searched after its parent's.
    The nearest parent found when a key is missing (what a report of a missing field points at)."""
    at = 0
    for key in path:
        found = re.compile('"' + re.escape(json.dumps(key)[1:-1]) + r'"\s*:').search(text, at)
        if found is None:
            break
        at = found.start()
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


_HINTS = {"wrong-type": "save the configuration exactly as published; a hand edit may have changed this value",
          "out-of-range": "save the configuration exactly as published; a count cannot be zero or negative",
          "required-field": "save the configuration exactly as published; a field the family always has is missing",
          "unknown-architecture": "add the family to FAMILIES in generator/hf_config.py once its fields are checked"}


class _Fields:
    """Typed reads from one JSON object, each problem a diagnostic at the field's line."""

    def __init__(self, data: dict[str, Any], prefix: tuple[str, ...], text: str, file: str) -> None:
        self.data, self.prefix, self.text, self.file = data, prefix, text, file
        self.problems: list[Diagnostic] = []

    def where(self, name: str) -> str:
        return ".".join(self.prefix + (name,))

    def problem(self, name: str, rule: str, message: str, *, got: str | None = None,
                expected: str | None = None, hint: str | None = None) -> None:
        line, col = position(self.text, self.prefix + (name,))
        hint = hint or _HINTS[rule]
        self.problems.append(Diagnostic(self.file, line, col, Severity.ERROR, rule, self.where(name), message,
                                        got, expected, hint))

    def count(self, *names: str, required: bool = True, zero: bool = False) -> int | None:
        """The first of `names` present (and not null): a whole number above 0 (or 0 when `zero`)."""
        for name in names:
            value = self.data.get(name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                self.problem(name, "wrong-type", "wrong type of value", got=short(value),
                             expected="a whole number")
                return None
            if value < (0 if zero else 1):
                self.problem(name, "out-of-range", "must be above 0" if not zero else "cannot be negative",
                             got=short(value))
                return None
            return value
        if required:
            self.problem(names[0], "required-field", "this field is required" + (
                f" (or {', '.join(names[1:])})" if len(names) > 1 else ""),
                hint="save the configuration exactly as published; a field the family always has is missing")
        return None

    def number(self, name: str) -> float | None:
        value = self.data.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(name, "wrong-type", "wrong type of value", got=short(value), expected="a number")
            return None
        return value

    def mapping(self, name: str) -> dict[str, Any] | None:
        value = self.data.get(name)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(name, "wrong-type", "wrong type of value", got=short(value), expected="an object")
            return None
        return value

    def text_list(self, name: str) -> list[str] | None:
        value = self.data.get(name)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(name, "wrong-type", "wrong type of value", got=short(value), expected="a list of text")
            return None
        return value


def _number_text(value: float) -> str:
    return f"{value:g}"


def _rope(f: _Fields, context: int | None) -> list[ConfigFact]:
    scaling = f.mapping("rope_scaling") if "rope_scaling" in f.data else f.mapping("rope_parameters")
    if not scaling:
        return []
    kind = scaling.get("rope_type", scaling.get("type"))
    if kind in (None, "default"):
        return []
    name = _ROPE_NAMES.get(kind, str(kind)) if isinstance(kind, str) else None
    if name is None:
        f.problem("rope_scaling", "wrong-type", "the scaling type is not text", got=short(kind), expected="text")
        return []
    factor = scaling.get("factor")
    out = [ConfigFact("rope_scaling", f"{name} factor {_number_text(factor)}" if isinstance(factor, (int, float))
                      and not isinstance(factor, bool) else name)]
    native = scaling.get("original_max_position_embeddings", f.data.get("original_max_position_embeddings"))
    if isinstance(native, int) and not isinstance(native, bool) and native > 0 and (context is None or native < context):
        out.append(ConfigFact("native_context", native, "the configuration's original_max_position_embeddings"))
    return out


def _sliding(f: _Fields, family: Family, layers: int | None, context: int | None) -> list[ConfigFact]:
    window = f.count("sliding_window", required=False)
    types = f.text_list("layer_types")
    if window is None or layers is None or (context is not None and window >= context):
        return []   # no window, or one no shorter than the context: every layer sees everything
    if types is not None:
        full = sum(1 for t in types if t == "full_attention")
        how = f"layer_types: {full} of {len(types)} layers full_attention"
    elif family.sliding == "all":
        full, how = 0, "every layer uses the window"
    elif family.sliding == "alternate":
        full, how = layers // 2, f"every second layer of {layers} (the {family.name} design)"
    elif family.sliding == "pattern":
        stated = f.count("sliding_window_pattern", required=False)
        every = stated or 6
        full = layers // every
        how = f"every {every}th layer of {layers} " + ("(sliding_window_pattern)" if stated else
                                                      f"(the {family.name} default; the file states no pattern)")
    elif family.sliding == "gated":
        if f.data.get("use_sliding_window") is not True:
            return []
        first = f.count("max_window_layers", required=False, zero=True)
        full = min(first, layers) if first is not None else 0
        how = f"layers from max_window_layers {first} on use the window" if first is not None else \
            "every layer uses the window"
    else:
        return []
    return [ConfigFact("sliding_window", window), ConfigFact("full_attention_layers", full, how)]


def _experts(f: _Fields, family: Family, layers: int | None) -> list[ConfigFact]:
    total = f.count("num_local_experts", "num_experts", "n_routed_experts", required=family.moe)
    if total is None:
        return []
    active = f.count("num_experts_per_tok", "experts_per_token", required=family.moe)
    notes = []
    shared = f.count("n_shared_experts", required=False)
    # Qwen3-MoE configurations publish a width of 0 to say "no shared expert"
    if shared is None and (f.count("shared_expert_intermediate_size", required=False, zero=True) or 0) > 0:
        shared = 1
    if shared:
        notes.append(f"plus {shared} shared expert{'s' if shared > 1 else ''} used by every token")
    dense = f.count("first_k_dense_replace", required=False, zero=True)
    if dense:
        notes.append(f"the first {dense} layers are dense")
    step = f.count("interleave_moe_layer_step", required=False)
    if step and step > 1 and layers:
        notes.append(f"every {step}th layer is a mixture-of-experts layer")
    out = [ConfigFact("experts", total, "; ".join(notes) or None)]
    if active is not None:
        out.append(ConfigFact("active_experts", active))
    return out


def _heads(f: _Fields, family: Family, hidden: int | None) -> list[ConfigFact]:
    heads = f.count("num_attention_heads", "n_head")
    kv = f.count("num_key_value_heads", required=False)
    out: list[ConfigFact] = []
    if heads is None:
        return out
    out.append(ConfigFact("attention_heads", heads))
    if family.latent:
        rank = f.count("kv_lora_rank")
        rope = f.count("qk_rope_head_dim")
        nope = f.count("qk_nope_head_dim")
        value = f.count("v_head_dim", required=False)
        if rank is not None:
            out.append(ConfigFact("kv_lora_rank", rank))
        if rope is not None:
            out.append(ConfigFact("rope_head_dim", rope))
        if rope is not None and nope is not None:
            out.append(ConfigFact("head_dim", rope + nope, f"query/key: qk_nope_head_dim {nope} + qk_rope_head_dim "
                                  f"{rope}" + (f"; values {value}" if value else "")))
        out.append(ConfigFact("attention", "multi-head latent",
                              f"keys and values compressed to a {rank}-wide latent" if rank else None))
        return out
    kv_note = None
    if kv is None:
        kv, kv_note = heads, "num_key_value_heads not stated: one per query head"
    out.append(ConfigFact("kv_heads", kv, kv_note))
    head_dim = f.count("head_dim", required=False)
    if head_dim is not None:
        out.append(ConfigFact("head_dim", head_dim))
    elif hidden is not None and hidden % heads == 0:
        out.append(ConfigFact("head_dim", hidden // heads, f"hidden size {hidden} / {heads} heads"))
    elif hidden is not None:
        f.problem("head_dim", "required-field", "no head_dim, and the hidden size does not divide by the heads",
                  got=f"{hidden} / {heads}")
    if kv == 1:
        kind = "multi-query"
    elif kv < heads:
        kind = "grouped-query"
    else:
        kind = "multi-head"
    share = f"{heads} query heads share {kv} key/value heads" if kv < heads else \
        f"{heads} query and {kv} key/value heads"
    out.append(ConfigFact("attention", kind, share))
    return out


def architecture(data: dict[str, Any], text: str, file: str) -> tuple[Architecture | None, list[Diagnostic]]:
    """The facts of one parsed configuration (`text` is only used to point at lines)."""
    top = _Fields(data, (), text, file)
    outer = data.get("model_type")
    if outer is None:
        top.problem("model_type", "required-field", "this field is required",
                    hint="every Hugging Face config.json names its model_type; save the file as published")
        return None, top.problems
    if not isinstance(outer, str):
        top.problem("model_type", "wrong-type", "wrong type of value", got=short(outer), expected="text")
        return None, top.problems
    f, model_type = top, outer
    if outer in NESTED:
        inner = top.mapping("text_config")
        if inner is None:
            top.problem("text_config", "required-field", f"a {outer} configuration keeps its language model here")
            return None, top.problems
        f = _Fields(inner, ("text_config",), text, file)
        model_type = inner.get("model_type", NESTED[outer])
    family = FAMILIES.get(model_type) if isinstance(model_type, str) else None
    if family is None:
        where = f if f is not top else top
        where.problem("model_type", "unknown-architecture", "an architecture the importer does not know",
                      got=short(model_type), expected=", ".join(sorted(FAMILIES) + sorted(NESTED)))
        return None, top.problems + (f.problems if f is not top else [])
    layers = f.count("num_hidden_layers", "n_layer")
    hidden = f.count("hidden_size", "n_embd", "d_model")
    vocab = f.count("vocab_size", required=False)   # Gemma 3 leaves it to the class default
    context = f.count("max_position_embeddings", "n_positions", required=False)
    facts = [ConfigFact("layers", layers) if layers else None,
             ConfigFact("hidden_size", hidden) if hidden else None,
             ConfigFact("vocab_size", vocab) if vocab else None,
             ConfigFact("context_length", context, "the configuration's max_position_embeddings") if context else None,
             *_heads(f, family, hidden), *_rope(f, context), *_sliding(f, family, layers, context),
             *_experts(f, family, layers)]
    problems = top.problems + (f.problems if f is not top else [])
    if problems:
        return None, problems
    rank = {key: i for i, key in enumerate(FACTS)}
    ordered = tuple(sorted((x for x in facts if x is not None), key=lambda x: rank[x.key]))
    dtype = f.data.get("torch_dtype", f.data.get("dtype", data.get("torch_dtype", data.get("dtype"))))
    return Architecture(model_type, ordered, dtype if isinstance(dtype, str) else None,
                        "quantization_config" in data or "quantization_config" in f.data), []


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def read(text: str, file: str) -> tuple[Architecture | None, list[Diagnostic]]:
    """JSON text -> its architecture, or the diagnostics that say why not (all of them at once)."""
    def error(line: int, col: int, rule: str, message: str, hint: str) -> list[Diagnostic]:
        return [Diagnostic(file, line, col, Severity.ERROR, rule, "", message, hint=hint)]

    if len(text.encode("utf-8")) > MAX_CONFIG_BYTES:
        return None, error(1, 1, "file-too-large", f"a configuration over {MAX_CONFIG_BYTES:,} bytes",
                           "this is not a config.json")
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        return None, error(exc.lineno, exc.colno, "config-syntax", f"not valid JSON: {exc.msg}",
                           "save the file exactly as published (the raw config.json, not the web page)")
    except ValueError as exc:
        return None, error(1, 1, "config-syntax", f"not valid JSON: {exc}", "NaN and Infinity are not JSON")
    if not isinstance(data, dict):
        return None, error(1, 1, "wrong-type", "a configuration is a JSON object", "save the config.json itself")
    return architecture(data, text, file)
