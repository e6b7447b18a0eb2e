"""The one chart style: neutral ink, transparent background, Okabe-Ito colours, markers, hatches.

Every constant here is part of the cache key (cache.py): changing the look redraws every chart.
"""

from __future__ import annotations

from cycler import cycler

# Mid-grey ink that reads on Material's light page (#ffffff) and its dark slate (#1e2129):
# #7f7f7f is the grey with the best worst case, 4.0:1 on white and 4.0:1 on slate. That meets
# WCAG's 3:1 for graphics and large text, not 4.5:1 for small text: no single grey can do that on
# both palettes; the data table beside each chart carries every number at full contrast.
INK = "#7f7f7f"
BACKGROUNDS = {"light": "#ffffff", "dark": "#1e2129"}  # what INK and the fills were checked on

# Okabe-Ito (matplotlib.color_sequences["okabe_ito"]) without its black and yellow, which vanish
# on the dark and the light page. Ordered so that the first colours keep >= 3:1 on both pages.
BLUE, VERMILLION, GREEN, PURPLE, ORANGE, SKY = (
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9",
)
PALETTE = (BLUE, VERMILLION, GREEN, PURPLE, ORANGE, SKY)

NO_DATA = "no data"

WIDTH_IN = 7.0
BAR_ROW_IN = 0.5
MAX_LABEL_CHARS = 36

FONT_SIZE = 10
SMALL_SIZE = 9

# Applied over matplotlib's built-in defaults (not the user's matplotlibrc), inside a context.
RC: dict[str, object] = {
    "font.family": "DejaVu Sans",  # bundled with matplotlib, so every machine draws the same glyphs
    "font.size": FONT_SIZE,
    "text.color": INK,
    "text.parse_math": False,  # content may hold "$": never let it start mathtext (it can raise)
    "axes.labelcolor": INK,
    "axes.edgecolor": INK,
    "axes.facecolor": "none",
    "axes.prop_cycle": cycler(color=PALETTE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.titlesize": FONT_SIZE + 2,
    "figure.titleweight": "bold",
    "xtick.color": INK,
    "ytick.color": INK,
    "grid.color": INK,
    "grid.alpha": 0.35,
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "legend.labelcolor": INK,
    "hatch.linewidth": 0.8,
    "figure.facecolor": "none",
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "savefig.facecolor": "none",
    "savefig.edgecolor": "none",
    "savefig.transparent": True,
    # Text as paths: the glyphs are DejaVu Sans on every browser, so labels never overflow a
    # layout computed for another font, and content text is never SVG text. fonttype "none" is
    # about half the size but the browser substitutes its own font.
    "svg.fonttype": "path",
}


def fingerprint() -> str:
    """A stable text form of the style, for the cache key."""
    items = {k: repr(v) for k, v in RC.items()}
    consts = (INK, PALETTE, NO_DATA,
              WIDTH_IN, BAR_ROW_IN, MAX_LABEL_CHARS, FONT_SIZE, SMALL_SIZE)
    return repr(sorted(items.items())) + repr(consts)
