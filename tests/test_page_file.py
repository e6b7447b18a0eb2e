"""A generated page's file (generator/page_file.py): Markdown headings between HTML blocks. The plugin's
short road (generator/page_html.py, no Python-Markdown) must give what Python-Markdown gives on the whole
file: the same HTML and the same table of contents."""

from __future__ import annotations

import pytest

from generator import markup, page_file, page_html
from generator.render import environment
from helpers_site import site_markdown


def _markdown(text: str) -> str:
    md = site_markdown()
    return md.convert(text)


def _blocks(file: str) -> list[str]:
    return [part.rstrip("\n") for part in file.split("\n\n") if part.startswith("<")]


HOSTILE = ["*emph* _x_ `code` [link](javascript:alert(1)) {: onclick=alert(1) } <script>x</script> &amp; #",
           "- not a list", "1. not a list", "??? note", "!!! warning", "| a | b |", "    indented", "a\n\nb",
           "<!-- c -->", "]]></p>", "tab\tand\r\nreturn\rcarriage", "VERSUS-BLOCK-0", "<p>VERSUS-BLOCK-0</p>"]
# Control characters (Markdown drops its placeholder marks \x02 and \x03) never get this far: validation
# refuses them (tests/test_hostile.py test_control_character).


def _body(text: str) -> str:
    template = environment(html=True).from_string(
        "<h1>{{ t|inline }}</h1>\n<p>{{ t }}</p>\n<h2 id=\"x\" data-search-words=\"a b\">{{ t|inline }}</h2>\n"
        "<div data-pagefind-ignore=\"all\">\n<ul>\n<li>{{ t }}</li>\n</ul>\n</div>\n<h2>{{ t|inline }} again</h2>\n"
        "<details class=\"note\">\n<summary>{{ t }}</summary>\n  <h4>{{ t }}</h4>\n<p>{{ t }}</p>\n</details>\n"
        "{{ t|code_block }}\n")
    return template.render(t=text)


@pytest.mark.parametrize("text", HOSTILE)
def test_the_html_and_table_of_contents_are_what_markdown_makes_of_the_whole_file(text: str) -> None:
    file = page_file.body_markdown(markup.markdown_whitespace(_body(text)))
    assert len(_blocks(file)) == 3
    rendered, md = page_html.page_html(file), site_markdown()
    assert rendered is not None
    assert rendered.html == md.convert(file)
    assert rendered.toc == md.toc_tokens


def test_repeated_and_clashing_titles_get_markdowns_ids() -> None:
    """toc's slugs: a title repeated, a title whose slug is an id given later, an empty title."""
    file = page_file.body_markdown('<h1>A</h1>\n<h2>B</h2>\n<h2>B</h2>\n<h2>C</h2>\n<h2 id="c">X</h2>\n'
                                   '<h3>b_1</h3>\n<h2>&amp;</h2>\n<h2>&amp;</h2>\n<p>z</p>\n')
    rendered, md = page_html.page_html(file), site_markdown()
    assert rendered is not None
    assert rendered.html == md.convert(file)
    assert rendered.toc == md.toc_tokens
    assert {"b", "b_1", "b_2", "c_1", "c", "_1", "_2"} <= rendered.anchors


def test_a_file_with_anything_but_headings_and_blocks_is_left_to_markdown() -> None:
    assert page_html.page_html("# T\n\nsome *Markdown*\n") is None
    assert page_html.page_html('# T {: data-toc-label="x" }\n') is None
    assert page_html.page_html("# T\n\n<p>x</p>\n") is not None


def test_only_the_markdown_settings_it_reproduces_are_taken() -> None:
    site = ["toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html", "pymdownx.details",
            "pymdownx.superfences"]
    assert page_html.reproduces(site, {"toc": {"permalink": True}})
    assert not page_html.reproduces([*site, "abbr"], {"toc": {"permalink": True}})
    assert not page_html.reproduces(site, {"toc": {"permalink": "#"}})
    assert not page_html.reproduces([e for e in site if e != "attr_list"], {"toc": {"permalink": True}})


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_reads_no_content_text(text: str) -> None:
    """Every block reaches the page as the template wrote it: Markdown changes nothing inside."""
    file = page_file.body_markdown(markup.markdown_whitespace(_body(text)))
    html = _markdown(file)
    for block in _blocks(file):
        assert block in html


def test_a_heading_keeps_its_attributes_and_its_text_is_escaped_for_markdown() -> None:
    file = page_file.body_markdown('<h2 id="e" class="a b" data-x="1">*x* &lt;y&gt;</h2>\n<p>z</p>\n')
    assert file == '## &#42;x&#42; &#60;y&#62; {: #e .a .b data-x="1" }\n\n<p>z</p>\n'
    assert '<h2 class="a b" data-x="1" id="e">&#42;x&#42; &#60;y&#62;<a class="headerlink"' in _markdown(file)


def test_a_block_that_markdown_would_read_is_refused() -> None:
    with pytest.raises(ValueError, match="block-level tag"):
        page_file.body_markdown("<h1>T</h1>\n<a href='x'>inline first</a>\n")
    with pytest.raises(ValueError, match="alone on its line"):
        page_file.body_markdown("<h1>T</h1>\n<p>x</p>\n<h2>a\nb</h2>\n")


def test_the_ids_inside_blocks_are_the_anchors_mkdocs_would_find() -> None:
    rendered = page_html.page_html('# T\n\n<ol class="sources">\n<li id="source-1">a</li>\n</ol>\n\n<p>no id</p>\n')
    assert rendered is not None and rendered.anchors == {"t", "source-1"}
