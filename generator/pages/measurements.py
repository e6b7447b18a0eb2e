"""Benchmark rows as pages show them: grouped so that only like is compared with like (same task,
metric, settings and source), each number with its source or run and its date."""

from __future__ import annotations

from dataclasses import dataclass

from ..benchmarks import BenchmarkData, ComparableGroup
from ..charts import ChartSpec, Group, GroupedBars
from ..models.benchmark import METRICS, BenchmarkRow
from . import paths
from .cells import Cell
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
                             "; ".join(notes) or None))
    return tuple(out)


def pair_chart(slug: str, names: tuple[str, str], data: BenchmarkData, ids: tuple[str, str]) -> ChartSpec | None:
    """Grouped bars for the benchmarks two entities share (at most eight groups), or None."""
    groups = data.groups_with(ids, every=True)[:8]
    if not groups:
        return None
    bars = []
    for g in groups:
        values = tuple(g.row_of(i).value for i in ids)
        label = f"{METRICS[g.metric].label}, {settings_text(g)}"
        bars.append(Group(label[:70], values, g.unit))
    relative = len({g.unit for g in groups}) > 1
    first = groups[0]
    va, vb = (first.row_of(i).value for i in ids)
    better = METRICS[first.metric].higher_is_better
    verdict = "they are equal" if va == vb else f"{names[0] if (va > vb) == better else names[1]} is ahead"
    alt = (f"{names[0]} and {names[1]} on the benchmarks they share under identical settings; on "
           f"{METRICS[first.metric].label.lower()} ({settings_text(first)}), {verdict} "
           f"({va:g} vs {vb:g} {first.unit}).")
    return ChartSpec(f"benchmarks-{slug}", "Benchmarks under identical settings", alt,
                     GroupedBars(names, tuple(bars), "" if relative else first.unit, relative))
