"""JSON Schemas for editors, generated from the pydantic models, and the other files generated with them.

yaml-language-server (VS Code YAML, Neovim, Zed) reads JSON Schema draft-07 and below: pydantic's
`$defs` become `definitions` and nothing newer than draft-07 may appear (no `prefixItems`). The output
is deterministic (sorted keys, two-space indent, a trailing newline) so that a test can tell when a
committed file is stale, and `versus schemas` regenerates all of them:

- schemas/<format>.schema.json, one per format in `formats.FORMATS`;
- .vscode/settings.json's `yaml.schemas`, mapping each folder to its schema;
- (regenerate.py adds the generated blocks of CONTRIBUTING.md, shared with the Contribute page.)
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .diagnostics import Diagnostic, Severity, unique_sorted
from .formats import FORMATS, TEXT_TYPES, Format, fields, nested_models
from .models import FACTS, Entity, FactSpec
from .sources import read_yaml

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
MODELINE_PREFIX = "# yaml-language-server: $schema="
VSCODE_SETTINGS = ".vscode/settings.json"

# Keywords of later drafts that draft-07 tools ignore or misread.
_NOT_DRAFT_07 = {"$defs", "prefixItems", "unevaluatedProperties", "unevaluatedItems", "dependentRequired",
                 "dependentSchemas", "$anchor", "$dynamicRef", "$dynamicAnchor", "minContains", "maxContains"}
_TEXT_ACCEPTS = {t.name: t.accepts for t in TEXT_TYPES}
_KIND_TYPE = {int: "integer", float: "number", str: "string"}


def modeline(path: str, fmt: Format) -> str:
    """The first line of a YAML file at root-relative `path`: its schema, relative to the file."""
    return MODELINE_PREFIX + posixpath.relpath(fmt.schema_file, posixpath.dirname(path) or ".")


def _describe_text_fields(model: type[BaseModel], node: dict[str, Any]) -> None:
    """Hover text: a field of a named text type says what that type accepts (the validator's rules
    that a JSON Schema keyword cannot express, such as 'no Markdown')."""
    props = node.get("properties", {})
    for f in fields(model):
        if f.shape.kind == "text" and f.shape.text is not None and f.name in props:
            accepts = f"{f.shape.text}: {_TEXT_ACCEPTS[f.shape.text]}"
            props[f.name]["description"] = f"{f.description} ({accepts})" if f.description else accepts


def _describe_facts(node: dict[str, Any]) -> None:
    """The fact registry as schema: editors complete fact keys and flag a wrong unit or value type."""
    facts = node["properties"]["facts"]
    facts["propertyNames"] = {"enum": sorted(FACTS)}
    facts["properties"] = {
        key: {"allOf": [{"$ref": "#/definitions/Fact"}],
              "description": f"{spec.label}: {spec.help}" + (f" (unit: {spec.unit})" if spec.unit else ""),
              "properties": {"unit": {"const": spec.unit}, "value": _value_schema(spec)}}
        for key, spec in FACTS.items()}


def _value_schema(spec: FactSpec) -> dict[str, Any]:
    """A fact value's type; an enumerated fact's values (one of them, or a comma-separated list of them)."""
    values = [c.value for c in spec.choices]
    if not values:
        return {"type": _KIND_TYPE[spec.kind]}
    if not spec.several:
        return {"enum": values}
    one = "(?:" + "|".join(re.escape(v) for v in values) + ")"
    return {"type": "string", "pattern": f"^{one}(?:, *{one})*$"}


def _check_draft_07(node: Any, where: str = "#") -> None:
    if isinstance(node, dict):
        bad = _NOT_DRAFT_07 & set(node)
        if bad:
            raise AssertionError(f"{where}: {sorted(bad)} is not draft-07")
        ref = node.get("$ref")
        if ref is not None and not str(ref).startswith("#/definitions/"):
            raise AssertionError(f"{where}: $ref {ref!r} does not point into definitions")
        for key, value in node.items():
            _check_draft_07(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _check_draft_07(value, f"{where}/{i}")


def json_schema(fmt: Format) -> dict[str, Any]:
    schema = fmt.model.model_json_schema(ref_template="#/definitions/{model}")
    definitions = schema.pop("$defs", {})
    for _, model in nested_models(fmt.model):
        _describe_text_fields(model, schema if model is fmt.model else definitions[model.__name__])
    if fmt.model is Entity:
        _describe_facts(schema)
        # The rule `model-task`: a model states what it does; nothing else has a task.
        schema["if"] = {"properties": {"type": {"const": "model"}}, "required": ["type"]}
        schema["then"] = {"required": ["task"]}
        schema["else"] = {"not": {"required": ["task"]}}
    if definitions:
        schema["definitions"] = definitions
    schema["$schema"] = DRAFT_07
    schema["title"] = fmt.title
    schema.setdefault("description", fmt.summary)
    _check_draft_07(schema)
    return schema


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def as_editor_reads(data: Any) -> Any:
    """Content as a YAML 1.2 editor reads it, which is what the schemas describe: an unquoted date is
    text. Loading a file with the project's own loader and converting it so avoids YAML 1.1's false
    readings (`no` as false, `1_000` as a number, `on` as true)."""
    if isinstance(data, dict):
        return {k: as_editor_reads(v) for k, v in data.items()}
    if isinstance(data, list):
        return [as_editor_reads(v) for v in data]
    return data.isoformat() if isinstance(data, dt.date) else data


def check_content(root: Path) -> list[Diagnostic]:
    """`versus schemas --check-content`: every YAML content file against its schema, as an editor checks
    it. The validator remains the reference (`versus validate`); this checks that the two agree."""
    from jsonschema import Draft7Validator, FormatChecker  # the `schema` extra: `make check-schemas`

    out = []
    for fmt in (f for f in FORMATS if f.yaml):
        validator = Draft7Validator(json_schema(fmt), format_checker=FormatChecker())
        for path in sorted(root.glob(fmt.glob)):
            file = path.relative_to(root).as_posix()
            if not fmt.matches(file):
                continue
            raw, problems = read_yaml(path, root)
            if raw is None:
                out += problems
                continue
            for error in validator.iter_errors(as_editor_reads(raw.doc.data)):
                where = tuple(error.absolute_path)
                line, col = raw.doc.position(where)
                out.append(Diagnostic(file, line, col, Severity.ERROR, "schema", ".".join(map(str, where)),
                                      f"the editor's schema refuses this: {error.message}"))
    return unique_sorted(out)


# ---- the other generated files --------------------------------------------------------------------

def vscode_settings(current: str | None) -> str:
    """settings.json with `yaml.schemas` set from the formats; other settings are kept."""
    settings = json.loads(current) if current else {}
    settings["yaml.schemas"] = {f"./{f.schema_file}": [f.glob] for f in FORMATS if f.yaml}
    return dumps(settings)


def generated_files(root: Path) -> dict[str, str]:
    """The JSON Schemas and the editor settings, by root-relative path, with their expected content."""
    out = {f.schema_file: dumps(json_schema(f)) for f in FORMATS}
    settings = root / VSCODE_SETTINGS
    out[VSCODE_SETTINGS] = vscode_settings(settings.read_text(encoding="utf-8") if settings.exists() else None)
    return out
