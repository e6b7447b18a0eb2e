"""Shared fixtures: paths of the project and of the small fixture corpus."""

from __future__ import annotations

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
