"""Benchmark rows as pages show them: grouped so that only like is compared with like (same task,
metric, settings and source), each number with its source or run and its date."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..benchmarks import BenchmarkData, ComparableGroup
from ..models.benchmark import METRICS, BenchmarkRow
from . import paths
from .cells import Cell, bar_percent
from .citations import Citations

SETTING_WORDS = {"gpu": "", "precision": "", "resolution": "", "steps": "steps", "batch": "batch",
                 "context": "context", "input_tokens": "input tokens", "output_tokens": "output tokens",
                 "software": "", "options": ""}


def run_page(run_id: str) -> str:
    return f"benchmarks/runs/{run_id}.md"


def settings_text(group: ComparableGroup) -> str:
    parts = []
    for name, value in group.settings:
        if value is None:
            continue
        word = SETTING_WORDS[name]
        parts.append(f"{word} {value}" if word in ("batch",) else f"{value} {word}".strip())
    return " · ".join(parts) or "settings not stated"


def value_cell(row: BenchmarkRow, page: str, cites: Citations) -> Cell:
    text = f"{row.value:g} {row.unit}"
    if row.run:
        return Cell(text, as_of=None, link=paths.rel(page, run_page(row.run)))
    return Cell(text, cites.cite_url(row.source_url or "", row.source_title or row.source_url or "", row.retrieved,
                                     "reported"), as_of=row.retrieved.isoformat() if row.retrieved else None)


@dataclass(frozen=True)
class GroupView:
    metric: str          # label, unit and direction
    settings: str
    status: str          # measured or reported
    cells: tuple[Cell | None, ...]   # one per entity shown, None where it has no row in this group
    note: str | None
    values: tuple[float | None, ...]   # the numbers behind `cells`

    def with_bars(self) -> GroupView:
        """Each value drawn as a bar relative to the largest shown, for a side-by-side row."""
        full = max((v for v in self.values if v is not None), default=None)
        return replace(self, cells=tuple(None if c is None else replace(c, bar=bar_percent(v, full))
                                         for c, v in zip(self.cells, self.values)))


def _metric_title(g: ComparableGroup) -> str:
    spec = METRICS[g.metric]
    return f"{spec.label} ({g.unit}, {'higher' if spec.higher_is_better else 'lower'} is better)"


def groups_for(data: BenchmarkData, ids: tuple[str, ...], page: str, cites: Citations,
               shared_only: bool) -> tuple[GroupView, ...]:
    """Groups with a row for the given entities (all of them when `shared_only`), in a stable order."""
    out = []
    for g in data.groups_with(ids, every=shared_only):
        first = {i: g.row_of(i) for i in ids}
        notes = sorted({r.note for r in first.values() if r and r.note})
        out.append(GroupView(_metric_title(g), settings_text(g), g.status,
                             tuple(value_cell(first[i], page, cites) if first[i] else None for i in ids),
                             "; ".join(notes) or None,
                             tuple(first[i].value if first[i] else None for i in ids)))
    return tuple(out)
