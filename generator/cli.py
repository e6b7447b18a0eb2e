"""`versus` / `python -m generator`: validate, build, new, fix, explain. Prints diagnostics, sets the exit code.

Expected user errors (bad content) never show a traceback; a traceback means a bug in Versus.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import diagnostics as dx
from . import publish
from .pipeline import load


@click.group()
def main() -> None:
    """Versus: AI model and tool comparisons from YAML and benchmark CSVs."""


@main.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help="project root (holds content/ and benchmarks/)")
@click.option("--format", "fmt", type=click.Choice(["text", "github", "json"]), default="text")
@click.option("--strict", is_flag=True, help="fail on warnings too")
def validate(root: Path, fmt: str, strict: bool) -> None:
    """Check every content and benchmark file; report every problem at once."""
    result = load(root)
    found = result.diagnostics
    if found:
        click.echo(dx.report(found, fmt), err=False)
    else:
        click.echo("ok: " + result.describe())
    failed = bool(dx.errors(found)) or (strict and bool(found))
    sys.exit(1 if failed else 0)


@main.command()
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=Path("mkdocs.yml"))
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site"))
def build(config_file: Path, site_dir: Path) -> None:
    """Build the site with `mkdocs build --strict`, replacing SITE_DIR only when the build succeeds."""
    sys.exit(publish.build_site(config_file, site_dir))
