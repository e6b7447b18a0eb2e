"""`versus new entity|faq|run <id>`: a skeleton file with the schema modeline and a comment on every field;
`versus new row <file.csv> [column=value ...]`: one benchmark row appended to a table.

The skeleton is written from the same models the validator uses (`formats.fields`), so it cannot
list a field that no longer exists or miss a new one. What it promises, and what the tests check:

- it is valid YAML, and its keys are in the canonical order (`versus fix` leaves it unchanged);
- `versus validate` reports an error at every required value left empty, and at nothing else, so the
  error list is exactly the list of facts the contributor must fill in. Optional values may stay empty
  (empty means "not stated"); optional lists and mappings of records are commented-out examples.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .diagnostics import did_you_mean
from .formats import BY_NAME, FieldDoc, Format, fields, type_words
from .models import FACTS
from .models.benchmark import COLUMNS, FORMAT, METRICS
from .models.common import ID_MAX, ID_PATTERN
from .schema import modeline
from .sources import BENCHMARK_DIR, ENTITY_DIR, FAQ_DIR, parse_csv

KINDS = {"entity": "entity", "faq": "faq", "run": "provenance"}   # `versus new KIND` -> format name
COMMENT_COLUMN = 34

# Keys of example entries in mappings whose keys the contributor chooses, and what the key is.
_EXAMPLE_KEYS = {("Entity", "facts"): next(iter(FACTS)), ("Entity", "sources"): "card",
                 ("RunProvenance", "libraries"): "torch"}
_KEY_NOTES = {("Entity", "facts"): "a key of the fact registry, a fixed list (CONTRIBUTING.md, Fact keys); "
                                   "a model's fit verdict needs some of them: `make validate` notes which",
              ("Entity", "sources"): "a short name you choose; facts cite it in `source`",
              ("RunProvenance", "libraries"): "a package name"}


class ScaffoldError(Exception):
    """An expected user error: a bad id, or a file that exists already."""


def target(kind: str, new_id: str) -> str:
    """The root-relative path `versus new KIND ID` writes."""
    return {"entity": f"{ENTITY_DIR}/{new_id}.yaml", "faq": f"{FAQ_DIR}/{new_id}.yaml",
            "run": f"{BENCHMARK_DIR}/runs/{new_id}/provenance.yaml"}[kind]


def check_id(new_id: str) -> None:
    if not re.fullmatch(ID_PATTERN, new_id) or len(new_id) > ID_MAX:
        suggestion = "-".join(re.sub(r"[^a-z0-9]+", " ", new_id.lower()).split())[:ID_MAX]
        hint = f" (e.g. {suggestion})" if suggestion and re.fullmatch(ID_PATTERN, suggestion) else ""
        raise ScaffoldError(f"{new_id!r} is not a valid id: use lowercase letters, digits and single hyphens, "
                            f"at most {ID_MAX} characters{hint}")


# ---- the words of a comment ------------------------------------------------------------------------

def comment(f: FieldDoc) -> str:
    words = "required" if f.required else "optional"
    shape = f.shape
    if shape.kind == "choice" and len(shape.choices) == 1:
        return f"{words}: always {shape.choices[0]}"
    described = f.description
    if not f.required and described and described.startswith("required for"):
        words, described = described.split(":", 1)[0], described.split(":", 1)[1].strip()   # `task`: conditional
    if shape.kind == "model":
        kind = "a mapping of the fields below"
    elif shape.kind in ("list", "dict") and shape.of.kind == "model":
        if shape.kind == "list":
            kind = "a list, each item with the fields below"
        else:
            keys = "keys" if shape.keys.kind == "string" else type_words(shape.keys)
            kind = f"a mapping of {keys} to entries with the fields below"
    else:
        kind = type_words(shape)
    return f"{words}: {'; '.join(p for p in (described, kind) if p)}"


# ---- lines ----------------------------------------------------------------------------------------

@dataclass
class _Line:
    text: str
    note: str | None = None


def _scalar(f: FieldDoc, root_id: str | None) -> str:
    if f.shape.kind == "choice" and len(f.shape.choices) == 1:
        return _yaml_scalar(f.shape.choices[0])
    if f.name == "id" and root_id is not None:
        return root_id
    if not f.required and f.default == "":
        return '""'
    if not f.required and f.default not in (None, [], {}):
        return _yaml_scalar(f.default)
    return ""


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    return text if re.fullmatch(r"[A-Za-z][A-Za-z0-9_./-]*", text) and text not in ("true", "false", "null") \
        else '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _model_lines(model: type[BaseModel], indent: int, root_id: str | None = None) -> list[_Line]:
    out: list[_Line] = []
    pad = " " * indent
    for f in fields(model):
        shape = f.shape
        key = f"{pad}{f.name}:"
        if shape.kind == "model":
            body = _model_lines(shape.record, indent + 2)
            if f.required:
                out += [_Line(key, comment(f))] + body
            else:
                out += [_Line(f"{key} null", comment(f))] + _commented(body, indent + 2)
        elif shape.kind in ("list", "dict") and shape.of.kind == "model":
            sub = _model_lines(shape.of.record, indent + 4)
            if shape.kind == "list":
                first = sub[0].text
                sub[0] = _Line(f"{pad}  - {first.lstrip()}", sub[0].note)
            else:
                sub = [_Line(f"{pad}  {_example_key(model, f)}:", _key_note(model, f))] + sub
            if f.required:
                out += [_Line(key, comment(f))] + sub
            else:
                empty = "[]" if shape.kind == "list" else "{}"
                out += [_Line(f"{key} {empty}", comment(f) + "; an example to copy:")] + _commented(sub, indent + 2)
        elif shape.kind == "dict":
            words = type_words(shape.of)
            if f.required and shape.keys.kind == "choice":   # `links`: any one of the keys will do
                words = f"required: one entry at least, under any of the keys above; {words}"
            elif f.required:
                words = f"required: {words}"
            entry = [_Line(f"{pad}  {_example_key(model, f)}:", words)]
            if f.required:
                out += [_Line(key, comment(f))] + entry
            else:
                out += [_Line(f"{key} {{}}", comment(f) + "; an example to copy:")] + _commented(entry, indent + 2)
        elif shape.kind == "list":
            out.append(_Line(f"{key} []", comment(f)))
        else:
            value = _scalar(f, root_id)
            out.append(_Line(f"{key} {value}" if value else key, comment(f)))
    return out


def _example_key(model: type[BaseModel], f: FieldDoc) -> str:
    if (model.__name__, f.name) in _EXAMPLE_KEYS:
        return _EXAMPLE_KEYS[(model.__name__, f.name)]
    return str(f.shape.keys.choices[0]) if f.shape.keys.kind == "choice" else "example"


def _key_note(model: type[BaseModel], f: FieldDoc) -> str:
    if (model.__name__, f.name) in _KEY_NOTES:
        return _KEY_NOTES[(model.__name__, f.name)]
    return "one of the keys named above" if f.shape.keys.kind == "choice" else "a key you choose"


def _commented(lines: list[_Line], indent: int) -> list[_Line]:
    """Example lines, commented out at one column so that an editor's 'toggle comment' restores them."""
    return [_Line(line.text[:indent] + "# " + line.text[indent:], line.note) for line in lines]


def _layout(lines: list[_Line]) -> list[str]:
    out = []
    for line in lines:
        if not line.note:
            out.append(line.text)
            continue
        column = max(COMMENT_COLUMN, len(line.text) + 2)
        out.append(f"{line.text.ljust(column)}# {line.note}")
    return out


def skeleton(kind: str, new_id: str) -> str:
    """The text of a new file of `kind` ('entity', 'faq' or 'run') with id `new_id`."""
    fmt: Format = BY_NAME[KINDS[kind]]
    path = target(kind, new_id)
    head = [modeline(path, fmt),
            f"# A new {fmt.title.lower()}. Fill in every empty required value: `make validate` lists the ones",
            "# still empty. Optional values may stay empty (empty means 'not stated') or be deleted;",
            "# commented-out lines are examples to copy. CONTRIBUTING.md describes every field.",
            "# The comments may stay in your pull request or go: YAML ignores them, and `versus fix` keeps them.",
            ""]
    root_id = new_id if kind != "run" else None
    return "\n".join(head + _layout(_model_lines(fmt.model, 0, root_id))) + "\n"


def create(root: Path, kind: str, new_id: str) -> str:
    """Write the skeleton; returns its root-relative path. Refuses a bad id or an existing file."""
    if kind not in KINDS:
        raise ScaffoldError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    check_id(new_id)
    path = target(kind, new_id)
    file = root / path
    if file.exists() or file.is_symlink():   # a link to nothing would be written through, wherever it leads
        raise ScaffoldError(f"{path} already exists: edit it, or choose another id")
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(skeleton(kind, new_id), encoding="utf-8", newline="\n")
    return path


# ---- benchmark rows -----------------------------------------------------------------------------------

ROW_REQUIRED = ("entity", "task", "metric", "value", "unit", "status")
ROW_ORIGIN = {"measured": ("run",), "reported": ("source_url", "retrieved")}


@dataclass(frozen=True)
class NewRow:
    path: str                  # root-relative
    line: int                  # the row's line in the file
    derived: tuple[str, ...]   # cells filled in from others: "unit tokens/s (the metric's one unit)"
    empty: tuple[str, ...]     # required cells still empty


def row_cells(given: Mapping[str, str]) -> tuple[dict[str, str], tuple[str, ...]]:
    """The cells of a new row: the given ones, plus what follows from them (the metric's one unit, its only
    task, the status a `run` or `source_url` implies)."""
    unknown = [c for c in given if c not in COLUMNS]
    if unknown:
        hints = [f"{c!r}" + (f" ({hint})" if (hint := did_you_mean(c, COLUMNS)) else "") for c in unknown]
        raise ScaffoldError(f"not a column of {FORMAT}: {', '.join(hints)}; the columns are {', '.join(COLUMNS)}")
    cells = {c: v.strip() for c, v in given.items()}
    derived = []
    spec = METRICS.get(cells.get("metric", ""))
    if spec is not None and not cells.get("unit"):
        cells["unit"] = spec.unit
        derived.append(f"unit {spec.unit} (the metric's one unit)")
    if spec is not None and not cells.get("task") and len(spec.tasks) == 1:
        cells["task"] = next(iter(spec.tasks))
        derived.append(f"task {cells['task']} (the metric's task)")
    if not cells.get("status") and (cells.get("run") or cells.get("source_url")):
        cells["status"] = "measured" if cells.get("run") else "reported"
        derived.append(f"status {cells['status']} (from {'run' if cells.get('run') else 'source_url'})")
    return cells, tuple(derived)


def row_still_empty(cells: Mapping[str, str]) -> tuple[str, ...]:
    origin = ROW_ORIGIN.get(cells.get("status", ""), ("run or source_url",))
    return tuple(c for c in (*ROW_REQUIRED, *origin) if not cells.get(c))


def add_row(root: Path, path: str, given: Mapping[str, str]) -> NewRow:
    """Append a row to the table at root-relative `path`, written with its format line and header when the
    file does not exist. Cells are quoted where CSV needs it; nothing else in the file changes."""
    if not re.fullmatch(rf"{BENCHMARK_DIR}/(?:[^/]+/)*[^/]+\.csv", path):
        raise ScaffoldError(f"{path}: a benchmark table is a .csv file under {BENCHMARK_DIR}/, "
                            f"e.g. {BENCHMARK_DIR}/published/llm.csv")
    cells, derived = row_cells(given)
    file = root / path
    if file.exists():
        text = file.read_text(encoding="utf-8")
        table, problems = parse_csv(text, path)
        if table is None or problems:
            raise ScaffoldError(f"{path} cannot be read as a table; run `make validate` to see why")
        header = table.header
        missing = [c for c in cells if c not in header]
        if missing:
            raise ScaffoldError(f"{path} has no column {', '.join(missing)}: add it to the header first")
        head = text if text.endswith("\n") or not text else text + "\n"
    else:
        header = list(COLUMNS)
        head = f"# format: {FORMAT}\n" + _csv_line(header)
    line = head.count("\n") + 1
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(head + _csv_line([cells.get(c, "") for c in header]), encoding="utf-8", newline="")
    return NewRow(path, line, derived, row_still_empty(cells))


def _csv_line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue()
