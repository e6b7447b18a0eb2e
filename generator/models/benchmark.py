"""The benchmark formats: one measurement per CSV row (`versus.benchmarks/1`), and the provenance of a run
(`benchmarks/runs/<run-id>/provenance.yaml`, `versus.provenance/1`).

A fixed registry of metrics, each with its one unit, is what lets the site compare like with like: two
rows of `image_latency` are both seconds per image, never one in ms and one in s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field, StrictInt

from .common import Date, Figure, FiniteFloat, Id, Label, Line, Strict_, Text, Url, Verbatim

FORMAT_NAME = "versus.benchmarks"
FORMAT_VERSION = 1
FORMAT = f"{FORMAT_NAME}/{FORMAT_VERSION}"
PROVENANCE_FORMAT_NAME = "versus.provenance"
PROVENANCE_FORMAT = f"{PROVENANCE_FORMAT_NAME}/1"

Task = Literal["text-to-image", "text-generation", "text-to-video"]
Status = Literal["measured", "reported"]
_IMG = frozenset({"text-to-image"})
_LLM = frozenset({"text-generation"})
_BOTH = _IMG | _LLM
_VIDEO = frozenset({"text-to-video"})


@dataclass(frozen=True)
class Unit:
    label: str
    dimension: str   # units of one dimension convert into each other (the hint shows the factor)
    factor: float    # size of one unit in the dimension's base (s, bytes, ...)


UNITS: dict[str, Unit] = {
    "it/s": Unit("denoiser iterations per second", "iteration rate", 1.0),
    "s/image": Unit("seconds per image", "time per image", 1.0),
    "images/min": Unit("images per minute", "image rate", 1.0),
    "tokens/s": Unit("tokens per second", "token rate", 1.0),
    "s": Unit("seconds", "time", 1.0),
    "ms": Unit("milliseconds", "time", 1e-3),
    "GB": Unit("gigabytes (10^9 bytes)", "memory", 1e9),
    "GiB": Unit("gibibytes (2^30 bytes)", "memory", 2.0**30),
    "MB": Unit("megabytes (10^6 bytes)", "memory", 1e6),
    "score": Unit("benchmark score, 0 to 100", "score", 1.0),
}


@dataclass(frozen=True)
class MetricSpec:
    label: str
    unit: str                 # the one unit accepted
    tasks: frozenset[str]     # the tasks it applies to
    higher_is_better: bool
    help: str
    maximum: float | None = None  # inclusive upper bound; every metric is > 0 (0 would mean "no data")


METRICS: dict[str, MetricSpec] = {
    # Image generation
    "iterations_per_second": MetricSpec("Denoising speed", "it/s", _IMG, True,
                                        "denoiser iterations per second, for the whole batch"),
    "image_latency": MetricSpec("Time per image", "s/image", _IMG, False,
                                "seconds from prompt to decoded image, batch 1"),
    "images_per_minute": MetricSpec("Images per minute", "images/min", _IMG, True, "finished images per minute"),
    "batch_latency": MetricSpec("Time per call", "s", _BOTH, False,
                                "seconds for one pipeline call that produces the whole batch"),
    # Text generation
    "generation_throughput": MetricSpec("Generation speed", "tokens/s", _LLM, True,
                                        "output tokens per second while decoding (one stream unless batch says)"),
    "prompt_throughput": MetricSpec("Prompt processing speed", "tokens/s", _LLM, True,
                                    "prompt tokens per second (prefill)"),
    "output_throughput": MetricSpec("Serving throughput", "tokens/s", _LLM, True,
                                    "output tokens per second summed over all concurrent requests on the GPUs used"),
    "time_to_first_token": MetricSpec("Time to first token", "ms", _LLM, False,
                                      "milliseconds from request to the first output token"),
    "mmlu_5shot": MetricSpec("MMLU (5-shot)", "score", _LLM, True,
                             "accuracy on MMLU with 5 examples in the prompt, in percent", maximum=100.0),
    "math_4shot_cot": MetricSpec("MATH (4-shot, CoT)", "score", _LLM, True,
                                 "accuracy on the MATH competition problems with 4 worked examples and step-by-step "
                                 "reasoning, in percent", maximum=100.0),
    "math_0shot_cot": MetricSpec("MATH (0-shot, CoT)", "score", _LLM, True,
                                 "accuracy on the MATH competition problems with no worked example and step-by-step "
                                 "reasoning, in percent", maximum=100.0),
    "gpqa_diamond": MetricSpec("GPQA Diamond (pass@1)", "score", _LLM, True,
                               "share of the GPQA Diamond graduate-level science questions answered right on the "
                               "first answer, in percent", maximum=100.0),
    "math500_pass1": MetricSpec("MATH-500 (pass@1)", "score", _LLM, True,
                                "share of the 500-problem MATH subset solved on the first answer, in percent",
                                maximum=100.0),
    "math_4shot": MetricSpec("MATH (4-shot)", "score", _LLM, True,
                             "accuracy on the MATH competition problems with 4 examples in the prompt (exact match of "
                             "the final answer), in percent", maximum=100.0),
    "gpqa_diamond_0shot_cot": MetricSpec("GPQA Diamond (0-shot, CoT)", "score", _LLM, True,
                                         "accuracy on the GPQA Diamond graduate-level science questions with no "
                                         "example and step-by-step reasoning, one answer each, in percent",
                                         maximum=100.0),
    "mmlu_redux": MetricSpec("MMLU-Redux", "score", _LLM, True,
                             "accuracy on MMLU-Redux, MMLU questions re-checked by hand with the faulty ones "
                             "corrected, in percent", maximum=100.0),
    "humaneval_0shot": MetricSpec("HumanEval (0-shot, pass@1)", "score", _LLM, True,
                                  "share of the HumanEval Python problems whose first program, written with no "
                                  "example in the prompt, passes the tests, in percent", maximum=100.0),
    "livecodebench_v5": MetricSpec("LiveCodeBench v5 (pass@1)", "score", _LLM, True,
                                   "share of LiveCodeBench's contest problems of October 2024 to February 2025 "
                                   "(version 5) solved by the first answer, in percent", maximum=100.0),
    "livecodebench_v6": MetricSpec("LiveCodeBench v6 (pass@1)", "score", _LLM, True,
                                   "share of LiveCodeBench's contest problems of August 2024 to May 2025 "
                                   "(version 6) solved by the first answer, in percent", maximum=100.0),
    "mgsm_0shot": MetricSpec("MGSM (0-shot)", "score", _LLM, True,
                             "accuracy on MGSM, grade-school math word problems translated out of English, with no "
                             "example in the prompt, in percent", maximum=100.0),
    "mgsm_8shot": MetricSpec("MGSM (8-shot)", "score", _LLM, True,
                             "accuracy on MGSM, grade-school math word problems translated out of English, with 8 "
                             "examples in the prompt, in percent", maximum=100.0),
    "ifeval": MetricSpec("IFEval", "score", _LLM, True,
                         "how often the answers follow IFEval's checkable instructions (word counts, formats, "
                         "keywords), in percent; the row's options name the variant (per prompt or per "
                         "instruction, strict or loose) where its source does",
                         maximum=100.0),
    # Both
    "peak_memory": MetricSpec("Peak GPU memory", "GB", _BOTH | _VIDEO, False,
                              "peak GPU memory during the run; the selection analysis reads it as 'measured'"),
    "file_size": MetricSpec("Weights file size", "GB", _BOTH, False, "size of the weights file(s) on disk"),
}

# Shapes of the settings cells: a precision is a lower-case token (fp16, bf16, int8, q4_k_m, 4-bit),
# a resolution is WIDTHxHEIGHT in pixels.
Precision = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.+-]*$", max_length=32,
                                 description="lower case: fp32, fp16, bf16, fp8, int8, int4, q4_k_m, 4-bit")]
Resolution = Annotated[str, Field(pattern=r"^[1-9][0-9]{1,4}x[1-9][0-9]{1,4}$", description="e.g. 1024x1024")]
Count = Annotated[StrictInt, Field(ge=1, le=10_000_000)]
MetricName = Annotated[str, Field(min_length=1, max_length=64)]
UnitName = Annotated[str, Field(min_length=1, max_length=32)]

# The settings that decide whether two rows may be compared (their order is the CSV's column order).
SETTINGS: tuple[str, ...] = ("gpu", "precision", "resolution", "steps", "batch", "context", "input_tokens",
                             "output_tokens", "software", "options")


class BenchmarkCells(Strict_):
    """One CSV row: the columns of `versus.benchmarks/1`, in their canonical order. Every column must be
    in the header (in any order); an empty cell means 'not stated'."""

    entity: Id
    task: Task
    metric: MetricName = Field(description="a key of the metric registry (generator/models/benchmark.py)")
    value: Figure
    unit: UnitName = Field(description="the metric's one unit")
    status: Status = Field(description="measured: by a run of ours; reported: published by someone else")
    gpu: Label | None = None
    precision: Precision | None = None
    resolution: Resolution | None = None
    steps: Count | None = None
    batch: Count | None = None
    context: Count | None = Field(None, description="context length in tokens the run was set up for")
    input_tokens: Count | None = None
    output_tokens: Count | None = None
    software: Line | None = Field(None, description="software and versions, e.g. `diffusers 0.17.0; torch 2.0`")
    options: Line | None = Field(None, description="what was switched on: SDPA, torch.compile, CPU offload, TP1")
    run: Id | None = Field(None, description="the run id: its folder under benchmarks/runs/")
    source_url: Url | None = None
    source_title: Line | None = None
    published: Date | None = Field(None, description="the source's own date: the day its figures were published "
                                                     "(the page's, paper version's, release's or commit's date)")
    retrieved: Date | None = Field(None, description="the day a published figure was read at source_url")
    note: Line | None = None


COLUMNS: tuple[str, ...] = tuple(BenchmarkCells.model_fields)
# Columns added to format 1 after tables were written in it: a header may leave them out.
OPTIONAL_COLUMNS = frozenset({"published"})
NUMBER_COLUMNS = frozenset({"value"})
WHOLE_NUMBER_COLUMNS = frozenset({"steps", "batch", "context", "input_tokens", "output_tokens"})


class BenchmarkRow(BenchmarkCells):
    """A validated row and where it came from, so a page or a diagnostic can point back at the line."""

    file: str
    line: StrictInt

    @property
    def settings(self) -> tuple[tuple[str, object], ...]:
        return tuple((name, getattr(self, name)) for name in SETTINGS)

    @property
    def origin(self) -> str:
        """The run, or the published source, the number comes from."""
        return f"run:{self.run}" if self.run else f"source:{self.source_url}"


class Hardware(Strict_):
    gpu: Label = Field(description="the GPU model as the driver names it, e.g. NVIDIA H100 80GB HBM3")
    gpu_count: StrictInt = Field(1, ge=1, le=64)
    gpu_memory_gb: FiniteFloat = Field(gt=0)
    cpu: Label | None = None
    ram_gb: FiniteFloat | None = Field(None, gt=0)


PackageName = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=64)]


class RunProvenance(Strict_):
    """Where a measured row comes from: enough to rerun it. The run id is the folder name."""

    format: Literal["versus.provenance/1"]
    date: Date = Field(description="the day the run was made (UTC)")
    hardware: Hardware
    os: Label | None = None
    driver: Label = Field(description="GPU driver version, quoted: '550.54.15'")
    cuda: Label = Field(description="CUDA version, quoted: '12.4'")
    libraries: dict[PackageName, Label] = Field(min_length=1, description="package: version, e.g. torch: '2.13.0'")
    command: Verbatim = Field(description="the exact command that produced the rows")
    harness: Label | None = Field(None, description="harness version or commit")
    note: Text | None = None
