"""Scale benchmark: synthetic content of a given size, built by `mkdocs build`, against the plain-MkDocs floor.

Not a test and not run by `make test`: the default run (200 and 2,000 entities) takes about 45 minutes on
2 cores and ~4 GB of /tmp. Usage (from the project root); results and analysis: benchmarks/SCALE.md

    .venv/bin/python benchmarks/scale.py --json scale.json                     # 200 and 2,000 entities
    .venv/bin/python benchmarks/scale.py --entities 200 --keep /tmp/versus-scale   # keep the trees to look at
    .venv/bin/python benchmarks/scale.py --synth-only 30 --out /tmp/synth          # write content only

It first copies generator/, site_templates/, mkdocs.yml and the hand-written pages into the work folder
and runs every build from that copy (PYTHONPATH), so edits to the working tree during a run change
nothing. Then, for each size, it

1. writes a project tree: N entities (60% language models, 20% image models, 20% apps), each with about
   ten alternatives of its own kind (a ring: i-5 .. i+5), so there are ~N*10/2 comparison pages; facts,
   signals, five capabilities (two compared with alternatives), cited sources; N/5 FAQ entries; a few
   explicit cross-kind pairs; benchmark rows in the format of benchmarks/published/*.csv (so whatever
   charts the build draws from benchmarks are drawn here too); the project's mkdocs.yml, hand-written
   pages and scoring weights;
2. builds it cold with `python -m mkdocs build --strict` under /usr/bin/time -v (wall, peak RSS, CPU %),
   with VERSUS_TIMINGS set so the plugin writes its stage timings (generator/build.py Output.timings, and
   "search index": handing the pages to Pagefind, which indexes them beside MkDocs, and "search index
   (bundle)": the wait for Pagefind's bundle after the last page, and writing it);
3. builds it again with nothing changed (a rebuild: the chart cache is warm, nothing should be drawn);
4. opens an entity page of that site in Chromium and searches from the header box: the bytes the page
   load fetched (none of them search) and the bytes of the first search (target: at most 300 KB);
5. writes the same generated files (Markdown, charts, JSON/CSV twins) into a plain docs folder and builds it with the
   same mkdocs.yml minus the versus plugin, generated detail pages `not_in_nav`: the same-Markdown floor;
6. builds as many copies of one fixed ~2 KB page, out of the nav, with the same mkdocs.yml minus the
   plugin (so no search): the theme floor, what MkDocs + Material need per page at all;
7. prints one table: wall, our stages, MkDocs' share, peak memory, pages, site and search-index size,
   ms per page, the ratios to both floors, a reader's downloads, and the targets met or missed. The run
   exits non-zero when the site is over 900 MB at 10,000 pairs or more.

Separately it times `generator.pipeline.load()` on 1,000 entity files (read + validate + catalog + score).
Temporary trees are deleted unless --keep is given.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATE = "2026-11-26"
FORMAT_LINE = "# format: versus.benchmarks/1"
BENCH_SOURCE = "https://bench.example.org/synthetic-2026"
FAQ_CATEGORIES = ("installation", "generation", "training", "llm-runtime", "platform")
PLATFORMS = ("windows", "linux", "macos", "wsl", "cloud-gpu", "colab")
OFFSETS = (1, 2, 3, 4, 5)   # ring neighbours on each side: 10 alternatives, N*5 pairs
SITE_GATE_MB = 900          # the run fails above this at 10,000 pairs or more (GitHub Pages: 1 GB a site)
GATE_PAIRS = 10_000
SEARCH_INDEX = "search index"   # the plugin's timings: "search index" and "search index (bundle)"


# ---- synthetic content ---------------------------------------------------------------------------------

@dataclass
class Kind:
    prefix: str
    word: str
    type: str
    task: str | None
    category: str


LLM = Kind("lm", "language model", "model", "text-generation", "language-model")
IMG = Kind("img", "image model", "model", "text-to-image", "image-generation")
APP = Kind("app", "app", "app", None, "image-generation-ui")


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def plan_kinds(n: int) -> list[tuple[Kind, int]]:
    """(kind, count): 60% language models, 20% image models, 20% apps; every group has at least 11
    members when n allows it, so that each entity has ten distinct alternatives."""
    img = max(1, n // 5)
    app = max(1, n // 5)
    return [(LLM, n - img - app), (IMG, img), (APP, app)]


def entity_ids(n: int) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for kind, count in plan_kinds(n):
        out[kind.prefix] = [f"{kind.prefix}-{i:05d}" for i in range(count)]
    return out


def ring(ids: list[str], i: int) -> list[str]:
    """The alternatives of ids[i]: its neighbours on a ring, both sides, without repeats or itself."""
    out: list[str] = []
    for off in OFFSETS:
        for j in (i - off, i + off):
            other = ids[j % len(ids)]
            if other != ids[i] and other not in out:
                out.append(other)
    return out


def _sentence(rng: random.Random, subject: str, words: int) -> str:
    vocab = ("memory", "throughput", "latency", "context", "quantised", "weights", "tokens", "layers",
             "sampler", "scheduler", "adapter", "fine-tuning", "inference", "batch", "precision", "license",
             "benchmark", "attention", "encoder", "decoder", "pipeline", "checkpoint", "resolution", "GPU")
    body = " ".join(rng.choice(vocab) for _ in range(words))
    return f"{subject} handles {body}."


def _facts(kind: Kind, rng: random.Random) -> list[str]:
    def fact(key: str, value: object, unit: str, source: str = "paper", note: str | None = None) -> str:
        v = q(value) if isinstance(value, str) else repr(value)
        extra = f", note: {q(note)}" if note else ""
        return f"  {key}: {{value: {v}, unit: {q(unit)}, source: {source}, as_of: {DATE}{extra}}}"

    if kind is LLM:
        layers = rng.choice((16, 24, 28, 32, 40, 48, 64, 80))
        heads = rng.choice((16, 24, 32, 40, 64))
        head_dim = rng.choice((64, 96, 128))
        return [
            fact("parameters", round(rng.uniform(0.5, 70), 1), "B", note="total parameters"),
            fact("context_length", rng.choice((2048, 4096, 8192, 32768, 131072)), "tokens", "card"),
            fact("layers", layers, ""), fact("hidden_size", heads * head_dim, ""),
            fact("attention_heads", heads, ""), fact("kv_heads", max(1, heads // rng.choice((1, 4, 8))), ""),
            fact("head_dim", head_dim, ""), fact("vocab_size", rng.choice((32000, 128256, 151936)), "tokens"),
            fact("attention", rng.choice(("multi-head", "grouped-query", "grouped-query, sliding-window")), ""),
            fact("training_tokens", round(rng.uniform(0.3, 18), 1), "T"),
            fact("languages", rng.randint(1, 40), "", "card"),
        ]
    if kind is IMG:
        return [
            fact("parameters", round(rng.uniform(0.8, 12), 1), "B"),
            fact("denoiser", rng.choice(("UNet", "MMDiT", "DiT")), ""),
            fact("denoiser_parameters", round(rng.uniform(0.8, 8), 1), "B"),
            fact("text_encoders", rng.choice(("CLIP ViT-L", "CLIP ViT-L + OpenCLIP ViT-bigG", "CLIP + T5-XXL")), ""),
            fact("native_resolution", rng.choice((512, 768, 1024)), "px"),
            fact("latent_channels", rng.choice((4, 16)), ""),
            fact("default_steps", rng.choice((4, 20, 28, 50)), "steps", "card"),
            fact("min_vram", float(rng.choice((4, 6, 8, 12, 16, 24))), "GB", "card"),
        ]
    return [
        fact("stack", rng.choice(("Python, Gradio", "Python backend, web frontend", "Electron, Python")), "",
             "repo"),
        fact("interface", rng.choice(("web UI", "node-graph web UI", "desktop app")), "", "repo"),
        fact("min_vram", float(rng.choice((2, 4, 6, 8))), "GB", "repo"),
        fact("tutorial_count", rng.randint(1, 200), "", "repo"),
    ]


def entity_yaml(kind: Kind, ids: list[str], i: int, models: list[str], seed: int) -> str:
    """One entity file: every source cited (an unused source is a warning, and the build is strict)."""
    eid = ids[i]
    rng = random.Random(f"{seed}:{eid}")
    name = f"Synth {kind.word.title()} {i}"
    alts = ring(ids, i)
    lines = [
        f"id: {eid}",
        f"name: {q(name)}",
        f"type: {kind.type}",
    ]
    if kind.task:
        lines.append(f"task: {kind.task}")
    spdx = rng.choice(("Apache-2.0", "MIT", None))
    lic = {"Apache-2.0": "Apache License 2.0", "MIT": "MIT License", None: "Custom community license"}[spdx]
    released = f"{rng.randint(2021, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if f"{released}" > DATE:
        released = "2026-01-15"
    main = "card" if kind.type == "model" else "repo"
    lines += [
        f"summary: {q(f'A synthetic {kind.word} number {i}, generated to measure how the build scales.')}",
        f"categories: [{kind.category}, synthetic]",
        f"vendor: {q(f'Vendor {i % 37}')}",
        "license:",
        f"  name: {q(lic)}",
        *([f"  spdx: {spdx}"] if spdx else []),
        f"  commercial_use: {q(rng.choice(('yes', 'restricted')))}",
        f"  source: {main}",
        "pricing:",
        "  model: free",
        f"  note: {q('open weights; no fee to download or run')}",
        "released:",
        f"  date: {released}",
        f"  source: {main}",
        "links:",
    ]
    if kind.type == "model":
        lines += [f"  model_card: https://example.org/models/{eid}", f"  paper: https://arxiv.org/abs/2401.{i:05d}"]
    else:
        lines += [f"  repository: https://github.com/synthetic/{eid}", f"  docs: https://docs.example.org/{eid}"]
    lines.append("facts:")
    lines += _facts(kind, rng)
    lines.append("signals:")
    if kind.type == "model":
        lines += [f"  hf_downloads: {{value: {rng.randint(1_000, 9_000_000)}, as_of: {DATE}, source: hub}}",
                  f"  hf_likes: {{value: {rng.randint(10, 15_000)}, as_of: {DATE}, source: hub}}"]
    else:
        lines += [f"  github_stars: {{value: {rng.randint(100, 150_000)}, as_of: {DATE}, source: hub}}"]
    lines.append("capabilities:")
    for c in range(5):
        lines += [
            f"  - id: capability-{c + 1}",
            f"    title: {q(f'Capability {c + 1} of {name}')}",
            "    what: >-",
            f"      {_sentence(rng, name, 40)}",
            f"      {_sentence(rng, 'It', 25)}",
        ]
        if c % 2 == 0:
            lines += ["    unique: >-", f"      {_sentence(rng, 'Unlike most', 30)}"]
        if c < 2 and alts:
            other = alts[c % len(alts)]
            lines += [
                "    compared:",
                f"      - with: {other}",
                "        text: >-",
                f"          {_sentence(rng, 'The other one', 30)}",
                "        sources: [eval]",
            ]
        lines.append(f"    sources: [{'paper' if kind.type == 'model' else 'repo'}, blog]")
    lines.append(f"alternatives: [{', '.join(alts)}]")
    if kind is APP and models:
        picks = sorted({models[(i * 7 + k * 13) % len(models)] for k in range(8)})
        lines.append(f"integrations: [{', '.join(picks)}]")
    sources = {
        main: ("Model card" if main == "card" else "Repository README", "primary"),
        "hub": ("Hub listing with counters", "secondary"),
        "blog": ("Release announcement", "primary"),
        "eval": ("Independent evaluation", "secondary"),
    }
    if kind.type == "model":
        sources["paper"] = ("Technical report", "primary")
    lines.append("sources:")
    for key, (title, kind_word) in sources.items():
        lines += [f"  {key}:", f"    url: https://example.org/{eid}/{key}", f"    title: {q(f'{title} of {name}')}",
                  f"    retrieved: {DATE}", f"    kind: {kind_word}"]
    lines.append(f"last_reviewed: {DATE}")
    return "\n".join(lines) + "\n"


def faq_yaml(j: int, all_ids: list[str], seed: int) -> str:
    rng = random.Random(f"{seed}:faq:{j}")
    fid = f"synthetic-error-{j:05d}"
    related = sorted({all_ids[(j * 11 + k * 101) % len(all_ids)] for k in range(rng.randint(1, 3))})
    platforms = sorted(rng.sample(PLATFORMS, rng.randint(1, 3)))
    steps = []
    for s in range(rng.randint(2, 4)):
        steps += ["  - step: >-", f"      {_sentence(rng, f'Step {s + 1}', 20)}"]
        if s % 2 == 0:
            steps += ["    command: |-", f"      pip install synthetic-package=={s}.{j % 10}.0"]
        if s == 1:
            steps += ["    tradeoff: >-", f"      {_sentence(rng, 'This', 12)}"]
    return "\n".join([
        f"id: {fid}",
        "error: |-",
        f"  RuntimeError: synthetic failure {j} in module synth_{j % 50}",
        f"  CUDA error: out of memory (tried to allocate {rng.randint(1, 40)}.00 GiB)",
        f"title: {q(f'Synthetic problem {j}')}",
        f"category: {FAQ_CATEGORIES[j % len(FAQ_CATEGORIES)]}",
        "applies_to:",
        "  tools: [\"Synthetic Tool\"]",
        f"  platforms: [{', '.join(platforms)}]",
        f"  versions: {q(f'synthetic-package < {j % 7 + 1}.0')}",
        "cause: >-",
        f"  {_sentence(rng, 'The cause', 35)}",
        "fix:",
        *steps,
        "verify:",
        "  command: 'python -c \"import synth; print(synth.ok())\"'",
        f"  expect: {q('True, and the error no longer appears')}",
        f"related: [{', '.join(related)}]",
        "sources:",
        f"  - url: https://github.com/synthetic/issues/{j}",
        f"    title: {q(f'Synthetic issue {j}')}",
        "    publisher: GitHub",
        f"    retrieved: {DATE}",
        "    kind: primary",
        f"last_verified: {DATE}",
    ]) + "\n"


def benchmark_rows(ids: dict[str, list[str]], seed: int) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Published rows, one shared source per table so that rows of one setting are comparable groups."""
    llm_rows, img_rows = [], []
    base = {"status": "reported", "source_url": BENCH_SOURCE, "source_title": "Synthetic benchmark suite",
            "retrieved": DATE}
    for eid in ids[LLM.prefix]:
        rng = random.Random(f"{seed}:bench:{eid}")
        for gpu in ("NVIDIA H100", "NVIDIA L4"):
            for precision in ("fp16", "int4"):
                llm_rows.append({**base, "entity": eid, "task": "text-generation", "metric": "generation_throughput",
                                 "value": f"{rng.uniform(5, 400):.1f}", "unit": "tokens/s", "gpu": gpu,
                                 "precision": precision, "batch": "1", "input_tokens": "128",
                                 "output_tokens": "128", "software": "vLLM 0.9"})
        llm_rows.append({**base, "entity": eid, "task": "text-generation", "metric": "mmlu_5shot",
                         "value": f"{rng.uniform(25, 85):.1f}", "unit": "score"})
        llm_rows.append({**base, "entity": eid, "task": "text-generation", "metric": "file_size",
                         "value": f"{rng.uniform(0.5, 140):.2f}", "unit": "GB", "precision": "fp16"})
    for eid in ids[IMG.prefix]:
        rng = random.Random(f"{seed}:bench:{eid}")
        for gpu in ("NVIDIA H100", "NVIDIA RTX 4090"):
            img_rows.append({**base, "entity": eid, "task": "text-to-image", "metric": "image_latency",
                             "value": f"{rng.uniform(0.5, 30):.2f}", "unit": "s/image", "gpu": gpu,
                             "precision": "fp16", "resolution": "1024x1024", "steps": "28", "batch": "1",
                             "software": "diffusers 0.30"})
        img_rows.append({**base, "entity": eid, "task": "text-to-image", "metric": "peak_memory",
                         "value": f"{rng.uniform(3, 40):.1f}", "unit": "GB", "gpu": "NVIDIA H100",
                         "precision": "fp16", "resolution": "1024x1024", "steps": "28", "batch": "1",
                         "software": "diffusers 0.30"})
    return llm_rows, img_rows


def _write_csv(path: Path, about: str, rows: list[dict[str, str]]) -> None:
    import csv
    import io

    from generator.models.benchmark import COLUMNS

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row.get(c, "") for c in COLUMNS])
    path.write_text(f"{FORMAT_LINE}\n# about: {about}\n" + buf.getvalue(), encoding="utf-8")


@dataclass
class Synth:
    root: Path
    entities: int
    faq: int
    pairs_expected: int
    benchmark_rows: int


def synthesize(root: Path, n: int, *, seed: int = 0, faq_per_entity: float = 0.2,
               explicit_pairs: int | None = None, source: Path = ROOT) -> Synth:
    """Write a whole project under `root` (which must not exist or be empty) with `n` entities; the site
    around the content (mkdocs.yml, hand-written pages, scoring weights, templates) comes from `source`."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "content" / "entities").mkdir(parents=True)
    (root / "content" / "faq").mkdir(parents=True)
    (root / "benchmarks" / "published").mkdir(parents=True)
    ids = entity_ids(n)
    models = ids[LLM.prefix] + ids[IMG.prefix]
    for kind, _ in plan_kinds(n):
        group = ids[kind.prefix]
        for i in range(len(group)):
            (root / "content" / "entities" / f"{group[i]}.yaml").write_text(
                entity_yaml(kind, group, i, models, seed), encoding="utf-8")
    all_ids = [i for group in ids.values() for i in group]
    faq_count = max(1, int(n * faq_per_entity))
    for j in range(faq_count):
        (root / "content" / "faq" / f"synthetic-error-{j:05d}.yaml").write_text(
            faq_yaml(j, all_ids, seed), encoding="utf-8")
    # Explicit cross-kind pairs (an app and the model it runs), as content/comparisons.yaml allows.
    explicit = max(1, n // 100) if explicit_pairs is None else explicit_pairs
    apps = ids[APP.prefix]
    lines = ["pairs:"]
    for k in range(min(explicit, len(apps))):
        lines += [f"  - a: {apps[k]}", f"    b: {models[k % len(models)]}",
                  f"    why: {q('Readers ask whether to pick the app or to run the model directly.')}"]
    (root / "content" / "comparisons.yaml").write_text("\n".join(lines) + "\n" if explicit else "pairs: []\n",
                                                        encoding="utf-8")
    shutil.copy(source / "content" / "scoring.yaml", root / "content" / "scoring.yaml")
    llm_rows, img_rows = benchmark_rows(ids, seed)
    _write_csv(root / "benchmarks" / "published" / "llm.csv", "synthetic text-generation figures", llm_rows)
    _write_csv(root / "benchmarks" / "published" / "image.csv", "synthetic text-to-image figures", img_rows)
    # The site around the content: the project's own configuration, hand-written pages and templates.
    shutil.copytree(source / "content" / "pages", root / "content" / "pages")
    shutil.copy(source / "mkdocs.yml", root / "mkdocs.yml")
    (root / "site_templates").symlink_to(source / "site_templates", target_is_directory=True)
    ring_pairs = sum(len({frozenset((g[i], x)) for i in range(len(g)) for x in ring(g, i)})
                     for g in ids.values())
    return Synth(root, n, faq_count, ring_pairs + min(explicit, len(apps)), len(llm_rows) + len(img_rows))


def snapshot(work: Path) -> Path:
    """A copy of the code, templates and site configuration, so that a run of half an hour measures one
    version even while the working tree changes. Builds import `generator` from it (PYTHONPATH comes
    before the editable install)."""
    code = work / "code"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "generator", code / "generator", ignore=ignore)
    shutil.copytree(ROOT / "site_templates", code / "site_templates", ignore=ignore)
    shutil.copytree(ROOT / "content" / "pages", code / "content" / "pages")
    shutil.copy(ROOT / "content" / "scoring.yaml", code / "content" / "scoring.yaml")
    shutil.copy(ROOT / "mkdocs.yml", code / "mkdocs.yml")
    return code


def revision() -> str:
    try:
        return subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


# ---- builds ---------------------------------------------------------------------------------------------

@dataclass
class Build:
    label: str
    wall: float
    peak_rss_mb: float
    cpu_percent: float
    cpu_s: float            # user + system seconds of the build and its children (chart workers)
    pages: int
    site_mb: float          # the files' bytes
    search_kb: float        # Pagefind's folder (pagefind/): index chunks, fragments, metadata, its scripts
    timings: dict[str, float] = field(default_factory=dict)
    charts_drawn: int | None = None
    ok: bool = True
    site_du_mb: float = 0.0  # allocated on this file system (4 KiB blocks)

    @property
    def ours(self) -> float:
        return sum(v for k, v in self.timings.items() if isinstance(v, (int, float)) and not k.startswith("_"))

    def cpu(self, stage: str) -> float:
        """CPU seconds of one of our stages (children included: chart workers, Pagefind)."""
        return float(self.timings.get(f"_cpu {stage}", 0.0))

    @property
    def ours_cpu(self) -> float:
        return sum(float(v) for k, v in self.timings.items() if k.startswith("_cpu "))

    @property
    def ours_no_charts(self) -> float:
        """Wall seconds of our stages but charts and the search index (Pagefind, a program of its own)."""
        return sum(v for k, v in self.timings.items() if isinstance(v, (int, float)) and not k.startswith("_")
                   and k != "charts" and not k.startswith(SEARCH_INDEX))

    @property
    def ours_cpu_no_charts(self) -> float:
        """The same in CPU seconds: what compares on a loaded machine."""
        return sum(self.cpu(k) for k in self.timings
                   if not k.startswith("_") and k != "charts" and not k.startswith(SEARCH_INDEX))


def _dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def _dir_blocks(path: Path) -> int:
    """Bytes allocated on disk (what `du` counts): small files take a whole block each."""
    return sum(p.stat().st_blocks * 512 for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def _svgs(root: Path, skip: tuple[Path, ...]) -> set[Path]:
    """Chart files anywhere under root outside the built sites: a new one after a build was drawn by it."""
    out = set()
    for path in root.rglob("*.svg"):
        if not any(path.is_relative_to(s) for s in skip):
            out.add(path)
    return out


def _parse_time_v(text: str) -> tuple[float, float, float]:
    """Peak RSS (MB), CPU share (%) and CPU seconds from `/usr/bin/time -v`."""
    def number(label: str) -> float:
        found = re.search(re.escape(label) + r": ([0-9.]+)", text)
        return float(found.group(1)) if found else float("nan")

    return (number("Maximum resident set size (kbytes)") / 1024, number("Percent of CPU this job got"),
            number("User time (seconds)") + number("System time (seconds)"))


def mkdocs_build(label: str, root: Path, config: Path, site: Path, log: Path, *,
                 timings: Path | None = None, skip: tuple[Path, ...] = (), code: Path | None = None) -> Build:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1796083200")
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code), env.get("PYTHONPATH")]))
    env.pop("VERSUS_TIMINGS", None)
    if timings is not None:
        env["VERSUS_TIMINGS"] = str(timings)
        timings.unlink(missing_ok=True)
    before = _svgs(root, skip)
    time_file = log.with_suffix(".time")
    cmd = ["/usr/bin/time", "-v", "-o", str(time_file), sys.executable, "-m", "mkdocs", "build", "--strict",
           "--clean", "--config-file", str(config), "--site-dir", str(site)]
    start = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.run(cmd, check=False, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
    wall = time.perf_counter() - start
    rss, cpu, cpu_s = _parse_time_v(time_file.read_text() if time_file.exists() else "")
    if proc.returncode != 0:
        tail = log.read_text(errors="replace").splitlines()[-30:]
        print(f"!! {label}: mkdocs build failed ({proc.returncode}); last lines of {log}:", *tail, sep="\n  ",
              file=sys.stderr)
    drawn = len(_svgs(root, skip) - before)
    stats = json.loads(timings.read_text()) if timings is not None and timings.exists() else {}
    pages = sum(1 for _ in site.rglob("index.html")) if site.exists() else 0
    search = site / "pagefind"
    return Build(label, wall, rss, cpu, cpu_s, pages, _dir_bytes(site) / 1e6 if site.exists() else 0.0,
                 _dir_bytes(search) / 1e3 if search.exists() else 0.0, stats, drawn, proc.returncode == 0,
                 _dir_blocks(site) / 1e6 if site.exists() else 0.0)


def floor_config(root: Path, docs: str, nav_pages: set[str], generated: list[str]) -> Path:
    """The project's mkdocs.yml without the versus plugin, reading a plain docs folder, with every generated
    page that the plugin keeps out of the sidebar matched by `not_in_nav` (per folder, nav pages negated)."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    out, skipping, indent = [], False, 0
    for line in text.splitlines():
        stripped = line.lstrip()
        if skipping:
            if stripped and len(line) - len(stripped) > indent:
                continue   # options of the removed plugin entry
            skipping = False
        if re.match(r"-\s*versus\b", stripped):
            skipping, indent = True, len(line) - len(stripped)
            continue
        if line.startswith("docs_dir:"):
            line = f"docs_dir: {docs}"
        if line.startswith("plugins:"):
            line = "plugins: []   # none: an empty list, or MkDocs would add its default search plugin"
        if line.startswith("  #") and out and out[-1].startswith("plugins:"):
            continue   # the comment under the plugin list
        out.append(line)
    folders: dict[str, list[str]] = {}
    for path in generated:
        if path.endswith(".md") and path not in nav_pages:
            folders.setdefault(path.rsplit("/", 1)[0] if "/" in path else "", []).append(path)
    patterns = []
    for folder, paths in sorted(folders.items()):
        if folder:
            patterns.append(f"/{folder}/*.md")
            patterns += [f"!/{p}" for p in sorted(nav_pages) if p.rsplit("/", 1)[0] == folder and "/" in p]
        else:
            patterns += [f"/{p}" for p in sorted(paths)]
    if patterns:
        out.append("not_in_nav: |")
        out += [f"  {p}" for p in patterns]
    config = root / "mkdocs.floor.yml"
    config.write_text("\n".join(out) + "\n", encoding="utf-8")
    return config


# A small fixed page (~2 KB of Markdown): a title, prose, a list and a table, as a plain documentation site has.
SMALL_PAGE = """# Page {n}

This is a fixed page of plain documentation, the same on every page but for its number. It stands for
the ordinary small page a MkDocs site is made of, so that building many of them measures what MkDocs and
the Material theme cost per page, without our plugin, without search, and without large generated tables.

## What it holds

- a title and a few paragraphs of text, wrapped at about a hundred characters;
- a short list like this one, with a [link to the home page](../index.md);
- a small table with a header row and four rows of short values.

| Setting | Value | Note |
|---|---|---|
| layers | 32 | from the configuration |
| heads | 32 | attention heads |
| context | 8,192 | tokens |
| vocabulary | 32,000 | tokens |

## More text

The theme wraps each page in its header, navigation tabs, a sidebar, a table of contents and a footer.
Those parts are the same size for every page of a site with the same navigation. This page keeps the
navigation to one entry, so that the sidebar stays small, as the generated pages of Versus keep theirs.

A second paragraph brings the page to about two kilobytes of Markdown, which turns into about the same
amount of article HTML inside the theme's frame. Numbers: 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144.
"""


def theme_floor(root: Path, pages: int) -> Path:
    """The theme's own floor: plain MkDocs + Material (our mkdocs.yml, no plugin, so no search) on `pages`
    copies of one ~2 KB page, out of the nav, beside a home page. Returns its mkdocs.yml."""
    docs = root / "theme-floor-docs"
    (docs / "p").mkdir(parents=True)
    shutil.copytree(root / "content" / "pages" / "assets", docs / "assets")   # the same CSS and scripts
    (docs / "index.md").write_text("# Home\n\nThe home page of the theme floor.\n", encoding="utf-8")
    for n in range(pages):
        (docs / "p" / f"{n:05d}.md").write_text(SMALL_PAGE.format(n=n), encoding="utf-8")
    config = floor_config(root, docs.name, set(), [])
    text = config.read_text(encoding="utf-8")
    text = text[:text.index("\nnav:\n")] + "\nnav:\n  - Home: index.md\nnot_in_nav: |\n  /p/*.md\n"
    out = root / "mkdocs.theme-floor.yml"
    out.write_text(text, encoding="utf-8")
    return out


def write_floor_docs(root: Path, docs: Path) -> tuple[set[str], list[str]]:
    """The generated files (Markdown and charts) as plain files, next to the hand-written pages."""
    from generator.build import generate

    output = generate(root)
    if output.errors:
        raise SystemExit("synthetic content has errors:\n" + "\n".join(d.format() for d in output.errors[:20]))
    shutil.copytree(root / "content" / "pages", docs)
    for path, content in output.files.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return set(output.nav_pages), sorted(output.files)


# ---- what a reader downloads ----------------------------------------------------------------------------

@dataclass
class Reader:
    """Bytes a reader's browser fetched from the built site (Chromium, a local server without compression).
    `gzip` is what the same responses take gzipped, as GitHub Pages serves them (Pagefind's index files
    are compressed already and count as they are)."""
    page: str
    page_load: int            # the page and everything it loads, until the network is idle
    page_load_search: int     # of which under pagefind/ (the target: 0)
    first_search: int         # from typing the query until the results are shown and the network is idle
    first_search_gzip: int
    search_files: int
    query: str
    results: int


def _gzip_size(url: str, body: bytes) -> int:
    import gzip

    if url.endswith((".pf_fragment", ".pf_index", ".pf_meta", ".pagefind")):
        return len(body)
    return len(gzip.compress(body, 6, mtime=0))


def measure_reader(site: Path, page: str, query: str) -> Reader:
    """Open `page` in Chromium (as tests/browser does), then search for `query` in the header box. Each
    response counts in the phase its request was made in; bodies are read once both phases are over."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    chromium = os.environ.get("VERSUS_CHROMIUM", "/usr/bin/chromium")
    phase = {"now": "load"}
    asked: dict[object, str] = {}
    answered: list = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--headless=new"])
            context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
            tab = context.new_page()
            tab.on("request", lambda r: asked.__setitem__(r, phase["now"]))
            tab.on("response", lambda r: answered.append(r) if r.ok else None)
            tab.goto(base + page, wait_until="load")
            tab.wait_for_load_state("networkidle")
            phase["now"] = "search"
            tab.keyboard.press("/")
            tab.locator("input.md-search__input").fill(query)
            tab.wait_for_function("q => document.querySelector('.md-search-result').dataset.query === q", arg=query,
                                  timeout=300_000)
            tab.wait_for_load_state("networkidle")
            results = tab.locator("li.md-search-result__item").count()
            sized = [(asked.get(r.request, "load"), r.url, r.body()) for r in answered]
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    loaded = [(u, b) for ph, u, b in sized if ph == "load"]
    searched = [(u, b) for ph, u, b in sized if ph == "search"]
    for url, body in searched:
        print(f"    first search: {len(body):>8,} B  {url.removeprefix(base)}", flush=True)
    return Reader(page, sum(len(b) for _, b in loaded), sum(len(b) for u, b in loaded if "/pagefind/" in u),
                  sum(len(b) for _, b in searched), sum(_gzip_size(u, b) for u, b in searched),
                  len(searched), query, results)


def reader_only(n: int, work: Path, code: Path) -> Reader:
    """Only what a reader downloads: write N entities, build once, measure (no rebuild, no floors)."""
    root = work / f"n{n}"
    synthesize(root, n, source=code)
    logs = work / f"n{n}-logs"
    logs.mkdir(exist_ok=True)
    built = mkdocs_build("cold", root, root / "mkdocs.yml", root / "site", logs / "cold.log", code=code)
    print(f"  built {built.pages} pages in {built.wall:.1f} s; search index {built.search_kb / 1e3:.1f} MB", flush=True)
    return measure_reader(root / "site", f"/entities/{LLM.prefix}-00001/", "Synth Language Model 42")


# ---- one size ------------------------------------------------------------------------------------------

@dataclass
class Result:
    entities: int
    pairs: int
    cold: Build
    warm: Build
    floor: Build | None
    theme_floor: Build | None = None
    reader: Reader | None = None


def run_size(n: int, work: Path, code: Path, *, floor: bool = True, tree: bool = True, browser: bool = True) -> Result:
    root = work / f"n{n}"
    t = time.perf_counter()
    synth = synthesize(root, n, source=code)
    print(f"  wrote {n} entities, {synth.faq} FAQ entries, {synth.benchmark_rows} benchmark rows, "
          f"~{synth.pairs_expected} pairs in {time.perf_counter() - t:.1f} s", flush=True)
    sites = (root / "site", root / "site-floor", root / "floor-docs")
    logs = work / f"n{n}-logs"
    logs.mkdir(exist_ok=True)
    cold = mkdocs_build("cold", root, root / "mkdocs.yml", root / "site", logs / "cold.log",
                        timings=logs / "cold.json", skip=sites, code=code)
    print(f"  cold build: {cold.wall:.1f} s, {cold.pages} pages, charts drawn: {cold.charts_drawn}", flush=True)
    warm = mkdocs_build("rebuild", root, root / "mkdocs.yml", root / "site", logs / "warm.log",
                        timings=logs / "warm.json", skip=sites, code=code)
    print(f"  rebuild: {warm.wall:.1f} s, charts drawn: {warm.charts_drawn}", flush=True)
    compare = root / "site" / "compare"   # one folder (index.html) per comparison page
    pairs = sum(1 for p in compare.glob("*-vs-*") if p.is_dir()) if compare.exists() else 0
    reader = None
    if browser and warm.ok:   # the rebuilt site: the same bytes as the cold build's
        # An entity page, and a query a reader would type: another entity's name.
        reader = measure_reader(root / "site", f"/entities/{LLM.prefix}-00001/", "Synth Language Model 42")
        print(f"  reader: page load {reader.page_load / 1e3:.0f} KB ({reader.page_load_search} B of search), "
              f"first search {reader.first_search / 1e3:.0f} KB in {reader.search_files} files "
              f"({reader.first_search_gzip / 1e3:.0f} KB gzipped)", flush=True)
    plain = None
    if floor and tree:
        nav, generated = write_floor_docs(root, root / "floor-docs")
        config = floor_config(root, "floor-docs", nav, generated)
        shutil.rmtree(root / "site", ignore_errors=True)   # one big site on disk at a time
        plain = mkdocs_build("floor", root, config, root / "site-floor", logs / "floor.log", skip=sites, code=code)
        print(f"  floor build: {plain.wall:.1f} s, {plain.pages} pages", flush=True)
        shutil.rmtree(root / "site-floor", ignore_errors=True)
    theme = None
    if floor:
        shutil.rmtree(root / "site", ignore_errors=True)
        config = theme_floor(root, cold.pages)
        theme = mkdocs_build("theme floor", root, config, root / "site-theme-floor", logs / "theme-floor.log",
                             skip=sites, code=code)
        print(f"  theme floor: {theme.wall:.1f} s, {theme.pages} pages", flush=True)
        shutil.rmtree(root / "site-theme-floor", ignore_errors=True)
        shutil.rmtree(root / "theme-floor-docs", ignore_errors=True)
    return Result(n, pairs, cold, warm, plain, theme, reader)


def time_validation(work: Path, code: Path = ROOT, n: int = 1000, repeat: int = 3) -> dict[str, float]:
    """`load()` (read + validate + catalog + score) on n entity files; the best of `repeat` runs."""
    from generator.pipeline import load

    root = work / f"validate-{n}"
    synthesize(root, n, faq_per_entity=0.0, explicit_pairs=0, source=code)
    best: dict[str, float] = {}
    for _ in range(repeat):
        start = time.perf_counter()
        result = load(root)
        total = time.perf_counter() - start
        if not result.ok:
            raise SystemExit("synthetic content has errors:\n" + "\n".join(d.format() for d in result.diagnostics[:20]))
        if not best or total < best["total"]:
            best = {"total": total, **getattr(result, "timings", {})}
    shutil.rmtree(root, ignore_errors=True)
    return best


def time_chart_pool(n: int = 64) -> dict[str, float]:
    """Draw n ranking-sized charts (25 bars) in this process and with the build's default pool: the
    comparison pages no longer draw charts, so a synthetic build draws too few to engage the pool."""
    from generator.charts import Bar, Bars, ChartSpec, render_all

    specs = [ChartSpec(f"pool-{i:03d}", f"Chart {i}", f"Synthetic chart {i}.",
                       Bars(tuple(Bar(f"Model {i}-{j}", float((i * 7 + j * 13) % 97 + 1)) for j in range(25)),
                            "Score", "points")) for i in range(n)]
    start = time.perf_counter()
    serial = render_all(specs, None, jobs=1)
    one = time.perf_counter() - start
    start = time.perf_counter()
    pooled = render_all(specs, None)
    many = time.perf_counter() - start
    assert serial.svgs == pooled.svgs, "the pool drew different bytes"
    return {"charts": n, "one_process_s": one, "pool_s": many, "workers": pooled.workers}


# ---- report ----------------------------------------------------------------------------------------------

def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = "unknown"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    from importlib.metadata import version

    return {"revision": revision(), "cores (nproc)": str(len(os.sched_getaffinity(0))), "CPU": cpu, "RAM": mem,
            "Python": platform.python_version(), "mkdocs": version("mkdocs"),
            "mkdocs-material": version("mkdocs-material"), "Markdown": version("Markdown"),
            "OS": platform.platform()}




def report(results: list[Result], validation: dict[str, float] | None, pool: dict[str, float] | None) -> str:
    lines = ["## Machine", ""]
    lines += [f"- {k}: {v}" for k, v in machine().items()]
    lines += ["", "## Builds", ""]
    head = ["", *[f"{r.entities} entities / {r.pairs} pairs" for r in results]]
    rows: list[list[str]] = []

    def row(label: str, fn) -> None:
        rows.append([label, *[fn(r) for r in results]])

    def ms(x: float) -> str:
        return f"{x * 1000:.0f} ms" if x < 10 else f"{x:.1f} s"

    row("pages built (cold)", lambda r: f"{r.cold.pages:,}")
    row("full build, cold: wall", lambda r: f"{r.cold.wall:.1f} s")
    row("  ms per page", lambda r: f"{1000 * r.cold.wall / max(1, r.cold.pages):.2f}")
    stages = list(dict.fromkeys(k for r in results for k in r.cold.timings if not k.startswith("_")))
    for stage in stages:
        row(f"  our stage: {stage}", lambda r, s=stage: ms(r.cold.timings.get(s, 0.0)))
    row("full build, cold: CPU time, ms per page",
        lambda r: f"{1000 * r.cold.cpu_s / max(1, r.cold.pages):.2f} ({r.cold.cpu_s:.1f} s)")
    for stage in stages:
        row(f"  CPU, ms per page: {stage}", lambda r, s=stage: f"{1000 * r.cold.cpu(s) / max(1, r.cold.pages):.2f}")
    row("  CPU, ms per page: MkDocs + theme (the rest)",
        lambda r: f"{1000 * (r.cold.cpu_s - r.cold.ours_cpu) / max(1, r.cold.pages):.2f}")
    row("  our stages, charts and search index excluded (wall)", lambda r: ms(r.cold.ours_no_charts))
    row("  our stages, charts and search index excluded, CPU per page",
        lambda r: f"{1000 * r.cold.ours_cpu_no_charts / max(1, r.cold.pages):.3f} ms")
    row("  MkDocs (wall minus our stages)", lambda r: f"{r.cold.wall - r.cold.ours:.1f} s")
    row("  charts drawn (processes)",
        lambda r: f"{r.cold.charts_drawn} ({int(r.cold.timings.get('_chart_workers', 0))})")
    row("  CPU time (user + system)", lambda r: f"{r.cold.cpu_s:.1f} s")
    row("  CPU use (100% = one core)", lambda r: f"{r.cold.cpu_percent:.0f}%")
    row("  peak memory (max RSS)", lambda r: f"{r.cold.peak_rss_mb:.0f} MB")
    row("  site on disk (file bytes; allocated)", lambda r: f"{r.cold.site_mb:.0f} MB; {r.cold.site_du_mb:.0f} MB")
    row("  search index (pagefind/)", lambda r: f"{r.cold.search_kb / 1000:.1f} MB")
    row("rebuild, nothing changed: wall", lambda r: f"{r.warm.wall:.1f} s")
    row("  charts drawn", lambda r: str(r.warm.charts_drawn))
    row("  CPU time (user + system)", lambda r: f"{r.warm.cpu_s:.1f} s")
    row("  our stages", lambda r: ms(r.warm.ours))
    row("  our stages, charts and search index excluded, CPU per page",
        lambda r: f"{1000 * r.warm.ours_cpu_no_charts / max(1, r.warm.pages):.3f} ms")
    if any(r.floor for r in results):
        row("docs tree (versus generate's files) with plain MkDocs, no Pagefind: wall",
            lambda r: f"{r.floor.wall:.1f} s" if r.floor else "-")
        row("  ms per page", lambda r: f"{1000 * r.floor.wall / max(1, r.floor.pages):.2f}" if r.floor else "-")
        row("  CPU time (user + system)", lambda r: f"{r.floor.cpu_s:.1f} s" if r.floor else "-")
        row("  peak memory", lambda r: f"{r.floor.peak_rss_mb:.0f} MB" if r.floor else "-")
        row("  site on disk (file bytes; allocated)",
            lambda r: f"{r.floor.site_mb:.0f} MB; {r.floor.site_du_mb:.0f} MB" if r.floor else "-")
        row("full build / floor", lambda r: f"{r.cold.wall / r.floor.wall:.2f}x" if r.floor else "-")
        row("rebuild / floor", lambda r: f"{r.warm.wall / r.floor.wall:.2f}x" if r.floor else "-")
        row("rebuild / floor, CPU time", lambda r: f"{r.warm.cpu_s / r.floor.cpu_s:.2f}x" if r.floor else "-")
    if any(r.theme_floor for r in results):
        t = lambda r: r.theme_floor   # noqa: E731
        row("theme floor (MkDocs + Material, small fixed pages, no search): wall",
            lambda r: f"{t(r).wall:.1f} s ({t(r).pages:,} pages)" if t(r) else "-")
        row("  ms per page", lambda r: f"{1000 * t(r).wall / max(1, t(r).pages):.2f}" if t(r) else "-")
        row("  CPU time (user + system)", lambda r: f"{t(r).cpu_s:.1f} s" if t(r) else "-")
        row("  CPU, ms per page", lambda r: f"{1000 * t(r).cpu_s / max(1, t(r).pages):.2f}" if t(r) else "-")
        row("full build / theme floor (wall; CPU)",
            lambda r: f"{r.cold.wall / t(r).wall:.2f}x; {r.cold.cpu_s / t(r).cpu_s:.2f}x" if t(r) else "-")
    if any(r.reader for r in results):
        kb = lambda n: f"{n / 1e3:,.0f} KB"   # noqa: E731
        row("reader: page load (an entity page, all it loads)", lambda r: kb(r.reader.page_load) if r.reader else "-")
        row("  of which search (pagefind/)", lambda r: f"{r.reader.page_load_search:,} B" if r.reader else "-")
        row("reader: first search (raw; gzipped)",
            lambda r: f"{kb(r.reader.first_search)}; {kb(r.reader.first_search_gzip)}, {r.reader.search_files} files"
            if r.reader else "-")
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    if validation:
        lines += ["", "## Validation of 1,000 entity files (load(): read + validate + catalog + score, best of 3)", ""]
        lines.append("| total | " + " | ".join(k for k in validation if k != "total") + " |")
        lines.append("|" + "---|" * len(validation))
        lines.append(f"| {validation['total']:.2f} s | "
                     + " | ".join(f"{v:.2f} s" for k, v in validation.items() if k != "total") + " |")
    if pool:
        lines += ["", f"## Chart pool ({pool['charts']} charts of 25 bars, no cache)", "",
                  f"one process {pool['one_process_s']:.1f} s; default pool {pool['pool_s']:.1f} s with "
                  f"{pool['workers']} workers ({pool['one_process_s'] / pool['pool_s']:.2f}x)"]
    lines += ["", "## Targets", ""]
    lines += [f"- {'met' if ok else 'MISSED'}: {text}" for ok, text in targets(results, validation, pool)]
    return "\n".join(lines)


def targets(results: list[Result], validation: dict[str, float] | None,
            pool: dict[str, float] | None = None) -> list[tuple[bool, str]]:
    out: list[tuple[bool, str]] = []
    by_pages = sorted(results, key=lambda r: r.pairs)
    small, big = by_pages[0], by_pages[-1]
    if len(results) > 1 and small.pairs:
        scale = big.pairs / small.pairs
        for what, a, b in (("cold build", small.cold, big.cold), ("rebuild", small.warm, big.warm)):
            growth = b.wall / a.wall
            text = (f"linear, {what}: {big.pairs:,} pairs took {growth:.1f}x the time of {small.pairs:,} "
                    f"(pairs x{scale:.1f}; allowed {1.1 * scale:.1f}x)")
            out.append((growth <= 1.1 * scale, text))
    if big.floor:
        for what, b in (("rebuild (charts cached)", big.warm), ("cold build (charts drawn)", big.cold)):
            ratio = b.wall / big.floor.wall
            text = (f"{what} within 1.2x plain MkDocs on the docs tree at {big.pairs:,} pairs: "
                    f"{ratio:.2f}x wall, {b.cpu_s / big.floor.cpu_s:.2f}x CPU time")
            out.append((ratio <= 1.2, text))
    per_page = 1000 * min(big.cold.ours_cpu_no_charts, big.warm.ours_cpu_no_charts) / max(1, big.cold.pages)
    out.append((per_page < 1.0, f"our stages, charts and search index excluded, under 1 ms of CPU per page: "
                                f"{per_page:.3f} ms"))
    out.append((big.warm.charts_drawn == 0, f"a rebuild with nothing changed draws no chart: {big.warm.charts_drawn}"))
    # A worker costs ~0.5 s to start (generator/charts/cache.py), so the pool engages from 8 charts per
    # worker: all cores when there are enough charts to share, this process when there are a few.
    cores = len(os.sched_getaffinity(0))
    drawn = big.cold.charts_drawn or 0
    workers = int(big.cold.timings.get("_chart_workers", 0))
    expected = max(1, min(cores, drawn // 8)) if drawn else 0
    text = (f"a cold build draws charts on all cores when there are enough to share: {drawn} charts drawn "
            f"by {workers} process(es) ({cores} cores; a worker pays off from 8 charts), "
            f"{big.cold.timings.get('charts', 0.0):.1f} s")
    out.append((workers == expected, text))
    if pool:
        text = (f"with charts enough to share, they are drawn on all cores: {pool['charts']} charts, "
                f"{pool['workers']} worker processes on {cores} cores, "
                f"{pool['one_process_s'] / pool['pool_s']:.2f}x faster than one process")
        out.append((pool["workers"] == cores, text))
    peak = max(big.cold.peak_rss_mb, big.warm.peak_rss_mb)
    out.append((peak < 1536, f"peak memory under 1.5 GB: {peak:.0f} MB"))
    out.append((big.cold.site_mb <= SITE_GATE_MB,
                f"site at most {SITE_GATE_MB} MB at {big.pairs:,} pairs (GitHub Pages publishes up to 1 GB): "
                f"{big.cold.site_mb:.0f} MB of files ({big.cold.site_du_mb:.0f} MB allocated in 4 KiB blocks)"))
    if big.theme_floor:
        # Judged on wall time, what the build takes: Pagefind indexes on the second core while MkDocs
        # renders, so the build's CPU time exceeds its wall time. Wall time means something only on a
        # quiet machine (CPU use near or above 100%); the CPU ratio shows the work.
        ratio = big.cold.wall / big.theme_floor.wall
        out.append((ratio <= 1.5, f"full build (search index included) within 1.5x the theme floor at "
                                  f"{big.pairs:,} pairs: {ratio:.2f}x wall ({big.cold.cpu_percent:.0f}% CPU use), "
                                  f"{big.cold.cpu_s / big.theme_floor.cpu_s:.2f}x CPU time"))
    if big.reader:
        out.append((big.reader.page_load_search == 0,
                    f"a page load downloads no search index: {big.reader.page_load_search} B under pagefind/"))
        out.append((big.reader.first_search <= 300_000,
                    f"a first search transfers at most 300 KB: {big.reader.first_search / 1e3:.0f} KB "
                    f"({big.reader.first_search_gzip / 1e3:.0f} KB gzipped)"))
    if validation:
        total = validation["total"]
        out.append((total < 2.0, f"validation of 1,000 entity files under 2 s: {total:.2f} s"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", type=int, nargs="+", default=[200, 2000],
                        help="sizes to build (entities; pairs are ~5x); default: 200 2000")
    parser.add_argument("--no-floor", action="store_true", help="skip the floor builds (docs tree and theme floor)")
    parser.add_argument("--no-tree", action="store_true",
                        help="skip building the docs tree (versus generate's files) with plain MkDocs")
    parser.add_argument("--no-validation", action="store_true", help="skip timing load() on 1,000 entity files")
    parser.add_argument("--no-chart-pool", action="store_true", help="skip timing the chart pool on 64 charts")
    parser.add_argument("--no-browser", action="store_true", help="skip measuring a reader's downloads in Chromium")
    parser.add_argument("--reader-only", action="store_true",
                        help="for each size, build once and measure only what a reader downloads")
    parser.add_argument("--keep", type=Path, help="build under this folder and keep it (default: a temp folder)")
    parser.add_argument("--synth-only", type=int, metavar="N", help="only write a project with N entities to --out")
    parser.add_argument("--out", type=Path, help="with --synth-only: where to write it")
    parser.add_argument("--json", type=Path, help="also write the raw measurements as JSON here")
    args = parser.parse_args(argv)

    if args.synth_only:
        out = args.out or Path(tempfile.mkdtemp(prefix="versus-synth-"))
        s = synthesize(out, args.synth_only)
        print(f"wrote {s.entities} entities, {s.faq} FAQ entries, {s.benchmark_rows} benchmark rows to {out}")
        return 0

    work = args.keep or Path(tempfile.mkdtemp(prefix="versus-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        code = snapshot(work)
        sys.path.insert(0, str(code))   # this process (validation timing, the floor's Markdown) uses it too
        validation = None
        if not args.no_validation:
            validation = time_validation(work, code)
            print(f"load() on 1,000 entity files: {validation['total']:.2f} s", flush=True)
        pool = None
        if not args.no_chart_pool:
            pool = time_chart_pool()
            print(f"chart pool: {pool['charts']} charts, one process {pool['one_process_s']:.1f} s, "
                  f"pool {pool['pool_s']:.1f} s ({pool['workers']} workers)", flush=True)
        if args.reader_only:
            for n in args.entities:
                r = reader_only(n, work, code)
                print(f"{n} entities: page load {r.page_load:,} B ({r.page_load_search} B of search); first search "
                      f"{r.first_search:,} B in {r.search_files} files ({r.first_search_gzip:,} B gzipped), "
                      f"{r.results} results for {r.query!r}", flush=True)
            return 0
        results = []
        for n in args.entities:
            print(f"size: {n} entities", flush=True)
            results.append(run_size(n, work, code, floor=not args.no_floor, tree=not args.no_tree,
                                    browser=not args.no_browser))
            if not args.keep:
                shutil.rmtree(work / f"n{n}", ignore_errors=True)
        text = report(results, validation, pool)
        print()
        print(text)
        if args.json:
            args.json.write_text(json.dumps({
                "machine": machine(), "validation": validation, "chart_pool": pool,
                "results": [{"entities": r.entities, "pairs": r.pairs,
                             **{name: (b.__dict__ if b else None) for name, b in
                                (("cold", r.cold), ("rebuild", r.warm), ("floor", r.floor),
                                 ("theme_floor", r.theme_floor), ("reader", r.reader))}} for r in results],
            }, indent=2, default=str))
        built = all(r.cold.ok and r.warm.ok and all(b is None or b.ok for b in (r.floor, r.theme_floor))
                    for r in results)
        oversized = [r for r in results if r.pairs >= GATE_PAIRS and r.cold.site_mb > SITE_GATE_MB]
        for r in oversized:
            print(f"FAILED: the site is {r.cold.site_mb:.0f} MB at {r.pairs:,} pairs, over {SITE_GATE_MB} MB",
                  file=sys.stderr)
        return 0 if built and not oversized else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
