"""Image models: the stock diffusers pipeline assembled from randomly initialised modules, timed in three
stages (text encoders, denoising loop, VAE decode) at batch 1 and 4, with peak GPU memory.

No tokenizer is built (that would need a download): the text encoders run on random token ids of the
lengths the pipeline uses (77 for CLIP, 256 or 512 for T5), the way each pipeline's encode_prompt calls
them, and the pipeline receives the embeddings. Tokenizing a prompt takes well under a millisecond.
"""

from __future__ import annotations

import diffusers
import torch
import transformers

from . import configs
from .configs import ImageArch, Part
from .llm import default_dtype
from .results import Results
from .timing import Budget, Stats, clock, peak_bytes, release, reset_peak

REPEATS = 3
WARM_STEPS = 2
_DTYPES = {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": torch.float32}
_PIPELINES = {"sd": "StableDiffusionPipeline", "sdxl": "StableDiffusionXLPipeline",
              "sd3": "StableDiffusion3Pipeline", "flux": "FluxPipeline"}


def build_part(part: Part, device: torch.device, dtype: torch.dtype) -> torch.nn.Module:
    """Allocate and initialise on the device itself: a 12B transformer takes seconds, not minutes. (Not
    meta + to_empty: that would leave computed buffers, such as CLIP's position ids, uninitialised.)"""
    with torch.device(device), default_dtype(dtype):
        if hasattr(diffusers, part.cls):
            module = getattr(diffusers, part.cls)(**part.config)
        else:
            cls = getattr(transformers, part.cls)
            module = cls(cls.config_class(**part.config))
    return module.to(device=device, dtype=dtype).eval()


def assemble(arch: ImageArch, device: torch.device, dtype: torch.dtype):
    denoiser = build_part(arch.denoiser, device, dtype)
    vae = build_part(arch.vae, device, dtype)
    enc = [build_part(p, device, dtype) for p in arch.text_encoders]
    scheduler = getattr(diffusers, arch.scheduler.cls).from_config(arch.scheduler.config)
    cls = getattr(diffusers, _PIPELINES[arch.family])
    if arch.family == "sd":
        pipe = cls(vae=vae, text_encoder=enc[0], tokenizer=None, unet=denoiser, scheduler=scheduler,
                   safety_checker=None, feature_extractor=None, requires_safety_checker=False)
    elif arch.family == "sdxl":
        pipe = cls(vae=vae, text_encoder=enc[0], text_encoder_2=enc[1], tokenizer=None, tokenizer_2=None,
                   unet=denoiser, scheduler=scheduler, add_watermarker=False)
    elif arch.family == "sd3":
        pipe = cls(transformer=denoiser, scheduler=scheduler, vae=vae, text_encoder=enc[0], tokenizer=None,
                   text_encoder_2=enc[1], tokenizer_2=None, text_encoder_3=enc[2], tokenizer_3=None)
    else:
        pipe = cls(scheduler=scheduler, vae=vae, text_encoder=enc[0], tokenizer=None, text_encoder_2=enc[1],
                   tokenizer_2=None, transformer=denoiser)
    pipe.set_progress_bar_config(disable=True)
    return pipe


def _ids(encoder: torch.nn.Module, batch: int, length: int, gen: torch.Generator) -> torch.Tensor:
    device = next(encoder.parameters()).device
    return torch.randint(0, encoder.config.vocab_size, (batch, length), generator=gen).to(device)


def encode(arch: ImageArch, pipe, batch: int, gen: torch.Generator) -> dict:
    """The encoder passes each pipeline's encode_prompt makes, on random ids: the same modules, lengths
    and outputs, so the same work."""
    def clip(encoder, pooled_attr):
        out = encoder(_ids(encoder, batch, 77, gen), output_hidden_states=True)
        return out.hidden_states[-2], getattr(out, pooled_attr)

    def sd3_prompt():
        h1, p1 = clip(pipe.text_encoder, "text_embeds")
        h2, p2 = clip(pipe.text_encoder_2, "text_embeds")
        t5 = pipe.text_encoder_3(_ids(pipe.text_encoder_3, batch, arch.text_tokens, gen))[0]
        joint = torch.nn.functional.pad(torch.cat([h1, h2], -1), (0, t5.shape[-1] - h1.shape[-1] - h2.shape[-1]))
        return torch.cat([joint, t5], -2), torch.cat([p1, p2], -1)

    cfg = arch.guidance > 1   # classifier-free guidance: a negative prompt and two denoiser passes per step
    if arch.family == "sd":   # last hidden state; the negative prompt is encoded too
        embeds = [pipe.text_encoder(_ids(pipe.text_encoder, batch, 77, gen))[0] for _ in range(1 + cfg)]
        return dict(prompt_embeds=embeds[0], negative_prompt_embeds=embeds[-1] if cfg else None)
    if arch.family == "sdxl":  # penultimate layers of both; an empty negative prompt is zeros, not encoded
        h1, _ = clip(pipe.text_encoder, "pooler_output")
        h2, pooled = clip(pipe.text_encoder_2, "text_embeds")
        prompt = torch.cat([h1, h2], -1)
        return dict(prompt_embeds=prompt, pooled_prompt_embeds=pooled,
                    negative_prompt_embeds=torch.zeros_like(prompt),
                    negative_pooled_prompt_embeds=torch.zeros_like(pooled))
    if arch.family == "sd3":
        prompt, pooled = sd3_prompt()
        negative, negative_pooled = sd3_prompt()
        return dict(prompt_embeds=prompt, pooled_prompt_embeds=pooled, negative_prompt_embeds=negative,
                    negative_pooled_prompt_embeds=negative_pooled)
    pooled = pipe.text_encoder(_ids(pipe.text_encoder, batch, 77, gen)).pooler_output
    t5 = pipe.text_encoder_2(_ids(pipe.text_encoder_2, batch, arch.text_tokens, gen))[0]
    return dict(prompt_embeds=t5, pooled_prompt_embeds=pooled)


def denoise(arch: ImageArch, pipe, embeds: dict, steps: int, seed: int) -> torch.Tensor:
    device = pipe.vae.device
    extra = {"max_sequence_length": arch.text_tokens} if arch.family in ("sd3", "flux") else {}
    return pipe(height=arch.resolution, width=arch.resolution, num_inference_steps=steps,
                guidance_scale=arch.guidance, output_type="latent", return_dict=False,
                generator=torch.Generator(device=device).manual_seed(seed), **embeds, **extra)[0]


def decode(arch: ImageArch, pipe, latents: torch.Tensor) -> torch.Tensor:
    """What the pipeline does after the loop when asked for pixels (minus the PIL conversion)."""
    vae = pipe.vae
    if arch.family == "flux":   # Flux returns packed 2x2 patches
        latents = pipe._unpack_latents(latents, arch.resolution, arch.resolution, pipe.vae_scale_factor)
    latents = latents / vae.config.scaling_factor + (vae.config.shift_factor or 0.0)
    return vae.decode(latents, return_dict=False)[0]


def _stages(arch, pipe, batch, steps, gen, device) -> tuple[float, float, float, bool]:
    """One prompt-to-pixels run, clocked per stage; also whether the image came out finite."""
    t_enc, embeds = clock(lambda: encode(arch, pipe, batch, gen), device)
    t_den, latents = clock(lambda: denoise(arch, pipe, embeds, steps, 0), device)
    t_dec, image = clock(lambda: decode(arch, pipe, latents), device)
    return t_enc, t_den, t_dec, bool(torch.isfinite(image).all())


def run(arch: ImageArch, device: torch.device, results: Results, budget: Budget, tiny: bool) -> None:
    if tiny:
        arch = configs.tiny_image(arch)
    dtype = _DTYPES[arch.precision]
    pipe = assemble(arch, device, dtype)
    gen = torch.Generator(device="cpu").manual_seed(0)
    guidance = (f"guidance embedding {arch.guidance:g}" if arch.denoiser.config.get("guidance_embeds") else
                f"CFG {arch.guidance:g}" if arch.guidance > 1 else "no guidance")
    options = f"SDPA; {guidance}; no torch.compile"
    common = dict(precision=arch.precision, resolution=f"{arch.resolution}x{arch.resolution}", steps=arch.steps,
                  software=f"diffusers {diffusers.__version__}; transformers {transformers.__version__}; torch "
                           f"{torch.__version__}")
    batches = configs.IMAGE_BATCHES
    for i, batch in enumerate(batches):
        try:
            with torch.inference_mode():
                _batch(arch, pipe, batch, gen, device, results, budget, len(batches) - i, options, common)
        except torch.cuda.OutOfMemoryError:
            results.skip(arch.entity, f"batch {batch}", "out of GPU memory")
        finally:
            release(device)
    results.say(f"done {arch.entity}: {type(pipe).__name__}, {type(pipe.scheduler).__name__}")
    del pipe
    release(device)


def _batch(arch, pipe, batch, gen, device, results, budget, left, options, common) -> None:
    label = f"batch {batch}"
    t_enc, t_den, t_dec, _ = _stages(arch, pipe, batch, WARM_STEPS, gen, device)    # warm-up, few steps
    per_pass = t_den / len(pipe.scheduler.timesteps)
    estimate = t_enc + per_pass * (arch.steps + len(pipe.scheduler.timesteps) - WARM_STEPS) + t_dec
    runs = budget.repeats(estimate, REPEATS, left)
    if runs == 0:
        results.skip(arch.entity, label, f"one run takes about {estimate:.0f} s, {budget.left():.0f} s left")
        return
    reset_peak(device)
    stages = [_stages(arch, pipe, batch, arch.steps, gen, device) for _ in range(runs)]
    peak = peak_bytes(device)
    passes = len(pipe.scheduler.timesteps)
    if not all(s[3] for s in stages):
        results.say(f"note {arch.entity} {label}: random weights gave non-finite pixels (speed is unaffected)")
    enc, den, dec = (Stats.of([s[k] for s in stages]) for k in range(3))
    total = Stats.of([s[0] + s[1] + s[2] for s in stages])
    split = f"text encoders {enc.median:.3g} s, denoising {den.median:.3g} s, VAE decode {dec.median:.3g} s"
    where = dict(common, batch=batch, options=options)
    results.add(arch.entity, "image", "image_latency" if batch == 1 else "batch_latency", total.median,
                note=f"prompt to pixels: {split}; {total.spread()}", **where)
    results.add(arch.entity, "image", "images_per_minute", 60 * batch / total.median,
                note=f"from the prompt-to-pixels time; {total.spread()}", **where)
    results.add(arch.entity, "image", "iterations_per_second", passes / den.median,
                note=f"{passes} denoiser passes ({type(pipe.scheduler).__name__}); {den.spread()}", **where)
    results.add(arch.entity, "image", "peak_memory", peak / 1e9, note="peak over the three stages, weights included",
                **where)
    for name, stats in (("text encoders", enc), ("denoising", den), ("VAE decode", dec)):
        results.add(arch.entity, "image", "batch_latency", stats.median, note=f"this stage alone; {stats.spread()}",
                    **dict(where, options=f"{options}; stage: {name} only"))
