"""How a page shows a chart: the SVG with alt text that states the takeaway, its data as a collapsed
table, and a CSV download. The files live at charts/<slug>.svg and charts/<slug>.csv."""

from __future__ import annotations

from dataclasses import dataclass

from ..charts import ChartSpec, Table, table_rows
from . import paths


def svg_path(slug: str) -> str:
    return f"charts/{slug}.svg"


def csv_path(slug: str) -> str:
    return f"charts/{slug}.csv"


@dataclass(frozen=True)
class ChartView:
    spec: ChartSpec
    src: str      # relative to the page
    csv: str
    table: Table


def view(spec: ChartSpec, page: str) -> ChartView:
    return ChartView(spec, paths.rel(page, svg_path(spec.slug)), paths.rel(page, csv_path(spec.slug)),
                     table_rows(spec))
