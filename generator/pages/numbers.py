"""How figures are written on pages: one function per kind, so that a score, a share or a count reads
the same on every page, and templates only place the text (they format nothing)."""

from __future__ import annotations

NO_DATA = "no data"


def points(value: float | None) -> str:
    """A score or score component, 0 to 100, to one decimal; missing data is said, never shown as 0."""
    return NO_DATA if value is None else f"{value:.1f}"


def percent(share: float) -> str:
    """A share between 0 and 1 as a whole percentage: 0.8 -> '80%'."""
    return f"{share:.0%}"


def count(n: int) -> str:
    """A count with thousands separators: 1,234."""
    return f"{n:,}"


def plain(value: float) -> str:
    """A measured or stated number as written, without trailing zeros: 24.0 -> '24', 0.5 -> '0.5'."""
    return f"{value:g}"


def yes_no(value: bool | None) -> str | None:
    return None if value is None else "yes" if value else "no"


def score_with_margin(score: float | None, margin: float) -> str:
    """A composite with its margin: '62.1 ± 5.0' (the interval is the score plus or minus the margin)."""
    return NO_DATA if score is None else f"{score:.1f} ± {margin:.1f}"
