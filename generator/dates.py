"""The date rules, over every date of every format (found from the field types, so a new date field is
covered without a line here):

- `future-date`: no date after the day of the build. A date in the future would become the site's "as
  of" date (the newest date in the content), shift every freshness score, and a year-9999 date would
  overflow the gzip header of the sitemap.
- `date-order`: a source is never dated after the day it was read (`date` after `retrieved`). (A date
  after the file's `last_reviewed` is allowed: a source may be added or re-read without reviewing the
  whole file again.)

Which day is "the day of the build": today's date in UTC, by the clock, with one day's grace for a
contributor in a time zone ahead of UTC. Not SOURCE_DATE_EPOCH: it pins the output's timestamps (and
reproducible-build systems set it to a fixed old day, such as 1980 in Nix), it does not say what day it is.
The clock decides only whether the content is accepted, never what is built from it: the site's date
comes from the content alone, so the same input still builds byte-identical sites on any day, and a
date refused today is accepted once its day has come (never the other way round).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel

from .diagnostics import Diagnostic, Severity
from .formats import Shape, fields
from .models.common import Source, partial_date_start
from .yaml_tree import Path, dotted

GRACE = dt.timedelta(days=1)
FUTURE, FUTURE_EXPECTED = "a date in the future", "today or earlier"
FUTURE_HINT = "write the day it happened; a date after today would date the whole site"


def latest_date(now: dt.datetime | None = None) -> dt.date:
    """The last date content may carry: today in UTC, and one more day for time zones ahead of UTC."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).date() + GRACE


def _leaf(shape: Shape) -> str:
    while shape.kind in ("list", "dict"):
        shape = shape.of
    return shape.kind


@functools.cache
def _date_fields(model: type[BaseModel]) -> tuple[tuple[str, str, str], ...]:
    """(attribute, key as written, kind) of the fields of `model` that hold dates or records."""
    attribute = {info.alias or name: name for name, info in model.model_fields.items()}
    out = []
    for f in fields(model):
        kind = _leaf(f.shape)
        if kind in ("date", "partial-date", "model"):
            out.append((attribute[f.name], f.name, kind))
    return tuple(out)


def dated(record: BaseModel, path: Path = ()) -> Iterator[tuple[Path, dt.date, BaseModel]]:
    """(path, date, the record holding it) of every date in `record`, partial models included (a value
    that failed its type is None there and is skipped); a partial date counts from its first day."""
    for name, key, kind in _date_fields(type(record)):
        value = getattr(record, name, None)
        for where, item in _items(value, path + (key,)):
            if kind == "date" and isinstance(item, dt.date):
                yield where, item, record
            elif kind == "partial-date" and isinstance(item, (dt.date, str)):
                yield where, partial_date_start(item), record
            elif kind == "model" and isinstance(item, BaseModel):
                yield from dated(item, where)


def _items(value: Any, path: Path) -> Iterator[tuple[Path, Any]]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield from _items(item, path + (i,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _items(item, path + (key,))
    elif value is not None:
        yield path, value


def date_rules(file: str, record: BaseModel, position: Callable[[Path], tuple[int, int]],
               latest: dt.date | None) -> list[Diagnostic]:
    """The date rules over one file's model (or partial model); `position(path)` gives (line, col), and
    `latest` is the last acceptable date (None: not checked)."""
    out: list[Diagnostic] = []

    def add(path: Path, rule: str, message: str, got: dt.date, expected: str, hint: str) -> None:
        out.append(Diagnostic(file, *position(path), Severity.ERROR, rule, dotted(path), message,
                              got.isoformat(), expected, hint))

    for path, day, holder in dated(record):
        if latest is not None and day > latest:
            add(path, "future-date", FUTURE, day, FUTURE_EXPECTED, FUTURE_HINT)
        elif isinstance(holder, Source) and path[-1] == "date" and isinstance(holder.retrieved, dt.date) \
                and day > holder.retrieved:
            add(path, "date-order", "the source's own date is after the day it was read", day,
                f"{holder.retrieved.isoformat()} or earlier (its retrieved)",
                "a source can only be dated on or before the day it was retrieved")
    return out


__all__ = ["FUTURE", "FUTURE_EXPECTED", "FUTURE_HINT", "GRACE", "date_rules", "dated", "latest_date"]
