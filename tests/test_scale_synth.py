"""The scale benchmark's synthetic content is valid content: a benchmark of a build that refuses its
input would measure nothing. Correctness only; the timings live in benchmarks/scale.py and SCALE.md."""

from __future__ import annotations


import pytest

from generator.pipeline import load
from generator.sources import gather



@pytest.fixture(scope="module")
def synth(scale, tmp_path_factory):
    return scale.synthesize(tmp_path_factory.mktemp("synth") / "project", 30)


def test_synthetic_content_loads_without_any_diagnostic(synth):
    result = load(synth.root)
    assert [d.format() for d in result.diagnostics] == []
    assert result.site is not None
    catalog = result.catalog
    assert len(catalog.entities) == 30
    assert len(catalog.faq) == synth.faq == 6
    assert len(catalog.pairs) == synth.pairs_expected


def test_every_entity_has_alternatives_of_its_own_kind(synth):
    catalog = load(synth.root).catalog
    for e in catalog.entities.values():
        assert e.alternatives, e.id
        assert all(catalog.entities[a].kind == e.kind for a in e.alternatives)
    # in the big groups an entity has ten alternatives, which gives ~N*10/2 pairs at scale
    assert max(len(e.alternatives) for e in catalog.entities.values()) == 10


def test_synthetic_benchmark_rows_are_valid(synth):
    benchmarks = pytest.importorskip("generator.benchmarks")
    raw = gather(synth.root)
    ids = {r.doc.data["id"] for r in raw.entities}
    data, diags = benchmarks.validate_benchmarks(raw.benchmark_tables, raw.run_provenance, ids)
    assert [d.format() for d in diags] == []
    assert len(data.rows) == synth.benchmark_rows > 0


def test_the_same_seed_writes_the_same_files(scale, synth, tmp_path):
    again = scale.synthesize(tmp_path / "again", 30)
    for path in sorted((synth.root / "content").rglob("*.yaml")):
        twin = again.root / path.relative_to(synth.root)
        assert twin.read_bytes() == path.read_bytes(), path.name


def test_floor_config_drops_the_plugin_and_keeps_hubs_in_the_nav(scale, synth):
    nav = {"index.md", "compare/index.md", "entities/index.md"}
    generated = ["index.md", "compare/index.md", "compare/a-vs-b.md", "entities/index.md", "entities/a.md",
                 "orphan.md"]
    text = scale.floor_config(synth.root, "floor-docs", nav, generated).read_text()
    assert "- versus" not in text and "docs_dir: floor-docs" in text
    assert "/compare/*.md" in text and "!/compare/index.md" in text and "/orphan.md" in text
    assert "!/index.md" not in text
