"""Machine-readable twins: each entity and comparison has its data as JSON and CSV, from the same models
and scores as its page, and the site offers whole-catalog downloads."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from generator import paths, twins
from generator.build import generate
from generator.pipeline import load


def test_every_entity_and_pair_has_json_and_csv(mini: Path) -> None:
    files = generate(mini).files
    site = load(mini).site
    for eid in site.catalog.entities:
        assert f"entities/{eid}.json" in files and f"entities/{eid}.csv" in files
    for pair in site.catalog.pairs:
        assert f"compare/{pair.slug}.json" in files and f"compare/{pair.slug}.csv" in files
    for name in ("entities.json", "entities.csv", "benchmarks.json", "benchmarks.csv"):
        assert f"downloads/{name}" in files


def test_twins_carry_the_numbers_the_pages_show(mini: Path) -> None:
    site = load(mini).site
    out = twins.build(site)
    alpha = json.loads(out["entities/alpha-lm.json"])
    assert alpha["score"]["composite"] == site.scores["alpha-lm"].composite
    assert alpha["score"]["components"]["benchmarks"]["value"] is None    # missing stays missing
    assert alpha["facts"]["context_length"]["value"] == 131072
    rows = list(csv.DictReader(io.StringIO(out["entities/alpha-lm.csv"])))
    params = next(r for r in rows if r["name"] == "parameters")
    assert (params["value"], params["unit"], params["source"]) == ("3.8", "B", "https://example.org/alpha")
    bench = next(r for r in rows if r["name"] == "benchmarks")
    assert bench["value"] == ""                                           # not "0"
    pair = json.loads(out["compare/alpha-lm-vs-guides-repo.json"])
    assert pair["requested"] is True and pair["headline"].startswith("Different jobs")
    assert [p["pick"] for p in pair["picks"]] == ["alpha-lm", "guides-repo"]
    same = json.loads(out["compare/alpha-lm-vs-beta-lm.json"])
    for p in same["picks"]:
        assert set(p) >= {"use_case", "pick", "reason", "citations"}
        assert p["pick"] in (None, "alpha-lm", "beta-lm")
        assert all(c.startswith("https://") or c for c in p["citations"])
    ranking = json.loads(out[paths.RANKINGS_JSON])
    assert ranking["entities"]["alpha-lm"]["composite"] == site.scores["alpha-lm"].composite
    everything = json.loads(out["downloads/entities.json"])
    assert [e["id"] for e in everything] == sorted(site.catalog.entities)


def test_csv_cells_cannot_become_spreadsheet_formulas() -> None:
    text = twins._csv(["a", "b", "c"], [["=HYPERLINK(1)", "", "-3 note"]])
    assert text.splitlines()[1] == "'=HYPERLINK(1),,'-3 note"


def test_twins_are_deterministic(mini: Path) -> None:
    assert twins.build(load(mini).site) == twins.build(load(mini).site)


def test_fit_download_holds_every_verdict_the_selection_pages_show(mini: Path) -> None:
    site = load(mini).site
    rows = list(csv.DictReader(io.StringIO(twins.build(site)[paths.FITS_CSV])))
    assert len(rows) == len(site.selection.fits) > 0
    for row, fit in zip(rows, site.selection.fits):
        assert (row["entity"], row["weight_format"]) == (fit.entity_id, fit.precision)
        assert row["kv_cache"] == (fit.kv_cache or "") and row["context"] == ("" if fit.context is None
                                                                              else str(fit.context))
        for tier in site.selection.tiers:
            assert row[f"verdict_{tier}gb"] == fit.cell(tier).verdict
        if fit.need_gb is None:
            assert row["need_gb"] == "" and row["basis"] == ""           # missing stays missing
        else:
            assert float(row["need_gb"]) == round(fit.need_gb, 2)
    page = generate(mini).files["selection/text-generation.md"]
    assert 'href="../../downloads/selection-fits.csv"' in page
