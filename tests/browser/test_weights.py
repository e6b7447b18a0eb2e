"""The reader's-weights control: with the site's weights the browser shows the build's numbers; with other
weights (from the URL) it shows what the build's own formula gives for them; without JavaScript the
page keeps the build's numbers and hides the control."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from browser_site import VIEWPORT
from generator.scoring import composite_of, round1
from generator.verdict import beyond

pytestmark = pytest.mark.browser

RANKINGS = "/rankings/"


def _margin(coverage: float, evidence: float, m: dict) -> float:
    return round1(m["base_points"] + m["per_missing_weight"] * (1 - coverage)
                  + m["per_missing_evidence"] * (1 - evidence / 100))


def _expected(entry: dict, weights: dict, scoring: dict) -> str:
    score, coverage = composite_of(entry["points"], weights)
    if score is None:
        return "no data"
    return f"{score:.1f} ± {_margin(coverage, entry['evidence'], scoring['margin']):.1f}"


def _shown_scores(tab) -> dict[str, str]:
    """Entity id -> the score cell of every ranking row, as the page shows it now."""
    return tab.page.evaluate("""() => {
        const out = {};
        document.querySelectorAll('article table tbody tr').forEach(row => {
            const a = row.querySelector("a[href*='entities/']");
            const m = a && a.getAttribute('href').match(/entities\\/([a-z0-9-]+)\\/?$/);
            if (m && row.cells.length > 4) {
                const score = row.cells[2].textContent.trim(), margin = row.cells[3].textContent.trim();
                out[m[1]] = score === 'no data' ? score : score + ' ± ' + margin;
            }
        });
        return out;
    }""")


def _ready(tab, path: str) -> None:
    tab.goto(path)
    tab.page.wait_for_selector("form.versus-weights[data-computed]", state="attached")


def test_default_weights_give_the_builds_numbers(tab, site_dir: Path) -> None:
    twin = json.loads((site_dir / "rankings.json").read_text())
    _ready(tab, RANKINGS)
    shown = _shown_scores(tab)
    assert shown
    for eid, text in shown.items():
        entry = twin["entities"][eid]
        build = "no data" if entry["composite"] is None else f"{entry['composite']:.1f} ± {entry['margin']:.1f}"
        assert text == build, eid
        assert text == _expected(entry, twin["scoring"]["weights"][entry["type"]], twin["scoring"]), eid
    assert tab.page.locator("form.versus-weights").is_visible()


def test_changed_weights_from_the_url_give_the_formulas_numbers(tab, site_dir: Path) -> None:
    twin = json.loads((site_dir / "rankings.json").read_text())
    weights = {"adoption": 0.6, "freshness": 0.4}     # every other model component set to 0
    model = {n: weights.get(n, 0.0) for n in twin["scoring"]["weights"]["model"]}
    query = "&".join(f"model.{n}={w * 100:g}" for n, w in model.items())
    _ready(tab, f"{RANKINGS}?{query}")
    shown = _shown_scores(tab)
    models = [e for e in shown if twin["entities"][e]["type"] == "model"]
    assert models
    for eid in models:
        assert shown[eid] == _expected(twin["entities"][eid], model, twin["scoring"]), eid
    # each table is re-ranked by the new scores, ranks renumbered
    order = tab.page.evaluate("""() => [...document.querySelectorAll('article table')]
        .filter(t => t.querySelector("tbody a[href*='entities/']"))
        .map(t => [...t.tBodies[0].rows].map(r => [r.cells[0].textContent.trim(), r.cells[2].textContent.trim()]))""")
    for table in order:
        ranks = [int(r) for r, _ in table if r.isdigit()]
        assert ranks == list(range(1, len(ranks) + 1)) or not ranks
        scores = [float(s.split(" ")[0]) for _, s in table if s and s[0].isdigit()]
        assert scores == sorted(scores, reverse=True)
    # a change in the form updates the address, so the view can be shared
    field = tab.page.locator("input[name='model.adoption']").first
    field.fill("50")
    field.dispatch_event("input")
    assert "model.adoption=50" in tab.page.url


def _trailing_better(data: dict) -> list[str]:
    """The components on which the entity with the lower score is ahead, or alone with data."""
    lead = data["verdict"]["leader"]
    trail = data["b"] if lead == data["a"] else data["a"]
    mine, theirs = data["scores"][trail]["components"], data["scores"][lead]["components"]
    return [n for n, c in mine.items() if c["value"] is not None and
            (theirs[n]["value"] is None or c["value"] > theirs[n]["value"])]


def test_a_comparison_recomputes_both_scores_and_says_when_the_verdict_flips(tab, site_dir: Path) -> None:
    candidates = [d for p in sorted((site_dir / "compare").glob("*.json"))
                  if (d := json.loads(p.read_text()))["verdict"]["same_kind"] and d["verdict"]["leader"]]
    assert candidates, "no same-kind pair with a score leader"
    data = next((d for d in candidates if _trailing_better(d)), candidates[0])
    path = f"/compare/{data['pair']}/"
    _ready(tab, path)
    verdict = tab.page.locator(".versus-weights__verdict")
    assert verdict.get_attribute("data-leader") == data["verdict"]["leader"]
    assert "differs" not in verdict.inner_text()
    # weight only the components on which the trailing entity is ahead: the verdict may flip
    better = _trailing_better(data)
    trail = data["b"] if data["verdict"]["leader"] == data["a"] else data["a"]
    comps = data["scores"][trail]["components"]
    if not better:
        better = list(comps)[:1]
    typ = data["types"][trail]
    query = "&".join(f"{typ}.{n}={100 if n in better else 0}" for n in comps)
    _ready(tab, f"{path}?{query}")
    weights = {n: (1.0 if n in better else 0.0) for n in comps}
    scores = {}
    for eid in (data["a"], data["b"]):
        points = {n: c["value"] for n, c in data["scores"][eid]["components"].items()}
        score, coverage = composite_of(points, weights)
        scores[eid] = (score, _margin(coverage, data["scores"][eid]["evidence"], data["scoring"]["margin"]))
    sa, sb = scores[data["a"]], scores[data["b"]]
    margin = round1(math.sqrt(sa[1] ** 2 + sb[1] ** 2))
    leader = None if not beyond(sa[0] - sb[0], margin) else (data["a"] if sa[0] > sb[0] else data["b"])
    # a lead counts only when the components both have data for give it too (generator/verdict.py)
    points = [{n: c["value"] for n, c in data["scores"][eid]["components"].items()} for eid in (data["a"], data["b"])]
    both = {n for n in points[0] if points[0][n] is not None and points[1].get(n) is not None}
    ga, gb = (composite_of({n: p[n] for n in both}, {n: w for n, w in weights.items() if n in both})[0]
              for p in points)
    if leader is not None and (ga is None or gb is None or not beyond(ga - gb, margin)
                               or (ga - gb) * (sa[0] - sb[0]) < 0):
        leader = None
    assert verdict.get_attribute("data-leader") == (leader or "")
    assert ("differs" in verdict.inner_text()) == (leader != data["verdict"]["leader"])
    cells = tab.page.evaluate("""() => {
        const row = [...document.querySelectorAll('.versus-matrix tbody tr')]
            .find(r => r.cells[0].textContent.trim().startsWith('Composite score'));
        return [row.cells[1].textContent.trim(), row.cells[2].textContent.trim()];
    }""")
    for cell, (score, m) in zip(cells, (sa, sb)):
        assert cell.startswith(f"{score:.1f} ± {m:.1f} / 100")


def test_without_javascript_the_page_keeps_the_builds_numbers(chromium, base_url: str, site_dir: Path) -> None:
    twin = json.loads((site_dir / "rankings.json").read_text())
    context = chromium.new_context(java_script_enabled=False, viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(base_url + RANKINGS + "?model.adoption=100")
        assert not page.locator("form.versus-weights").is_visible()
        first = page.locator("article table tbody tr", has=page.locator("a[href*='entities/']")).first
        eid = first.locator("a").first.get_attribute("href").rstrip("/").split("/")[-1]
        entry = twin["entities"][eid]
        cells = first.locator("td")
        assert (cells.nth(2).inner_text().strip(), cells.nth(3).inner_text().strip()) == \
            (f"{entry['composite']:.1f}", f"{entry['margin']:.1f}")
    finally:
        context.close()


def test_a_lead_resting_on_data_one_side_lacks_is_no_lead_in_the_page_either(tab, site_dir: Path) -> None:
    unsupported = [d for p in sorted((site_dir / "compare").glob("*.json"))
                   if (d := json.loads(p.read_text()))["verdict"]["headline"].startswith("No score lead")]
    assert unsupported, "no pair whose higher composite rests on a component one side lacks"
    data = unsupported[0]
    _ready(tab, f"/compare/{data['pair']}/")
    verdict = tab.page.locator(".versus-weights__verdict")
    assert verdict.get_attribute("data-leader") == ""
    assert "no score lead" in verdict.inner_text() and "differs" not in verdict.inner_text()


def test_weights_that_leave_no_score_clear_the_leader_and_say_it_differs(tab, site_dir: Path) -> None:
    data = next(d for p in sorted((site_dir / "compare").glob("*.json"))
                if (d := json.loads(p.read_text()))["verdict"]["leader"])
    typ = data["types"][data["a"]]
    query = "&".join(f"{typ}.{n}=0" for n in data["scores"][data["a"]]["components"])
    _ready(tab, f"/compare/{data['pair']}/?{query}")
    verdict = tab.page.locator(".versus-weights__verdict")
    assert verdict.get_attribute("data-leader") == ""
    assert "no scored data" in verdict.inner_text() and "differs" in verdict.inner_text()
