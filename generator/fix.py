"""`versus fix`: normalise what can be normalised, say what changed, never change what a value means.

Why a line-based rewrite instead of load-and-dump: dumping loses the comments, the quoting, the flow
style (`{value: 3.5, unit: B, ...}`) and the block scalars that authors chose, and would turn every
fix into a diff of the whole file. Here each normalisation is one small text edit located through the
YAML node marks (line and column), and every edit is checked before it is kept: the file is parsed
again and its data must equal the old data with exactly that one change applied. An edit that fails
the check is dropped and reported; an edit never guesses.

What it does is listed in NORMALISATIONS (the Contribute page and CONTRIBUTING.md show that list).
Comments move with the key or list item below them. Idempotent: a second run changes nothing.
"""

from __future__ import annotations

import json
import math
import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .formats import FORMATS, Format, Shape, fields, format_of, key_order
from .models import FACTS, Entity
from .models.common import ID_MAX, ID_PATTERN
from .schema import MODELINE_PREFIX, modeline
from .sources import BOM, MAX_CSV_BYTES, read_file
from .yaml_tree import Path as YamlPath
from .yaml_tree import dotted, parse

# In the order they run; shown to contributors as they are.
NORMALISATIONS: tuple[str, ...] = (
    "removes a UTF-8 byte-order mark, turns CRLF line ends into LF and ends the file with a newline",
    "writes the `# yaml-language-server: $schema=...` modeline as the first line of a YAML file",
    ("replaces tabs used for indentation with two spaces each, only in a file that does not parse because "
     "of them, and only when it then parses"),
    ("lowercases and hyphenates ids written with capitals, spaces or underscores (`Stable_Diffusion` -> "
     "`stable-diffusion`) wherever the format expects an id: the keys of `sources` and their citations alike"),
    ("rewrites a fact unit spelled as one of the fact registry's aliases to the registry's unit "
     "(`billion` -> `B`)"),
    "sorts the lists that are sets: an entity's `categories`, `alternatives` and `integrations`",
    "puts the keys of every record in the format's order (the field reference's order; unknown keys last)",
)

# Lists whose order carries no meaning, by model: sorted so that a diff shows only real changes.
SET_FIELDS: dict[type[BaseModel], frozenset[str]] = {Entity: frozenset({"categories", "alternatives", "integrations"})}
_MAX_EDITS = 5000   # a file needs far fewer; the cap turns a bug into a report instead of a hang


@dataclass
class FileFix:
    path: str
    changes: list[str] = field(default_factory=list)     # what was (or would be) changed
    problems: list[str] = field(default_factory=list)    # what could not be normalised automatically
    text: bytes | None = None                            # the new content; None when unchanged


# ---- data-level helpers -----------------------------------------------------------------------------

def normal_id(value: str) -> str | None:
    """The id a contributor meant, or None when lowercasing and hyphenating does not give a valid one."""
    candidate = re.sub(r"-{2,}", "-", re.sub(r"[\s_]+", "-", value.strip().lower())).strip("-")
    return candidate if re.fullmatch(ID_PATTERN, candidate) and len(candidate) <= ID_MAX else None


def ordered(data: Any) -> Any:
    """Data as a comparable value in which mapping order counts (dict equality ignores it)."""
    if isinstance(data, dict):
        return ("map", tuple((k, ordered(v)) for k, v in data.items()))
    if isinstance(data, list):
        return ("seq", tuple(ordered(v) for v in data))
    if isinstance(data, float):
        return ("float", "nan" if math.isnan(data) else repr(data))
    return (type(data).__name__, data)


def _edit_data(data: Any, path: YamlPath, change: Change) -> Any:
    """A copy of `data` with `change` applied to the node at `path`."""
    if not path:
        return change(data)
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {k: (_edit_data(v, rest, change) if k == head else v) for k, v in data.items()}
    return [(_edit_data(v, rest, change) if i == head else v) for i, v in enumerate(data)]


def _set_to(value: Any) -> Change:
    return lambda _: value


def _keys_in_order(keys: list[str]) -> Change:
    return lambda d: {k: d[k] for k in keys}


def _rename_key(old: str, new: str) -> Change:
    return lambda d: {(new if k == old else k): v for k, v in d.items()}


# ---- text-level helpers ------------------------------------------------------------------------------

def _last_line(node: Node) -> int:
    """The last line (0-based) holding part of `node`."""
    if isinstance(node, MappingNode) and node.value and not node.flow_style:
        return _last_line(node.value[-1][1])
    if isinstance(node, SequenceNode) and node.value and not node.flow_style:
        return _last_line(node.value[-1])
    end = node.end_mark
    return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line


def scalar_token(value: str, style: str | None) -> str | None:
    """How to write `value` in the quoting style the author used; None when that style cannot hold it."""
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"':
        return json.dumps(value, ensure_ascii=False)
    if not style:   # plain (libyaml says '', the pure-Python parser None)
        doc, _ = parse(f"k: {value}\n", "-")
        return value if doc is not None and doc.data == {"k": value} else json.dumps(value, ensure_ascii=False)
    return None


def _is_comment(line: str, col: int) -> bool:
    return line[:col].strip() == "" and line[col:].startswith("#")


# ---- edits -----------------------------------------------------------------------------------------

# data -> data, applied at an edit's path: what the edit must do to the data
Change = Callable[[Any], Any]


@dataclass
class Edit(ABC):
    key: tuple[object, ...]         # identifies the edit, so a failed one is not tried again
    where: str                      # the dotted path, as diagnostics print it
    what: str                       # the change, in words
    path: YamlPath
    change: Change

    @abstractmethod
    def apply(self, lines: list[str]) -> list[str] | None:
        """The edited lines, or None when this edit cannot be made as text."""


@dataclass(kw_only=True)
class ReplaceScalar(Edit):
    node: ScalarNode
    new: str

    def apply(self, lines: list[str]) -> list[str] | None:
        n = self.node
        if n.start_mark.line != n.end_mark.line:
            return None   # a scalar over several lines: not an id or a unit as anyone writes them
        token = scalar_token(self.new, n.style)
        if token is None:
            return None
        line = lines[n.start_mark.line]
        out = list(lines)
        out[n.start_mark.line] = line[:n.start_mark.column] + token + line[n.end_mark.column:]
        return out


def _flow_rebuild(lines: list[str], node: Node, parts: list[str]) -> list[str] | None:
    """A one-line flow collection with its items (or key: value pairs) in a new order."""
    if node.start_mark.line != node.end_mark.line:
        return None
    children = node.value
    first = children[0][0] if isinstance(node, MappingNode) else children[0]
    last = children[-1][1] if isinstance(node, MappingNode) else children[-1]
    line = lines[node.start_mark.line]
    lead = line[node.start_mark.column + 1:first.start_mark.column]
    tail = line[last.end_mark.column:node.end_mark.column - 1]
    if lead.strip() or tail.strip(" ,"):
        return None
    opening, closing = line[node.start_mark.column], line[node.end_mark.column - 1]
    out = list(lines)
    out[node.start_mark.line] = (line[:node.start_mark.column] + opening + lead + ", ".join(parts) + tail
                                 + closing + line[node.end_mark.column:])
    return out


@dataclass(kw_only=True)
class SortList(Edit):
    node: SequenceNode
    order: list[int] = field(default_factory=list)    # old item indexes in their new order

    def apply(self, lines: list[str]) -> list[str] | None:
        items = self.node.value
        if self.node.flow_style:
            line = lines[self.node.start_mark.line]
            texts = [line[i.start_mark.column:i.end_mark.column] for i in items]
            return _flow_rebuild(lines, self.node, [texts[i] for i in self.order])
        rows = [i.start_mark.line for i in items]
        if any(i.start_mark.line != i.end_mark.line for i in items) or \
                rows != list(range(rows[0], rows[0] + len(rows))):
            return None   # items over several lines, or comments between them: sort by hand
        out = list(lines)
        for offset, old in enumerate(self.order):
            out[rows[0] + offset] = lines[rows[old]]
        return out


@dataclass(kw_only=True)
class ReorderKeys(Edit):
    node: MappingNode
    order: list[int] = field(default_factory=list)    # old pair indexes in their new order
    root: bool = False

    def apply(self, lines: list[str]) -> list[str] | None:
        pairs = self.node.value
        if self.node.flow_style:
            line = lines[self.node.start_mark.line]
            if any(v.end_mark.line != k.start_mark.line for k, v in pairs):
                return None
            texts = [line[k.start_mark.column:v.end_mark.column] for k, v in pairs]
            return _flow_rebuild(lines, self.node, [texts[i] for i in self.order])
        return _reorder_block(lines, pairs, self.order, self.root)


def _reorder_block(lines: list[str], pairs: list[tuple[Node, Node]], order: list[int], root: bool) -> list[str] | None:
    keys = [k.start_mark.line for k, _ in pairs]
    col = pairs[0][0].start_mark.column
    if any(k.start_mark.column != col for k, _ in pairs) or len(set(keys)) != len(keys):
        return None
    dash = lines[keys[0]][:col]
    is_item = dash.strip() != ""
    if is_item and not re.fullmatch(r" *- +", dash):
        return None
    if any(lines[k][:col].strip() for k in keys[1:]):
        return None
    # A chunk is a key with the comment lines right above it (same column) and its value; blank lines
    # that end a chunk are separators and stay where they are.
    starts = []
    for i, k in enumerate(keys):
        s = k
        if i > 0 or not (root or is_item):
            while s - 1 >= 0 and _is_comment(lines[s - 1], col) and (i == 0 or s - 1 > keys[i - 1]):
                s -= 1
        starts.append(s)
    end = _last_line(pairs[-1][1]) + 1
    bounds = starts[1:] + [end]
    bodies, gaps = [], []
    for s, e in zip(starts, bounds):
        chunk = lines[s:e]
        trailing = 0
        while trailing < len(chunk) - 1 and not chunk[len(chunk) - 1 - trailing].strip():
            trailing += 1
        bodies.append(chunk[:len(chunk) - trailing])
        gaps.append(chunk[len(chunk) - trailing:])
    if is_item:
        first = keys[0] - starts[0]
        bodies[0][first] = " " * col + bodies[0][first][col:]
    new: list[str] = []
    for position, old in enumerate(order):
        body = list(bodies[old])
        if is_item and position == 0:
            at = keys[old] - starts[old]
            body[at] = dash + body[at][col:]
        new += body + gaps[position]
    return lines[:starts[0]] + new + lines[end:]


@dataclass(kw_only=True)
class PutEntry(Edit):
    """Set one key of a block mapping to a value written as YAML text: the key's lines are replaced where
    it exists (the comments above it stay, and a comment at the end of its line), else it is inserted
    after the last of `before` present (the keys that come before it), or first."""
    node: MappingNode
    name: str
    text: list[str] = field(default_factory=list)   # "name: value" and any block lines below, unindented
    before: tuple[str, ...] = ()

    def apply(self, lines: list[str]) -> list[str] | None:
        pairs = self.node.value
        if self.node.flow_style or not pairs:
            return None
        col = pairs[0][0].start_mark.column
        if any(lines[k.start_mark.line][:col].strip() for k, _ in pairs):
            return None   # "- key:": the first key of a list item
        new = [" " * col + t if t else t for t in self.text]
        keys = [k.value for k, _ in pairs]
        if self.name in keys:
            k, v = pairs[keys.index(self.name)]
            end = _last_line(v)
            tail = lines[end][v.end_mark.column:] if v.end_mark.line == end else ""
            if tail.strip().startswith("#"):
                new[-1] += tail
            return lines[:k.start_mark.line] + new + lines[end + 1:]
        after = next((pairs[keys.index(b)][1] for b in reversed(self.before) if b in keys), None)
        at = _last_line(after) + 1 if after is not None else pairs[0][0].start_mark.line
        return lines[:at] + new + lines[at:]


@dataclass(kw_only=True)
class DropEntry(Edit):
    """Remove one key of a block mapping, with its value and the comment lines right above it."""
    node: MappingNode
    name: str

    def apply(self, lines: list[str]) -> list[str] | None:
        pairs = self.node.value
        keys = [k.value for k, _ in pairs]
        if self.node.flow_style or self.name not in keys or len(pairs) < 2:
            return None
        k, v = pairs[keys.index(self.name)]
        col = k.start_mark.column
        if lines[k.start_mark.line][:col].strip():
            return None
        start = k.start_mark.line
        while start - 1 >= 0 and _is_comment(lines[start - 1], col):
            start -= 1
        return lines[:start] + lines[_last_line(v) + 1:]


def put_key(name: str, value: Any, before: tuple[str, ...]) -> Change:
    """The data change PutEntry makes: `name` set in place, or inserted after the last of `before`."""
    def change(data: dict[str, Any]) -> dict[str, Any]:
        if name in data:
            return {k: (value if k == name else v) for k, v in data.items()}
        after = next((b for b in reversed(before) if b in data), None)
        out = {} if after is not None else {name: value}
        for k, v in data.items():
            out[k] = v
            if k == after:
                out[name] = value
        return out
    return change


def apply_checked(text: str, edit: Edit) -> str | None:
    """The text with `edit` made, or None when the edit cannot be made as text or would change the data
    in any other way than the edit's own change (the check every edit passes before it is kept)."""
    old, _ = parse(text, "-")
    lines = edit.apply(text.split("\n"))
    if old is None or lines is None:
        return None
    new_text = "\n".join(lines)
    new, _ = parse(new_text, "-")
    if new is None or ordered(new.data) != ordered(_edit_data(old.data, edit.path, edit.change)):
        return None
    return new_text


# ---- planning: which edits a document needs -----------------------------------------------------------

def _plan(node: Node, data: Any, shape: Shape, path: YamlPath, root: bool, out: list[Edit]) -> None:
    if shape.kind == "model" and isinstance(node, MappingNode) and isinstance(data, dict):
        _plan_model(node, data, shape.record, path, root, out)
    elif shape.kind == "list" and isinstance(node, SequenceNode) and isinstance(data, list):
        for i, (item, value) in enumerate(zip(node.value, data)):
            _plan(item, value, shape.of, path + (i,), False, out)
    elif shape.kind == "dict" and isinstance(node, MappingNode) and isinstance(data, dict):
        keys = [k.value for k, _ in node.value]
        for (knode, vnode), key in zip(node.value, keys):
            if shape.keys.kind == "text" and shape.keys.text == "Id" and isinstance(key, str):
                new = normal_id(key)
                if new is not None and new != key and new not in keys:
                    out.append(ReplaceScalar(("key", path + (key,)), dotted(path + (key,)), f"key {key!r} -> {new!r}",
                                             path, _rename_key(key, new), node=knode, new=new))
            _plan(vnode, data.get(key), shape.of, path + (key,), False, out)
    elif shape.kind == "text" and shape.text == "Id" and isinstance(node, ScalarNode) and isinstance(data, str):
        new = normal_id(data)
        if new is not None and new != data:
            out.append(ReplaceScalar(("id", path), dotted(path), f"{data!r} -> {new!r}", path,
                                     _set_to(new), node=node, new=new))


def _plan_model(node: MappingNode, data: dict[str, Any], model: type[BaseModel], path: YamlPath, root: bool,
                out: list[Edit]) -> None:
    by_name = {f.name: f for f in fields(model)}
    keys = [k.value for k, _ in node.value]
    for (knode, vnode), key in zip(node.value, keys):
        f = by_name.get(key)
        if f is None:
            continue
        _plan(vnode, data.get(key), f.shape, path + (key,), False, out)
        value = data.get(key)
        if key in SET_FIELDS.get(model, ()) and isinstance(vnode, SequenceNode) and isinstance(value, list) \
                and all(isinstance(v, str) for v in value) and value != sorted(value):
            order = sorted(range(len(value)), key=lambda i: value[i])
            out.append(SortList(("sort", path + (key,)), dotted(path + (key,)), "sorted", path + (key,),
                                lambda v: sorted(v), node=vnode, order=order))
    if model is Entity and isinstance(data.get("facts"), dict):
        _plan_units(node, data["facts"], out)
    canon = key_order(model)
    rank = {name: i for i, name in enumerate(canon)}
    order = sorted(range(len(keys)), key=lambda i: (rank.get(keys[i], len(canon)), i))
    if order != list(range(len(keys))):
        new_keys = [keys[i] for i in order]
        out.append(ReorderKeys(("order", path), dotted(path) or "top level", "keys put in the format's order", path,
                               _keys_in_order(new_keys), node=node, order=order, root=root))


def _plan_units(entity: MappingNode, facts: dict[str, Any], out: list[Edit]) -> None:
    facts_node = next(v for k, v in entity.value if k.value == "facts")
    if not isinstance(facts_node, MappingNode):
        return
    for knode, vnode in facts_node.value:
        spec, fact = FACTS.get(knode.value), facts.get(knode.value)
        if spec is None or not isinstance(vnode, MappingNode) or not isinstance(fact, dict):
            continue
        unit = fact.get("unit")
        if isinstance(unit, str) and unit != spec.unit and unit in spec.unit_aliases:
            unode = next(v for k, v in vnode.value if k.value == "unit")
            path = ("facts", knode.value, "unit")
            out.append(ReplaceScalar(("unit", path), dotted(path), f"{unit!r} -> {spec.unit!r}", path,
                                     _set_to(spec.unit), node=unode, new=spec.unit))


_PRIORITY: dict[type[Edit], int] = {ReplaceScalar: 0, SortList: 1, ReorderKeys: 2}


def plan(text: str, fmt: Format) -> list[Edit]:
    """The edits a parsed document needs, ids and units first (sorting depends on them)."""
    doc, _ = parse(text, "-")
    if doc is None:
        return []
    node = yaml.compose(text, Loader=yaml.CSafeLoader)
    if node is None:
        return []
    edits: list[Edit] = []
    _plan(node, doc.data, Shape("model", model=fmt.model), (), True, edits)
    return sorted(edits, key=lambda e: _PRIORITY[type(e)])


# ---- one file ---------------------------------------------------------------------------------------

def _modeline(text: str, path: str, fmt: Format, result: FileFix) -> str:
    want = modeline(path, fmt)
    first, sep, rest = text.partition("\n")
    if first == want:
        return text
    if first.startswith(MODELINE_PREFIX):
        result.changes.append(f"schema modeline corrected to `{want}`")
        return want + sep + rest
    result.changes.append("schema modeline added as the first line")
    return want + "\n" + text


def _tabs(text: str, result: FileFix) -> str:
    """Leading tabs, only where they keep the file from parsing, and only when two spaces make it parse."""
    if "\t" not in text or parse(text, "-")[0] is not None:
        return text
    count = 0

    def spaces(match: re.Match[str]) -> str:
        nonlocal count
        count += match.group().count("\t")
        return match.group().replace("\t", "  ")

    candidate = re.sub(r"^[ \t]+", spaces, text, flags=re.MULTILINE)
    if count and parse(candidate, "-")[0] is not None:
        result.changes.append(f"{count} tab(s) in indentation replaced with two spaces each; check the nesting")
        return candidate
    result.problems.append("tabs in the indentation: replace them with spaces by hand")
    return text


def _structure(text: str, fmt: Format, result: FileFix) -> str:
    if re.search("[\r\x85\u2028\u2029]", text):
        result.problems.append("unusual line separators (CR, NEL, U+2028/9): save the file with LF line ends")
        return text
    skipped: set[tuple[object, ...]] = set()
    for _ in range(_MAX_EDITS):
        edit = next((e for e in plan(text, fmt) if e.key not in skipped), None)
        if edit is None:
            return text
        new_text = apply_checked(text, edit)
        if new_text is None:
            skipped.add(edit.key)
            result.problems.append(f"{edit.where}: not rewritten, the layout is too unusual to edit safely "
                                   f"({edit.what}); change it by hand")
            continue
        result.changes.append(f"{edit.where}: {edit.what}")
        text = new_text
    raise AssertionError(f"{result.path}: more than {_MAX_EDITS} edits; this is a bug in versus fix")


def fix_bytes(path: str, data: bytes) -> FileFix:
    """Normalise one file's bytes. Pure: `path` (root-relative) picks the format and the modeline."""
    result = FileFix(path)
    fmt = format_of(path)
    if fmt is None:
        return result   # not a file Versus reads: not ours to touch
    original = data
    if data.startswith(BOM):
        data = data[len(BOM):]
        result.changes.append("byte-order mark removed")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        result.problems.append("not UTF-8 text: save it as UTF-8")
        return result
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
        result.changes.append("CRLF line ends turned into LF")
    if text and not text.endswith("\n"):
        text += "\n"
        result.changes.append("newline added at the end of the file")
    if fmt.yaml:
        text = _modeline(text, path, fmt, result)
        text = _tabs(text, result)
        if parse(text, "-")[0] is None:
            result.problems.append("the YAML does not parse, so only its bytes were normalised: `make validate` "
                                   "shows where it breaks")
        else:
            text = _structure(text, fmt, result)
    new = text.encode("utf-8")
    result.text = new if new != original else None
    return result


def content_files(root: Path) -> list[str]:
    """Every root-relative file Versus reads, in a stable order."""
    found = set()
    for fmt in FORMATS:
        for file in root.glob(fmt.glob):
            rel = file.relative_to(root).as_posix()
            if file.is_file() and fmt.matches(rel):
                found.add(rel)
    return sorted(found)


MAX_FIX_BYTES = MAX_CSV_BYTES   # the largest file Versus reads; `versus validate` reports a larger one


def fix_files(root: Path, paths: list[str] | None = None, write: bool = True) -> list[FileFix]:
    """Fix the given root-relative files (default: every content and benchmark file)."""
    results = []
    for path in paths if paths is not None else content_files(root):
        file = root / path
        if format_of(path) is None:
            results.append(FileFix(path, problems=["not a file Versus reads; left alone"]))
            continue
        data, unreadable = read_file(file, root, MAX_FIX_BYTES)
        if data is None:   # a folder, a pipe, a link out of the project: never read, never written through
            results.append(FileFix(path, problems=[d.message for d in unreadable]))
            continue
        result = fix_bytes(path, data)
        if write and result.text is not None:
            file.write_bytes(result.text)
        results.append(result)
    return results


__all__ = ["DropEntry", "FileFix", "PutEntry", "apply_checked", "content_files", "fix_bytes", "fix_files", "normal_id", "ordered",
           "put_key"]
