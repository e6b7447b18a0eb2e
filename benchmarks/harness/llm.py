"""Language models: prefill (time to first token, prompt tokens/s) per context length, and decode tokens/s
at batch 1 and 8, with peak GPU memory at each point.

The decode loop is written out (one forward pass per token, greedy, a fixed count) so that the number of
tokens never depends on an end-of-sequence token, which random weights would emit at random.
"""

from __future__ import annotations

from contextlib import contextmanager

import torch
import transformers
from transformers import AutoConfig, AutoModelForCausalLM

from . import configs
from .configs import LlmArch
from .results import Results
from .timing import Budget, Stats, clock, free_bytes, peak_bytes, release, reset_peak

PREFILL_REPEATS, DECODE_REPEATS = 5, 3


@contextmanager
def default_dtype(dtype: torch.dtype):
    old = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        yield
    finally:
        torch.set_default_dtype(old)


def build(arch: LlmArch, device: torch.device, dtype: torch.dtype) -> torch.nn.Module:
    """Random weights, allocated and initialised directly on the device (seconds, even for 8B), with the
    library's own initialisation; meta + to_empty would leave the rotary frequency buffers uninitialised."""
    with torch.device(device), default_dtype(dtype):
        try:
            model = AutoModelForCausalLM.from_config(AutoConfig.for_model(arch.model_type, **arch.config),
                                                     attn_implementation="sdpa", dtype=dtype)
        except ValueError:   # no SDPA for this architecture (Gemma 2's soft-capping): eager, as transformers does
            model = AutoModelForCausalLM.from_config(AutoConfig.for_model(arch.model_type, **arch.config),
                                                     attn_implementation="eager", dtype=dtype)
    return model.to(device=device, dtype=dtype).eval()


def _first_token(model: torch.nn.Module, ids: torch.Tensor):
    out = model(input_ids=ids, use_cache=True, logits_to_keep=1)
    return out.logits[:, -1:].argmax(-1), out.past_key_values


def _decode(model: torch.nn.Module, ids: torch.Tensor, n: int, device: torch.device) -> float:
    """Prefill `ids` (untimed), then time `n` greedy decode steps on its cache."""
    token, past = _first_token(model, ids)
    seconds, _ = clock(lambda: _steps(model, token, past, n), device)
    return seconds


def _steps(model: torch.nn.Module, token: torch.Tensor, past: object, n: int) -> None:
    for _ in range(n):
        out = model(input_ids=token, past_key_values=past, use_cache=True)
        token = out.logits[:, -1:].argmax(-1)


def _fits(arch: LlmArch, model: torch.nn.Module, tokens: int, device: torch.device) -> tuple[bool, str]:
    """A rough need (key/value cache plus the widest activations, doubled for safety) against free memory."""
    c = model.config
    head_dim = getattr(c, "head_dim", None) or c.hidden_size // c.num_attention_heads
    size = torch.finfo(next(model.parameters()).dtype).bits // 8
    cache = 2 * c.num_hidden_layers * c.num_key_value_heads * head_dim * tokens * size
    act = 2 * tokens * (3 * c.intermediate_size + 6 * c.hidden_size) * size
    if c._attn_implementation == "eager":   # the full score matrix, in fp32
        act += c.num_attention_heads * tokens * tokens * 4
    free = free_bytes(device)
    return cache + act < free, f"needs about {(cache + act) / 1e9:.1f} GB, {free / 1e9:.1f} GB free"


def run(arch: LlmArch, device: torch.device, results: Results, budget: Budget, tiny: bool) -> None:
    if tiny:
        arch = configs.tiny_llm(arch)
    dtype = {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": torch.float32}[arch.precision]
    model = build(arch, device, dtype)
    attn = model.config._attn_implementation
    options = ("SDPA" if attn == "sdpa" else f"{attn} attention") + "; no torch.compile"
    common = dict(precision=arch.precision, software=f"transformers {transformers.__version__}; torch "
                  f"{torch.__version__}", options=options)
    gen = torch.Generator(device="cpu").manual_seed(0)
    vocab = model.config.vocab_size

    def prompt(batch: int, tokens: int) -> torch.Tensor:
        return torch.randint(0, vocab, (batch, tokens), generator=gen).to(device)

    contexts = [c for c in configs.CONTEXTS if c <= arch.max_context]
    scale = (lambda n: configs.TINY_CONTEXTS[n]) if tiny else (lambda n: n)
    p_len = configs.TINY_DECODE_PROMPT if tiny else configs.DECODE_PROMPT
    n_out = configs.TINY_DECODE_TOKENS if tiny else configs.DECODE_TOKENS
    # Short prefill and both decode points first: when time runs short, the long contexts are the ones left.
    points = [("prefill", contexts[0])] + [("decode", b) for b in configs.DECODE_BATCHES] + \
             [("prefill", c) for c in contexts[1:]]
    last: tuple[int, float] | None = None   # (tokens, seconds) of the last prefill, to predict the next
    for i, (kind, value) in enumerate(points):
        left = len(points) - i
        label = f"{kind} {'context ' + str(value) if kind == 'prefill' else 'batch ' + str(value)}"
        try:
            if kind == "prefill":
                n = scale(value)
                # Prefill cost grows between linearly (weights) and quadratically (attention) with length.
                predicted = last[1] * (n / last[0]) ** 1.5 if last else 0.0
                if 2 * predicted > budget.left():   # a warm-up and one timed run
                    results.skip(arch.entity, label, f"predicted {predicted:.0f} s per run, "
                                 f"{budget.left():.0f} s left in the budget")
                    continue
                seconds = _prefill_point(arch, model, n, prompt(1, n), device, results, budget, left, common, label)
                if seconds is not None:
                    last = (n, seconds)
            else:
                _decode_point(arch, model, value, prompt(value, p_len), n_out, device, results, budget, left, common,
                              label)
        except torch.cuda.OutOfMemoryError:
            results.skip(arch.entity, label, "out of GPU memory")
        finally:
            release(device)
    results.say(f"done {arch.entity}: {attn} attention, {sum(p.numel() for p in model.parameters()) / 1e9:.2f}B "
                f"parameters")
    del model
    release(device)


def _prefill_point(arch, model, n, ids, device, results, budget, left, common, label) -> float | None:
    ok, need = _fits(arch, model, n, device)
    if not ok:
        results.skip(arch.entity, label, f"would not fit: {need}")
        return None
    with torch.inference_mode():
        warm = clock(lambda: _first_token(model, ids), device)[0]   # [0]: drop the cache at once
        runs = budget.repeats(warm, PREFILL_REPEATS, left)
        if runs == 0:
            results.skip(arch.entity, label, f"one run takes {warm:.1f} s, {budget.left():.0f} s left")
            return warm
        reset_peak(device)
        samples = []
        for _ in range(runs):
            samples.append(clock(lambda: _first_token(model, ids), device)[0])
        peak = peak_bytes(device)
    stats = Stats.of(samples)
    where = dict(common, batch=1, context=n, input_tokens=n, output_tokens=1)
    results.add(arch.entity, "llm", "time_to_first_token", stats.median * 1000,
                note=f"prefill and first token; {stats.spread('ms', 1000)}", **where)
    results.add(arch.entity, "llm", "prompt_throughput", n / stats.median,
                note=f"prompt tokens over time to first token; {stats.spread()}", **where)
    results.add(arch.entity, "llm", "peak_memory", peak / 1e9, note="peak during prefill, weights included", **where)
    return stats.median


def _decode_point(arch, model, batch, ids, n_out, device, results, budget, left, common, label) -> None:
    ok, need = _fits(arch, model, ids.numel() + batch * n_out, device)
    if not ok:
        results.skip(arch.entity, label, f"would not fit: {need}")
        return
    with torch.inference_mode():
        warm_steps = max(2, n_out // 16)
        prefill = clock(lambda: _first_token(model, ids), device)[0]
        per_token = _decode(model, ids, warm_steps, device) / warm_steps
        runs = budget.repeats(prefill + per_token * n_out, DECODE_REPEATS, left)
        if runs == 0:
            results.skip(arch.entity, label, f"one run takes {prefill + per_token * n_out:.1f} s, "
                         f"{budget.left():.0f} s left")
            return
        reset_peak(device)
        samples = [_decode(model, ids, n_out, device) for _ in range(runs)]
        peak = peak_bytes(device)
    stats = Stats.of(samples)
    p_len = ids.shape[1]
    where = dict(common, batch=batch, context=p_len + n_out, input_tokens=p_len, output_tokens=n_out)
    summed = f"summed over the {batch} sequences; " if batch > 1 else ""
    results.add(arch.entity, "llm", "generation_throughput", batch * n_out / stats.median,
                note=f"{summed}greedy decode of a fixed count, prefill not timed; {stats.spread()}", **where)
    results.add(arch.entity, "llm", "peak_memory", peak / 1e9, note="peak during prefill and decode, weights included",
                **where)
