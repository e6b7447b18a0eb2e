"""Stage 1, the only one that reads files: content/**/*.yaml and benchmarks/**/*.csv -> raw records.

Bytes are checked before they are parsed (size, encoding, byte-order mark), so that a hostile or
broken file yields a clear diagnostic instead of an exception deep in a parser. Only regular files
inside the project are read: a folder named like a file, a pipe, a device, or a link that leads
nowhere or out of the project is a diagnostic, never a hang, a crash or a leak. Every file under
content/ is accounted for: one the build does not read (a `.yml`, a stray note) is a diagnostic too.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, Severity, short
from .yaml_tree import YamlDocument, parse_document

MAX_YAML_BYTES = 256 * 1024
MAX_CSV_BYTES = 8 * 1024 * 1024
MAX_CSV_ROWS = 100_000
BOM = b"\xef\xbb\xbf"

# Where each kind of content lives, relative to the project root.
CONTENT_DIR = "content"
ENTITY_DIR = "content/entities"
FAQ_DIR = "content/faq"
CONFIG_DIR = "content/configs"    # saved model configurations (versus import) and where each came from
COMPARISONS_FILE = "content/comparisons.yaml"
SCORING_FILE = "content/scoring.yaml"
HARDWARE_FILE = "content/hardware.yaml"
CATEGORIES_FILE = "content/categories.yaml"   # optional: without it, any category id passes
USE_CASES_FILE = "content/use_cases.yaml"   # optional: without it, comparisons have no "Which to pick"
PAGES_DIR = "content/pages"          # MkDocs' docs_dir: hand-written pages and their assets
BENCHMARK_DIR = "benchmarks"

# The same places as regular expressions over root-relative paths (formats.py names its files by them).
ENTITY_FILES = rf"{ENTITY_DIR}/[^/]+\.yaml"
FAQ_FILES = rf"{FAQ_DIR}/[^/]+\.yaml"
PROVENANCE_FILES = rf"{BENCHMARK_DIR}/runs/[^/]+/provenance\.yaml"
BENCHMARK_TABLES = rf"{BENCHMARK_DIR}/(?:[^/]+/)*[^/]+\.csv"
CONFIG_FILES = rf"{CONFIG_DIR}/[^/]+\.yaml"


@dataclass(frozen=True)
class Place:
    """A kind of file the project holds: where (a regular expression over root-relative paths), what it
    is in words (the hint for a file that fits no place), and which RawContent field reads it (None:
    allowed, but not read by the build)."""

    pattern: str
    words: str
    reads: str | None


# Every file the project may hold under content/, and the data files under benchmarks/: the one list to
# extend when a new kind of content file is added. Anything else under content/ is reported.
PLACES: tuple[Place, ...] = (
    Place(ENTITY_FILES, "entities/<id>.yaml", "entities"),
    Place(FAQ_FILES, "faq/<id>.yaml", "faq"),
    Place(re.escape(COMPARISONS_FILE), "comparisons.yaml", "comparisons"),
    Place(re.escape(SCORING_FILE), "scoring.yaml", "scoring"),
    Place(re.escape(HARDWARE_FILE), "hardware.yaml", "hardware"),
    Place(re.escape(CATEGORIES_FILE), "categories.yaml", "categories"),
    Place(re.escape(USE_CASES_FILE), "use_cases.yaml", "use_cases"),
    Place(CONFIG_FILES, "configs/<id>.yaml", "config_provenance"),
    Place(rf"{CONFIG_DIR}/[^/]+\.json", "configs/<id>.json (read by `versus import`)", None),
    Place(rf"{PAGES_DIR}/.+", "pages/ (hand-written pages)", None),
    Place(PROVENANCE_FILES, "runs/<run-id>/provenance.yaml", "run_provenance"),
    Place(BENCHMARK_TABLES, "**/*.csv", "benchmark_tables"),
)
# Under benchmarks/ live code and notes too: only files with a data suffix must fit a place.
_DATA_SUFFIXES = (".yaml", ".yml", ".csv", ".tsv", ".json")


def place_of(path: str) -> Place | None:
    return next((p for p in PLACES if re.fullmatch(p.pattern, path)), None)


@dataclass
class RawYaml:
    file: str  # relative to the project root, with forward slashes: what diagnostics print
    doc: YamlDocument


@dataclass
class CsvRow:
    line: int
    values: dict[str, str]
    cols: tuple[int, ...] = ()   # the character column where each cell starts, on the row's first line


@dataclass
class RawCsv:
    file: str
    header: list[str]
    header_line: int
    preamble: dict[str, str]  # "# key: value" lines before the header (the format version lives here)
    rows: list[CsvRow]
    header_cols: tuple[int, ...] = ()   # the character column where each header cell starts


def cell_starts(line: str) -> tuple[int, ...]:
    """The 1-based character column where each cell of a one-line CSV record starts: what an editor and a
    GitHub annotation mean by a column. A quoted comma is inside a cell; a doubled quote toggles twice."""
    starts, quoted = [1], False
    for i, ch in enumerate(line.rstrip("\r\n")):
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            starts.append(i + 2)
    return tuple(starts)


@dataclass
class RawContent:
    entities: list[RawYaml] = field(default_factory=list)
    faq: list[RawYaml] = field(default_factory=list)
    comparisons: RawYaml | None = None
    scoring: RawYaml | None = None
    hardware: RawYaml | None = None
    categories: RawYaml | None = None
    use_cases: RawYaml | None = None
    benchmark_tables: list[RawCsv] = field(default_factory=list)
    run_provenance: list[RawYaml] = field(default_factory=list)
    config_provenance: list[RawYaml] = field(default_factory=list)   # content/configs/<id>.yaml
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # files that failed before parsing finished


def _error(file: str, line: int, col: int, rule: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(file, line, col, Severity.ERROR, rule, "", message, hint=hint)


def _too_large(file: str, size: int, limit: int) -> Diagnostic:
    return _error(file, 1, 1, "file-too-large", f"the file is {size:,} bytes, over the limit of {limit:,}",
                  "split it into smaller files")


def decode(data: bytes, file: str, limit: int) -> tuple[str | None, list[Diagnostic]]:
    """Bytes -> text, or the diagnostics that say why not."""
    if len(data) > limit:
        return None, [_too_large(file, len(data), limit)]
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


def _not_a_file(file: str, message: str, got: str | None = None,
                hint: str = "commit the content itself as a regular file inside the project") -> Diagnostic:
    return Diagnostic(file, 1, 1, Severity.ERROR, "not-a-file", "", message, got, hint=hint)


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def _not_regular(mode: int) -> str | None:
    return None if stat.S_ISREG(mode) else next((w for test, w in _KINDS if test(mode)), "not a regular file")


def _regular_inside(path: Path, root: Path, file: str) -> tuple[Path | None, list[Diagnostic]]:
    """The real path of a regular file inside the project that `path` is or links to, or why there is
    none. Nothing is opened: a pipe would block, a device would never end."""
    try:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            real = path.resolve(strict=True)
            if not real.is_relative_to(root.resolve()):
                return None, [_not_a_file(file, "a link to a file outside the project", got=repr(os.readlink(path)))]
            mode = real.stat().st_mode
            if stat.S_ISDIR(mode):
                return None, [_not_a_file(file, "a link to a folder: content is read from regular files only")]
        else:
            real = path
    except FileNotFoundError:
        return None, [_not_a_file(file, "a link to nothing: its target does not exist")]
    except RuntimeError:   # pathlib's word for a loop of links
        return None, [_not_a_file(file, "a loop of links")]
    except OSError as exc:   # a permission, a name too long
        return None, [_not_a_file(file, f"cannot be read ({exc.strerror})")]
    kind = _not_regular(mode)
    if kind is not None:
        return None, [_not_a_file(file, f"{kind}, not a regular file")]
    return real, []


def read_file(path: Path, root: Path, limit: int) -> tuple[bytes | None, list[Diagnostic]]:
    """The bytes of a regular file inside the project (at most `limit` + 1 of them), or why not."""
    file = path.relative_to(root).as_posix()
    real, problems = _regular_inside(path, root, file)
    if real is None:
        return None, problems
    try:
        # O_NOFOLLOW and O_NONBLOCK: had the file been swapped for a link or a pipe since, this fails
        # or returns at once instead of following or blocking; fstat then checks what was opened.
        fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as exc:
        return None, [_not_a_file(file, f"cannot be read ({exc.strerror})")]
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(fd)
        kind = _not_regular(status.st_mode)
        if kind is not None:
            return None, [_not_a_file(file, f"{kind}, not a regular file")]
        if status.st_size > limit:
            return None, [_too_large(file, status.st_size, limit)]
        return handle.read(limit + 1), []


def read_yaml(path: Path, root: Path) -> tuple[RawYaml | None, list[Diagnostic]]:
    file = path.relative_to(root).as_posix()
    data, problems = read_file(path, root, MAX_YAML_BYTES)
    if data is None:
        return None, problems
    text, problems = decode(data, file, MAX_YAML_BYTES)
    if text is None:
        return None, problems
    doc, problems = parse_document(text, file)
    return (RawYaml(file, doc) if doc else None), problems


def parse_csv(text: str, file: str) -> tuple[RawCsv | None, list[Diagnostic]]:
    # Lines end at LF, CR LF or a lone CR, as editors count them (str.splitlines would also break at
    # form feeds and U+2028, and csv at neither, so that line numbers drifted).
    lines = io.StringIO(text, newline="").readlines()
    preamble: dict[str, str] = {}
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        key, _, value = lines[start][1:].partition(":")
        preamble[key.strip()] = value.strip()
        start += 1
    reader = csv.reader(io.StringIO("".join(lines[start:]), newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return None, [_error(file, start + 1, 1, "csv-header", "the file has no header row",
                             "the first line after the '#' lines names the columns")]
    except csv.Error as exc:
        return None, [_error(file, start + 1, 1, "csv-syntax", f"invalid CSV: {exc}", "check the quoting")]
    header = [h.strip() for h in header]
    header_cols = cell_starts(lines[start]) if reader.line_num == 1 else ()
    rows: list[CsvRow] = []
    problems: list[Diagnostic] = []
    if len(set(header)) != len(header):
        # A column named twice makes every row ambiguous: keep the header (the format's checks name the
        # repeated column) and read no row from it.
        return RawCsv(file, header, start + 1, preamble, rows, header_cols), problems
    try:
        ended = reader.line_num   # the line the previous record ended on: a record starts on the next one
        for record in reader:
            line, ended = start + ended + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) >= MAX_CSV_ROWS:
                problems.append(_error(file, line, 1, "file-too-large", f"more than {MAX_CSV_ROWS:,} rows",
                                       "split the table into several files"))
                break
            cols = cell_starts(lines[line - 1])   # where its cells start on its first line
            if len(record) != len(header):
                one_line = start + reader.line_num == line
                problems.append(_cell_count(file, line, lines[line - 1] if one_line else None, cols, len(record),
                                            header))
                continue
            rows.append(CsvRow(line, dict(zip(header, record)), cols))
    except csv.Error as exc:
        problems.append(_error(file, start + ended + 1, 1, "csv-syntax", f"invalid CSV: {exc}",
                               "check the quoting of the row that starts on this line"))
    return RawCsv(file, header, start + 1, preamble, rows, header_cols), problems


def _cell_count(file: str, line: int, text: str | None, cols: tuple[int, ...], cells: int,
                header: list[str]) -> Diagnostic:
    """A one-line row with too few cells points past its end, where the missing ones go; one with too many
    at the first extra cell, often the second half of a comma that needed quotes. `text`: the row's line,
    None when the row spans several (then the column is 1)."""
    message = f"the row has {cells} cells but the header names {len(header)}"
    if cells < len(header):
        missing = ", ".join(short(name) for name in header[cells:])   # the header is content: quoted, escaped
        return _error(file, line, len(text.rstrip("\r\n")) + 1 if text else 1, "csv-columns", message,
                      f"every column needs a cell, an empty one too (nothing between two commas): "
                      f"{len(header) - cells} missing, which would be {missing} if none was skipped; "
                      f"`versus new row` writes a row with every cell")
    col = cols[len(header)] if len(cols) > len(header) else 1
    return _error(file, line, col, "csv-columns", message,
                  'a cell that contains a comma must be quoted ("a, b"), or the row has a cell too many')


def read_csv(path: Path, root: Path) -> tuple[RawCsv | None, list[Diagnostic]]:
    file = path.relative_to(root).as_posix()
    data, problems = read_file(path, root, MAX_CSV_BYTES)
    if data is None:
        return None, problems
    text, problems = decode(data, file, MAX_CSV_BYTES)
    if text is None:
        return None, problems
    return parse_csv(text, file)


def _hidden(path: str) -> bool:
    """Editor and system droppings (.DS_Store, .x.swp, x~): never read, never reported."""
    return any(part.startswith(".") for part in path.split("/")) or path.endswith("~")


def _paths(root: Path, top: str, problems: list[Diagnostic]) -> list[str]:
    """Every file (and link, pipe, device, and folder named like a content file) under `top`, root-relative,
    sorted. Links to folders are listed, not followed; a folder that cannot be listed is a problem."""
    found: list[str] = []

    def unlisted(exc: OSError) -> None:
        if not (isinstance(exc, FileNotFoundError) and Path(exc.filename) == root / top):   # no benchmarks/: fine
            file = Path(exc.filename).relative_to(root).as_posix()
            if isinstance(exc, NotADirectoryError):
                problems.append(_not_a_file(file, "a file where a folder is expected",
                                            hint=f"{file}/ holds the content files; move this file away"))
            else:
                problems.append(_not_a_file(file, f"a folder that cannot be read ({exc.strerror})",
                                            hint="let the user who builds the site read it"))

    for folder, dirs, files in os.walk(root / top, onerror=unlisted):
        here = Path(folder).relative_to(root).as_posix()
        for name in list(dirs):
            rel = f"{here}/{name}"
            if (Path(folder) / name).is_symlink() or ((place := place_of(rel)) is not None and place.reads):
                dirs.remove(name)      # a link to a folder, or a folder named `x.yaml`: reported, not entered
                found.append(rel)
        found += [f"{here}/{name}" for name in files]
    return sorted(found)


def _unexpected(file: str) -> Diagnostic:
    name = file.rsplit("/", 1)[-1]
    if name.endswith(".yml"):
        hint = f"rename it to {name[:-4]}.yaml"
    else:
        folder = CONTENT_DIR if file.startswith(CONTENT_DIR + "/") else BENCHMARK_DIR
        places = ", ".join(p.words for p in PLACES if p.pattern.startswith(folder + "/"))
        hint = f"{folder}/ holds {places}; move or remove it"
    return Diagnostic(file, 1, 1, Severity.ERROR, "unexpected-file", "", "Versus does not read this file", hint=hint)


def _config_pairing(root: Path, file: str) -> list[Diagnostic]:
    """A saved configuration's provenance belongs to an entity and lies beside the configuration."""
    path = root / file
    out = []
    if not (root / ENTITY_DIR / path.name).is_file():
        out.append(_error(file, 1, 1, "unknown-id", f"no entity {path.stem!r} for this configuration",
                          f"name the file after an entity id, or remove it with {path.stem}.json"))
    if not path.with_suffix(".json").is_file():
        out.append(_error(file, 1, 1, "missing-file", f"the configuration {path.stem}.json is missing",
                          f"save it: versus import {path.stem} --config <path or URL> ..."))
    return out


def gather(root: Path) -> RawContent:
    """Read every content and benchmark file under `root`, in a stable order."""
    raw = RawContent()
    for file in _paths(root, CONTENT_DIR, raw.diagnostics) + _paths(root, BENCHMARK_DIR, raw.diagnostics):
        place = place_of(file)
        if place is None:
            if _hidden(file):
                continue
            if (root / file).is_symlink() and (root / file).is_dir():
                raw.diagnostics += _regular_inside(root / file, root, file)[1]   # a link to a folder
            elif file.startswith(CONTENT_DIR + "/") or file.lower().endswith(_DATA_SUFFIXES):
                raw.diagnostics.append(_unexpected(file))
            continue
        path = root / file
        if place.reads is None:   # not read by the build, but MkDocs or `versus import` will read it
            raw.diagnostics += _regular_inside(path, root, file)[1]
            continue
        if place.reads == "config_provenance":
            raw.diagnostics += _config_pairing(root, file)
        record, problems = (read_csv if path.suffix == ".csv" else read_yaml)(path, root)
        raw.diagnostics.extend(problems)
        if record is None:
            raw.unreadable.append(file)
        elif isinstance(getattr(raw, place.reads), list):
            getattr(raw, place.reads).append(record)
        else:
            setattr(raw, place.reads, record)
    if not (root / SCORING_FILE).exists() and not (root / SCORING_FILE).is_symlink():
        raw.diagnostics.append(_error(SCORING_FILE, 1, 1, "missing-file", "the scoring weights file is missing",
                                      "restore content/scoring.yaml from git"))
    return raw
