"""The MkDocs adapter, the only module that imports mkdocs. It loads and validates the content once per
build, adds the generated pages as in-memory files, frees each page's text once MkDocs is done with it,
and watches the data folders for `mkdocs serve`.

Everything else runs and is tested without MkDocs.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from . import diagnostics as dx
from .build import generate
from .pipeline import timed
from .search_index import SearchIndexError, write_index

log = get_plugin_logger(__name__)


class VersusConfig(Config):
    root = opt.Type(str, default=".")  # project root, relative to mkdocs.yml


class VersusPlugin(BasePlugin[VersusConfig]):
    def on_config(self, config):
        self.root = (Path(config.config_file_path).parent / self.config.root).resolve()
        return config

    def on_files(self, files: Files, config) -> Files:
        output = generate(self.root)
        self.timings = output.timings
        for warning in output.warnings:
            log.warning(warning.format())  # strict mode turns these into a failed build
        if output.errors:
            raise PluginError("content has errors; nothing was built:\n" + dx.report(output.errors)) 
        for path, content in output.files.items():
            in_nav = path in output.nav_pages
            files.append(File.generated(config, path, content=content,
                                        inclusion=InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV))
        return files

    # MkDocs holds every page's Markdown and HTML until the build ends: at 10,000 pages that is most of
    # its memory (benchmarks/SCALE.md). Each is dead once used, so drop it: the Markdown once converted,
    # the HTML once the page is written (search has taken its text; anchor checks use their own record).
    def on_page_content(self, html, page, config, files):
        page.markdown = ""   # not None: MkDocs reads None as "not read yet" and the title turns None
        if page.file.generated_by is not None:
            page.file.content_string = ""
        return html

    def on_post_page(self, output, page, config):
        page.content = None
        return output

    # Pagefind indexes the written site, so `mkdocs build`, `versus build` and every `mkdocs serve`
    # rebuild have search (generator/search_index.py).
    def on_post_build(self, config):
        with timed(self.timings, "search index"):
            try:
                pages = write_index(Path(config.site_dir))
            except SearchIndexError as exc:
                raise PluginError(f"the search index was not written: {exc}") from exc
        if pages == 0:
            raise PluginError("the search index is empty: no page has data-pagefind-body (site_templates/overrides)")
        if timings_file := os.environ.get("VERSUS_TIMINGS"):   # stage -> seconds, for benchmarks/scale.py
            Path(timings_file).write_text(json.dumps(self.timings, indent=1), encoding="utf-8")

    def on_serve(self, server, config, builder):
        for folder in ("content", "benchmarks", "site_templates"):
            server.watch(str(self.root / folder))
        return server
