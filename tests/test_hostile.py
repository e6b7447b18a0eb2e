"""Content is untrusted: hostile text must reach the page as visible text, never as HTML, Markdown or
script; hostile shapes (ids, names, links, invisible characters) must be refused with a clear
diagnostic; and oversized or malformed files must be refused with one exact line each.

    tests/fixtures/hostile/content    validates: hostile text in every free-text field of every format;
                                      the site is built from it and every page is inspected
    tests/fixtures/hostile/refused    must be refused; the exact report is expected-diagnostics.txt
                                      (regenerate with `pytest tests/test_hostile.py --update-goldens`,
                                      then review the diff)
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import posixpath
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Comment
from helpers_injection import (THEME_INLINE_SCRIPTS, article_problems, attribute_problems, script_problems,
                               svg_problems)
from helpers_site import FIXTURES, Project, assemble, build, html_pages

from generator import diagnostics as dx
from generator import sources
from generator.build import generate
from generator.pipeline import load
from generator.yaml_tree import MAX_DEPTH, MAX_NODES, parse

HOSTILE = FIXTURES / "hostile"
REFUSED = HOSTILE / "refused"
EXPECTED_REFUSALS = REFUSED / "expected-diagnostics.txt"
CHROMIUM = Path("/usr/bin/chromium")


# ---- the hostile corpus, read back as data ----------------------------------------------------------

# Keys whose values are not free text: ids and references, choices, dates, units, links.
NOT_TEXT = {"id", "type", "task", "categories", "source", "kind", "with", "alternatives", "integrations",
            "related", "url", "links", "unit", "category", "platforms", "model", "commercial_use", "date",
            "as_of", "retrieved", "last_reviewed", "last_verified"}
# Free text that validates but that no page shows (yet): checked to load, not to be visible.
NOT_SHOWN = {("license", "spdx"), ("released", "note")}
VERBATIM = {("error",), ("fix", 0, "command"), ("verify", "command")}


def _yaml(path: Path) -> dict:
    doc, problems = parse(path.read_text(encoding="utf-8"), path.name)
    assert doc is not None, problems
    return doc.data


def _leaves(data: object, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in NOT_TEXT:
                yield from _leaves(value, path + (key,))
    elif isinstance(data, list):
        if path and path[-1] == "sources" and all(isinstance(v, str) for v in data):
            return  # a list of source keys (ids)
        for i, value in enumerate(data):
            yield from _leaves(value, path + (i,))
    elif isinstance(data, str):
        yield path, data


def _page_of(file: Path, data: dict) -> str:
    """The page that shows a content file's text."""
    if file.parent.name == "faq":
        return f"troubleshooting/{data['category']}/index.html"
    return f"entities/{data['id']}/index.html"


def _hostile_texts() -> list[tuple[str, tuple, str, str]]:
    out = []
    for file in sorted((HOSTILE / "content").glob("*/*.yaml")):
        data = _yaml(file)
        for path, text in _leaves(data):
            if path[:2] not in NOT_SHOWN:
                out.append((f"{file.parent.name}/{file.name}", path, text, _page_of(file, data)))
    return out


HOSTILE_TEXTS = _hostile_texts()


def _collapse(text: str) -> str:
    return " ".join(text.split())


# ---- the site built from it -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    built = assemble(tmp_path_factory.mktemp("hostile"), HOSTILE)
    result = build(built)
    assert result.returncode == 0, result.output
    return built


@pytest.fixture(scope="module")
def site(project: Project) -> Path:
    return project.site


@functools.cache
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _text_nodes(soup: BeautifulSoup) -> list[str]:
    """The visible text of a page, node by node (a string that was escaped properly stays one node)."""
    return [_collapse(s) for s in soup.find_all(string=True)
            if not isinstance(s, Comment) and s.parent.name not in ("script", "style")]


def test_the_hostile_corpus_validates_and_covers_every_format() -> None:
    result = load(HOSTILE)
    assert result.diagnostics == [], dx.report(result.diagnostics)
    catalog = result.catalog
    assert set(catalog.entities) == {"evil-model", "evil-tool", "plain-model"}
    assert set(catalog.faq) == {"evil-error"}
    why = next(p.why for p in catalog.pairs if p.explicit)
    assert "<script>" in why and "javascript:" in why
    assert len(HOSTILE_TEXTS) > 40


@pytest.mark.parametrize(("file", "path", "text", "page"), HOSTILE_TEXTS,
                         ids=[f"{f}:{'.'.join(map(str, p))}" for f, p, _, _ in HOSTILE_TEXTS])
def test_hostile_text_is_visible_as_text(site: Path, file: str, path: tuple, text: str, page: str) -> None:
    nodes = _text_nodes(_soup(site / page))
    # Prose keeps its paragraphs; each must be found whole, inside a single text node: had any part
    # become markup, the text would be split across elements or partly missing.
    for part in (re.split(r"\n\s*\n", text) if path[-1] in ("what", "unique", "cause", "text") else [text]):
        wanted = _collapse(part)
        assert any(wanted in node for node in nodes), f"{file} {path}: {wanted!r} is not visible text on {page}"


def test_verbatim_text_is_shown_exactly(site: Path) -> None:
    entry = _yaml(HOSTILE / "content" / "faq" / "evil-error.yaml")
    soup = _soup(site / "troubleshooting" / "generation" / "index.html")
    blocks = [code.get_text() for code in soup.select("pre.verbatim code")]
    assert entry["error"] in blocks           # every line, the tab and the angle brackets included
    inline = [code.get_text() for code in soup.select("article code")]
    assert entry["fix"][0]["command"] in inline
    assert entry["verify"]["command"] in inline


def _is_file(site: Path):
    return lambda rel: (site / rel).is_file()


def test_no_script_but_the_theme_s_own(site: Path) -> None:
    inline_texts = set()
    for page in html_pages(site):
        problems, texts = script_problems(_soup(page), page.relative_to(site).as_posix(), _is_file(site))
        assert problems == []
        inline_texts |= texts
    assert len(inline_texts) == len(THEME_INLINE_SCRIPTS), inline_texts


def test_no_event_handler_or_script_url_anywhere(site: Path) -> None:
    for page in html_pages(site):
        assert attribute_problems(_soup(page), page.relative_to(site).as_posix()) == []


def test_content_adds_no_element(site: Path) -> None:
    for page in html_pages(site):
        article = _soup(page).find("article")
        if article is not None:
            assert article_problems(article, page.relative_to(site).as_posix(), _is_file(site)) == []
    entity = _soup(site / "entities" / "evil-model" / "index.html").find("article")
    assert entity.find("details") is None     # "??? note" in a paragraph must not open a details block


def test_structured_data_carries_the_hostile_text_as_data(site: Path) -> None:
    entry = _yaml(HOSTILE / "content" / "faq" / "evil-error.yaml")
    soup = _soup(site / "troubleshooting" / "generation" / "index.html")
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    raw = scripts[0].string
    assert "</" not in raw and "<!--" not in raw   # nothing can close the element or open a comment
    data = json.loads(raw)
    assert data["@type"] == "FAQPage"
    question = data["mainEntity"][0]
    assert question["name"] == entry["error"]
    assert entry["verify"]["command"] in question["acceptedAnswer"]["text"]


def test_page_titles_show_the_names_as_written(site: Path) -> None:
    for entity_id in ("evil-model", "evil-tool"):
        name = _yaml(HOSTILE / "content" / "entities" / f"{entity_id}.yaml")["name"]
        soup = _soup(site / "entities" / entity_id / "index.html")
        assert soup.title.get_text() == f"{name} - Versus"
        assert soup.find("meta", property="og:title")["content"] == name
        assert _collapse(soup.select_one(".md-header__topic:last-child").get_text()) == _collapse(name)
        assert soup.find("h1").get_text().removesuffix("¶") == name
        summary = _yaml(HOSTILE / "content" / "entities" / f"{entity_id}.yaml")["summary"]
        assert soup.find("meta", attrs={"name": "description"})["content"] == f"{name}: {summary}"


def test_comparison_pages_show_the_hostile_text_as_text(site: Path) -> None:
    evil = _yaml(HOSTILE / "content" / "entities" / "evil-model.yaml")
    nodes = _text_nodes(_soup(site / "compare" / "evil-model-vs-plain-model" / "index.html"))
    for text in (evil["name"], evil["summary"], evil["capabilities"][0]["title"], evil["license"]["name"],
                 evil["capabilities"][0]["compared"][0]["text"], evil["sources"]["card"]["title"]):
        assert any(_collapse(text) in node for node in nodes), text


def test_svg_files_hold_no_script(site: Path) -> None:
    """A chart opened on its own is a document: names drawn in it must stay text there too."""
    assert svg_problems(site) == []


# ---- refused --------------------------------------------------------------------------------------

def _report(root: Path) -> str:
    return "\n".join(d.format() for d in load(root).diagnostics) + "\n"


def test_refused_corpus_reports_exactly_the_expected_diagnostics(update_goldens: bool) -> None:
    report = _report(REFUSED)
    if update_goldens:
        EXPECTED_REFUSALS.write_text(report, encoding="utf-8")
    assert report == EXPECTED_REFUSALS.read_text(encoding="utf-8")


@pytest.mark.parametrize("line", [
    ("content/entities/id-slash.yaml:2:5: error[bad-id] id: not a valid id (got '../../../etc/passwd'; "
    "expected lowercase letters, digits and single hyphens) hint: e.g. 'etc-passwd'"),
    ("content/entities/id-upper.yaml:2:5: error[bad-id] id: not a valid id (got 'Id-Upper'; "
    "expected lowercase letters, digits and single hyphens) hint: e.g. 'id-upper'"),
    ("content/entities/id-lookalike.yaml:2:5: error[bad-id] id: not a valid id (got '\u0456d-lookalike'; expected "
    "lowercase letters, digits and single hyphens) hint: '\u0456' is CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I "
    "(U+0456), not a-z; e.g. 'd-lookalike'"),
    ("content/entities/bad-text.yaml:5:7: error[bad-value] name: names may not contain < > \" ` \\ { } "
    "(got 'Evil <script>alert(1)</script>')"),
    ("content/entities/bad-text.yaml:7:10: error[bad-value] summary: contains a control, zero-width or "
    "bidirectional-override character (got 'looks harmless \\u202eexe.txt')"),
    ("content/entities/bad-urls.yaml:12:13: error[bad-url] links.homepage: not an http(s) address "
    "(got 'javascript:alert(1)'; expected an absolute http:// or https:// URL) "
    "hint: links accept http and https only (no javascript:, data: or relative paths)"),
    ("content/entities/bad-urls.yaml:14:15: error[bad-url] links.model_card: not an http(s) address "
    "(got 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='; expected an absolute http:// or https:// "
    "URL) hint: links accept http and https only (no javascript:, data: or relative paths)"),
    ("content/faq/bad-faq.yaml:12:14: error[bad-value] fix[0].command: contains a control, zero-width or "
    "bidirectional-override character (got 'pip install\\u200b torch')"),
])
def test_refusals_say_what_and_where(line: str) -> None:
    assert line in _report(REFUSED).splitlines()


def test_every_refused_file_is_refused() -> None:
    result = load(REFUSED)
    assert result.site is None
    refused = {d.file for d in dx.errors(result.diagnostics)}
    every = {p.relative_to(REFUSED).as_posix() for p in (REFUSED / "content").rglob("*.yaml")}
    assert every - refused == {"content/scoring.yaml"}


# ---- ids and paths --------------------------------------------------------------------------------

def _mini_copy(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "mini" / "content", tmp_path / "content")
    return tmp_path


def test_ids_that_differ_only_by_case_cannot_both_exist(tmp_path: Path) -> None:
    root = _mini_copy(tmp_path)
    entities = root / "content" / "entities"
    twin = entities / "Alpha-LM.yaml"
    twin.write_text((entities / "alpha-lm.yaml").read_text().replace("id: alpha-lm", "id: Alpha-LM"))
    if not (entities / "alpha-lm.yaml").exists() or len(list(entities.glob("*.yaml"))) != 4:
        pytest.skip("this file system does not tell names apart by case")
    report = _report(root)
    assert ("content/entities/Alpha-LM.yaml:1:5: error[bad-id] id: not a valid id (got 'Alpha-LM'; "
            "expected lowercase letters, digits and single hyphens) hint: e.g. 'alpha-lm'") in report


def test_two_files_cannot_share_an_id(tmp_path: Path) -> None:
    root = _mini_copy(tmp_path)
    entities = root / "content" / "entities"
    shutil.copy(entities / "alpha-lm.yaml", entities / "alpha-lm-copy.yaml")
    assert ("content/entities/alpha-lm-copy.yaml:1:5: error[id-filename] id: the id must match the file name "
            "(got 'alpha-lm'; expected 'alpha-lm-copy') hint: alpha-lm.yaml already exists: change the id to "
            "'alpha-lm-copy', or give this file another name") in _report(root)


def test_every_page_path_stays_in_its_folder(project: Project, site: Path) -> None:
    files = generate(project.root).files
    assert files
    for path in files:
        assert posixpath.normpath(path) == path and not path.startswith(("/", "..")), path
        assert re.fullmatch(r"(?:[a-z0-9-]+/)*[a-z0-9-]+\.(?:md|svg|csv|json)", path), path
    for file in site.rglob("*"):
        assert not file.is_symlink() and file.resolve().is_relative_to(site.resolve()), file


# ---- limits: one exact line each ------------------------------------------------------------------

def _diagnostics_for(tmp_path: Path, rel: str, data: bytes) -> list[str]:
    root = _mini_copy(tmp_path)
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return [d.format() for d in load(root).diagnostics]


_ENTITY = (FIXTURES / "mini" / "content" / "entities" / "beta-lm.yaml").read_text()


def _entity(text: str = _ENTITY, **replace: str) -> bytes:
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    return text.encode()


def _with_name(rel: str) -> str:
    return _ENTITY.replace("id: beta-lm", f"id: {Path(rel).stem}")


def _make(path: Path, kind: str) -> None:
    if kind == "pipe":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to({"device": "/dev/zero", "outside": "/etc/passwd", "nowhere": "missing.yaml",
                         "loop": path.name, "folder-link": "."}[kind])


@pytest.mark.parametrize(("kind", "message"), [
    ("pipe", "a named pipe, not a regular file"),            # reading it would block forever
    ("device", "a link to a file outside the project (got '/dev/zero')"),   # would never end
    ("outside", "a link to a file outside the project (got '/etc/passwd')"),   # would be published
    ("nowhere", "a link to nothing: its target does not exist"),
    ("loop", "a loop of links"),
    ("folder", "a folder, not a regular file"),
    ("folder-link", "a link to a folder: content is read from regular files only"),
])
def test_a_path_that_is_not_a_regular_file_inside_the_project(tmp_path: Path, kind: str, message: str) -> None:
    root = _mini_copy(tmp_path)
    _make(root / "content" / "entities" / "x.yaml", kind)
    assert [d.format() for d in load(root).diagnostics] == [
        f"content/entities/x.yaml:1:1: error[not-a-file] {message} hint: commit the content itself as a regular "
        "file inside the project"]


def test_a_file_where_the_content_folder_should_be(tmp_path: Path) -> None:
    (tmp_path / "content").write_text("x\n")
    assert [d.format() for d in load(tmp_path).diagnostics] == [
        "content:1:1: error[not-a-file] a file where a folder is expected hint: content/ holds the content files; "
        "move this file away",
        "content/scoring.yaml:1:1: error[missing-file] the scoring weights file is missing hint: restore "
        "content/scoring.yaml from git"]


@pytest.mark.parametrize("kind", ["pipe", "outside", "nowhere"])
def test_fix_neither_reads_nor_writes_through_what_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    from generator.fix import fix_files

    root = _mini_copy(tmp_path / "p")
    target = root / "content" / "entities" / "x.yaml"
    _make(target, kind)
    before = Path("/etc/passwd").read_bytes()
    [result] = fix_files(root, ["content/entities/x.yaml"])
    assert result.text is None and result.problems and Path("/etc/passwd").read_bytes() == before
    assert not (root / "content" / "entities" / "missing.yaml").exists()


def test_yaml_file_over_the_size_limit(tmp_path: Path) -> None:
    limit = sources.MAX_YAML_BYTES
    data = _with_name("x").encode()
    data += b"#" * (limit + 1 - len(data))
    found = _diagnostics_for(tmp_path, "content/entities/x.yaml", data)
    assert found == [(f"content/entities/x.yaml:1:1: error[file-too-large] the file is {limit + 1:,} bytes, over the "
                     f"limit of {limit:,} hint: split it into smaller files")]


def test_csv_file_over_the_size_limit(tmp_path: Path) -> None:
    limit = sources.MAX_CSV_BYTES
    found = _diagnostics_for(tmp_path, "benchmarks/published/big.csv", b"a,b\n" + b"1,2\n" * (limit // 4))
    assert (f"benchmarks/published/big.csv:1:1: error[file-too-large] the file is {limit + 4:,} bytes, over the "
            f"limit of {limit:,} hint: split it into smaller files") in found


def test_csv_with_too_many_rows(tmp_path: Path) -> None:
    rows = sources.MAX_CSV_ROWS
    text = "# format: versus.benchmarks/1\na,b\n" + "1,2\n" * (rows + 5)
    table, problems = sources.parse_csv(text, "benchmarks/x.csv")
    assert [d.format() for d in problems] == [
        (f"benchmarks/x.csv:{rows + 3}:1: error[file-too-large] more than {rows:,} rows "
        "hint: split the table into several files")]
    assert table is not None and len(table.rows) == rows


def test_billion_laughs_is_refused_fast(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    data = "\n".join(lines).encode()        # 10^10 "lol"s if the aliases were expanded
    start = time.perf_counter()
    found = _diagnostics_for(tmp_path, "content/entities/lol.yaml", data)
    elapsed = time.perf_counter() - start
    assert "content/entities/lol.yaml:1:5: error[yaml-alias] anchors and aliases (&name, *name) are not allowed " \
           "hint: write the value out in full; aliases let a small file expand without bound" in found
    assert elapsed < 2.0, f"refusing the aliases took {elapsed:.2f} s"


def test_merge_key_is_refused(tmp_path: Path) -> None:
    found = _diagnostics_for(tmp_path, "content/entities/merge.yaml", b"id: merge\nbase: &b {a: 1}\nother:\n  <<: *b\n")
    assert found == [("content/entities/merge.yaml:2:7: error[yaml-alias] anchors and aliases (&name, *name) are not "
                     "allowed hint: write the value out in full; aliases let a small file expand without bound")]


def test_non_utf8_bytes(tmp_path: Path) -> None:
    data = _entity(_with_name("latin"), **{"vendor: Beta Inc": "vendor: Caf\u00e9 Inc"}).decode().encode("latin-1")
    found = _diagnostics_for(tmp_path, "content/entities/latin.yaml", data)
    assert ("content/entities/latin.yaml:7:12: error[encoding-utf8] byte 0xe9 is not valid UTF-8 "
            "hint: save the file as UTF-8 (most editors: 'Save with encoding')") in found


def test_byte_order_mark(tmp_path: Path) -> None:
    found = _diagnostics_for(tmp_path, "content/entities/bom.yaml", sources.BOM + _with_name("bom").encode())
    assert found == [("content/entities/bom.yaml:1:1: error[encoding-bom] the file starts with a byte-order mark "
                     "hint: save it as UTF-8 without BOM; `versus fix` removes it")]


def test_nul_byte(tmp_path: Path) -> None:
    found = _diagnostics_for(tmp_path, "content/entities/nul.yaml", b"id: nul\nname: a\x00b\n")
    assert found == [("content/entities/nul.yaml:2:1: error[encoding-utf8] the file contains a NUL character "
                     "hint: this looks like a binary file; content files are UTF-8 text")]


def test_control_character(tmp_path: Path) -> None:
    found = _diagnostics_for(tmp_path, "content/entities/bell.yaml", "id: bell\nname: \u00e9\x07\n".encode())
    assert found == [("content/entities/bell.yaml:2:8: error[yaml-syntax] invalid YAML: control character U+0007 "
                     "is not allowed hint: remove it: content files are plain text")]


def test_tab_indentation(tmp_path: Path) -> None:
    data = _entity(_with_name("tabs"), **{"\n  parameters:": "\n\tparameters:"})
    found = _diagnostics_for(tmp_path, "content/entities/tabs.yaml", data)
    assert found == [("content/entities/tabs.yaml:13:1: error[yaml-syntax] invalid YAML: a tab character "
                     "hint: YAML indents with spaces: replace the tab with spaces")]


@pytest.mark.parametrize(("old", "new", "line"), [
    ("{value: 7, unit: B", "{value: .nan, unit: B",
     ("content/entities/nan.yaml:13:23: error[not-finite] facts.parameters.value: NaN and infinity are not numbers "
     "a page can show (got '.nan'; expected a finite number) hint: write the measured value, or leave the field "
     "out when it is unknown")),
    ("{value: 8192, unit: tokens", "{value: -.inf, unit: tokens",
     ("content/entities/nan.yaml:14:27: error[not-finite] facts.context_length.value: NaN and infinity are not "
     "numbers a page can show (got '-.inf'; expected a finite number) hint: write the measured value, or leave "
     "the field out when it is unknown")),
])
def test_nan_and_infinity_in_a_number_field(tmp_path: Path, old: str, new: str, line: str) -> None:
    found = _diagnostics_for(tmp_path, "content/entities/nan.yaml", _entity(_with_name("nan"), **{old: new}))
    assert line in found


def test_nan_in_scoring_weights(tmp_path: Path) -> None:
    scoring = (FIXTURES / "mini" / "content" / "scoring.yaml").read_text()
    data = scoring.replace("adoption: 0.20, freshness: 0.15}", "adoption: .NaN, freshness: 0.15}").encode()
    found = _diagnostics_for(tmp_path, "content/scoring.yaml", data)
    assert ("content/scoring.yaml:53:78: error[not-finite] weights.model.adoption: NaN and infinity are not "
            "numbers a page can show (got '.NaN') hint: write the measured value, or leave the field out when "
            "it is unknown") in found


@pytest.mark.parametrize("cell", ["nan", "inf", "-Infinity", "1e999"])
def test_nan_and_infinity_in_a_benchmark_cell(cell: str) -> None:
    benchmarks = pytest.importorskip("generator.benchmarks")
    from generator.models.benchmark import COLUMNS

    values = {"entity": "alpha-lm", "task": "text-generation", "metric": "generation_throughput", "value": cell,
              "unit": "tokens/s", "status": "reported", "source_url": "https://example.org/b",
              "source_title": "B", "retrieved": "2026-01-10"}
    text = "# format: versus.benchmarks/1\n" + ",".join(COLUMNS) + "\n" + ",".join(values.get(c, "") for c in COLUMNS)
    table, problems = sources.parse_csv(text + "\n", "benchmarks/published/x.csv")
    assert problems == []
    _, found = benchmarks.validate_benchmarks([table], [], {"alpha-lm"})
    row = text.splitlines()[2]
    column = len(",".join(row.split(",")[:COLUMNS.index("value")])) + 2   # the character where the cell starts
    assert f"benchmarks/published/x.csv:3:{column}: error[not-finite] value: NaN and infinity are not numbers a " \
           f"page can show (got {cell!r}) hint: write the measured value, or leave the row out when it is " \
           "unknown" in [d.format() for d in found]


def test_duplicate_key(tmp_path: Path) -> None:
    data = _entity(_with_name("dup"), **{"vendor: Beta Inc\n": "vendor: Beta Inc\nvendor: Other Inc\n"})
    found = _diagnostics_for(tmp_path, "content/entities/dup.yaml", data)
    assert found == [("content/entities/dup.yaml:8:1: error[duplicate-key] key 'vendor' appears twice in this "
                     "mapping (first on line 7) hint: keep one of the two: YAML would silently keep only the last")]


def test_deep_nesting(tmp_path: Path) -> None:
    data = ("id: deep\nnotes: " + "[" * (MAX_DEPTH + 5) + "1" + "]" * (MAX_DEPTH + 5) + "\n").encode()
    found = _diagnostics_for(tmp_path, "content/entities/deep.yaml", data)
    assert found == [(f"content/entities/deep.yaml:2:{8 + MAX_DEPTH}: error[yaml-depth] nested deeper than "
                     f"{MAX_DEPTH} levels hint: content is shallow data; flatten the structure")]


def test_too_many_values(tmp_path: Path) -> None:
    data = ("id: many\nnotes: [" + ", ".join(["0"] * MAX_NODES) + "]\n").encode()
    found = _diagnostics_for(tmp_path, "content/entities/many.yaml", data)
    assert len(found) == 1 and found[0].startswith("content/entities/many.yaml:2:")
    assert found[0].endswith(f"error[file-too-large] more than {MAX_NODES} values in one file "
                             "hint: split the data into several files")


# ---- in a real browser ----------------------------------------------------------------------------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


BROWSER_PAGES = ["entities/evil-model/", "entities/evil-tool/", "compare/evil-model-vs-evil-tool/",
                 "compare/evil-model-vs-plain-model/", "troubleshooting/generation/", "troubleshooting/",
                 "entities/", "compare/", ""]

_LIVE_DOM_PROBLEMS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value.replace(/[\\s\\x00-\\x1f]/g, '').toLowerCase();
      if (a.name.toLowerCase().startsWith('on')) out.push(el.tagName + ' ' + a.name);
      if (['href', 'src', 'action', 'formaction', 'srcdoc'].includes(a.name) && /^(javascript|data|vbscript):/.test(v))
        out.push(el.tagName + ' ' + a.name + '=' + a.value);
    }
  }
  return out;
}"""


@pytest.mark.browser
def test_no_dialog_opens_in_a_real_browser(served: str, chromium) -> None:
    dialogs: list[str] = []
    context = chromium.new_context()
    try:
        page = context.new_page()
        # Only the local site: the theme's GitHub star counter and anything a payload names are cut off.
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(served)
                   else route.abort())
        page.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
        for path in BROWSER_PAGES:
            page.goto(served + path, wait_until="load")
            page.wait_for_timeout(150)   # let the theme's script run over the page
            assert page.evaluate(_LIVE_DOM_PROBLEMS) == [], path
        name = _yaml(HOSTILE / "content" / "entities" / "evil-model.yaml")["name"]
        page.goto(served + "entities/evil-model/", wait_until="load")
        assert page.title() == f"{name} - Versus"
        # The search index holds the hostile text too; results are rendered by the theme's script.
        page.locator("input.md-search__input").focus()
        page.keyboard.type("onerror alert script", delay=10)
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        assert "<img src=x onerror=alert(2)>" in page.locator(".md-search-result").inner_text()
        assert page.evaluate(_LIVE_DOM_PROBLEMS) == []
        page.keyboard.press("Enter")
        page.wait_for_load_state("load")
        page.wait_for_timeout(150)
    finally:
        context.close()
    assert dialogs == []


def test_the_docs_tree_builds_the_same_pages_from_hostile_content(project: Project, site: Path) -> None:
    """The plugin hands Markdown only the headings and puts the HTML blocks back itself
    (generator/page_file.py); MkDocs on the docs tree reads the whole file. Hostile text in headings and
    blocks must come out the same both ways, byte for byte."""
    import subprocess
    import sys

    from generator import docs_tree
    tree, tree_site = project.root / "tree", project.root / "tree-site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    for command in (["generator", "generate", "--out", str(tree), "--config", str(project.config)],
                    ["mkdocs", "build", "--strict", "-f", str(tree / docs_tree.CONFIG), "-d", str(tree_site)]):
        proc = subprocess.run([sys.executable, "-m", *command], cwd=project.root, env=env, capture_output=True,
                              text=True, timeout=600, check=False)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    assert docs_tree.differing_pages(site, tree_site) == []
