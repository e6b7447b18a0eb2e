"""The Contribute page, whose template's macros also write CONTRIBUTING.md's generated blocks (regenerate.py).

Everything a contributor needs to look up is generated: the field reference walks the models (and
their JSON Schemas for the constraints), the rule table is `rules.RULES`, the list of normalisations
is `fix.NORMALISATIONS`. The page and CONTRIBUTING.md render the same Jinja macros of
`contribute.md.j2`, so the two cannot say different things, and `versus schemas` refreshes the file.

The descriptions shown here are written in Versus' own code (model field descriptions, registries),
not content, so they keep their `code` spans; they are still escaped for HTML and for tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .. import paths
from ..fit_table import IMAGE_FACTS, TEXT_ENCODER_FACT
from ..fix import NORMALISATIONS
from ..formats import FORMATS, TEXT_NOTE, TEXT_TYPES, FieldDoc, Format, fields, nested_models, type_words
from ..memory import NEEDED_FACTS
from ..models import FACTS, FactSpec
from ..models.benchmark import METRICS
from ..rules import RULES
from ..schema import json_schema
from ..site import Site
from .spec import PageSpec, PageView

_CODE = re.compile(r"(`+)(.+?)\1")


def doc_text(text: str) -> Markup:
    """Code-authored text for a Markdown table cell: escaped, with its `code` spans kept."""
    out, last = [], 0
    for match in _CODE.finditer(text):
        out.append(_escape(text[last:match.start()]))
        if "|" in match.group(2):
            raise ValueError(f"a `|` in a code span breaks a table cell: {text!r}")
        out.append(match.group())
        last = match.end()
    out.append(_escape(text[last:]))
    return Markup("".join(out))


def _escape(text: str) -> str:
    # `&` and `<` are all HTML needs escaped in text; `|` would end a table cell.
    return " ".join(text.split("\n")).replace("&", "&amp;").replace("<", "&lt;").replace("|", "&#124;")


@dataclass(frozen=True)
class FieldRow:
    name: str
    type: Markup
    required: str      # "yes" or "no"
    description: Markup
    constraints: Markup


@dataclass(frozen=True)
class Table:
    path: str          # where the record appears: "" for the top level, `license`, `capabilities[]`
    about: Markup
    rows: tuple[FieldRow, ...]


@dataclass(frozen=True)
class FormatView:
    title: str
    summary: str
    glob: str
    schema_file: str
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class TextTypeDoc:
    name: str
    accepts: Markup


@dataclass(frozen=True)
class FactDoc:
    key: str
    label: str
    unit: str          # "none" when the fact has no unit
    kind: str
    help: Markup
    compared: str      # the kinds of entity whose comparison tables show it; "entity page only" for none
    aliases: str


@dataclass(frozen=True)
class MetricDoc:
    name: str
    label: str
    unit: str
    tasks: str
    better: str        # "higher" or "lower"
    help: Markup


@dataclass(frozen=True)
class RuleDoc:
    id: str
    means: Markup
    fix: Markup
    fixable: bool      # `versus fix` repairs it


@dataclass(frozen=True)
class ContributePage(PageView):
    """Everything the template's macros show, built from the code (no site needed)."""
    TEMPLATE = "contribute.md.j2"
    formats: tuple[FormatView, ...]
    text_types: tuple[TextTypeDoc, ...]
    text_note: str
    facts: tuple[FactDoc, ...]
    fit_facts: dict[str, Markup]   # task -> the facts its fit verdict is estimated from, in words
    metrics: tuple[MetricDoc, ...]
    rules: tuple[RuleDoc, ...]
    normalisations: tuple[Markup, ...]


def _branch(prop: dict[str, Any]) -> dict[str, Any]:
    """The non-null branch of an optional field's schema."""
    options = [o for o in prop.get("anyOf", []) if o.get("type") != "null"]
    return options[0] if len(options) == 1 else prop


def constraints(f: FieldDoc, prop: dict[str, Any]) -> str:
    """The limits a JSON Schema states beyond the type (named text types explain their own)."""
    p = _branch(prop)
    out = []
    for low, high, noun in (("minItems", "maxItems", "item"), ("minProperties", "maxProperties", "entry")):
        lo, hi = p.get(low), p.get(high)
        if lo is not None and hi is not None:
            out.append(f"{lo} to {hi} {noun}s")
        elif lo:
            out.append(f"at least {lo} {noun}{'s' if lo > 1 else ''}")
        elif hi is not None:
            out.append(f"at most {hi} {noun}s")
    for key, sign in (("exclusiveMinimum", ">"), ("minimum", "≥"), ("exclusiveMaximum", "<"), ("maximum", "≤")):
        if key in p:
            out.append(f"{sign} {p[key]:g}" if isinstance(p[key], float) else f"{sign} {p[key]}")
    if f.shape.kind == "string":
        if "pattern" in p:
            out.append(f"matches `{p['pattern']}`")
        if "maxLength" in p:
            out.append(f"at most {p['maxLength']} characters")
    if not f.required and f.default not in (None, [], {}):
        out.append(f"default `{f.default!r}`" if f.default == "" else f"default `{f.default}`")
    return "; ".join(out)


def _format_view(fmt: Format) -> FormatView:
    schema = json_schema(fmt)
    tables = []
    models = nested_models(fmt.model)
    see = {model: path for path, model in models if path}
    for path, model in models:
        node = schema if model is fmt.model else schema["definitions"][model.__name__]
        rows = tuple(FieldRow(f.name, doc_text(type_words(f.shape, see)), "yes" if f.required else "no",
                              doc_text(f.description or ""), doc_text(constraints(f, node["properties"][f.name])))
                     for f in fields(model))
        about = doc_text(" ".join((model.__doc__ or "").split())) if model is not fmt.model else Markup("")
        tables.append(Table(path, about, rows))
    return FormatView(fmt.title, fmt.summary, fmt.glob, fmt.schema_file, tuple(tables))


# Entity kinds (FactSpec.key_for) in the words of the fact table's "Compared on" column.
_KIND_PLURALS = {"model:text-generation": "language models", "model:text-to-image": "image models",
                 "model:text-to-video": "video models", "runtime": "runtimes", "repository": "repositories",
                 "library": "libraries", "app": "apps", "service": "services"}
_TOOL_KINDS = frozenset({"runtime", "repository", "library", "app", "service"})


def _value_words(spec: FactSpec) -> str:
    """The Value column: the type, or an enumerated fact's values with what each means."""
    if not spec.choices:
        return {int: "whole number", float: "number", str: "text"}[spec.kind]
    listed = "; ".join(f"{c.value} ({c.means})" for c in spec.choices)
    return f"{'a comma-separated list of' if spec.several else 'one of'}: {listed}"


def compared_on(key_for: Iterable[str]) -> str:
    kinds = frozenset(key_for)
    if not kinds:
        return "entity page only"
    tools = _TOOL_KINDS <= kinds
    words = [_KIND_PLURALS[k] for k in _KIND_PLURALS if k in kinds and not (tools and k in _TOOL_KINDS)]
    return ", ".join(words + (["tools (runtimes, repositories, libraries, apps, services)"] if tools else []))


def fit_facts() -> dict[str, Markup]:
    """The facts the selection analysis estimates memory from, per task, as the reference says them."""
    llm = [f"`{k}` ({instead})" if instead else f"`{k}`" for k, instead in NEEDED_FACTS.items()]
    image = ", ".join(f"`{k}`" for k in IMAGE_FACTS)
    return {"text-generation": doc_text(", ".join(llm)),
            "text-to-image": doc_text(f"{image}, and `{TEXT_ENCODER_FACT}` where stated (it counts in the weights)")}


def view() -> ContributePage:
    return ContributePage(
        formats=tuple(_format_view(f) for f in FORMATS),
        text_types=tuple(TextTypeDoc(t.name, doc_text(t.accepts)) for t in TEXT_TYPES),
        text_note=TEXT_NOTE,
        facts=tuple(FactDoc(key, spec.label, spec.unit or "none",
                            _value_words(spec), doc_text(spec.help),
                            compared_on(spec.key_for), ", ".join(spec.unit_aliases)) for key, spec in FACTS.items()),
        fit_facts=fit_facts(),
        metrics=tuple(MetricDoc(name, spec.label, spec.unit, ", ".join(sorted(spec.tasks)),
                                "higher" if spec.higher_is_better else "lower", doc_text(spec.help))
                      for name, spec in METRICS.items()),
        rules=tuple(RuleDoc(rule_id, doc_text(r.means), doc_text(r.fix), r.fixable) for rule_id, r in sorted(RULES.items())),
        normalisations=tuple(doc_text(n) for n in NORMALISATIONS),
    )


def plan(site: Site | None = None) -> list[PageSpec]:
    return [PageSpec(paths.CONTRIBUTE, "Contribute: add or fix a model, a tool or an error",
                     "How to add or correct content on Versus: the five steps, every field of every format, "
                     "and every validation rule with its fix.", view(), in_nav=True)]
