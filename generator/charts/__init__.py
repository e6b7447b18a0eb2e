"""Charts stage: typed specs -> deterministic SVG bytes, cached by a hash of data + code + style.

    spec = ChartSpec("flux-speed", "Seconds per image", alt="FLUX.1 schnell is fastest ...",
                     data=Bars((Bar("FLUX.1 schnell", 1.2), Bar("SD 3.5", None)), "Time", "s"))
    svg(spec) -> bytes; csv(spec) -> str; table_rows(spec) -> Table
    render_all(specs, cache_dir, jobs, progress) -> RenderResult(svgs, drawn, cached)
    start_all(...) -> Drawing: the same, drawn while the caller goes on; .result() -> RenderResult
"""

from .cache import Drawing, RenderResult, cache_key, render_all, start_all
from .draw import svg
from .spec import Bar, Bars, ChartData, ChartSpec, Kind, Pareto, Point, canonical_json
from .tables import Table, csv, format_value, table_rows

__all__ = [
    "Bar", "Bars", "ChartData", "ChartSpec", "Drawing", "Kind", "Pareto",
    "Point", "RenderResult", "Table", "cache_key",
    "canonical_json", "csv", "format_value", "render_all", "start_all", "svg", "table_rows",
]
