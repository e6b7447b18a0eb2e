"""Search: Pagefind indexes the pages in a process of its own while MkDocs builds them, and its bundle is
written once the build is done (the plugin's steps, under `mkdocs build`, `versus build` and every
`mkdocs serve` rebuild).

Pagefind writes pagefind/ at the site root: an entry file, its WebAssembly, a metadata file and the index
split into chunks, of which a search downloads only those its words need, plus one small fragment per
page, fetched when that page is shown as a result. Nothing loads until a reader searches
(site_templates/overrides/assets/javascripts/search.js).

What is indexed is marked in the HTML: the article only (`data-pagefind-body`, around a page's content:
site_templates/overrides/partials/content.html), and a comparison's repeated
sections skipped (`data-pagefind-ignore`, site_templates/compare.html.j2). The binary comes from the
`pagefind[bin]` package (pyproject.toml).

`SearchIndex` speaks the protocol of `pagefind --service`, the one Pagefind's own Python and Node APIs
use: base64 JSON messages, each ended by a comma, on its stdin and stdout. Pagefind parses a page as it
arrives, on another core; the pages, in the order they were added, and Pagefind's version decide the
bundle's bytes. A page goes without the theme's header and navigation and without the sections marked
to be skipped, which Pagefind would read for nothing (`what_pagefind_reads`). Pagefind's Python package
is not used: its reader waits 0.1 s before taking each answer, which caps it at ten pages a second.
Nothing here waits for an answer before `write`: Pagefind reads its stdin into memory on a thread of its
own, so a write to the pipe never waits on the indexing, and its answers wait in its memory until
`write` reads them all. `SiteSearch` is one build's index: pages sent as soon as their content is
known, then checked once written.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
from collections.abc import Iterator
from html import escape as html_escape
from pathlib import Path
from typing import Any

from pagefind_bin import get_executable

BUNDLE = "pagefind"   # the folder Pagefind writes at the site root (its default)


_BODY_TAG = "<body"
_INDEXED = "<div data-pagefind-body>"   # site_templates/overrides/partials/content.html
# What Pagefind would read between <body> and the indexed part when it is there: its attributes, and
# the elements its defaults take the title and the image from. Looked for as plain text (str.find, ten
# times faster than a regex here): a longer tag name that starts the same keeps the page whole, no harm.
_READ = ("data-pagefind", "<h1", "<img")


def what_pagefind_reads(html: str) -> str:
    """The page without what Pagefind would read for nothing: the theme's header, tabs and navigation
    (~40% of a comparison page's bytes), which come between <body> and the indexed part (Pagefind indexes
    only the inside of `data-pagefind-body`), and the elements marked `data-pagefind-ignore="all"`
    (three quarters of what is left of a comparison page). Each costs two parses: Pagefind's and the
    protocol's. The page whole when anything before the indexed part would count (`_READ`), and the
    ignored elements kept when they cannot be cut cleanly (`_without_ignored`). The bundle is the same
    either way (tests/test_search_index.py)."""
    body = html.find(_BODY_TAG)
    indexed = html.find(_INDEXED, body) if body != -1 else -1
    if indexed == -1:
        return html
    start = html.index(">", body) + 1
    if any(html.find(mark, start, indexed) != -1 for mark in _READ):
        return html
    return html[:start] + _without_ignored(html[indexed:])


_IGNORED = ' data-pagefind-ignore="all"'
# The elements our templates mark: HTML never leaves out their end tag, so the one that closes an element
# is found by counting. Any other element (a <p> or <li> may end without one) stays, and Pagefind skips it.
_CUT = frozenset({"div", "details", "section", "table", "h2", "h3", "h4", "h5", "h6"})


def _without_ignored(html: str) -> str:
    """`html` less each element marked `data-pagefind-ignore="all"`, which Pagefind skips with all it
    holds; `html` as it is when a mark is not plainly inside a start tag (the text of a code span, say)
    or its element has no end tag to count to."""
    kept: list[str] = []
    pos = 0
    while (mark := html.find(_IGNORED, pos)) != -1:
        tag_start = html.rfind("<", pos, mark)
        name_end = tag_start + 1
        while name_end < mark and html[name_end].isalnum():
            name_end += 1
        name = html[tag_start + 1:name_end]
        tag_end = html.find(">", mark)
        if tag_start == -1 or name not in _CUT or html.find(">", tag_start, mark) != -1 or tag_end == -1:
            return html
        end = _end_of_element(html, name, tag_end + 1)
        if end == -1:
            return html
        kept.append(html[pos:tag_start])
        pos = end
    kept.append(html[pos:])
    return "".join(kept)


def _end_of_element(html: str, name: str, inside: int) -> int:
    """Where the element `name` whose start tag ends at `inside` ends (after its end tag), or -1."""
    opening, closing = f"<{name}", f"</{name}>"
    depth, pos = 1, inside
    while depth:
        close = html.find(closing, pos)
        if close == -1:
            return -1
        nested = html.find(opening, pos, close)
        while nested != -1:
            depth += html[nested + len(opening)] in " \t\n/>"   # <div ...>, not <divider>
            nested = html.find(opening, nested + 1, close)
        depth -= 1
        pos = close + len(closing)
    return pos


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message holds its own report."""


class SearchIndex:
    """One index, in one `pagefind --service` process, started here: `add` each page, then `write` once
    (or `close` to give up)."""

    def __init__(self) -> None:
        # stderr is read once Pagefind has exited: as a service it logs nothing there, so only a crash's
        # few lines can come, never enough to fill the pipe and stall it.
        self._proc = subprocess.Popen([str(get_executable()), "--service"], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._sent = 0
        self._bundle: int | None = None   # the message that asked for the bundle, once sent
        self._send({"type": "NewIndex", "config": None})   # index 0; defaults, as the CLI's

    def add(self, dest_uri: str, html: str) -> None:
        """A written page, by its path in the site (Pagefind makes its URL from it, as from a file's)."""
        self._send({"type": "AddFile", "index_id": 0, "file_path": dest_uri, "url": None,
                    "file_contents": what_pagefind_reads(html)})

    def add_site(self, site_dir: Path) -> None:
        """Every page of a built site, read from disk (a `--dirty` build writes only the pages it changed)."""
        self._send({"type": "AddDir", "index_id": 0, "path": str(site_dir.resolve()), "glob": None})

    def ask_for_bundle(self) -> None:
        """No page comes after this: Pagefind builds the index now, and `write` takes it when it is done."""
        if self._bundle is None:
            self._bundle = self._send({"type": "GetFiles", "index_id": 0})

    def write(self, site_dir: Path) -> int:
        """Write the bundle into the site and stop Pagefind; return the number of pages indexed."""
        # The bundle comes back in the answer and is written here: Pagefind's own WriteFiles answers
        # before its last writes are done, and Pagefind exits the moment its stdin closes.
        self.ask_for_bundle()
        last = self._bundle
        errors: list[str] = []
        bundle: list[dict[str, str]] = []
        for answer in self._answers():
            payload = answer.get("payload") or {}
            if payload.get("type") == "Error":
                errors.append(str(payload.get("message")))
            if answer.get("message_id") == last:
                bundle = payload.get("files") or []
                break
        else:
            errors.append("pagefind stopped before it had written the index")
        self._stop()
        assert self._proc.stderr is not None
        complaint = self._proc.stderr.read().decode("utf-8", "replace")
        self._proc.stderr.close()
        if errors or self._proc.returncode != 0:
            report = "\n".join([*errors, complaint]).strip()
            raise SearchIndexError(f"pagefind (exit status {self._proc.returncode}):\n{report}".rstrip())
        out = site_dir / BUNDLE
        for file in bundle:
            target = out / file["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(file["content"]))
        entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sum(language["page_count"] for language in entry["languages"].values())

    def close(self) -> None:
        """Stop Pagefind without writing anything (a failed build)."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._stop()
        if self._proc.stderr is not None:
            self._proc.stderr.close()

    def _stop(self) -> None:
        # Only now: Pagefind exits as soon as its stdin ends, whatever it has not done yet.
        for pipe in (self._proc.stdin, self._proc.stdout):   # stderr: `write` reads it
            if pipe is not None:
                try:
                    pipe.close()
                except BrokenPipeError:
                    pass
        self._proc.wait()

    def _send(self, payload: dict[str, Any]) -> int:
        assert self._proc.stdin is not None
        message_id = self._sent
        self._sent += 1
        message = json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")
        try:
            self._proc.stdin.write(base64.b64encode(message) + b",")
            self._proc.stdin.flush()   # Pagefind starts on the page now, not when a buffer fills
        except BrokenPipeError:   # Pagefind is gone: `write` reports why
            pass
        return message_id

    def _answers(self) -> Iterator[dict[str, Any]]:
        assert self._proc.stdout is not None
        pending = bytearray()   # an answer read in part: the bundle's comes as one, megabytes long
        while chunk := os.read(self._proc.stdout.fileno(), 1 << 20):
            start = 0
            while (end := chunk.find(b",", start)) != -1:
                pending += chunk[start:end]
                yield json.loads(base64.b64decode(pending))
                pending.clear()
                start = end + 1
            pending += chunk[start:]


class SiteSearch:
    """The search index of one build, made while MkDocs works. Each page goes to Pagefind as soon as its
    content is known, before the theme is rendered around it, and once every page is in, Pagefind builds
    the index on the other core while MkDocs renders and writes the pages (it used to start only after
    the last one, ~9 s at 10,000 pages: benchmarks/SCALE.md).

    What Pagefind reads of a written page is its `data-pagefind-body` element and the language of the
    page, so each page is sent as those alone (`early_document`). Then every written page is checked: its
    element is there as it was sent, the language is the one assumed, and nothing outside the element
    would count (`_READ`: another theme, another plugin). If a page fails the check, that index is thrown
    away and Pagefind indexes the written site from disk: slower, the same words. `redone` says why."""

    def __init__(self, language: str) -> None:
        self._index = SearchIndex()
        self._lang_attribute = f' lang="{html_escape(language)}"'
        self._early: dict[str, str] = {}   # dest_uri -> the element sent for it
        self._complete = False             # every page went early, and the bundle is asked for
        self.redone: str | None = None

    def content(self, dest_uri: str, content: str) -> None:
        """A page's content once converted: sent now as the element the theme will write it in
        (site_templates/overrides/partials/content.html). A page without an <h1> goes once written: the
        theme puts its title in the element too."""
        if "<h1" in content:
            element = f"{_INDEXED}{content}</div>"
            self._early[dest_uri] = element
            self._index.add(dest_uri, self.early_document(element))

    def early_document(self, element: str) -> str:
        return f"<!doctype html><html{self._lang_attribute}><body>{element}</body></html>"

    def all_content_known(self, pages: int) -> None:
        """Every page's content is known: `pages` pages. Pagefind builds the index now if all went early."""
        if len(self._early) == pages:
            self._complete = True
            self._index.ask_for_bundle()

    def written(self, dest_uri: str, page: str) -> None:
        """A page as written: checked when it went early, sent now when it did not."""
        element = self._early.pop(dest_uri, None)
        if self.redone is not None:
            return
        if element is not None:
            if not self._reads_as_sent(page, element):
                self.redone = f"{dest_uri} does not read as it was sent"
        elif self._complete:
            if "data-pagefind" in page:   # a page without the marks is one Pagefind skips
                self.redone = f"{dest_uri} came after the index was built"
        else:
            self._index.add(dest_uri, page)

    def _reads_as_sent(self, page: str, element: str) -> bool:
        """The page holds the element as it was sent, its <html> has the language assumed, and nothing
        Pagefind would read is outside the element."""
        start = page.find(_INDEXED)
        if start == -1 or not page.startswith(element, start):
            return False
        end = start + len(element)
        html_tag = page.find("<html")
        return (html_tag != -1 and page.find(self._lang_attribute, html_tag, page.find(">", html_tag)) != -1
                and not any(page.find(mark, 0, start) != -1 or page.find(mark, end) != -1 for mark in _READ))

    def write(self, site_dir: Path, *, from_disk: bool = False) -> int:
        """Write the bundle; from the written site when asked (a `--dirty` build writes only the pages it
        changed) or when a page did not read as it was sent."""
        if from_disk or self.redone is not None:
            self._index.close()
            self._index = SearchIndex()
            self._index.add_site(site_dir)
        return self._index.write(site_dir)

    def close(self) -> None:
        self._index.close()
