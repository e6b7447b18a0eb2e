"""The model-selection analysis: a hub and one page per task (image generation, text generation)."""

from __future__ import annotations

from dataclasses import dataclass

from ..charts import ChartSpec, Pareto, Point, TierCell, TierMatrix
from ..models import FACTS, Entity
from ..models.benchmark import METRICS
from ..selection import (BASE_CONTEXT, DEFAULT_WEIGHTS, FRONTIER_TEXT, VERDICT_LABELS, FitRow, Recommendation,
                         TaskAnalysis)
from ..site import Site
from . import paths
from .cells import Cell, fact_cell
from .chartview import ChartView, view
from .citations import Citation, Citations
from .spec import PageSpec

TASK_PAGES = {"text-generation": ("text-generation", "Text generation"),
              "text-to-image": ("image-generation", "Image generation")}
ARCHITECTURE_FACTS = {
    "text-generation": ("parameters", "layers", "attention", "attention_heads", "kv_heads", "head_dim",
                        "context_length", "sliding_window"),
    "text-to-image": ("denoiser", "denoiser_parameters", "parameters", "text_encoders", "native_resolution",
                      "latent_channels", "default_steps"),
}
_CHART_VERDICT = {"fits": "fits", "offload": "offload", "does-not-fit": "no_fit"}


@dataclass(frozen=True)
class FitLine:
    name: str
    link: str
    precision: str
    context: str
    need: str          # "18.0 GB (estimated: denoiser only)" or "no data: missing layers"
    cells: tuple[str, ...]


@dataclass(frozen=True)
class ArchitectureRow:
    name: str
    link: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class FrontierLine:
    name: str
    link: str
    values: tuple[str, ...]
    score: str
    note: str


@dataclass(frozen=True)
class TaskPage:
    title: str
    tiers: tuple[int, ...]
    recommendations: tuple[tuple[int, tuple[Recommendation, ...]], ...]
    fit_groups: tuple[tuple[str, tuple[FitLine, ...]], ...]
    tier_chart: ChartView
    frontier_objectives: tuple[str, ...]
    frontier: tuple[FrontierLine, ...]
    dominated: tuple[FrontierLine, ...]
    not_comparable: tuple[tuple[str, str, str], ...]
    weights: str
    objective_sources: tuple[tuple[str, str, Citation | None], ...]
    pareto_chart: ChartView | None
    architecture_labels: tuple[str, ...]
    architecture: tuple[ArchitectureRow, ...]
    formula: str
    frontier_text: str
    sources: tuple[Citation, ...]
    hub: str


def _need(r: FitRow) -> str:
    if r.need_gb is None:
        return "no data: missing " + ", ".join(FACTS[k].label.lower() if k in FACTS else k for k in r.missing)
    if r.measured is not None:
        return f"{r.need_gb:.1f} GB, measured"
    assert r.estimate is not None
    return f"{r.need_gb:.1f} GB, estimated" + (" (denoiser only)" if r.estimate.scope == "denoiser only" else "")


def _context(r: FitRow) -> str:
    return f"{r.context // 1024}K" if r.context else "native resolution"


def _tier_chart(task: str, rows: list[FitRow], tiers: tuple[int, ...], title: str, page: str) -> ChartView:
    base = [r for r in rows if r.precision == "fp16/bf16" and r.context in (None, BASE_CONTEXT)]
    names = tuple(r.name for r in base)
    columns = tuple(f"{t} GB" for t in tiers)
    cells = tuple(TierCell(r.name, f"{c.tier_gb} GB", _CHART_VERDICT[c.verdict], c.basis or "estimated")
                  for r in base for c in r.cells if c.verdict in _CHART_VERDICT)
    fits_24 = [r.name for r in base if r.cell(24).verdict == "fits"]
    alt = (f"{title}: which models fit each GPU memory size at fp16/bf16"
           + (" at 4K context" if task == "text-generation" else "") + ". "
           + (f"At 24 GB, {len(fits_24)} of {len(base)} fit: {', '.join(fits_24)}." if fits_24 else
              f"None of the {len(base)} models fits in 24 GB at this precision."))
    spec = ChartSpec(f"selection-{TASK_PAGES[task][0]}-tiers", f"{title}: fit per GPU memory (fp16/bf16)", alt,
                     TierMatrix(names, columns, cells))
    return view(spec, page)


def _objective_value(c, objective: str) -> str:
    v = c.value(objective)
    if v is None:
        return "no data"
    return f"{v:.1f} GB" if objective == "memory" else f"{v:g}"


def _frontier(ta: TaskAnalysis, site: Site, page: str, title: str, cites: Citations):
    f = ta.frontier
    names = {e.id: e.name for e in site.catalog.entities.values()}

    def line(p) -> FrontierLine:
        c = p.candidate
        note = ("beaten by " + ", ".join(names[i] for i in p.dominated_by)) if p.dominated_by else (
            ("equal to " + ", ".join(names[i] for i in p.ties)) if getattr(p, "ties", ()) else "")
        return FrontierLine(names[c.entity_id], paths.rel(page, paths.entity(c.entity_id)),
                            tuple(_objective_value(c, o) for o in f.objectives), f"{p.score:.2f}", note)

    lacking = tuple((names[i], paths.rel(page, paths.entity(i)), ", ".join(missing)) for i, missing in f.not_comparable)
    sources = []
    for label, src in (("quality", ta.quality), ("speed", ta.speed)):
        if src is None or src.group is None:
            sources.append((label, "no comparable benchmark", None))
            continue
        row = next(iter(src.values.values()))
        settings = ", ".join(f"{k} {v}" for k, v in src.group.settings if v is not None)
        cite = cites.cite_url(row.source_url, row.source_title or row.source_url, row.retrieved, "reported") \
            if row.source_url else None
        sources.append((label, f"{METRICS[src.metric].label} ({settings})", cite))
    sources.append(("memory", "fp16/bf16 total from the fit table: measured peak where one exists, else the "
                              "estimate", None))
    chart = None
    if "memory" in f.objectives and "quality" in f.objectives and (f.frontier or f.dominated):
        frontier_ids = {p.candidate.entity_id for p in f.frontier}
        points = tuple(Point(names[p.candidate.entity_id], p.candidate.memory_gb, p.candidate.quality,
                             p.candidate.entity_id in frontier_ids) for p in (*f.frontier, *f.dominated))
        best = ", ".join(names[p.candidate.entity_id] for p in f.frontier)
        alt = (f"{title}: quality against GPU memory. On the frontier (no other model is better on every "
               f"objective): {best}.")
        metric_label = "MMLU (5-shot)" if ta.task == "text-generation" else "quality"
        chart = view(ChartSpec(f"selection-{TASK_PAGES[ta.task][0]}-pareto", f"{title}: quality vs memory", alt,
                               Pareto(points, "GPU memory, fp16/bf16", metric_label, "GB", "")), page)
    weights = ", ".join(f"{o} {DEFAULT_WEIGHTS[o]:.0%}" for o in f.objectives)
    return (tuple(line(p) for p in f.frontier), tuple(line(p) for p in f.dominated), lacking, weights,
            tuple(sources), chart)


def _task_page(ta: TaskAnalysis, site: Site) -> PageSpec:
    slug, title = TASK_PAGES[ta.task]
    page = paths.selection(slug)
    cites = Citations()
    rows = [r for r in site.selection.fits if r.task == ta.task]
    entities: dict[str, Entity] = site.catalog.entities
    groups: dict[str, list[FitLine]] = {}
    for r in rows:
        key = f"{r.precision}" + (f", {r.context // 1024}K context" if r.context else "")
        groups.setdefault(key, []).append(FitLine(r.name, paths.rel(page, paths.entity(r.entity_id)), r.precision,
                                                  _context(r), _need(r), tuple(VERDICT_LABELS[c.verdict] for c in r.cells)))
    recs = tuple((t, tuple(x for x in site.selection.recommendations if x.task == ta.task and x.tier_gb == t))
                 for t in site.selection.tiers)
    frontier, dominated, lacking, weights, sources, pareto_chart = _frontier(ta, site, page, title, cites)
    models = sorted({r.entity_id for r in rows})
    keys = ARCHITECTURE_FACTS[ta.task]
    arch = tuple(ArchitectureRow(entities[i].name, paths.rel(page, paths.entity(i)),
                                 tuple(fact_cell(entities[i], k, cites) for k in keys)) for i in models)
    context = TaskPage(
        title, site.selection.tiers, recs, tuple(groups.items()), _tier_chart(ta.task, rows, site.selection.tiers, title, page),
        ta.frontier.objectives, frontier, dominated, lacking, weights, sources, pareto_chart,
        tuple(FACTS[k].label for k in keys), arch, site.selection.formula, FRONTIER_TEXT, tuple(cites.items),
        paths.rel(page, paths.SELECTION))
    charts = (context.tier_chart.spec,) + ((pareto_chart.spec,) if pareto_chart else ())
    return PageSpec(page, "selection_task.md.j2", f"Which {title.lower()} model fits your GPU?",
                    f"{title} models against GPU memory from 8 to 80 GB: fits, fits with offload or does not fit, "
                    f"the models no other beats, and recommendations per tier.",
                    {"page": context, "verdicts": VERDICT_LABELS}, charts=charts)


def plan(site: Site) -> list[PageSpec]:
    tasks = [ta for ta in site.selection.tasks if ta.task in TASK_PAGES]
    if not tasks:
        return []
    specs = [_task_page(ta, site) for ta in tasks]
    links = [(TASK_PAGES[ta.task][1], paths.rel(paths.SELECTION, paths.selection(TASK_PAGES[ta.task][0])))
             for ta in tasks]
    specs.append(PageSpec(paths.SELECTION, "selection_hub.md.j2", "Model selection: what runs on your GPU",
                          "Which AI model fits which GPU memory, speed and quality budget, with the formula shown.",
                          {"links": links, "tiers": site.selection.tiers, "formula": site.selection.formula,
                           "frontier_text": FRONTIER_TEXT}, in_nav=True))
    return specs
