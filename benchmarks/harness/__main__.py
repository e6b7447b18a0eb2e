"""python -m benchmarks.harness [--tiny] [--out DIR] [--models a,b] [--only llm|image] [--budget-s N]

Writes DIR/<run-id>/results.csv (the site's benchmark format, every row `measured`), provenance.yaml and
log.txt (what was skipped and why). A real run writes under benchmarks/runs/ by default; a --tiny run
(CPU, tiny configurations: a test of this code, not a measurement) under a temporary folder, and it
refuses any folder inside benchmarks/, where the site would pick its rows up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import re
import shlex
import sys
import tempfile
import time
import traceback
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")           # nothing is downloaded, ever
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("DIFFUSERS_VERBOSITY", "error")

from . import configs  # noqa: E402  (plain data: no torch)

ROOT = Path(__file__).resolve().parents[2]


def _args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks.harness", description=__doc__.split("\n\n")[0])
    p.add_argument("--tiny", action="store_true", help="tiny configurations on the CPU: tests the harness in seconds")
    p.add_argument("--out", type=Path, help="output folder (default: benchmarks/runs, or a temporary one with --tiny)")
    p.add_argument("--device", default=None, help="cuda or cpu (default: cuda when there is one, cpu with --tiny)")
    p.add_argument("--models", default="", help="comma-separated entity ids (default: all)")
    p.add_argument("--only", choices=("llm", "image"), help="run one kind only")
    p.add_argument("--budget-s", type=float, default=None, help="stop starting new points after this many seconds")
    p.add_argument("--run-id", default=None, help="the run folder's name (default: <date>-<gpu>)")
    return p.parse_args(argv)


def _run_id(args: argparse.Namespace, gpu: str) -> str:
    if args.run_id:
        run_id = args.run_id
    elif args.tiny:
        run_id = "tiny-cpu"
    else:
        slug = re.sub(r"[^a-z0-9]+", "-", gpu.lower()).strip("-")
        run_id = f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d}-{slug}"[:64].strip("-")
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", run_id):
        sys.exit(f"error: run id {run_id!r} must be lowercase letters, digits and single hyphens")
    return run_id


def _out(args: argparse.Namespace) -> Path:
    """Checked before torch is imported, so a wrong folder is refused at once."""
    if args.out is None:
        return Path(tempfile.mkdtemp(prefix="versus-harness-")) if args.tiny else ROOT / "benchmarks" / "runs"
    out = args.out.resolve()
    if args.tiny and out.is_relative_to(ROOT / "benchmarks"):
        sys.exit(f"error: --tiny rows are not measurements; write them outside benchmarks/ (got {out})")
    return out


def _command(argv: list[str]) -> str:
    inner = shlex.join(["python3", "-m", "benchmarks.harness", *argv])
    wrapper = os.environ.get("VERSUS_HARNESS_WRAPPER")   # set by run_gpu.sh
    return f"{wrapper} (which ran: {inner})" if wrapper else inner


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = _args(argv)
    out = _out(args)
    chosen = set(filter(None, args.models.split(",")))
    unknown = chosen - set(configs.ENTITIES)
    if unknown:
        sys.exit(f"error: unknown model(s) {', '.join(sorted(unknown))}; known: {', '.join(configs.ENTITIES)}")

    import torch

    from . import provenance
    from .results import TINY_MARK, Results
    from .timing import Budget

    device = torch.device(args.device or ("cuda" if torch.cuda.is_available() and not args.tiny else "cpu"))
    if device.type == "cpu" and not args.tiny:
        sys.exit("error: no GPU: a real run needs CUDA (use --tiny to test the harness on the CPU)")
    torch.manual_seed(0)
    if device.type == "cpu":
        torch.set_num_threads(1)   # tiny ops: a second thread costs more in hand-offs than it gives
    gpu = provenance.gpu_label(device, args.tiny)
    run_id = _run_id(args, gpu)
    folder = out / run_id
    results = Results(run_id, gpu, args.tiny)
    budget = Budget(args.budget_s)
    started = time.monotonic()

    plan, failures = [], 0
    if args.only in (None, "llm"):
        from . import llm
        plan += [(a, llm.run) for a in configs.LLMS]
    if args.only in (None, "image"):
        try:
            from . import image
            plan += [(a, image.run) for a in configs.IMAGES]
        except Exception as exc:   # no (working) diffusers on this machine: say so, measure the rest
            failures += 1
            results.say(f"skipped all image models: diffusers did not import: {exc!r}")
    about = (f"{TINY_MARK}: written by python -m benchmarks.harness --tiny" if args.tiny else
             "measured by benchmarks/harness on random weights; method in content/pages/benchmarks/how-we-measure.md")
    provenance.write(folder, provenance.describe(device, args.tiny, _command(argv)))
    gc.freeze()   # the libraries' objects move out of the collector's way: each collect below stays cheap
    for arch, run in plan:
        if chosen and arch.entity not in chosen:
            continue
        budget.begin_model(None if args.tiny else arch.budget_s)
        if budget.left() <= 0:
            results.skip(arch.entity, "all points", "the run's time budget is spent")
            continue
        t0 = time.monotonic()
        try:
            run(arch, device, results, budget, args.tiny)
        except Exception:   # one broken model must not cost the others their numbers
            failures += 1
            results.say(f"failed {arch.entity}:\n{traceback.format_exc()}")
        results.say(f"time {arch.entity}: {time.monotonic() - t0:.1f} s")
        results.write(folder, about)   # after every model: a run stopped from outside keeps what it measured
    results.say(f"total {time.monotonic() - started:.1f} s, {len(results.rows)} rows")
    path = results.write(folder, about)
    print(f"wrote {path} and {folder / 'provenance.yaml'}", flush=True)
    return 1 if failures or not results.rows else 0


if __name__ == "__main__":
    sys.exit(main())
