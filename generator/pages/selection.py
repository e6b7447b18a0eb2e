"""The model-selection pages: a hub, one page per task (what fits each GPU size, how fast, and what to
pick, with an interactive calculator), and the method page (formulas, the efficiency fit and the
validation against measurements). Views hold formatted text only; the templates place it."""

from __future__ import annotations

from dataclasses import dataclass

from .. import memory, paths, speedfit
from ..accuracy import TARGET, TARGET_SHARE
from ..fit_table import DeviceEstimate, FitRow
from ..fits import tier_fit
from ..models.benchmark import METRICS
from ..recommend import Pick, TierAdvice, config_words
from ..selection import DEFAULT_WEIGHTS, FRONTIER_TEXT, Candidate, Placed, TaskAnalysis
from ..site import Site
from . import caps, numbers
from .blocks import Link
from .citations import Citation, Citations
from .spec import PageSpec, PageView

TASK_PAGES = {"text-generation": ("text-generation", "Text generation"),
              "text-to-image": ("image-generation", "Image generation"),
              "text-to-video": ("video-generation", "Video generation")}
KIND_LABELS = {"best-quality": "Best on quality", "largest": "Largest that fits", "offload": "Runs only with offload"}


# ---- the task pages ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class PickLine:
    label: str                # "Best on quality", "Largest that fits"
    name: str
    link: str
    config: str               # "Q8_0, 8K context, 9.3 GB estimated"
    evidence: str             # the score and where it comes from, or the size and that it is not a score
    cite: Citation | None
    speeds: tuple[str, ...]   # "About 60 tokens/s (46 to 72) on NVIDIA GeForce RTX 4090, estimated"


@dataclass(frozen=True)
class TierBlock:
    heading: str              # "24 GB"
    picks: tuple[PickLine, ...]
    notes: tuple[str, ...]    # the limits of the evidence, "nothing larger", "no model fits"
    counts: str               # "26 models fit, 1 more only with offload"


@dataclass(frozen=True)
class FitLine:
    name: str
    link: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class FrontierLine:
    name: str
    link: str
    values: tuple[str, ...]
    score: str
    note: str


@dataclass(frozen=True)
class TaskPage(PageView):
    TEMPLATE = "selection_task.html.j2"
    title: str                       # "Which text generation model fits your GPU?"
    tiers: str                       # "8, 12, 16, 24, 32, 48, 80"
    method: str
    blocks: tuple[TierBlock, ...]
    calculator_json: str | None      # a URL relative to the page's address; None: no calculator
    fit_note: str                    # what a cell means, and what the table leaves out
    tier_headers: tuple[str, ...]    # "8 GB", ...
    fit_lines: tuple[FitLine, ...]
    fits_download: str
    devices_download: str
    frontier_intro: str
    frontier_headers: tuple[str, ...]
    frontier: tuple[FrontierLine, ...]
    sources: tuple[Citation, ...]


def _gb(x: float | None) -> str:
    return numbers.NO_DATA if x is None else f"{x:.1f} GB"


def _speed_words(d: DeviceEstimate, names: dict[str, str]) -> str:
    text = f"About {d.tokens_per_s:.0f} tokens/s"
    if d.low is not None and d.high is not None:
        text += f" ({d.low:.0f} to {d.high:.0f})"
    text += f" on {names[d.device_id]}, estimated"
    if d.measured:
        text += "; " + ", ".join(f"{numbers.plain(m.value)} measured" for m in d.measured)
    return text


def _pick_line(p: Pick, task: str, tier: int, page: str, site: Site, cites: Citations) -> PickLine:
    sel = site.selection
    evidence, cite = "", None
    if p.quality is not None:
        q = p.quality
        source = q.source_title or q.source_url or f"run {q.run}"
        evidence = (f"{METRICS[q.metric].label} {numbers.plain(q.value)} from {source}: the highest of the "
                    f"{p.among} models that fit and have a score from this source")
        if p.fit.precision not in ("F16", "fp16/bf16"):
            evidence += "; the score was published for the unquantized model"
        if q.source_url:
            cite = cites.cite_url(q.source_url, source, q.retrieved, "reported")
    elif p.parameters_b is not None:
        what = "denoiser parameters" if task == "text-to-image" else "parameters"
        evidence = f"{numbers.plain(p.parameters_b)}B {what}: size, not a quality score"
    m = p.fit.measured
    if cite is None and m is not None and m.source_url:
        # the memory figure is a published one: name where it comes from
        source = m.source_title or m.source_url
        evidence = (evidence + "; " if evidence else "") + f"memory figure from {source}"
        cite = cites.cite_url(m.source_url, source, m.retrieved, "reported")
    names = {d.id: d.name for d in sel.devices}
    memory_of = {d.id: d.memory_gb for d in sel.devices}
    speeds = tuple(_speed_words(d, names) for d in sel.device_estimates
                   if d.entity_id == p.entity_id and d.precision == p.fit.precision and memory_of[d.device_id] == tier
                   and d.tokens_per_s is not None)
    return PickLine(KIND_LABELS[p.kind], p.name, paths.href(page, paths.entity(p.entity_id)), config_words(p.fit),
                    evidence, cite, speeds)


def _tier_block(a: TierAdvice, page: str, site: Site, cites: Citations) -> TierBlock:
    notes = [f"{ev.label} from {ev.source} scores {len(ev.scored)} of the {len(a.fits)} models that fit; the "
             f"other {len(ev.unscored)} have no score there." for ev in a.evidence if ev.unscored]
    if len(a.evidence) > 1:
        notes.append("Scores from different sources are not compared with each other: each source ran its own "
                     "evaluation.")
    notes += [n for n in (a.no_shared_benchmark, a.nothing_larger) if n]
    shown = a.picks
    if not a.picks and a.offload:
        notes.append(f"No model fits in {a.tier_gb} GB without offloading; the ones above run only with it.")
        shown = a.offload
    elif not a.picks:
        notes.append(f"No model fits in {a.tier_gb} GB, even with offload, by the numbers below.")
    counts = f"{numbers.count(len(a.fits))} {'model fits' if len(a.fits) == 1 else 'models fit'}"
    if a.offload:
        counts += f", {numbers.count(len(a.offload))} more only with offload"
    return TierBlock(f"{a.tier_gb} GB", tuple(_pick_line(p, a.task, a.tier_gb, page, site, cites) for p in shown),
                     tuple(notes), counts)


def _cell_word(rows: list[FitRow], tier: int) -> str:
    f = tier_fit(rows, tier)
    if f is None or f.verdict == "no-data":
        return numbers.NO_DATA
    if f.verdict == "fits":
        if f.resolution:
            return f.resolution
        return f"{f.precision}{'†' if f.kv_cache and f.kv_cache != 'f16' else ''}"
    return "offload" if f.verdict == "offload" else "—"


def _fit_lines(task: str, site: Site, page: str) -> tuple[tuple[FitLine, ...], int]:
    rows_of: dict[str, list[FitRow]] = {}
    for r in site.selection.fits:
        if r.task == task:
            rows_of.setdefault(r.entity_id, []).append(r)
    shown = caps.top(rows_of, site.scores, caps.SELECTION_ROWS)
    lines = tuple(FitLine(rs[0].name, paths.href(page, paths.entity(eid)),
                          tuple(_cell_word(rs, t) for t in site.selection.tiers))
                  for eid, rs in sorted(rows_of.items()) if eid in shown)
    return lines, len(rows_of)


def _objective_value(c: Candidate, objective: str) -> str:
    v = c.value(objective)
    if v is None:
        return numbers.NO_DATA
    return _gb(v) if objective == "memory" else numbers.plain(v)


def _frontier(ta: TaskAnalysis, site: Site, page: str) -> tuple[FrontierLine, ...]:
    names = {e.id: e.name for e in site.catalog.entities.values()}

    def line(p: Placed) -> FrontierLine:
        by = list(p.dominated_by)
        note = ("beaten by " + ", ".join(names[i] for i in by[:caps.NOTE_NAMES])
                + (f" and {len(by) - caps.NOTE_NAMES} more" if len(by) > caps.NOTE_NAMES else "")
                if by else "on the frontier")
        return FrontierLine(names[p.candidate.entity_id], paths.href(page, paths.entity(p.candidate.entity_id)),
                            tuple(_objective_value(p.candidate, o) for o in ta.frontier.objectives),
                            f"{p.score:.2f}", note)

    return (tuple(line(p) for p in ta.frontier.frontier[:caps.FRONTIER_ROWS])
            + tuple(line(p) for p in ta.frontier.dominated[:caps.BEATEN_ROWS]))


def _task_page(ta: TaskAnalysis, site: Site) -> PageSpec:
    slug, title = TASK_PAGES[ta.task]
    page = paths.selection(slug)
    cites = Citations()
    tiers = site.selection.tiers
    blocks = tuple(_tier_block(a, page, site, cites) for a in site.selection.advice if a.task == ta.task)
    fit_lines, fit_total = _fit_lines(ta.task, site, page)
    llm = ta.task == "text-generation"
    note = ("Each cell is the highest precision that fits at 8K context (or the model's window, when smaller) "
            "with an f16 KV cache; † with a q8_0 or q4_0 cache; offload: runs only with part of the weights in "
            "system memory, which must hold them; —: does not fit." if llm else
            "Each cell is the largest clip size that fits without offloading, by the GPU memory the model's own "
            "repository publishes for it (bf16, one clip); offload: runs only with the repository's offload "
            "options; —: needs more than that, by the published figures; no data: the repository publishes no "
            "figure in text." if ta.task == "text-to-video" else
            "Each cell is the highest precision that fits at the native resolution, everything resident; "
            "offload: fits only with model CPU offload; —: does not fit.")
    if len(fit_lines) < fit_total:
        note += (f" The table shows the {len(fit_lines)} highest-scored of {numbers.count(fit_total)} models; the "
                 "downloads have every one.")
    front = _frontier(ta, site, page)
    total = len(ta.frontier.frontier) + len(ta.frontier.dominated)
    intro = (f"Compared on: {', '.join(ta.frontier.objectives)}, each from one source and one set of settings. The "
             f"weighted score ({', '.join(f'{o} {numbers.percent(DEFAULT_WEIGHTS[o])}' for o in ta.frontier.objectives)}) "
             "only orders the list." + (f" The first {len(front)} of {total} are shown." if len(front) < total else "")
             if front else "Not enough comparable data: no two models have figures for the same two objectives "
             "from one source and one set of settings.")
    view = TaskPage(
        f"Which {title.lower()} model fits your GPU?", ", ".join(str(t) for t in tiers), paths.href(page, paths.SELECTION_METHOD),
        blocks, paths.href(page, paths.CALCULATOR_JSON) if llm else None, note, tuple(f"{t} GB" for t in tiers),
        fit_lines, paths.href(page, paths.FITS_CSV), paths.href(page, paths.DEVICES_CSV), intro,
        tuple(o.capitalize() for o in ta.frontier.objectives), front, tuple(cites.items))
    return PageSpec(page, view.title,
                    f"{title} models against GPU memory from {min(tiers)} to {max(tiers)} GB: what fits at which "
                    "precision, how fast, and what to pick.", view)


# ---- the method page --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """A row of a plain table of text cells."""
    cells: tuple[str, ...]


@dataclass(frozen=True)
class DeviceLine:
    cells: tuple[str, ...]
    cites: tuple[Citation, ...]


@dataclass(frozen=True)
class MethodPage(PageView):
    TEMPLATE = "selection_method.html.j2"
    hub: str
    formula: str
    formats: tuple[Row, ...]              # format, bits per weight, what it is
    caches: tuple[Row, ...]
    quant_cite: Citation
    share_cite: Citation
    efficiency: tuple[Row, ...]           # weight class, median, range, rows
    speed_rows_title: str
    speed_rows: tuple[Row, ...]
    summary: str
    within_header: str                    # "Within 15%"
    cases: tuple[Row, ...]
    misses: tuple[str, ...]
    devices: tuple[DeviceLine, ...]
    sources: tuple[Citation, ...]


def _method_page(site: Site) -> PageSpec:
    sel = site.selection
    cites = Citations()
    quant = cites.cite_url(memory.QUANT_SOURCE_URL, memory.QUANT_SOURCE_TITLE, None, "primary")
    share = cites.cite_url(memory.UNIFIED_SHARE_SOURCE_URL, "GPU-Benchmarks-on-LLM-Inference README (revision eafac9d)",
                           None, "secondary")
    formats = tuple(Row((f.id, numbers.plain(f.bits_per_weight), f.note)) for f in memory.WEIGHT_FORMATS.values())
    caches = tuple(Row((c.id, numbers.plain(c.bytes_per_element), c.note)) for c in memory.KV_PRECISIONS.values())
    eff = sel.efficiency
    efficiency = tuple(Row((name or "(not stated)", f"{m.value:.2f}", f"{m.fixed_ms:.1f} ms",
                            f"{m.low:.2f} to {m.high:.2f}", numbers.count(m.rows),
                            "yes" if name == eff.main_runtime else "")) for name, m in eff.runtimes.items())
    speed_rows = tuple(Row((site.catalog.entities[p.row.entity].name, p.fmt, p.device.name, speedfit.runtime(p),
                            numbers.plain(p.row.value), f"{p.bound:.1f}",
                            f"{eff.runtimes[speedfit.runtime(p)].tokens_per_s(p.bound):.1f}")) for p in eff.points)
    v = sel.validation
    name = {eid: e.name for eid, e in site.catalog.entities.items()}
    cases = tuple(Row((c.kind, name[c.entity_id], c.configuration, f"{numbers.plain(c.measured)} {c.unit}",
                       f"{c.estimate:.1f} {c.unit}", f"{100 * c.error:+.0f}%", numbers.yes_no(c.within) or ""))
                  for c in v.cases)
    within = sum(c.within for c in v.cases)
    by_kind: dict[str, list[bool]] = {}
    for c in v.cases:
        by_kind.setdefault(c.kind, []).append(c.within)
    parts = "; ".join(f"{k}: {sum(w)} of {len(w)}" for k, w in sorted(by_kind.items()))
    summary = (f"{within} of {len(v.cases)} cases are within {numbers.percent(TARGET)} of the measured figure "
               f"({numbers.percent(v.share_within or 0)}{'; ' + parts if parts else ''}). The target is {numbers.percent(TARGET_SHARE)}: "
               + ("it is met." if v.meets_target else "it is not met."))
    for rt, fitted in eff.runtimes.items():
        measured_on = sorted({p.device.name for p in eff.points if speedfit.runtime(p) == rt})
        if fitted.rows > 1 and len(measured_on) == 1:
            summary += (f" The {numbers.count(fitted.rows)} rows of {rt or 'an unnamed runtime'} all come from one "
                        f"device ({measured_on[0]}), so each is predicted from that device's other rows: a weaker check "
                        "than the rest.")
    misses = tuple(f"{name[c.entity_id]}, {c.configuration} ({c.kind}): estimated {c.estimate:.1f} against "
                   f"{numbers.plain(c.measured)} {c.unit}, {100 * c.error:+.0f}%: {c.why}." for c in v.misses)
    devices = tuple(DeviceLine((d.name, d.kind.replace("-", " "), f"{numbers.plain(d.memory_gb)} GB",
                                _gb(memory.usable_memory_gb(d.memory_gb, d.kind == "unified-memory")),
                                f"{numbers.plain(d.bandwidth_gb_s)} GB/s"), tuple(cites.cite(s) for s in d.sources))
                    for d in sel.devices)
    view = MethodPage(paths.href(paths.SELECTION_METHOD, paths.SELECTION), sel.formula, formats, caches, quant, share,
                      efficiency, f"The {numbers.count(len(speed_rows))} rows fitted", speed_rows, summary,
                      f"Within {numbers.percent(TARGET)}", cases, misses, devices, tuple(cites.items))
    return PageSpec(paths.SELECTION_METHOD, "How the model-selection estimates are made and checked",
                    "The memory and speed formulas, their sourced constants, the fitted decode efficiency and a "
                    "validation table of estimates against published measurements.", view)


# ---- the hub ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SelectionHub(PageView):
    TEMPLATE = "selection_hub.html.j2"
    links: tuple[Link, ...]     # one per task page
    tiers: str                  # "8, 12, 16, 24, 32, 48, 80"
    method: Link
    frontier_text: str


def plan(site: Site) -> list[PageSpec]:
    tasks = [ta for ta in site.selection.tasks if ta.task in TASK_PAGES]
    if not tasks:
        return []
    specs = [_task_page(ta, site) for ta in tasks]
    links = tuple(Link(TASK_PAGES[ta.task][1], paths.href(paths.SELECTION, paths.selection(TASK_PAGES[ta.task][0])))
                  for ta in tasks)
    specs.append(_method_page(site))
    specs.append(PageSpec(paths.SELECTION, "Model selection: what runs on your GPU",
                          "Which AI model fits which GPU memory, how fast it decodes, and what to pick, with the "
                          "formula and its check against measurements.",
                          SelectionHub(links, ", ".join(str(t) for t in site.selection.tiers),
                                       Link("How the estimates are made, and how close they come to measurements",
                                            paths.href(paths.SELECTION, paths.SELECTION_METHOD)), FRONTIER_TEXT),
                          in_nav=True))
    return specs
