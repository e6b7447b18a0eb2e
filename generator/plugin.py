"""The MkDocs adapter, the only module that imports mkdocs. It loads and validates the content once per
build, adds the generated pages as in-memory files, frees each page's text once MkDocs is done with it,
and watches the data folders for `mkdocs serve`.

Under `mkdocs serve`, content with problems does not fail the build: a failed rebuild leaves MkDocs'
dev server waiting forever, and the browser with it. The build then makes no page at all, and every
page the browser may be showing becomes an error page that lists the problems; live reload replaces it
with the real page once the files are fixed. `mkdocs build` still fails, as CI needs.

Everything else runs and is tested without MkDocs.
"""

from __future__ import annotations

import functools
import gc
import html
import json
import os
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import diagnostics as dx
from . import page_html
from .build import generate
from .pipeline import timed
from .search_index import SearchIndexError, SiteSearch

log = get_plugin_logger(__name__)


class VersusConfig(Config):
    root = opt.Type(str, default=".")  # project root, relative to mkdocs.yml


class VersusPlugin(BasePlugin[VersusConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.serving = False
        self.dirty = False                       # a --dirty build writes only the pages it changed
        self.search: SiteSearch | None = None    # Pagefind, fed each page as soon as its content is known
        self.failing: list[dx.Diagnostic] = []   # under `mkdocs serve`: the problems this build shows instead
        self.pages: set[str] = set()             # the pages of the last good build: where the browser may be
        self.html_pages: set[str] = set()        # generated pages with an HTML body
        self.markdown_free = False               # whether page_html gives Markdown's bytes under mkdocs.yml

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = (Path(config.config_file_path).parent / self.config.root).resolve()
        if not config.use_directory_urls:   # generated pages link by address (paths.href)
            raise PluginError("the versus plugin needs use_directory_urls: true in mkdocs.yml")
        self.markdown_free = page_html.reproduces(list(config.markdown_extensions), dict(config.mdx_configs))
        self.language = str(config.theme.get("language") or "en")   # the theme's <html lang>
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        output = generate(self.root)
        # What the stages made lives until the build ends, and each full collection of Python's garbage
        # collector would walk all of it again while MkDocs renders (more of them, each longer, as the
        # site grows): it is kept out of the collector's sight until the build is over.
        gc.freeze()
        self.timings = output.timings
        problems = output.errors + (output.warnings if config.strict else [])
        self.failing = problems if self.serving else []
        if self.failing:
            return self._no_pages(files, config)
        for warning in output.warnings:
            log.warning(warning.format())  # strict mode turns these into a failed build
        for note in output.notes:
            log.info(note.format())        # not a problem: never fails a strict build
        if output.errors:
            raise PluginError("content has errors; nothing was built:\n" + dx.report(output.errors))
        self._stop_search()
        self.search = SiteSearch(self.language)
        self.html_pages = output.html_pages
        for path, content in output.files.items():
            in_nav = path in output.nav_pages
            files.append(File.generated(config, path, content=content,
                                        inclusion=InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV))
        if self.serving:
            self.pages = {f.dest_uri for f in files.documentation_pages()}
        return files

    def _no_pages(self, files: Files, config: MkDocsConfig) -> Files:
        """A build of the theme's assets alone; on_post_build writes the error pages. Logged at info level:
        a warning would fail the strict build, and a failed build is what hangs the browser."""
        log.info("content has problems; the browser shows them until the files are fixed:\n"
                 + dx.report(self.failing))
        config.nav = []
        return Files([f for f in files if not f.is_documentation_page()])

    # A generated page with an HTML body never goes through Python-Markdown: page_html makes the bytes it
    # would (its headings' ids and permalinks, the blocks as they are) and the table of contents.
    # Python-Markdown took ~30% of the build on the ~15-35 headings of a page. MkDocs has no event that
    # skips it, and it sets up a Markdown instance with every extension for each page (~0.5 ms) even for
    # an empty one, so such a page gets a `render` of its own.
    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        if self.markdown_free and page.file.generated_by is not None and page.file.src_uri in self.html_pages:
            vars(page)["render"] = functools.partial(_render_markdown_free, page)   # this page's, not the class's
        return page

    # MkDocs holds every page's Markdown and HTML until the build ends: at 10,000 pages that is most of
    # its memory (benchmarks/SCALE.md). Each is dead once used, so drop it: the Markdown once converted,
    # the HTML once the page is written (anchor checks use their own record).
    # The content goes to Pagefind now, as the element it indexes: MkDocs converts every page before it
    # renders the first, so Pagefind has them all early and builds the index beside the rendering.
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        page.markdown = ""   # not None: MkDocs reads None as "not read yet" and the title turns None
        if page.file.generated_by is not None:
            page.file.content_string = ""
        if self.search is not None and not self.dirty:
            with timed(self.timings, "search index"):
                self.search.content(page.file.dest_uri, html)
        return html

    # Pagefind checks each written page against what it was sent (or gets it now); the bundle is written
    # once the build is done, so `mkdocs build`, `versus build` and every `mkdocs serve` rebuild have
    # search (generator/search_index.py).
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        page.content = None
        if self.search is not None and not self.dirty:
            with timed(self.timings, "search index"):
                self.search.written(page.file.dest_uri, output)
        return output

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        if self.search is not None and not self.dirty and template_name.endswith(".html"):   # 404.html
            with timed(self.timings, "search index"):
                self.search.written(template_name, output_content)
        return output_content

    def on_post_build(self, config: MkDocsConfig) -> None:
        gc.unfreeze()
        if self.failing:
            page = error_page(self.failing)
            for dest in self.pages | {"index.html", "404.html"}:
                target = Path(config.site_dir) / dest
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(page, encoding="utf-8")
            return   # no search index: there are no pages to index
        assert self.search is not None   # started in on_files
        search, self.search = self.search, None
        with timed(self.timings, "search index (bundle)"):   # what is left to wait for, and the writing
            try:
                pages = search.write(Path(config.site_dir), from_disk=self.dirty)
            except SearchIndexError as exc:
                raise PluginError(f"the search index was not written: {exc}") from exc
        if search.redone:   # info: still the right index, only slower
            log.info(f"search: {search.redone}; Pagefind indexed the written site instead")
        if pages == 0:
            raise PluginError("the search index is empty: no page has data-pagefind-body (site_templates/overrides)")
        if timings_file := os.environ.get("VERSUS_TIMINGS"):   # stage -> seconds, for benchmarks/scale.py
            Path(timings_file).write_text(json.dumps(self.timings, indent=1), encoding="utf-8")

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        self._stop_search()

    def on_shutdown(self) -> None:
        self._stop_search()

    def _stop_search(self) -> None:
        if self.search is not None:
            self.search.close()
            self.search = None

    # The tabs and the sidebar navigation are the same on every page outside the nav in one folder (no item
    # is active, the links are relative to the same folder), yet Material renders them for each page.
    # Rendered once per folder instead: site_templates/overrides/base.html asks for them by this name
    # when the plugin is there, and includes them as usual when another engine builds the docs tree.
    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        env.globals["versus_partial"] = _folder_partials(env)
        if self.search is not None and not self.dirty:   # every page is converted by now
            self.search.all_content_known(len(files.documentation_pages()))
        return env

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
        for folder in ("content", "benchmarks", "site_templates"):
            if (self.root / folder).is_dir():   # watching a missing folder stops the server
                server.watch(str(self.root / folder))
        return server


def _folder_partials(env: jinja2.Environment) -> Callable[..., Markup]:
    rendered: dict[tuple[str, str], Markup] = {}   # (template, folder of pages outside the nav) -> HTML

    @jinja2.pass_context
    def partial(context: jinja2.runtime.Context, name: str) -> Markup:
        page = context.get("page")
        key = None
        if isinstance(page, Page) and page.file.inclusion.is_not_in_nav():
            key = (name, posixpath.dirname(page.url.rstrip("/")))
            if key in rendered:
                return rendered[key]
        html = Markup(env.get_template(name).render(context.get_all()))   # what {% include %} writes
        if key is not None:
            rendered[key] = html
        return html

    return partial


def _render_markdown_free(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Page.render for a generated page: page_html's HTML and table of contents, and the ids a link may
    point to (MkDocs checks links to anchors against them); Markdown's when the file is not made of
    headings and blocks alone."""
    rendered = page_html.page_html(page.markdown or "")
    if rendered is None:
        Page.render(page, config, files)
        return
    page.content = rendered.html
    page.toc = get_toc(rendered.toc)
    page.present_anchor_ids = rendered.anchors


def error_page(problems: list[dx.Diagnostic]) -> str:
    """A page that stands alone (no theme, no asset) listing every problem. The text comes from content,
    so every part of it is escaped."""
    items = "\n".join(f"<li><code>{html.escape(d.format())}</code></li>" for d in dx.unique_sorted(problems))
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>Versus: content problems</title><style>"
            "body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}"
            "code{white-space:pre-wrap;word-break:break-word}li{margin:.5rem 0}</style></head><body><main>"
            "<h1>Content problems: the site was not rebuilt</h1>"
            f"<p>{html.escape(dx.summary(problems))}. Fix the files and save: this page reloads by itself.</p>"
            f"<ol>\n{items}\n</ol></main></body></html>\n")
