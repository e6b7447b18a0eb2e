"""What the browser tests share: the pages under test, the one build of the site, a recorded tab.

(A module of its own, not conftest.py, so test modules can import it: tests/ has no packages.)
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("VERSUS_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 900}   # wide enough for Material's header search box and tabs

# The pages every browser test looks at (URL paths on the served site).
HOME = "/"
COMPARE = "/compare/furkangozukara-stable-diffusion-vs-phi-3-5-mini/"
ENTITY = "/entities/phi-3-5-mini/"
ENTITIES = "/entities/"
FAQ_HUB = "/troubleshooting/"
FAQ_CATEGORY = "/troubleshooting/generation/"
HUBS = ["/compare/", "/rankings/", "/methodology/"]
MAX_SELECTION_PAGES = 3


@functools.cache
def built_site() -> Path:
    """Build the site once (it is also needed at collection time, to list the selection pages)."""
    out = Path(tempfile.mkdtemp(prefix="versus-browser-")) / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--site-dir", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"the site did not build (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return out


def selection_pages(site: Path) -> list[str]:
    """The model-selection pages, when the build has them: the hub first, then a few task pages."""
    folder = site / "selection"
    if not folder.is_dir():
        return []
    found = sorted("/" + p.parent.relative_to(site).as_posix() + "/" for p in folder.rglob("index.html"))
    return found[:MAX_SELECTION_PAGES]


def pages_under_test() -> list[str]:
    return [HOME, COMPARE, ENTITY, *selection_pages(built_site()), FAQ_HUB, FAQ_CATEGORY, ENTITIES, *HUBS]


@dataclass
class Problems:
    """What went wrong while a page was open: console errors, uncaught errors, failed requests."""
    console: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        return ([f"console: {m}" for m in self.console] + [f"uncaught: {m}" for m in self.page_errors]
                + [f"request: {m}" for m in self.failed])


class Tab:
    """A page in its own browser context, with its problems recorded from the first request on."""

    def __init__(self, context, base_url: str):
        self.context = context
        self.base_url = base_url
        self.page = context.new_page()
        self.problems = Problems()
        page = self.page
        page.on("console", lambda m: self.problems.console.append(f"{m.text} ({m.location.get('url', '')})")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: self.problems.page_errors.append(str(e)))
        page.on("requestfailed", lambda r: self.problems.failed.append(f"{r.url}: {r.failure}"))
        page.on("response", lambda r: self.problems.failed.append(f"{r.url}: HTTP {r.status}")
                if r.status >= 400 else None)

    def url(self, path: str) -> str:
        return self.base_url + path

    def path_of(self, url: str) -> str:
        """`http://127.0.0.1:1234/a/b/?h=x#frag` -> `/a/b/#frag` (the search adds ?h= for highlighting)."""
        parts = urlsplit(url)
        return parts.path + (f"#{parts.fragment}" if parts.fragment else "")

    def goto(self, path: str):
        response = self.page.goto(self.url(path), wait_until="load")
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        # Material's own scripts run on DOMContentLoaded; `document$` emits once they have.
        self.page.wait_for_function("() => typeof document$ !== 'undefined'")
        return response

    def settle(self) -> None:
        """Let late requests (the search index, fonts, images) finish before problems are judged."""
        self.page.wait_for_load_state("networkidle")


def open_tab(browser, base_url: str, color_scheme: str = "light") -> Tab:
    """A tab in a fresh context: own storage (so a palette choice never leaks), the given colour scheme."""
    context = browser.new_context(viewport=VIEWPORT, color_scheme=color_scheme, locale="en-US",
                                  service_workers="block")
    # Anything that leaves the local server is a bug (offline builds, no third-party requests): fail it
    # at once, so it shows up as a failed request instead of a network timeout.
    context.route(lambda url: not url.startswith(base_url) and not url.startswith(("data:", "blob:")),
                  lambda route: route.abort("blockedbyclient"))
    return Tab(context, base_url)
