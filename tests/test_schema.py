"""The JSON Schemas for editors: committed and fresh, draft-07, in agreement with the models and the
content, and named by the first line of every content file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft7Validator, FormatChecker
from click.testing import CliRunner
from pydantic import TypeAdapter, ValidationError

from generator import formats, regenerate, schema
from generator.cli import main
from generator.pipeline import load
from generator.models import common
from generator.sources import ENTITY_DIR, FAQ_DIR
from generator.records import typed
from generator.sources import read_yaml

YAML_FORMATS = [f for f in formats.FORMATS if f.yaml]


def test_generated_files_are_up_to_date(root: Path) -> None:
    stale = regenerate.stale_files(root)
    assert not stale, (f"stale generated files: {', '.join(stale)}\n"
                       f"regenerate them with: {regenerate.REGENERATE}, and commit the result")


def test_every_format_has_a_committed_schema(root: Path) -> None:
    for fmt in formats.FORMATS:
        assert (root / fmt.schema_file).is_file(), fmt.schema_file


@pytest.mark.parametrize("fmt", formats.FORMATS, ids=lambda f: f.name)
def test_schema_is_draft_07(fmt: formats.Format, root: Path) -> None:
    data = json.loads((root / fmt.schema_file).read_text(encoding="utf-8"))
    assert data["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(data)
    text = json.dumps(data)
    for keyword in ("$defs", "prefixItems", "unevaluatedProperties", "dependentRequired", "$dynamicRef"):
        assert f'"{keyword}"' not in text, f"{keyword} is not draft-07: yaml-language-server misreads it"
    for ref in _refs(data):
        name = ref.removeprefix("#/definitions/")
        assert ref.startswith("#/definitions/") and name in data["definitions"], ref


def _refs(node: object) -> list[str]:
    if isinstance(node, dict):
        return ([node["$ref"]] if "$ref" in node else []) + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_output_is_deterministic() -> None:
    for fmt in formats.FORMATS:
        first = schema.dumps(schema.json_schema(fmt))
        assert first == schema.dumps(schema.json_schema(fmt))
        assert first.endswith("}\n")
        assert list(json.loads(first)) == sorted(json.loads(first))


def _files(root: Path, fmt: formats.Format) -> list[Path]:
    return sorted(p for p in root.glob(fmt.glob) if fmt.matches(p.relative_to(root).as_posix()))


@pytest.mark.content
@pytest.mark.parametrize("fmt", YAML_FORMATS, ids=lambda f: f.name)
def test_content_the_models_accept_passes_the_schema(fmt: formats.Format, root: Path, mini: Path) -> None:
    """No false squiggles: a file the validator accepts is accepted by the editor's schema too."""
    validator = Draft7Validator(schema.json_schema(fmt), format_checker=FormatChecker())
    checked = 0
    for base in (root, mini):
        for path in _files(base, fmt):
            raw, problems = read_yaml(path, base)
            if raw is None or typed(raw, fmt.model)[0] is None:
                continue   # the validator reports this file; the schema need not agree on why
            errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(schema.as_editor_reads(raw.doc.data))]
            assert not errors, f"{path}: {errors[:3]}"
            checked += 1
    if fmt.name in ("entity", "faq", "scoring"):
        assert checked, f"no {fmt.name} file was checked"


@pytest.mark.parametrize("change, where", [
    (lambda d: d.update(nmae="x"), "unknown field"),
    (lambda d: d.update(id="Not_An_Id"), "bad id"),
    (lambda d: d["facts"].update(layers={"value": 32, "unit": "", "source": "x", "as_of": "2024-01-01",
                                         "colour": "red"}), "unknown field in a fact"),
    (lambda d: d["facts"].update(parameters={"value": 3.8, "unit": "billion", "source": "x",
                                             "as_of": "2024-01-01"}), "a fact's unit alias"),
    (lambda d: d["facts"].update(layrs={"value": 1, "source": "x", "as_of": "2024-01-01"}), "unregistered fact"),
    (lambda d: d["links"].update(homepage="javascript:alert(1)"), "a javascript: link"),
    (lambda d: d.update(last_reviewed="2024-09-31"), "a day that does not exist"),
    (lambda d: d.update(last_reviewed="2023-02-29"), "February 29 of a common year"),
    (lambda d: d["released"].update(date="2024-13"), "a month that does not exist"),
    (lambda d: d.pop("task"), "a model without task"),
    (lambda d: d.update(type="repository"), "a task on something that is not a model"),
])
def test_schema_refuses_what_the_validator_refuses(change, where: str, mini: Path) -> None:
    raw, _ = read_yaml(mini / "content/entities/alpha-lm.yaml", mini)
    data = schema.as_editor_reads(raw.doc.data)
    data.setdefault("facts", {})
    change(data)
    errors = list(Draft7Validator(schema.json_schema(formats.BY_NAME["entity"])).iter_errors(data))
    assert errors, f"the entity schema accepts {where}"


# ---- modelines and editor settings -------------------------------------------------------------------

def _content_yaml(root: Path) -> list[str]:
    files = [p.relative_to(root).as_posix() for p in (root / "content").rglob("*.yaml")]
    files += [p.relative_to(root).as_posix() for p in (root / "benchmarks").glob("runs/*/provenance.yaml")]
    return sorted(files)


@pytest.mark.content
def test_every_content_file_names_its_schema_on_the_first_line(root: Path) -> None:
    files = _content_yaml(root)
    assert any(f.startswith(f"{ENTITY_DIR}/") for f in files) and any(f.startswith(f"{FAQ_DIR}/") for f in files)
    assert "content/scoring.yaml" in files
    wrong = []
    for path in files:
        fmt = formats.format_of(path)
        assert fmt is not None, f"{path} is a YAML file that no format describes"
        first = (root / path).read_text(encoding="utf-8").split("\n", 1)[0]
        if first != schema.modeline(path, fmt):
            wrong.append(f"{path}: first line {first!r}, expected {schema.modeline(path, fmt)!r}")
    assert not wrong, "\n".join(wrong) + "\n`versus fix` writes the right first line"


def test_modeline_paths_point_at_the_schema(root: Path) -> None:
    for path in ("content/entities/x.yaml", "content/scoring.yaml", "benchmarks/runs/r1/provenance.yaml"):
        fmt = formats.format_of(path)
        target = schema.modeline(path, fmt).removeprefix(schema.MODELINE_PREFIX)
        assert (root / Path(path).parent / target).resolve() == (root / fmt.schema_file).resolve()
    assert schema.modeline("content/entities/x.yaml", formats.BY_NAME["entity"]).endswith(
        "=../../schemas/entity.schema.json")


def test_vscode_maps_every_yaml_folder_to_its_schema(root: Path) -> None:
    settings = json.loads((root / ".vscode/settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    for fmt in YAML_FORMATS:
        assert settings[f"./{fmt.schema_file}"] == [fmt.glob]
        assert (root / fmt.schema_file).is_file()


def test_vscode_settings_keep_other_settings() -> None:
    out = json.loads(schema.vscode_settings('{"editor.tabSize": 2, "yaml.schemas": {"old": ["x"]}}'))
    assert out["editor.tabSize"] == 2 and "old" not in out["yaml.schemas"]


def test_format_of_knows_every_reader_path() -> None:
    assert formats.format_of("content/entities/a.yaml").name == "entity"
    assert formats.format_of("content/faq/a.yaml").name == "faq"
    assert formats.format_of("benchmarks/published/sd.csv").name == "benchmark-row"
    assert formats.format_of("benchmarks/runs/r/provenance.yaml").name == "provenance"
    assert formats.format_of("content/entities/sub/a.yaml") is None
    assert formats.format_of("content/pages/about.md") is None


# ---- what the docs say each text type accepts is what it accepts ---------------------------------------

def _accepts(annotation, value: str) -> bool:
    try:
        TypeAdapter(annotation).validate_python(value)
        return True
    except ValidationError:
        return False


def test_text_type_docs_match_their_behaviour() -> None:
    label_max = formats._max_length(common.Label)
    assert _accepts(common.Label, "x" * label_max) and not _accepts(common.Label, "x" * (label_max + 1))
    for char in '<>"`\\{}':
        assert not _accepts(common.Label, f"a{char}b"), char
        assert char in dict((t.name, t.accepts) for t in formats.TEXT_TYPES)["Label"]
    assert not _accepts(common.Label, "R&amp;D")
    assert "&amp;" in dict((t.name, t.accepts) for t in formats.TEXT_TYPES)["Label"]
    assert not _accepts(common.Label, "two\nlines") and not _accepts(common.Line, "two\nlines")
    assert _accepts(common.Text, "one paragraph\n\nanother")
    assert _accepts(common.Verbatim, "  keeps   its spaces ")
    assert _accepts(common.Id, "phi-3-5-mini") and not _accepts(common.Id, "Phi_3") \
        and not _accepts(common.Id, "x" * (common.ID_MAX + 1))
    assert _accepts(common.Url, "https://example.com/a") and not _accepts(common.Url, "javascript:alert(1)")
    for t in formats.TEXT_TYPES:
        assert str(formats._max_length(t.annotation)) in t.accepts or t.name == "Url", t.name


def test_the_schema_accepts_leap_days_and_months_alone(mini: Path) -> None:
    raw, _ = read_yaml(mini / "content/entities/alpha-lm.yaml", mini)
    data = schema.as_editor_reads(raw.doc.data)
    validator = Draft7Validator(schema.json_schema(formats.BY_NAME["entity"]))
    for last_reviewed, released in (("2024-02-29", "2024-02"), ("2000-02-29", "2024"), ("2026-12-31", "2024-12-01")):
        data.update(last_reviewed=last_reviewed)
        data["released"].update(date=released)
        assert not list(validator.iter_errors(data)), (last_reviewed, released)


def test_check_content_reads_files_as_the_validator_does(tmp_path: Path, mini: Path) -> None:
    """`versus schemas --check-content`: no false error on a valid file, whatever YAML 1.1 would make of
    it (`no`, `on`, `1_000`, `0o17` are text or plain numbers to the project's loader and to editors)."""
    shutil.copytree(mini, tmp_path, dirs_exist_ok=True)
    entity = tmp_path / "content/entities/alpha-lm.yaml"
    text = entity.read_text(encoding="utf-8")
    entity.write_text(text.replace("vendor: Alpha Labs", "vendor: no").replace("name: Alpha LM", "name: on"),
                      encoding="utf-8")
    assert [d.format() for d in load(tmp_path).diagnostics if d.severity.value == "error"] == []
    result = CliRunner().invoke(main, ["schemas", "--check-content", "--root", str(tmp_path)])
    assert result.exit_code == 0 and result.output.startswith("ok:"), result.output
    entity.write_text(text.replace("last_reviewed: 2026-01-10", "last_reviewed: '2026-09-31'"), encoding="utf-8")
    result = CliRunner().invoke(main, ["schemas", "--check-content", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "content/entities/alpha-lm.yaml:" in result.output and "error[schema] last_reviewed" in result.output
