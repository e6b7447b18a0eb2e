"""Every page template has one typed view, and they agree (Datasette's contract tests in spirit): each
name a template reads from its view, and from the values inside it, is a field of the dataclass it
reads it from, and each field of a view is used by its template. Templates do layout only: they call no
formatting filter or method and do no arithmetic, so a score or a yes/no is written by one function.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

import jinja2
import pytest
from jinja2 import nodes

from generator.charts import Table
from generator.pages import PageView
from generator.pages import plan as _plan  # noqa: F401  (imports every page family, so every view exists)
from generator.pages.blocks import CapabilityBlock, Link
from generator.pages.chartview import ChartView
from generator.pages.citations import Citation
from generator.render import TEMPLATES, environment

MACROS = "_macros.html.j2"

# The parameters of the shared macros, typed as their callers pass them.
MACRO_PARAMS: dict[str, dict[str, Any]] = {
    "links": {"items": tuple[Link, ...]},
    "pager": {"p": typing.Any},   # hubs.Pager: checked through its callers' `page.pager`
    "capability": {"block": CapabilityBlock},
    "sources": {"items": tuple[Citation, ...]},
    "chart": {"v": ChartView},
    "table": {"header": typing.Any, "rows": typing.Any},   # ChartView's table: checked through `chart`
    "paragraphs": {"text": str},
}


def views() -> dict[str, type[PageView]]:
    out: dict[str, type[PageView]] = {}
    todo = list(PageView.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        assert cls.TEMPLATE not in out, f"two views for {cls.TEMPLATE}: {out[cls.TEMPLATE]} and {cls}"
        out[cls.TEMPLATE] = cls
    return out


def _strip_optional(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else typing.Any
    return tp


def _element(tp: Any) -> Any:
    """The type of an item of a tuple, list or dict (its keys) type; Any when unknown."""
    tp = _strip_optional(tp)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (tuple, list, frozenset, set) and args:
        return args[0] if origin is not tuple or (len(args) == 2 and args[1] is Ellipsis) else typing.Any
    return typing.Any


def _attribute(tp: Any, name: str, where: str, used: set[tuple[type, str]]) -> Any:
    """The type of attribute `name` of a value of type `tp`; a dataclass must have it."""
    tp = _strip_optional(tp)
    if not (isinstance(tp, type) and dataclasses.is_dataclass(tp)):
        return typing.Any
    hints = typing.get_type_hints(tp)
    field_names = {f.name for f in dataclasses.fields(tp)}
    if name in field_names:
        used.add((tp, name))
        return hints[name]
    member = getattr(tp, name, None)
    assert member is not None, f"{where}: {tp.__name__} has no field {name!r}"
    if isinstance(member, property) and member.fget is not None:
        return typing.get_type_hints(member.fget).get("return", typing.Any)
    return typing.Any


class Checker:
    def __init__(self, where: str) -> None:
        self.where = where
        self.used: set[tuple[type, str]] = set()

    def type_of(self, node: nodes.Node, scope: dict[str, Any]) -> Any:
        if isinstance(node, nodes.Name):
            return scope.get(node.name, typing.Any)
        if isinstance(node, nodes.Getattr):
            return _attribute(self.type_of(node.node, scope), node.attr, self.where, self.used)
        if isinstance(node, nodes.Getitem):
            base = _strip_optional(self.type_of(node.node, scope))
            args = typing.get_args(base)
            if typing.get_origin(base) is tuple and isinstance(node.arg, nodes.Const) and args:
                return args[0] if args[-1] is Ellipsis else args[node.arg.value]
            return typing.Any
        if isinstance(node, nodes.Const):
            return type(node.value)
        for child in node.iter_child_nodes():
            self.visit(child, scope)
        return typing.Any

    def bind(self, target: nodes.Node, tp: Any, scope: dict[str, Any]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = tp
        elif isinstance(target, nodes.Tuple):
            tp = _strip_optional(tp)
            args = typing.get_args(tp) if typing.get_origin(tp) is tuple else ()
            for i, item in enumerate(target.items):
                self.bind(item, args[i] if len(args) == len(target.items) else typing.Any, scope)

    def visit(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.For):
            inner = dict(scope)
            self.bind(node.target, _element(self.type_of(node.iter, scope)), inner)
            for child in (*node.body, *node.else_):
                self.visit(child, inner)
            if node.test is not None:
                self.visit(node.test, inner)
        elif isinstance(node, nodes.Assign):
            self.bind(node.target, self.type_of(node.node, scope), scope)
        elif isinstance(node, nodes.Macro):
            params = MACRO_PARAMS.get(node.name, {})
            inner = dict(scope)
            for arg in node.args:
                inner[arg.name] = params.get(arg.name, scope.get(arg.name, typing.Any))
            for child in node.body:
                self.visit(child, inner)
        elif isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Name)):
            self.type_of(node, scope)
        else:
            for child in node.iter_child_nodes():
                self.visit(child, scope)


def _parse(name: str) -> nodes.Template:
    env = environment()
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    return env.parse(source, name=name)


PAGE_TEMPLATES = sorted(p.name for p in TEMPLATES.glob("*.j2") if p.name != MACROS)


def test_every_page_template_has_one_view_and_every_view_a_template() -> None:
    assert sorted(views()) == PAGE_TEMPLATES


@pytest.mark.parametrize("template", PAGE_TEMPLATES)
def test_a_template_reads_only_fields_of_its_view_and_uses_every_one(template: str) -> None:
    view = views()[template]
    checker = Checker(template)
    checker.visit(_parse(template), {"page": view})
    unused = sorted(f.name for f in dataclasses.fields(view) if (view, f.name) not in checker.used)
    assert unused == [], f"{template} does not use these fields of {view.__name__}: {unused}"


def test_the_shared_macros_read_only_fields_of_their_blocks() -> None:
    checker = Checker(MACROS)
    checker.visit(_parse(MACROS), {})
    for cls in (Link, CapabilityBlock, Citation, ChartView, Table):
        assert any(c is cls for c, _ in checker.used), f"{MACROS} reads nothing of {cls.__name__}"


@dataclasses.dataclass(frozen=True)
class _Row:
    label: str


@dataclasses.dataclass(frozen=True)
class _Example:
    rows: tuple[_Row, ...]


def test_the_checker_finds_a_name_that_is_not_a_field() -> None:
    env = jinja2.Environment()
    checker = Checker("example")
    with pytest.raises(AssertionError, match="has no field 'lable'"):
        checker.visit(env.parse("{% for r in page.rows %}{{ r.lable }}{% endfor %}"), {"page": _Example})


# Formatting belongs to Python (generator/pages/numbers.py and the views); a template only places text.
FORMATTING_FILTERS = {"format", "round", "int", "float", "filesizeformat", "capitalize", "upper", "lower", "title",
                      "join", "replace", "truncate", "wordcount"}
FORMATTING_METHODS = {"format", "isoformat", "strftime", "upper", "lower", "capitalize", "title", "join", "replace"}
PENDING: set[str] = set()   # templates still being moved to views (none)


def formatting_in(source: str) -> list[str]:
    found = []
    for node in environment().parse(source).find_all((nodes.Filter, nodes.Call, nodes.Mod, nodes.Mul, nodes.Div, nodes.FloorDiv,
                                       nodes.Add, nodes.Sub, nodes.Pow)):
        if isinstance(node, nodes.Filter) and node.name in FORMATTING_FILTERS:
            found.append(f"line {node.lineno}: |{node.name}")
        elif isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr) \
                and node.node.attr in FORMATTING_METHODS:
            found.append(f"line {node.lineno}: .{node.node.attr}()")
        elif isinstance(node, (nodes.Mod, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Add, nodes.Sub, nodes.Pow)):
            found.append(f"line {node.lineno}: {type(node).__name__}")
    return found


@pytest.mark.parametrize("template", [
    pytest.param(t, marks=pytest.mark.xfail(strict=True, reason="reworked by issue 14")) if t in PENDING else t
    for t in sorted(p.name for p in TEMPLATES.glob("*.j2"))])
def test_templates_format_nothing(template: str) -> None:
    assert formatting_in((TEMPLATES / template).read_text(encoding="utf-8")) == []


def test_the_formatting_scan_finds_formatting() -> None:
    assert formatting_in('{{ "%.1f"|format(x) }}{{ "{:,}".format(n) }}{{ d.isoformat() }}{{ x * 100 }}') == [
        "line 1: |format", "line 1: .format()", "line 1: .isoformat()", "line 1: Mul"]
    assert formatting_in("{{ page.score }} | {{ page.name|inline }}") == []
