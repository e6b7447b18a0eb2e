"""A generated page's file (generator/page_file.py): Markdown headings between HTML blocks. The plugin's
short road (headings only, blocks put back) must give what Python-Markdown gives on the whole file."""

from __future__ import annotations

import pytest

from generator import markup, page_file
from generator.render import environment
from helpers_site import site_markdown


def _markdown(text: str) -> str:
    md = site_markdown()
    return md.convert(text)


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
def test_headings_only_and_the_blocks_put_back_give_what_markdown_gives_on_the_whole_file(text: str) -> None:
    file = page_file.body_markdown(markup.markdown_whitespace(_body(text)))
    headings, blocks = page_file.headings_only(file)
    assert len(blocks) == 3 and not any(part.startswith("<") for part in headings.split("\n\n"))
    assert page_file.fill(_markdown(headings), blocks) == _markdown(file)


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_reads_no_content_text(text: str) -> None:
    """Every block reaches the page as the template wrote it: Markdown changes nothing inside."""
    file = page_file.body_markdown(markup.markdown_whitespace(_body(text)))
    html = _markdown(file)
    for block in page_file.headings_only(file)[1]:
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
    assert page_file.anchors(['<ol class="sources">\n<li id="source-1">a</li>\n</ol>', '<p>no id</p>']) == {"source-1"}
