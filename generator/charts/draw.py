"""Spec -> matplotlib Figure -> SVG bytes, identical for identical specs in any process.

Uses the object-oriented Figure, never pyplot: no global figure registry to leak into or close,
no GUI backend to pick, and nothing else in the process sees our rcParams (they live in a context).
"""

from __future__ import annotations

import io
import re
from contextlib import AbstractContextManager
from typing import Any, NamedTuple

import matplotlib as mpl
import matplotlib.style
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from . import style
from .spec import Bars, ChartData, ChartSpec, Pareto
from .style import INK, NO_DATA, PALETTE
from .tables import format_number, format_value, with_unit

_NUMBER_TICKS = FuncFormatter(lambda value, _pos: format_number(value))


def _short(label: str) -> str:
    label = " ".join(label.split())  # no newlines or tabs from content in a tick label
    n = style.MAX_LABEL_CHARS
    return label if len(label) <= n else label[: n - 1] + "…"


def _value_label(ax: Axes, x: float, y: float, text: str, **kw: Any) -> None:
    ax.annotate(text, (x, y), xytext=(4 if x >= 0 else -4, 0), textcoords="offset points",
                va="center", ha="left" if x >= 0 else "right", **kw)


def _no_data(ax: Axes, y: float, gid: str, **kw: Any) -> None:
    ax.annotate(NO_DATA, (0, y), xytext=(4, 0), textcoords="offset points", va="center",
                ha="left", style="italic", gid=gid, **kw)


def _value_axis(ax: Axes, lengths: list[float]) -> None:
    """Room for the labels beyond the longest bar; the axis always includes zero."""
    lo, hi = min([0.0, *lengths]), max([0.0, *lengths])
    span = (hi - lo) or 1.0
    ax.set_xlim(lo - 0.25 * span if lo < 0 else 0, hi + 0.25 * span if hi > 0 else 0.25 * span)
    ax.xaxis.set_major_formatter(_NUMBER_TICKS)
    ax.grid(axis="x")
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    if not lengths:
        ax.set_xticks([])


def _bars(fig: Figure, d: Bars) -> None:
    ax = fig.add_subplot()
    for i, bar in enumerate(d.bars):
        if bar.value is None:
            _no_data(ax, i, gid=f"no-data-{i}")  # never a zero-length bar
            continue
        ax.barh(i, bar.value, height=0.6, color=PALETTE[0], edgecolor=INK, linewidth=0.8,
                gid=f"bar-{i}")
        end = bar.value
        if bar.interval is not None:
            lo, hi = bar.interval
            ax.errorbar(bar.value, i, xerr=[[bar.value - lo], [hi - bar.value]], fmt="none", ecolor=INK,
                        elinewidth=1.2, capsize=4, gid=f"interval-{i}")
            end = hi
        _value_label(ax, end, i, format_value(bar.value, d.unit))
    ax.set_yticks(range(len(d.bars)), labels=[_short(b.label) for b in d.bars])
    ax.set_ylim(max(len(d.bars), 1) - 0.5, -0.5)  # first bar on top
    _value_axis(ax, [max((b.value, *(b.interval or ()))) for b in d.bars if b.value is not None])
    ax.set_xlabel(with_unit(d.value_label, d.unit))


class _Placed(NamedTuple):
    """A point of a Pareto chart that has both coordinates."""
    label: str
    x: float
    y: float
    frontier: bool


def _pareto(fig: Figure, d: Pareto) -> None:
    ax = fig.add_subplot()
    known = [_Placed(p.label, p.x, p.y, p.frontier) for p in d.points if p.x is not None and p.y is not None]
    front = sorted((p for p in known if p.frontier), key=lambda p: (p.x, -p.y))
    dominated = [p for p in known if not p.frontier]
    if front:  # the best quality reachable within each memory budget: a staircase
        ax.step([p.x for p in front], [p.y for p in front], where="post", color=style.VERMILLION,
                linewidth=1.5, zorder=2, gid="frontier-line")
        ax.scatter([p.x for p in front], [p.y for p in front], marker="D", s=55,
                   color=style.VERMILLION, edgecolors=INK, linewidths=0.8, zorder=3,
                   gid="frontier-points")
    if dominated:
        ax.scatter([p.x for p in dominated], [p.y for p in dominated], marker="o", s=45,
                   facecolors="none", edgecolors=INK, linewidths=1.2, zorder=3,
                   gid="dominated-points")
    for p in known:
        ax.annotate(_short(p.label), (p.x, p.y), xytext=(6, 4), textcoords="offset points",
                    fontsize=style.SMALL_SIZE)
    handles = [
        Line2D([], [], color=style.VERMILLION, marker="D", markeredgecolor=INK,
               label="Pareto frontier (filled, joined)"),
        Line2D([], [], linestyle="none", marker="o", markerfacecolor="none",
               markeredgecolor=INK, label="Dominated (hollow)"),
    ]
    missing = [_short(p.label) for p in d.points if p.x is None or p.y is None]
    if missing:
        handles.append(Line2D([], [], linestyle="none", label=f"{NO_DATA}: {', '.join(missing)}"))
    fig.legend(handles=handles, loc="outside lower left", ncols=len(handles))
    ax.set_xlim(left=0)
    ax.margins(x=0.12, y=0.1)
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(_NUMBER_TICKS)
    ax.grid(True)
    ax.set_axisbelow(True)
    ax.set_xlabel(with_unit(d.x_label, d.x_unit))
    ax.set_ylabel(with_unit(d.y_label, d.y_unit))


def _height(spec: ChartSpec) -> float:
    d = spec.data
    if isinstance(d, Bars):
        return style.BAR_ROW_IN * len(d.bars) + 1.4
    return 5.0


def _draw(fig: Figure, d: ChartData) -> None:
    if isinstance(d, Bars):
        _bars(fig, d)
    else:
        _pareto(fig, d)


def figure(spec: ChartSpec) -> Figure:
    """The chart as a Figure; call inside style_context(spec) so the style applies."""
    fig = Figure(figsize=(style.WIDTH_IN, _height(spec)), layout="constrained")
    fig.suptitle(spec.title, x=0.01, ha="left")
    _draw(fig, spec.data)
    return fig


def style_context(spec: ChartSpec) -> AbstractContextManager[None]:
    # "default" first: the user's matplotlibrc must not change our bytes.
    return mpl.style.context(["default", {**style.RC, "svg.hashsalt": spec.slug}])


# Every id, and every reference to one, gets the slug as prefix: the salt alone leaves ids such as
# "figure_1" or glyph ids identical in every chart, and duplicate ids are invalid in one HTML page.
_ID_REF = re.compile(rb'(\bid="|href="#|url\(#)')


def svg(spec: ChartSpec) -> bytes:
    with style_context(spec):
        fig = figure(spec)
        out = io.BytesIO()
        fig.savefig(out, format="svg",
                    metadata={"Date": None, "Creator": None, "Title": spec.title})
    prefix = spec.slug.encode() + b"-"
    return _ID_REF.sub(lambda m: m.group(1) + prefix, out.getvalue())
