"""`versus` / `python -m generator`: validate, build, new, fix, explain. Prints diagnostics, sets the exit code.

Expected user errors (bad content) never show a traceback; a traceback means a bug in Versus.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import click

from . import diagnostics as dx
from . import publish
from .models import Entity
from .pipeline import load


@click.group()
def main() -> None:
    """Versus: AI model and tool comparisons from YAML and benchmark CSVs."""


@main.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help="project root (holds content/ and benchmarks/)")
@click.option("--format", "fmt", type=click.Choice(["text", "github", "json"]), default="text")
@click.option("--strict", is_flag=True, help="fail on warnings too (never on notes)")
@click.option("--unpinned", "list_unpinned", is_flag=True,
              help="list the cited addresses not pinned to a revision (a branch, a repository's front page)")
def validate(root: Path, fmt: str, strict: bool, list_unpinned: bool) -> None:
    """Check every content and benchmark file; report every problem at once."""
    result = load(root)
    found, notes = result.diagnostics, result.notes
    if found or (notes and fmt == "json"):
        click.echo(dx.report([*found, *notes], fmt), err=False)
    else:
        if notes:   # not problems: what the files could add
            click.echo(dx.report(notes, fmt))
        click.echo("ok: " + result.describe())
    if result.catalog is not None and fmt == "text":
        _provenance_notes(result.catalog.entities.values(), list_unpinned)
    if result.site is not None and fmt == "text":
        published = [r for r in result.site.benchmarks.rows if r.source_url]
        undated = sum(1 for r in published if r.published is None)
        click.echo(f"note: {undated} of {len(published)} published benchmark rows have no `published` date "
                   "(their pages show the day they were read)")
    failed = bool(dx.errors(found)) or (strict and bool(found))
    sys.exit(1 if failed else 0)


def _provenance_notes(entities: Iterable[Entity], list_unpinned: bool) -> None:
    """Counts, not errors, while content moves to pinned addresses and to its sources' own dates."""
    from .pinning import cited_urls, commonest_fact_date, unpinned
    from .sources import ENTITY_DIR

    entities = list(entities)
    found = unpinned(entities, ENTITY_DIR)
    if list_unpinned:
        for u in found:
            click.echo(f"{u.file}: sources.{u.key}: {u.reason}: {u.url}")
    branch = sum(1 for u in found if u.reason.startswith("on branch"))
    click.echo(f"note: {len(found)} of {cited_urls(entities)} cited addresses are not pinned to a revision "
               f"({branch} on a branch, {len(found) - branch} a repository's front page)"
               + ("" if list_unpinned or not found else "; `versus validate --unpinned` lists them"))
    common = commonest_fact_date(entities)
    if common is not None:
        date, count, total = common
        click.echo(f"note: {count} of {total} facts ({100 * count / total:.0f}%) are as of {date}, the commonest date")


@main.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
@click.option("--pairs", is_flag=True, help="also list every pair that misses a target")
def picks(root: Path, pairs: bool) -> None:
    """Measure "Which to pick" on the content: cited picks per same-kind pair, and headlines that pick nobody."""
    from .picks import targets

    result = load(root)
    if result.site is None:
        click.echo(dx.report(result.diagnostics, "text"))
        sys.exit(1)
    measured = targets(result.site.picks)
    for line in measured.lines():
        click.echo(line)
    if pairs:
        for slug, n in measured.few_picks:
            click.echo(f"  fewer than 3 cited picks ({n}): {slug}")
        for slug in measured.no_call:
            click.echo(f"  picks nobody: {slug}")


@main.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
def accuracy(root: Path) -> None:
    """Print the method page's validation: each estimate against its measured figure, and the share within target."""
    from .accuracy import TARGET, TARGET_SHARE

    result = load(root)
    if result.site is None:
        click.echo(dx.report(result.diagnostics, "text"))
        sys.exit(1)
    v = result.site.selection.validation
    for c in v.cases:
        click.echo(f"{'within' if c.within else 'MISS  '}  {c.kind:<26} {c.entity_id:<22} {c.configuration:<48} "
                   f"measured {c.measured:>8.2f}  estimate {c.estimate:>8.2f} {c.unit:<8} {100 * c.error:+4.0f}%")
    within = sum(c.within for c in v.cases)
    click.echo(f"{within} of {len(v.cases)} within {TARGET:.0%} ({100 * (v.share_within or 0):.0f}%; "
               f"target {TARGET_SHARE:.0%}: {'met' if v.meets_target else 'not met'})")


@main.command()
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=Path("mkdocs.yml"))
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site"))
def build(config_file: Path, site_dir: Path) -> None:
    """Build the site with `mkdocs build --strict`, replacing SITE_DIR only when the build succeeds."""
    sys.exit(publish.build_site(config_file, site_dir))


@main.command()
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="the folder to write (replaced whole): mkdocs.yml, docs/, overrides/")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=Path("mkdocs.yml"))
def generate(out: Path, config_file: Path) -> None:
    """Write the site as a docs tree any MkDocs-compatible engine builds (mkdocs or properdocs build -f OUT/mkdocs.yml)."""
    from . import docs_tree

    output = docs_tree.write(config_file.resolve().parent, out, config_file)
    if output.diagnostics:
        click.echo(dx.report(output.diagnostics), err=True)
    if output.errors:
        click.echo(f"content has errors; {out} was not written", err=True)
        sys.exit(1)
    click.echo(f"wrote {out}: build it with `mkdocs build -f {out / docs_tree.CONFIG}`")


@main.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
@click.option("--check", is_flag=True, help="write nothing; exit 1 when a generated file is stale")
@click.option("--check-content", is_flag=True,
              help="write nothing; check every content file against its schema, as an editor does")
def schemas(root: Path, check: bool, check_content: bool) -> None:
    """Regenerate schemas/*.schema.json, .vscode/settings.json and CONTRIBUTING.md's generated blocks."""
    from . import regenerate, schema

    if check_content:
        try:
            found = schema.check_content(root)
        except ModuleNotFoundError as exc:
            click.echo(f"error: {exc.name} is not installed: `make check-schemas` installs it", err=True)
            sys.exit(2)
        click.echo(dx.report(found) if found else "ok: every content file matches its schema")
        sys.exit(1 if found else 0)
    if check:
        stale = regenerate.stale_files(root)
        for path in stale:
            click.echo(f"stale: {path}")
        if stale:
            click.echo(f"regenerate with: {regenerate.REGENERATE}")
        sys.exit(1 if stale else 0)
    for path in regenerate.write_files(root):
        click.echo(f"wrote {path}")


@main.command()
@click.argument("kind", type=click.Choice(["entity", "faq", "run", "row"]))
@click.argument("name", metavar="ID|FILE")
@click.argument("cells", nargs=-1, metavar="[COLUMN=VALUE]...")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
def new(kind: str, name: str, cells: tuple[str, ...], root: Path) -> None:
    """Write a skeleton: `new entity|faq|run ID` writes content/entities/ID.yaml, content/faq/ID.yaml or
    benchmarks/runs/ID/provenance.yaml; `new row FILE [COLUMN=VALUE]...` appends a benchmark row to FILE
    (creating the table when missing), e.g. `versus new row benchmarks/published/llm.csv entity=my-model
    metric=generation_throughput value=42.5 source_url=https://... retrieved=2026-12-01`."""
    from . import scaffold

    try:
        if kind != "row":
            if cells:
                raise scaffold.ScaffoldError(f"COLUMN=VALUE cells are for `new row`, not `new {kind}`")
            path = scaffold.create(root, kind, name)
            click.echo(f"wrote {path}: fill in the empty values, then run `make validate`")
            return
        given = {}
        for cell in cells:
            column, sep, value = cell.partition("=")
            if not sep:
                raise scaffold.ScaffoldError(f"{cell!r} is not COLUMN=VALUE (e.g. value=42.5)")
            given[column.strip()] = value
        row = scaffold.add_row(root, _relative(Path(name), root), given)
    except scaffold.ScaffoldError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"wrote {row.path}:{row.line}" + (f"; filled in {', '.join(row.derived)}" if row.derived else ""))
    if row.empty:
        click.echo(f"still empty, and required: {', '.join(row.empty)}")
    click.echo("empty settings cells (gpu, precision, batch, ...) mean 'not stated'; benchmarks/README.md "
               "describes every column. Then run `make validate`")


def _relative(path: Path, root: Path) -> str:
    """A path given on the command line (relative to the working directory) as the root-relative path."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise click.UsageError(f"not under the project root {root}: {path}") from None


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


@main.command("import")
@click.argument("entity_id", metavar="ID")
@click.option("--config", "config_src", help="the config.json to save: a path, or a URL (needs network); "
                                              "default: the saved content/configs/ID.json")
@click.option("--files", "files_src", help="the repository's file listing (Hugging Face tree JSON or "
                                           "model.safetensors.index.json): a path or URL; default: the saved one")
@click.option("--url", help="where the configuration is published, pinned to the revision")
@click.option("--revision", help="the commit or revision of that URL")
@click.option("--date", "rev_date", help="the date of that revision, YYYY-MM-DD: the facts' as_of")
@click.option("--title", help="the source's title, e.g. 'Llama-3.1-8B config.json'")
@click.option("--publisher", help="who published it, e.g. Meta")
@click.option("--kind", type=click.Choice(["primary", "secondary"]),
              help="primary: the maker's own repository (the default); secondary: a copy")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
@click.option("--check", is_flag=True, help="write nothing; print what would change")
def import_(entity_id: str, config_src: str | None, files_src: str | None, url: str | None, revision: str | None,
            rev_date: str | None, title: str | None, publisher: str | None, kind: str | None, root: Path,
            check: bool) -> None:
    """Write a model's architecture facts into content/entities/ID.yaml from its published config.json.

    The configuration is saved as published in content/configs/ID.json, its source (URL, revision,
    date) in content/configs/ID.yaml; `versus import ID` with no options imports the saved files again.
    """
    from . import importer

    options = importer.Options(config=config_src, files=files_src, url=url, revision=revision, date=rev_date,
                               title=title, publisher=publisher, kind=kind)
    inputs, problems = importer.gather(root, entity_id, options)
    result = importer.plan(inputs) if inputs is not None else None
    problems += result.diagnostics if result is not None else []
    if problems or inputs is None or result is None:
        click.echo(dx.report(problems), err=True)
        sys.exit(1)
    for line in result.changes:
        click.echo(f"{'would change' if check else 'changed'}: {line}")
    for line in result.notes:
        click.echo(f"note: {line}")
    if check:
        click.echo(f"{len(result.changes)} change(s); nothing written (--check)")
        return
    written = importer.write(root, importer.outputs(inputs, result))
    click.echo(f"wrote {', '.join(written) if written else 'nothing (already up to date)'}")
