"""Notes: what a valid file could add so that the site can say more about it. A note is not a problem:
it never fails `versus validate --strict` or the build. `versus validate` prints the notes, the build
logs them, and on a pull request they show as notices on the changed lines.
"""

from __future__ import annotations

from collections.abc import Iterable

from .diagnostics import Diagnostic, Severity
from .fit_table import FitRow
from .memory import NEEDED_FACTS
from .models.entity import Entity
from .records import Located
from .selection import SelectionAnalysis


def fit_notes(entities: Iterable[Located[Entity]], selection: SelectionAnalysis) -> list[Diagnostic]:
    """A note on each model whose every fit cell reads "no data", naming the facts the estimate lacks."""
    rows: dict[str, list[FitRow]] = {}
    for row in selection.fits:
        rows.setdefault(row.entity_id, []).append(row)
    out = []
    for item in entities:
        mine = rows.get(item.model.id, [])
        if not mine or any(cell.verdict != "no-data" for row in mine for cell in row.cells):
            continue
        missing = list(dict.fromkeys(key for row in mine for key in row.missing))
        if not missing:
            continue
        words = ", ".join(f"{key} ({NEEDED_FACTS[key]})" if NEEDED_FACTS.get(key) else key for key in missing)
        where = ("facts",) if "facts" in item.raw.doc.data else ("task",)
        out.append(item.at(where, Severity.NOTE, "no-fit-verdict", f"no fit verdict: add {words}",
                           hint="the memory estimate of the selection analysis needs these facts, each with its "
                                "source; without them every GPU size reads 'no data'"))
    return out
