"""Stage 'render': PageSpec -> the page's file, through Jinja2 templates in site_templates/.

A `.html.j2` template renders the page body as HTML, with autoescape, and the file is that body as
heading lines and HTML blocks (generator/page_file.py): Markdown reads only the headings. One page is
Markdown (`.md.j2`): the Contribute page, whose blocks CONTRIBUTING.md shares (generator/regenerate.py);
it shows no content, only Versus' own texts.

StrictUndefined: a typo in a template is an error at build time, not an empty cell on the site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from . import markup, page_file
from .pages.cells import Cell
from .pages.citations import Citation
from .pages.spec import PageSpec

TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"


HTML = ".html.j2"


def environment(templates: Path = TEMPLATES, *, html: bool = False) -> jinja2.Environment:
    """The page templates' environment. `html`: autoescape on, so a value is escaped as it is printed
    unless a filter made it Markup, and a control block leaves no line of its own. Without it, the
    Markdown template's (the Contribute page: its texts are Versus' own, escaped by pages/contribute.py
    for Markdown tables)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        autoescape=html,
        keep_trailing_newline=True,
        trim_blocks=html,
        lstrip_blocks=html,
    )
    if html:
        env.filters.update(markup.FILTERS)
        env.filters.update(EVIDENCE)
    return env


# How a number shows its evidence, on every page: a citation mark, several, a table cell. They run for
# every number (~100 times a comparison page), so they are Python rather than Jinja macros, and templates
# apply them as filters (`{{ row.a|evidence_cell }}`), the cheapest call Jinja makes; a macro call costs
# several times as much. Plain strings are joined before one Markup wraps them: Markup + str would
# escape the str.

def _mark(c: Citation) -> str:
    return f'<sup class="cite"><a href="#{c.anchor}">[{c.number}]</a></sup>'


def cite_marks(items: Iterable[Citation]) -> Markup:
    return Markup("".join([_mark(c) for c in items]))


def cite_mark(c: Citation) -> Markup:
    return Markup(_mark(c))


def evidence_cell(c: Cell) -> Markup:
    """A table cell with its evidence: the value (linked to the methodology when computed), the
    citation, the date, and a bar under it where it has one."""
    text = str(escape(c.text))
    if c.cite:
        text += _mark(c.cite)
    elif c.link:
        text = f'<a href="{escape(c.link)}">{text}</a>'
    if c.as_of:
        text = f"{text} <small>({escape(c.as_of)})</small>"
    if c.bar is not None:
        text = f'{text}<span class="bar bar-{c.bar}" aria-hidden="true"></span>'
    return Markup(text)


EVIDENCE = {"cite_mark": cite_mark, "cite_marks": cite_marks, "evidence_cell": evidence_cell}


def is_html(spec: PageSpec) -> bool:
    return spec.template.endswith(HTML)


class Templates:
    """The page templates of one build, each loaded once: get_template() would stat its file for every
    page. Not shared between builds: `mkdocs serve` rebuilds when a template changes."""

    def __init__(self) -> None:
        self._envs = {True: environment(html=True), False: environment()}
        self._loaded: dict[str, jinja2.Template] = {}

    def get(self, name: str) -> jinja2.Template:
        template = self._loaded.get(name)
        if template is None:
            template = self._loaded[name] = self._envs[name.endswith(HTML)].get_template(name)
        return template


def render(specs: Iterable[PageSpec], templates: Templates | None = None) -> dict[str, str]:
    templates = templates or Templates()
    out: dict[str, str] = {}
    for spec in specs:
        html = is_html(spec)
        text = templates.get(spec.template).render(page=spec.view)
        body = page_file.body_markdown(markup.markdown_whitespace(text)) if html else _tidy(text)
        out[spec.path] = page_file.front_matter(spec.title, spec.description, spec.meta) + body
    return out


def _tidy(text: str) -> str:
    """Collapse the runs of blank lines that template control blocks leave behind."""
    # Lines lose trailing white space, so a blank line is empty and a run of them is a run of newlines.
    text = "\n".join([line.rstrip() for line in text.splitlines()])
    return _BLANK_LINES.sub("\n\n", text).strip() + "\n"


_BLANK_LINES = re.compile(r"\n\n\n+")   # not \n{3,}: a literal prefix lets `re` scan 5x faster
