"""The content and benchmark formats, and what each field of each format accepts.

One registry for everything that describes a format to a person or a tool: the JSON Schemas for
editors (`schema.py`), the skeletons of `versus new` (`scaffold.py`), the normalisations of
`versus fix` (`fix.py`) and the field reference of the Contribute page all walk the same pydantic
models through `shape_of`, so none of them can describe a field differently from the validator.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .models import ComparisonList, ConfigProvenance, Entity, FaqEntry, Scoring, common
from .models.benchmark import BenchmarkCells, RunProvenance
from .models.category import CategoryList
from .models.hardware import HardwareCatalog
from .models.use_cases import UseCaseRules
from .sources import (
    BENCHMARK_DIR,
    BENCHMARK_TABLES,
    CATEGORIES_FILE,
    COMPARISONS_FILE,
    CONFIG_DIR,
    CONFIG_FILES,
    ENTITY_DIR,
    ENTITY_FILES,
    FAQ_DIR,
    FAQ_FILES,
    HARDWARE_FILE,
    PROVENANCE_FILES,
    SCORING_FILE,
    USE_CASES_FILE,
)

SCHEMA_DIR = "schemas"


@dataclass(frozen=True)
class Format:
    name: str                   # the schema's file stem and the `versus new` kind
    title: str
    model: type[BaseModel]
    glob: str                   # where its files live, as editors' globs spell it
    pattern: str                # the same as a regular expression over root-relative paths
    summary: str
    yaml: bool = True           # False: a CSV table, one model per row

    @property
    def schema_file(self) -> str:
        return f"{SCHEMA_DIR}/{self.name}.schema.json"

    def matches(self, path: str) -> bool:
        return re.fullmatch(self.pattern, path) is not None


FORMATS: tuple[Format, ...] = (
    Format("entity", "Entity", Entity, f"{ENTITY_DIR}/*.yaml", ENTITY_FILES,
           "one model, repository, library, app or service: `content/entities/<id>.yaml`"),
    Format("faq", "Troubleshooting entry", FaqEntry, f"{FAQ_DIR}/*.yaml", FAQ_FILES,
           "one error message, its cause and its fix: `content/faq/<id>.yaml`"),
    Format("scoring", "Scoring weights", Scoring, SCORING_FILE, re.escape(SCORING_FILE),
           "the component weights of the composite score: `content/scoring.yaml`"),
    Format("use-cases", "Which-to-pick rules", UseCaseRules, USE_CASES_FILE, re.escape(USE_CASES_FILE),
           "the use cases a comparison answers and the evidence that decides each: `content/use_cases.yaml`"),
    Format("comparisons", "Requested comparisons", ComparisonList, COMPARISONS_FILE, re.escape(COMPARISONS_FILE),
           "comparison pairs asked for explicitly: `content/comparisons.yaml`"),
    Format("hardware", "Hardware catalog", HardwareCatalog, HARDWARE_FILE, re.escape(HARDWARE_FILE),
           "GPUs and unified-memory machines with their memory and bandwidth: `content/hardware.yaml`"),
    Format("categories", "Entity categories", CategoryList, CATEGORIES_FILE, re.escape(CATEGORIES_FILE),
           "every category an entity's `categories` may name, with what belongs in it: `content/categories.yaml`"),
    Format("config-provenance", "Configuration provenance", ConfigProvenance, f"{CONFIG_DIR}/*.yaml",
           CONFIG_FILES,
           "where a saved model configuration came from: `content/configs/<entity-id>.yaml`, read by `versus import`"),
    Format("provenance", "Run provenance", RunProvenance, f"{BENCHMARK_DIR}/runs/*/provenance.yaml",
           PROVENANCE_FILES,
           "how a benchmark run was made: `benchmarks/runs/<run-id>/provenance.yaml`"),
    Format("benchmark-row", "Benchmark table row", BenchmarkCells, f"{BENCHMARK_DIR}/**/*.csv",
           BENCHMARK_TABLES,
           "one measurement per row of a CSV under `benchmarks/`; empty cells mean 'not stated'", yaml=False),
)
BY_NAME = {f.name: f for f in FORMATS}


def format_of(path: str) -> Format | None:
    """The format of a root-relative path, or None when Versus does not read that file."""
    return next((f for f in FORMATS if f.matches(path)), None)


# ---- named text types ------------------------------------------------------------------------------

def _max_length(annotated: Any) -> int:
    for meta in getattr(annotated, "__metadata__", ()):
        for item in getattr(meta, "metadata", ()) if isinstance(meta, FieldInfo) else ():
            if isinstance(getattr(item, "max_length", None), int):
                return int(item.max_length)
    raise AssertionError(f"{annotated} has no max_length")


@dataclass(frozen=True)
class TextType:
    name: str
    annotation: Any
    accepts: str


# The shared field types of models/common.py, in words. Lengths are read from the types themselves.
TEXT_TYPES: tuple[TextType, ...] = (
    TextType("Id", common.Id, f"lowercase letters, digits and single hyphens, at most {common.ID_MAX} "
                              "characters (`phi-3-5-mini`); it becomes a file name and a URL"),
    TextType("Url", common.Url, "an absolute `http://` or `https://` address; no other scheme, no spaces"),
    TextType("Label", common.Label, f"a short name on one line, at most {_max_length(common.Label)} characters, "
                                    "without `<` `>` `\"` `` ` `` `\\` `{` `}` or an HTML character reference "
                                    "such as `&amp;`"),
    TextType("Line", common.Line, f"one line of plain text, at most {_max_length(common.Line)} characters"),
    TextType("Text", common.Text, f"plain prose, at most {_max_length(common.Text)} characters; blank lines "
                                  "separate paragraphs; no Markdown or HTML (it is shown escaped, as typed)"),
    TextType("Verbatim", common.Verbatim, f"text shown exactly as written, in code style (an error message, "
                                          f"a command), at most {_max_length(common.Verbatim)} characters"),
)
# Every text type also refuses control, zero-width and bidirectional-override characters and
# leading or trailing spaces (Verbatim excepted); see models/common.py.
TEXT_NOTE = ("Except in Verbatim fields, text may not start or end with a space or contain control, "
             "zero-width or bidirectional-override characters.")


# ---- shapes: what a field accepts, as a small tree ----------------------------------------------------

@dataclass(frozen=True)
class Shape:
    kind: str          # model | list | dict | choice | text | string | integer | number | boolean | date
    #                    | partial-date | any-of
    model: type[BaseModel] | None = None
    item: Shape | None = None          # list item; dict value
    key: Shape | None = None           # dict key
    choices: tuple[Any, ...] = ()
    text: str | None = None            # the name of a TEXT_TYPES entry
    options: tuple[Shape, ...] = ()    # any-of
    optional: bool = False             # null is accepted

    # The parts a shape of a given kind always has, typed as present.
    @property
    def of(self) -> Shape:
        """The shape of a list's items or of a mapping's values."""
        assert self.item is not None, f"a {self.kind} shape has no items"
        return self.item

    @property
    def keys(self) -> Shape:
        """The shape of a mapping's keys."""
        assert self.key is not None, f"a {self.kind} shape has no keys"
        return self.key

    @property
    def record(self) -> type[BaseModel]:
        """The model of a nested record."""
        assert self.model is not None, f"a {self.kind} shape has no model"
        return self.model


_PLAIN = {str: "string", int: "integer", float: "number", bool: "boolean", dt.date: "date"}


def shape_of(annotation: Any) -> Shape:
    for t in TEXT_TYPES:
        if annotation == t.annotation:
            return Shape("text", text=t.name)
    if annotation == common.PartialDate:
        return Shape("partial-date")
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Annotated:
        return shape_of(annotation.__origin__)
    if origin in (Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        optional = len(rest) < len(args)
        inner = shape_of(rest[0]) if len(rest) == 1 else Shape("any-of", options=tuple(shape_of(a) for a in rest))
        return Shape(**{**inner.__dict__, "optional": optional})
    if origin is Literal:
        return Shape("choice", choices=args)
    if origin is list:
        return Shape("list", item=shape_of(args[0]))
    if origin is dict:
        return Shape("dict", key=shape_of(args[0]), item=shape_of(args[1]))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Shape("model", model=annotation)
    if annotation in _PLAIN:
        return Shape(_PLAIN[annotation])
    raise TypeError(f"no shape for {annotation!r}: teach formats.shape_of about it")


def type_words(shape: Shape, see: dict[type, str] | None = None) -> str:
    """What a field accepts, in words; `see` names where each nested record is described."""
    if shape.kind == "text":
        return shape.text or "text"
    if shape.kind == "choice":
        return "one of: " + ", ".join(str(c) for c in shape.choices)
    if shape.kind == "list":
        return f"list of {type_words(shape.of, see)}"
    if shape.kind == "dict":
        keys = "keys" if shape.keys.kind == "string" else type_words(shape.keys, see)
        return f"mapping of {keys} to {type_words(shape.of, see)}"
    if shape.kind == "any-of":
        return " or ".join(type_words(o, see) for o in shape.options)
    if shape.kind == "model" and see and shape.model in see:
        return f"mapping (see `{see[shape.model]}`)"
    return {"model": "mapping", "date": "date YYYY-MM-DD", "partial-date": "date YYYY-MM-DD, or 'YYYY-MM'",
            "integer": "whole number", "number": "number", "boolean": "true or false",
            "string": "text"}.get(shape.kind, shape.kind)


def _type_description(annotation: Any) -> str | None:
    return next((m.description for m in getattr(annotation, "__metadata__", ()) if isinstance(m, FieldInfo)), None)


# What a named text type says of itself (every `Id` says what an id looks like): a field that only
# repeats it has no description of its own.
_TYPE_DESCRIPTIONS = {_type_description(t.annotation) for t in TEXT_TYPES} - {None}


@dataclass(frozen=True)
class FieldDoc:
    name: str            # as written in the file (the alias where there is one)
    shape: Shape
    required: bool
    default: Any         # None when required or when the default is null
    description: str | None
    info: FieldInfo


def fields(model: type[BaseModel]) -> list[FieldDoc]:
    """The fields of a model in their canonical order (the order `versus fix` writes keys in)."""
    hints = typing.get_type_hints(model, include_extras=True)
    out = []
    for name, info in model.model_fields.items():
        if name not in hints:
            continue
        default = None if info.is_required() else info.get_default(call_default_factory=True)
        description = info.description if info.description not in _TYPE_DESCRIPTIONS else None
        out.append(FieldDoc(info.alias or name, shape_of(hints[name]), info.is_required(), default,
                            description, info))
    return out


def key_order(model: type[BaseModel]) -> list[str]:
    return [f.name for f in fields(model)]


def nested_models(model: type[BaseModel]) -> list[tuple[str, type[BaseModel]]]:
    """(path, model) of the root and of every model reachable from it, breadth first, each model once;
    the path names where it first appears: `license`, `facts.<key>`, `capabilities[]`."""
    out: list[tuple[str, type[BaseModel]]] = [("", model)]
    seen = {model}
    i = 0
    while i < len(out):
        prefix, current = out[i]
        for f in fields(current):
            path, shape = (f"{prefix}.{f.name}" if prefix else f.name), f.shape
            while shape.kind in ("list", "dict"):
                path += "[]" if shape.kind == "list" else ".<key>"
                shape = shape.of
            if shape.kind == "model" and shape.record not in seen:
                seen.add(shape.record)
                out.append((path, shape.record))
        i += 1
    return out
