"""Stage 1, the only one that reads files: content/**/*.yaml and benchmarks/**/*.csv -> raw records.

Bytes are checked before they are parsed (size, encoding, byte-order mark), so that a hostile or
broken file yields a clear diagnostic instead of an exception deep in a parser.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, Severity
from .yaml_tree import YamlDocument, parse

MAX_YAML_BYTES = 256 * 1024
MAX_CSV_BYTES = 8 * 1024 * 1024
MAX_CSV_ROWS = 100_000
BOM = b"\xef\xbb\xbf"

# Where each kind of content lives, relative to the project root.
ENTITY_DIR = "content/entities"
FAQ_DIR = "content/faq"
CONFIG_DIR = "content/configs"    # saved model configurations (versus import) and where each came from
COMPARISONS_FILE = "content/comparisons.yaml"
SCORING_FILE = "content/scoring.yaml"
HARDWARE_FILE = "content/hardware.yaml"
USE_CASES_FILE = "content/use_cases.yaml"   # optional: without it, comparisons have no "Which to pick"
BENCHMARK_DIR = "benchmarks"


@dataclass
class RawYaml:
    file: str  # relative to the project root, with forward slashes: what diagnostics print
    doc: YamlDocument


@dataclass
class CsvRow:
    line: int
    values: dict[str, str]


@dataclass
class RawCsv:
    file: str
    header: list[str]
    header_line: int
    preamble: dict[str, str]  # "# key: value" lines before the header (the format version lives here)
    rows: list[CsvRow]


@dataclass
class RawContent:
    entities: list[RawYaml] = field(default_factory=list)
    faq: list[RawYaml] = field(default_factory=list)
    comparisons: RawYaml | None = None
    scoring: RawYaml | None = None
    hardware: RawYaml | None = None
    use_cases: RawYaml | None = None
    benchmark_tables: list[RawCsv] = field(default_factory=list)
    run_provenance: list[RawYaml] = field(default_factory=list)
    config_provenance: list[RawYaml] = field(default_factory=list)   # content/configs/<id>.yaml
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # files that failed before parsing finished


def _error(file: str, line: int, col: int, rule: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(file, line, col, Severity.ERROR, rule, "", message, hint=hint)


def decode(data: bytes, file: str, limit: int) -> tuple[str | None, list[Diagnostic]]:
    """Bytes -> text, or the diagnostics that say why not."""
    if len(data) > limit:
        return None, [_error(file, 1, 1, "file-too-large", f"the file is {len(data):,} bytes, over the "
                             f"limit of {limit:,}", "split it into smaller files")]
    if data.startswith(BOM):
        return None, [_error(file, 1, 1, "encoding-bom", "the file starts with a byte-order mark",
                             "save it as UTF-8 without BOM; `versus fix` removes it")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [_error(file, line, col, "encoding-utf8",
                             f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
                             "save the file as UTF-8 (most editors: 'Save with encoding')")]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [_error(file, line, 1, "encoding-utf8", "the file contains a NUL character",
                             "this looks like a binary file; content files are UTF-8 text")]
    return text, []


def read_yaml(path: Path, root: Path) -> tuple[RawYaml | None, list[Diagnostic]]:
    file = path.relative_to(root).as_posix()
    text, problems = decode(path.read_bytes(), file, MAX_YAML_BYTES)
    if text is None:
        return None, problems
    doc, problems = parse(text, file)
    return (RawYaml(file, doc) if doc else None), problems


def parse_csv(text: str, file: str) -> tuple[RawCsv | None, list[Diagnostic]]:
    lines = text.splitlines(keepends=True)
    preamble: dict[str, str] = {}
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        key, _, value = lines[start][1:].partition(":")
        preamble[key.strip()] = value.strip()
        start += 1
    reader = csv.reader(io.StringIO("".join(lines[start:])), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return None, [_error(file, start + 1, 1, "csv-header", "the file has no header row",
                             "the first line after the '#' lines names the columns")]
    except csv.Error as exc:
        return None, [_error(file, start + 1, 1, "csv-syntax", f"invalid CSV: {exc}", "check the quoting")]
    header = [h.strip() for h in header]
    rows: list[CsvRow] = []
    problems: list[Diagnostic] = []
    if len(set(header)) != len(header):
        # A column named twice makes every row ambiguous: keep the header (the format's checks name the
        # repeated column) and read no row from it.
        return RawCsv(file, header, start + 1, preamble, rows), problems
    try:
        for record in reader:
            line = start + reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) >= MAX_CSV_ROWS:
                problems.append(_error(file, line, 1, "file-too-large", f"more than {MAX_CSV_ROWS:,} rows",
                                       "split the table into several files"))
                break
            if len(record) != len(header):
                problems.append(_error(file, line, 1, "csv-columns",
                                       f"the row has {len(record)} cells but the header names {len(header)}",
                                       "quote cells that contain commas"))
                continue
            rows.append(CsvRow(line, dict(zip(header, record))))
    except csv.Error as exc:
        problems.append(_error(file, start + reader.line_num, 1, "csv-syntax", f"invalid CSV: {exc}",
                               "check the quoting on this line"))
    return RawCsv(file, header, start + 1, preamble, rows), problems


def read_csv(path: Path, root: Path) -> tuple[RawCsv | None, list[Diagnostic]]:
    file = path.relative_to(root).as_posix()
    text, problems = decode(path.read_bytes(), file, MAX_CSV_BYTES)
    if text is None:
        return None, problems
    return parse_csv(text, file)


def gather(root: Path) -> RawContent:
    """Read every content and benchmark file under `root`, in a stable order."""
    raw = RawContent()

    def take_yaml(path: Path) -> RawYaml | None:
        record, problems = read_yaml(path, root)
        raw.diagnostics.extend(problems)
        if record is None:
            raw.unreadable.append(path.relative_to(root).as_posix())
        return record

    for path in sorted((root / ENTITY_DIR).glob("*.yaml")):
        if (record := take_yaml(path)) is not None:
            raw.entities.append(record)
    for path in sorted((root / CONFIG_DIR).glob("*.yaml")):
        # A saved configuration's provenance belongs to an entity and lies beside the configuration.
        file = path.relative_to(root).as_posix()
        if not (root / ENTITY_DIR / path.name).is_file():
            raw.diagnostics.append(_error(file, 1, 1, "unknown-id", f"no entity {path.stem!r} for this configuration",
                                          f"name the file after an entity id, or remove it with {path.stem}.json"))
        if not path.with_suffix(".json").is_file():
            raw.diagnostics.append(_error(file, 1, 1, "missing-file", f"the configuration {path.stem}.json is missing",
                                          f"save it: versus import {path.stem} --config <path or URL> ..."))
        if (record := take_yaml(path)) is not None:
            raw.config_provenance.append(record)
    for path in sorted((root / FAQ_DIR).glob("*.yaml")):
        if (record := take_yaml(path)) is not None:
            raw.faq.append(record)
    for name, attribute in ((COMPARISONS_FILE, "comparisons"), (SCORING_FILE, "scoring"),
                            (USE_CASES_FILE, "use_cases")):
        path = root / name
        if path.exists():
            setattr(raw, attribute, take_yaml(path))
        elif name == SCORING_FILE:
            raw.diagnostics.append(_error(name, 1, 1, "missing-file", "the scoring weights file is missing",
                                          "restore content/scoring.yaml from git"))
    if (root / HARDWARE_FILE).exists():
        raw.hardware = take_yaml(root / HARDWARE_FILE)
    bench = root / BENCHMARK_DIR
    for path in sorted(bench.glob("**/*.csv")):
        record, problems = read_csv(path, root)
        raw.diagnostics.extend(problems)
        if record is not None:
            raw.benchmark_tables.append(record)
    for path in sorted(bench.glob("runs/*/provenance.yaml")):
        if (record := take_yaml(path)) is not None:
            raw.run_provenance.append(record)
    return raw
