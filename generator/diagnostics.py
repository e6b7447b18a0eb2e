"""Errors are values: every problem found in a run becomes a Diagnostic, collected and printed together.

The one-line format is the contract that editors, CI and the golden tests parse:

    content/entities/x.yaml:12:5: error[rule-id] field.path: message (got ...; expected ...) hint: ...
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"   # not a problem: what a file could add (generator/notes.py); never fails a check


_GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    col: int
    severity: Severity
    rule: str
    path: str
    message: str
    got: str | None = None
    expected: str | None = None
    hint: str | None = None

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        text = f"{where}: {self.severity.value}[{self.rule}] "
        if self.path:
            text += f"{self.path}: "
        text += self.message
        details = [f"{word} {value}" for word, value in (("got", self.got), ("expected", self.expected))
                   if value is not None]
        if details:
            text += f" ({'; '.join(details)})"
        if self.hint:
            text += f" hint: {self.hint}"
        return text

    def format_github(self) -> str:
        # GitHub workflow commands: %, CR and LF must be escaped in the message and properties.
        def esc(value: str) -> str:
            return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        props = f"file={esc(self.file)},line={self.line},col={self.col},title={esc(self.rule)}"
        return f"::{_GITHUB_COMMAND[self.severity]} {props}::{esc(self.format())}"


def sort_key(d: Diagnostic) -> tuple[str, int, int, str, str, str]:
    return (d.file, d.line, d.col, d.rule, d.path, d.message)


def unique_sorted(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Each problem once, in file order: the report reads top to bottom like the files do."""
    return sorted(set(diagnostics), key=sort_key)


def errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    problems = [d for d in diagnostics if d.severity is not Severity.NOTE]
    n_err = len(errors(problems))
    n_warn = len(problems) - n_err
    n_note = len(diagnostics) - len(problems)
    files = len({d.file for d in problems})

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    notes = f"{plural(n_note, 'note')} (not problems: what the files could add)"
    if not problems:
        return notes
    text = f"{plural(n_err, 'error')}, {plural(n_warn, 'warning')} in {plural(files, 'file')}"
    return f"{text}; {notes}" if n_note else text


def report(diagnostics: Sequence[Diagnostic], fmt: str = "text", annotate_first: int = 10) -> str:
    """The full report. `github` puts annotations for the first problems first (GitHub shows at most
    ten per step), then the full text report, so nothing is lost past the annotation limit."""
    ordered = unique_sorted(diagnostics)
    lines: list[str] = []
    if fmt == "json":
        return json.dumps([{**d.__dict__, "severity": d.severity.value} for d in ordered], indent=2)
    if fmt == "github":   # problems before notes: the annotation limit must not hide an error
        lines += [d.format_github() for d in sorted(ordered, key=lambda d: _RANK[d.severity])[:annotate_first]]
    lines += [d.format() for d in ordered]
    lines.append(summary(ordered))
    return "\n".join(lines)


def did_you_mean(value: str, choices: Iterable[str]) -> str | None:
    match = difflib.get_close_matches(value, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean '{match[0]}'?" if match else None


def short(value: object, limit: int = 60) -> str:
    """A value as the report shows it: repr-like, cut to a readable length."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
