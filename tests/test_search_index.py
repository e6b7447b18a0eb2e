"""The search index (generator/search_index.py): Pagefind's service gets each page without the theme's
header and navigation, and the bundle is byte for byte the one the whole pages give."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import search_index
from generator.search_index import BUNDLE, SearchIndex, what_pagefind_reads
from helpers_site import FIXTURES, assemble, build, snapshot

PAGE = ('<!doctype html><html lang="en"><head><title>T</title></head><body dir="ltr">'
        '<header>{middle}</header><div data-pagefind-body><h1>T</h1><p>x</p></div></body></html>')


def test_the_theme_before_the_indexed_part_is_left_out() -> None:
    page = PAGE.format(middle="<nav>site navigation</nav>")
    assert what_pagefind_reads(page) == ('<!doctype html><html lang="en"><head><title>T</title></head>'
                                         '<body dir="ltr"><div data-pagefind-body><h1>T</h1><p>x</p></div></body></html>')


@pytest.mark.parametrize("middle", ['<span data-pagefind-meta="x">y</span>', "<h1>Title</h1>", '<img src="a.png">'])
def test_the_page_stays_whole_when_pagefind_would_read_something_there(middle: str) -> None:
    page = PAGE.format(middle=middle)
    assert what_pagefind_reads(page) == page


def test_a_page_without_an_indexed_part_stays_whole() -> None:
    page = "<html><body><p>404</p></body></html>"
    assert what_pagefind_reads(page) == page


def test_the_bundle_is_the_one_the_whole_pages_give(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = assemble(tmp_path / "project", FIXTURES / "mini")
    site = project.root / "site"
    result = build(project, site_dir=site)
    assert result.returncode == 0, result.output
    pages = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))
             if not p.relative_to(site).as_posix().startswith(f"{BUNDLE}/")}
    assert sum(what_pagefind_reads(html) != html for html in pages.values()) > len(pages) / 2

    def bundle(out: Path) -> dict[str, str]:
        index = SearchIndex()
        for dest, html in pages.items():
            index.add(dest, html)
        assert index.write(out) > 0
        return snapshot(out / BUNDLE)

    trimmed = bundle(tmp_path / "trimmed")
    monkeypatch.setattr(search_index, "what_pagefind_reads", lambda html: html)
    assert bundle(tmp_path / "whole") == trimmed


def indexed(inner: str) -> str:
    """A page with `inner` as its indexed part and nothing before it to leave out."""
    return PAGE.format(middle="").replace("<header></header>", "").replace("<h1>T</h1><p>x</p>", inner)


def test_the_elements_pagefind_skips_are_left_out_with_all_they_hold() -> None:
    page = indexed('<h2 data-pagefind-ignore="all" id="s">S</h2><div data-pagefind-ignore="all"><div>a</div>'
                   '<div class="x"><div>b</div></div></div><p>kept</p><details class="n" data-pagefind-ignore="all">'
                   '<summary>c</summary></details><divider>d</divider>')
    assert what_pagefind_reads(page) == indexed("<p>kept</p><divider>d</divider>")


@pytest.mark.parametrize("inner", [
    '<p><code>&lt;div data-pagefind-ignore="all"&gt;</code></p><div>x</div>',   # text, not a tag
    '<p data-pagefind-ignore="all">a<p>b</p>',                                   # an end tag HTML may leave out
    '<div data-pagefind-ignore="all"><div><div>never closed</div>',
])
def test_ignored_elements_stay_when_they_cannot_be_cut_cleanly(inner: str) -> None:
    assert what_pagefind_reads(indexed(inner)) == indexed(inner)
