"""Charts stage: deterministic, cached, safe with hostile text, honest about missing data."""

from __future__ import annotations

import hashlib
import json
import math
import pickle
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib as mpl
import pytest

from generator.charts import (Bar, Bars, ChartSpec, Pareto, Point, cache_key, csv, render_all, start_all, svg,
                              table_rows)
from generator.charts import cache as chart_cache

ROOT = Path(__file__).resolve().parents[1]
SVG_NS = "{http://www.w3.org/2000/svg}"


def bars(slug: str = "speed", **overrides) -> ChartSpec:
    data = Bars((Bar("FLUX.1 [schnell]", 1.24), Bar("SD 3.5 Large", None), Bar("SDXL", 2.5)),
                "Time per image", "s")
    return ChartSpec(**{"slug": slug, "title": "Seconds per image", "alt": "FLUX is fastest.",
                        "data": data, **overrides})


def pareto() -> ChartSpec:
    return ChartSpec("frontier", "Quality vs memory", "Phi-4 is the cheapest good model.", Pareto(
        (Point("Qwen3 8B", 16.4, 72.1, True), Point("Llama 8B", 16.1, 66.0),
         Point("Phi-4", 29.3, 75.5, True), Point("Mystery", None, 70.0)),
        "Memory", "Quality score", "GB"))


ALL = (bars, pareto)


def ids(data: bytes) -> list[str]:
    return [el.get("id") for el in ET.fromstring(data).iter() if el.get("id")]


def group(data: bytes, gid: str) -> ET.Element:
    found = [el for el in ET.fromstring(data).iter(f"{SVG_NS}g") if el.get("id") == gid]
    assert len(found) == 1, gid
    return found[0]


# --- determinism -----------------------------------------------------------------------------

_CHILD = """
import hashlib, pickle, sys
from generator.charts import svg
specs = pickle.load(open(sys.argv[1], "rb"))
print({s.slug: hashlib.sha256(svg(s)).hexdigest() for s in specs})
print("matplotlib.pyplot" in sys.modules)
"""


def test_svg_bytes_identical_across_processes(tmp_path):
    specs = [make() for make in ALL]
    (tmp_path / "specs.pickle").write_bytes(pickle.dumps(specs))
    runs = [subprocess.run([sys.executable, "-c", _CHILD, str(tmp_path / "specs.pickle")],
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout
            for _ in range(2)]
    assert runs[0] == runs[1]
    here = {s.slug: hashlib.sha256(svg(s)).hexdigest() for s in specs}
    assert runs[0].splitlines() == [str(here), "False"]  # and no pyplot was ever imported


def test_svg_has_title_and_no_date_or_creator():
    data = svg(bars())
    assert b"<title>Seconds per image</title>" in data
    assert b"<dc:date>" not in data and b"Matplotlib v" not in data


def test_ids_unique_within_and_across_charts():
    a, b = svg(bars("chart-a")), svg(bars("chart-b"))
    ids_a, ids_b = ids(a), ids(b)
    assert len(set(ids_a)) == len(ids_a)
    assert not set(ids_a) & set(ids_b)  # safe to inline both on one page
    assert all(i.startswith("chart-a-") for i in ids_a)


def test_rendering_leaves_global_rcparams_alone():
    before = dict(mpl.rcParams)
    svg(pareto())
    assert dict(mpl.rcParams) == before


# --- cache and pool --------------------------------------------------------------------------

def test_cache_hit_draws_nothing(tmp_path):
    specs = [make() for make in ALL]
    first = render_all(specs, tmp_path, jobs=1)
    assert (first.drawn, first.cached) == (len(ALL), 0)
    assert list(first.svgs) == [s.slug for s in specs]
    second = render_all(specs, tmp_path, jobs=1)
    assert (second.drawn, second.cached) == (0, len(ALL))
    assert second.svgs == first.svgs
    changed = [bars(data=Bars((Bar("SDXL", 2.6),), "Time per image", "s")), *specs[1:]]
    assert render_all(changed, tmp_path, jobs=1).drawn == 1


def test_cache_key_covers_what_is_drawn_only():
    assert cache_key(bars()) == cache_key(bars(alt="Another takeaway."))  # alt is not in the SVG
    assert cache_key(bars()) != cache_key(bars(title="Other title"))
    assert cache_key(bars("a")) != cache_key(bars("b"))


def test_process_pool_gives_the_same_bytes_and_reports_progress(monkeypatch):
    monkeypatch.setattr(chart_cache, "CHARTS_PER_WORKER", 1)
    specs = [bars(f"chart-{i}") for i in range(3)] + [pareto()]
    calls = []
    result = render_all(specs, None, jobs=2, progress=lambda *args: calls.append(args))
    assert result.drawn == 4
    assert result.svgs == {s.slug: svg(s) for s in specs}
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_charts_drawn_beside_the_caller_are_the_same_bytes(tmp_path):
    """start_all: a worker process draws them, however few, while the caller goes on; then cached."""
    specs = [bars("beside-a"), pareto()]
    drawing = start_all(specs, tmp_path)
    assert drawing.pool is not None
    result = drawing.result()
    assert result.drawn == 2 and result.workers == 1
    assert result.svgs == {s.slug: svg(s) for s in specs}
    again = start_all(specs, tmp_path)
    assert again.pool is None and again.result().cached == 2


def test_duplicate_slugs_refused():
    with pytest.raises(ValueError, match="repeated: speed"):
        render_all([bars(), bars()], None)


# --- missing data ----------------------------------------------------------------------------

def test_missing_value_is_no_data_text_not_a_bar():
    data = svg(bars())
    assert b"<!-- no data -->" in data
    assert {"speed-bar-0", "speed-bar-2", "speed-no-data-1"} <= set(ids(data))
    assert "speed-bar-1" not in ids(data)
    assert table_rows(bars()).rows[1] == ("SD 3.5 Large", "no data")


def test_missing_values_in_pareto():
    assert b"no data: Mystery" in svg(pareto())


@pytest.mark.parametrize("bad", [math.nan, math.inf, "3", True])
def test_non_numbers_refused(bad):
    with pytest.raises(ValueError, match="finite number or None"):
        Bars((Bar("x", bad),), "v")
    with pytest.raises(ValueError, match="finite number or None"):
        Point("x", 1.0, bad)


def test_specs_refuse_inconsistent_data():
    with pytest.raises(ValueError, match="slug"):
        bars("Bad Slug")


@pytest.mark.parametrize("data", [Bars((), "v"), Bars((Bar("a", None),), "v"),
                                  Pareto((), "x", "y"),
                                  Pareto((Point("a", None, None),), "x", "y")])
def test_empty_or_all_missing_charts_still_render(data):
    assert svg(ChartSpec("empty", "Nothing yet", "No data yet.", data)).startswith(b"<?xml")


# --- hostile text ----------------------------------------------------------------------------

HOSTILE = ("<script>alert(1)</script>", "--> <script>x</script> <!--", "cost $5 and $x^",
           r"$\frac{$", "a & b \"q\" 'q'")  # r"$\frac{$" raises if parsed as mathtext


def test_hostile_labels_are_escaped_and_never_crash():
    points = tuple(Point(label, i + 1.0, i + 2.0, i % 2 == 0) for i, label in enumerate(HOSTILE))
    specs = [
        ChartSpec("hostile-bars", HOSTILE[0], "alt",
                  Bars(tuple(Bar(label, 1.0) for label in HOSTILE), HOSTILE[2], "$")),
        ChartSpec("hostile-pareto", HOSTILE[1], "alt", Pareto(points, HOSTILE[3], HOSTILE[4])),
    ]
    for spec in specs:
        data = svg(spec)
        root = ET.fromstring(data)  # still well-formed XML
        assert b"<script" not in data
        assert not [el for el in root.iter() if "script" in el.tag]
        assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in data
    # "$" was drawn literally, not parsed as mathtext
    assert b"<!-- cost $5 and $x^ -->" in svg(specs[0])


# --- CSV and tables --------------------------------------------------------------------------

def test_csv_bars_exact():
    spec = bars(data=Bars((Bar("=HYPERLINK(1)", 0.1 + 0.2), Bar('Say "hi", ok', None),
                           Bar("SDXL", -2)), "Time", "s"))
    assert csv(spec) == ('name,Time (s)\n'
                         "'=HYPERLINK(1),0.30000000000000004\n"
                         '"Say ""hi"", ok",\n'
                         'SDXL,-2\n')


def test_csv_other_kinds_exact():
    assert csv(pareto()) == ("name,Memory (GB),Quality score,frontier\n"
                             "Qwen3 8B,16.4,72.1,yes\nLlama 8B,16.1,66.0,no\n"
                             "Phi-4,29.3,75.5,yes\nMystery,,70.0,no\n")


def test_table_rows_show_what_the_chart_shows():
    assert table_rows(bars()).header == ("Name", "Time per image")
    assert table_rows(bars()).rows[0] == ("FLUX.1 [schnell]", "1.24 s")
    assert table_rows(pareto()).rows[3] == ("Mystery", "no data", "70", "no")


# --- Pareto styling --------------------------------------------------------------------------

def marks(g: ET.Element) -> list[ET.Element]:
    """The drawn shapes of a group: <use> of a marker, or inline <path> (matplotlib picks)."""
    found = []
    for child in g:
        if child.tag == f"{SVG_NS}defs":
            continue
        if child.tag in (f"{SVG_NS}use", f"{SVG_NS}path"):
            found.append(child)
        found += marks(child)
    return found


def shape(g: ET.Element, mark: ET.Element) -> str:
    if mark.tag == f"{SVG_NS}path":
        return mark.get("d")
    return next(g.iter(f"{SVG_NS}path")).get("d")  # the marker defined in the group's defs


def test_pareto_frontier_styled_apart_from_dominated_points():
    data = svg(pareto())
    frontier = group(data, "frontier-frontier-points")
    dominated = group(data, "frontier-dominated-points")
    on, off = marks(frontier), marks(dominated)
    assert (len(on), len(off)) == (2, 1)  # "Mystery" has no x: not plotted
    assert all("fill: #d55e00" in m.get("style") for m in on)  # filled
    assert all("fill: none" in m.get("style") for m in off)  # hollow
    # a different marker shape too, not only fill: a diamond of straight lines, a circle of curves
    assert all("C" not in shape(frontier, m).split() for m in on)
    assert all("C" in shape(dominated, m).split() for m in off)
    group(data, "frontier-frontier-line")  # joined by a step line


def test_canonical_json_is_stable():
    from generator.charts import canonical_json
    text = canonical_json(pareto())
    assert json.loads(text)["kind"] == "pareto" and canonical_json(pareto()) == text


def _relative_luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_chart_ink_contrast():
    from generator.charts import style
    # Ink sits on the page (light or dark): >= 3:1 (WCAG graphics).
    def contrast(x: str, y: str) -> float:
        hi, lo = sorted((_relative_luminance(x), _relative_luminance(y)), reverse=True)
        return (hi + 0.05) / (lo + 0.05)
    for background in style.BACKGROUNDS.values():
        assert contrast(style.INK, background) >= 3
