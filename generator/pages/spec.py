"""What a page is before it is rendered: where it goes, its title, and its view."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..charts import ChartSpec


@dataclass(frozen=True)
class PageView:
    """The base of every page's view: a frozen dataclass of already-formatted values, which the template
    named by TEMPLATE lays out as `page`. Templates do layout only: they escape and place the values, and
    format nothing (tests/test_views.py checks every name a template uses against its view's fields)."""

    TEMPLATE: ClassVar[str]


@dataclass(frozen=True)
class PageSpec:
    path: str                 # source path under docs (generator/paths.py), e.g. "compare/a-vs-b.md"
    title: str                # plain text; validated names only (no markup characters)
    description: str          # plain text for the meta description and OpenGraph tags
    view: PageView
    in_nav: bool = False      # only hubs go in the sidebar: thousands of pages there make builds quadratic
    meta: dict[str, Any] = field(default_factory=dict)  # extra front matter (JSON-serialisable), e.g. search
    charts: tuple[ChartSpec, ...] = ()                  # drawn by the build, served from charts/

    @property
    def template(self) -> str:
        return self.view.TEMPLATE
