"""Benchmark rows as pages show them: grouped so that only like is compared with like (same task,
metric, settings and source), each number with its source or run and its date."""

from __future__ import annotations

from dataclasses import dataclass

from .. import paths
from ..benchmarks import BenchmarkData, ComparableGroup
from ..models.benchmark import METRICS, BenchmarkRow
from . import numbers
from .cells import Cell, bar_percent
from .citations import Citations

SETTING_WORDS = {"gpu": "", "precision": "", "resolution": "", "steps": "steps", "batch": "batch",
                 "context": "context", "input_tokens": "input tokens", "output_tokens": "output tokens",
                 "software": "", "options": ""}


def settings_text(group: ComparableGroup) -> str:
    parts = []
    for name, value in group.settings:
        if value is None:
            continue
        word = SETTING_WORDS[name]
        parts.append(f"{word} {value}" if word in ("batch",) else f"{value} {word}".strip())
    return " · ".join(parts) or "settings not stated"


def value_cell(row: BenchmarkRow, page: str, cites: Citations, bar: int | None = None) -> Cell:
    text = f"{numbers.plain(row.value)} {row.unit}"
    if row.run:
        return Cell(text, as_of=None, link=paths.href(page, paths.run(row.run)), bar=bar)
    # The date beside a figure is its source's own; a row without one says when it was read instead,
    # so a copying day is never shown as the day the figure was true.
    as_of = row.published.isoformat() if row.published else (f"read {row.retrieved.isoformat()}" if row.retrieved
                                                                else None)
    return Cell(text, cites.cite_url(row.source_url or "", row.source_title or row.source_url or "", row.retrieved,
                                     "reported"), as_of=as_of, bar=bar)


@dataclass(frozen=True)
class GroupView:
    metric: str          # label, unit and direction
    settings: str
    status: str          # measured or reported
    cells: tuple[Cell | None, ...]   # one per entity shown, None where it has no row in this group
    note: str            # "" when none


def _metric_title(g: ComparableGroup) -> str:
    spec = METRICS[g.metric]
    return f"{spec.label} ({g.unit}, {'higher' if spec.higher_is_better else 'lower'} is better)"


def groups_for(data: BenchmarkData, ids: tuple[str, ...], page: str, cites: Citations,
               shared_only: bool, bars: bool = False) -> tuple[GroupView, ...]:
    """Groups with a row for the given entities (all of them when `shared_only`), in a stable order.
    With `bars`, each value has a bar relative to the largest shown, for a side-by-side row."""
    out = []
    for g in data.groups_with(ids, every=shared_only):
        first = [g.row_of(i) for i in ids]
        values = tuple(r.value if r else None for r in first)
        full = max((v for v in values if v is not None), default=None) if bars else None
        notes = sorted({r.note for r in first if r and r.note})
        out.append(GroupView(_metric_title(g), settings_text(g), g.status,
                             tuple(value_cell(r, page, cites, bar_percent(v, full) if bars else None) if r else None
                                   for r, v in zip(first, values)),
                             "; ".join(notes)))
    return tuple(out)
