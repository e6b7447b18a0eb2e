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
