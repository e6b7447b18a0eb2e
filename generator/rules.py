"""Every rule id a diagnostic can carry, what it means and how to fix it.

The Contribute page and CONTRIBUTING.md are generated from this table, and a test fails when a rule id
used anywhere in generator/ is missing here (or listed here but used nowhere), so the documentation
of the error messages cannot fall behind the code that emits them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    means: str
    fix: str
    fixable: bool = False   # `versus fix` repairs it


RULES: dict[str, Rule] = {
    # Files and YAML syntax
    "file-too-large": Rule("the file, or one YAML document, is over the size or value-count limit",
                           "split it into several smaller files"),
    "missing-file": Rule("a file the build needs (content/scoring.yaml) is missing", "restore it from git"),
    "not-a-file": Rule("a content path that is not a regular file inside the project: a folder named like a "
                       "file, a pipe or device, a link that leads nowhere, out of the project or to a folder",
                       "commit the file itself, inside the project"),
    "unexpected-file": Rule("a file under content/ (or a data file under benchmarks/) that Versus does not read, "
                            "such as `x.yml`", "rename it as the hint says (`.yaml`), move it, or remove it"),
    "empty-file": Rule("the file holds no data", "fill in the fields, or delete the file"),
    "encoding-bom": Rule("the file starts with a UTF-8 byte-order mark", "save it as UTF-8 without BOM",
                         fixable=True),
    "encoding-utf8": Rule("the file is not UTF-8 text (or contains a NUL byte)", "save it as UTF-8"),
    "yaml-syntax": Rule("the YAML cannot be parsed: indentation, quoting, a tab, or a second document",
                        "fix the line shown; indent with spaces; quote values that contain `: ` or start "
                        "with a special character"),
    "yaml-alias": Rule("an anchor, alias or merge key (`&a`, `*a`, `<<`)", "write the values out in full"),
    "yaml-tag": Rule("an explicit tag such as `!!python/object`", "remove the tag: content is plain data"),
    "yaml-key": Rule("a mapping key that is not plain text", "use a simple word as the key"),
    "yaml-depth": Rule("the data is nested deeper than the formats ever need", "flatten the structure"),
    "yaml-date": Rule("a value shaped like a date that is not a real calendar day", "write YYYY-MM-DD"),
    "config-syntax": Rule("a saved model configuration or file listing is not valid JSON",
                          "save the file exactly as published (the raw config.json, not the web page)"),
    "unknown-architecture": Rule("a model configuration of a family `versus import` does not know",
                                 "check its fields, then add the family to generator/hf_config.py"),
    "fetch-failed": Rule("`versus import` could not download the configuration or listing it was given",
                         "save the file and pass its path, with --url, --revision and --date"),
    "future-date": Rule("a date after today (UTC, with a day's grace): it would date the whole site",
                        "write the day it happened"),
    "date-order": Rule("a source dated after the day it was retrieved", "fix its `date` or its `retrieved`"),
    "duplicate-key": Rule("a key appears twice in one mapping (YAML would keep only the last)",
                          "keep one of the two"),
    # Shapes and types
    "required-field": Rule("a required field (or CSV cell) is missing", "add it; the field reference lists it"),
    "unknown-field": Rule("a field that is not part of the format (often a typo)",
                          "rename it as the hint suggests, or remove it"),
    "wrong-type": Rule("a value of the wrong type: text where a number is expected, a list where a mapping is, "
                       "an empty value", "write the type the field reference names; quote versions like '3.10'"),
    "bad-choice": Rule("a value outside the field's fixed set of choices", "use one of the values listed"),
    "bad-id": Rule("an id that is not lowercase letters, digits and single hyphens",
                   "write it like `phi-3-5-mini`", fixable=True),
    "bad-url": Rule("a link that is not an absolute http(s) address", "use the full https:// address"),
    "bad-date": Rule("a value that is not a date", "write YYYY-MM-DD (or 'YYYY-MM' where a month is allowed)"),
    "bad-value": Rule("a value the field's own check refuses (a line break in a one-line field, a character "
                      "names may not hold, a wrong shape)", "follow the message; see what each text field accepts"),
    "length": Rule("a text or list that is too short or too long", "shorten it, or add the missing items"),
    "out-of-range": Rule("a number outside the field's range (negative, zero, above a maximum)",
                         "write the value in range; leave an unknown value out instead of writing 0"),
    "too-precise": Rule("a figure with more significant digits than the pages show (6), so that a page and a "
                        "download would differ", "round it as the message shows"),
    "not-finite": Rule("NaN or infinity where a number is expected", "write the real value, or leave it out"),
    "not-a-number": Rule("a CSV cell that should be a number holds other text",
                         "digits only: no units, thousands separators, `~` or `>`"),
    # Entities and troubleshooting entries
    "id-filename": Rule("the id differs from the file (or folder) name", "rename the file, or change the id"),
    "model-task": Rule("a model without `task`, or a `task` on something that is not a model",
                       "add `task:` to a model; remove it elsewhere"),
    "unknown-source": Rule("a `source` that names no key of the file's `sources`",
                           "add the source under `sources:`, or fix the key"),
    "no-fit-verdict": Rule("a note, not a problem: a model lacks a fact its memory estimate needs, so every GPU "
                           "size of the selection analysis reads 'no data'",
                           "add the facts the note names, each with its source; the note never fails a check"),
    "schema": Rule("`versus schemas --check-content` (`make check-schemas`) only: the editor's JSON Schema "
                   "refuses a value", "fix the value; if `make validate` accepts the file, the schema is wrong: "
                   "report it"),
    "unknown-category": Rule("a category that content/categories.yaml does not declare",
                             "use a declared category (the hint names the closest), or declare the new one there "
                             "with a name and a line on what belongs in it"),
    "unused-source": Rule("a source is listed but never cited (a warning)", "cite it, or remove it"),
    "unknown-fact": Rule("a fact key that is not in the fact registry",
                         "use a registered key, or register a new one in generator/models/facts.py"),
    "fact-unit": Rule("a fact written in another unit than the registry's",
                      "convert the value to the registry's unit",
                      fixable=True),
    "as-of-after-source": Rule("a fact or signal dated later than the source it cites",
                               "set `as_of` to the source's own `date` (its revision, release or page date)"),
    "fact-type": Rule("a fact value of the wrong type for its key (text for a number, a fraction for a count)",
                      "write the type the fact registry names"),
    "duplicate-item": Rule("the same id is listed twice", "remove the repeat"),
    "duplicate-id": Rule("two files, or two capabilities, use the same id", "give one of them another id"),
    "self-pair": Rule("an entity paired with, compared with or listed as an alternative to itself",
                      "name another entity"),
    "unknown-id": Rule("an id that names no entity", "fix the id, or add the entity's file"),
    "incomparable-pair": Rule("alternatives of different kinds (a model and an app)",
                              "request the pair in content/comparisons.yaml with the reason readers ask for it"),
    "duplicate-pair": Rule("the same pair is requested twice in content/comparisons.yaml", "remove one"),
    "decider-field": Rule("a use case's decider lacks a field its `by` reads, or has one it ignores",
                          "add or remove the field the message names"),
    "rule-kind": Rule("a use case applies a decider to a kind it cannot judge (a memory fit to an app)",
                      "list only the kinds the decider applies to"),
    "weights-sum": Rule("the scoring weights of one type do not add up to 1", "adjust them so they do"),
    # Benchmarks
    "format-version": Rule("a benchmark table or provenance file names no format, or another version",
                           "write the format line the message names; see benchmarks/README.md"),
    "csv-header": Rule("a CSV without a header row", "name the columns on the first line after the `#` lines"),
    "csv-syntax": Rule("a CSV that cannot be read (quoting)", "quote cells that contain commas or quotes"),
    "csv-columns": Rule("a row with more or fewer cells than the header",
                        "one cell per column, an empty one too (`,,`); quote a cell that contains a comma"),
    "unknown-column": Rule("a column that is not part of the table format", "rename or remove it"),
    "duplicate-column": Rule("the same column twice in the header", "remove one"),
    "missing-column": Rule("the header lacks a column of the format", "add it (its cells may stay empty)"),
    "unknown-entity": Rule("a row names an entity that has no file", "fix the id, or add the entity"),
    "unknown-metric": Rule("a metric that is not in the metric registry",
                           "use a registered metric, or register it in generator/models/benchmark.py"),
    "metric-task": Rule("the metric does not apply to the row's task", "use a metric of that task"),
    "unknown-unit": Rule("not the metric's one unit", "convert the value to the unit the message names"),
    "missing-provenance": Rule("a row that says neither which run measured it nor where it was published, "
                               "or a run without its provenance.yaml", "fill in `run`, or `source_url` and "
                               "`retrieved`; commit the run's provenance"),
    "status-origin": Rule("a row from one of our runs marked `reported`", "mark it `measured`"),
    "duplicate-measurement": Rule("the same measurement (entity, task, metric, settings, origin) twice",
                                  "remove one, or state the setting that differs"),
}
