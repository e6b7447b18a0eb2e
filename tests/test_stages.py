"""Unit tests of the pure stages on tiny inline data and the mini fixture corpus."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from markupsafe import escape

from generator.models.benchmark import METRICS
from generator import markup
from generator.catalog import pair_slug
from generator import paths
from generator.pipeline import load
from generator.models.common import partial_date_start as to_date
from generator.scoring import Component, Score, composite_of, log_scaled
from generator.verdict import beyond, decide
from generator.yaml_tree import parse


# ---- yaml_tree -------------------------------------------------------------------------------------

def test_yaml_core_schema_keeps_no_and_versions_as_written() -> None:
    doc, problems = parse("a: no\nb: 3.10\nc: '3.10'\nd: true\ne: 2024-08-20\n", "x.yaml")
    assert problems == []
    assert doc.data == {"a": "no", "b": 3.1, "c": "3.10", "d": True, "e": dt.date(2024, 8, 20)}
    assert doc.raw[("b",)] == "3.10"          # the text as written, for the "quote it" hint
    assert ("c",) not in doc.raw              # quoted scalars are not plain


def test_yaml_positions_point_at_keys_and_values() -> None:
    doc, _ = parse("top:\n  inner: [1, 2]\n", "x.yaml")
    assert doc.position(("top", "inner", 1)) == (2, 14)
    assert doc.position(("top", "inner"), key=True) == (2, 3)
    assert doc.position(("top", "missing")) == (2, 3)   # nearest known ancestor


def test_billion_laughs_is_refused_without_expanding() -> None:
    text = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    doc, problems = parse(text, "x.yaml")
    assert doc is None and problems[0].rule == "yaml-alias"


# ---- scoring ---------------------------------------------------------------------------------------

def test_log_scale_is_zero_at_zero_and_saturates() -> None:
    assert log_scaled(0, 100) == 0
    assert log_scaled(100, 100) == pytest.approx(1)
    assert log_scaled(10**9, 100) == 1


def test_partial_dates_count_from_their_first_day() -> None:
    assert to_date("2024") == dt.date(2024, 1, 1)
    assert to_date("2024-08") == dt.date(2024, 8, 1)


def test_missing_components_are_no_data_not_zero(mini: Path) -> None:
    site = load(mini).site
    beta = site.scores["beta-lm"]
    assert beta.component("adoption").value is None          # no signal recorded
    assert beta.component("ecosystem") is None               # not a component of models
    alpha = site.scores["alpha-lm"]
    assert alpha.component("adoption").value is not None
    # the composite rests only on components with data, and says how much of the weight that is
    with_data = [c for c in alpha.components if c.value is not None]
    assert alpha.coverage == pytest.approx(sum(c.weight for c in with_data))
    expected = sum(c.weight * c.points for c in with_data) / sum(c.weight for c in with_data)
    assert alpha.composite == pytest.approx(expected, abs=0.051)


def test_evidence_quality_sets_the_margin_not_the_score(mini: Path) -> None:
    from generator.scoring import margin_of
    site = load(mini).site
    cfg = site.scoring
    alpha = site.scores["alpha-lm"]
    assert "quality" not in {c.name for c in alpha.components}
    weaker = cfg.model_copy(update={"margin": cfg.margin.model_copy(
        update={"per_missing_evidence": cfg.margin.per_missing_evidence * 3})})
    assert margin_of(alpha.coverage, alpha.evidence, weaker) > alpha.margin   # evidence widens the margin only
    assert margin_of(1.0, 100.0, cfg) == cfg.margin.base_points
    lo, hi = alpha.interval
    assert lo == pytest.approx(alpha.composite - alpha.margin) and hi <= 100


def test_the_match_graph_is_not_part_of_any_score(root: Path) -> None:
    site = load(root).site
    names = {c.name for s in site.scores.values() for c in s.components}
    assert "match_graph" not in names and "quality" not in names


def test_composite_of_is_the_published_formula() -> None:
    from generator.scoring import composite_of
    assert composite_of({"adoption": 50.0, "freshness": None}, {"adoption": 0.6, "freshness": 0.4}) == (50.0, 0.6)
    assert composite_of({"adoption": 50.0, "freshness": 100.0}, {"adoption": 0.5, "freshness": 0.5}) == (75.0, 1.0)
    assert composite_of({"adoption": None}, {"adoption": 1.0}) == (None, 0.0)


def test_benchmarks_are_scaled_within_their_comparable_group(root: Path) -> None:
    site = load(root).site
    for s in site.scores.values():
        c = s.component("benchmarks")
        if c is not None and c.value is not None:
            assert 0 < c.value <= 1
    # each entity's value is the mean, over the comparable groups it shares with another entity, of its
    # value as a share of the group's best; the group's best scores 1 in that group
    shares: dict[str, list[float]] = {}
    for metric in site.scoring.benchmarks.metrics:
        for g in site.benchmarks.groups(metric=metric):
            values = {i: r.value for i in g.entities if (r := g.row_of(i)) is not None}
            if len(values) < 2:
                continue
            higher = METRICS[metric].higher_is_better
            best = max(values.values()) if higher else min(values.values())
            for i, v in values.items():
                shares.setdefault(i, []).append(v / best if higher else best / v)
    assert shares and any(all(s == 1 for s in sh) for sh in shares.values())
    for eid, sh in shares.items():
        assert site.scores[eid].component("benchmarks").value == pytest.approx(sum(sh) / len(sh)), eid


def test_freshness_is_measured_to_the_data_date_not_today(mini: Path) -> None:
    site = load(mini).site
    assert site.data_date == dt.date(2026, 1, 10)
    fresh = site.scores["alpha-lm"].component("freshness")
    age = (dt.date(2026, 1, 10) - dt.date(2024, 8, 20)).days
    assert fresh.value == pytest.approx(0.5 ** (age / site.scoring.freshness_half_life_days))


# ---- catalog ---------------------------------------------------------------------------------------

def test_pairs_are_canonical_and_unique(mini: Path) -> None:
    catalog = load(mini).catalog
    assert [p.slug for p in catalog.pairs] == ["alpha-lm-vs-beta-lm", "alpha-lm-vs-guides-repo"]
    assert pair_slug("beta-lm", "alpha-lm") == pair_slug("alpha-lm", "beta-lm") == "alpha-lm-vs-beta-lm"
    explicit = {p.slug: p.explicit for p in catalog.pairs}
    assert explicit == {"alpha-lm-vs-beta-lm": False, "alpha-lm-vs-guides-repo": True}
    assert catalog.times_matched("alpha-lm") == 2


# ---- verdict ---------------------------------------------------------------------------------------

def test_verdict_of_different_kinds_never_compares_scores(mini: Path) -> None:
    site = load(mini).site
    a, b = site.catalog.entities["alpha-lm"], site.catalog.entities["guides-repo"]
    v = decide(a, b, site.scores[a.id], site.scores[b.id])
    assert not v.same_kind and "not compared" in v.headline and v.points == () and v.leader is None


def test_verdict_never_claims_a_lead_inside_the_margin(mini: Path) -> None:
    site = load(mini).site
    a, b = site.catalog.entities["alpha-lm"], site.catalog.entities["beta-lm"]
    sa, sb = site.scores[a.id], site.scores[b.id]
    v = decide(a, b, sa, sb)
    if not beyond(sa.composite - sb.composite, v.margin):
        assert v.headline.startswith("Scores too close to call") and v.leader is None
    else:   # a lead, or none where it rests on components one side lacks (the tests below)
        assert ("scores higher" in v.headline) == (v.leader is not None)
        assert v.leader is not None or v.headline.startswith("No score lead")
    # a component with data on one side only is never a lead
    adoption = next(p for p in v.points if p.startswith("Adoption"))
    assert "no comparison" in adoption and "leads" not in adoption


def _score(margin: float, **values: float | None) -> Score:
    weights = {"benchmarks": 0.3, "openness": 0.15, "efficiency": 0.2, "adoption": 0.2, "freshness": 0.15}
    components = tuple(Component(n, n.title(), weights[n], v, (), "") for n, v in values.items())  # type: ignore[arg-type]
    composite, coverage = composite_of({c.name: c.points for c in components}, weights)  # type: ignore[misc]
    return Score(composite, coverage, components, 100.0, (), margin)


@pytest.mark.parametrize(("b_openness", "leader", "says"), [
    (0.5, None, "scored on the components both have data for, Alpha LM gets 50.0 and Beta LM 50.0, inside the"),
    (0.1, "alpha-lm", "Alpha LM scores higher"),     # what both have gives the same lead
    (0.7, None, "Alpha LM gets 50.0 and Beta LM 70.0, so Beta LM is ahead by more than the combined margin"),
    (None, None, "they have no scored component in common"),
])
def test_a_lead_counts_only_when_the_components_both_have_give_it(mini: Path, b_openness: float | None,
                                                                   leader: str | None, says: str) -> None:
    site = load(mini).site
    a, b = site.catalog.entities["alpha-lm"], site.catalog.entities["beta-lm"]
    sa = _score(2.0, benchmarks=0.95, openness=0.5)     # 80.0: Beta LM has no benchmark data
    sb = _score(2.0, benchmarks=None, openness=b_openness) if b_openness is not None else \
        _score(2.0, benchmarks=None, openness=None, efficiency=0.1)
    v = decide(a, b, sa, sb)
    assert v.leader == leader and says in v.headline
    if leader is None:
        assert v.headline.startswith("No score lead: Alpha LM is ahead overall, 80.0 ± 2.0 against")
        assert "but only Alpha LM has data for benchmarks" in v.headline


def test_the_components_one_side_lacks_are_named_per_side_in_running_text(mini: Path) -> None:
    site = load(mini).site
    a, b = site.catalog.entities["alpha-lm"], site.catalog.entities["beta-lm"]
    sa = _score(2.0, benchmarks=0.95, openness=0.5, efficiency=None, adoption=None)
    sb = _score(2.0, benchmarks=None, openness=0.5, efficiency=0.1, adoption=0.1)
    assert "but only Alpha LM has data for benchmarks, and only Beta LM for efficiency and adoption;" \
        in decide(a, b, sa, sb).headline
    sb = _score(2.0, benchmarks=None, openness=0.5, efficiency=None, adoption=None, freshness=None)
    sa = _score(2.0, benchmarks=0.95, openness=0.5, efficiency=0.9, adoption=0.9, freshness=None)
    assert "only Alpha LM has data for benchmarks, efficiency, and adoption;" in decide(a, b, sa, sb).headline


def test_a_difference_equal_to_the_margin_is_not_beyond_it() -> None:
    assert not beyond(90.5 - 70.1, 20.4) and beyond(90.6 - 70.1, 20.4) and not beyond(-20.4, 20.4)


def test_close_scores_are_too_close_to_call(mini: Path) -> None:
    from dataclasses import replace
    site = load(mini).site
    a, b = site.catalog.entities["alpha-lm"], site.catalog.entities["beta-lm"]
    sa = site.scores[a.id]
    sb = replace(site.scores[b.id], composite=sa.composite + 0.5)
    assert decide(a, b, sa, sb).headline.startswith("Scores too close to call")


# ---- markup and paths ------------------------------------------------------------------------------

@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", "[x](javascript:alert(1))",
                                     "{: onclick=alert(1) }", "&lt;b&gt;", "*[HTML]: x", "- item", "1. item"])
def test_heading_text_has_no_markup_characters_left(hostile: str) -> None:
    out = markup.heading_markdown(str(escape(hostile)))
    assert not set(out) & set("<>[]{}()*`|") - {"&", "#", ";"} or "&#" in out
    assert "<" not in out and "[" not in out and "{" not in out


def test_external_links_accept_only_http() -> None:
    assert markup.safe_url("javascript:alert(1)") == "#"
    assert markup.safe_url("data:text/html,x") == "#"
    assert markup.safe_url("https://example.org/a?b=1&c=2") == "https://example.org/a?b=1&amp;c=2"


def test_internal_links_are_relative_and_checked() -> None:
    # relative to where a page is served (compare/a-vs-b/), as the reader's browser resolves them
    assert paths.href("compare/a-vs-b.md", paths.entity("a")) == "../../entities/a/"
    assert paths.href("compare/a-vs-b.md", paths.compare("a", "b")) == "../a-vs-b/"
    assert paths.href("compare/a-vs-b.md", paths.pair_json("a", "b")) == "../a-vs-b.json"
    assert paths.href("compare/a-vs-b.md", paths.METHODOLOGY + "#x") == "../../methodology/#x"
    assert paths.href("index.md", paths.compare("b", "a")) == "compare/a-vs-b/"
    assert paths.href("compare/index.md", paths.HOME) == "../"
    assert paths.href("compare/index.md", paths.COMPARISONS) == "./"
    assert paths.href("rankings.md", paths.RANKINGS_JSON) == "../rankings.json"
    with pytest.raises(ValueError):
        markup.internal_link("x", "javascript:alert(1)")


def test_a_family_repository_count_is_not_scored_as_adoption(mini: Path, tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(mini, root)
    alpha = root / "content" / "entities" / "alpha-lm.yaml"
    before = load(root).site.scores["alpha-lm"].component("adoption")
    assert before.value is not None
    data = yaml.safe_load(alpha.read_text(encoding="utf-8"))
    assert data["signals"], "the fixture's alpha-lm records a signal"
    for name in data["signals"]:
        data["signals"][name]["scope"] = "family"
    alpha.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    after = load(root).site.scores["alpha-lm"].component("adoption")
    assert after.value is None and "of its own" in after.note
