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

from . import markup
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
    return env


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
        out[spec.path] = front_matter(spec) + _tidy(template.render(**spec.context))
    return out


def _tidy(text: str) -> str:
    """Collapse the runs of blank lines that template control blocks leave behind."""
    # Lines lose trailing white space, so a blank line is empty and a run of them is a run of newlines.
    text = "\n".join([line.rstrip() for line in text.splitlines()])
    return _BLANK_LINES.sub("\n\n", text).strip() + "\n"


_BLANK_LINES = re.compile(r"\n{3,}")
