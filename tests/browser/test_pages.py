"""The built site in Chromium: pages load cleanly, images are described, tables sort, dark mode works."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from browser_site import COMPARE, ENTITIES, ENTITY, pages_under_test

pytestmark = pytest.mark.browser

MISSING = re.compile(r"^(no data|n/a|—|–|-|)$", re.I)


def test_the_pages_under_test_are_built(site_dir):
    # The fixed pages must exist: a renamed entity or pair should fail here, not as a 404 further on.
    for path in pages_under_test():
        assert (site_dir / path.strip("/") / "index.html").is_file(), path


def test_page_loads_without_errors(tab, page_path):
    tab.goto(page_path)
    tab.settle()
    assert tab.problems.all() == [], f"{page_path}: console errors or failed requests"
    images = tab.page.evaluate("""() => [...document.querySelectorAll('img')].map(img => ({
        src: img.getAttribute('src'), alt: (img.getAttribute('alt') || '').trim(),
        loaded: img.complete && img.naturalWidth > 0}))""")
    for img in images:
        assert img["alt"], f"{page_path}: <img src={img['src']}> has no alt text"
        assert img["loaded"], f"{page_path}: <img src={img['src']}> did not load"


# --------------------------------------------------------------------------- sortable tables


def _column(tab, table, header: str) -> tuple[int, list[str]]:
    headers = [t.strip() for t in table.locator("thead th").all_inner_texts()]
    index = next(i for i, h in enumerate(headers) if h.strip() == header)
    cells = table.locator(f"tbody tr td:nth-child({index + 1})").all_inner_texts()
    return index, [c.strip() for c in cells]


def _number(text: str) -> float:
    return float(re.match(r"[-+]?\d[\d,]*(?:\.\d+)?", text).group(0).replace(",", ""))


def _assert_sorted(values: list[str], direction: str, what: str) -> None:
    present = [v for v in values if not MISSING.match(v)]
    missing = [v for v in values if MISSING.match(v)]
    assert values == present + missing, f"{what}: missing values are not last: {values}"
    numbers = [_number(v) for v in present]
    expected = sorted(numbers, reverse=direction == "descending")
    assert numbers == expected, f"{what} ({direction}): {numbers}"


def test_entity_table_sorts_by_score(tab):
    tab.goto(ENTITIES)
    table = tab.page.locator("article table[data-versus-sortable]").first
    table.wait_for()
    _, before = _column(tab, table, "Score")
    header = table.locator("thead th", has_text=re.compile(r"^\s*Score\s*$"))
    for click in range(2):
        header.click()
        direction = header.get_attribute("aria-sort")
        assert direction in ("ascending", "descending"), f"click {click + 1}: aria-sort={direction!r}"
        _, after = _column(tab, table, "Score")
        assert sorted(after) == sorted(before), "sorting lost or duplicated rows"
        _assert_sorted(after, direction, f"Score after click {click + 1}")
    assert tab.problems.all() == []


def test_no_data_sorts_last_both_ways(tab):
    tab.goto(ENTITIES)
    table = tab.page.locator("article table[data-versus-sortable]").first
    table.wait_for()
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    numeric = [h for h in headers
               if table.locator("thead th", has_text=h).first.get_attribute("data-sort-method") == "number"]
    assert "Score" in numeric, f"numeric columns: {numeric}"
    with_gaps = [h for h in numeric if any(MISSING.match(v) for v in _column(tab, table, h)[1])]
    if with_gaps:
        name = with_gaps[0]
    else:
        # The content has no gaps today: make one, as the generator writes it, in the Score column.
        name = "Score"
        index = headers.index(name)
        tab.page.evaluate("""i => { const cell = document.querySelector(
            `article table[data-versus-sortable] tbody tr:first-child td:nth-child(${i + 1})`);
            cell.textContent = "no data"; cell.removeAttribute("data-sort"); }""", index)
    header = table.locator("thead th", has_text=re.compile(rf"^\s*{re.escape(name)}\s*$"))
    seen = set()
    for _ in range(2):
        header.click()
        direction = header.get_attribute("aria-sort")
        seen.add(direction)
        values = _column(tab, table, name)[1]
        assert MISSING.match(values[-1]), f"{name} ({direction}): the last row is not the missing value"
        _assert_sorted(values, direction, name)
    assert seen == {"ascending", "descending"}


def test_comparison_matrix_is_not_sortable(tab):
    # The side-by-side table sits in .versus-matrix; its row order is deliberate.
    tab.goto(COMPARE)
    tables = tab.page.evaluate("""() => [...document.querySelectorAll('article table')].map(t => ({
        corner: !!t.closest('.versus-matrix'),
        sortable: t.hasAttribute('data-versus-sortable')}))""")
    matrices = [t for t in tables if t["corner"]]
    assert matrices, "the comparison page has no side-by-side table"
    assert not any(t["sortable"] for t in matrices)


# --------------------------------------------------------------------------- dark palette and charts


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


NAMED = {"black": "#000000", "white": "#ffffff", "none": None}


def _fill(el: ET.Element) -> str | None:
    style = el.get("style") or ""
    m = re.search(r"(?:^|;)\s*fill:\s*([^;]+)", style)
    value = (m.group(1) if m else el.get("fill") or "").strip().lower()
    if not value:
        return None
    return NAMED.get(value, value if value.startswith("#") else None)


def _text_colours(svg: str) -> tuple[list[str], str | None]:
    """The fill of every text run in a Matplotlib SVG (glyphs default to black), and its background."""
    root = ET.fromstring(svg)
    parents = {child: parent for parent in root.iter() for child in parent}

    def inherited(el):
        while el is not None:
            f = _fill(el)
            style = (el.get("style") or "") + (el.get("fill") or "")
            if f or "fill" in style:
                return f or "#000000"
            el = parents.get(el)
        return "#000000"

    colours = []
    for g in root.iter("{http://www.w3.org/2000/svg}g"):
        if re.search(r"text_\d+$", g.get("id") or ""):
            for glyph in g.iter():
                if glyph.tag.endswith(("}use", "}text", "}tspan")):
                    colours.append(inherited(glyph))
    background = None
    for g in root.iter("{http://www.w3.org/2000/svg}g"):
        if re.search(r"patch_1$", g.get("id") or ""):
            path = next(g.iter("{http://www.w3.org/2000/svg}path"), None)
            background = _fill(path) if path is not None else None
            break
    return colours, background


CHART_PAGE_CANDIDATES = ["/rankings/", ENTITY]


def test_palette_toggle_to_dark_keeps_charts_legible(tab, site_dir):
    # A page with charts: the rankings have several.
    page_path = next(p for p in CHART_PAGE_CANDIDATES if (site_dir / p.strip("/") / "index.html").is_file())
    tab.goto(page_path)
    page = tab.page
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    page.locator('form[data-md-component="palette"] label:not([hidden])').click()
    page.wait_for_selector('body[data-md-color-scheme="slate"]')
    page_bg = page.evaluate("""() => {
        const c = getComputedStyle(document.querySelector('.md-main') || document.body).backgroundColor;
        const m = c.match(/\\d+/g).map(Number);
        return '#' + m.slice(0, 3).map(v => v.toString(16).padStart(2, '0')).join('');
    }""")
    if page_bg == "#000000":   # transparent main: the body carries the colour
        page_bg = page.evaluate("""() => { const m = getComputedStyle(document.body).backgroundColor
            .match(/\\d+/g).map(Number); return '#' + m.slice(0, 3).map(v => v.toString(16).padStart(2, '0')).join(''); }""")
    assert _luminance(page_bg) < 0.1, f"dark palette background is not dark: {page_bg}"
    tab.settle()
    charts = page.evaluate("""() => [...document.querySelectorAll('article img')].map(img => ({
        src: img.src, alt: (img.getAttribute('alt') || '').trim(), width: img.naturalWidth}))""")
    assert charts, f"{page_path}: no chart to check"
    for chart in charts:
        assert chart["alt"], f"{chart['src']}: no alt text"
        assert chart["width"] > 0, f"{chart['src']}: not loaded in dark mode"
        if chart["src"].endswith(".svg"):
            svg = page.request.get(chart["src"]).text()
            colours, background = _text_colours(svg)
            behind = background or page_bg
            for colour in set(colours):
                assert _contrast(colour, behind) >= 3, (
                    f"{chart['src']}: text {colour} on {behind} has contrast {_contrast(colour, behind):.2f} < 3")
    # Reloading keeps the reader's choice.
    page.reload()
    page.wait_for_selector('body[data-md-color-scheme="slate"]')
    assert tab.problems.all() == []


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_table_bars_are_drawn_and_visible_in_both_palettes(tab, scheme):
    # The comparison table's bars (CSS, no image): as wide as their class says, and >= 3:1 against the
    # page in both schemes (WCAG 1.4.11 for graphics), though the number beside each one carries it.
    tab.goto(COMPARE)
    page = tab.page
    if scheme == "slate":
        page.locator('form[data-md-component="palette"] label:not([hidden])').click()
        page.wait_for_selector('body[data-md-color-scheme="slate"]')
    bars = page.evaluate(r"""() => [...document.querySelectorAll('article td .bar')].map(b => {
        const cell = b.parentElement.getBoundingClientRect().width;
        const s = getComputedStyle(b);
        let el = b.parentElement, bg = 'rgb(255, 255, 255)';   // the first opaque background behind it
        for (; el; el = el.parentElement) {
            const c = getComputedStyle(el).backgroundColor;
            if (c && c !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(c)) { bg = c; break; }
        }
        return {cls: b.className, share: b.getBoundingClientRect().width / (cell - parseFloat(
            getComputedStyle(b.parentElement).paddingLeft) - parseFloat(getComputedStyle(b.parentElement).paddingRight)),
            colour: s.backgroundColor, page: bg};
    })""")
    assert len(bars) >= 6
    def hex_of(rgb: str) -> str:
        return "#" + "".join(f"{int(v):02x}" for v in re.findall(r"[\d.]+", rgb)[:3])
    for bar in bars:
        percent = int(bar["cls"].split("bar-")[1])
        if percent >= 10:
            assert abs(bar["share"] - percent / 100) < 0.02, bar
        assert _contrast(hex_of(bar["colour"]), hex_of(bar["page"])) >= 3, bar
    assert tab.problems.all() == []
