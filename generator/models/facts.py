"""The registry of typed facts: every fact key an entity may state, with its one unit and value type.

A fixed registry (instead of free-form keys) is what lets the site compare like with like: two
entities' `context_length` are both tokens, and the model-selection analysis can compute with them.
Add a key here (with its unit) before using it in content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Choice:
    """One value an enumerated fact accepts, and what it means (the Contribute page and the schema say it)."""

    value: str
    means: str


@dataclass(frozen=True)
class FactSpec:
    label: str
    unit: str          # the one unit accepted ("" for unitless text or counts)
    kind: type         # int, float or str
    help: str
    key_for: frozenset[str] = field(default_factory=frozenset)  # entity kinds whose comparison table shows it
    unit_aliases: tuple[str, ...] = ()  # spellings `versus fix` rewrites to `unit`
    date: bool = False                  # text that must be a date, YYYY-MM-DD or YYYY-MM
    # The only values a text fact accepts. A fixed set is what lets a rule tell "neither has it" (both
    # values known, neither naming the term) from free text it cannot read.
    choices: tuple[Choice, ...] = ()
    several: bool = False               # the value lists one or more choices, comma-separated: "text, image"

    def chosen(self, value: str) -> list[str]:
        """The choices a value names, as written: one, or each comma-separated item of a `several` fact."""
        return [part.strip() for part in value.split(",")] if self.several else [value]

    def refused(self, value: str) -> list[str]:
        """What a value names outside the choices, and any choice it names twice (empty when it is valid)."""
        allowed = {c.value for c in self.choices}
        items = self.chosen(value)
        return [x for i, x in enumerate(items) if x not in allowed or x in items[:i]]

    def text(self, value: object) -> str:
        """A value as pages show it: a whole number with thousands separators, the registry's unit."""
        if isinstance(value, float):
            shown = f"{value:g}"
        elif isinstance(value, int) and not isinstance(value, bool):
            shown = f"{value:,}"
        else:
            shown = str(value)
        return f"{shown} {self.unit}" if self.unit else shown


_LLM = frozenset({"model:text-generation"})
_IMG = frozenset({"model:text-to-image"})
_VID = frozenset({"model:text-to-video"})
_TOOL = frozenset({"runtime", "repository", "library", "app", "service"})

FACTS: dict[str, FactSpec] = {
    # Language models
    "parameters": FactSpec("Parameters", "B", float, "total parameters, in billions", _LLM | _IMG | _VID,
                           ("billion", "billions", "bn")),
    "context_length": FactSpec("Context window", "tokens", int, "maximum context the model supports", _LLM,
                               ("token",)),
    "layers": FactSpec("Layers", "", int, "transformer decoder layers"),
    "hidden_size": FactSpec("Hidden size", "", int, "model (embedding) dimension"),
    "attention_heads": FactSpec("Attention heads", "", int, "query heads per layer"),
    "kv_heads": FactSpec("Key/value heads", "", int, "key/value heads per layer (fewer than query heads: GQA)"),
    "head_dim": FactSpec("Head size", "", int, "dimension of one attention head"),
    "vocab_size": FactSpec("Vocabulary", "tokens", int, "tokenizer vocabulary size", unit_aliases=("token",)),
    "attention": FactSpec("Attention", "", str, "attention type, e.g. multi-head, grouped-query", _LLM),
    "training_tokens": FactSpec("Training tokens", "T", float, "tokens seen in pre-training, in trillions",
                                _LLM, ("trillion", "trillions")),
    "languages": FactSpec("Languages", "", int, "languages the maker lists as supported", _LLM),
    "thinking": FactSpec("Thinking mode", "", str, "whether the model reasons step by step before it answers",
                         _LLM, choices=(
                             Choice("always", "it reasons step by step before every answer"),
                             Choice("switchable", "it has a thinking mode that can be turned on or off"),
                             Choice("none", "it answers directly, with no thinking mode"))),
    "inputs": FactSpec("Inputs", "", str, "what the model reads, as its maker states it, e.g. text, image", _LLM,
                       choices=(Choice("text", "text prompts"), Choice("image", "images alongside the text"),
                                Choice("audio", "audio alongside the text"),
                                Choice("video", "video alongside the text")), several=True),
    "sliding_window": FactSpec("Sliding window", "tokens", int, "local attention window"),
    "full_attention_layers": FactSpec("Full-attention layers", "", int,
                                      "layers that attend to the whole context when the others use the sliding window"),
    "native_context": FactSpec("Native context", "tokens", int,
                               "context length before position scaling (RoPE, YaRN) stretches it", unit_aliases=("token",)),
    "rope_scaling": FactSpec("Position scaling", "", str, "how the context is extended, e.g. YaRN factor 4"),
    "experts": FactSpec("Experts", "", int, "routed experts per mixture-of-experts layer"),
    "active_experts": FactSpec("Active experts", "", int, "routed experts used per token"),
    "active_parameters": FactSpec("Active parameters", "B", float,
                                  "parameters used per token (mixture of experts), in billions",
                                  unit_aliases=("billion", "billions", "bn")),
    "kv_lora_rank": FactSpec("Latent KV rank", "", int,
                             "width of the compressed key/value latent (multi-head latent attention)"),
    "rope_head_dim": FactSpec("RoPE key size", "", int,
                              "per-head key dimension carried outside the latent (multi-head latent attention)"),
    # Image models
    "denoiser": FactSpec("Denoiser", "", str, "denoising network architecture (UNet, MMDiT, ...)", _IMG),
    "denoiser_parameters": FactSpec("Denoiser parameters", "B", float, "parameters of the denoiser alone",
                                    _IMG, ("billion", "billions")),
    "text_encoder_parameters": FactSpec("Text-encoder parameters", "B", float,
                                        "parameters of the text encoder(s), in billions", unit_aliases=("billion",)),
    "text_encoders": FactSpec("Text encoders", "", str, "text encoder(s) that condition the image", _IMG),
    "native_resolution": FactSpec("Native resolution", "px", int, "side of the square it was trained at",
                                  _IMG, ("pixels",)),
    "latent_channels": FactSpec("Latent channels", "", int, "channels of the autoencoder's latent"),
    "default_steps": FactSpec("Default steps", "steps", int, "sampler steps in the reference pipeline", _IMG | _VID),
    # Video models
    "max_frames": FactSpec("Frames per clip", "frames", int, "longest clip the reference pipeline generates", _VID),
    "frame_rate": FactSpec("Frame rate", "fps", int, "frames per second of the generated clip", _VID),
    "video_resolution": FactSpec("Video resolution", "", str, "width x height of the generated clip, e.g. 1280x720",
                                 _VID),
    # Memory guidance and tools
    "min_vram": FactSpec("Minimum GPU memory", "GB", float, "the least GPU memory the maker says it runs on",
                         _IMG | _VID | _TOOL, ("gb", "GiB")),
    "stack": FactSpec("Built with", "", str, "language and UI framework", _TOOL),
    "interface": FactSpec("Interface", "", str, "how it is used: web UI, node graph, CLI, library", _TOOL),
    "platforms": FactSpec("Platforms", "", str, "operating systems and accelerators it runs on", _TOOL),
    "model_formats": FactSpec("Model formats", "", str, "weight formats it loads (GGUF, safetensors, ...)", _TOOL),
    "install": FactSpec("Install", "", str, "how it is installed: installer, pip, Docker, build from source", _TOOL),
    "last_release": FactSpec("Latest release", "", str, "the date of the newest release, quoted: '2025-11-02' "
                             "or '2025-11'", _TOOL, date=True),
    "tutorial_count": FactSpec("Tutorial pages", "", int, "written tutorial pages in the repository", _TOOL),
}

SignalName = Literal["github_stars", "hf_downloads", "hf_likes", "pypi_downloads"]
SIGNALS: dict[SignalName, str] = {
    "github_stars": "GitHub stars",
    "hf_downloads": "Hugging Face downloads (last month)",
    "hf_likes": "Hugging Face likes",
    "pypi_downloads": "PyPI downloads (last month)",
}
