"""Every page of the site, from every family, in a stable order."""

from __future__ import annotations

from collections import Counter

from ..site import Site
from . import benchmarks, compare, contribute, entity, faq, hubs, selection
from .spec import PageSpec


def plan(site: Site) -> list[PageSpec]:
    specs = entity.plan(site) + compare.plan(site) + faq.plan(site) + selection.plan(site)
    specs += benchmarks.plan(site) + contribute.plan(site)
    specs += hubs.plan(site, {s.path for s in specs})
    duplicates = sorted(p for p, n in Counter(s.path for s in specs).items() if n > 1)
    if duplicates:  # a bug, not a content error: ids are unique and page families use distinct folders
        raise AssertionError(f"two pages planned at {duplicates}")
    return sorted(specs, key=lambda s: s.path)
