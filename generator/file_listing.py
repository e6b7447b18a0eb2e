"""A model repository's file listing -> the weights' sizes: the parameter count, and GGUF file sizes.

Pure. Two published shapes are read:
- the Hugging Face tree listing (`https://huggingface.co/api/models/<repo>/tree/<revision>`): a JSON
  list of `{"type": "file", "path": ..., "size": ...}`;
- a sharded checkpoint's `model.safetensors.index.json`, whose `metadata.total_size` is the bytes of
  the tensors alone.

The parameter count is the tensors' bytes over the bytes of one stored value, so it is only derived
for unquantised weights stored in one 16- or 32-bit type; safetensors headers (a few kilobytes per
file in a tree listing) make it a slight overestimate, which the rounding to 0.01B absorbs.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from .diagnostics import Diagnostic, Severity, short
from .hf_config import Architecture, ConfigFact

BYTES_PER_VALUE = {"bfloat16": 2, "float16": 2, "float32": 4}
# A GGUF file's quantisation, as uploaders name the files: Q4_K_M, IQ3_XXS, Q8_0, BF16, ...
_QUANT = re.compile(r"(?<![A-Za-z0-9])(I?Q[0-9]_(?:K_[SML]|K|[0-9]|XXS|XS|S|M|NL)|Q[0-9]_[0-9]|BF16|F16|F32)"
                    r"(?![A-Za-z0-9])", re.IGNORECASE)
_SHARD = re.compile(r"-[0-9]{5}-of-[0-9]{5}\.gguf$")


@dataclass(frozen=True)
class Listing:
    tensor_bytes: int | None        # safetensors: the tensors' bytes (headers included for a tree listing)
    exact: bool                     # True when read from an index's total_size (no headers)
    gguf: tuple[tuple[str, int], ...]   # (quantisation in lower case, bytes), shards added up, sorted


def _error(file: str, message: str, hint: str, rule: str = "wrong-type") -> Diagnostic:
    return Diagnostic(file, 1, 1, Severity.ERROR, rule, "", message, hint=hint)


def _tree(entries: list[Any], file: str) -> tuple[Listing | None, list[Diagnostic]]:
    checkpoint: dict[str, int] = {}
    gguf: dict[str, int] = defaultdict(int)
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            return None, [_error(file, f"entry {i} is not a file record", "a tree listing is a list of "
                                 "{\"type\", \"path\", \"size\"} objects", )]
        if entry.get("type", "file") != "file":
            continue
        path, size = entry["path"], entry.get("size")
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            return None, [_error(file, f"{path}: the size is not a number of bytes", "save the listing as published")]
        name = path.rsplit("/", 1)[-1]
        if name.endswith(".safetensors") and "/" not in path:   # the checkpoint, not a subfolder's
            checkpoint[name] = size
        elif name.endswith(".gguf"):
            quant = _QUANT.findall(_SHARD.sub(".gguf", name))
            if quant:
                gguf[quant[-1].lower()] += size
    # Some repositories hold the same weights twice (Mistral's consolidated.safetensors beside the
    # transformers shards): count the transformers checkpoint, model*.safetensors, where there is one.
    shards = {n: s for n, s in checkpoint.items() if n.startswith("model")} or checkpoint
    return Listing(sum(shards.values()) or None, False, tuple(sorted(gguf.items()))), []


def read(text: str, file: str) -> tuple[Listing | None, list[Diagnostic]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [Diagnostic(file, exc.lineno, exc.colno, Severity.ERROR, "config-syntax",
                                 "", f"not valid JSON: {exc.msg}", hint="save the listing exactly as published")]
    if isinstance(data, list):
        return _tree(data, file)
    total = data.get("metadata", {}).get("total_size") if isinstance(data, dict) and \
        isinstance(data.get("metadata"), dict) else None
    if isinstance(total, int) and not isinstance(total, bool) and total > 0:
        return Listing(total, True, ()), []
    return None, [_error(file, f"neither a tree listing nor a safetensors index (got {short(type(data).__name__)})",
                         "save https://huggingface.co/api/models/<repo>/tree/<revision>, or the "
                         "model.safetensors.index.json")]


def parameters(listing: Listing, arch: Architecture) -> ConfigFact | None:
    """The parameter count in billions, where the stored type makes it exact enough to print."""
    width = BYTES_PER_VALUE.get(arch.dtype or "")
    if listing.tensor_bytes is None or width is None or arch.quantized:
        return None
    billions = round(listing.tensor_bytes / width / 1e9, 2)
    how = "metadata.total_size" if listing.exact else "the .safetensors files"
    return ConfigFact("parameters", billions, f"{listing.tensor_bytes:,} bytes of {arch.dtype} weights "
                                              f"({how}) / {width} bytes per value")
