"""The benchmark hub (every row, grouped so that only like sits with like) and a page per measured run
with its provenance: hardware, driver, CUDA, library versions, date and the exact command."""

from __future__ import annotations

from dataclasses import dataclass

from ..models.benchmark import RunProvenance
from ..site import Site
from .. import paths
from . import caps
from .blocks import downloads
from .citations import Citations
from .measurements import GroupView, groups_for
from .spec import PageSpec

@dataclass(frozen=True)
class EntityGroups:
    name: str
    link: str
    groups: tuple[GroupView, ...]


@dataclass(frozen=True)
class RunView:
    run_id: str
    link: str
    provenance: RunProvenance
    rows: int


def plan(site: Site) -> list[PageSpec]:
    data = site.benchmarks
    cites = Citations()
    per_entity = []
    measured = sorted({r.entity for r in data.rows})
    # One section per entity, for the BENCHMARK_ENTITIES highest-scored when there are more (in id order
    # still): every figure is also on its entity's page and in the downloads.
    shown = caps.top(measured, site.scores, caps.BENCHMARK_ENTITIES)
    for eid in measured:
        if eid not in shown:
            continue
        e = site.catalog.entities[eid]
        per_entity.append(EntityGroups(e.name, paths.rel(paths.BENCHMARKS, paths.entity(eid)),
                                       groups_for(data, (eid,), paths.BENCHMARKS, cites, shared_only=True)))
    runs = tuple(RunView(rid, paths.rel(paths.BENCHMARKS, paths.run(rid)), prov, sum(1 for r in data.rows if r.run == rid))
                 for rid, prov in data.runs.items())
    capped = len(per_entity) < len(measured)
    specs = [PageSpec(paths.BENCHMARKS, "benchmarks_hub.md.j2", "Benchmarks",
                      "Every benchmark figure on Versus with its settings and its source or run." if not capped else
                      f"Benchmark figures of the {len(per_entity)} highest-scored of {caps.number(len(measured))} "
                      f"models and tools, with their settings and their source or run.",
                      {"entities": per_entity, "runs": runs, "sources": tuple(cites.items),
                       "measured_entities": len(measured),
                       "how_we_measure": paths.rel(paths.BENCHMARKS, paths.HOW_WE_MEASURE),
                       "downloads": downloads(paths.BENCHMARKS),
                       "counts": {"rows": len(data.rows),
                                  "measured": sum(1 for r in data.rows if r.status == "measured"),
                                  "reported": sum(1 for r in data.rows if r.status == "reported")}},
                      in_nav=True)]
    for run in runs:
        page = paths.run(run.run_id)
        rows = [r for r in data.rows if r.run == run.run_id]
        links = {r.entity: paths.rel(page, paths.entity(r.entity)) for r in rows}
        names = {i: site.catalog.entities[i].name for i in links}
        specs.append(PageSpec(page, "benchmark_run.md.j2", f"Benchmark run {run.run_id}",
                              f"Provenance of benchmark run {run.run_id}: hardware, software, date and command.",
                              {"run": run, "rows": rows, "links": links, "names": names,
                               "hub": paths.rel(page, paths.BENCHMARKS)}))
    return specs

