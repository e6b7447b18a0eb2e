"""Strict YAML: plain Python data plus the line and column of every key and value.

Why not yaml.safe_load: it turns `no` into False and `3.10` into 3.1, keeps the last of two duplicate
keys silently, expands aliases (the "billion laughs"), and forgets where each value came from. Here:

- scalars resolve by YAML 1.2's core schema: only true/false are booleans; `no`, `on`, `yes` stay text;
- a duplicate key, an alias or anchor, a tag, or a document nested too deep is a diagnostic;
- a problem with one value (an impossible date, a tag, a number of thousands of digits, a repeated key)
  is reported and that value marked `invalid`, and the walk goes on: the rest of the file is still
  checked in the same run. Only problems of the whole file (syntax, aliases, depth, size) stop it;
- every value keeps its position (`marks`) and its source text (`raw`), so a later error can point at
  the line and show what was written, not what the parser made of it.

libyaml (CParser) composes the node graph; the walk below is the only Python-level pass.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml._yaml import CParser  # libyaml: the C composer (PyYAML wheels ship it)
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from .diagnostics import Diagnostic, Severity, short

Path = tuple[str | int, ...]

MAX_DEPTH = 16
MAX_NODES = 50_000
# libyaml composes nodes by C recursion: tens of thousands of levels overflow the stack (a segfault,
# with no message). Every level of nesting takes one of these characters, so a text with few of them
# cannot be deep; a text with more has its depth measured first, from the parser's flat event stream.
_NESTING_CHARS = "[{-:?"
_SAFE_NESTING = 2_000


class _CoreResolver(Resolver):
    """YAML 1.2 core schema resolution (plus plain dates), instead of PyYAML's YAML 1.1 rules."""


_CoreResolver.yaml_implicit_resolvers = {}   # its own table, not the base class's shared one


_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."))
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:timestamp", re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), list("0123456789"))


class _Loader(CParser, SafeConstructor, _CoreResolver):
    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        SafeConstructor.__init__(self)
        _CoreResolver.__init__(self)


class _Invalid:
    """The value of a node that was reported already (an impossible date, a tag): no type accepts it."""

    def __repr__(self) -> str:
        return "<invalid>"


INVALID = _Invalid()
_MAX_DIGITS = 100   # int() of thousands of digits is slow (and refused past 4,300); no figure is that long
_DEFAULT_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


@dataclass
class YamlDocument:
    data: Any
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)      # value positions
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)  # key positions
    raw: dict[Path, str] = field(default_factory=dict)                   # plain scalar source text
    invalid: set[Path] = field(default_factory=set)   # values already reported, held as INVALID

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The nearest known position for `path`: the key itself, or its closest ancestor."""
        probe = tuple(path)
        while True:
            if key and probe in self.key_marks:
                return self.key_marks[probe]
            if probe in self.marks:
                return self.marks[probe]
            if not probe:
                return (1, 1)
            probe = probe[:-1]


def dotted(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        # A plain key as written; any other quoted with escapes, so that a report line can neither break
        # in two nor hide what the key is (a newline, a bidi override), nor read as two keys ("a.b").
        name = str(part) if re.fullmatch(r"[A-Za-z0-9_-]+", str(part)) else repr(str(part))
        out += f".{name}" if out else name
    return out


class _Problem(Exception):
    def __init__(self, line: int, col: int, rule: str, message: str, hint: str | None = None, path: Path = ()):
        super().__init__(message)
        self.line, self.col, self.rule, self.message, self.hint, self.path = line, col, rule, message, hint, path


def _pos(node: Node | yaml.Event) -> tuple[int, int]:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _scalar(node: ScalarNode) -> Any:
    tag, text = node.tag, node.value
    if tag == "tag:yaml.org,2002:str":
        return text
    if tag == "tag:yaml.org,2002:bool":
        return text.lower() == "true"
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:int":
        digits = len(text.lstrip("+-"))
        if digits > _MAX_DIGITS:
            raise _Problem(*_pos(node), "out-of-range", f"a number of {digits:,} digits",
                           "write the value in the field's unit")
        return int(text)
    if tag == "tag:yaml.org,2002:float":
        lowered = text.lower()
        if lowered.endswith("nan"):
            return math.nan
        if lowered.endswith("inf"):
            return -math.inf if lowered.startswith("-") else math.inf
        return float(text)
    if tag == "tag:yaml.org,2002:timestamp":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise _Problem(*_pos(node), "yaml-date", f"'{text}' is not a real calendar date",
                           "write a date as YYYY-MM-DD, e.g. 2024-08-20") from None
    raise _Problem(*_pos(node), "yaml-tag", f"tag {short(tag)} is not allowed",
                   "remove the '!' tag: content is plain data")


def _too_deep(node: Node | yaml.Event) -> _Problem:
    return _Problem(*_pos(node), "yaml-depth", f"nested deeper than {MAX_DEPTH} levels",
                    "content is shallow data; flatten the structure")


def _check_depth(text: str) -> None:
    """Raise yaml-depth at the first node nested deeper than MAX_DEPTH, before anything is composed.
    Parsing events is iterative in libyaml; a syntax error is left for the real parse to report."""
    if sum(text.count(c) for c in _NESTING_CHARS) <= _SAFE_NESTING:
        return
    parser = CParser(text)
    depth = 0
    try:
        while (event := parser.get_event()) is not None:
            if isinstance(event, yaml.CollectionStartEvent):
                if depth > MAX_DEPTH:   # its path has `depth` parts, as the walker counts them
                    raise _too_deep(event)
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return
    finally:
        parser.dispose()


class _Walker:
    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.seen: set[int] = set()
        self.count = 0
        self.problems: list[_Problem] = []   # of single values: reported, and the walk goes on

    def _invalid(self, path: Path, problem: _Problem) -> _Invalid:
        problem.path = path
        self.problems.append(problem)
        self.doc.invalid.add(path)
        return INVALID

    def walk(self, node: Node, path: Path) -> Any:
        if id(node) in self.seen or getattr(node, "anchor", None):
            raise _Problem(*_pos(node), "yaml-alias", "anchors and aliases (&name, *name) are not allowed",
                           "write the value out in full; aliases let a small file expand without bound")
        self.seen.add(id(node))
        self.count += 1
        if self.count > MAX_NODES:
            raise _Problem(*_pos(node), "file-too-large", f"more than {MAX_NODES} values in one file",
                           "split the data into several files")
        if len(path) > MAX_DEPTH and not isinstance(node, ScalarNode):
            raise _too_deep(node)
        self.doc.marks[path] = _pos(node)
        if isinstance(node, ScalarNode):
            if node.tag != "tag:yaml.org,2002:str" or not node.style:  # plain (unquoted) scalars
                self.doc.raw[path] = node.value
            try:
                return _scalar(node)
            except _Problem as p:
                return self._invalid(path, p)
        if node.tag not in _DEFAULT_TAGS:   # `!!set {a}`, `!!python/object:x {}`
            return self._invalid(path, _Problem(*_pos(node), "yaml-tag", f"tag {short(node.tag)} is not allowed",
                                                "remove the '!' tag: content is plain data"))
        if isinstance(node, SequenceNode):
            return [self.walk(child, path + (i,)) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            out: dict[str, Any] = {}
            first_seen: dict[str, tuple[int, int]] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _Problem(*_pos(key_node), "yaml-alias", "merge keys (<<) are not allowed",
                                   "write the keys out in full")
                if not isinstance(key_node, ScalarNode):
                    self.problems.append(_Problem(*_pos(key_node), "yaml-key", "a key must be plain text",
                                                  "use a simple word as the key"))
                    continue
                key = key_node.value
                if key in first_seen:
                    line, _ = first_seen[key]
                    self.problems.append(_Problem(*_pos(key_node), "duplicate-key",
                                                  f"key {short(key)} appears twice in this mapping (first on line "
                                                  f"{line})", "keep one of the two: YAML would silently keep only "
                                                  "the last"))
                    continue
                first_seen[key] = _pos(key_node)
                self.doc.key_marks[path + (key,)] = _pos(key_node)
                out[key] = self.walk(value_node, path + (key,))
            return out
        raise _Problem(*_pos(node), "yaml-syntax", "unsupported YAML node")


_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")   # what YAML counts lines by


def _inside(text: str, position: tuple[int, int]) -> tuple[int, int]:
    """libyaml reports an error at the end of the stream one line past the last one: point at the end
    of the last line instead, so an editor jumps to a place that exists."""
    lines = _LINE_BREAK.split(text)
    line, col = position
    if line > len(lines):
        return len(lines), len(lines[-1]) + 1
    return line, min(col, len(lines[line - 1]) + 1)


def parse(text: str, file: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse one YAML document. Returns the document, or None and the diagnostics that explain why."""
    doc, problems = parse_document(text, file)
    return (None if problems else doc), problems


def parse_document(text: str, file: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse one YAML document, and report every problem of its values: the document comes back (with
    its bad values as INVALID) unless a problem of the whole file (syntax, aliases, size) stopped it."""

    def diag(line: int, col: int, rule: str, message: str, hint: str | None, path: Path = ()) -> list[Diagnostic]:
        return [Diagnostic(file, line, col, Severity.ERROR, rule, dotted(path), message, hint=hint)]

    try:
        _check_depth(text)
    except _Problem as p:
        return None, diag(p.line, p.col, p.rule, p.message, p.hint)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _inside(text, (mark.line + 1, mark.column + 1) if mark else (1, 1))
        problem = (exc.problem or str(exc)).strip()
        hint = "check the indentation and quoting on this line"
        lines = text.splitlines()
        if "\t" in problem or (0 < line <= len(lines) and "\t" in lines[line - 1][: col + 1]):
            problem, hint = "a tab character", "YAML indents with spaces: replace the tab with spaces"
        elif "expected a single document" in str(exc):
            problem, hint = "more than one YAML document", "remove the '---' separator: one entry per file"
        return None, diag(line, col, "yaml-syntax", f"invalid YAML: {problem}", hint)
    except yaml.reader.ReaderError as exc:  # a control character: no problem_mark, a UTF-8 byte offset
        before = _LINE_BREAK.split(text.encode("utf-8")[: exc.position].decode("utf-8", "replace"))
        line, col = len(before), len(before[-1]) + 1
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        return None, diag(line, col, "yaml-syntax", f"invalid YAML: control character U+{char:04X} is not allowed",
                          "remove it: content files are plain text")
    except yaml.YAMLError as exc:  # any other error without a mark: keep the report on one line
        return None, diag(1, 1, "yaml-syntax", "invalid YAML: " + " ".join(str(exc).split()),
                          "check the file's encoding and quoting")

    doc = YamlDocument(data=None)
    if node is None:
        return None, diag(1, 1, "empty-file", "the file holds no data", "fill in the fields, or delete it")
    walker = _Walker(doc)
    try:
        doc.data = walker.walk(node, ())
    except _Problem as p:
        return None, diag(p.line, p.col, p.rule, p.message, p.hint)
    return doc, [d for p in walker.problems for d in diag(p.line, p.col, p.rule, p.message, p.hint, p.path)]
