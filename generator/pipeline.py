"""The whole pipeline as one readable function: gather everything, validate, derive; write nothing.

MkDocs' own build teaches the order: first gather all data from all files, so that every page is
rendered from one consistent state, and a single bad file stops the build before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import catalog as catalog_stage
from .diagnostics import Diagnostic, errors, unique_sorted
from .scoring import reference_date, score_all
from .site import Site
from .sources import gather
from .validate import validate


@dataclass
class LoadResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    catalog: catalog_stage.Catalog | None = None
    site: Site | None = None   # set only when there is no error: nothing is derived from bad data

    @property
    def ok(self) -> bool:
        return not errors(self.diagnostics)

    def describe(self) -> str:
        if self.catalog is None:
            return "nothing loaded"
        c = self.catalog
        return f"{len(c.entities)} entities, {len(c.pairs)} comparisons, {len(c.faq)} FAQ entries"


def load(root: Path) -> LoadResult:
    raw = gather(root)
    content, diags = validate(raw)
    catalog, more = catalog_stage.build(content)
    diags += more
    result = LoadResult(unique_sorted(diags), catalog)
    if result.ok and content.scoring is not None:
        scoring = content.scoring.model
        result.site = Site(catalog, scoring, score_all(catalog, scoring), reference_date(catalog))
    return result

