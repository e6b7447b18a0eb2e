"""How many entries a hub chart or hub table shows, and which ones, so that no hub page grows with the
number of entities. Every cap is far above the shipped catalog, so small sites show everything.

One rule picks what a capped chart or table shows, stated on the page beside it: the highest composite
score first, no score last, ties broken by id. What is shown keeps the order the page would give it
uncapped, so a capped table reads like the uncapped one with rows left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..scoring import Score

CHART_BARS = 25           # bars of a ranking chart
PARETO_FRONTIER = 30      # frontier points of a Pareto chart (highest tie-break score first) ...
PARETO_OTHERS = 20        # ... plus this many beaten ones (likewise)
RANKED_ROWS = 100         # rows of each ranking table
SELECTION_ROWS = 30       # models in the table of a selection page (the page stays small on a phone)
FRONTIER_ROWS = 10        # frontier rows of the frontier table (in its own order) ...
BEATEN_ROWS = 5           # ... and beaten rows
LIST_NAMES = 30           # names in an inline list ("Fits (937): ...")
NOTE_NAMES = 5            # names in a table note ("beaten by ...")
BENCHMARK_ENTITIES = 100  # entities with a section on the benchmarks hub
CATALOG_PAGE_ROWS = 500   # rows per page of the all-entities table; it is split, not capped
PAIRS_PAGE_ROWS = 1000    # rows per page of the all-comparisons table

RULE = "highest composite score first, ties broken by id"


def by_score(ids: Iterable[str], scores: Mapping[str, Score]) -> list[str]:
    """`ids` ordered by the one rule: highest composite score, then no score, ties by id."""
    def key(i: str) -> tuple[bool, float, str]:
        s = scores[i].composite if i in scores else None
        return (s is None, -(s or 0.0), i)
    return sorted(set(ids), key=key)


def top(ids: Iterable[str], scores: Mapping[str, Score], n: int) -> set[str]:
    """The `n` ids the rule picks first (all of them when there are no more than `n`)."""
    return set(by_score(ids, scores)[:n])


def number(n: int) -> str:
    return f"{n:,}"
