"""How a page shows a chart: the SVG with alt text that states the takeaway, its data as a collapsed
table, and a CSV download (paths.chart_svg, paths.chart_csv)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import paths
from ..charts import ChartSpec, Table, table_rows


@dataclass(frozen=True)
class ChartView:
    spec: ChartSpec
    src: str      # relative to the page
    csv: str
    table: Table


def view(spec: ChartSpec, page: str) -> ChartView:
    return ChartView(spec, paths.href(page, paths.chart_svg(spec.slug)), paths.href(page, paths.chart_csv(spec.slug)),
                     table_rows(spec))
