"""The model-selection calculator in Chromium: its numbers equal the build's over a grid of cases, it is
absent without JavaScript (the static tables show), and its page stays small enough for a phone."""

from __future__ import annotations

import itertools
import json
import math

import pytest

from generator import memory
from generator.memory import Architecture

pytestmark = pytest.mark.browser

PAGE = "/selection/text-generation/"
DATA = "downloads/selection-calculator.json"


def _arch(m: dict) -> Architecture:
    return Architecture(m["parameters_b"], m["active_b"], m["layers"], m["kv_heads"], m["head_dim"],
                        m["context_length"], m["window"], m["full_layers"], m["latent_dim"])


def _cases(data: dict) -> list[tuple[dict, str, int, str, dict]]:
    """A deterministic grid: every model with a latent, windowed or MoE architecture plus the first
    others, crossed with formats, contexts, caches and devices (unified and discrete)."""
    models = data["models"]
    special = [m for m in models if m["latent_dim"] or m["window"] or m["active_b"] < m["parameters_b"]]
    plain = [m for m in models if m not in special]
    chosen = (special[:6] + plain[:6])
    devices = data["devices"]
    grid = []
    for i, (m, fmt, cache) in enumerate(itertools.product(chosen, ("Q4_K_M", "Q8_0", "F16"), ("f16", "q8_0", "q4_0"))):
        contexts = [c for c in (4096, 32768) if m["context_length"] is None or c <= m["context_length"]] or \
            [m["context_length"]]
        grid.append((m, fmt, contexts[i % len(contexts)], cache, devices[i % len(devices)]))
    return grid


def _expected(data: dict, m: dict, fmt: str, context: int, cache: str, device: dict) -> dict:
    arch = _arch(m)
    est = memory.llm_memory(arch, fmt, context, cache, m["file_sizes"].get(fmt))
    usable = memory.usable_memory_gb(device["memory_gb"], device["kind"] == "unified-memory")
    eff = data["efficiency"]
    fits = est.total_gb <= usable
    speed = (memory.decode_tokens_per_s(arch, fmt, context, device["bandwidth_gb_s"], eff["value"], cache,
                                        eff["fixed_ms"]) if eff and fits else None)
    return {"weights": est.weights_gb, "kv": est.kv_cache_gb, "overhead": est.overhead_gb, "total": est.total_gb,
            "usable": usable, "fits": fits, "speed": speed}


def _ready(page) -> None:
    """The calculator is built when the reader scrolls near it: scroll there and wait for it."""
    page.evaluate("() => (document.getElementById('versus-calculator').previousElementSibling"
                  " || document.body).scrollIntoView()")
    page.wait_for_selector("#versus-calculator[data-ready=yes]")


def test_the_calculator_computes_what_the_build_computes(site_dir, tab):
    data = json.loads((site_dir / DATA).read_text())
    cases = _cases(data)
    assert len(cases) >= 50
    tab.goto(PAGE)
    _ready(tab.page)
    calc = tab.page.locator("#versus-calculator")
    for m, fmt, context, cache, device in cases:
        calc.locator("select[name=model]").select_option(m["id"])
        calc.locator("select[name=format]").select_option(fmt)
        calc.locator("select[name=context]").select_option(str(context))
        calc.locator("select[name=cache]").select_option(cache)
        calc.locator("select[name=device]").select_option(device["id"])
        got = tab.page.evaluate("""() => {
            const v = p => { const td = document.querySelector(`#versus-calculator td[data-part=${p}]`);
                             return td.hasAttribute('data-value') ? Number(td.getAttribute('data-value')) : null; };
            return {weights: v('weights'), kv: v('kv'), overhead: v('overhead'), total: v('total'),
                    usable: v('usable'), speed: v('speed'),
                    fits: document.querySelector('#versus-calculator .calc-verdict').dataset.fits === 'yes'};
        }""")
        want = _expected(data, m, fmt, context, cache, device)
        case = f"{m['id']} {fmt} {context} {cache} on {device['id']}"
        assert got["fits"] == want["fits"], case
        for part in ("weights", "kv", "overhead", "total", "usable"):
            assert math.isclose(got[part], want[part], rel_tol=1e-9), (case, part, got[part], want[part])
        if want["speed"] is None:
            assert got["speed"] is None, case
        else:
            assert math.isclose(got["speed"], want["speed"], rel_tol=1e-9), (case, got["speed"], want["speed"])
    assert tab.problems.all() == []


def test_custom_memory_and_bandwidth(site_dir, tab):
    data = json.loads((site_dir / DATA).read_text())
    m = data["models"][0]
    tab.goto(PAGE)
    _ready(tab.page)
    calc = tab.page.locator("#versus-calculator")
    calc.locator("select[name=model]").select_option(m["id"])
    calc.locator("select[name=device]").select_option("custom")
    calc.locator("input[name=memory]").fill("1000")
    calc.locator("input[name=bandwidth]").fill("500")
    usable = float(tab.page.locator("#versus-calculator td[data-part=usable]").get_attribute("data-value"))
    assert usable == 1000
    assert tab.page.locator("#versus-calculator .calc-verdict").get_attribute("data-fits") == "yes"


def test_without_javascript_the_static_tables_show(chromium, base_url):
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + PAGE)
        assert not page.locator("#versus-calculator").is_visible()
        assert page.locator(".tier-table table tbody tr").count() > 0
    finally:
        context.close()


def test_the_page_stays_small_and_its_tier_columns_fit_a_phone(chromium, base_url):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(base_url + PAGE)
        _ready(page)
        assert page.evaluate("document.querySelectorAll('*').length") < 1400
        # every tier column can be brought into view beside the model names, which stay put
        box = page.evaluate("""() => {
            const first = document.querySelector('.tier-table tbody tr td:first-child');
            let scroller = first.parentElement;
            while (scroller && scroller.scrollWidth <= scroller.clientWidth) scroller = scroller.parentElement;
            if (scroller) scroller.scrollLeft = scroller.scrollWidth;
            const left = first.getBoundingClientRect().left;
            const last = document.querySelector('.tier-table tbody tr td:last-child').getBoundingClientRect();
            return {left, lastRight: last.right, width: window.innerWidth};
        }""")
        assert box["left"] >= 0 and box["lastRight"] <= box["width"] + 1
    finally:
        context.close()
