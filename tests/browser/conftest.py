"""The real site in a real browser: one build, one local server and one Chromium per test session.

The site is built from the repository's own content with the same command a contributor runs, served
from 127.0.0.1 by a threaded http.server, and opened in Debian's Chromium through Playwright (no
browser download). Each test gets a fresh browser context (fresh storage, light palette by default).

Nothing here skips: a missing Chromium or axe-core fails the tests, with the command that fixes it.
`make test` (through `make browser`, tests/browser/setup.sh) installs both first.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest
from browser_site import AXE_JS, CHROMIUM, CHROMIUM_ARGS, ROOT, Tab, built_site, open_tab, pages_under_test

# --------------------------------------------------------------------------- the built site


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # Tests that take `page_path` run on every tested page, the selection pages included when built.
    if "page_path" in metafunc.fixturenames:
        metafunc.parametrize("page_path", pages_under_test())


def pytest_sessionfinish(session: pytest.Session) -> None:
    # Remove the temporary build, if this session made one.
    if built_site.cache_info().currsize:
        shutil.rmtree(built_site().parent, ignore_errors=True)


@pytest.fixture(scope="session")
def site_dir() -> Path:
    return built_site()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:   # noqa: A002 (the base class's name)
        pass


@pytest.fixture(scope="session")
def base_url(site_dir: Path):
    handler = functools.partial(_Quiet, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def axe_js() -> Path:
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is missing ({AXE_JS.relative_to(ROOT)}); run `make browser`", pytrace=False)
    return AXE_JS


@pytest.fixture()
def new_tab(chromium, base_url: str):
    """Open tabs in fresh browser contexts (`new_tab("dark")` for the dark palette); closed after the test."""
    opened: list[Tab] = []

    def make(color_scheme: str = "light") -> Tab:
        opened.append(open_tab(chromium, base_url, color_scheme))
        return opened[-1]

    yield make
    for t in opened:
        t.context.close()


@pytest.fixture()
def tab(new_tab) -> Tab:
    return new_tab()
