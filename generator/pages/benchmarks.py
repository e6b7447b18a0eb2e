"""The benchmark hub (every row, grouped so that only like sits with like) and a page per measured run
with its provenance: hardware, driver, CUDA, library versions, date and the exact command."""

from __future__ import annotations

from dataclasses import dataclass

from .. import paths
from ..models.benchmark import BenchmarkRow, RunProvenance
from ..site import Site
from . import caps, numbers
from .blocks import Downloads, Labelled, downloads
from .citations import Citation, Citations
from .measurements import GroupView, groups_for
from .spec import PageSpec, PageView


@dataclass(frozen=True)
class EntityGroups:
    name: str
    link: str
    groups: tuple[GroupView, ...]


@dataclass(frozen=True)
class RunLine:
    run_id: str
    link: str
    date: str
    gpu: str
    rows: str


@dataclass(frozen=True)
class BenchmarksHub(PageView):
    TEMPLATE = "benchmarks_hub.html.j2"
    rows: str                 # how many figures, of which
    reported: str
    measured: str
    runs: tuple[RunLine, ...]
    entities: tuple[EntityGroups, ...]
    capped: bool              # fewer entities have a section than have figures
    shown: str
    measured_entities: str
    downloads: Downloads
    sources: tuple[Citation, ...]
    how_we_measure: str


@dataclass(frozen=True)
class RunRow:
    name: str
    link: str
    metric: str
    value: str
    unit: str
    settings: str


@dataclass(frozen=True)
class RunPage(PageView):
    TEMPLATE = "benchmark_run.html.j2"
    run_id: str
    date: str
    gpu: str                  # "NVIDIA H100 80GB HBM3 × 1, 80 GB"
    cpu: str
    driver: str
    cuda: str
    os: str
    libraries: tuple[Labelled, ...]
    harness: str
    command: str
    note: str                 # "" when none
    rows: tuple[RunRow, ...]
    hub: str


NOT_RECORDED = "not recorded"


def _run_page(run_id: str, prov: RunProvenance, rows: list[BenchmarkRow], site: Site) -> RunPage:
    page = paths.run(run_id)
    hw = prov.hardware

    def settings(r: BenchmarkRow) -> str:
        parts = (r.gpu, r.precision, r.resolution, r.steps and f"{r.steps} steps", r.batch and f"batch {r.batch}",
                 r.context and f"{r.context} context")
        return " · ".join(str(x) for x in parts if x)

    return RunPage(
        run_id, prov.date.isoformat(), f"{hw.gpu} × {hw.gpu_count}, {numbers.plain(hw.gpu_memory_gb)} GB",
        hw.cpu or NOT_RECORDED, prov.driver, prov.cuda, prov.os or NOT_RECORDED,
        tuple(Labelled(name, version) for name, version in prov.libraries.items()), prov.harness or NOT_RECORDED,
        prov.command, prov.note or "",
        tuple(RunRow(site.catalog.entities[r.entity].name, paths.href(page, paths.entity(r.entity)), r.metric,
                     numbers.plain(r.value), r.unit, settings(r)) for r in rows),
        paths.href(page, paths.BENCHMARKS))


def plan(site: Site) -> list[PageSpec]:
    data = site.benchmarks
    hub = paths.BENCHMARKS
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
        per_entity.append(EntityGroups(e.name, paths.href(hub, paths.entity(eid)),
                                       groups_for(data, (eid,), hub, cites, shared_only=True)))
    runs = {rid: [r for r in data.rows if r.run == rid] for rid in data.runs}
    capped = len(per_entity) < len(measured)
    view = BenchmarksHub(
        numbers.count(len(data.rows)), numbers.count(sum(1 for r in data.rows if r.status == "reported")),
        numbers.count(sum(1 for r in data.rows if r.status == "measured")),
        tuple(RunLine(rid, paths.href(hub, paths.run(rid)), prov.date.isoformat(), prov.hardware.gpu,
                      str(len(runs[rid]))) for rid, prov in data.runs.items()),
        tuple(per_entity), capped, str(len(per_entity)), numbers.count(len(measured)), downloads(hub),
        tuple(cites.items), paths.href(hub, paths.HOW_WE_MEASURE))
    specs = [PageSpec(hub, "Benchmarks",
                      "Every benchmark figure on Versus with its settings and its source or run." if not capped else
                      f"Benchmark figures of the {len(per_entity)} highest-scored of {numbers.count(len(measured))} "
                      f"models and tools, with their settings and their source or run.", view, in_nav=True)]
    for rid, prov in data.runs.items():
        specs.append(PageSpec(paths.run(rid), f"Benchmark run {rid}",
                              f"Provenance of benchmark run {rid}: hardware, software, date and command.",
                              _run_page(rid, prov, runs[rid], site)))
    return specs
