"""Golden comparison pages for "Which to pick", from a fixture built for it (tests/fixtures/picks): a
pair with a clear winner, a split pair, a pair with missing evidence, and the seed pair (a tutorial
repository beside a language model).

Regenerate after an intended change:  .venv/bin/python -m pytest tests/test_golden_picks.py --update-goldens
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import generate
from generator.pipeline import load

FIXTURE = Path(__file__).parent / "fixtures" / "picks"
GOLDEN = Path(__file__).parent / "golden" / "picks"
PAGES = {
    "clear-winner": "compare/nova-lm-vs-relic-lm.md",
    "split": "compare/nova-lm-vs-vast-lm.md",
    "missing-evidence": "compare/bare-lm-vs-nova-lm.md",
    "seed-pair": "compare/guides-repo-vs-nova-lm.md",
}


@pytest.mark.parametrize("case", sorted(PAGES))
def test_comparison_page_matches_its_golden_file(case: str, update_goldens: bool) -> None:
    output = generate(FIXTURE)
    assert output.errors == []
    page = output.files[PAGES[case]]
    golden = GOLDEN / f"{case}.md"
    if update_goldens:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(page)
    assert page == golden.read_text(), f"{PAGES[case]} differs from {golden}"


def test_the_four_cases_are_what_their_names_say() -> None:
    picks = load(FIXTURE).site.picks
    clear = picks["nova-lm-vs-relic-lm"]
    assert clear.leader == "nova-lm" and {p.pick for p in clear.picks} == {"nova-lm"}
    split = picks["nova-lm-vs-vast-lm"]
    assert split.leader is None and {p.pick for p in split.picks} >= {"nova-lm", "vast-lm"}
    bare = picks["bare-lm-vs-nova-lm"]
    assert all(p.pick is None for p in bare.picks) and bare.headline.startswith("Not enough evidence")
    seed = picks["guides-repo-vs-nova-lm"]
    assert not seed.same_kind and [p.pick for p in seed.picks] == ["guides-repo", "nova-lm"]
