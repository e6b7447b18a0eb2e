"""Which cited addresses are pinned to a revision: a report for `versus validate`, not a rule yet.

A page on a branch (GitHub `blob/main`, Hugging Face `blob/main`) or a repository's front page can
change after it was cited and stop saying what it is cited for; the same file at a commit cannot.
Content is being moved to pinned addresses, so this is counted and listed instead of failing the build;
once the count is zero it can become an error. Pure: entities in, findings out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .models import Entity

_COMMIT = re.compile(r"[0-9a-f]{7,40}")
_TAG = re.compile(r"v?[0-9]+(?:\.[0-9]+)+[A-Za-z0-9.+-]*")    # a release tag, e.g. v1.5.0: fixed in practice
_GITHUB = re.compile(r"https://github\.com/[^/]+/[^/?#]+(?:/(?P<kind>blob|tree|raw|commit|releases|wiki|issues|pull|"
                     r"discussions)(?:/(?:tag/)?(?P<ref>[^/?#]+))?)?")
_GITHUB_RAW = re.compile(r"https://raw\.githubusercontent\.com/[^/]+/[^/]+/(?P<ref>[^/?#]+)")
_HF = re.compile(r"https://huggingface\.co/(?:datasets/|spaces/)?(?P<owner>[^/]+)/[^/?#]+(?P<rest>[/?#].*)?$")
_HF_FILE = re.compile(r"/(?:blob|resolve|tree|raw)/(?P<ref>[^/?#]+)")
_HF_SITE = {"docs", "blog", "papers", "learn", "api", "models", "collections", "tasks", "posts", "settings"}


@dataclass(frozen=True, order=True)
class Unpinned:
    file: str
    key: str        # the source's key
    url: str
    reason: str


def _pinned_ref(ref: str | None) -> bool:
    return ref is not None and (bool(_COMMIT.fullmatch(ref)) or bool(_TAG.fullmatch(ref)))


def unpinned_reason(url: str) -> str | None:
    """Why `url` could change under its citation, or None (pinned, or a host without revisions)."""
    if m := _GITHUB_RAW.match(url):
        return None if _pinned_ref(m["ref"]) else f"on branch {m['ref']!r}"
    if m := _GITHUB.match(url):
        kind, ref = m["kind"], m["ref"]
        if kind is None:
            return "a repository's front page"
        if kind in ("blob", "tree", "raw"):
            return None if _pinned_ref(ref) else f"on branch {ref!r}"
        if kind == "releases" and ref is not None:
            return None   # a release's own page
        return None      # an issue, a pull request, a commit: each is one fixed thing
    if (m := _HF.match(url)) and m["owner"] not in _HF_SITE:
        rest = m["rest"] or ""
        if rest in ("", "/") or rest.startswith(("?", "#")):
            return "a repository's front page"
        if f := _HF_FILE.match(rest):
            return None if _pinned_ref(f["ref"]) else f"on branch {f['ref']!r}"
    return None


def unpinned(entities: Iterable[Entity], entity_dir: str) -> list[Unpinned]:
    return sorted(Unpinned(f"{entity_dir}/{e.id}.yaml", key, s.url, reason)
                  for e in entities for key, s in e.sources.items()
                  if (reason := unpinned_reason(s.url)) is not None)


def cited_urls(entities: Iterable[Entity]) -> int:
    return sum(len(e.sources) for e in entities)


def commonest_fact_date(entities: Iterable[Entity]) -> tuple[str, int, int] | None:
    """(date, facts with it, all facts): the issue's check that facts carry their sources' own dates."""
    dates = Counter(f.as_of.isoformat() for e in entities for f in e.facts.values())
    if not dates:
        return None
    date, count = dates.most_common(1)[0]
    return date, count, sum(dates.values())
