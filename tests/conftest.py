"""Shared fixtures: paths of the project and of the small fixture corpus."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def mini() -> Path:
    """A three-entity corpus: two language models and a repository, with one requested pair."""
    return FIXTURES / "mini"


@pytest.fixture(scope="session")
def scale():
    """benchmarks/scale.py as a module (it is a script, not a package): its content synthesizer."""
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "scale.py"
    spec = importlib.util.spec_from_file_location("versus_scale", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module   # dataclasses look their module up by name
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true",
                     help="rewrite golden files (expected diagnostics, rendered pages) from the current output")


@pytest.fixture(scope="session")
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: opens pages in headless Chromium (Debian's /usr/bin/chromium)")
    config.addinivalue_line("markers", "content: reads the shipped content/ and benchmarks/; checks properties any "
                            "valid content has, never its size or values (tests/test_contribution.py runs these "
                            "on a copy with a contributor's additions)")


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for the whole session (Playwright's sync API allows one running instance per thread),
    shared by tests/browser/ and the hostile-content test."""
    import os

    from browser.browser_site import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Chromium is missing ({CHROMIUM}); install it with: sudo apt-get install -y chromium "
                    "(`make test` does this itself when run as root)", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # launch() gives the browser a fresh, temporary user-data-dir of its own.
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
