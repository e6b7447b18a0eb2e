"""What a page is before it is rendered."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..charts import ChartSpec


@dataclass(frozen=True)
class PageSpec:
    path: str                 # source path under docs, e.g. "compare/a-vs-b.md"
    template: str             # a template under site_templates/, e.g. "compare.md.j2"
    title: str                # plain text; validated names only (no markup characters)
    description: str          # plain text for the meta description and OpenGraph tags
    context: dict[str, Any] = field(default_factory=dict)
    in_nav: bool = False      # only hubs go in the sidebar: thousands of pages there make builds quadratic
    meta: dict[str, Any] = field(default_factory=dict)  # extra front matter (JSON-serialisable), e.g. search
    charts: tuple[ChartSpec, ...] = ()                  # drawn by the build, served from charts/
