"""From the project root to the site's generated files: load, plan, render. Still no I/O but reading."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .charts import csv as chart_csv
from .charts import start_all
from .charts.cache import Progress
from .diagnostics import Diagnostic, Severity
from .pages.plan import plan
from .pages.spec import PageSpec
from .pipeline import gc_paused, load, timed
from .render import Templates, is_html, render
from .shared_jobs import SharedJobs
from .site import Site
from .twins import build as build_twins

CHART_CACHE = ".cache/charts"   # under the project root; safe to delete


@dataclass
class Output:
    files: dict[str, str | bytes] = field(default_factory=dict)
    nav_pages: set[str] = field(default_factory=set)
    html_pages: set[str] = field(default_factory=set)   # pages whose body is HTML (generator/page_file.py)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)   # not problems: logged, never fail the build
    charts_drawn: int = 0
    charts_cached: int = 0
    timings: dict[str, float] = field(default_factory=dict)   # stage -> seconds (load ... render, charts)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]


RENDER_JOBS = 64   # pages rendered in this many jobs: enough for the two processes to end together


def render_jobs(specs: list[PageSpec], site: Site) -> list[Callable[[], dict[str, str]]]:
    """The twins, then the pages in slices. The twins go first, being the largest job; the pages' files
    come first in the site."""
    templates = Templates()
    size = max(16, -(-len(specs) // RENDER_JOBS))
    jobs: list[Callable[[], dict[str, str]]] = [functools.partial(build_twins, site)]
    return jobs + [functools.partial(render, specs[i:i + size], templates) for i in range(0, len(specs), size)]


def generate(root: Path, progress: Progress | None = None) -> Output:
    """`progress(done, total)` is called as charts are drawn (the caller prints it when there are many)."""
    result = load(root)
    out = Output(diagnostics=result.diagnostics, notes=result.notes, timings=result.timings)
    if result.site is None:
        return out
    with gc_paused(), timed(out.timings, "plan"):
        specs = plan(result.site)
    charts = {c.slug: c for s in specs for c in s.charts}
    # The pages and the twins, on both cores: a forked child takes jobs from the start, and this process
    # once it has set the charts going.
    with gc_paused(), timed(out.timings, "render"):   # the child runs with the collector paused too
        rendering = SharedJobs(render_jobs(specs, result.site))
    # The charts the cache lacks are drawn in worker processes while the pages render.
    with timed(out.timings, "charts"):
        try:
            drawing = start_all([charts[k] for k in sorted(charts)], root / CHART_CACHE, progress=progress)
        except BaseException:
            rendering.cancel()
            raise
    with gc_paused(), timed(out.timings, "render"):
        try:
            twins, *pages = rendering.results()
            for files in (*pages, twins):
                out.files.update(files)
        except BaseException:
            drawing.cancel()
            raise
    out.nav_pages = {s.path for s in specs if s.in_nav}
    out.html_pages = {s.path for s in specs if is_html(s)}
    with timed(out.timings, "charts"):
        drawn = drawing.result()   # the workers' CPU time counts here, when they end
        for slug, svg in drawn.svgs.items():
            out.files[paths.chart_svg(slug)] = svg
            out.files[paths.chart_csv(slug)] = chart_csv(charts[slug])
    out.charts_drawn, out.charts_cached = drawn.drawn, drawn.cached
    out.timings["_chart_workers"] = drawn.workers   # "_": a count, not a stage time
    return out
