"""The model-selection analysis: a hub and one page per task (image generation, text generation)."""

from __future__ import annotations

from dataclasses import dataclass

from ..charts import ChartSpec, Pareto, Point, TierCell, TierMatrix
from ..models import FACTS, Entity
from ..models.benchmark import METRICS
from ..selection import (BASE_CONTEXT, DEFAULT_WEIGHTS, FRONTIER_TEXT, VERDICT_LABELS, FitRow, Recommendation,
                         TaskAnalysis)
from ..site import Site
from .. import paths
from . import caps
from .blocks import Link
from .cells import Cell, fact_cell
from .chartview import ChartView, view
from .citations import Citation, Citations
from .spec import PageSpec, PageView

TASK_PAGES = {"text-generation": ("text-generation", "Text generation"),
              "text-to-image": ("image-generation", "Image generation"),
              "text-to-video": ("video-generation", "Video generation")}
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
class TierRecommendations:
    """One tier's recommendations. The lists of models that fit are capped at LIST_NAMES names (the
    highest-scored, in the order the recommendations give them); the counts are of all of them."""

    tier: int
    best: tuple[Recommendation, ...]
    fits: tuple[Recommendation, ...]
    fits_total: int
    offload: tuple[Recommendation, ...]
    offload_total: int

    @property
    def empty(self) -> bool:
        return not (self.best or self.fits_total or self.offload_total)


@dataclass(frozen=True)
class Shown:
    """How many models a capped table shows, of how many; `shown == total` when nothing is left out."""

    shown: int
    total: int

    @property
    def capped(self) -> bool:
        return self.shown < self.total


@dataclass(frozen=True)
class TaskPage(PageView):
    TEMPLATE = "selection_task.md.j2"
    title: str
    tiers: tuple[int, ...]
    recommendations: tuple[TierRecommendations, ...]
    fit_groups: tuple[tuple[str, tuple[FitLine, ...]], ...]
    tier_chart: ChartView
    frontier_objectives: tuple[str, ...]
    frontier: tuple[FrontierLine, ...]
    dominated: tuple[FrontierLine, ...]
    not_comparable: tuple[tuple[str, str, str], ...]
    models: Shown               # the fit and architecture tables
    not_comparable_total: int
    downloads: str              # the entities download, relative to the page
    fits_download: str          # every model's verdicts (paths.FITS_CSV), relative to the page
    frontier_note: str          # what the capped frontier table leaves out; "" when nothing
    weights: str
    objective_sources: tuple[tuple[str, str, Citation | None], ...]
    pareto_chart: ChartView | None
    architecture_labels: tuple[str, ...]
    architecture: tuple[ArchitectureRow, ...]
    formula: str
    sources: tuple[Citation, ...]
    hub: str


@dataclass(frozen=True)
class SelectionHub(PageView):
    TEMPLATE = "selection_hub.md.j2"
    links: tuple[Link, ...]     # one per task page
    tiers: str                  # "8, 12, 16, 24, 48, 80"
    formula: str
    frontier_text: str


def _need(r: FitRow) -> str:
    if r.need_gb is None:
        return "no data: missing " + ", ".join(FACTS[k].label.lower() if k in FACTS else k for k in r.missing)
    if r.measured is not None:
        return f"{r.need_gb:.1f} GB, measured"
    assert r.estimate is not None
    return f"{r.need_gb:.1f} GB, estimated" + (" (denoiser only)" if r.estimate.scope == "denoiser only" else "")


def _context(r: FitRow) -> str:
    return f"{r.context // 1024}K" if r.context else "native resolution"


def _tier_chart(task: str, rows: list[FitRow], tiers: tuple[int, ...], title: str, page: str,
                shown: set[str] | None = None) -> ChartView:
    """One row per model at fp16/bf16 (4K context): only the models in `shown` when given (the page's
    CHART_BARS highest-scored), in the fit table's order."""
    every = [r for r in rows if r.precision == "fp16/bf16" and r.context in (None, BASE_CONTEXT)]
    base = every if shown is None else [r for r in every if r.entity_id in shown]
    names = tuple(r.name for r in base)
    columns = tuple(f"{t} GB" for t in tiers)
    cells = tuple(TierCell(r.name, f"{c.tier_gb} GB", _CHART_VERDICT[c.verdict], c.basis or "estimated")
                  for r in base for c in r.cells if c.verdict in _CHART_VERDICT)
    fits_24 = [r.name for r in base if r.cell(24).verdict == "fits"]
    where = " at 4K context" if task == "text-generation" else ""
    if len(base) == len(every):
        alt = (f"{title}: which models fit each GPU memory size at fp16/bf16{where}. "
               + (f"At 24 GB, {len(fits_24)} of {len(base)} fit: {', '.join(fits_24)}." if fits_24 else
                  f"None of the {len(base)} models fits in 24 GB at this precision."))
        chart_title = f"{title}: fit per GPU memory (fp16/bf16)"
    else:
        total = caps.number(len(every))
        all_24 = sum(1 for r in every if r.cell(24).verdict == "fits")
        alt = (f"{title}: which of the {len(base)} highest-scored of {total} models fit each GPU memory size at "
               f"fp16/bf16{where}. At 24 GB, {caps.number(all_24)} of all {total} fit"
               + (f"; of those shown: {', '.join(fits_24)}." if fits_24 else "; none of those shown does."))
        chart_title = f"{title}: fit per GPU memory (fp16/bf16), the {len(base)} highest-scored of {total} models"
    spec = ChartSpec(f"selection-{TASK_PAGES[task][0]}-tiers", chart_title, alt, TierMatrix(names, columns, cells))
    return view(spec, page)


def _names(ids: list[str] | tuple[str, ...], names: dict[str, str], keep: set[str] | None, limit: int) -> str:
    """A note's list of names: all of them, or when there are more than `limit` the ones in `keep`,
    in the given order, and how many more."""
    if len(ids) <= limit or keep is None:
        return ", ".join(names[i] for i in ids)
    picked = [i for i in ids if i in keep]
    return ", ".join(names[i] for i in picked) + f" and {caps.number(len(ids) - len(picked))} more"


def _objective_value(c, objective: str) -> str:
    v = c.value(objective)
    if v is None:
        return "no data"
    return f"{v:.1f} GB" if objective == "memory" else f"{v:g}"


def _frontier(ta: TaskAnalysis, site: Site, page: str, title: str, cites: Citations):
    f = ta.frontier
    names = {e.id: e.name for e in site.catalog.entities.values()}
    # A long "beaten by" note names the NOTE_NAMES beaters with the highest tie-break score (the table's
    # own order), in the note's order, and counts the rest.
    order = [p.candidate.entity_id for p in (*f.frontier, *f.dominated)]
    rank = {eid: i for i, eid in enumerate(order)}

    def keep(ids) -> set[str]:
        return set(sorted(ids, key=lambda i: (rank.get(i, len(rank)), i))[:caps.NOTE_NAMES])

    def line(p) -> FrontierLine:
        c = p.candidate
        ties = getattr(p, "ties", ())
        note = ("beaten by " + _names(p.dominated_by, names, keep(p.dominated_by), caps.NOTE_NAMES)) \
            if p.dominated_by else ("equal to " + _names(ties, names, keep(ties), caps.NOTE_NAMES)) if ties else ""
        return FrontierLine(names[c.entity_id], paths.rel(page, paths.entity(c.entity_id)),
                            tuple(_objective_value(c, o) for o in f.objectives), f"{p.score:.2f}", note)

    # Models without a figure: the LIST_NAMES highest-scored when there are more, in id order.
    listed = caps.top((i for i, _ in f.not_comparable), site.scores, caps.LIST_NAMES)
    lacking = tuple((names[i], paths.rel(page, paths.entity(i)), ", ".join(missing))
                    for i, missing in f.not_comparable if i in listed)
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
        # Every point is labelled, so the chart shows at most PARETO_FRONTIER frontier models and
        # PARETO_OTHERS beaten ones, each the first in the table's order (highest tie-break score).
        front, beaten = f.frontier[:caps.PARETO_FRONTIER], f.dominated[:caps.PARETO_OTHERS]
        frontier_ids = {p.candidate.entity_id for p in f.frontier}
        points = tuple(Point(names[p.candidate.entity_id], p.candidate.memory_gb, p.candidate.quality,
                             p.candidate.entity_id in frontier_ids) for p in (*front, *beaten))
        best = ", ".join(names[p.candidate.entity_id] for p in front)
        chart_title = f"{title}: quality vs memory"
        if len(front) == len(f.frontier) and len(beaten) == len(f.dominated):
            alt = (f"{title}: quality against GPU memory. On the frontier (no other model is better on every "
                   f"objective): {best}.")
        else:
            total = caps.number(len(f.frontier) + len(f.dominated))
            alt = (f"{title}: quality against GPU memory, for {len(points)} of {total} models: the "
                   f"{len(front)} frontier and {len(beaten)} beaten models with the highest tie-break score. On the "
                   f"frontier (no other model is better on every objective): {best}"
                   + (f" and {caps.number(len(f.frontier) - len(front))} more" if len(front) < len(f.frontier) else "")
                   + ". Every model placed is in the table above or counted under it.")
            chart_title += f", {len(points)} of {total} models"
        metric_label = "MMLU (5-shot)" if ta.task == "text-generation" else "quality"
        chart = view(ChartSpec(f"selection-{TASK_PAGES[ta.task][0]}-pareto", chart_title, alt,
                               Pareto(points, "GPU memory, fp16/bf16", metric_label, "GB", "")), page)
    weights = ", ".join(f"{o} {DEFAULT_WEIGHTS[o]:.0%}" for o in f.objectives)
    # The table: the first FRONTIER_ROWS frontier rows and BEATEN_ROWS beaten rows of its own order.
    return (tuple(line(p) for p in f.frontier[:caps.FRONTIER_ROWS]),
            tuple(line(p) for p in f.dominated[:caps.BEATEN_ROWS]), lacking, weights, tuple(sources), chart)


def _frontier_note(front: Shown, beaten: Shown) -> str:
    if not (front.capped or beaten.capped):
        return ""
    def part(s: Shown, what: str) -> str:
        if s.capped:
            return f"the {s.shown} of {caps.number(s.total)} {what} with the highest tie-break score"
        return f"all {caps.number(s.total)} {what}"
    return (f"The table shows {part(front, 'models on the frontier')} and {part(beaten, 'beaten models')}. "
            f"A note naming more than {caps.NOTE_NAMES} models names the {caps.NOTE_NAMES} with the highest "
            f"tie-break score and counts the others.")


def _tier_recommendations(tier: int, recs: list[Recommendation], site: Site) -> TierRecommendations:
    """A tier's recommendations; a list of more than LIST_NAMES models keeps the highest-scored."""
    def capped(kind: str) -> tuple[tuple[Recommendation, ...], int]:
        of_kind = [r for r in recs if r.kind == kind]
        keep = caps.top((r.entity_id for r in of_kind), site.scores, caps.LIST_NAMES)
        return tuple(r for r in of_kind if r.entity_id in keep), len(of_kind)

    fits, offload = capped("fits"), capped("offload")
    return TierRecommendations(tier, tuple(r for r in recs if r.kind == "best-quality"), fits[0], fits[1],
                               offload[0], offload[1])


def _task_page(ta: TaskAnalysis, site: Site) -> PageSpec:
    slug, title = TASK_PAGES[ta.task]
    page = paths.selection(slug)
    cites = Citations()
    rows = [r for r in site.selection.fits if r.task == ta.task]
    entities: dict[str, Entity] = site.catalog.entities
    every = sorted({r.entity_id for r in rows})
    # The tables show the SELECTION_ROWS highest-scored models, the chart the CHART_BARS highest-scored
    # (when there are more), each in the table's own order (by id).
    in_tables = caps.top(every, site.scores, caps.SELECTION_ROWS)
    in_chart = caps.top(every, site.scores, caps.CHART_BARS) if len(every) > caps.CHART_BARS else None
    groups: dict[str, list[FitLine]] = {}
    for r in rows:
        if r.entity_id not in in_tables:
            continue
        key = f"{r.precision}" + (f", {r.context // 1024}K context" if r.context else "")
        groups.setdefault(key, []).append(FitLine(r.name, paths.rel(page, paths.entity(r.entity_id)), r.precision,
                                                  _context(r), _need(r), tuple(VERDICT_LABELS[c.verdict] for c in r.cells)))
    recs = tuple(_tier_recommendations(t, [x for x in site.selection.recommendations
                                           if x.task == ta.task and x.tier_gb == t], site)
                 for t in site.selection.tiers)
    frontier, dominated, lacking, weights, sources, pareto_chart = _frontier(ta, site, page, title, cites)
    keys = ARCHITECTURE_FACTS[ta.task]
    arch = tuple(ArchitectureRow(entities[i].name, paths.rel(page, paths.entity(i)),
                                 tuple(fact_cell(entities[i], k, cites) for k in keys)) for i in every if i in in_tables)
    f = ta.frontier
    context = TaskPage(
        title, site.selection.tiers, recs, tuple(groups.items()),
        _tier_chart(ta.task, rows, site.selection.tiers, title, page, in_chart),
        ta.frontier.objectives, frontier, dominated, lacking,
        Shown(len(in_tables), len(every)), len(f.not_comparable), paths.rel(page, paths.ENTITIES_CSV),
        paths.rel(page, paths.FITS_CSV),
        _frontier_note(Shown(len(frontier), len(f.frontier)), Shown(len(dominated), len(f.dominated))),
        weights, sources, pareto_chart,
        tuple(FACTS[k].label for k in keys), arch, site.selection.formula, tuple(cites.items),
        paths.rel(page, paths.SELECTION))
    charts = (context.tier_chart.spec,) + ((pareto_chart.spec,) if pareto_chart else ())
    return PageSpec(page, f"Which {title.lower()} model fits your GPU?",
                    f"{title} models against GPU memory from 8 to 80 GB: fits, fits with offload or does not fit, "
                    f"the models no other beats, and recommendations per tier.",
                    context, charts=charts)


def plan(site: Site) -> list[PageSpec]:
    tasks = [ta for ta in site.selection.tasks if ta.task in TASK_PAGES]
    if not tasks:
        return []
    specs = [_task_page(ta, site) for ta in tasks]
    links = tuple(Link(TASK_PAGES[ta.task][1], paths.rel(paths.SELECTION, paths.selection(TASK_PAGES[ta.task][0])))
                  for ta in tasks)
    specs.append(PageSpec(paths.SELECTION, "Model selection: what runs on your GPU",
                          "Which AI model fits which GPU memory, speed and quality budget, with the formula shown.",
                          SelectionHub(links, ", ".join(str(t) for t in site.selection.tiers),
                                       site.selection.formula, FRONTIER_TEXT), in_nav=True))
    return specs
