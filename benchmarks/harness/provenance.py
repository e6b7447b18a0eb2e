"""What a run ran on, written as `provenance.yaml` (`versus.provenance/1`): enough to rerun it.

Every probe degrades to a stated 'unknown' instead of failing: a run must never be lost because
nvidia-smi or git is missing on the machine.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import platform
import re
import subprocess
from pathlib import Path

import torch
import yaml

PROVENANCE_FORMAT = "versus.provenance/1"
LIBRARIES = ("torch", "transformers", "diffusers", "accelerate", "huggingface-hub", "safetensors", "numpy")
ROOT = Path(__file__).resolve().parents[2]


def _label(text: str, limit: int = 80) -> str:
    """A single line without the characters a Label refuses, at most `limit` long."""
    text = re.sub(r"[<>\"`\\{}\s]+", " ", text).strip()
    return text[:limit].strip() or "unknown"


def _run(*cmd: str) -> str | None:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=20, check=True, cwd=ROOT)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def commit() -> str:
    """The project's commit: $VERSUS_COMMIT (the GPU machine gets the tree without .git), else git."""
    if os.environ.get("VERSUS_COMMIT"):
        return _label(os.environ["VERSUS_COMMIT"])
    head = _run("git", "rev-parse", "HEAD")
    if head is None:
        return "unknown"
    dirty = _run("git", "status", "--porcelain", "--untracked-files=no")
    return head + ("-dirty" if dirty else "")


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return found


def _cpu() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
        model = re.search(r"^model name\s*:\s*(.+)$", text, re.M)
        name = model.group(1) if model else platform.processor()
    except OSError:
        name = platform.processor()
    return _label(f"{os.cpu_count()} x {name or 'unknown CPU'}")


def _ram_gb() -> float:
    return round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9, 1)


def _os() -> str:
    try:
        text = Path("/etc/os-release").read_text()
        name = re.search(r'^PRETTY_NAME="?([^"\n]+)"?$', text, re.M)
        if name:
            return _label(f"{name.group(1)}; kernel {platform.release()}")
    except OSError:
        pass
    return _label(platform.platform())


def gpu_label(device: torch.device, tiny: bool) -> str:
    if device.type == "cuda":
        return _label(torch.cuda.get_device_name(device))
    return "CPU (tiny test configs)" if tiny else _label(f"CPU: {_cpu()}")


def describe(device: torch.device, tiny: bool, command: str) -> dict:
    """The provenance document, in the field order of generator/models/benchmark.py's RunProvenance."""
    if device.type == "cuda":
        props = torch.cuda.get_device_properties(device)
        hardware = {"gpu": gpu_label(device, tiny), "gpu_count": torch.cuda.device_count(),
                    "gpu_memory_gb": round(props.total_memory / 1e9, 1)}
        smi = _run("nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader")
        driver = _label(smi.splitlines()[0]) if smi else "unknown"
        cuda = _label(torch.version.cuda or "unknown")
    else:   # the schema wants GPU fields; a CPU run says plainly that it had none
        hardware = {"gpu": gpu_label(device, tiny), "gpu_count": 1, "gpu_memory_gb": _ram_gb()}
        driver = cuda = "none (CPU run)"
    hardware.update(cpu=_cpu(), ram_gb=_ram_gb())
    note = ("Random weights: architectures built from their published configurations (benchmarks/harness/"
            "configs.py), no download. Speed and memory only; quality is not measured. Method: content/pages/benchmarks/how-we-measure.md.")
    if tiny:
        note = ("TINY TEST CONFIGURATIONS ON THE CPU: a test of the harness, not a measurement of any model. "
                "gpu_memory_gb is the machine's RAM and peak_memory rows are the process's peak resident size. ")+note
    return {"format": PROVENANCE_FORMAT, "date": dt.datetime.now(dt.timezone.utc).date(), "hardware": hardware,
            "os": _os(), "driver": driver, "cuda": cuda, "libraries": versions(), "command": command,
            "harness": _label(f"versus {commit()}"), "note": note}


def write(folder: Path, document: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "provenance.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
    return path
