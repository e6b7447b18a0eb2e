"""Typed chart input: one frozen ChartSpec per chart, holding the data of exactly one chart kind.

The kind is derived from the type of `data`, so a spec can never say "bar" while holding points.
Missing data is None, never 0 and never NaN: None is drawn and tabled as "no data".
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Kind = Literal["bar", "pareto"]

_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?")


def _tuples(obj: DataclassInstance) -> None:
    """Store list fields as tuples, so specs stay hashable and compare by value."""
    for f in fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, list):
            object.__setattr__(obj, f.name, tuple(value))


def _number(value: float | None, what: str) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{what}: expected a finite number or None (no data), got {value!r}")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    interval: tuple[float, float] | None = None   # drawn as a whisker: the value's margin


@dataclass(frozen=True)
class Bars:
    """Horizontal bars, one value per entity, drawn top to bottom in the order given."""

    bars: tuple[Bar, ...]
    value_label: str
    unit: str = ""

    def __post_init__(self) -> None:
        _tuples(self)
        for bar in self.bars:
            _number(bar.value, f"bar {bar.label!r}")
            for end in bar.interval or ():
                _number(end, f"interval of bar {bar.label!r}")


@dataclass(frozen=True)
class Point:
    label: str
    x: float | None
    y: float | None
    frontier: bool = False  # decided by the selection stage; the chart only shows it

    def __post_init__(self) -> None:
        _number(self.x, f"point {self.label!r} x")
        _number(self.y, f"point {self.label!r} y")


@dataclass(frozen=True)
class Pareto:
    """Scatter of cost (x, lower is better) against quality (y, higher is better)."""

    points: tuple[Point, ...]
    x_label: str
    y_label: str
    x_unit: str = ""
    y_unit: str = ""

    def __post_init__(self) -> None:
        _tuples(self)


ChartData = Bars | Pareto
_KINDS: dict[type, Kind] = {
    Bars: "bar", Pareto: "pareto",
}


@dataclass(frozen=True)
class ChartSpec:
    """One chart. `alt` is the takeaway sentence for the <img> alt text, written by the caller."""

    slug: str  # also the SVG id prefix and hash salt, so charts inlined on one page never collide
    title: str
    alt: str
    data: ChartData

    def __post_init__(self) -> None:
        if not isinstance(self.slug, str) or not _SLUG.fullmatch(self.slug):
            raise ValueError(f"chart slug {self.slug!r}: use lowercase letters, digits and hyphens")
        if type(self.data) not in _KINDS:
            raise TypeError(f"chart {self.slug!r}: unsupported data {type(self.data).__name__}")

    @property
    def kind(self) -> Kind:
        return _KINDS[type(self.data)]


def canonical_json(spec: ChartSpec) -> str:
    """Everything that is drawn, in one stable string. `alt` is left out: it is not in the SVG."""
    payload = {"kind": spec.kind, "slug": spec.slug, "title": spec.title, "data": asdict(spec.data)}
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
