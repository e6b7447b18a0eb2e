"""Machine-readable twins: every entity and comparison page has its data as JSON and CSV beside it, and
the site offers whole-catalog downloads. Built from the same typed models and scores as the pages, so a
number in a download is the number on the page.

Pure: Site -> {path: text}. Output is deterministic (sorted keys, fixed line ends, no dates but the data's).
"""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

import pandas as pd

from . import memory, paths
from .catalog import Pair
from .models import COMPONENTS, FACTS, SIGNALS, Entity
from .picks import PairPicks
from .scoring import Score
from .site import Site
from .verdict import decide

ROW_ORIGIN = {"file", "line"}   # where a benchmark row sits in our repository: not part of its data



def frame_table(frame: pd.DataFrame) -> tuple[list[str], list[list[Any]]]:
    """A frame as a header and rows, missing values as None (an empty cell), in the frame's order."""
    rows = [[None if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in row]
            for row in frame.itertuples(index=False, name=None)]
    return [str(c) for c in frame.columns], rows


def calculator_data(site: Site) -> dict[str, Any]:
    """Everything the calculator needs, in the units and with the constants of generator/memory.py, so
    that its numbers are the build's."""
    sel = site.selection
    eff = sel.efficiency.model
    models = []
    for eid, a in sorted(sel.architectures.items()):
        sizes = {r.precision: r.estimate.weights_gb for r in sel.fits
                 if r.entity_id == eid and r.estimate is not None and r.estimate.scope == "file size"}
        models.append({"id": eid, "name": site.catalog.entities[eid].name, **memory.architecture_json(a),
                       "file_sizes": dict(sorted(sizes.items()))})
    return {
        "formats": [{"id": f, "bits": memory.WEIGHT_FORMATS[f].bits_per_weight} for f in memory.TABLE_FORMATS],
        "caches": [{"id": c.id, "bytes": c.bytes_per_element} for c in memory.KV_PRECISIONS.values()],
        "overhead": {"fixed_gb": memory.OVERHEAD_FIXED_GB, "share": memory.OVERHEAD_SHARE},
        "unified": {"small": memory.UNIFIED_SHARE_SMALL, "large": memory.UNIFIED_SHARE_LARGE, "limit_gb": 32},
        "efficiency": None if eff is None else {"value": eff.value, "fixed_ms": eff.fixed_ms, "low": eff.low,
                                                "high": eff.high, "rows": eff.rows},
        "contexts": [2048, 4096, 8192, 16384, 32768, 65536, 131072],
        "tiers": list(sel.tiers),
        "models": models,
        "default_model": next((p.entity_id for a in sel.advice if a.task == "text-generation" and a.tier_gb == 24
                               for p in a.picks if p.kind == "largest"), models[0]["id"] if models else None),
        # video models: the published figures per clip size (no formula), for readers who script against them
        "video": [{"id": r.entity_id, "name": r.name, "resolution": r.resolution, "precision": r.precision,
                   "peak_gb": r.measured.value if r.measured else None,
                   "offload_gb": r.measured_offload.value if r.measured_offload else None,
                   "sources": sorted({x.source_url for x in (r.measured, r.measured_offload) if x and x.source_url})}
                  for r in sel.fits if r.task == "text-to-video" and r.resolution is not None],
        "devices": [{"id": d.id, "name": d.name, "kind": d.kind, "memory_gb": d.memory_gb,
                     "bandwidth_gb_s": d.bandwidth_gb_s} for d in sel.devices],
    }


def _dump(data: Any) -> str:
    # Compact: a twin sits beside every page, so indentation would be ~a third of their bytes at scale;
    # browsers and `jq` pretty-print on demand.
    return json.dumps(data, separators=(",", ":"), sort_keys=True, ensure_ascii=False) + "\n"


_FORMULA_START = frozenset("=+-@")


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")   # it writes None as an empty cell
    writer.writerow(header)
    # A leading = + - @ makes spreadsheets evaluate a cell: prefix such text so it stays text.
    writer.writerows([["'" + c if isinstance(c, str) and c[:1] in _FORMULA_START else c for c in row]
                      for row in rows])
    return buf.getvalue()


def score_json(score: Score) -> dict[str, Any]:
    """The score with everything the reader's-weights control needs to recompute it: each component's
    weight and points, the evidence quality, and the margin (the methodology's formula)."""
    return {"composite": score.composite, "coverage": score.coverage, "margin": score.margin,
            "interval": list(score.interval) if score.interval else None, "evidence": score.evidence,
            "components": {c.name: {"title": c.title, "weight": c.weight, "value": c.points, "note": c.note}
                           for c in score.components}}


def entity_json(e: Entity, site: Site) -> dict[str, Any]:
    data = e.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["score"] = score_json(site.scores[e.id])
    data["comparisons"] = [p.slug for p in site.catalog.pairs_of.get(e.id, [])]
    data["benchmarks"] = [r.model_dump(mode="json", exclude_none=True, exclude=ROW_ORIGIN)
                          for r in site.benchmarks.rows_for(e.id)]
    data["data_date"] = site.data_date.isoformat()
    return data


def entity_rows(e: Entity, site: Site) -> list[list[Any]]:
    """One row per number or fact: what, value, unit, source, date."""
    rows: list[list[Any]] = []
    for key in sorted(e.facts):
        f = e.facts[key]
        rows.append(["fact", key, f.value, f.unit, e.sources[f.source].url, f.as_of.isoformat()])
    for name in sorted(e.signals):
        s = e.signals[name]
        unit = "count of the family's repository" if s.scope == "family" else ""
        rows.append(["signal", name, s.value, unit, e.sources[s.source].url, s.as_of.isoformat()])
    score = site.scores[e.id]
    rows.append(["score", "composite", score.composite, "points (0-100)", "methodology",
                 site.data_date.isoformat()])
    rows.append(["score", "coverage", score.coverage, "share of weight with data", "methodology",
                 site.data_date.isoformat()])
    rows.append(["score", "margin", score.margin, "points (half-width of the interval)", "methodology",
                 site.data_date.isoformat()])
    rows.append(["score", "evidence", score.evidence, "evidence-quality points (0-100): set the margin",
                 "methodology", site.data_date.isoformat()])
    for c in score.components:
        rows.append(["score", c.name, c.points, "points (0-100)", "methodology", site.data_date.isoformat()])
    return rows


def scoring_json(site: Site) -> dict[str, Any]:
    """What the reader's-weights control needs besides the points: the order the build sums components
    in, the margin's constants, and the weights per type."""
    return {"order": list(COMPONENTS), "margin": site.scoring.margin.model_dump(),
            "weights": {t: dict(w) for t, w in site.scoring.weights.items()}}


def rankings_json(site: Site) -> dict[str, Any]:
    """The rankings page's twin: every entity's component points, evidence quality and type."""
    return {"scoring": scoring_json(site), "data_date": site.data_date.isoformat(),
            "entities": {e.id: {"name": e.name, "type": e.type, "kind": e.kind, "composite": s.composite,
                                "margin": s.margin, "evidence": s.evidence,
                                "points": {c.name: c.points for c in s.components}}
                         for e in site.catalog.entities.values() for s in (site.scores[e.id],)}}


def picks_json(picks: PairPicks | None) -> list[dict[str, Any]]:
    """"Which to pick", one object per use case: `pick` is an entity id, or null where the evidence does
    not separate the two; `citations` are source URLs or run ids."""
    if picks is None:
        return []
    return [{"use_case": p.use_case, "title": p.title, "pick": p.pick, "outcome": p.outcome, "reason": p.reason,
             "citations": [c.ref for c in p.citations], "values": list(p.values)} for p in picks.picks]


def pair_json(pair: Pair, site: Site, scores: dict[str, dict[str, Any]] | None = None,
              scoring: dict[str, Any] | None = None) -> dict[str, Any]:
    """`scores`: score_json of each entity, and `scoring`: scoring_json, when the caller has them already
    (they are the same in every pair)."""
    a, b = site.catalog.entities[pair.a], site.catalog.entities[pair.b]
    scoring = scoring or scoring_json(site)
    verdict = decide(a, b, site.scores[a.id], site.scores[b.id])
    shared = site.benchmarks.groups_with((a.id, b.id), every=True)   # an index, not a scan of every row
    score_a = scores[a.id] if scores else score_json(site.scores[a.id])
    score_b = scores[b.id] if scores else score_json(site.scores[b.id])
    return {
        "pair": pair.slug, "a": a.id, "b": b.id, "requested": pair.explicit, "why": pair.why,
        "scores": {a.id: score_a, b.id: score_b}, "scoring": scoring,
        "types": {a.id: a.type, b.id: b.type}, "names": {a.id: a.name, b.id: b.name},
        "headline": site.picks[pair.slug].headline if pair.slug in site.picks else None,
        "picks": picks_json(site.picks.get(pair.slug)),
        "verdict": {"headline": verdict.headline, "points": list(verdict.points), "margin": verdict.margin,
                    "same_kind": verdict.same_kind, "leader": verdict.leader},
        "benchmarks": [{"metric": g.metric, "unit": g.unit, "status": g.status, "source_url": g.source_url,
                        "settings": {k: v for k, v in g.settings if v is not None},
                        "values": {r.entity: r.value for i in (a.id, b.id) for r in g.rows_of(i)}}
                       for g in shared],
        "data_date": site.data_date.isoformat(),
    }


def pair_rows(pair: Pair, site: Site) -> list[list[Any]]:
    a, b = site.catalog.entities[pair.a], site.catalog.entities[pair.b]
    sa, sb = site.scores[a.id], site.scores[b.id]
    rows: list[list[Any]] = [["composite", sa.composite, sb.composite], ["coverage", sa.coverage, sb.coverage],
                             ["margin", sa.margin, sb.margin], ["evidence", sa.evidence, sb.evidence]]
    for name in COMPONENTS:
        ca, cb = sa.component(name), sb.component(name)
        if ca is not None or cb is not None:
            rows.append([name, ca.points if ca else None, cb.points if cb else None])
    for key in FACTS:
        if key in a.facts or key in b.facts:
            rows.append([f"fact:{key}", a.facts[key].value if key in a.facts else None,
                         b.facts[key].value if key in b.facts else None])
    for signal in SIGNALS:
        if signal in a.signals or signal in b.signals:
            rows.append([f"signal:{signal}", a.signals[signal].value if signal in a.signals else None,
                         b.signals[signal].value if signal in b.signals else None])
    rows.append(["capabilities", len(a.capabilities), len(b.capabilities)])
    rows.append(["times_matched", site.catalog.times_matched(a.id), site.catalog.times_matched(b.id)])
    return rows


def build(site: Site) -> dict[str, str]:
    out: dict[str, str] = {}
    dumps, all_rows, scores = [], [], {}
    for e in site.catalog.entities.values():
        data = entity_json(e, site)
        scores[e.id] = data["score"]
        out[paths.entity_json(e.id)] = dumped = _dump(data)
        rows = entity_rows(e, site)
        out[paths.entity_csv(e.id)] = _csv(["kind", "name", "value", "unit", "source", "as_of"], rows)
        dumps.append(dumped[:-1])
        all_rows += [[e.id, *row] for row in rows]
    scoring = scoring_json(site)
    for pair in site.catalog.pairs:
        out[paths.pair_json(pair.a, pair.b)] = _dump(pair_json(pair, site, scores, scoring))
        out[paths.pair_csv(pair.a, pair.b)] = _csv(["row", pair.a, pair.b], pair_rows(pair, site))
    # The list of every entity's twin is those twins joined: the same text as dumping it, encoded once.
    out[paths.ENTITIES_JSON] = "[" + ",".join(dumps) + "]\n"
    out[paths.ENTITIES_CSV] = _csv(["entity", "kind", "name", "value", "unit", "source", "as_of"], all_rows)
    bench = [r.model_dump(mode="json", exclude_none=True, exclude=ROW_ORIGIN) for r in site.benchmarks.rows]
    out[paths.BENCHMARKS_JSON] = _dump(bench)
    columns = [c for c in type(site.benchmarks.rows[0]).model_fields if c not in ("file", "line")] \
        if site.benchmarks.rows else ["entity"]
    out[paths.BENCHMARKS_CSV] = _csv(columns, [[getattr(r, c) for c in columns]
                                                         for r in site.benchmarks.rows])
    out[paths.FITS_CSV] = _csv(*frame_table(site.selection.fit_frame()))
    out[paths.DEVICES_CSV] = _csv(*frame_table(site.selection.device_frame()))
    out[paths.CALCULATOR_JSON] = _dump(calculator_data(site))
    out[paths.RANKINGS_JSON] = _dump(rankings_json(site))
    return out
