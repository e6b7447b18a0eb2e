"""Benchmark tables and run provenance: the broken-file corpus, the shipped tables, comparable groups.

Each `tests/corpus/benchmarks/<name>.csv` (and `runs/<run-id>/provenance.yaml`) has the exact diagnostics it
must produce next to it (`<name>.expected`, `runs/<run-id>/provenance.expected`). Regenerate them after an
intended change with
    .venv/bin/python -m pytest tests/test_benchmarks.py --update-goldens
and review the diff.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from generator.benchmarks import BenchmarkData, validate_benchmarks
from generator.dates import latest_date
from generator.diagnostics import unique_sorted
from generator.models.benchmark import COLUMNS, FORMAT, METRICS, UNITS
from generator.sources import parse_csv, read_csv, read_yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "benchmarks"
CSV_CASES = sorted(p.stem for p in CORPUS.glob("*.csv"))
RUN_CASES = sorted(p.parent.name for p in (CORPUS / "runs").glob("*/provenance.yaml"))
# The final model ids (content/entities is written in parallel; the tables must resolve against these).
ENTITY_IDS = {"sd-1-5", "sdxl", "sd-3-5-medium", "sd-3-5-large", "flux-1-dev", "flux-1-schnell", "phi-3-5-mini",
              "phi-3-mini", "mistral-7b", "tinyllama-1-1b", "llama-2-7b", "llama-3-1-8b", "qwen2-5-3b", "gemma-2-2b"}
RULES = {"format-version", "missing-column", "unknown-column", "duplicate-column", "unknown-entity", "unknown-metric", "unknown-unit",
         "metric-task", "not-a-number", "not-finite", "out-of-range", "missing-provenance", "status-origin",
         "duplicate-measurement", "bad-choice", "bad-id", "bad-url", "bad-date", "bad-value", "required-field",
         "csv-columns", "unknown-field", "wrong-type", "length", "future-date", "too-precise"}


def _good_run():
    raw, problems = read_yaml(CORPUS / "runs" / "good-run" / "provenance.yaml", ROOT)
    assert raw is not None and not problems
    return raw


def _check(got: str, expected: Path, update: bool) -> None:
    if update:
        expected.write_text(got)
    assert got == expected.read_text()


def _lines(diagnostics) -> str:
    return "".join(d.format() + "\n" for d in unique_sorted(diagnostics))


@pytest.mark.parametrize("name", CSV_CASES)
def test_csv_case_reports_exactly_the_expected_diagnostics(name: str, update_goldens: bool) -> None:
    path = CORPUS / f"{name}.csv"
    table, problems = parse_csv(path.read_text(), path.relative_to(ROOT).as_posix())
    assert table is not None
    _, diags = validate_benchmarks([table], [_good_run()], ENTITY_IDS, latest_date())
    _check(_lines(problems + diags), CORPUS / f"{name}.expected", update_goldens)
    assert bool(problems + diags) == (name != "good"), "every broken case reports something; `good` nothing"


@pytest.mark.parametrize("run_id", RUN_CASES)
def test_provenance_case_reports_exactly_the_expected_diagnostics(run_id: str, update_goldens: bool) -> None:
    raw, problems = read_yaml(CORPUS / "runs" / run_id / "provenance.yaml", ROOT)
    assert raw is not None
    data, diags = validate_benchmarks([], [raw], ENTITY_IDS, latest_date())
    _check(_lines(problems + diags), CORPUS / "runs" / run_id / "provenance.expected", update_goldens)
    assert (run_id in data.runs) == (run_id == "good-run")


def test_every_benchmark_rule_has_a_corpus_case() -> None:
    reported = set()
    for expected in [*CORPUS.glob("*.expected"), *CORPUS.glob("runs/*/provenance.expected")]:
        for line in expected.read_text().splitlines():
            reported.add(line.split("[", 1)[1].split("]", 1)[0])
    assert RULES - reported == set()


def test_a_broken_row_reports_all_its_problems_at_once() -> None:
    text = (f"# format: {FORMAT}\n{','.join(COLUMNS)}\n"
            "sdxl-1,text-to-image,image_latancy,nan,s/image,reportd,,,,,0,,,,,,,,,,\n")
    table, _ = parse_csv(text, "benchmarks/x.csv")
    data, diags = validate_benchmarks([table], [], ENTITY_IDS)
    assert data.rows == ()
    assert [(d.rule, d.col) for d in diags] == [("unknown-entity", 1), ("unknown-metric", 3), ("not-finite", 4),
                                                ("bad-choice", 6), ("out-of-range", 11),
                                                ("missing-provenance", 17)]
    assert all(d.line == 3 for d in diags)


def test_a_refused_format_keeps_every_row_out() -> None:
    path = CORPUS / "format-newer.csv"
    table, _ = parse_csv(path.read_text(), "benchmarks/format-newer.csv")
    data, diags = validate_benchmarks([table], [], ENTITY_IDS)
    assert data.rows == () and [d.rule for d in diags] == ["format-version"]
    assert diags[0].line == 2   # the preamble line that names the format


def test_duplicates_across_files_name_the_other_file() -> None:
    path = CORPUS / "good.csv"
    a, _ = parse_csv(path.read_text(), "benchmarks/a.csv")
    b, _ = parse_csv(path.read_text(), "benchmarks/b.csv")
    _, diags = validate_benchmarks([b, a], [_good_run()], ENTITY_IDS)
    assert [(d.file, d.line, d.rule) for d in diags] == [("benchmarks/b.csv", 4, "duplicate-measurement"),
                                                         ("benchmarks/b.csv", 5, "duplicate-measurement")]
    assert "benchmarks/a.csv:4" in diags[0].message


# ---- the registry and its documentation -------------------------------------------------------------

def test_every_metric_has_a_registered_unit_and_a_task() -> None:
    for name, spec in METRICS.items():
        assert spec.unit in UNITS, name
        assert spec.tasks <= {"text-to-image", "text-generation"}, name


def test_the_readme_documents_every_column_metric_and_rule() -> None:
    readme = (ROOT / "benchmarks" / "README.md").read_text()
    for name in (*COLUMNS, *RULES - {"csv-columns", "unknown-field", "wrong-type"}):
        assert f"`{name}`" in readme, name
    for name, spec in METRICS.items():
        assert f"| `{name}` | `{spec.unit}` |" in readme, name


# ---- the shipped tables -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped() -> BenchmarkData:
    tables = [read_csv(p, ROOT)[0] for p in sorted((ROOT / "benchmarks").glob("**/*.csv"))]
    runs = [read_yaml(p, ROOT)[0] for p in sorted((ROOT / "benchmarks").glob("runs/*/provenance.yaml"))]
    # the shipped tables resolve against the shipped catalog (the corpus cases use the fixed ids above)
    catalog = {p.stem for p in (ROOT / "content" / "entities").glob("*.yaml")}
    data, diags = validate_benchmarks(tables, runs, catalog)
    assert [d.format() for d in diags] == []
    return data


def test_the_published_tables_validate_clean_and_keep_their_rows(shipped: BenchmarkData) -> None:
    published = [r for r in shipped.rows if r.file.startswith("benchmarks/published/")]
    # Properties only: the real tables change as figures are checked against their sources.
    assert {r.file for r in published} >= {"benchmarks/published/image.csv", "benchmarks/published/llm.csv"}
    assert all(r.status == "reported" and r.source_url and r.retrieved for r in published)
    assert all(math.isfinite(r.value) and r.value > 0 for r in published)


def test_rows_left_out_of_the_published_tables_stay_out(shipped: BenchmarkData) -> None:
    # [verify]-marked Llama 2 rows, Llama 3 (not 3.1) rows, and the L20 FLUX rows of unverified resolution.
    # Llama 2 7B rows return only from the benchmark README pinned to a revision, where they were checked.
    assert all("/blob/eafac9d26ac593f8e7dd353415dddf0c19de84b2/" in (r.source_url or "")
               for r in shipped.rows_for("llama-2-7b"))
    # FLUX.1 dev rows come only from the pinned diffusers quantization blog, never the unverified L20 rows
    assert all("/blob/0b53cb19406564a21da2bff693a71a08e73538ee/" in (r.source_url or "")
               for r in shipped.rows_for("flux-1-dev"))
    assert not any(r.gpu == "NVIDIA L20" or r.gpu == "NVIDIA A40" for r in shipped.rows)
    assert not any(r.gpu == "NVIDIA T4" and r.batch == 16 for r in shipped.rows)  # the unit is unclear there


def test_comparable_groups_compare_only_like_with_like(shipped: BenchmarkData) -> None:
    groups = shipped.groups("text-to-image", "iterations_per_second")
    for g in groups:
        assert len({r.settings for r in g.rows}) == 1 and len({r.source_url for r in g.rows}) == 1
    sizes = {(dict(g.settings)["gpu"], dict(g.settings)["batch"]): len(g.rows) for g in groups}
    assert sizes[("NVIDIA A100", 1)] == 1   # four software set-ups: four groups, one row each
    mmlu = {g.source_url: g.entities for g in shipped.groups("text-generation", "mmlu_5shot")}
    assert mmlu["https://huggingface.co/microsoft/Phi-3.5-mini-instruct"] == ("llama-3-1-8b", "phi-3-5-mini")
    assert len(mmlu) == 3   # three sources, never mixed


def test_the_data_keeps_file_and_line_for_every_row(shipped: BenchmarkData) -> None:
    first = shipped.rows_for("sd-1-5")[0]
    assert (first.file, first.line) == ("benchmarks/published/image.csv", 4)
    assert first.value == 21.66 and first.unit == "it/s" and first.batch == 1
    lines = [(r.file, r.line) for r in shipped.rows]
    assert lines == sorted(lines)
