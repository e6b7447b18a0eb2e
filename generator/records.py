"""A YAML record checked against its pydantic model: the typed model and where it came from, or every
type error as a diagnostic at its line and column, each with a rule id and a hint.

Validation (validate.py), the benchmark provenance files (benchmarks.py) and tools that read one file
(importer.py) all type their records here; the rules each format adds on top live with their stage.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .diagnostics import Diagnostic, Severity, did_you_mean, short
from .partial import partial_model
from .sources import RawYaml
from .yaml_tree import Path, dotted

M = TypeVar("M", bound=BaseModel)   # a content model


@dataclass(frozen=True)
class Located(Generic[M]):
    """A validated model and where it came from, so later stages can point back at the line."""

    model: M
    raw: RawYaml

    @property
    def file(self) -> str:
        return self.raw.file

    def at(self, path: Path, severity: Severity, rule: str, message: str, *, got: str | None = None,
           expected: str | None = None, hint: str | None = None, key: bool = False) -> Diagnostic:
        line, col = self.raw.doc.position(path, key=key)
        return Diagnostic(self.file, line, col, severity, rule, dotted(path), message, got, expected, hint)


_TYPE_WORDS = {
    "string_type": "text", "int_type": "a whole number", "float_type": "a number", "bool_type": "true or false",
    "dict_type": "a mapping (key: value lines)", "list_type": "a list (lines starting with '- ')",
    "model_type": "a mapping (key: value lines)", "date_type": "a date (YYYY-MM-DD)",
    "int_from_float": "a whole number", "model_attributes_type": "a mapping",
}

# pydantic puts union branches and validator wrappers into `loc`; they are not YAML keys.
_BRANCH_PREFIXES = ("function-after[", "function-before[", "constrained-", "lax-or-strict[", "json-or-python[")
_BRANCH_NAMES = {"int", "float", "str", "bool", "date", "none", "is-instance[date]", "literal", "json", "python",
                 "chain[str,function-plain[validate()]]"}


def _clean_loc(loc: tuple[Any, ...], data: Any) -> Path:
    """The YAML path of a pydantic `loc`. A part that is a key of the data at that point is always kept
    (a field may be called `date`, like a union branch); other branch names are dropped."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node or isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(part, str) and (part in _BRANCH_NAMES or part.startswith(_BRANCH_PREFIXES)):
            continue
        else:
            node = None
        out.append(part)
    return tuple(out)


def _field_names(model: type[BaseModel], path: Path) -> list[str]:
    """The field names accepted at `path` (for did-you-mean on unknown fields)."""
    current: Any = model
    skip_key = False  # the previous field was a dict: this path part is one of its keys
    for part in path[:-1]:
        if isinstance(part, int) or skip_key:
            skip_key = False
            continue
        fields = getattr(current, "model_fields", {})
        info = fields.get(part) or next((f for f in fields.values() if f.alias == part), None)
        if info is None:
            return []
        skip_key = getattr(info.annotation, "__origin__", None) is dict
        current = _model_in(info.annotation)
    if current is None or not hasattr(current, "model_fields"):
        return []
    return [f.alias or name for name, f in current.model_fields.items()]


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def pydantic_diagnostics(exc: ValidationError, raw: RawYaml, model: type[BaseModel]) -> list[Diagnostic]:
    by_path: dict[Path, list[ErrorDetails]] = {}
    invalid = raw.doc.invalid   # values the YAML stage reported already (an impossible date, a tag)
    for err in exc.errors(include_url=False):
        path = _clean_loc(err["loc"], raw.doc.data)
        if not any(path[:n] in invalid for n in range(len(path) + 1)):
            by_path.setdefault(path, []).append(err)
    out: list[Diagnostic] = []
    for path, errs in by_path.items():
        out.append(_one(path, errs, raw, model))
    return out


def _child(data: Any, part: str | int) -> tuple[bool, Any]:
    """Whether `data` has the key or index `part`, and what it holds there."""
    if isinstance(data, dict):
        return part in data, data.get(part)
    if isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
        return True, data[part]
    return False, None


def _is_present(data: Any, path: Path) -> bool:
    for part in path:
        found, data = _child(data, part)
        if not found:
            return False
    return True


def _one(path: Path, errs: list[ErrorDetails], raw: RawYaml, model: type[BaseModel]) -> Diagnostic:
    if len(errs) > 1:
        # A union (a fact value): the value has the type of one branch but broke its rule (a text's length
        # or characters, a number's range or digits). Say that, not "expected a number or true or false".
        errs = [e for e in errs if e["type"] not in _TYPE_WORDS and e["type"] not in
                ("string_type", "finite_number")][:1] or errs
    err = errs[0]
    kind = err["type"]
    text = raw.doc.raw.get(path)
    got = short(text) if text is not None else short(err.get("input")) if kind != "missing" else None
    rule, message, expected, hint, key = "wrong-type", err["msg"], None, None, False
    name = str(path[-1]) if path else ""

    if err.get("input") is None and kind != "missing" and path and _is_present(raw.doc.data, path):
        # `name:` with nothing after it: YAML reads null. Say "empty", not "wrong type".
        line, col = raw.doc.position(path)
        return Diagnostic(raw.file, line, col, Severity.ERROR, "required-field", dotted(path),
                          "this field is empty", None, None, "fill it in, or remove the line if the field is optional")
    if kind == "missing":
        rule, message, got = "required-field", "this field is required", None
        hint = f"add `{name}:` here; CONTRIBUTING.md describes every field"
        line, col = raw.doc.position(path[:-1])
        return Diagnostic(raw.file, line, col, Severity.ERROR, rule, dotted(path), message, None, None, hint)
    if kind == "extra_forbidden":
        rule, message, got, key = "unknown-field", "this field is not part of the format", None, True
        hint = did_you_mean(name, _field_names(model, path)) or "remove it; CONTRIBUTING.md lists the fields"
    elif len({e["type"] for e in errs}) > 1 or kind in _TYPE_WORDS:
        types = sorted({_TYPE_WORDS.get(e["type"], "") for e in errs} - {""})
        expected = " or ".join(types) if types else None
        message = "wrong type of value"
        value = err.get("input")
        fields = _field_names(model, path + ("",)) if path else []
        if isinstance(value, str) and value.lower() in ("yes", "no", "on", "off", "y", "n") and \
                "true or false" in types:
            hint = "write true or false (YAML 1.2: `no` is just text)"
        elif fields and not isinstance(value, (dict, list)):
            hint = f"`{dotted(path)}` holds fields on the indented lines below it: {', '.join(fields)}"
        elif text is not None and "text" in types:
            hint = f"quote it: '{text}' (unquoted, YAML reads it as a {type(value).__name__})"
        elif isinstance(value, str) and text is None and "text" not in types:
            hint = "remove the quotes"
        elif isinstance(value, str) and "text" not in types and re.fullmatch(r"\s*[0-9][0-9.,]*\s*[^\s0-9].*", value):
            hint = "write the number alone: the field's name says its unit"
        if any(e["type"] == "finite_number" for e in errs):
            rule, message, expected = "not-finite", "NaN and infinity are not numbers a page can show", "a finite number"
            hint = "write the measured value, or leave the field out when it is unknown"
    elif kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        if "https?" in pattern:
            rule, message, expected = "bad-url", "not an http(s) address", "an absolute http:// or https:// URL"
            hint = "links accept http and https only (no javascript:, data: or relative paths)"
        else:
            rule, message, expected = "bad-id", "not a valid id", "lowercase letters, digits and single hyphens"
            hint = _id_hint(str(err.get("input")))
    elif kind == "literal_error":
        rule, message = "bad-choice", "not one of the accepted values"
        expected = err.get("ctx", {}).get("expected")
        hint = did_you_mean(str(err.get("input")), [c.strip(" '") for c in str(expected).replace(" or ", ",")
                                                   .split(",")])
        if path and path[-1] == "[key]":
            path = path[:-1]
            key = True
    elif kind in ("too_short", "too_long", "string_too_short", "string_too_long"):
        rule, message = "length", err["msg"]
        got = None if kind.startswith(("too_", )) else got
    elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        rule, message = "out-of-range", err["msg"]
    elif kind == "finite_number":
        rule, message = "not-finite", "NaN and infinity are not numbers a page can show"
        hint = "write the measured value, or leave the field out when it is unknown"
    elif kind == "value_error":
        rule, message = "bad-value", err["msg"].removeprefix("Value error, ")
    elif kind.startswith(("date_", "datetime_")):
        rule, message, expected = "bad-date", "not a date", "YYYY-MM-DD"
    if path and path[-1] == "[key]":
        path, key = path[:-1], True
    line, col = raw.doc.position(path, key=key)
    return Diagnostic(raw.file, line, col, Severity.ERROR, rule, dotted(path), message, got, expected, hint)


def _id_hint(value: str) -> str:
    """A valid id close to `value`, naming the first non-ASCII character (a look-alike such as Cyrillic
    'а' is invisible in the report otherwise); the suggestion itself is always a valid id."""
    ascii_words = "".join(c if c.isascii() and c.isalnum() else " " for c in unicodedata.normalize("NFKC", value))
    hint = "e.g. " + short("-".join(ascii_words.lower().split()) or "my-id")
    odd = next((c for c in value if not c.isascii()), None)
    if odd is not None:
        hint = f"{odd!r} is {unicodedata.name(odd, 'not ASCII')} (U+{ord(odd):04X}), not a-z; " + hint
    return hint


def typed(raw: RawYaml, model: type[M]) -> tuple[Located[M] | None, list[Diagnostic]]:
    item, diags, _ = typed_or_partial(raw, model)
    return item, diags


def typed_or_partial(raw: RawYaml, model: type[M]) -> tuple[Located[M] | None, list[Diagnostic], Located[M] | None]:
    """The model, its type errors, and, when it has some, the partial model of what did validate (see
    partial.py), or None when the file is not even a mapping."""
    if not isinstance(raw.doc.data, dict):
        return None, [Diagnostic(raw.file, 1, 1, Severity.ERROR, "wrong-type", "", "the file must be a mapping",
                                 expected="key: value lines", hint="start with `id: ...`")], None
    try:
        return Located(model.model_validate(raw.doc.data), raw), [], None
    except ValidationError as exc:
        return None, pydantic_diagnostics(exc, raw, model), Located(partial_model(model, raw.doc.data), raw)
