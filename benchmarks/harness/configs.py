"""Architecture configurations of the measured models, as facts, each with the address it was read from.

Only the shape of a model decides its speed and memory (layer count, widths, heads, vocabulary, context),
so these values are copied from the published configuration files; weight values are never needed.
`tiny_llm` and `tiny_image` shrink a configuration for the CPU test run while keeping its classes and
code paths (grouped-query attention, sliding windows, LongRoPE, dual attention, guidance embedding).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

HF = "https://huggingface.co"

# Context points of the language-model runs (prompt tokens); a point runs where the model supports it.
CONTEXTS = (512, 4096, 32768, 131072)
DECODE_PROMPT = 512       # prompt length before the timed decode loop
DECODE_TOKENS = 64        # decoded tokens per timed run: a fixed count, end-of-sequence is never checked
DECODE_BATCHES = (1, 8)
IMAGE_BATCHES = (1, 4)


@dataclass(frozen=True)
class LlmArch:
    entity: str
    model_type: str            # transformers' model_type: AutoConfig.for_model(model_type, **config)
    config: dict
    source: str                # the configuration file the values come from
    max_context: int
    budget_s: float            # the most this model may take on the GPU (its points adapt to fit)
    precision: str = "bf16"


@dataclass(frozen=True)
class Part:
    """One module of an image pipeline: its class (diffusers or transformers), configuration and source."""
    cls: str
    config: dict
    source: str


@dataclass(frozen=True)
class ImageArch:
    entity: str
    family: str                # sd, sdxl, sd3, flux: how the pipeline is assembled and prompts encoded
    denoiser: Part
    vae: Part
    text_encoders: tuple[Part, ...]
    scheduler: Part
    resolution: int
    steps: int                 # the stated default step count
    steps_source: str
    guidance: float
    text_tokens: int           # T5 sequence length where there is a T5 encoder (CLIP is always 77)
    precision: str
    budget_s: float
    note: str = ""
    tiny: bool = field(default=False, compare=False)


# ---- language models ------------------------------------------------------------------------------

def _llama(**kw: object) -> dict:
    base = dict(hidden_act="silu", rms_norm_eps=1e-5, rope_theta=10000.0, tie_word_embeddings=False,
                attention_bias=False)
    return {**base, **kw}


# Phi-3.5-mini's LongRoPE factors (one per rotary frequency, 48 = head_dim 96 / 2), as float32 in the file.
_PHI35_LONG = [1.08, 1.11, 1.14, 1.34, 1.59, 1.6, 1.62, 2.62, 3.23, 3.23, 4.79, 7.4, 7.7, 9.09, 12.2, 17.67,
               24.46, 28.57, 30.42, 30.84, 32.59, 32.93, 42.32, 44.96, 50.34, 50.45, 57.55, 57.93, 58.21, 60.14,
               62.61, 62.62, 62.71, 63.14, 63.14, 63.77, 63.93, 63.96, 63.97, 64.03, 64.07, 64.08, 64.12, 64.41,
               64.48, 64.51, 64.53, 64.84]
_PHI35_SHORT = [1.0, 1.02, 1.03, 1.03, 1.05, 1.05, 1.05, 1.05, 1.05, 1.07, 1.1, 1.11, 1.16, 1.16, 1.17, 1.29,
                1.34, 1.68, 1.79, 1.82, 1.85, 1.88, 1.91, 1.94, 1.99, 2.02, 2.02, 2.02, 2.02, 2.02, 2.02, 2.03,
                2.03, 2.03, 2.03, 2.03, 2.03, 2.03, 2.03, 2.03, 2.08, 2.09, 2.19, 2.22, 2.59, 2.73, 2.75, 2.84]

LLMS: tuple[LlmArch, ...] = (
    LlmArch("tinyllama-1-1b", "llama", _llama(
        hidden_size=2048, intermediate_size=5632, num_hidden_layers=22, num_attention_heads=32,
        num_key_value_heads=4, vocab_size=32000, max_position_embeddings=2048),
        f"{HF}/TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T/blob/main/config.json", 2048, 20),
    LlmArch("gemma-2-2b", "gemma2", dict(
        hidden_size=2304, intermediate_size=9216, num_hidden_layers=26, num_attention_heads=8,
        num_key_value_heads=4, head_dim=256, vocab_size=256000, max_position_embeddings=8192,
        sliding_window=4096, attn_logit_softcapping=50.0, final_logit_softcapping=30.0,
        query_pre_attn_scalar=256, rms_norm_eps=1e-6, rope_theta=10000.0,
        hidden_activation="gelu_pytorch_tanh", tie_word_embeddings=True),
        f"{HF}/google/gemma-2-2b/blob/main/config.json", 8192, 20),
    LlmArch("qwen2-5-3b", "qwen2", dict(
        hidden_size=2048, intermediate_size=11008, num_hidden_layers=36, num_attention_heads=16,
        num_key_value_heads=2, vocab_size=151936, max_position_embeddings=32768, rope_theta=1000000.0,
        rms_norm_eps=1e-6, hidden_act="silu", tie_word_embeddings=True, use_sliding_window=False),
        f"{HF}/Qwen/Qwen2.5-3B/blob/main/config.json", 32768, 25),
    LlmArch("phi-3-mini", "phi3", _llama(
        hidden_size=3072, intermediate_size=8192, num_hidden_layers=32, num_attention_heads=32,
        num_key_value_heads=32, vocab_size=32064, max_position_embeddings=4096,
        original_max_position_embeddings=4096, sliding_window=2047),
        f"{HF}/microsoft/Phi-3-mini-4k-instruct/blob/main/config.json", 4096, 20),
    LlmArch("phi-3-5-mini", "phi3", _llama(
        hidden_size=3072, intermediate_size=8192, num_hidden_layers=32, num_attention_heads=32,
        num_key_value_heads=32, vocab_size=32064, max_position_embeddings=131072,
        original_max_position_embeddings=4096, sliding_window=262144,
        rope_scaling={"type": "longrope", "long_factor": _PHI35_LONG, "short_factor": _PHI35_SHORT}),
        f"{HF}/microsoft/Phi-3.5-mini-instruct/blob/main/config.json", 131072, 50),
    LlmArch("llama-2-7b", "llama", _llama(
        hidden_size=4096, intermediate_size=11008, num_hidden_layers=32, num_attention_heads=32,
        num_key_value_heads=32, vocab_size=32000, max_position_embeddings=4096),
        f"{HF}/meta-llama/Llama-2-7b-hf/blob/main/config.json", 4096, 20),
    LlmArch("mistral-7b", "mistral", _llama(
        hidden_size=4096, intermediate_size=14336, num_hidden_layers=32, num_attention_heads=32,
        num_key_value_heads=8, vocab_size=32000, max_position_embeddings=32768, sliding_window=4096),
        f"{HF}/mistralai/Mistral-7B-v0.1/blob/main/config.json", 32768, 30),
    LlmArch("llama-3-1-8b", "llama", _llama(
        hidden_size=4096, intermediate_size=14336, num_hidden_layers=32, num_attention_heads=32,
        num_key_value_heads=8, vocab_size=128256, max_position_embeddings=131072, rope_theta=500000.0,
        rope_scaling={"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                      "original_max_position_embeddings": 8192}),
        f"{HF}/meta-llama/Llama-3.1-8B/blob/main/config.json", 131072, 55),
)


# ---- image models ---------------------------------------------------------------------------------

def _clip(hidden: int, inter: int, layers: int, heads: int, proj: int, act: str) -> dict:
    return dict(hidden_size=hidden, intermediate_size=inter, num_hidden_layers=layers, num_attention_heads=heads,
                projection_dim=proj, hidden_act=act, vocab_size=49408, max_position_embeddings=77)


_CLIP_L = _clip(768, 3072, 12, 12, 768, "quick_gelu")
_CLIP_G = _clip(1280, 5120, 32, 20, 1280, "gelu")
_T5_XXL = dict(d_model=4096, d_ff=10240, d_kv=64, num_heads=64, num_layers=24, vocab_size=32128,
               feed_forward_proj="gated-gelu", relative_attention_num_buckets=32,
               relative_attention_max_distance=128, layer_norm_epsilon=1e-6)


def _vae(latent: int, **kw: object) -> dict:
    return dict(in_channels=3, out_channels=3, latent_channels=latent, block_out_channels=[128, 256, 512, 512],
                down_block_types=["DownEncoderBlock2D"] * 4, up_block_types=["UpDecoderBlock2D"] * 4,
                layers_per_block=2, norm_num_groups=32, act_fn="silu", **kw)


_SD15 = f"{HF}/stable-diffusion-v1-5/stable-diffusion-v1-5/blob/main"
_SDXL = f"{HF}/stabilityai/stable-diffusion-xl-base-1.0/blob/main"
_SD35M = f"{HF}/stabilityai/stable-diffusion-3.5-medium/blob/main"
_FLUX_DEV = f"{HF}/black-forest-labs/FLUX.1-dev/blob/main"
_FLUX_SCHNELL = f"{HF}/black-forest-labs/FLUX.1-schnell/blob/main"
_SD_BETAS = dict(num_train_timesteps=1000, beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
                 steps_offset=1, set_alpha_to_one=False, skip_prk_steps=True, clip_sample=False)


def _flux(name: str, base: str, guidance_embeds: bool, scheduler: dict, steps: int, steps_source: str,
          guidance: float, tokens: int, budget: float) -> ImageArch:
    return ImageArch(
        name, "flux",
        Part("FluxTransformer2DModel", dict(
            patch_size=1, in_channels=64, num_layers=19, num_single_layers=38, attention_head_dim=128,
            num_attention_heads=24, joint_attention_dim=4096, pooled_projection_dim=768,
            guidance_embeds=guidance_embeds, axes_dims_rope=[16, 56, 56]), f"{base}/transformer/config.json"),
        Part("AutoencoderKL", _vae(16, scaling_factor=0.3611, shift_factor=0.1159, use_quant_conv=False,
                                   use_post_quant_conv=False, sample_size=1024), f"{base}/vae/config.json"),
        (Part("CLIPTextModel", _CLIP_L, f"{base}/text_encoder/config.json"),
         Part("T5EncoderModel", _T5_XXL, f"{base}/text_encoder_2/config.json")),
        Part("FlowMatchEulerDiscreteScheduler", scheduler, f"{base}/scheduler/scheduler_config.json"),
        1024, steps, steps_source, guidance, tokens, "bf16", budget,
        note="no classifier-free guidance pass" + ("; guidance embedding" if guidance_embeds else ""))


IMAGES: tuple[ImageArch, ...] = (
    ImageArch(
        "sd-1-5", "sd",
        Part("UNet2DConditionModel", dict(
            sample_size=64, in_channels=4, out_channels=4, layers_per_block=2,
            block_out_channels=[320, 640, 1280, 1280],
            down_block_types=["CrossAttnDownBlock2D"] * 3 + ["DownBlock2D"],
            up_block_types=["UpBlock2D"] + ["CrossAttnUpBlock2D"] * 3,
            cross_attention_dim=768, attention_head_dim=8, norm_num_groups=32), f"{_SD15}/unet/config.json"),
        Part("AutoencoderKL", _vae(4, sample_size=512, scaling_factor=0.18215), f"{_SD15}/vae/config.json"),
        (Part("CLIPTextModel", _CLIP_L, f"{_SD15}/text_encoder/config.json"),),
        Part("PNDMScheduler", _SD_BETAS, f"{_SD15}/scheduler/scheduler_config.json"),
        512, 50, "the diffusers pipeline default", 7.5, 77, "fp16", 25,
        note="PNDM runs 51 denoiser passes for 50 steps"),
    ImageArch(
        "sdxl", "sdxl",
        Part("UNet2DConditionModel", dict(
            sample_size=128, in_channels=4, out_channels=4, layers_per_block=2, block_out_channels=[320, 640, 1280],
            down_block_types=["DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"],
            up_block_types=["CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"],
            attention_head_dim=[5, 10, 20], transformer_layers_per_block=[1, 2, 10], cross_attention_dim=2048,
            addition_embed_type="text_time", addition_time_embed_dim=256,
            projection_class_embeddings_input_dim=2816, use_linear_projection=True, norm_num_groups=32),
            f"{_SDXL}/unet/config.json"),
        Part("AutoencoderKL", _vae(4, sample_size=1024, scaling_factor=0.13025), f"{_SDXL}/vae/config.json"),
        (Part("CLIPTextModel", _CLIP_L, f"{_SDXL}/text_encoder/config.json"),
         Part("CLIPTextModelWithProjection", _CLIP_G, f"{_SDXL}/text_encoder_2/config.json")),
        Part("EulerDiscreteScheduler", dict(_SD_BETAS, interpolation_type="linear", prediction_type="epsilon",
                                            timestep_spacing="leading", use_karras_sigmas=False),
             f"{_SDXL}/scheduler/scheduler_config.json"),
        1024, 50, "the diffusers pipeline default", 5.0, 77, "fp16", 45,
        note="VAE decoded in fp16 (the fp16-fix VAE's layout; the stock VAE is upcast to fp32)"),
    ImageArch(
        "sd-3-5-medium", "sd3",
        Part("SD3Transformer2DModel", dict(
            sample_size=128, patch_size=2, in_channels=16, out_channels=16, num_layers=24, attention_head_dim=64,
            num_attention_heads=24, joint_attention_dim=4096, caption_projection_dim=1536,
            pooled_projection_dim=2048, pos_embed_max_size=384, dual_attention_layers=list(range(13)),
            qk_norm="rms_norm"), f"{_SD35M}/transformer/config.json"),
        Part("AutoencoderKL", _vae(16, scaling_factor=1.5305, shift_factor=0.0609, use_quant_conv=False,
                                   use_post_quant_conv=False, sample_size=1024), f"{_SD35M}/vae/config.json"),
        (Part("CLIPTextModelWithProjection", _CLIP_L, f"{_SD35M}/text_encoder/config.json"),
         Part("CLIPTextModelWithProjection", _CLIP_G, f"{_SD35M}/text_encoder_2/config.json"),
         Part("T5EncoderModel", _T5_XXL, f"{_SD35M}/text_encoder_3/config.json")),
        Part("FlowMatchEulerDiscreteScheduler", dict(num_train_timesteps=1000, shift=3.0),
             f"{_SD35M}/scheduler/scheduler_config.json"),
        1024, 40, f"the model card ({HF}/stabilityai/stable-diffusion-3.5-medium)", 4.5, 256, "bf16", 50,
        note="1024x1024 is the pipeline default; the card allows up to 1440"),
    _flux("flux-1-schnell", _FLUX_SCHNELL, False, dict(num_train_timesteps=1000, shift=1.0,
                                                       use_dynamic_shifting=False),
          4, f"the model card ({HF}/black-forest-labs/FLUX.1-schnell)", 0.0, 256, 20),
    _flux("flux-1-dev", _FLUX_DEV, True, dict(num_train_timesteps=1000, shift=3.0, use_dynamic_shifting=True,
                                              base_shift=0.5, max_shift=1.15, base_image_seq_len=256,
                                              max_image_seq_len=4096),
          28, "the diffusers pipeline default", 3.5, 512, 60),
)

ENTITIES: tuple[str, ...] = tuple(a.entity for a in LLMS) + tuple(a.entity for a in IMAGES)


# ---- tiny configurations for the CPU test run -------------------------------------------------------

TINY_CONTEXTS = {512: 16, 4096: 32, 32768: 64, 131072: 128}   # each real point has its tiny stand-in
TINY_DECODE_PROMPT, TINY_DECODE_TOKENS = 16, 4


def tiny_llm(arch: LlmArch) -> LlmArch:
    """The same model class and features at a size the CPU runs in milliseconds."""
    c = dict(arch.config)
    heads = 4
    kv = heads if c["num_key_value_heads"] == c["num_attention_heads"] else 2
    c.update(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=heads,
             num_key_value_heads=kv, vocab_size=512, max_position_embeddings=256)
    if "head_dim" in c:
        c["head_dim"] = 16
    if "query_pre_attn_scalar" in c:
        c["query_pre_attn_scalar"] = 16
    if c.get("sliding_window"):
        c["sliding_window"] = 24           # smaller than the longer tiny contexts: the window path runs
    if "original_max_position_embeddings" in c:
        c["original_max_position_embeddings"] = 32
    rope = c.get("rope_scaling")
    if rope and rope.get("type") == "longrope":
        c["rope_scaling"] = {**rope, "long_factor": rope["long_factor"][:8], "short_factor": rope["short_factor"][:8]}
    elif rope:
        c["rope_scaling"] = {**rope, "original_max_position_embeddings": 32}
    for key in ("bos_token_id", "eos_token_id", "pad_token_id"):
        c[key] = 0                         # inside the tiny vocabulary
    return replace(arch, config=c, precision="fp32")


def _tiny_clip(part: Part, hidden: int) -> Part:
    return replace(part, config={**part.config, **_clip(hidden, 2 * hidden, 2, 4, hidden, part.config["hidden_act"]),
                                 "vocab_size": 1000})


def tiny_image(arch: ImageArch) -> ImageArch:
    """Tiny modules of the same classes; 64x64 pixels, 8x8 latents (the VAE keeps its 8x downsampling)."""
    vae = replace(arch.vae, config={**arch.vae.config, "block_out_channels": [32, 32, 32, 32],
                                    "layers_per_block": 1, "sample_size": 64})
    t5 = dict(_T5_XXL, d_model=128, d_ff=128, d_kv=32, num_heads=4, num_layers=2, vocab_size=1000)
    encoders = []
    for i, part in enumerate(arch.text_encoders):
        encoders.append(replace(part, config=t5) if part.cls == "T5EncoderModel" else _tiny_clip(part, 32 * (i + 1)))
    d = dict(arch.denoiser.config)
    if arch.family in ("sd", "sdxl"):
        xl = arch.family == "sdxl"
        d.update(sample_size=8, layers_per_block=1, block_out_channels=[32, 64], norm_num_groups=32,
                 down_block_types=(["DownBlock2D", "CrossAttnDownBlock2D"] if xl else
                                   ["CrossAttnDownBlock2D", "DownBlock2D"]),
                 up_block_types=(["CrossAttnUpBlock2D", "UpBlock2D"] if xl else ["UpBlock2D", "CrossAttnUpBlock2D"]),
                 cross_attention_dim=32 + (64 if xl else 0), attention_head_dim=[2, 4] if xl else 8)
        if xl:   # text_time embedding: 6 time ids of 8 channels + the 64-wide pooled embedding
            d.update(transformer_layers_per_block=[1, 2], addition_time_embed_dim=8,
                     projection_class_embeddings_input_dim=6 * 8 + 64)
    elif arch.family == "sd3":
        d.update(sample_size=8, num_layers=2, attention_head_dim=8, num_attention_heads=4, joint_attention_dim=128,
                 caption_projection_dim=32, pooled_projection_dim=32 + 64, pos_embed_max_size=16,
                 dual_attention_layers=[0])
    else:
        d.update(num_layers=1, num_single_layers=1, attention_head_dim=16, num_attention_heads=2,
                 joint_attention_dim=128, pooled_projection_dim=32, axes_dims_rope=[4, 6, 6])
    return replace(arch, denoiser=replace(arch.denoiser, config=d), vae=vae, text_encoders=tuple(encoders),
                   resolution=64, steps=2, text_tokens=16, precision="fp32", tiny=True)
