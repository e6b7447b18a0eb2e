"""Benchmark tables and run provenance -> typed rows + diagnostics, each at file:line:col.

Each CSV row is checked on its own, like a content file, and every problem is reported (not only the
first): cells are converted (numbers, whole numbers), a strict pydantic model checks shapes, then the
rules below check what a type cannot say (registered metric and unit, known entity, provenance,
duplicates). The column of a diagnostic is the character column where the offending cell starts on its
line (what editors and GitHub annotations mean by a column); 1 for a cell past the first line of a row.
Pure: the input is what `sources.gather` read; nothing here touches a file.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePosixPath
from typing import Any

from pydantic import ValidationError

from .dates import FUTURE, FUTURE_EXPECTED, FUTURE_HINT, date_rules
from .diagnostics import Diagnostic, Severity, did_you_mean, short, unique_sorted
from .models.benchmark import (
    COLUMNS,
    FORMAT,
    FORMAT_NAME,
    FORMAT_VERSION,
    METRICS,
    NUMBER_COLUMNS,
    OPTIONAL_COLUMNS,
    PROVENANCE_FORMAT,
    PROVENANCE_FORMAT_NAME,
    SETTINGS,
    UNITS,
    WHOLE_NUMBER_COLUMNS,
    BenchmarkRow,
    RunProvenance,
)
from .models.common import ID_PATTERN, rounded_on_pages
from .records import typed_or_partial
from .sources import CsvRow, RawCsv, RawYaml
from .validate import TOO_PRECISE, too_precise_hint

ERROR = Severity.ERROR
README = "benchmarks/README.md"


# ---- the result -------------------------------------------------------------------------------------

def rows_by_entity(rows: Iterable[BenchmarkRow]) -> dict[str, list[BenchmarkRow]]:
    """Rows per entity id, each list in the order given (file order)."""
    out: dict[str, list[BenchmarkRow]] = {}
    for r in rows:
        out.setdefault(r.entity, []).append(r)
    return out


@dataclass(frozen=True)
class ComparableGroup:
    """Rows that may be compared with each other: same task, metric, status and every setting. Reported
    figures are compared only within their source (another source is another method); measured rows are
    compared across runs with identical settings."""

    task: str
    metric: str
    unit: str
    status: str
    source_url: str | None
    settings: tuple[tuple[str, object], ...]
    rows: tuple[BenchmarkRow, ...]

    # Scoring asks every entity of a group for the group's entities and best value: computed once per
    # group, as asking each time made the score stage grow with the square of the catalog.
    @cached_property
    def entities(self) -> tuple[str, ...]:
        return tuple(sorted({r.entity for r in self.rows}))

    @cached_property
    def first_values(self) -> tuple[float, ...]:
        """Each entity's first value in the group, in `entities` order."""
        return tuple(self._rows_by_entity[i][0].value for i in self.entities)

    def row_of(self, entity_id: str) -> BenchmarkRow | None:
        """The entity's first row in this group (rows are in file order), or None."""
        rows = self._rows_by_entity.get(entity_id)
        return rows[0] if rows else None

    def rows_of(self, entity_id: str) -> tuple[BenchmarkRow, ...]:
        """The entity's rows in this group, in file order."""
        return tuple(self._rows_by_entity.get(entity_id, ()))

    @cached_property
    def _rows_by_entity(self) -> dict[str, list[BenchmarkRow]]:
        return rows_by_entity(self.rows)


@dataclass(frozen=True)
class BenchmarkData:
    rows: tuple[BenchmarkRow, ...] = ()                          # in (file, line) order
    runs: Mapping[str, RunProvenance] = field(default_factory=dict)  # by run id, in id order

    # Pages ask for the rows and groups of one or two entities thousands of times: each answer comes from
    # an index built once (cached_property), not from a scan of every row (that was O(pages x rows)).

    def rows_for(self, entity_id: str) -> list[BenchmarkRow]:
        return list(self._rows_by_entity.get(entity_id, ()))

    def groups(self, task: str | None = None, metric: str | None = None) -> list[ComparableGroup]:
        """Comparable groups, optionally of one task and metric, in a stable order."""
        return [g for g in self._groups if (task is None or g.task == task) and (metric is None or g.metric == metric)]

    def groups_with(self, entity_ids: Collection[str], *, every: bool) -> list[ComparableGroup]:
        """The groups (in `groups()` order) with a row of every one of `entity_ids`, or of any of them."""
        found = [self._group_numbers.get(i, set()) for i in entity_ids]
        if not found:
            return list(self._groups) if every else []
        numbers = set.intersection(*found) if every else set.union(*found)
        return [self._groups[k] for k in sorted(numbers)]

    @cached_property
    def _rows_by_entity(self) -> dict[str, list[BenchmarkRow]]:
        return rows_by_entity(self.rows)

    @cached_property
    def _groups(self) -> tuple[ComparableGroup, ...]:
        found: dict[tuple[str, str, str, str, str | None, tuple[tuple[str, object], ...]], list[BenchmarkRow]] = {}
        for r in self.rows:
            source = r.source_url if r.status == "reported" else None
            found.setdefault((r.task, r.metric, r.unit, r.status, source, r.settings), []).append(r)
        groups = [ComparableGroup(task, metric, unit, status, source, settings, tuple(rows))
                  for (task, metric, unit, status, source, settings), rows in found.items()]
        return tuple(sorted(groups, key=lambda g: (g.task, g.metric, g.status, g.source_url or "",
                                                   tuple((k, "" if v is None else str(v)) for k, v in g.settings))))

    @cached_property
    def _group_numbers(self) -> dict[str, set[int]]:
        out: dict[str, set[int]] = {}
        for k, g in enumerate(self._groups):
            for r in g.rows:
                out.setdefault(r.entity, set()).add(k)
        return out


# ---- formats ----------------------------------------------------------------------------------------

def _format_problem(found: object, name: str, version: int, file: str, line: int, col: int, path: str,
                    where: str) -> Diagnostic | None:
    """None when `found` is the format this Versus reads; else why not, with the way to upgrade."""
    expected = f"{name}/{version}"
    if found == expected:
        return None
    if found is None:
        return Diagnostic(file, line, col, ERROR, "format-version", path, "the file does not name its format",
                          expected=short(expected), hint=f"add {where}")
    match = re.fullmatch(re.escape(name) + r"/([0-9]+)", str(found))
    if match and int(match.group(1)) > version:
        return Diagnostic(file, line, col, ERROR, "format-version", path,
                          "written for a newer format than this Versus reads", got=short(found),
                          expected=short(expected), hint="upgrade Versus (pip install -U versus), then rebuild")
    if match:
        return Diagnostic(file, line, col, ERROR, "format-version", path, "written for an older format",
                          got=short(found), expected=short(expected),
                          hint=f"{README} (Format versions) lists the changes; apply them and set {expected}")
    return Diagnostic(file, line, col, ERROR, "format-version", path, "not a Versus format name",
                      got=short(found), expected=short(expected), hint=f"write {where}")


# ---- provenance -------------------------------------------------------------------------------------

def _provenance(raw: RawYaml, latest: dt.date | None) -> tuple[str | None, RunProvenance | None, list[Diagnostic]]:
    run_id = PurePosixPath(raw.file).parent.name
    if not re.fullmatch(ID_PATTERN, run_id):
        return None, None, [Diagnostic(raw.file, 1, 1, ERROR, "bad-id", "", "the run folder is not a valid id",
                                       got=short(run_id), expected="lowercase letters, digits and single hyphens",
                                       hint="rename the folder, and the `run` cells that name it")]
    data = raw.doc.data if isinstance(raw.doc.data, dict) else {}
    line, col = raw.doc.position(("format",))
    problem = _format_problem(data.get("format"), PROVENANCE_FORMAT_NAME, 1, raw.file, line, col, "format",
                              f"`format: {PROVENANCE_FORMAT}` as the first line")
    if problem is not None and isinstance(raw.doc.data, dict):
        return run_id, None, [problem]
    item, problems, partial = typed_or_partial(raw, RunProvenance)
    if (found := item or partial) is not None:
        problems += date_rules(raw.file, found.model, raw.doc.position, latest)
    return run_id, (item.model if item and not problems else None), problems


# ---- one CSV row ------------------------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_WHOLE = re.compile(r"[+-]?[0-9]+")
_NON_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)

_TYPE_RULES = {  # pydantic error type -> (rule, message; {bound} is the limit)
    "literal_error": ("bad-choice", "not one of the accepted values"),
    "greater_than": ("out-of-range", "must be greater than {bound}"),
    "greater_than_equal": ("out-of-range", "must be at least {bound}"),
    "less_than": ("out-of-range", "must be less than {bound}"),
    "less_than_equal": ("out-of-range", "must be at most {bound}"),
    "string_too_long": ("length", None), "string_too_short": ("length", None),
    "value_error": ("bad-value", None),
}
_SHAPES = {  # what a pattern-checked cell looks like, in words
    "precision": "lower case letters, digits and _ . + -, e.g. fp16, bf16, int8, q4_k_m",
    "resolution": "WIDTHxHEIGHT in pixels, e.g. 1024x1024",
}


@dataclass
class _RowCheck:
    """Collects the diagnostics of one row; `bad` remembers the columns already reported, so a cell gets
    one diagnostic and later rules skip it."""

    table: RawCsv
    row: CsvRow
    out: list[Diagnostic] = field(default_factory=list)
    bad: set[str] = field(default_factory=set)

    def add(self, column: str, rule: str, message: str, *, got: str | None = None, expected: str | None = None,
            hint: str | None = None) -> None:
        index = self.table.header.index(column) if column in self.table.header else None
        col = self.row.cols[index] if index is not None and index < len(self.row.cols) else 1
        self.out.append(Diagnostic(self.table.file, self.row.line, col, ERROR, rule, column, message, got,
                                   expected, hint))
        self.bad.add(column)

    def got(self, column: str) -> str | None:
        """The cell as written (the report shows what the contributor typed, not what it parsed to)."""
        text = self.row.values.get(column, "").strip()
        return short(text) if text else None


def _convert(check: _RowCheck) -> dict[str, Any]:
    """Cells -> Python values: empty cells are left out ('not stated'), numbers become numbers."""
    out: dict[str, Any] = {}
    for column in COLUMNS:
        text = check.row.values.get(column, "").strip()
        if not text:
            continue
        if column in NUMBER_COLUMNS or column in WHOLE_NUMBER_COLUMNS:
            whole = column in WHOLE_NUMBER_COLUMNS
            overflow = not whole and _NUMBER.fullmatch(text) and not math.isfinite(float(text))  # e.g. 1e999
            if _NON_FINITE.fullmatch(text) or overflow:
                check.add(column, "not-finite", "NaN and infinity are not numbers a page can show", got=short(text),
                          hint="write the measured value, or leave the row out when it is unknown")
            elif not (_WHOLE if whole else _NUMBER).fullmatch(text):
                check.add(column, "not-a-number", "not a whole number" if whole else "not a number",
                          got=short(text), expected="a whole number" if whole else "a number, e.g. 21.66",
                          hint="digits only: no units, no thousands separators, no '~' or '>'")
            elif whole and len(text) > 18:  # int() of thousands of digits is slow, and no count is that large
                check.add(column, "out-of-range", "too large", got=short(text))
            else:
                out[column] = int(text) if whole else float(text)
        else:
            out[column] = text
    return out


def _shape(check: _RowCheck, cells: dict[str, Any], entity_ids: set[str],
           run_files: set[str]) -> BenchmarkRow | None:
    """The strict model: types, patterns, choices and ranges of each cell."""
    try:
        return BenchmarkRow.model_validate({**cells, "file": check.table.file, "line": check.row.line})
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            column = str(err["loc"][0])
            if column in check.bad:
                continue
            kind = err["type"]
            got = check.got(column)
            if kind == "missing":
                check.add(column, "required-field", "this cell is required",
                          hint=f"fill in the `{column}` column; {README} describes every column")
            elif kind == "string_pattern_mismatch":
                pattern = err.get("ctx", {}).get("pattern", "")
                if "https?" in pattern:
                    check.add(column, "bad-url", "not an http(s) address", got=got,
                              expected="an absolute http:// or https:// URL")
                elif pattern == ID_PATTERN:
                    known = entity_ids if column == "entity" else run_files
                    check.add(column, "bad-id", "not a valid id", got=got,
                              expected="lowercase letters, digits and single hyphens",
                              hint=did_you_mean(str(cells.get(column, "")).lower(), known))
                else:
                    text = str(cells.get(column, ""))
                    hint = f"write it in lower case: {short(text.lower())}" if text != text.lower() else None
                    check.add(column, "bad-value", "not in the accepted shape", got=got,
                              expected=_SHAPES.get(column, pattern), hint=hint)
            elif kind.startswith(("date_", "datetime_")):
                check.add(column, "bad-date", "not a date", got=got, expected="YYYY-MM-DD")
            elif kind in _TYPE_RULES:
                rule, message = _TYPE_RULES[kind]
                ctx = err.get("ctx", {})
                bound = next((ctx[k] for k in ("gt", "ge", "lt", "le") if k in ctx), None)
                message = message.format(bound=bound) if message else None
                expected = ctx.get("expected") if kind == "literal_error" else None
                hint = None
                if kind == "literal_error":
                    choices = [c.strip(" '") for c in str(expected).replace(" or ", ",").split(",")]
                    hint = did_you_mean(str(cells.get(column)), choices)
                check.add(column, rule, message or err["msg"].removeprefix("Value error, "), got=got,
                          expected=expected, hint=hint)
            else:
                check.add(column, "wrong-type", err["msg"], got=got)
        return None


def _rules(check: _RowCheck, cells: dict[str, Any], entity_ids: set[str], run_files: set[str],
           latest: dt.date | None) -> None:
    """What a type cannot say. Works on the converted cells, so a row with a bad value still has its
    entity, metric and provenance checked: every problem of the row at once."""
    def ok(column: str) -> bool:
        return column in cells and column not in check.bad

    if ok("entity") and cells["entity"] not in entity_ids:
        check.add("entity", "unknown-entity", "no entity has this id", got=check.got("entity"),
                  hint=did_you_mean(cells["entity"], entity_ids) or
                  f"add content/entities/{cells['entity']}.yaml, or fix the id")
    spec = METRICS.get(cells["metric"]) if ok("metric") else None
    if ok("metric") and spec is None:
        check.add("metric", "unknown-metric", "not a registered metric", got=check.got("metric"),
                  hint=did_you_mean(cells["metric"], METRICS) or "register it in generator/models/benchmark.py")
    if spec is not None and ok("task") and cells["task"] not in spec.tasks:
        check.add("metric", "metric-task", f"this metric does not apply to {cells['task']}",
                  got=check.got("metric"), expected=" or ".join(sorted(spec.tasks)))
    if spec is not None and ok("unit") and cells["unit"] != spec.unit:
        got_unit, want = UNITS.get(cells["unit"]), UNITS[spec.unit]
        hint = f"{spec.label} is always in {spec.unit}"
        if got_unit is not None and got_unit.dimension == want.dimension:
            hint = f"convert the value: 1 {cells['unit']} = {got_unit.factor / want.factor:.10g} {spec.unit}"
        check.add("unit", "unknown-unit", f"not the unit of {cells['metric']}", got=check.got("unit"),
                  expected=short(spec.unit), hint=hint)
    if spec is not None and ok("value"):
        value = cells["value"]
        if value <= 0:
            check.add("value", "out-of-range", "must be greater than 0", got=check.got("value"),
                      hint="a missing figure is left out, never written as 0")
        elif spec.maximum is not None and value > spec.maximum:
            check.add("value", "out-of-range", f"must be at most {spec.maximum:g}", got=check.got("value"))
        elif (shown := rounded_on_pages(value)) is not None:
            check.add("value", "too-precise", TOO_PRECISE, got=check.got("value"), hint=too_precise_hint(shown))
    for column in ("published", "retrieved"):
        if ok(column) and latest is not None and dt.date.fromisoformat(cells[column]) > latest:
            check.add(column, "future-date", FUTURE, got=check.got(column), expected=FUTURE_EXPECTED, hint=FUTURE_HINT)
    if ok("published") and ok("retrieved") and cells["published"] > cells["retrieved"]:
        check.add("published", "date-order", "the source's own date is after the day it was read",
                  got=check.got("published"), expected=f"at most {cells['retrieved']}",
                  hint="fix `published` or `retrieved`")
    _provenance_rules(check, cells, ok, run_files)


def _provenance_rules(check: _RowCheck, cells: dict[str, Any], ok: Any, run_files: set[str]) -> None:
    status, run, url = cells.get("status"), cells.get("run"), cells.get("source_url")
    if run is None and url is None:
        check.add("run", "missing-provenance", "the row says neither which run measured it nor where it was published",
                  hint="fill in `run` (a folder under benchmarks/runs/) or `source_url` and `retrieved`")
        return
    if ok("run") and run not in run_files:
        check.add("run", "missing-provenance", "no provenance file for this run", got=check.got("run"),
                  expected=f"benchmarks/runs/{run}/provenance.yaml",
                  hint=did_you_mean(str(run), run_files) or "commit the run folder with its provenance.yaml")
    if status == "measured" and run is None and "status" not in check.bad:
        check.add("run", "missing-provenance", "a measured row names the run that measured it",
                  hint="fill in `run`, or set `status` to reported for a published figure")
    if status == "reported" and run is not None and "status" not in check.bad:
        check.add("status", "status-origin", "a row from one of our runs is measured, not reported",
                  got=check.got("status"), expected="'measured'")
    if status == "reported" and url is None and "source_url" not in check.bad:
        check.add("source_url", "missing-provenance", "a reported figure needs the address it was published at",
                  hint="fill in `source_url` and `retrieved`")
    if url is not None and cells.get("retrieved") is None and "retrieved" not in check.bad:
        check.add("retrieved", "missing-provenance", "a published figure needs the day it was read",
                  hint="fill in `retrieved` as YYYY-MM-DD")


def check_row(table: RawCsv, row: CsvRow, entity_ids: set[str], run_files: set[str],
              latest: dt.date | None = None) -> tuple[BenchmarkRow | None, list[Diagnostic]]:
    """One row -> the typed row (None when anything is wrong) and all of its diagnostics. `latest`: the
    last date a row may carry (dates.latest_date(); None: not checked)."""
    check = _RowCheck(table, row)
    cells = _convert(check)
    typed_row = _shape(check, cells, entity_ids, run_files)
    _rules(check, cells, entity_ids, run_files, latest)
    return (typed_row if not check.out else None), check.out


# ---- one table --------------------------------------------------------------------------------------

def _header(table: RawCsv) -> list[Diagnostic]:
    out = []
    for i, name in enumerate(table.header):
        col = table.header_cols[i] if i < len(table.header_cols) else 1
        if name not in COLUMNS:
            out.append(Diagnostic(table.file, table.header_line, col, ERROR, "unknown-column", name,
                                  "not a column of the format", got=short(name),
                                  hint=did_you_mean(name, COLUMNS) or f"remove it; {README} lists the columns"))
        elif table.header.index(name) != i:
            out.append(Diagnostic(table.file, table.header_line, col, ERROR, "duplicate-column", name,
                                  f"the column is already at position {table.header.index(name) + 1}"))
    for name in COLUMNS:
        if name not in table.header and name not in OPTIONAL_COLUMNS:
            out.append(Diagnostic(table.file, table.header_line, 1, ERROR, "missing-column", name,
                                  "the header lacks this column", got=None, expected=short(name),
                                  hint=f"add `{name}` to the header (cells may stay empty where it is optional)"))
    return out


def _table_format(table: RawCsv) -> Diagnostic | None:
    keys = list(table.preamble)
    line = keys.index("format") + 1 if "format" in keys else 1
    return _format_problem(table.preamble.get("format"), FORMAT_NAME, FORMAT_VERSION, table.file, line, 1,
                           "format", f"`# format: {FORMAT}` as the first line")


def validate_benchmarks(tables: list[RawCsv], provenance: list[RawYaml], entity_ids: set[str],
                        latest: dt.date | None = None) -> tuple[BenchmarkData, list[Diagnostic]]:
    """Every table and provenance file -> the typed rows and runs, and every problem found, in file order.
    `latest`: the last date a row or run may carry (dates.latest_date(); None: not checked)."""
    diags: list[Diagnostic] = []
    runs: dict[str, RunProvenance] = {}
    run_files: set[str] = set()   # runs with a provenance file, valid or not (its own errors are reported)
    for raw in sorted(provenance, key=lambda r: r.file):
        run_id, model, problems = _provenance(raw, latest)
        diags += problems
        if run_id is not None:
            run_files.add(run_id)
        if run_id is not None and model is not None:
            runs[run_id] = model

    rows: list[BenchmarkRow] = []
    first_of: dict[tuple[object, ...], BenchmarkRow] = {}
    for table in sorted(tables, key=lambda t: t.file):
        problem = _table_format(table)
        if problem is not None:
            diags.append(problem)   # a file in another format is refused whole: its columns may mean other things
            continue
        header = _header(table)
        diags += header
        if any(d.rule == "missing-column" for d in header):
            continue   # every row would repeat the header's problem
        for raw_row in table.rows:
            row, problems = check_row(table, raw_row, entity_ids, run_files, latest)
            diags += problems
            if row is None:
                continue
            key = (row.entity, row.task, row.metric, row.settings, row.origin)
            first = first_of.setdefault(key, row)
            if first is not row:
                where = f"line {first.line}" if first.file == row.file else f"{first.file}:{first.line}"
                diags.append(Diagnostic(row.file, row.line, 1, ERROR, "duplicate-measurement", "",
                                        f"the same measurement (entity, task, metric, settings and origin) is on "
                                        f"{where}", hint="remove one row, or state the setting that differs "
                                                         "(software, options, batch, ...)"))
                continue
            rows.append(row)
    rows.sort(key=lambda r: (r.file, r.line))
    return BenchmarkData(tuple(rows), dict(sorted(runs.items()))), unique_sorted(diags)


__all__ = ["SETTINGS", "BenchmarkData", "ComparableGroup", "check_row", "validate_benchmarks"]
