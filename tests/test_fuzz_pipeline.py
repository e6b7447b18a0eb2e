"""The whole pipeline under fuzzing: near-valid content trees in, a site or a clear report out.

A structure-aware strategy starts from a valid tree (the hostile fixture corpus, the shipped hardware
catalog, categories and use cases, a benchmark table with a run) and mutates it: a value of any file
replaced (by an empty, blank, huge, negative, mistyped, hostile or impossible one), a key renamed or
removed, an item duplicated; a file removed, copied under another name, renamed to `.yml`, truncated, replaced by a
folder, a link or a pipe; text edits (a tab, a repeated line, a second document, a byte-order mark);
benchmark rows and FAQ entries added. Each example runs `versus validate` and, when that passes, builds
the pages (`generator.build.generate`), in a forked child, so that a crash in C code is a failed test
rather than a dead test run, and with a time bound. It must end in one of two ways:

- exit 0, and every page the build made passes the injection checks (tests/helpers_injection.py) once
  the site's Markdown settings turn it into HTML; or
- exit 1, a report whose every line is `file:line:col: severity[rule] ...` pointing inside a file of the
  tree, and a build that writes nothing.

Never a traceback, a signal or a hang. `make test` runs a bounded number of examples, the same ones every
time; a longer run draws new ones (README.md, Tests):

    VERSUS_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/test_fuzz_pipeline.py -p no:cacheprovider

With VERSUS_FUZZ_MKDOCS=1 it also builds every accepted site with `versus build` (MkDocs and the theme) and
runs the injection checks on the HTML (slow: a build per accepted example); VERSUS_FUZZ_LOG=<file> appends
a line per example saying how it ended.
"""

from __future__ import annotations

import csv
import datetime as dt
import faulthandler
import io
import multiprocessing
import os
import re
import shutil
import signal
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from helpers_injection import article_problems, attribute_problems, site_problems
from helpers_site import FIXTURES, REPO, Project, assemble, build, site_markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import paths
from generator.models.benchmark import COLUMNS, FORMAT, METRICS
from generator.models.common import ID_PATTERN
from generator.yaml_tree import parse

EXAMPLES = int(os.environ.get("VERSUS_FUZZ_EXAMPLES", "12"))
LONG = "VERSUS_FUZZ_EXAMPLES" in os.environ
MKDOCS = os.environ.get("VERSUS_FUZZ_MKDOCS") == "1"
LOG = os.environ.get("VERSUS_FUZZ_LOG")   # a file to append one line per example to (how it ended)
TIME_BOUND = 300   # seconds per example: a hang guard, not a speed test

BASE_YAML = {   # root-relative path -> data: the valid tree every example starts from
    **{f"content/{p.relative_to(FIXTURES / 'hostile' / 'content').as_posix()}": p
       for p in sorted((FIXTURES / "hostile" / "content").rglob("*.yaml"))},
    "content/hardware.yaml": REPO / "content" / "hardware.yaml",
    "content/categories.yaml": REPO / "content" / "categories.yaml",
    "content/use_cases.yaml": REPO / "content" / "use_cases.yaml",
    "benchmarks/runs/good-run/provenance.yaml": REPO / "tests" / "corpus" / "benchmarks" / "runs" / "good-run"
    / "provenance.yaml",
}
TABLE = "benchmarks/published/fuzz.csv"
ENTITY_IDS = ["evil-model", "evil-tool", "plain-model"]


def _load_yaml(path: Path) -> Any:
    doc, problems = parse(path.read_text(encoding="utf-8"), path.name)
    assert doc is not None, problems
    return doc.data


BASE = {rel: _load_yaml(path) for rel, path in BASE_YAML.items()}
BASE_ROWS = [
    {"entity": "plain-model", "task": "text-generation", "metric": "generation_throughput", "value": "41.5",
     "unit": "tokens/s", "status": "reported", "gpu": "NVIDIA A100", "precision": "fp16", "batch": "1",
     "source_url": "https://example.org/bench", "source_title": "A bench", "retrieved": "2026-01-10"},
    {"entity": "evil-model", "task": "text-generation", "metric": "generation_throughput", "value": "38.25",
     "unit": "tokens/s", "status": "reported", "gpu": "NVIDIA A100", "precision": "fp16", "batch": "1",
     "source_url": "https://example.org/bench", "source_title": "A bench", "retrieved": "2026-01-10"},
    {"entity": "plain-model", "task": "text-generation", "metric": "peak_memory", "value": "15.2", "unit": "GB",
     "status": "measured", "gpu": "NVIDIA H100 80GB HBM3", "precision": "bf16", "run": "good-run"},
]

# ---- strategies --------------------------------------------------------------------------------------

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=24)
NASTY = st.one_of(
    st.sampled_from([
        "", " ", "\t", "\u00a0", "\n", "no", "yes", "true", "null", "~", "2024-02-30", "2024-13", "0000", "9999-12-31",
        dt.date(9999, 12, 31), dt.date(1, 1, 1), dt.date(2999, 1, 1), dt.date(1970, 1, 1), 0, -1, 1, 7,
        2**53 + 1, 10**30, -(10**30), 1e308, -0.0, 1.2345678, 0.1, float("nan"), float("inf"), True, False, None,
        [], {}, [[[[[[1]]]]]], {"a": {"b": {"c": 1}}}, "<script>alert(1)</script>", "javascript:alert(1)",
        "[x](javascript:alert(1))", "{: onclick=alert(1) }", "<img src=x onerror=alert(1)>", "a" * 3000,
        "x\ny", "\u202eevil", "\u200b", "&amp;", "&#106;", "../../etc/passwd", "Bad_Id", "evil-model", "plain-model",
        "evil-tool", "no-such-id", "https://example.org/ok", "http://[::1]/", "ftp://example.org/", "x" * 65,
        "text-generation", "text-to-image", "text-to-video", "model", "app", "B", "tokens", "GB", "primary",
        "'3.10'", "- a", "key: value", "*alias", "&anchor", "!!python/object:os.system",
    ]),
    st.integers(), st.floats(), _TEXT, st.lists(_TEXT, max_size=3), st.dates(),
)


def _paths(data: Any, path: tuple = ()) -> list[tuple]:
    """Every path into `data` (the root excluded)."""
    out = []
    if isinstance(data, dict):
        for key, value in data.items():
            out.append(path + (key,))
            out += _paths(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out.append(path + (i,))
            out += _paths(value, path + (i,))
    return out


def _parent(data: Any, path: tuple) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


# Text that validates as a line or prose and looks like Markdown, HTML or the theme's syntax.
MARKUP = st.sampled_from(["<script>alert(1)</script>", "[x](javascript:alert(1))", "{: onclick=alert(1) }",
                          "**bold** _it_ `code`", "&amp; &lt; &#106;", "a | b | c", "# heading", "!!! note",
                          "??? note", "<!-- c -->", "<img src=x onerror=alert(1)>", "[^1]", "--8<-- \"x\"",
                          "${x} {{ x }} {% x %}", "\\", "line one. line two."])
_WORDS = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789 -"), min_size=1, max_size=20)


def _benign(value: Any) -> st.SearchStrategy:
    """Another value of the same kind, likely to validate: the content changes, the tree stays valid."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.integers(1, 10**6)
    if isinstance(value, float):
        return st.floats(0.01, 1e5).map(lambda x: float(f"{x:.4g}"))
    if isinstance(value, dt.date):
        return st.dates(dt.date(1990, 1, 1), dt.date(2026, 1, 10))
    if isinstance(value, str) and re.fullmatch(ID_PATTERN, value):
        return st.sampled_from([*ENTITY_IDS, value, "other-id"])
    if isinstance(value, str) and value.startswith("https://"):
        return st.sampled_from(["https://example.org/x", "https://example.org/p?q=1&r=2#f", value])
    if isinstance(value, str):
        return _WORDS.map(lambda w: w.strip() or "x") | MARKUP
    return st.just(value)


def _mutate_data(draw: st.DrawFn, data: Any) -> None:
    paths = _paths(data)
    if not paths:
        return
    path = draw(st.sampled_from(paths))
    parent, last = _parent(data, path), path[-1]
    op = draw(st.sampled_from(["benign"] * 5 + ["replace", "replace", "delete", "rename", "duplicate", "wrap"]))
    if op == "benign":
        parent[last] = draw(_benign(parent[last]))
    elif op == "replace":
        parent[last] = draw(NASTY)
    elif op == "delete":
        del parent[last]
    elif op == "rename" and isinstance(parent, dict):
        parent[str(last) + draw(st.sampled_from(["s", "_", "x", " "]))] = parent.pop(last)
    elif op == "duplicate" and isinstance(parent, list):
        parent.insert(last, parent[last])
    elif op == "wrap":
        parent[last] = [parent[last]]


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    out.write(f"# format: {FORMAT}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row.get(c, "") for c in COLUMNS])
    return out.getvalue()


CELL = st.one_of(st.sampled_from(["", " ", "0", "-1", "nan", "1e999", "1234567", "12.5", "1,000", "a,b", 'q"uote',
                                  "line\nbreak", "9999-12-31", "2026-01-10", "1700006400", "Bad_Id", "fp16",
                                  "1024x1024", "<script>alert(1)</script>", "javascript:alert(1)"]),
                 _TEXT, st.integers().map(str), st.floats().map(str))


SETTING_CELLS = {"gpu": st.sampled_from(["NVIDIA A100", "RTX 4090", "<b>GPU</b>", "M2 Max"]),
                 "precision": st.sampled_from(["fp16", "bf16", "int8", "q4_k_m"]),
                 "batch": st.integers(1, 64).map(str), "steps": st.integers(1, 100).map(str),
                 "resolution": st.sampled_from(["512x512", "1024x1024"]),
                 "software": _WORDS, "options": _WORDS, "note": CELL.filter(lambda c: "\n" not in c)}


@st.composite
def rows(draw: st.DrawFn) -> list[dict[str, str]]:
    """The base rows and up to three more, valid as drawn; then maybe one cell of one row replaced."""
    out = [dict(r) for r in BASE_ROWS]
    for _ in range(draw(st.integers(0, 3))):
        metric = draw(st.sampled_from(sorted(METRICS)))
        spec = METRICS[metric]
        value = draw(st.floats(0.01, spec.maximum or 1e5).map(lambda x: f"{x:.4g}"))
        row = {"entity": draw(st.sampled_from(ENTITY_IDS)), "task": draw(st.sampled_from(sorted(spec.tasks))),
               "metric": metric, "value": value, "unit": spec.unit, "status": "reported",
               "source_url": draw(st.sampled_from(["https://example.org/more", "https://example.org/a?b=c&d=1"])),
               "source_title": draw(_WORDS), "retrieved": "2026-01-10"}
        for column in draw(st.lists(st.sampled_from(sorted(SETTING_CELLS)), max_size=3, unique=True)):
            row[column] = draw(SETTING_CELLS[column])
        out.append(row)
    if draw(st.integers(0, 3)) == 0:
        victim = draw(st.sampled_from(out))
        victim[draw(st.sampled_from(COLUMNS))] = draw(CELL)
    return out


FILE_OPS = ["remove", "copy", "yml", "folder", "link-out", "link-nowhere", "pipe", "empty", "stray", "truncate",
            "tab", "repeat-line", "second-document", "bom", "control"]


@st.composite
def trees(draw: st.DrawFn) -> dict[str, Any]:
    """A content tree as {root-relative path: data, text, or a ("special", kind) marker}."""
    data = {rel: yaml.safe_load(_dump(value)) for rel, value in BASE.items()}   # a deep copy, plainly typed
    for _ in range(draw(st.sampled_from([0, 0, 1, 1, 1, 2, 3]))):
        _mutate_data(draw, data[draw(st.sampled_from(sorted(data)))])
    if draw(st.booleans()):   # a new FAQ entry: a copy of the hostile one under a new id, mutated
        entry = yaml.safe_load(_dump(data["content/faq/evil-error.yaml"]))
        if isinstance(entry, dict):
            entry["id"] = "second-error"
            _mutate_data(draw, entry)
            data["content/faq/second-error.yaml"] = entry
    tree: dict[str, Any] = {rel: _dump(value) for rel, value in data.items()}
    tree[TABLE] = _csv(draw(rows()))
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
        target = draw(st.sampled_from(sorted(tree)))
        op = draw(st.sampled_from(FILE_OPS))
        text = tree[target] if isinstance(tree[target], str) else ""
        lines = text.split("\n")
        at = draw(st.integers(0, max(0, len(lines) - 1)))
        if op == "remove":
            del tree[target]
        elif op == "copy":
            tree[target.replace(".", "-copy.", 1)] = tree[target]
        elif op == "yml" and target.endswith(".yaml"):
            tree[target[:-5] + ".yml"] = tree.pop(target)
        elif op in ("folder", "link-out", "link-nowhere", "pipe"):
            tree[target] = ("special", op)
        elif op == "empty":
            tree[target] = ""
        elif op == "stray":
            tree["content/notes.txt"] = "a stray note\n"
        elif op == "truncate":
            tree[target] = text[: draw(st.integers(0, len(text)))]
        elif op in ("tab", "repeat-line", "second-document", "control"):
            insert = {"tab": "\t" + lines[at], "repeat-line": lines[at], "second-document": "---",
                      "control": lines[at] + "\x07"}[op]
            tree[target] = "\n".join(lines[:at] + [insert] + lines[at + (op in ("tab", "control")):])
        elif op == "bom":
            tree[target] = "\ufeff" + text
    return tree


def _write(root: Path, tree: dict[str, Any], chart_cache: Path) -> None:
    for rel, value in tree.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(value, tuple):
            kind = value[1]
            if kind == "folder":
                path.mkdir()
            elif kind == "link-out":
                path.symlink_to("/etc/passwd")
            elif kind == "link-nowhere":
                path.symlink_to("no-such-file")
            else:
                os.mkfifo(path)
        else:
            path.write_bytes(value.encode("utf-8", "surrogatepass"))
    (root / ".cache").mkdir()
    (root / ".cache" / "charts").symlink_to(chart_cache)   # charts drawn once for all examples


# ---- one example, in a forked child --------------------------------------------------------------------

_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>[1-9][0-9]*):(?P<col>[1-9][0-9]*): (error|warning|note)"
                   r"\[[a-z0-9-]+\] .+$")


def _check(root: Path) -> list[str]:
    """What is wrong with how the pipeline ended on the tree at `root` (empty: nothing)."""
    from click.testing import CliRunner

    from generator.build import generate
    from generator.cli import main

    result = CliRunner().invoke(main, ["validate", "--root", str(root)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return ["validate raised:\n" + "".join(traceback.format_exception(result.exception))]
    out = generate(root)
    if LOG:   # the long run's tally: how each example ended
        with open(LOG, "a", encoding="utf-8") as log:
            log.write(f"exit {result.exit_code} files {len(out.files)} rules "
                      f"{' '.join(sorted({d.rule for d in out.errors}))}\n")
    if result.exit_code == 1:
        problems = [f"a build with errors wrote {len(out.files)} files"] if out.files else []
        # every line but the counts at the end and the notes about the whole content
        report = [line for line in result.output.splitlines() if not re.match(r"note: |[0-9]+ (error|note)", line)]
        for line in report:
            match = _LINE.match(line)
            if match is None:
                problems.append(f"not a diagnostic line: {line!r}")
                continue
            target = root / match["file"]
            if not os.path.lexists(target) and "error[missing-file]" not in line:
                problems.append(f"names no file of the tree: {line!r}")
            elif target.is_file() and not target.is_symlink():
                lines = re.split(r"\r\n|[\r\n\x85\u2028\u2029]", target.read_bytes().decode("utf-8", "replace"))
                if int(match["line"]) > max(1, len(lines)):
                    problems.append(f"points past the end of the file: {line!r}")
        return problems
    if result.exit_code != 0:
        return [f"validate exited {result.exit_code}: {result.output[-2000:]}"]
    if out.errors:
        return [f"validate passed, the build found errors: {[d.format() for d in out.errors]}"]
    problems, md = [], site_markdown()
    for path, text in out.files.items():
        if not path.endswith(".md"):
            continue
        front, _, body = text.removeprefix("---\n").partition("\n---\n") if text.startswith("---\n") else \
            ("", "", text)
        if front:
            yaml.safe_load(front)   # front matter MkDocs can read
        md.reset()
        soup = BeautifulSoup(md.convert(body), "html.parser")
        page = f"{paths.address(path)}/index.html".lstrip("/")   # where it is served: links are relative to it
        problems += attribute_problems(soup, page)
        problems += article_problems(soup, page, lambda rel: rel in out.files)
    return problems


def _child(check: Callable[[Path], list[str]], root: str, send: Any) -> None:
    try:
        send.send(check(Path(root)))
    except BaseException:   # everything, so that the parent sees it
        send.send(["raised:\n" + traceback.format_exc()])


def run_example(root: Path, check: Callable[[Path], list[str]] = _check, bound: float = TIME_BOUND) -> list[str]:
    """`check(root)` in a forked child: what it found, or that it raised, died of a signal or hung."""
    receive, send = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_child, args=(check, str(root), send))
    child.start()
    send.close()
    if not receive.poll(bound):
        child.kill()
        child.join()
        return [f"no result within {bound} s (a hang?)"]
    try:
        found = receive.recv()
    except EOFError:
        found = []
    child.join(30)
    if child.exitcode is None:
        child.kill()
        return ["the child did not exit"]
    if child.exitcode != 0:
        return [f"the child died with exit code {child.exitcode} (a negative code is a signal)"]
    return found


@pytest.fixture(scope="module")
def chart_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("charts")


def _segfault(root: Path) -> list[str]:
    faulthandler.disable()   # pytest's would print this child's stack: expected here, noise in the log
    os.kill(os.getpid(), signal.SIGSEGV)
    return []


def _hang(root: Path) -> list[str]:
    time.sleep(60)
    return []


def test_a_crash_or_a_hang_is_a_failure_not_a_lost_run(tmp_path: Path) -> None:
    assert run_example(tmp_path, _segfault) == [f"the child died with exit code {-signal.SIGSEGV} (a negative code "
                                                "is a signal)"]
    assert run_example(tmp_path, _hang, bound=0.5) == ["no result within 0.5 s (a hang?)"]
    assert run_example(tmp_path, lambda root: 1 / 0)[0].startswith("raised:\nTraceback")


def test_the_unmutated_tree_builds(chart_cache: Path, tmp_path: Path) -> None:
    tree = {rel: _dump(value) for rel, value in BASE.items()}
    tree[TABLE] = _csv(BASE_ROWS)
    _write(tmp_path / "p", tree, chart_cache)
    assert run_example(tmp_path / "p") == []
    assert (tmp_path / "p" / "content" / "faq").is_dir()


@settings(max_examples=EXAMPLES, deadline=None, derandomize=not LONG, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(tree=trees())
def test_the_pipeline_ends_in_a_site_or_a_clear_report(tree: dict[str, Any], chart_cache: Path) -> None:
    root = Path(tempfile.mkdtemp(prefix="versus-fuzz-"))
    try:
        _write(root, tree, chart_cache)
        problems = run_example(root)
        if not problems and MKDOCS and _accepted(root):
            problems = _full_build(root)
        assert problems == [], "\n".join(problems)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _accepted(root: Path) -> bool:
    from generator.pipeline import load

    return load(root).site is not None


def _full_build(root: Path) -> list[str]:
    """The long run only: `versus build` (MkDocs with the theme), then the injection checks on its HTML."""
    project = assemble(root / "full", root, prune_nav=True) if not (root / "full").exists() else Project(root / "full")
    result = build(project, timeout=TIME_BOUND)
    if result.returncode != 0 or "Traceback" in result.output:
        return [f"versus build failed on accepted content:\n{result.output[-3000:]}"]
    return site_problems(project.site)

