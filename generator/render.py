"""Stage 'render': PageSpec -> Markdown, through Jinja2 templates in site_templates/.

StrictUndefined: a typo in a template is an error at build time, not an empty cell on the site.
Autoescaping is off because the output is Markdown, not HTML; instead every content value passes
through one of the markup filters (generator/markup.py), which escape for both languages.
"""

from __future__ import annotations

import json
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
    if not spec.search:
        meta["search"] = {"exclude": True}
    meta.update(spec.meta)
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def render(specs: Iterable[PageSpec], env: jinja2.Environment | None = None) -> dict[str, str]:
    env = env or environment()
    out: dict[str, str] = {}
    for spec in specs:
        body = env.get_template(spec.template).render(**spec.context)
        out[spec.path] = front_matter(spec) + _tidy(body)
    return out


def _tidy(text: str) -> str:
    """Collapse the runs of blank lines that template control blocks leave behind."""
    lines, blank = [], 0
    for line in text.splitlines():
        blank = blank + 1 if not line.strip() else 0
        if blank <= 1:
            lines.append(line.rstrip())
    return "\n".join(lines).strip() + "\n"
