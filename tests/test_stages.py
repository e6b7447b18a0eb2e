"""Unit tests of the pure stages on tiny inline data and the mini fixture corpus."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator import markup
from generator.catalog import pair_slug
from generator import paths
from generator.pipeline import load
from generator.models.common import partial_date_start as to_date
from generator.scoring import log_scaled
from generator.verdict import decide
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
    assert beta.component("ecosystem").value is not None     # guides-repo integrates it
    alpha = site.scores["alpha-lm"]
    assert alpha.component("ecosystem").value is None
    # the composite rests only on components with data, and says how much of the weight that is
    assert alpha.coverage == pytest.approx(0.85)
    with_data = [c for c in alpha.components if c.value is not None]
    expected = 100 * sum(c.weight * c.value for c in with_data) / sum(c.weight for c in with_data)
    assert alpha.composite == pytest.approx(round(expected, 1))


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

def test_verdict_of_different_kinds_says_so_and_compares_only_shared_components(mini: Path) -> None:
    site = load(mini).site
    a, b = site.catalog.entities["alpha-lm"], site.catalog.entities["guides-repo"]
    v = decide(a, b, site.scores[a.id], site.scores[b.id], site.scoring.close_call_points)
    assert not v.same_kind and "different jobs" in v.headline
    assert all(p.split(":")[0] in ("Adoption", "Freshness") or p.startswith("Both") for p in v.points)


def test_verdict_never_claims_a_lead_inside_the_margin(mini: Path) -> None:
    site = load(mini).site
    a, b = site.catalog.entities["alpha-lm"], site.catalog.entities["beta-lm"]
    sa, sb = site.scores[a.id], site.scores[b.id]
    v = decide(a, b, sa, sb, site.scoring.close_call_points)
    diff = abs(sa.composite - sb.composite)
    if diff <= v.margin:
        assert v.headline.startswith("Too close to call")
    else:
        assert "leads overall" in v.headline
    # a component with data on one side only is never a lead
    adoption = next(p for p in v.points if p.startswith("Adoption"))
    assert "no comparison" in adoption and "leads" not in adoption


def test_close_scores_are_too_close_to_call(mini: Path) -> None:
    from dataclasses import replace
    site = load(mini).site
    a, b = site.catalog.entities["alpha-lm"], site.catalog.entities["beta-lm"]
    sa = site.scores[a.id]
    sb = replace(site.scores[b.id], composite=sa.composite + 0.5)
    assert decide(a, b, sa, sb, 3).headline.startswith("Too close to call")


# ---- markup and paths ------------------------------------------------------------------------------

@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", "[x](javascript:alert(1))",
                                     "{: onclick=alert(1) }", "&lt;b&gt;", "*[HTML]: x", "- item", "1. item"])
def test_inline_text_has_no_markup_characters_left(hostile: str) -> None:
    out = str(markup.inline(hostile))
    assert not set(out) & set("<>[]{}()*`|") - {"&", "#", ";"} or "&#" in out
    assert "<" not in out and "[" not in out and "{" not in out


def test_external_links_accept_only_http() -> None:
    assert markup.safe_url("javascript:alert(1)") == "#"
    assert markup.safe_url("data:text/html,x") == "#"
    assert markup.safe_url("https://example.org/a?b=1&c=2") == "https://example.org/a?b=1&amp;c=2"


def test_internal_links_are_relative_and_checked() -> None:
    assert paths.rel("compare/a-vs-b.md", paths.entity("a")) == "../entities/a.md"
    assert paths.rel("index.md", paths.compare("b", "a")) == "compare/a-vs-b.md"
    with pytest.raises(ValueError):
        markup.internal_link("x", "javascript:alert(1)")
