"""The whole pipeline as one readable function: gather everything, validate, derive; write nothing.

MkDocs' own build teaches the order: first gather all data from all files, so that every page is
rendered from one consistent state, and a single bad file stops the build before anything is written.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import catalog as catalog_stage
from .benchmarks import validate_benchmarks
from .dates import latest_date
from .diagnostics import Diagnostic, errors, unique_sorted
from .fit_table import FIT_TASKS, TIERS_GB
from .fits import best_fits, fit_shares, longest_contexts
from .notes import fit_notes
from .picks import evidence, pick_all
from .scoring import reference_date, score_all
from .selection import analyse
from .site import Site
from .sources import gather
from .validate import Judged, validate

# What the selection analysis judges, for the use-case rules that name a GPU size or a task to fit.
JUDGED = Judged(TIERS_GB, FIT_TASKS)


@contextmanager
def timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    """Add the wall time of the block to timings[stage], and its CPU time (this process's, and that of the
    child processes it waited for: chart workers, Pagefind) to timings["_cpu " + stage], in seconds
    (benchmarks/scale.py reads them; "_": not a wall time)."""
    start, cpu = time.perf_counter(), _cpu()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start
        timings[f"_cpu {stage}"] = timings.get(f"_cpu {stage}", 0.0) + _cpu() - cpu


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block. The stages build millions of small objects that
    live until the build ends, and every full collection walks all of them again: at 10,000 pages that
    was 40% of the time of load and plan. They make almost no cyclic garbage (reference counting frees
    the rest as usual), so peak memory is the same."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class LoadResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    catalog: catalog_stage.Catalog | None = None
    site: Site | None = None   # set only when there is no error: nothing is derived from bad data
    notes: list[Diagnostic] = field(default_factory=list)   # not problems (generator/notes.py); only with a site
    timings: dict[str, float] = field(default_factory=dict)   # stage -> seconds

    @property
    def ok(self) -> bool:
        return not errors(self.diagnostics)

    def describe(self) -> str:
        if self.catalog is None:
            return "nothing loaded"
        c = self.catalog
        return f"{len(c.entities)} entities, {len(c.pairs)} comparisons, {len(c.faq)} FAQ entries"


def load(root: Path, latest: dt.date | None = None) -> LoadResult:
    """`latest`: the last date content may carry; by default today (UTC) and a day's grace (dates.py
    says why the clock decides what is accepted, and never what is built)."""
    with gc_paused():
        return _load(root, latest or latest_date())


def _load(root: Path, latest: dt.date) -> LoadResult:
    timings: dict[str, float] = {}
    with timed(timings, "load"):
        raw = gather(root)
    with timed(timings, "validate"):
        content, diags = validate(raw, JUDGED, latest)
    with timed(timings, "catalog"):
        catalog, more = catalog_stage.build(content)
    diags += more
    with timed(timings, "benchmarks"):
        known = set(catalog.entities) | content.invalid_ids
        benchmarks, more = validate_benchmarks(raw.benchmark_tables, raw.run_provenance, known, latest)
    diags += more
    result = LoadResult(unique_sorted(diags), catalog, timings=timings)
    if result.ok and content.scoring is not None:
        scoring = content.scoring.model
        rules = content.use_cases.model if content.use_cases is not None else None
        with timed(timings, "selection"):
            devices = content.hardware.model.devices if content.hardware is not None else []
            selection = analyse(catalog.entities.values(), benchmarks, devices)
            fits = best_fits(selection)
        with timed(timings, "score"):
            vocabulary = rules.vocabularies.get(scoring.platforms.vocabulary, {}) if rules else {}
            scores = score_all(catalog, scoring, benchmarks, fit_shares(fits), vocabulary)
        with timed(timings, "picks"):
            picks = pick_all(catalog, rules, evidence(catalog, benchmarks, fits, longest_contexts(selection)))
        result.site = Site(catalog, scoring, scores, reference_date(catalog), benchmarks, selection, rules, picks)
        result.notes = unique_sorted(fit_notes(content.entities, selection))
    return result

