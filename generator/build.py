"""From the project root to the site's generated files: load, plan, render. Still no I/O but reading."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .charts import csv as chart_csv
from .charts import start_all
from .charts.cache import Progress
from .diagnostics import Diagnostic, Severity
from .pages.plan import plan
from .pipeline import gc_paused, load, timed
from .render import is_html, render
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


def generate(root: Path, progress: Progress | None = None) -> Output:
    """`progress(done, total)` is called as charts are drawn (the caller prints it when there are many)."""
    result = load(root)
    out = Output(diagnostics=result.diagnostics, notes=result.notes, timings=result.timings)
    if result.site is None:
        return out
    with gc_paused(), timed(out.timings, "plan"):
        specs = plan(result.site)
    charts = {c.slug: c for s in specs for c in s.charts}
    # The charts the cache lacks are drawn in worker processes while this one renders the pages: the
    # second core has nothing else to do until MkDocs writes pages for Pagefind.
    with timed(out.timings, "charts"):
        drawing = start_all([charts[k] for k in sorted(charts)], root / CHART_CACHE, progress=progress)
    try:
        with gc_paused(), timed(out.timings, "render"):
            out.files.update(render(specs))
        with gc_paused(), timed(out.timings, "twins"):
            out.files.update(build_twins(result.site))
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
