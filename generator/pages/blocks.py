"""Blocks that several page families show, as typed values: a page's view holds them, and the
templates lay them out with the macros of `_macros.md.j2` of the same names."""

from __future__ import annotations

from dataclasses import dataclass

from .. import paths


@dataclass(frozen=True)
class Downloads:
    """The whole-catalog downloads, linked from one page."""
    entities_json: str
    entities_csv: str
    benchmarks_json: str
    benchmarks_csv: str


def downloads(page: str) -> Downloads:
    return Downloads(paths.rel(page, paths.ENTITIES_JSON), paths.rel(page, paths.ENTITIES_CSV),
                     paths.rel(page, paths.BENCHMARKS_JSON), paths.rel(page, paths.BENCHMARKS_CSV))
