"""Property-based tests (Hypothesis): whatever a contributor writes, the loaders answer with a valid
model or a clear diagnostic, never an exception; and escaped text always renders as exactly that text.

Each diagnostic must be one printable line (`file:line:col: severity[rule] ...`) pointing inside the
file: a report is read in terminals and CI logs, where a raw newline, escape sequence or bidi override
in a message could forge or hide other lines.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import posixpath
import re
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from helpers_site import FIXTURES, site_markdown
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from generator import catalog as catalog_stage
from generator import markup, page_file
from generator.diagnostics import Diagnostic
from generator.models import Entity, FaqEntry
from generator.models.common import ID_PATTERN, Id, Line, Text, Verbatim
from generator import paths
from generator.sources import MAX_CSV_ROWS, RawContent, RawYaml, decode, parse_csv
from generator.records import typed
from generator.pipeline import JUDGED
from generator.validate import validate
from generator.render import environment
from generator.yaml_tree import parse

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_DIAGNOSTIC = re.compile(r"^(?P<file>[^:]+):(?P<line>[1-9][0-9]*):(?P<col>[1-9][0-9]*): (error|warning)"
                         r"\[[a-z0-9-]+\] .+$")


def assert_clear(diagnostics: list[Diagnostic], file: str, text: str | None = None) -> None:
    """Every diagnostic is one printable line in the contract's shape, at a position inside the file."""
    assert all(isinstance(d, Diagnostic) for d in diagnostics)
    for d in diagnostics:
        line = d.format()
        assert line.isprintable(), repr(line)
        match = _DIAGNOSTIC.match(line)
        assert match and match["file"] == file, line
        if text is not None:   # YAML's line breaks (libyaml counts lines by them)
            lines = re.split(r"\r\n|[\r\n\x85\u2028\u2029]", text)
            assert d.line <= max(1, len(lines)), line
            assert d.col <= len(lines[d.line - 1]) + 1, line


# ---- bytes -> text ----------------------------------------------------------------------------------

@FAST
@given(st.binary(max_size=300) | st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_decode_gives_the_text_or_one_diagnostic(data: bytes) -> None:
    text, problems = decode(data, "content/x.yaml", 200)
    if text is None:
        assert len(problems) == 1
        assert_clear(problems, "content/x.yaml")
    else:
        assert problems == [] and text.encode("utf-8") == data and "\x00" not in text
        assert not data.startswith(b"\xef\xbb\xbf")


# ---- YAML -------------------------------------------------------------------------------------------

# Pieces of YAML syntax, so that the generated text is often almost-valid YAML rather than noise.
_YAML_PIECES = st.sampled_from([
    "\n", "  ", "- ", ": ", "key", "id", "name", "a", "b", "'", '"', "[", "]", "{", "}", ",", "&x ", "*x", "!tag ",
    "<<: ", "? ", "|", ">-", "#", "---\n", "...", "\t", "1", "-1", ".5", "1e3", ".nan", ".inf", "-.inf", "true",
    "no", "null", "~", "2024-02-30", "2024-01-01", "\\", "\\u202e", "%YAML 1.2\n", "\u202e", "\u00e9", "\x85",
    "\u2028", "\ufeff", "\x07", "\r\n",
])
_YAMLISH = st.lists(_YAML_PIECES, max_size=40).map("".join)


@FAST
@given(st.text(max_size=300) | _YAMLISH)
def test_yaml_parse_gives_a_document_or_clear_diagnostics(text: str) -> None:
    doc, problems = parse(text, "content/x.yaml")
    assert (doc is None) == bool(problems)
    assert_clear(problems, "content/x.yaml", text)
    if doc is not None:
        for line, col in list(doc.marks.values()) + list(doc.key_marks.values()):
            assert line >= 1 and col >= 1


def as_yaml(data: Any, **dump: Any) -> str:
    """JSON text that is also YAML 1.2: YAML has no surrogate pairs, so a character outside the BMP is
    written as one 32-bit escape (\\U0001F642) instead of JSON's two \\u escapes."""
    text = json.dumps(data, **dump)

    def pair(m: re.Match) -> str:
        return f"\\U{ord(json.loads(chr(34) + m.group(0) + chr(34))):08X}"

    return re.sub(r"\\ud[89ab][0-9a-f]{2}\\ud[c-f][0-9a-f]{2}", pair, text)


_JSON_TEXT = st.text(st.characters(codec="utf-8"), max_size=20)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | _JSON_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_JSON_TEXT, inner, max_size=4), max_leaves=25)


@FAST
@given(_JSON)
def test_yaml_reads_json_back_exactly(data: Any) -> None:
    """JSON is YAML 1.2: what any JSON emitter writes is read back as the same data, or refused as too deep."""
    text = as_yaml(data)
    doc, problems = parse(text, "content/x.yaml")
    if doc is None:
        assert [d.rule for d in problems] == ["yaml-depth"], problems
    else:
        assert doc.data == data


# ---- CSV --------------------------------------------------------------------------------------------

_CSV_PIECES = st.sampled_from([",", "\n", "\r\n", '"', '""', "a", "value", "# format: x\n", "#", " ", "\t", "\x00",
                               "é", "1.5", "nan"])
_CSVISH = st.lists(_CSV_PIECES, max_size=60).map("".join)


@FAST
@given(st.text(max_size=300) | _CSVISH)
def test_csv_parse_gives_a_table_or_clear_diagnostics(text: str) -> None:
    table, problems = parse_csv(text, "benchmarks/x.csv")
    assert_clear(problems, "benchmarks/x.csv")
    if table is None:
        assert problems
        return
    assert len(table.rows) <= MAX_CSV_ROWS
    assert all(list(row.values) == table.header for row in table.rows)
    lines = [row.line for row in table.rows]
    assert lines == sorted(lines) and all(line > table.header_line for line in lines)


_CELL = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12)


@FAST
@given(st.lists(st.text("abcdefghij_", min_size=1, max_size=6), min_size=1, max_size=5, unique=True)
       .flatmap(lambda header: st.tuples(st.just(header),
                                         st.lists(st.lists(_CELL, min_size=len(header), max_size=len(header)),
                                                  max_size=6))))
def test_csv_reads_back_what_the_csv_module_writes(table: tuple[list[str], list[list[str]]]) -> None:
    header, rows = table
    out = io.StringIO()
    writer = csv.writer(out)   # "\r\n" line ends, as spreadsheets write them
    writer.writerow(header)
    writer.writerows(rows)
    parsed, problems = parse_csv("# format: versus.benchmarks/1\n" + out.getvalue(), "benchmarks/x.csv")
    assert problems == []
    assert parsed.preamble == {"format": "versus.benchmarks/1"} and parsed.header == header
    kept = [r for r in rows if any(cell.strip() for cell in r)]   # blank rows are skipped
    assert [list(r.values.values()) for r in parsed.rows] == kept


# ---- typed models and the whole validate stage -------------------------------------------------------

def _load(path: Path) -> dict:
    doc, problems = parse(path.read_text(encoding="utf-8"), path.name)
    assert doc is not None, problems
    return doc.data


VALID_ENTITY = _load(FIXTURES / "mini" / "content" / "entities" / "alpha-lm.yaml")
VALID_FAQ = _load(FIXTURES / "hostile" / "content" / "faq" / "evil-error.yaml")
VALID_SCORING = _load(FIXTURES / "mini" / "content" / "scoring.yaml")

_JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20), st.floats(), st.text(max_size=30),
    st.sampled_from(["", "x", "alpha-lm", "card", "Alpha-LM", "../x", "javascript:alert(1)", "https://example.org/",
                     "2024-13-01", "model", "text-generation", "generation", "linux", "B", "tokens", "\u202e"]),
    st.lists(st.text(max_size=8), max_size=3), st.dictionaries(st.text(max_size=8), st.integers(), max_size=3))


def _paths(data: Any, here: tuple = ()) -> list[tuple]:
    out = [here]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, here + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += _paths(value, here + (i,))
    return out


@st.composite
def _mutated(draw: st.DrawFn, base: dict) -> dict:
    """A valid document with a few changes: a value replaced by junk, a key removed or added."""
    data = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 4))):
        targets = _paths(data)[1:]
        if not targets:
            break
        path = draw(st.sampled_from(targets))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(_JUNK)
        elif action == "remove":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["layrs", "id", "extra", "with", "url", "\n", "a b"]))] = draw(_JUNK)
    return data


def _raw(data: Any, file: str) -> tuple[RawYaml, str]:
    """Data as a contributor's file would hold it (JSON is YAML; dates written bare), parsed with positions."""
    text = as_yaml(data, indent=1, default=lambda d: f"\0date:{d.isoformat()}")
    text = re.sub(r'"\\u0000date:([0-9-]+)"', r"\1", text)
    doc, problems = parse(text, file)
    assert doc is not None, problems   # JSON always parses (the mutations nest no deeper than the base)
    return RawYaml(file, doc), text


def test_the_unmutated_documents_are_valid() -> None:
    for data, model, file in ((VALID_ENTITY, Entity, "content/entities/alpha-lm.yaml"),
                              (VALID_FAQ, FaqEntry, "content/faq/evil-error.yaml")):
        raw, _ = _raw(data, file)
        assert typed(raw, model)[1] == []


@FAST
@given(_mutated(VALID_ENTITY))
def test_typed_entity_is_a_model_or_clear_diagnostics(data: dict) -> None:
    raw, text = _raw(data, "content/entities/alpha-lm.yaml")
    item, problems = typed(raw, Entity)
    assert (item is None) == bool(problems)
    assert_clear(problems, raw.file, text)


@FAST
@given(_mutated(VALID_FAQ))
def test_typed_faq_entry_is_a_model_or_clear_diagnostics(data: dict) -> None:
    raw, text = _raw(data, "content/faq/evil-error.yaml")
    item, problems = typed(raw, FaqEntry)
    assert (item is None) == bool(problems)
    assert_clear(problems, raw.file, text)


@SLOW
@given(_mutated(VALID_ENTITY), _mutated(VALID_FAQ), _mutated(VALID_SCORING),
       _mutated({"pairs": [{"a": "alpha-lm", "b": "alpha-lm-2", "why": "asked"}]}))
def test_validate_and_catalog_never_raise(entity: dict, faq: dict, scoring: dict, pairs: dict) -> None:
    raw = RawContent()
    texts = {}
    for file, data in (("content/entities/alpha-lm.yaml", entity), ("content/entities/alpha-lm-2.yaml", VALID_ENTITY),
                       ("content/faq/evil-error.yaml", faq)):
        record, texts[file] = _raw(data, file)
        (raw.faq if "/faq/" in file else raw.entities).append(record)
    raw.scoring, texts["content/scoring.yaml"] = _raw(scoring, "content/scoring.yaml")
    raw.comparisons, texts["content/comparisons.yaml"] = _raw(pairs, "content/comparisons.yaml")
    content, problems = validate(raw, JUDGED)
    _, more = catalog_stage.build(content)
    for d in problems + more:
        assert_clear([d], d.file, texts[d.file])
    assert any(d.rule == "id-filename" for d in problems)   # alpha-lm-2.yaml holds id alpha-lm


# ---- ids and the paths built from them --------------------------------------------------------------

_ID = TypeAdapter(Id)


@settings(max_examples=60, deadline=None)
@given(st.from_regex(ID_PATTERN, fullmatch=True) | st.text(max_size=20), st.from_regex(ID_PATTERN, fullmatch=True))
def test_an_accepted_id_always_makes_a_page_path_inside_its_folder(candidate: str, other: str) -> None:
    try:
        entity_id = _ID.validate_python(candidate)
    except ValidationError:
        return
    assume(other != entity_id)
    for folder, path in (("entities", paths.entity(entity_id)), ("compare", paths.compare(entity_id, other))):
        assert posixpath.normpath(path) == path and path.startswith(folder + "/") and path.count("/") == 1
        assert re.fullmatch(r"[a-z0-9-]+\.md", path.split("/")[1]), path


# ---- escaped text renders as exactly that text ------------------------------------------------------

MD = site_markdown()


def _render(template: str, text: str) -> BeautifulSoup:
    """`text` through a page template's road to the reader (generator/render.py): the HTML template with
    autoescape, the page's file (generator/page_file.py), then Markdown over the whole file, as any engine
    builds the docs tree; the article alone, its first heading (the frame) taken out."""
    body = environment(html=True).from_string("<h1>Frame</h1>\n" + template).render(t=text)
    MD.reset()
    soup = BeautifulSoup(MD.convert(page_file.body_markdown(markup.markdown_whitespace(body))), "html.parser")
    soup.h1.decompose()
    return soup


def _accepted(adapter: TypeAdapter, value: str) -> bool:
    try:
        adapter.validate_python(value)
        return True
    except ValidationError:
        return False


_LINE = TypeAdapter(Line)
_VERBATIM = TypeAdapter(Verbatim)
# Text that looks like markup far more often than random text does.
_MARKUPISH = st.lists(st.sampled_from([
    "<", ">", "&", "&amp;", "&#106;", "&lt;", "[", "]", "(", ")", "!", "*", "_", "`", "#", "-", "1.", "+", "|", "{",
    "}", ":", "=", "~", "^", "$", "\\", "'", '"', "???", "!!!", "///", "---", "***", "<script>", "</p>",
    "javascript:", "{: onclick=x }", "[^1]", "*[a]: b", "==x==", "++k++", "\n", "\n\n", "    ", "\t", " ", "a", "é",
    "\u00a0", "%", "@", "?", ".", "/",
]), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80) | _MARKUPISH)
def test_inline_text_renders_as_exactly_that_text(text: str) -> None:
    assume(_accepted(_LINE, " ".join(text.split())) or not text.strip())
    soup = _render("<p>{{ t|inline }}</p>", text)
    assert {e.name for e in soup.find_all(True)} <= {"p"}, soup
    assert soup.p.get_text() == " ".join(text.split())


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80) | _MARKUPISH)
def test_heading_text_renders_as_exactly_that_text(text: str) -> None:
    """Markdown reads a heading (the table of contents, its permalink): the text stays text there too."""
    assume(_accepted(_LINE, " ".join(text.split())) and text.strip())
    soup = _render("<h2>{{ t|inline }}</h2>\n<p>after</p>", text)
    assert {e.name for e in soup.find_all(True)} == {"h2", "a", "p"}, soup
    soup.h2.a.decompose()   # the permalink
    assert soup.h2.get_text() == " ".join(text.split())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60) | _MARKUPISH)
def test_table_cell_text_stays_in_its_cell(text: str) -> None:
    assume(_accepted(_LINE, " ".join(text.split())) or not text.strip())
    soup = _render("<table>\n<thead>\n<tr><th>a</th><th>b</th></tr>\n</thead>\n<tbody>\n"
                   "<tr><td>{{ t|inline }}</td><td>end</td></tr>\n</tbody>\n</table>", text)
    cells = soup.find_all("td")
    assert [c.get_text() for c in cells] == [" ".join(text.split()), "end"], soup
    assert {e.name for e in soup.find_all(True)} <= {"table", "thead", "tbody", "tr", "th", "td"}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80) | _MARKUPISH)
def test_verbatim_block_shows_the_text_exactly(text: str) -> None:
    assume(_accepted(_VERBATIM, text))
    soup = _render("<p>Before.</p>\n{{ t|code_block }}\n<p>After.</p>", text)
    blocks = soup.find_all("pre")
    assert len(blocks) == 1 and blocks[0].get_text() == text, soup
    assert {e.name for e in soup.find_all(True)} == {"p", "pre", "code"}
    assert [p.get_text() for p in soup.find_all("p")] == ["Before.", "After."]


_TEXT = TypeAdapter(Text)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=120) | _MARKUPISH)
def test_prose_renders_as_its_paragraphs(text: str) -> None:
    assume(_accepted(_TEXT, text))
    soup = _render("{% for p in t|paragraphs %}\n<p>{{ p }}</p>\n{% endfor %}", text)
    assert {e.name for e in soup.find_all(True)} <= {"p"}, soup
    wanted = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    assert [p.get_text() for p in soup.find_all("p")] == wanted


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80) | _MARKUPISH)
def test_inline_code_shows_the_text_exactly(text: str) -> None:
    # (BeautifulSoup itself shortens a text node of white space alone outside <pre>: not such a text)
    assume(_accepted(_VERBATIM, text) and text.strip())
    soup = _render("<p>Run {{ t|code }} now.</p>", text)
    assert {e.name for e in soup.find_all(True)} == {"p", "code"}, soup
    assert soup.code.get_text() == text
