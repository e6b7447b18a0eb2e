"""`versus new` writes skeletons that validate except where the contributor must fill in facts;
`versus fix` normalises without changing what any value means, and a second run changes nothing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import fix, formats, scaffold
from generator.cli import main
from generator.pipeline import load
from generator.schema import modeline
from generator.yaml_tree import parse

KINDS = ("entity", "faq", "run")


@pytest.fixture
def project(tmp_path: Path, root: Path) -> Path:
    """An empty project: only the scoring weights, which every build needs."""
    (tmp_path / "content").mkdir()
    shutil.copy(root / "content/scoring.yaml", tmp_path / "content/scoring.yaml")
    return tmp_path


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


# ---- versus new ------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_skeleton_is_yaml_with_its_modeline_and_a_comment_on_every_field(kind: str) -> None:
    text = scaffold.skeleton(kind, "my-thing")
    path = scaffold.target(kind, "my-thing")
    fmt = formats.format_of(path)
    assert text.split("\n", 1)[0] == modeline(path, fmt)
    doc, problems = parse(text, path)
    assert doc is not None, problems
    lines = [line for line in text.splitlines()[5:] if line.strip()]
    assert all(" # " in line for line in lines), [line for line in lines if " # " not in line]
    uncomment = lambda line: re.sub(r"^(\s*)# ", r"\1", line)  # noqa: E731
    uncommented = "\n".join(uncomment(uncomment(line)) for line in lines)   # examples nest two deep
    for _, model in formats.nested_models(fmt.model):
        for f in formats.fields(model):
            assert re.search(rf"^\s*(- )?{re.escape(f.name)}:", uncommented, re.MULTILINE), f"{kind}: {f.name}"


def _empty_required_lines(text: str) -> set[int]:
    """Line numbers (1-based) whose value is empty and whose comment says it is required."""
    out = set()
    for n, line in enumerate(text.splitlines(), 1):
        code, _, note = line.partition("  #")
        if code.lstrip().startswith("#") or not note.strip().startswith("required:"):   # not "required for models"
            continue
        value = code.split(":", 1)[1].strip() if ":" in code else ""
        if value in ("", "[]", "{}"):
            out.add(n)
    return out


@pytest.mark.parametrize("kind", ["entity", "faq", "run"])
def test_skeleton_errors_are_exactly_the_required_values_left_empty(kind: str, project: Path) -> None:
    """The promise of `versus new`: validation reports an error at every required value the skeleton
    leaves empty and nowhere else, so the error list is the to-do list. Mappings that only hold required
    values (`license:`) report through their fields."""
    code, output = _run("new", kind, "my-thing", "--root", str(project))
    assert code == 0, output
    path = scaffold.target(kind, "my-thing")
    text = (project / path).read_text(encoding="utf-8")
    errors = [d for d in load(project).diagnostics if d.severity.value == "error"]
    assert errors and all(d.file == path for d in errors), [d.format() for d in errors]
    assert {d.rule for d in errors} <= {"wrong-type", "bad-choice", "length", "required-field"}
    todo = {n for n in _empty_required_lines(text) if _is_leaf(text, n)}
    assert {d.line for d in errors} == todo


def _is_leaf(text: str, n: int) -> bool:
    """Line n holds a value, not the first line of a mapping (whose next line is indented deeper)."""
    lines = text.splitlines()
    indent = len(lines[n - 1]) - len(lines[n - 1].lstrip(" -"))   # a key after `- ` is indented by it
    following = next((line for line in lines[n:] if line.strip()), "")
    return len(following) - len(following.lstrip()) <= indent


@pytest.mark.parametrize("kind", KINDS)
def test_fix_leaves_a_fresh_skeleton_unchanged(kind: str) -> None:
    path = scaffold.target(kind, "my-thing")
    result = fix.fix_bytes(path, scaffold.skeleton(kind, "my-thing").encode())
    assert result.text is None and not result.changes and not result.problems


def test_skeleton_comments_say_what_the_validator_does() -> None:
    lines = {line.split(":", 1)[0].strip(" #-"): line for line in scaffold.skeleton("entity", "x").splitlines()
             if ":" in line and not line.startswith("# ")}
    assert "optional" not in lines["task"] and "required for models" in lines["task"]   # conditional, not optional
    assert "any of the keys above" in lines["homepage"]                     # one link is enough
    assert "fixed list" in lines["parameters"] and "a key you choose" not in lines["parameters"]
    assert "a key you choose" not in lines["card"] and "cite" in lines["card"]
    assert "comments may stay" in scaffold.skeleton("faq", "x")


def test_new_refuses_a_bad_id_and_an_existing_file(project: Path) -> None:
    code, output = _run("new", "entity", "My Model", "--root", str(project))
    assert code == 1 and "not a valid id" in output and "my-model" in output
    assert not (project / "content/entities").exists()
    assert _run("new", "faq", "cuda-oom", "--root", str(project))[0] == 0
    code, output = _run("new", "faq", "cuda-oom", "--root", str(project))
    assert code == 1 and "already exists" in output
    assert _run("new", "model", "x", "--root", str(project))[0] == 2   # click: not a kind


def test_new_run_writes_the_provenance_of_a_run(project: Path) -> None:
    code, output = _run("new", "run", "h100-sdxl-2026-11", "--root", str(project))
    assert code == 0 and "benchmarks/runs/h100-sdxl-2026-11/provenance.yaml" in output
    data = parse((project / "benchmarks/runs/h100-sdxl-2026-11/provenance.yaml").read_text(), "-")[0].data
    assert data["format"] == "versus.provenance/1" and data["hardware"]["gpu_count"] == 1


def test_new_row_appends_a_row_that_needs_only_what_it_says(project: Path, mini: Path) -> None:
    shutil.copytree(mini / "content/entities", project / "content/entities")
    table = project / "benchmarks/published/speed.csv"
    code, output = _run("new", "row", str(table), "entity=alpha-lm", "metric=generation_throughput",
                        "source_url=https://example.org/b", "note=one stream, batch 1", "--root", str(project))
    assert code == 0, output
    assert "wrote benchmarks/published/speed.csv:3" in output and "unit tokens/s" in output
    assert "still empty, and required: value, retrieved" in output
    first = table.read_text(encoding="utf-8")
    assert first.startswith("# format: versus.benchmarks/1\n") and '"one stream, batch 1"' in first
    errors = [d for d in load(project).diagnostics if d.severity.value == "error"]
    assert sorted(d.path for d in errors) == ["retrieved", "value"]   # the to-do list, and nothing else
    code, output = _run("new", "row", str(table), "entity=alpha-lm", "metric=prompt_throughput", "value=900",
                        "source_url=https://example.org/b", "retrieved=2026-12-01", "--root", str(project))
    assert code == 0 and "speed.csv:4" in output and "still empty" not in output
    assert table.read_text(encoding="utf-8").startswith(first)         # what was there is kept, byte for byte
    assert [d.line for d in load(project).diagnostics] == [3, 3]       # the new row is valid


def test_new_row_refuses_an_unknown_column_and_a_file_that_is_no_table(project: Path) -> None:
    code, output = _run("new", "row", str(project / "benchmarks/x.csv"), "entty=a", "--root", str(project))
    assert code == 1 and "did you mean 'entity'?" in output and not (project / "benchmarks/x.csv").exists()
    code, output = _run("new", "row", str(project / "content/x.csv"), "entity=a", "--root", str(project))
    assert code == 1 and "under benchmarks/" in output
    code, output = _run("new", "entity", "x", "value=1", "--root", str(project))
    assert code == 1 and "for `new row`" in output


# ---- versus fix ------------------------------------------------------------------------------------

MESSY = """\
# my notes at the top
name: Messy Model   # display name
id: Messy_Model
type: model
summary: A test.
task: text-generation
categories: [Zeta, alpha_one, "Beta Two"]
vendor: Someone
license:
  source: Card_A
  # the license name
  name: MIT

pricing: {note: free to use, model: free}
released: {date: 2024-01-02, source: card_a}
links:
  homepage: https://example.com
facts:
  parameters: {value: 3.5, source: Card_A, unit: billion, as_of: 2024-01-02}
  context_length:
    unit: token
    value: 4096
    as_of: 2024-01-02
    source: card_a
capabilities:
  - title: Chat
    id: Chat_Thing
    sources: ['Card_A']
    what: >-
      It chats with
      people.
alternatives:
  - zed
  - Alpha
sources:
  Card_A:
    title: The card
    url: https://example.com/card
    kind: primary
    retrieved: 2024-01-02
last_reviewed: 2024-01-03
# trailing comment
"""

CLEAN = """\
# yaml-language-server: $schema=../../schemas/entity.schema.json
# my notes at the top
id: messy-model
name: Messy Model   # display name
type: model
task: text-generation
summary: A test.
categories: [alpha-one, "beta-two", zeta]
vendor: Someone
license:
  # the license name
  name: MIT
  source: card-a

pricing: {model: free, note: free to use}
released: {date: 2024-01-02, source: card-a}
links:
  homepage: https://example.com
facts:
  parameters: {value: 3.5, unit: B, source: card-a, as_of: 2024-01-02}
  context_length:
    value: 4096
    unit: tokens
    source: card-a
    as_of: 2024-01-02
capabilities:
  - id: chat-thing
    title: Chat
    what: >-
      It chats with
      people.
    sources: ['card-a']
alternatives:
  - alpha
  - zed
sources:
  card-a:
    url: https://example.com/card
    title: The card
    retrieved: 2024-01-02
    kind: primary
last_reviewed: 2024-01-03
# trailing comment
"""

PATH = "content/entities/messy-model.yaml"


def test_fix_normalises_a_messy_entity_and_keeps_its_comments_and_layout() -> None:
    result = fix.fix_bytes(PATH, b"\xef\xbb\xbf" + MESSY.replace("\n", "\r\n").encode())
    assert result.text.decode() == CLEAN
    assert not result.problems
    said = "\n".join(result.changes)
    for expected in ("byte-order mark", "CRLF", "modeline", "id: 'Messy_Model' -> 'messy-model'",
                     "sources.Card_A: key 'Card_A' -> 'card-a'", "facts.parameters.unit: 'billion' -> 'B'",
                     "categories: sorted", "alternatives: sorted", "top level: keys put in the format's order",
                     "capabilities[0]: keys put"):
        assert expected in said, expected


def test_fix_is_idempotent_and_its_result_validates(tmp_path: Path, root: Path) -> None:
    once = fix.fix_bytes(PATH, MESSY.encode()).text
    again = fix.fix_bytes(PATH, once)
    assert again.text is None and not again.changes and not again.problems
    (tmp_path / "content/entities").mkdir(parents=True)
    shutil.copy(root / "content/scoring.yaml", tmp_path / "content/scoring.yaml")
    (tmp_path / PATH).write_bytes(once)
    # Only the cross-file check remains: the alternatives name entities this one-file project lacks.
    errors = [d for d in load(tmp_path).diagnostics if d.severity.value == "error"]
    assert {(d.rule, d.got) for d in errors} == {("unknown-id", "'alpha'"), ("unknown-id", "'zed'")}


def _meaning(data: object, sets: bool = True) -> object:
    """What a document says, ignoring key order and the order of set-like lists."""
    if isinstance(data, dict):
        return {k: (sorted(v) if sets and k in ("categories", "alternatives", "integrations") and isinstance(v, list)
                    else _meaning(v)) for k, v in data.items()}
    if isinstance(data, list):
        return [_meaning(v) for v in data]
    return data


@pytest.mark.content
def test_fix_on_the_real_content_changes_no_meaning_and_is_idempotent(root: Path) -> None:
    paths = fix.content_files(root)
    assert paths
    for path in paths:
        data = (root / path).read_bytes()
        first = fix.fix_bytes(path, data)
        assert not first.problems, (path, first.problems)
        text = first.text or data
        second = fix.fix_bytes(path, text)
        assert second.text is None and not second.changes, (path, second.changes)
        if path.endswith(".yaml"):
            before, after = parse(data.decode(), path)[0], parse(text.decode(), path)[0]
            assert _meaning(before.data) == _meaning(after.data), path


def test_check_mode_reports_without_writing(tmp_path: Path) -> None:
    file = tmp_path / PATH
    file.parent.mkdir(parents=True)
    file.write_text(MESSY)
    code, output = _run("fix", "--check", "--root", str(tmp_path))
    assert code == 1 and "would change" in output and file.read_text() == MESSY
    code, output = _run("fix", "--root", str(tmp_path))
    assert code == 0 and file.read_text() == CLEAN and "changed: categories: sorted" in output
    assert _run("fix", "--check", "--root", str(tmp_path))[0] == 0


def test_fix_only_named_files(tmp_path: Path) -> None:
    for name in ("a-one", "b-two"):
        (tmp_path / f"content/entities/{name}.yaml").parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / f"content/entities/{name}.yaml").write_text("id: " + name + "\nname: X\n")
    code, _ = _run("fix", str(tmp_path / "content/entities/a-one.yaml"), "--root", str(tmp_path))
    assert code == 0
    assert (tmp_path / "content/entities/a-one.yaml").read_text().startswith("# yaml-language-server")
    assert (tmp_path / "content/entities/b-two.yaml").read_text() == "id: b-two\nname: X\n"


def test_tabs_are_replaced_only_where_they_break_the_file() -> None:
    broken = "id: a-b\nlicense:\n\tname: MIT\n\tsource: x\n"
    result = fix.fix_bytes(PATH, broken.encode())
    assert "license:\n  name: MIT\n  source: x\n" in result.text.decode()
    assert any("tab" in c for c in result.changes)
    # A tab inside a block scalar is text: the file parses, so it is left alone.
    fine = f"{modeline(PATH, formats.BY_NAME['entity'])}\nid: a-b\nsummary: |\n  keep\ta tab\n"
    assert fix.fix_bytes(PATH, fine.encode()).text is None


def test_what_cannot_be_rewritten_safely_is_reported_not_guessed() -> None:
    head = modeline(PATH, formats.BY_NAME["entity"]) + "\n"
    multi_line_flow = head + "id: a-b\npricing: {note: x,\n  model: free}\n"
    result = fix.fix_bytes(PATH, multi_line_flow.encode())
    assert result.text is None and any("pricing" in p and "by hand" in p for p in result.problems)
    commented_list = head + "id: a-b\ncategories:\n  - zeta\n  # why alpha\n  - alpha\n"
    result = fix.fix_bytes(PATH, commented_list.encode())
    assert result.text is None and any("categories" in p for p in result.problems)


def test_ids_are_normalised_only_when_that_gives_a_valid_id_without_collisions() -> None:
    assert fix.normal_id("Stable Diffusion_XL") == "stable-diffusion-xl"
    assert fix.normal_id("phi-3.5-mini") is None       # a dot: not ours to guess
    assert fix.normal_id("Ünïcode") is None
    head = modeline(PATH, formats.BY_NAME["entity"]) + "\n"
    text = head + "id: a-b\nsources:\n  card-a: {url: https://x.org}\n  Card_A: {url: https://y.org}\n"
    assert fix.fix_bytes(PATH, text.encode()).text is None   # renaming would make two `card-a` keys


def test_a_quoted_value_stays_quoted_and_a_plain_one_that_would_change_type_gets_quotes() -> None:
    head = modeline(PATH, formats.BY_NAME["entity"]) + "\n"
    out = fix.fix_bytes(PATH, (head + "id: 'A_B'\nalternatives: [NULL_, X]\n").encode()).text.decode()
    assert "id: 'a-b'\n" in out and "alternatives: [null, x]" not in out
    assert parse(out, "-")[0].data["alternatives"] == ["null", "x"]


def test_csv_files_get_only_byte_level_fixes() -> None:
    result = fix.fix_bytes("benchmarks/published/x.csv", b"\xef\xbb\xbf# format: versus.benchmarks/1\r\na,b\r\n")
    assert result.text == b"# format: versus.benchmarks/1\na,b\n"
    assert fix.fix_bytes("notes/readme.txt", b"x").changes == []


# ---- never a change of meaning: generated documents ----------------------------------------------------

_ids = st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,5}([ _-][A-Za-z0-9]{1,4}){0,2}", fullmatch=True)
_fact = st.fixed_dictionaries({"value": st.integers(0, 10**6), "unit": st.sampled_from(["", "B", "billion", "token"]),
                               "source": _ids, "as_of": st.dates()})
_entity = st.fixed_dictionaries({
    "id": _ids, "name": st.text(st.characters(whitelist_categories=("L", "N", "Zs")), min_size=1, max_size=20),
    "categories": st.lists(_ids, max_size=4, unique=True), "alternatives": st.lists(_ids, max_size=3, unique=True),
    "license": st.fixed_dictionaries({"source": _ids, "name": st.sampled_from(["MIT", "Apache 2.0"])}),
    "facts": st.dictionaries(st.sampled_from(["parameters", "context_length", "layers"]), _fact, max_size=3),
    "last_reviewed": st.dates(),
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entity=_entity, order=st.randoms(use_true_random=False), flow=st.sampled_from([None, True, False]))
def test_fix_never_changes_meaning(entity: dict, order, flow) -> None:
    keys = list(entity)
    order.shuffle(keys)
    text = yaml.safe_dump({k: entity[k] for k in keys}, sort_keys=False, default_flow_style=flow,
                          allow_unicode=True)
    doc = parse(text, "-")[0]
    if doc is None:   # PyYAML writes a few strings our stricter YAML 1.2 reader refuses; not fix's concern
        return
    result = fix.fix_bytes(PATH, text.encode())
    out = (result.text or text.encode()).decode()
    after = parse(out, "-")[0]
    assert after is not None
    assert fix.fix_bytes(PATH, out.encode()).text is None                   # idempotent
    # Nothing but the promised normalisations, whether or not fix refused some edit as too risky...
    assert _meaning(_normalised(after.data)) == _meaning(_normalised(doc.data))
    # ...and when it refused none, all of them.
    if not result.problems:
        assert _meaning(after.data) == _meaning(_normalised(doc.data))


def _normalised(data: dict) -> dict:
    """What fix promises to do to the data of an entity (ids, units), ignoring order."""
    def nid(v: str) -> str:
        return fix.normal_id(v) or v
    out = dict(data)
    out["id"] = nid(data["id"])
    for name in ("categories", "alternatives"):
        out[name] = [nid(v) for v in data[name]]
    out["license"] = {**data["license"], "source": nid(data["license"]["source"])}
    aliases = {"billion": "B", "token": "tokens"}
    out["facts"] = {k: {**f, "source": nid(f["source"]),
                        "unit": aliases.get(f["unit"], f["unit"]) if (k, aliases.get(f["unit"])) in
                        (("parameters", "B"), ("context_length", "tokens")) else f["unit"]}
                    for k, f in data["facts"].items()}
    return out
