"""axe-core on the built pages, in both palettes: no serious or critical violations.

axe-core comes from npm (pinned in tests/browser/setup.sh, installed by `make browser` into .cache/npm)
and is injected into each page. Minor and moderate findings are printed, not failed.
"""

from __future__ import annotations

import pytest
from browser_site import open_tab

pytestmark = pytest.mark.browser

SCHEMES = {"light": "default", "dark": "slate"}
FAILING = {"serious", "critical"}
# The two palettes differ only in colours: every rule runs in the light one, the rules about colour in
# the dark one (the same DOM twice would double the time and find nothing new).
COLOUR_RULES = ["color-contrast", "link-in-text-block", "non-text-contrast"]


def run_axe(tab, axe_js, rules: list[str] | None = None) -> list[dict]:
    if not tab.page.evaluate("typeof axe !== 'undefined'"):
        tab.page.add_script_tag(path=str(axe_js))
    options = {"resultTypes": ["violations"]}
    if rules:
        known = tab.page.evaluate("ids => ids.filter(id => axe.getRules().some(r => r.ruleId === id))", rules)
        options["runOnly"] = {"type": "rule", "values": known}
    return tab.page.evaluate("""async options => {
        const result = await axe.run(document, options);
        return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
    }""", options)


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['impact']}: {v['id']} ({v['help']}), {len(v['nodes'])} element(s)")
        for n in v["nodes"][:5]:
            lines.append(f"    {n['target']}: {(n['summary'] or '').splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def scheme_tab(chromium, base_url):
    """One tab per colour scheme for the whole module: the theme's assets load once, pages stay fast."""
    opened = {}

    def get(scheme: str):
        if scheme not in opened:
            opened[scheme] = open_tab(chromium, base_url, scheme)
        return opened[scheme]

    yield get
    for t in opened.values():
        t.context.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_no_serious_accessibility_violations(scheme_tab, axe_js, page_path, scheme):
    tab = scheme_tab(scheme)
    tab.goto(page_path)
    # Material follows the system preference when the reader has not chosen (theme.palette `media`).
    assert tab.page.get_attribute("body", "data-md-color-scheme") == SCHEMES[scheme]
    violations = run_axe(tab, axe_js, None if scheme == "light" else COLOUR_RULES)
    other = [v for v in violations if v["impact"] not in FAILING]
    if other:
        print(f"\n{page_path} [{scheme}] minor/moderate:\n{describe(other)}")
    serious = [v for v in violations if v["impact"] in FAILING]
    assert not serious, f"{page_path} [{scheme}]:\n{describe(serious)}"


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_open_search_dialog(new_tab, axe_js, scheme):
    # The search dialog is part of every page; check it open, with results (and code teasers) showing.
    tab = new_tab(scheme)
    tab.goto("/")
    tab.page.keyboard.press("/")   # the theme's shortcut opens the box (assets/javascripts/search.js)
    tab.page.locator("input.md-search__input").press_sequentially("CUDA out of memory")
    tab.page.wait_for_selector("li.md-search-result__item")
    assert tab.page.evaluate("document.getElementById('__search').checked")
    label = tab.page.get_attribute("div.md-search[role=dialog]", "aria-label")
    assert label and label.strip()
    serious = [v for v in run_axe(tab, axe_js) if v["impact"] in FAILING]
    assert not serious, describe(serious)
