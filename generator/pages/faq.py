"""The troubleshooting FAQ: a hub, one page per category, a permanent anchor per entry.

Each entry's heading is the error text as people see it, so that a pasted message finds it, and the
anchor is the entry's id, so that links survive edits to the text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .. import paths
from ..models import FaqEntry
from ..site import Site
from .blocks import Link, entity_links
from .citations import Citation, Citations
from .spec import PageSpec, PageView

CATEGORY_TITLES = {
    "installation": "Installation and setup",
    "generation": "Image generation",
    "training": "Training and fine-tuning",
    "llm-runtime": "Language-model runtimes",
    "platform": "Platforms and cloud GPUs",
}
PLATFORM_TITLES = {"windows": "Windows", "linux": "Linux", "macos": "macOS", "wsl": "WSL",
                   "cloud-gpu": "Cloud GPUs (RunPod and similar)", "colab": "Google Colab", "any": "Any platform"}


@dataclass(frozen=True)
class FixLine:
    step: str
    command: str       # verbatim, "" when none
    tradeoff: str      # "" when none


@dataclass(frozen=True)
class EntryView:
    id: str            # the entry's permanent anchor
    error: str         # verbatim
    title: str
    tools: str
    platforms: str
    hardware: str      # "" when not stated
    versions: str      # "" when not stated
    cause: str
    fix: tuple[FixLine, ...]
    verify_command: str
    verify_expect: str
    related: tuple[Link, ...]
    cites: tuple[Citation, ...]
    last_verified: str


@dataclass(frozen=True)
class FaqCategoryPage(PageView):
    TEMPLATE = "faq_category.html.j2"
    title: str
    entries: tuple[EntryView, ...]
    sources: tuple[Citation, ...]
    hub: str


@dataclass(frozen=True)
class LinkGroup:
    title: str
    link: str          # "" when the group has no page of its own
    links: tuple[Link, ...]


@dataclass(frozen=True)
class FaqHubPage(PageView):
    TEMPLATE = "faq_hub.html.j2"
    categories: tuple[LinkGroup, ...]
    platforms: tuple[LinkGroup, ...]


def answer_text(e: FaqEntry) -> str:
    """The plain-text answer used in FAQPage structured data; it repeats what the page shows."""
    steps = " ".join(f"{i}. {s.step}" for i, s in enumerate(e.fix, 1))
    return f"Cause: {e.cause} Fix: {steps} Verify: run {e.verify.command} and expect {e.verify.expect}"


def structured_data(entries: Iterable[FaqEntry]) -> dict[str, Any]:
    """schema.org FAQPage that matches the visible questions (the error texts) and answers."""
    return {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": [
        {"@type": "Question", "name": e.error, "acceptedAnswer": {"@type": "Answer", "text": answer_text(e)}}
        for e in entries]}


def _view(e: FaqEntry, site: Site, page: str, cites: Citations) -> EntryView:
    a = e.applies_to
    return EntryView(e.id, e.error, e.title, ", ".join(a.tools), ", ".join(PLATFORM_TITLES[p] for p in a.platforms),
                     a.hardware or "", a.versions or "", e.cause,
                     tuple(FixLine(s.step, s.command or "", s.tradeoff or "") for s in e.fix),
                     e.verify.command, e.verify.expect, entity_links(e.related, site, page),
                     tuple(cites.cite(s) for s in e.sources), e.last_verified.isoformat())


def _entry_links(entries: list[FaqEntry], page: str) -> tuple[Link, ...]:
    return tuple(Link(e.title, paths.href(page, paths.faq_entry(e.category, e.id))) for e in entries)


def plan(site: Site) -> list[PageSpec]:
    entries = list(site.catalog.faq.values())
    if not entries:
        return []
    specs = []
    by_category: dict[str, list[FaqEntry]] = {}
    for e in entries:
        by_category.setdefault(e.category, []).append(e)
    for category, title in CATEGORY_TITLES.items():
        if category not in by_category:
            continue
        page = paths.faq_category(category)
        cites = Citations()
        ordered = sorted(by_category[category], key=lambda e: e.id)
        views = tuple(_view(e, site, page, cites) for e in ordered)
        specs.append(PageSpec(
            page, f"Troubleshooting: {title}",
            f"Error messages in {title.lower()}, with their causes, fixes and how to check them.",
            FaqCategoryPage(title, views, tuple(cites.items),
                            paths.href(page, paths.TROUBLESHOOTING)),
            # above entity pages (1.5): a pasted error should find its entry before the page of a model
            # that lists the same error among its known problems
            meta={"faq_jsonld": structured_data(ordered), "search": {"boost": 2}}))
    hub = paths.TROUBLESHOOTING
    categories = tuple(LinkGroup(title, paths.href(hub, paths.faq_category(c)),
                                 _entry_links(sorted(by_category[c], key=lambda e: e.id), hub))
                       for c, title in CATEGORY_TITLES.items() if c in by_category)
    platforms = {p: sorted((e for e in entries if p in e.applies_to.platforms), key=lambda e: e.id)
                 for p in PLATFORM_TITLES}
    specs.append(PageSpec(
        hub, "Troubleshooting",
        "Real error messages from Stable Diffusion tools and language-model runtimes: causes, fixes, checks.",
        FaqHubPage(categories, tuple(LinkGroup(PLATFORM_TITLES[p], "", _entry_links(items, hub))
                                     for p, items in platforms.items() if items)),
        in_nav=True))
    return specs
