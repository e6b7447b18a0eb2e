"""A stranger's first pull request, as CONTRIBUTING.md's quick start tells it: on a copy of the project,
scaffold a new language model, a benchmark row and a troubleshooting entry with `versus new`, fill in
the empty values, validate, build. The new model gets its fit verdict, and every content test (the
`content` marker) passes on the copy, so a pull request that only adds valid content cannot fail CI.

The commands are the ones the make targets run (`python -m generator ...`), without the set-up step.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.sources import gather

ROOT = Path(__file__).resolve().parent.parent
MODEL = "testbed-lm-7b"
ERROR = "testbed-checkpoint-format"
DAY = "2026-12-01"
TABLE = "benchmarks/published/llm.csv"
# Git-ignored build and environment folders: a fresh clone has none of them.
LEFT_OUT = {".git", ".venv", "site", ".cache", "node_modules", "__pycache__", ".pytest_cache", ".hypothesis",
            "build", "out"}


def _left_out(_: str, names: list[str]) -> list[str]:
    return [n for n in names if n in LEFT_OUT or n.endswith(".egg-info") or n.startswith(".site.")]


def versus(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(project), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=project, env=env, capture_output=True,
                          text=True, timeout=600)


# ---- filling in a skeleton, as a person would: each empty value on its line, comments left in place -----

_KEY = re.compile(r"^( *)(- )?([A-Za-z_][A-Za-z0-9_-]*):(.*)$")


def fill(text: str, values: dict[str, str]) -> str:
    """Write `values` (dotted path -> YAML text) into a skeleton. A value starting with a line break is a
    block: the key keeps its line (and comment), the block's lines follow it. Every path must be found."""
    out, stack, done = [], [], set()
    for line in text.splitlines():
        m = _KEY.match(line)
        if not m or line.lstrip().startswith("#"):
            out.append(line)
            continue
        indent = len(m[1]) + (2 if m[2] else 0)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, m[3]))
        path = ".".join(k for _, k in stack)
        if path not in values:
            out.append(line)
            continue
        comment = re.search(r"\s#\s.*$", m[4])
        head = f"{m[1]}{m[2] or ''}{m[3]}:"
        value = values[path]
        block = value.startswith("\n")
        out.append(f"{head}{'' if block else ' ' + value}{'  ' + comment[0].strip() if comment else ''}")
        if block:
            out += value[1:].splitlines()
        done.add(path)
    assert done == set(values), f"not in the skeleton: {set(values) - done}"
    return "\n".join(out) + "\n"


def _an_existing_language_model(project: Path) -> str:
    ids = sorted(r.doc.data["id"] for r in gather(project).entities
                 if r.doc.data.get("type") == "model" and r.doc.data.get("task") == "text-generation")
    assert ids, "the catalog has no language model to name as an alternative"
    return ids[0]


def _entity_values(alternative: str) -> dict[str, str]:
    fact = f"source: card, as_of: {DAY}"
    return {
        "name": "Testbed LM 7B", "type": "model", "task": "text-generation",
        "summary": "A 7.2B-parameter open-weight language model, added by a test of the contributor path.",
        "categories": "[language-model]", "vendor": "Example Labs",
        "license.name": "Apache License 2.0", "license.spdx": "Apache-2.0", "license.source": "card",
        "pricing.model": "free", "open_weights": "true", "released.date": "'2026-10'", "released.source": "card",
        "links.homepage": "https://example.org/testbed-lm-7b",
        # The facts the fit verdict needs, head size left out: it is hidden size / attention heads.
        "facts": "\n" + "\n".join(f"  {key}: {{value: {value}, unit: {unit}, {fact}}}" for key, value, unit in (
            ("parameters", 7.2, "B"), ("context_length", 32768, "tokens"), ("layers", 32, '""'),
            ("hidden_size", 4096, '""'), ("attention_heads", 32, '""'), ("kv_heads", 8, '""'))),
        "alternatives": f"[{alternative}]",
        "sources.card.url": "https://example.org/testbed-lm-7b/card", "sources.card.title": "Testbed LM 7B card",
        "sources.card.retrieved": DAY, "sources.card.kind": "primary", "last_reviewed": DAY,
    }


FAQ_VALUES = {
    "error": "'ValueError: Testbed checkpoint format 3 is not supported by this loader'",
    "title": "Testbed checkpoint format not supported", "category": "llm-runtime",
    "applies_to.tools": "[any Testbed loader]", "applies_to.platforms": "[any]",
    "cause": "The loader is older than the checkpoint format the weights were saved in.",
    "fix.step": "Upgrade the loader to a release that reads format 3.",
    "verify.command": "python -c 'import testbed_loader'",
    "verify.expect": "The model loads without the ValueError.", "related": f"[{MODEL}]",
    "sources.url": "https://example.org/testbed-lm-7b/issues/1", "sources.title": "Format 3 is not supported",
    "sources.retrieved": DAY, "sources.kind": "secondary", "last_verified": DAY,
}


@pytest.fixture(scope="module")
def contributed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("pull-request") / "versus"
    shutil.copytree(ROOT, project, ignore=_left_out, symlinks=True)   # the corpus holds links, some dangling
    # 1. Scaffold
    for kind, name in (("entity", MODEL), ("faq", ERROR)):
        proc = versus(project, "new", kind, name)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    # 2. Fill in (the scaffold's comments stay: they are YAML comments, allowed in a pull request)
    entity = project / f"content/entities/{MODEL}.yaml"
    entity.write_text(fill(entity.read_text(encoding="utf-8"), _entity_values(_an_existing_language_model(project))),
                      encoding="utf-8")
    faq = project / f"content/faq/{ERROR}.yaml"
    faq.write_text(fill(faq.read_text(encoding="utf-8"), FAQ_VALUES), encoding="utf-8")
    proc = versus(project, "new", "row", TABLE, f"entity={MODEL}", "metric=generation_throughput", "value=42.5",
                  "gpu=NVIDIA RTX 4090", "precision=q4_k_m", "batch=1", "software=llama.cpp b4000",
                  "source_url=https://example.org/testbed-lm-7b/speed", "source_title=Testbed LM 7B speed",
                  f"retrieved={DAY}")
    assert proc.returncode == 0 and "still empty" not in proc.stdout, proc.stdout + proc.stderr
    # 3. Check: no error, and no warning (the site is built with mkdocs --strict)
    proc = versus(project, "validate", "--strict")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return project


def test_the_new_model_is_built_with_its_fit_verdict(contributed: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    proc = versus(contributed, "build", "--site-dir", str(site))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert (site / "entities" / MODEL / "index.html").is_file()
    assert MODEL in (site / "troubleshooting" / "llm-runtime" / "index.html").read_text(encoding="utf-8")
    with (site / "downloads" / "selection-fits.csv").open(encoding="utf-8") as f:
        fits = [row for row in csv.DictReader(f) if row["entity"] == MODEL]
    assert any(row["need_gb"] for row in fits)
    assert all(row["basis"] == "estimated" for row in fits if row["need_gb"])   # from the facts: nothing measured
    verdicts = {v for row in fits for k, v in row.items() if k.startswith("verdict_")}
    assert "fits" in verdicts and "no-data" not in verdicts
    with (site / "downloads" / "benchmarks.csv").open(encoding="utf-8") as f:
        assert any(row["entity"] == MODEL and row["value"] == "42.5" for row in csv.DictReader(f))


def test_every_content_test_passes_with_the_contribution(contributed: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(contributed), "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "pytest", "-m", "content", "-p", "no:cacheprovider", "-o", "addopts=", "-q"]
    proc = subprocess.run(command, cwd=contributed, env=env, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-2000:]
    assert re.search(r"\b\d+ passed\b", proc.stdout) and " failed" not in proc.stdout
