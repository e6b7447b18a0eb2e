"""The hardware catalog (`content/hardware.yaml`): GPUs and unified-memory machines, each with its memory,
its memory bandwidth and the source that states them. The model-selection analysis sizes its tiers and
estimates decode speed from it."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import FiniteFloat, Id, Label, Line, Source, Strict_

DeviceKind = Literal["consumer-gpu", "workstation-gpu", "data-centre-gpu", "unified-memory"]


class Device(Strict_):
    id: Id
    name: Label
    kind: DeviceKind = Field(description="consumer-gpu, workstation-gpu, data-centre-gpu or unified-memory "
                                         "(Apple silicon: the GPU shares the machine's memory)")
    vendor: Label
    memory_gb: FiniteFloat = Field(gt=0, le=4096, description="memory as the vendor states it, in GB "
                                                             "(for unified memory: the configuration named)")
    bandwidth_gb_s: FiniteFloat = Field(gt=0, le=100_000, description="peak memory bandwidth in GB/s, as the "
                                                                      "vendor states it")
    sources: list[Source] = Field(min_length=1, max_length=3,
                                  description="where memory and bandwidth are stated (the vendor's page first)")
    benchmark_names: list[Label] = Field(default_factory=list, max_length=20,
                                         description="the `gpu` cells of benchmark rows that mean this device, "
                                                     "exactly as written there")
    note: Line | None = None


class HardwareCatalog(Strict_):
    devices: list[Device] = Field(min_length=1, max_length=500)
