"""The data behind each chart as a CSV download and as rows for a table beside it.

CSV cells hold the exact values (empty = no data); table cells hold the strings the chart shows.
Strings are returned raw: the page template escapes them.
"""

from __future__ import annotations

import csv as _csv
import io
from dataclasses import dataclass

from .spec import Bars, ChartSpec, Pareto
from .style import NO_DATA


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def format_number(value: float) -> str:
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}"


def format_value(value: float | None, unit: str = "") -> str:
    if value is None:
        return NO_DATA
    text = format_number(value)
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def with_unit(label: str, unit: str) -> str:
    return f"{label} ({unit})" if unit else label


def table_rows(spec: ChartSpec) -> Table:
    d = spec.data
    if isinstance(d, Bars):
        if any(b.interval for b in d.bars):
            return Table(("Name", d.value_label, "Interval"),
                         tuple((b.label, format_value(b.value, d.unit),
                                f"{format_value(b.interval[0], d.unit)} to {format_value(b.interval[1], d.unit)}"
                                if b.interval else NO_DATA) for b in d.bars))
        return Table(("Name", d.value_label),
                     tuple((b.label, format_value(b.value, d.unit)) for b in d.bars))
    assert isinstance(d, Pareto)
    return Table(("Name", d.x_label, d.y_label, "On the frontier"),
                 tuple((p.label, format_value(p.x, d.x_unit), format_value(p.y, d.y_unit),
                        "yes" if p.frontier else "no") for p in d.points))


def _text(value: str) -> str:
    # Spreadsheets run cells that start with these as formulas; content is untrusted (OWASP).
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _num(value: float | None) -> str:
    return "" if value is None else repr(value)  # repr: the shortest exact form, no rounding


def csv(spec: ChartSpec) -> str:
    """The chart's data as CSV (RFC 4180 quoting, "\\n" line ends), byte-stable."""
    d = spec.data
    rows: list[tuple[str, ...]]
    if isinstance(d, Bars):
        if any(b.interval for b in d.bars):
            rows = [("name", _text(with_unit(d.value_label, d.unit)), "interval_low", "interval_high")]
            rows += [(_text(b.label), _num(b.value), *((_num(b.interval[0]), _num(b.interval[1])) if b.interval
                                                       else ("", ""))) for b in d.bars]
        else:
            rows = [("name", _text(with_unit(d.value_label, d.unit)))]
            rows += [(_text(b.label), _num(b.value)) for b in d.bars]
    else:
        rows = [("name", _text(with_unit(d.x_label, d.x_unit)),
                 _text(with_unit(d.y_label, d.y_unit)), "frontier")]
        rows += [(_text(p.label), _num(p.x), _num(p.y), "yes" if p.frontier else "no")
                 for p in d.points]
    out = io.StringIO()
    _csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()
