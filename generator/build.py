"""From the project root to the site's generated files: load, plan, render. Still no I/O but reading."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, Severity
from .pages.plan import plan
from .pipeline import load
from .render import render


@dataclass
class Output:
    files: dict[str, str | bytes] = field(default_factory=dict)
    nav_pages: set[str] = field(default_factory=set)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]


def generate(root: Path) -> Output:
    result = load(root)
    out = Output(diagnostics=result.diagnostics)
    if result.site is None:
        return out
    specs = plan(result.site)
    out.files.update(render(specs))
    out.nav_pages = {s.path for s in specs if s.in_nav}
    return out
