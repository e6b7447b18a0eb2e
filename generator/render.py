"""Stage 'render': PageSpec -> Markdown, through Jinja2 templates in site_templates/.

StrictUndefined: a typo in a template is an error at build time, not an empty cell on the site.
Autoescaping is off because the output is Markdown, not HTML; instead every content value passes
through one of the markup filters (generator/markup.py), which escape for both languages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import markup
from .pages.cells import Cell
from .pages.citations import Citation
from .pages.spec import PageSpec

TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"


def environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    env.filters.update(markup.FILTERS)
    env.filters.update(EVIDENCE)
    env.globals.update(EVIDENCE)
    return env


# How a number shows its evidence, on every page: a citation mark, several, a table cell. They run for
# every number (~100 times a comparison page), so they are Python rather than Jinja macros, and templates
# apply them as filters (`{{ row.a|evidence_cell }}`), the cheapest call Jinja makes; a macro call costs
# several times as much. _macros.md.j2 also exports them as m.cite, m.cites and m.cell. Plain strings are
# joined before one Markup wraps them: Markup + str would escape the str.

def _mark(c: Citation) -> str:
    return f'<sup class="cite">[[{c.number}]](#{c.anchor})</sup>'


def cite_mark(c: Citation) -> Markup:
    """The superscript link to an entry of the page's source list."""
    return Markup(_mark(c))


def cite_marks(items: Iterable[Citation]) -> Markup:
    return Markup("".join([_mark(c) for c in items]))


def evidence_cell(c: Cell) -> Markup:
    """A table cell with its evidence: the value (linked to the methodology when computed), the
    citation, the date, and a bar under it where it has one."""
    text = str(markup.cell(c.text))
    if c.cite:
        text += _mark(c.cite)
    elif c.link:
        text = f"[{text}]({c.link})"
    if c.as_of:
        text = f"{text} <small>({c.as_of})</small>"
    if c.bar is not None:
        text = f'{text}<span class="bar bar-{c.bar}" aria-hidden="true"></span>'
    return Markup(text)


EVIDENCE = {"cite_mark": cite_mark, "cite_marks": cite_marks, "evidence_cell": evidence_cell}


def front_matter(spec: PageSpec) -> str:
    # JSON strings are valid YAML scalars, so no value can break out of its line. MkDocs' theme prints
    # `description` into a meta tag without escaping, hence `attr`.
    meta = {"title": spec.title, "description": markup.attr(spec.description)}
    meta.update(spec.meta)
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def render(specs: Iterable[PageSpec], env: jinja2.Environment | None = None) -> dict[str, str]:
    env = env or environment()
    out: dict[str, str] = {}
    templates: dict[str, jinja2.Template] = {}   # get_template() would stat the file for every page
    for spec in specs:
        template = templates.get(spec.template)
        if template is None:
            template = templates[spec.template] = env.get_template(spec.template)
        out[spec.path] = front_matter(spec) + _tidy(template.render(page=spec.view))
    return out


def _tidy(text: str) -> str:
    """Collapse the runs of blank lines that template control blocks leave behind."""
    # Lines lose trailing white space, so a blank line is empty and a run of them is a run of newlines.
    text = "\n".join([line.rstrip() for line in text.splitlines()])
    return _BLANK_LINES.sub("\n\n", text).strip() + "\n"


_BLANK_LINES = re.compile(r"\n\n\n+")   # not \n{3,}: a literal prefix lets `re` scan 5x faster
