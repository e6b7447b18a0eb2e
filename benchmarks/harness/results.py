"""Rows in the site's benchmark format (`versus.benchmarks/1`, benchmarks/README.md) and the run's log.

The GPU machine has no pydantic, so this module does not import the generator: it repeats the column
order and the metric units, and tests/test_harness.py checks both against generator/models/benchmark.py.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

FORMAT = "versus.benchmarks/1"
COLUMNS: tuple[str, ...] = (
    "entity", "task", "metric", "value", "unit", "status", "gpu", "precision", "resolution", "steps", "batch",
    "context", "input_tokens", "output_tokens", "software", "options", "run", "source_url", "source_title",
    "published", "retrieved", "note")
UNITS = {  # the registry's one unit per metric, for the metrics the harness writes
    "iterations_per_second": "it/s", "image_latency": "s/image", "images_per_minute": "images/min",
    "batch_latency": "s", "generation_throughput": "tokens/s", "prompt_throughput": "tokens/s",
    "time_to_first_token": "ms", "peak_memory": "GB"}
TASKS = {"llm": "text-generation", "image": "text-to-image"}
TINY_MARK = "TINY TEST CONFIG ON CPU, not a measurement of the model"
_INTS = ("steps", "batch", "context", "input_tokens", "output_tokens")


def number(value: float) -> str:
    """Four significant digits, never in exponent notation: 0.01234, 12.34, 12340."""
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"a measured value must be positive and finite, got {value!r}")
    return np.format_float_positional(float(f"{value:.4g}"), trim="-")


@dataclass
class Results:
    run_id: str
    gpu: str
    tiny: bool
    rows: list[dict[str, str]] = field(default_factory=list)
    log: list[str] = field(default_factory=list)

    def add(self, entity: str, kind: str, metric: str, value: float, *, note: str = "", **settings: object) -> None:
        row = {c: "" for c in COLUMNS}
        row.update(entity=entity, task=TASKS[kind], metric=metric, value=number(value), unit=UNITS[metric],
                   status="measured", gpu=self.gpu, run=self.run_id)
        for key, val in settings.items():
            if key not in COLUMNS:
                raise KeyError(key)
            row[key] = "" if val is None else str(val)
        row["note"] = f"{TINY_MARK}; {note}" if self.tiny else note
        self.rows.append(row)

    def say(self, line: str) -> None:
        print(line, flush=True)
        self.log.append(line)

    def skip(self, entity: str, point: str, why: str) -> None:
        self.say(f"skipped {entity} {point}: {why}")

    def sorted_rows(self) -> list[dict[str, str]]:
        def key(row: dict[str, str]) -> tuple:
            return tuple((int(row[c]) if row[c] else -1) if c in _INTS else row[c]
                         for c in COLUMNS if c != "value")
        return sorted(self.rows, key=key)

    def write(self, folder: Path, about: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "results.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            f.write(f"# format: {FORMAT}\n# about: {about}\n")
            writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(self.sorted_rows())
        (folder / "log.txt").write_text("".join(line + "\n" for line in self.log), encoding="utf-8")
        return path
