"""Table cells that carry their evidence: a value, the citation behind it, and its date."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import FACTS, Entity
from .citations import Citation, Citations


@dataclass(frozen=True)
class Cell:
    text: str                        # plain text; "no data" when missing
    cite: Citation | None = None
    as_of: str | None = None
    missing: bool = False
    link: str | None = None          # a relative page link for computed values (methodology)
    bar: int | None = None           # 0-100 in steps of 5: a bar under the value, drawn by CSS


def bar_percent(value: float | None, full: float | None) -> int | None:
    """`value` as a share of `full`, rounded to the 5% steps the stylesheet draws (.bar-0 ... .bar-100).

    A bar in a table cell is the chart a two-way comparison needs: it costs the build nothing and the
    page a few bytes, where a drawn chart per pair cost ~90 ms and ~75 KB (benchmarks/SCALE.md)."""
    if value is None or not full or value < 0 or full < 0:
        return None
    return min(100, 5 * round(20 * value / full))


MISSING = Cell("no data", missing=True)


def fact_cell(e: Entity, key: str, cites: Citations) -> Cell:
    fact = e.facts.get(key)
    if fact is None:
        return MISSING
    value = fact.value
    if isinstance(value, float):
        text = f"{value:g}"
    elif isinstance(value, int) and not isinstance(value, bool):
        text = f"{value:,}"
    else:
        text = str(value)
    unit = FACTS[key].unit
    if unit:
        text = f"{text} {unit}"
    return Cell(text, cites.cite(e.sources[fact.source]), fact.as_of.isoformat())


def signal_cell(e: Entity, name: str, cites: Citations) -> Cell:
    signal = e.signals.get(name)
    if signal is None:
        return MISSING
    return Cell(f"{signal.value:,}", cites.cite(e.sources[signal.source]), signal.as_of.isoformat())
