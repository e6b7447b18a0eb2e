"""Field types shared by every content format.

Strict by design: content comes from strangers in pull requests. A type says what a field accepts,
and the JSON Schema for editors is generated from these same definitions.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, Strict, StrictInt, WithJsonSchema
from pydantic_core import PydanticKnownError

# One shape for every id and slug: it becomes a URL path segment and a file name, so nothing else
# may pass (no dots, slashes, upper case or Unicode look-alikes; no path can leave the output folder).
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_MAX = 64

Id = Annotated[str, Strict(), Field(pattern=ID_PATTERN, min_length=1, max_length=ID_MAX,
                                    description="lowercase letters, digits and single hyphens, "
                                                f"at most {ID_MAX} characters, e.g. `phi-3-5-mini`")]

# Links accept http and https only: never javascript:, data:, file: or a relative escape.
URL_PATTERN = r"^https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:[/?#][^\s<>\"'`\\]*)?$"

# C0/C1 controls (tab and newline excepted), zero-width and bidirectional formatting characters, and
# the Unicode line/paragraph separators (YAML front matter reads those as line breaks).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def _not_blank(value: str) -> None:
    # Text that is only white space passes a length check, and shows as nothing (or as the page's own
    # syntax around it, such as a heading's attributes).
    if not value.strip():
        raise ValueError("is blank: only white space")


def _no_control(value: str) -> str:
    # Bidirectional overrides and zero-width characters can make text read differently from what it
    # is (the "Trojan Source" trick); newlines are allowed only where a field says so.
    _not_blank(value)
    if _CONTROL.search(value):
        raise ValueError("contains a control, zero-width or bidirectional-override character")
    if value != value.strip():
        raise ValueError("starts or ends with white space")
    return value


def _no_hidden(value: str) -> str:
    # Verbatim text keeps its white space, but a command or error message that reads differently from
    # what it is (a bidi override in a command a reader copies) is refused like anywhere else.
    _not_blank(value)
    if _CONTROL.search(value):
        raise ValueError("contains a control, zero-width or bidirectional-override character")
    return value


def _single_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("must be a single line")
    return value


def _label_chars(value: str) -> str:
    if re.search(r"[<>\"`\\{}]", value):
        raise ValueError("names may not contain < > \" ` \\ { }")
    # Names become page titles, which the theme prints as raw HTML (<title>, the header): a character
    # reference there would show as another text ("&lt;i&gt;" as "<i>", "&#8238;" as a bidi override).
    if html.unescape(value) != value:
        raise ValueError("names may not contain HTML character references such as &amp; or &#106;")
    return value


Url = Annotated[str, Strict(), Field(pattern=URL_PATTERN, max_length=2000,
                                     description="an absolute http:// or https:// address"),
                AfterValidator(_no_hidden)]

# A short name shown in titles, tables and navigation.
Label = Annotated[str, Strict(), Field(min_length=1, max_length=80),
                  AfterValidator(_no_control), AfterValidator(_single_line), AfterValidator(_label_chars)]
# A one-line text: a summary, a title of a source.
Line = Annotated[str, Strict(), Field(min_length=1, max_length=300),
                 AfterValidator(_no_control), AfterValidator(_single_line)]
# Prose: plain text, rendered escaped. Paragraph breaks (blank lines) are kept; no Markdown, no HTML.
Text = Annotated[str, Strict(), Field(min_length=1, max_length=2500), AfterValidator(_no_control)]
# Verbatim text (an error message, a command): shown exactly, in code style, never interpreted.
Verbatim = Annotated[str, Strict(), Field(min_length=1, max_length=2500), AfterValidator(_no_hidden)]

def _iso_date(value: object) -> object:
    # A date only as a date: YAML's unquoted 2024-08-20, or the same text quoted (a CSV cell). Never what
    # pydantic's lax mode would also take: a number of seconds since 1970 (`retrieved: 0` is 1970-01-01),
    # or a date and time.
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise PydanticKnownError("date_type")
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise PydanticKnownError("date_parsing", {"error": "it is not written YYYY-MM-DD"})
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticKnownError("date_parsing", {"error": "it is not a real calendar day"}) from None


# Dates come from YAML as dates (2024-08-20, unquoted); a quoted date is accepted too. Editors read YAML
# 1.2, where an unquoted date is text: the JSON Schema's pattern accepts only real calendar days (leap
# years included, year 0 not), as the validator does; `format: date` alone is not enforced by every tool.
DATE_PATTERN = (r"^(?!0000)(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-"
                r"(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])"
                r"|(?:[02468][048]|[13579][26])00)-02-29)$")
MONTH_PATTERN = r"^(?!0000)[0-9]{4}(?:-(?:0[1-9]|1[0-2]))?$"
Date = Annotated[dt.date, BeforeValidator(_iso_date),
                 WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN})]

# The largest magnitude a page and a JSON download both hold exactly (JavaScript's safe integers); a figure
# beyond it is a typo, and arithmetic on it overflows.
MAX_MAGNITUDE = 2**53 - 1
# Pages print a fractional figure with 6 significant digits (Python's `g` format) while the downloads keep
# the value as written: a figure may have no more digits than that, so that page and download agree.
SIGNIFICANT_DIGITS = 6


def _not_huge(value: float) -> int | float:
    if value > MAX_MAGNITUDE:
        raise PydanticKnownError("less_than_equal", {"le": MAX_MAGNITUDE})
    if value < -MAX_MAGNITUDE:
        raise PydanticKnownError("greater_than_equal", {"ge": -MAX_MAGNITUDE})
    return value


def rounded_on_pages(value: float) -> str | None:
    """The figure as a page shows it, when that differs from the value written (a content rule: code may
    compute figures of any precision)."""
    shown = f"{value:.{SIGNIFICANT_DIGITS}g}"
    return shown if float(shown) != value else None


FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]
# A count or a figure shown on the pages: a fact's value, a counter, a benchmark result.
WholeNumber = Annotated[StrictInt, AfterValidator(_not_huge)]
Figure = Annotated[float, Field(allow_inf_nan=False), AfterValidator(_not_huge)]


def _partial_date(value: object) -> object:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(MONTH_PATTERN, value):
        return value
    raise ValueError("expected a date: YYYY-MM-DD, or 'YYYY-MM' (quoted) when only the month is known")


PartialDate = Annotated[dt.date | str, AfterValidator(_partial_date),
                        WithJsonSchema({"type": "string",
                                        "anyOf": [{"pattern": DATE_PATTERN}, {"pattern": MONTH_PATTERN}]}),
                        Field(description="YYYY-MM-DD, or 'YYYY-MM' when only the month is known")]


class Strict_(BaseModel):
    """Base of every content model: unknown fields are errors, values are never coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


class Source(Strict_):
    url: Url
    title: Line
    publisher: Label | None = None
    retrieved: Date = Field(description="the day the value was read at this address")
    date: Date | None = Field(None, description="the source's own date: the commit, release or page date "
                                                "(a fact citing it is as of this date, not the day it was copied)")
    revision: Label | None = Field(None, description="the commit or revision the URL is pinned to, where the host has one")
    kind: Literal["primary", "secondary"] = Field(
        description="primary: the maker's own card, repository, paper or docs; secondary: anyone else")


def partial_date_key(value: dt.date | str) -> str:
    """Sortable text of a full or partial date."""
    return value.isoformat() if isinstance(value, dt.date) else value


def partial_date_start(value: dt.date | str) -> dt.date:
    """The first day of a full or partial date: '2024-08' counts from 2024-08-01."""
    if isinstance(value, dt.date):
        return value
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])
