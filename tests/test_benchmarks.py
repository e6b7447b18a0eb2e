"""Benchmark tables and run provenance: the broken-file corpus, a frozen excerpt with pinned groups, and
properties of the shipped tables (which pin nothing: a pull request may add or correct any row).

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
from generator.sources import gather, parse_csv, read_csv, read_yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "benchmarks"
CSV_CASES = sorted(p.stem for p in CORPUS.glob("*.csv"))
RUN_CASES = sorted(p.parent.name for p in (CORPUS / "runs").glob("*/provenance.yaml"))
FIXTURE = ROOT / "tests" / "fixtures" / "benchmarks" / "groups.csv"
# The entity ids the corpus and the fixture tables name (the shipped tables resolve against content/ instead).
ENTITY_IDS = {"sd-1-5", "sdxl", "sd-3-5-medium", "sd-3-5-large", "flux-1-dev", "flux-1-schnell", "phi-3-5-mini",
              "phi-3-mini", "mistral-7b", "tinyllama-1-1b", "llama-2-7b", "llama-3-1-8b", "qwen2-5-3b", "gemma-2-2b"}
RULES = {"format-version", "missing-column", "unknown-column", "duplicate-column", "unknown-entity", "unknown-metric", "unknown-unit",
         "metric-task", "not-a-number", "not-finite", "out-of-range", "missing-provenance", "status-origin",
         "duplicate-measurement", "bad-choice", "bad-id", "bad-url", "bad-date", "bad-value", "required-field",
         "csv-columns", "unknown-field", "wrong-type", "length", "future-date", "too-precise", "date-order"}


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
    row = "sdxl-1,text-to-image,image_latancy,nan,s/image,reportd,,,,,0,,,,,,,,,,,"
    table, _ = parse_csv(f"# format: {FORMAT}\n{','.join(COLUMNS)}\n{row}\n", "benchmarks/x.csv")
    data, diags = validate_benchmarks([table], [], ENTITY_IDS)
    assert data.rows == ()
    # The column is the character where the cell starts, as editors and GitHub annotations count.
    assert [(d.rule, d.col) for d in diags] == [("unknown-entity", 1), ("unknown-metric", 22), ("not-finite", 36),
                                                ("bad-choice", 48), ("out-of-range", 60),
                                                ("missing-provenance", 67)]
    assert [row[d.col - 1:].split(",")[0] for d in diags] == ["sdxl-1", "image_latancy", "nan", "reportd", "0", ""]
    assert all(d.line == 3 for d in diags)


def test_a_cell_count_problem_points_where_the_cells_go_wrong() -> None:
    header = ",".join(COLUMNS)
    short_row = "sdxl,text-to-image,image_latency,2.5,s/image,reported,,,,,1,,,,,,,https://example.org/b,,2026-11-26"
    long_row = 'sdxl,text-to-image,image_latency,2.5,s/image,reported,,,,,1,,,,diffusers, torch,,,,,2026-11-26,,'
    table, problems = parse_csv(f"# format: {FORMAT}\n{header}\n{short_row}\n{long_row}\n", "benchmarks/x.csv")
    assert table is not None and table.rows == []
    few, many = problems
    assert (few.rule, few.line, few.col) == ("csv-columns", 3, len(short_row) + 1)   # past the end: where it is missing
    assert "every column needs a cell" in few.hint and "quote" not in few.hint
    assert (many.rule, many.line) == ("csv-columns", 4) and "quoted" in many.hint


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

def test_a_figure_shows_its_sources_own_date_or_says_when_it_was_read() -> None:
    from dataclasses import replace

    from generator.pages.citations import Citations
    from generator.pages.measurements import value_cell

    path = CORPUS / "date-order.csv"
    table, _ = parse_csv(path.read_text(), path.relative_to(ROOT).as_posix())
    dated = table.rows[2]   # the case's one valid row: published 2026-01-10, read 2026-02-01
    undated = replace(dated, values={**dated.values, "published": "", "metric": "peak_memory", "unit": "GB"})
    data, diags = validate_benchmarks([replace(table, rows=[dated, undated])], [], ENTITY_IDS)
    assert not diags
    assert [value_cell(row, "compare/x/", Citations()).as_of for row in data.rows] == ["2026-01-10", "read 2026-02-01"]


def test_every_metric_has_a_registered_unit_and_a_task() -> None:
    for name, spec in METRICS.items():
        assert spec.unit in UNITS, name
        assert spec.tasks <= {"text-to-image", "text-generation", "text-to-video"}, name


def test_the_readme_documents_every_column_metric_and_rule() -> None:
    readme = (ROOT / "benchmarks" / "README.md").read_text()
    for name in (*COLUMNS, *RULES - {"csv-columns", "unknown-field", "wrong-type"}):
        assert f"`{name}`" in readme, name
    for name, spec in METRICS.items():
        assert f"| `{name}` | `{spec.unit}` |" in readme, name


# ---- a frozen excerpt: the pinned expectations ------------------------------------------------------

@pytest.fixture(scope="module")
def excerpt() -> BenchmarkData:
    table, problems = read_csv(FIXTURE, ROOT)
    assert table is not None and not problems
    data, diags = validate_benchmarks([table], [], ENTITY_IDS)
    assert [d.format() for d in diags] == []
    return data


def test_comparable_groups_keep_software_set_ups_and_sources_apart(excerpt: BenchmarkData) -> None:
    groups = excerpt.groups("text-to-image", "iterations_per_second")
    sizes = {(dict(g.settings)["batch"], dict(g.settings)["software"], dict(g.settings)["options"]): len(g.rows)
             for g in groups}
    assert len(sizes) == 8 and set(sizes.values()) == {1}   # 2 batch sizes x 4 software set-ups, one row each
    mmlu = {g.source_url: g.entities for g in excerpt.groups("text-generation", "mmlu_5shot")}
    assert mmlu["https://huggingface.co/microsoft/Phi-3.5-mini-instruct"] == ("llama-3-1-8b", "mistral-7b",
                                                                              "phi-3-5-mini")
    assert len(mmlu) == 3   # three sources, never mixed


def test_the_data_keeps_file_and_line_for_every_row(excerpt: BenchmarkData) -> None:
    first = excerpt.rows_for("sd-1-5")[0]
    assert (first.file, first.line) == (FIXTURE.relative_to(ROOT).as_posix(), 4)
    assert first.value == 21.66 and first.unit == "it/s" and first.batch == 1


# ---- the shipped tables: properties only -----------------------------------------------------------
# A pull request adds and corrects rows: these hold for any valid tables, and pin no count, id or value.

@pytest.fixture(scope="module")
def shipped() -> BenchmarkData:
    tables = [read_csv(p, ROOT)[0] for p in sorted((ROOT / "benchmarks").glob("**/*.csv"))]
    runs = [read_yaml(p, ROOT)[0] for p in sorted((ROOT / "benchmarks").glob("runs/*/provenance.yaml"))]
    known = {raw.doc.data["id"] for raw in gather(ROOT).entities}
    data, diags = validate_benchmarks(tables, runs, known)
    assert [d.format() for d in diags] == []
    return data


@pytest.mark.content
def test_every_published_row_is_reported_with_its_source_and_date(shipped: BenchmarkData) -> None:
    published = [r for r in shipped.rows if r.file.startswith("benchmarks/published/")]
    assert published
    assert all(r.status == "reported" and r.source_url and r.retrieved for r in published)
    assert all(math.isfinite(r.value) and r.value > 0 for r in published)


@pytest.mark.content
def test_shipped_groups_compare_only_like_with_like(shipped: BenchmarkData) -> None:
    for task, metric in sorted({(r.task, r.metric) for r in shipped.rows}):
        for g in shipped.groups(task, metric):
            assert len({r.settings for r in g.rows}) == 1, (task, metric)
            assert len({r.status for r in g.rows}) == 1, (task, metric)
            if g.rows[0].status == "reported":
                assert len({r.source_url for r in g.rows}) == 1, (task, metric)


@pytest.mark.content
def test_shipped_rows_keep_their_file_and_line(shipped: BenchmarkData) -> None:
    lines = [(r.file, r.line) for r in shipped.rows]
    assert lines == sorted(lines)
    for r in shipped.rows:
        text = (ROOT / r.file).read_text(encoding="utf-8").splitlines()[r.line - 1]
        assert text.startswith(r.entity + ","), (r.file, r.line)
