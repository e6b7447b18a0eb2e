"""Table cells that carry their evidence: a value, the citation behind it, and its date."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import FACTS, Entity
from ..models.common import Source
from ..models.facts import SignalName
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


@dataclass(frozen=True)
class Sourced:
    """A value and the source behind it, before a page numbers its citations: an entity's facts are
    formatted once and cited on each of its pages."""
    text: str
    source: Source
    as_of: str | None

    def cell(self, cites: Citations) -> Cell:
        return Cell(self.text, cites.cite(self.source), self.as_of)


def fact_value(e: Entity, key: str) -> Sourced | None:
    fact = e.facts.get(key)
    if fact is None:
        return None
    text = FACTS[key].text(fact.value)
    return Sourced(text, e.sources[fact.source], fact.as_of.isoformat())


def signal_value(e: Entity, name: SignalName) -> Sourced | None:
    signal = e.signals.get(name)
    if signal is None:
        return None
    family = " (the family's repository)" if signal.scope == "family" else ""
    return Sourced(f"{signal.value:,}{family}", e.sources[signal.source], signal.as_of.isoformat())


def fact_cell(e: Entity, key: str, cites: Citations) -> Cell:
    value = fact_value(e, key)
    return MISSING if value is None else value.cell(cites)


def signal_cell(e: Entity, name: SignalName, cites: Citations) -> Cell:
    value = signal_value(e, name)
    return MISSING if value is None else value.cell(cites)
