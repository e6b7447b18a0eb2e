"""The search index (generator/search_index.py): Pagefind's service gets each page without the theme's
header and navigation, and the bundle is byte for byte the one the whole pages give. Pages go to it as
soon as their content is known, and the index holds exactly what Pagefind reads of the written pages;
when a written page would read otherwise, the index is made from the written site."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import search_index
from generator.search_index import BUNDLE, SearchIndex, SiteSearch, what_pagefind_reads
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


def from_disk(site: Path, out: Path) -> dict[str, str]:
    """The bundle Pagefind makes of the written site, read from disk as its command line reads it."""
    index = SearchIndex()
    index.add_site(site)
    assert index.write(out) > 0
    return snapshot(out / BUNDLE)


def fragments(bundle: dict[str, str]) -> dict[str, str]:
    """Each page's fragment (its text, title, headings), named by its own hash: what a page is to the
    index, whatever order the pages came in (the other files number the pages in that order)."""
    return {path: digest for path, digest in bundle.items() if path.startswith("fragment/")}


def test_the_index_made_early_holds_what_pagefind_reads_of_the_written_pages(tmp_path: Path) -> None:
    project = assemble(tmp_path / "project", FIXTURES / "mini")
    result = build(project)
    assert result.returncode == 0, result.output
    assert "indexed the written site instead" not in result.output
    early = snapshot(project.site / BUNDLE)
    written = from_disk(project.site, tmp_path / "disk")
    assert len(fragments(early)) > 10
    assert fragments(early) == fragments(written)


def test_a_page_that_reads_otherwise_once_written_sends_pagefind_to_the_written_site(tmp_path: Path) -> None:
    project = assemble(tmp_path / "project", FIXTURES / "mini")
    main = project.root / "site_templates" / "overrides" / "main.html"
    # A theme change that puts something Pagefind reads outside the content: a meta value in the header.
    main.write_text(main.read_text(encoding="utf-8").replace(
        "{% block scripts %}", '{% block header %}{{ super() }}<span data-pagefind-meta="kind">page</span>'
        "{% endblock %}\n{% block scripts %}", 1), encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output
    assert "; Pagefind indexed the written site instead" in result.output
    bundle = snapshot(project.site / BUNDLE)
    assert bundle == from_disk(project.site, tmp_path / "disk")


def written_page(element: str, *, lang: str = "en", header: str = "", footer: str = "") -> str:
    return (f'<!doctype html><html lang="{lang}" class="no-js"><head><title>T</title></head><body>{header}'
            f'<article>{element}</article>{footer}</body></html>')


CONTENT = '<h1 id="t">T</h1><p>x</p>'
ELEMENT = f"<div data-pagefind-body>{CONTENT}</div>"   # site_templates/overrides/partials/content.html


@pytest.mark.parametrize(("page", "reads_as_sent"), [
    (written_page(ELEMENT), True),
    (written_page(ELEMENT, lang="de"), False),
    (written_page(ELEMENT.replace("x", "y")), False),
    (written_page(ELEMENT, header='<img src="logo.png">'), False),
    (written_page(ELEMENT, footer="<h1>Footer</h1>"), False),
    (written_page(ELEMENT, header='<nav data-pagefind-filter="x">'), False),
])
def test_a_written_page_is_checked_against_what_was_sent(page: str, reads_as_sent: bool) -> None:
    search = SiteSearch("en")
    try:
        search.content("a/index.html", CONTENT)
        search.all_content_known(1)
        search.written("a/index.html", page)
        assert (search.redone is None) is reads_as_sent
    finally:
        search.close()


def test_a_page_without_a_title_goes_to_pagefind_once_written(tmp_path: Path) -> None:
    search = SiteSearch("en")
    search.content("a/index.html", "<p>x</p>")   # the theme puts its title in the element: not known yet
    search.all_content_known(1)
    search.written("a/index.html", written_page('<div data-pagefind-body><h1>A</h1><p>x</p></div>'))
    assert search.redone is None
    assert search.write(tmp_path) == 1
