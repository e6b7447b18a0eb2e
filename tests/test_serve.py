"""`make serve` (mkdocs serve with live reload) on content with a problem: the browser gets a page that
lists the problems, escaped, at every address it may be showing, and the real page again once the file
is fixed. (MkDocs' own behaviour is to keep every request waiting until a rebuild succeeds.) Every good
build, the first and each rebuild, has its search index (generator/search_index.py)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from helpers_site import FIXTURES, REPO, assemble

DEADLINE_S = 300   # a guard against a hang, not a timing: each step is waited for by polling


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _until(url: str, holds: Callable[[str], bool], server: subprocess.Popen, log: Path) -> str:
    end, page = time.monotonic() + DEADLINE_S, None
    while time.monotonic() < end:
        assert server.poll() is None, "mkdocs serve stopped:\n" + log.read_text(encoding="utf-8")[-3000:]
        page = _get(url)
        if page is not None and holds(page):
            return page
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed what was expected; last: {(page or '')[:500]}\n"
                         + log.read_text(encoding="utf-8")[-3000:])


def test_serve_shows_content_problems_in_the_browser_and_reloads_once_fixed(tmp_path: Path) -> None:
    project = assemble(tmp_path / "project", FIXTURES / "mini")
    entity = project.root / "content/entities/alpha-lm.yaml"
    good = entity.read_text(encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    log = tmp_path / "serve.log"
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-f", str(project.config),
                               "-a", f"127.0.0.1:{port}"], cwd=project.root, env=env,
                              stdout=log.open("w"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/versus/"
    try:
        page = _until(base + "entities/alpha-lm/", lambda p: "Alpha LM" in p, server, log)
        assert "Content problems" not in page
        indexed = _indexed_pages(base, server, log)
        assert indexed > 0
        broken = good.replace("name: Alpha LM", "name: Alpha <b>LM</b>").replace("vendor:", "vendr:")
        entity.write_text(broken, encoding="utf-8")
        for address in ("entities/alpha-lm/", ""):   # the page being read, and the home page
            page = _until(base + address, lambda p: "Content problems" in p, server, log)
            assert "content/entities/alpha-lm.yaml:" in page and "error[unknown-field] vendr" in page
            assert "error[bad-value] name" in page                 # every problem, not only the first
            assert "<b>LM</b>" not in page and "&lt;b&gt;LM&lt;/b&gt;" in page   # content, escaped
            assert "livereload" in page            # MkDocs' reload script: the page reloads on the next build
        entity.write_text(good, encoding="utf-8")
        page = _until(base + "entities/alpha-lm/", lambda p: "Content problems" not in p, server, log)
        assert "Alpha LM" in page
        assert _indexed_pages(base, server, log) == indexed   # the rebuild wrote it again (a build starts clean)
    finally:
        server.terminate()
        server.wait(timeout=60)


def _indexed_pages(base: str, server: subprocess.Popen, log: Path) -> int:
    """The pages in the search index the server serves, once there is one (it is written after the pages)."""
    entry = _until(base + "pagefind/pagefind-entry.json", lambda p: p.startswith("{"), server, log)
    return sum(language["page_count"] for language in json.loads(entry)["languages"].values())
