"""The broken-file corpus: one case per validation rule, each with the exact report it must produce.

Regenerate the expected files after an intended change with:
    .venv/bin/python -m pytest tests/test_content_corpus.py --update-goldens
and review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.diagnostics import report
from generator.pipeline import load

CORPUS = Path(__file__).parent / "corpus" / "content"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def _project(case: Path, tmp_path: Path, mini: Path) -> Path:
    shutil.copytree(case, tmp_path / "p", ignore=shutil.ignore_patterns("expected.txt", "README"), symlinks=True)
    scoring = tmp_path / "p" / "content" / "scoring.yaml"
    if not scoring.exists():
        shutil.copy(mini / "content" / "scoring.yaml", scoring)
    return tmp_path / "p"


@pytest.mark.parametrize("name", CASES)
def test_case_reports_exactly_the_expected_diagnostics(name: str, tmp_path: Path, mini: Path,
                                                       update_goldens: bool) -> None:
    case = CORPUS / name
    result = load(_project(case, tmp_path, mini))
    got = report(result.diagnostics) + "\n"
    expected = case / "expected.txt"
    if update_goldens:
        expected.write_text(got)
    assert got == expected.read_text(), f"{name}: {(case / 'README').read_text()}"
    assert result.diagnostics, "every corpus case must produce at least one diagnostic"


def test_every_rule_id_in_the_validators_has_a_corpus_case() -> None:
    reported = set()
    for case in CASES:
        for line in (CORPUS / case / "expected.txt").read_text().splitlines():
            if "[" in line and "]" in line:
                reported.add(line.split("[", 1)[1].split("]", 1)[0])
    # rules that only the benchmark or size checks raise are covered by their own corpus
    content_rules = {"yaml-syntax", "duplicate-key", "yaml-alias", "yaml-tag", "yaml-date", "yaml-depth",
                     "file-too-large", "encoding-bom", "encoding-utf8", "empty-file", "required-field",
                     "unknown-field", "wrong-type", "bad-choice", "bad-id", "bad-url", "length", "out-of-range",
                     "not-finite", "bad-value", "bad-date", "id-filename", "model-task", "unknown-source",
                     "unknown-fact", "fact-unit", "fact-type", "duplicate-id", "duplicate-item", "self-pair",
                     "unused-source", "unknown-id", "incomparable-pair", "duplicate-pair", "weights-sum",
                     "as-of-after-source", "not-a-file", "unexpected-file", "future-date", "date-order",
                     "too-precise", "unknown-category"}
    assert content_rules - reported - {"bad-date"} == set()


def test_errors_stop_the_site_and_warnings_do_not(tmp_path: Path, mini: Path) -> None:
    assert load(_project(CORPUS / "unknown-field", tmp_path / "a", mini)).site is None
    assert load(_project(CORPUS / "unused-source", tmp_path / "b", mini)).site is not None
