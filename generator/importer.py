"""`versus import <id>`: a model's saved configuration -> the architecture facts of its entity file.

The configuration is kept as published in `content/configs/<id>.json`, where it came from (URL,
revision, date) in `content/configs/<id>.yaml`, and, optionally, the repository's file listing in
`content/configs/<id>.files.json`. Each imported fact cites the pinned source under the key `config`
(the parameter count: `files`) and is as of that revision's date. A fact the configuration gives
replaces a hand-typed one, except that a copy of the configuration (a `secondary` source) never
displaces a fact citing the maker's own (`primary`) source; a fact it does not give is kept, and the
sidecar's `skip` names facts not to take (a context the maker states beyond max_position_embeddings).

The entity file is edited line by line with `versus fix`'s checked edits (generator/fix.py): comments
and layout stay, and every edit is verified against the parsed data before it is kept. `plan` is pure
(texts in, texts and diagnostics out); `gather` and `write` are the I/O at the edges. Nothing is
written unless every input is valid and the edited entity validates as well as it did before.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from yaml.nodes import MappingNode

from . import file_listing, hf_config
from .diagnostics import Diagnostic, Severity, errors
from .fix import DropEntry, PutEntry, apply_checked, put_key, scalar_token
from .formats import BY_NAME, key_order
from .models import FACTS, ConfigProvenance, Entity
from .records import typed
from .schema import modeline
from .sources import CONFIG_DIR, ENTITY_DIR, MAX_YAML_BYTES, RawYaml, decode
from .validate import config_provenance_rules
from .yaml_tree import parse

CONFIG_SOURCE = "config"
FILES_SOURCE = "files"
# Every fact key the importer can write: a hand-typed one of these is replaced where the configuration
# states it. The rest of the registry (training tokens, languages, ...) is never touched.
IMPORTED_KEYS = ("parameters", "context_length", "layers", "hidden_size", "attention_heads", "kv_heads", "head_dim",
                 "vocab_size", "attention", "sliding_window", "full_attention_layers", "native_context",
                 "rope_scaling", "experts", "active_experts", "kv_lora_rank", "rope_head_dim")
FETCH_TIMEOUT_S = 20
MAX_FETCH_BYTES = 8 * 1024 * 1024


def config_paths(entity_id: str) -> dict[str, str]:
    """Root-relative paths of what `versus import <id>` reads and writes."""
    return {"entity": f"{ENTITY_DIR}/{entity_id}.yaml", "config": f"{CONFIG_DIR}/{entity_id}.json",
            "provenance": f"{CONFIG_DIR}/{entity_id}.yaml", "files": f"{CONFIG_DIR}/{entity_id}.files.json"}


@dataclass
class Inputs:
    entity_id: str
    entity_text: str
    config_text: str
    provenance: ConfigProvenance
    files_text: str | None = None
    provenance_text: str | None = None   # set when the command line gave it: written beside the configuration
    names: dict[str, str] = field(default_factory=dict)   # "config", "files" -> what a diagnostic calls it


@dataclass
class Plan:
    texts: dict[str, str] = field(default_factory=dict)   # root-relative path -> new content
    changes: list[str] = field(default_factory=list)      # what changes, in words
    notes: list[str] = field(default_factory=list)        # what was left alone, and why
    diagnostics: list[Diagnostic] = field(default_factory=list)


# ---- rendering ---------------------------------------------------------------------------------------

def _flow_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9._/+-]*", text) and text.lower() not in ("true", "false", "null"):
        return text
    return json.dumps(text, ensure_ascii=False)


def fact_line(key: str, fact: dict[str, Any]) -> str:
    """One fact as the content writes it: a one-line flow mapping."""
    return f"{key}: {{" + ", ".join(f"{k}: {_flow_scalar(v)}" for k, v in fact.items()) + "}"


def block_lines(key: str, record: dict[str, Any]) -> list[str]:
    """A mapping of scalars as block lines under `key`, each value in the plainest style that reads back."""
    out = [f"{key}:"]
    for k, v in record.items():
        out.append(f"  {k}: {scalar_token(v, None) if isinstance(v, str) else _flow_scalar(v)}")
    return out


def provenance_text(path: str, provenance: ConfigProvenance) -> str:
    """The sidecar file `versus import` writes from its command line."""
    lines = [modeline(path, BY_NAME["config-provenance"])]
    data = provenance.model_dump(exclude_none=True, by_alias=True)
    for name in key_order(ConfigProvenance):
        value = data.get(name)
        if isinstance(value, dict) and value and name != "skip":
            lines += block_lines(name, {k: value[k] for k in key_order(type(getattr(provenance, name))) if k in value})
        elif name == "skip" and value:
            lines += block_lines(name, value)
    return "\n".join(lines) + "\n"


# ---- planning ----------------------------------------------------------------------------------------

def _source_record(provenance: ConfigProvenance, which: str) -> dict[str, Any]:
    source = getattr(provenance, which)
    data = source.model_dump(exclude_none=True)
    return {k: data[k] for k in key_order(type(source)) if k in data}


def _mapping_at(text: str, path: tuple[str, ...]) -> MappingNode | None:
    """The block or flow mapping at `path` in the YAML text, or None."""
    node = yaml.compose(text, Loader=yaml.CSafeLoader)
    for part in path:
        if not isinstance(node, MappingNode):
            return None
        node = next((v for k, v in node.value if k.value == part), None)
    return node if isinstance(node, MappingNode) else None


def _data(text: str) -> dict[str, Any]:
    """The mapping a YAML text holds ({} when it holds none)."""
    doc = parse(text, "-")[0]
    return doc.data if doc is not None and isinstance(doc.data, dict) else {}


def _put(text: str, path: tuple[str, ...], name: str, value: Any, lines: list[str],
         before: tuple[str, ...]) -> str | None:
    node = _mapping_at(text, path)
    if node is None:
        return None
    edit = PutEntry(("put", path + (name,)), ".".join(path + (name,)), "set", path, put_key(name, value, before),
                    node=node, name=name, text=lines, before=before)
    return apply_checked(text, edit)


def _drop(text: str, path: tuple[str, ...], name: str) -> str | None:
    node = _mapping_at(text, path)
    if node is None:
        return None
    edit = DropEntry(("drop", path + (name,)), ".".join(path + (name,)), "removed", path,
                     lambda d: {k: v for k, v in d.items() if k != name}, node=node, name=name)
    return apply_checked(text, edit)


def cited_sources(data: dict[str, Any]) -> set[str]:
    """The source keys an entity's data cites (facts, signals, license, release, capabilities)."""
    out: set[object] = set()
    for group in ("facts", "signals"):
        for record in (data.get(group) or {}).values():
            if isinstance(record, dict):
                out.add(record.get("source"))
    for name in ("license", "released"):
        if isinstance(data.get(name), dict):
            out.add(data[name].get("source"))
    for cap in data.get("capabilities") or []:
        if isinstance(cap, dict):
            out.update(cap.get("sources") or [])
            for comp in cap.get("compared") or []:
                if isinstance(comp, dict):
                    out.update(comp.get("sources") or [])
    return {s for s in out if isinstance(s, str)}


def _entity_problems(text: str, file: str) -> set[str]:
    doc, problems = parse(text, file)
    if doc is None:
        return {d.format() for d in problems}
    _, found = typed(RawYaml(file, doc), Entity)
    return {f"{d.rule} {d.path}: {d.message}" for d in errors(found)}


def imported_facts(inputs: Inputs) -> tuple[list[tuple[hf_config.ConfigFact, str]], list[Diagnostic]]:
    """(fact, source key) pairs from the configuration and the listing, or the diagnostics."""
    paths = {**config_paths(inputs.entity_id), **inputs.names}
    arch, problems = hf_config.read(inputs.config_text, paths["config"])
    if arch is None:
        return [], problems
    out = [(f, CONFIG_SOURCE) for f in arch.facts]
    if inputs.files_text is not None:
        listing, problems = file_listing.read(inputs.files_text, paths["files"])
        if listing is None:
            return [], problems
        if inputs.provenance.files is None:
            return [], [Diagnostic(paths["provenance"], 1, 1, Severity.ERROR, "required-field", "files",
                                   "a file listing is saved, but not where it was published",
                                   hint="add `files:` with its url, title, retrieved, date, revision and kind")]
        params = file_listing.parameters(listing, arch)
        if params is not None:
            out.insert(0, (params, FILES_SOURCE))
    return out, []


def gguf_notes(inputs: Inputs) -> list[str]:
    """The GGUF files a listing names, for file_size rows in benchmarks/published/ (a reported figure
    there needs its own row, precision and source, which a contributor adds by hand)."""
    if inputs.files_text is None:
        return []
    listing, _ = file_listing.read(inputs.files_text, "-")
    return [f"GGUF {quant}: {size / 1e9:.2f} GB in the listing (a file_size row for benchmarks/published/)"
            for quant, size in (listing.gguf if listing else ())]


def plan(inputs: Inputs) -> Plan:
    paths = config_paths(inputs.entity_id)
    result = Plan()
    facts, problems = imported_facts(inputs)
    if problems:
        result.diagnostics += problems
        return result
    result.notes += gguf_notes(inputs)
    text = inputs.entity_text
    doc, problems = parse(text, paths["entity"])
    if doc is None or not isinstance(doc.data, dict):
        result.diagnostics += problems
        return result
    before_problems = _entity_problems(text, paths["entity"])
    stated = doc.data.get("facts")
    existing: dict[str, Any] = stated if isinstance(stated, dict) else {}

    def put(path: tuple[str, ...], name: str, value: Any, lines: list[str], before: tuple[str, ...]) -> None:
        nonlocal text
        new = _put(text, path, name, value, lines, before)
        if new is None:
            result.diagnostics.append(Diagnostic(paths["entity"], *doc.position(path + (name,), key=True),
                                                 Severity.ERROR, "bad-value", ".".join(path + (name,)),
                                                 "the file's layout is too unusual to edit safely",
                                                 hint="write `facts:` and `sources:` as block mappings "
                                                      "(one key per line), then import again"))
            return
        text = new

    top_order = tuple(key_order(Entity))
    cited = {key for _, key in facts}
    for key in (CONFIG_SOURCE, FILES_SOURCE):
        if key not in cited:
            continue
        record = _source_record(inputs.provenance, key)
        listed = doc.data.get("sources")
        sources: dict[str, Any] = listed if isinstance(listed, dict) else {}
        if sources.get(key) != record:
            put(("sources",), key, record, block_lines(key, record), tuple(sources))
            result.changes.append(f"sources.{key}: {record['url']} at {record['revision']} ({record['date']})")
    fact_order = tuple(FACTS)
    written: dict[str, dict[str, Any]] = {}
    listed = doc.data.get("sources")
    typed_sources: dict[str, Any] = listed if isinstance(listed, dict) else {}
    kept: set[str] = set()
    for fact, source_key in facts:
        if fact.key in inputs.provenance.skip:
            result.notes.append(f"facts.{fact.key}: not imported ({inputs.provenance.skip[fact.key]})")
            continue
        stated_fact = existing.get(fact.key)
        typed: dict[str, Any] = stated_fact if isinstance(stated_fact, dict) else {}
        typed_source = typed_sources.get(str(typed.get("source"))) or {}
        if getattr(inputs.provenance, source_key).kind == "secondary" and typed_source.get("kind") == "primary" \
                and typed.get("source") not in (CONFIG_SOURCE, FILES_SOURCE):
            # A copy of the configuration never displaces what the maker's own source says.
            result.notes.append(f"facts.{fact.key}: kept from the primary source {typed.get('source')} "
                                f"({typed.get('value')!r}; the copy says {fact.value!r})")
            kept.add(fact.key)
            continue
        as_of = getattr(inputs.provenance, source_key).date
        record = {"value": fact.value, "unit": FACTS[fact.key].unit, "source": source_key, "as_of": as_of}
        old = existing.get(fact.key)
        kept_note = old.get("note") if isinstance(old, dict) and old.get("value") == fact.value else None
        if fact.note or kept_note:
            # A typed note on the same value often says more than the configuration can (a tokenizer's
            # real size beside the embedding rows); it stays when the importer has none of its own.
            record["note"] = fact.note or kept_note
        written[fact.key] = record
        if old == record:
            continue
        before = fact_order[:fact_order.index(fact.key)]
        if "facts" not in _data(text):
            block = [fact_line(k, v) for k, v in written.items()]
            put((), "facts", dict(written), ["facts:"] + ["  " + line for line in block],
                top_order[:top_order.index("facts")])
        else:
            put(("facts",), fact.key, record, [fact_line(fact.key, record)], before)
        was = f"{old.get('value')!r} ({old.get('source')})" if isinstance(old, dict) else "absent"
        result.changes.append(f"facts.{fact.key}: {was} -> {fact.value!r}")
    for key in IMPORTED_KEYS:
        old = existing.get(key)
        if key not in written and key not in kept and key not in inputs.provenance.skip and isinstance(old, dict) \
                and old.get("source") not in (CONFIG_SOURCE, FILES_SOURCE):
            result.notes.append(f"facts.{key}: kept as typed (source {old.get('source')}): the configuration "
                                "does not state it")
    # A source cited only by the replaced facts would now be listed for nothing: remove it.
    was_cited = cited_sources(doc.data)
    now = _data(text)
    for key in sorted(was_cited - cited_sources(now)):
        if key in (now.get("sources") or {}):
            new = _drop(text, ("sources",), key)
            if new is not None:
                text = new
                result.changes.append(f"sources.{key}: removed, no longer cited")
    if result.diagnostics:
        return result
    after_problems = _entity_problems(text, paths["entity"])
    new_problems = sorted(after_problems - before_problems)
    if new_problems:
        result.diagnostics.append(Diagnostic(paths["entity"], 1, 1, Severity.ERROR, "bad-value", "",
                                             "the import would make the entity invalid: " + "; ".join(new_problems)))
        return result
    if text != inputs.entity_text:
        result.texts[paths["entity"]] = text
    return result


# ---- the edges: reading the inputs, writing the result ---------------------------------------------

def _is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def raw_url(url: str) -> str:
    """The address of a file's bytes for a page address (Hugging Face blob -> resolve, GitHub blob -> raw)."""
    url = re.sub(r"^(https://huggingface\.co/.+?)/blob/", r"\1/resolve/", url)
    return re.sub(r"^https://github\.com/([^/]+/[^/]+)/blob/", r"https://raw.githubusercontent.com/\1/", url)


def fetch(url: str) -> tuple[str | None, Diagnostic | None]:
    """The text at `url`, or a diagnostic that says why not (no network, an HTTP error, not UTF-8)."""
    address = raw_url(url)
    try:
        with urllib.request.urlopen(address, timeout=FETCH_TIMEOUT_S) as response:
            data = response.read(MAX_FETCH_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        return None, Diagnostic(url, 1, 1, Severity.ERROR, "fetch-failed", "", f"could not read {address}: {reason}",
                                hint="save the file (the raw JSON) and pass its path instead; record the URL, "
                                     "revision and date with --url, --revision and --date")
    if len(data) > MAX_FETCH_BYTES:
        return None, Diagnostic(url, 1, 1, Severity.ERROR, "file-too-large", "", "the download is over "
                                f"{MAX_FETCH_BYTES:,} bytes", hint="this is not a configuration or a listing")
    text, problems = decode(data, url, MAX_FETCH_BYTES)
    return text, problems[0] if problems else None


def _read_text(source: str, root: Path) -> tuple[str | None, Diagnostic | None]:
    if _is_url(source):
        return fetch(source)
    path = Path(source) if Path(source).is_absolute() else root / source
    if not path.is_file():
        return None, Diagnostic(source, 1, 1, Severity.ERROR, "missing-file", "", "no such file",
                                hint="pass the path of the saved config.json, or its URL")
    text, problems = decode(path.read_bytes(), source, MAX_YAML_BYTES * 4)
    return text, problems[0] if problems else None


@dataclass
class Options:
    """What the command line gave: where to read the configuration and listing, and their source."""
    config: str | None = None
    files: str | None = None
    url: str | None = None
    revision: str | None = None
    date: str | None = None
    title: str | None = None
    publisher: str | None = None
    kind: str | None = None              # default: as saved, else primary
    retrieved: dt.date = field(default_factory=dt.date.today)


def _provenance(entity_id: str, options: Options, root: Path) -> tuple[ConfigProvenance | None, str | None,
                                                                     list[Diagnostic]]:
    """The sidecar: from the command line (then also its new text), else as saved."""
    path = config_paths(entity_id)["provenance"]
    saved = None
    if (root / path).is_file():
        text, problems = decode((root / path).read_bytes(), path, MAX_YAML_BYTES)
        doc, more = parse(text, path) if text is not None else (None, [])
        if doc is None:
            return None, None, problems + more
        saved, problems = typed(RawYaml(path, doc), ConfigProvenance)
        problems += config_provenance_rules(saved) if saved is not None else []
        if problems and not (options.url or options.revision or options.date):
            return None, None, problems
        saved = saved if not problems else None
    given = any(v is not None for v in (options.url, options.revision, options.date, options.title,
                                        options.publisher, options.kind)) or (options.config and _is_url(options.config))
    if not given:
        if saved is None:
            return None, None, [Diagnostic(path, 1, 1, Severity.ERROR, "missing-file", "",
                                           "where the configuration was published is not recorded",
                                           hint="pass --url, --revision and --date (and --title, --publisher)")]
        return saved.model, None, []
    old = saved.model.config.model_dump(exclude_none=True) if saved is not None else {}
    url = options.url or (options.config if options.config and _is_url(options.config) else None) or old.get("url")
    config = {**old, "url": url, "title": options.title or old.get("title") or f"{entity_id} config.json",
              "retrieved": options.retrieved, "kind": options.kind or old.get("kind") or "primary"}
    for name in ("revision", "date", "publisher"):
        if getattr(options, name) is not None:
            config[name] = getattr(options, name)
    data: dict[str, Any] = {"config": {k: v for k, v in config.items() if v is not None}}
    if saved is not None:
        rest = saved.model.model_dump(exclude_none=True, by_alias=True)
        data.update({k: v for k, v in rest.items() if k != "config" and v})
    try:
        provenance = ConfigProvenance.model_validate(data, strict=False)
    except ValidationError as exc:
        # The values came from the command line: name the option, not a line of a file.
        return None, None, [Diagnostic("command line", 1, 1, Severity.ERROR, "bad-value",
                                       "--" + str(err["loc"][-1]) if err["loc"][0] == "config" else
                                       ".".join(map(str, err["loc"])), err["msg"].removeprefix("Value error, "),
                                       got=repr(err.get("input"))[:60] if err["type"] != "missing" else None)
                            for err in exc.errors(include_url=False)]
    return provenance, provenance_text(path, provenance), []


def gather(root: Path, entity_id: str, options: Options) -> tuple[Inputs | None, list[Diagnostic]]:
    paths = config_paths(entity_id)
    problems: list[Diagnostic] = []
    entity_file = root / paths["entity"]
    entity_text = None
    if not entity_file.is_file():
        problems.append(Diagnostic(paths["entity"], 1, 1, Severity.ERROR, "unknown-id", "",
                                   f"no entity {entity_id!r}", hint=f"create it first: versus new entity {entity_id}"))
    else:
        entity_text, found = decode(entity_file.read_bytes(), paths["entity"], MAX_YAML_BYTES)
        problems += found
    config_text, problem = _read_text(options.config or paths["config"], root)
    if problem is not None:
        if options.config is None and problem.rule == "missing-file":
            problem = Diagnostic(paths["config"], 1, 1, Severity.ERROR, "missing-file", "",
                                 "no saved configuration", hint="pass --config with its path or URL")
        problems.append(problem)
    files_text = None
    if options.files is not None or (root / paths["files"]).is_file():
        files_text, problem = _read_text(options.files or paths["files"], root)
        if problem is not None:
            problems.append(problem)
    provenance, sidecar, found = _provenance(entity_id, options, root)
    problems += found
    if problems or entity_text is None or config_text is None or provenance is None:
        return None, problems
    names = {k: v for k, v in (("config", options.config), ("files", options.files)) if v is not None}
    return Inputs(entity_id, entity_text, config_text, provenance, files_text, sidecar, names), []


def outputs(inputs: Inputs, result: Plan) -> dict[str, str]:
    """Every file the import writes: the edited entity, and the saved inputs that were given anew."""
    paths = config_paths(inputs.entity_id)
    out = dict(result.texts)
    out[paths["config"]] = inputs.config_text
    if inputs.provenance_text is not None:
        out[paths["provenance"]] = inputs.provenance_text
    if inputs.files_text is not None:
        out[paths["files"]] = inputs.files_text
    return out


def write(root: Path, texts: dict[str, str]) -> list[str]:
    """Write each file whole (a temporary file renamed over it); the paths whose content changed."""
    changed = []
    for rel, text in sorted(texts.items()):
        path = root / rel
        data = text.encode("utf-8")
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        changed.append(rel)
    return changed


__all__ = ["IMPORTED_KEYS", "Inputs", "Options", "Plan", "config_paths", "fetch", "gather", "outputs", "plan",
           "provenance_text", "raw_url", "write"]
