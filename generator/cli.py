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


@main.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
@click.option("--check", is_flag=True, help="write nothing; exit 1 when a generated file is stale")
def schemas(root: Path, check: bool) -> None:
    """Regenerate schemas/*.schema.json, .vscode/settings.json and CONTRIBUTING.md's generated blocks."""
    from . import schema

    if check:
        stale = schema.stale_files(root)
        for path in stale:
            click.echo(f"stale: {path}")
        if stale:
            click.echo(f"regenerate with: {schema.REGENERATE}")
        sys.exit(1 if stale else 0)
    for path in schema.write_files(root):
        click.echo(f"wrote {path}")


@main.command()
@click.argument("kind", type=click.Choice(["entity", "faq", "run"]))
@click.argument("new_id", metavar="ID")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
def new(kind: str, new_id: str, root: Path) -> None:
    """Write a skeleton: content/entities/ID.yaml, content/faq/ID.yaml or benchmarks/runs/ID/provenance.yaml."""
    from . import scaffold

    try:
        path = scaffold.create(root, kind, new_id)
    except scaffold.ScaffoldError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"wrote {path}: fill in the empty values, then run `make validate`")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
@click.option("--check", is_flag=True, help="write nothing; exit 1 when a file would change")
def fix(paths: tuple[Path, ...], root: Path, check: bool) -> None:
    """Normalise content files (default: all of them) and print every change; see generator/fix.py."""
    from . import fix as fixer

    outside = [str(p) for p in paths if not p.resolve().is_relative_to(root.resolve())]
    if outside:
        click.echo(f"error: not under the project root {root}: {', '.join(outside)}", err=True)
        sys.exit(2)
    rel = [p.resolve().relative_to(root.resolve()).as_posix() for p in paths] or None
    results = fixer.fix_files(root, rel, write=not check)
    verb = "would change" if check else "changed"
    for r in results:
        for change in r.changes:
            click.echo(f"{r.path}: {verb}: {change}")
        for problem in r.problems:
            click.echo(f"{r.path}: not fixed: {problem}")
    changed = [r for r in results if r.text is not None]
    click.echo(f"{len(changed)} of {len(results)} files {verb}" + ("; run `versus fix` to write them" if check and
                                                                  changed else ""))
    sys.exit(1 if check and changed else 0)
