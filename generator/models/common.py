"""Field types shared by every content format.

Strict by design: content comes from strangers in pull requests. A type says what a field accepts,
and the JSON Schema for editors is generated from these same definitions.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict

# One shape for every id and slug: it becomes a URL path segment and a file name, so nothing else
# may pass (no dots, slashes, upper case or Unicode look-alikes; no path can leave the output folder).
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_MAX = 64

Id = Annotated[str, Strict(), Field(pattern=ID_PATTERN, min_length=1, max_length=ID_MAX,
                                    description="lowercase letters, digits and single hyphens, "
                                                f"at most {ID_MAX} characters, e.g. `phi-3-5-mini`")]

# Links accept http and https only: never javascript:, data:, file: or a relative escape.
URL_PATTERN = r"^https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:[/?#][^\s<>\"'`\\]*)?$"
Url = Annotated[str, Strict(), Field(pattern=URL_PATTERN, max_length=2000,
                                     description="an absolute http:// or https:// address")]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _no_control(value: str) -> str:
    # Bidirectional overrides and zero-width characters can make text read differently from what it
    # is (the "Trojan Source" trick); newlines are allowed only where a field says so.
    if _CONTROL.search(value):
        raise ValueError("contains a control, zero-width or bidirectional-override character")
    if value != value.strip():
        raise ValueError("starts or ends with white space")
    return value


def _single_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("must be a single line")
    return value


def _label_chars(value: str) -> str:
    if re.search(r"[<>\"`\\{}]", value):
        raise ValueError("names may not contain < > \" ` \\ { }")
    return value


# A short name shown in titles, tables and navigation.
Label = Annotated[str, Strict(), Field(min_length=1, max_length=80),
                  AfterValidator(_no_control), AfterValidator(_single_line), AfterValidator(_label_chars)]
# A one-line text: a summary, a title of a source.
Line = Annotated[str, Strict(), Field(min_length=1, max_length=300),
                 AfterValidator(_no_control), AfterValidator(_single_line)]
# Prose: plain text, rendered escaped. Paragraph breaks (blank lines) are kept; no Markdown, no HTML.
Text = Annotated[str, Strict(), Field(min_length=1, max_length=2500), AfterValidator(_no_control)]
# Verbatim text (an error message, a command): shown exactly, in code style, never interpreted.
Verbatim = Annotated[str, Strict(), Field(min_length=1, max_length=2500)]

# Dates come from YAML as dates (2024-08-20, unquoted); a quoted date is accepted too.
Date = Annotated[dt.date, Strict(False)]

FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]


def _partial_date(value: object) -> object:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}(-(0[1-9]|1[0-2]))?", value):
        return value
    raise ValueError("expected a date: YYYY-MM-DD, or 'YYYY-MM' (quoted) when only the month is known")


PartialDate = Annotated[dt.date | str, AfterValidator(_partial_date),
                        Field(description="YYYY-MM-DD, or 'YYYY-MM' when only the month is known")]


class Strict_(BaseModel):
    """Base of every content model: unknown fields are errors, values are never coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


class Source(Strict_):
    url: Url
    title: Line
    publisher: Label | None = None
    retrieved: Date = Field(description="the day the value was read at this address")
    kind: Literal["primary", "secondary"] = Field(
        description="primary: the maker's own card, repository, paper or docs; secondary: anyone else")


def partial_date_key(value: dt.date | str) -> str:
    """Sortable text of a full or partial date."""
    return value.isoformat() if isinstance(value, dt.date) else value
