"""The troubleshooting FAQ: a hub, one page per category, a permanent anchor per entry.

Each entry's heading is the error text as people see it, so that a pasted message finds it, and the
anchor is the entry's id, so that links survive edits to the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import FaqEntry
from ..site import Site
from .. import paths
from .citations import Citation, Citations
from .spec import PageSpec

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
class EntryView:
    entry: FaqEntry
    related: tuple[tuple[str, str], ...]   # (name, link)
    cites: tuple[Citation, ...]
    platforms: str


def answer_text(e: FaqEntry) -> str:
    """The plain-text answer used in FAQPage structured data; it repeats what the page shows."""
    steps = " ".join(f"{i}. {s.step}" for i, s in enumerate(e.fix, 1))
    return f"Cause: {e.cause} Fix: {steps} Verify: run {e.verify.command} and expect {e.verify.expect}"


def structured_data(entries) -> dict:
    """schema.org FAQPage that matches the visible questions (the error texts) and answers."""
    return {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": [
        {"@type": "Question", "name": e.error, "acceptedAnswer": {"@type": "Answer", "text": answer_text(e)}}
        for e in entries]}


def _view(e: FaqEntry, site: Site, page: str, cites: Citations) -> EntryView:
    related = tuple((site.catalog.entities[r].name, paths.rel(page, paths.entity(r)))
                    for r in e.related if r in site.catalog.entities)
    return EntryView(e, related, tuple(cites.cite(s) for s in e.sources),
                     ", ".join(PLATFORM_TITLES[p] for p in e.applies_to.platforms))


def plan(site: Site) -> list[PageSpec]:
    entries = list(site.catalog.faq.values())
    if not entries:
        return []
    specs = []
    by_category: dict[str, list[FaqEntry]] = {}
    for e in entries:
        by_category.setdefault(e.category, []).append(e)
    for category in CATEGORY_TITLES:
        if category not in by_category:
            continue
        page = paths.faq_category(category)
        cites = Citations()
        views = [_view(e, site, page, cites) for e in sorted(by_category[category], key=lambda e: e.id)]
        specs.append(PageSpec(
            page, "faq_category.md.j2", f"Troubleshooting: {CATEGORY_TITLES[category]}",
            f"Error messages in {CATEGORY_TITLES[category].lower()}, with their causes, fixes and how to check them.",
            {"title": CATEGORY_TITLES[category], "entries": views, "sources": tuple(cites.items),
             "hub": paths.rel(page, paths.TROUBLESHOOTING)},
            # above entity pages (1.5): a pasted error should find its entry before the page of a model
            # that lists the same error among its known problems
            meta={"faq_jsonld": structured_data(v.entry for v in views), "search": {"boost": 2}}))
    hub_rows = [(CATEGORY_TITLES[c], paths.rel(paths.TROUBLESHOOTING, paths.faq_category(c)),
                 sorted(by_category[c], key=lambda e: e.id)) for c in CATEGORY_TITLES if c in by_category]
    platforms = {p: sorted((e for e in entries if p in e.applies_to.platforms), key=lambda e: e.id)
                 for p in PLATFORM_TITLES}
    specs.append(PageSpec(
        paths.TROUBLESHOOTING, "faq_hub.md.j2", "Troubleshooting",
        "Real error messages from Stable Diffusion tools and language-model runtimes: causes, fixes, checks.",
        {"categories": hub_rows,
         "platforms": [(PLATFORM_TITLES[p], [(e, paths.rel(paths.TROUBLESHOOTING, paths.faq_category(e.category)))
                                             for e in items]) for p, items in platforms.items() if items]},
        in_nav=True))
    return specs
