"""Stage 3: cross-reference. Ids resolve, comparison pairs are derived from the match graph.

A pair is two entities joined in the match graph (one lists the other as an alternative), or listed
in content/comparisons.yaml. Each pair has one canonical id: the two entity ids in sorted order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, TypeVar

from .diagnostics import Diagnostic, Severity, did_you_mean, short
from .models import Entity, FaqEntry
from .records import Located
from .validate import ValidContent
from .yaml_tree import Path as YamlPath

Identified = TypeVar("Identified", Entity, FaqEntry)   # the records that have an id of their own


@dataclass(frozen=True, order=True)
class Pair:
    a: str  # a < b: the canonical order
    b: str
    explicit: bool = False   # requested in comparisons.yaml
    why: str | None = None

    @property
    def slug(self) -> str:
        return pair_slug(self.a, self.b)


def _pair(x: str, y: str, explicit: bool = False, why: str | None = None) -> Pair:
    """The pair of two ids in its canonical order."""
    a, b = sorted((x, y))
    return Pair(a, b, explicit, why)


def pair_slug(x: str, y: str) -> str:
    a, b = sorted((x, y))
    return f"{a}-vs-{b}"


@dataclass
class Catalog:
    entities: dict[str, Entity]                      # by id, in id order
    faq: dict[str, FaqEntry]
    pairs: list[Pair]                                # sorted by slug
    pairs_of: dict[str, list[Pair]] = field(default_factory=dict)
    named_by: dict[str, set[str]] = field(default_factory=dict)   # id -> ids that list it as an alternative
    linked: dict[str, set[str]] = field(default_factory=dict)     # integrations, both directions
    faq_of: dict[str, list[str]] = field(default_factory=dict)    # entity id -> faq ids

    def times_matched(self, entity_id: str) -> int:
        return len(self.pairs_of.get(entity_id, []))


def _unresolved(item: Located[Any], path: YamlPath, value: str, known: Iterable[str], what: str) -> Diagnostic:
    return item.at(path, Severity.ERROR, "unknown-id", f"no {what} has this id", got=short(value),
                   hint=did_you_mean(value, known) or f"add content/entities/{value}.yaml, or fix the id")


def _references(e: Entity) -> list[tuple[YamlPath, str, str]]:
    """(path, the list it is in, id) of every entity an entity names; on a partial model (partial.py) the
    ids that failed their type are None and left out."""
    out: list[tuple[YamlPath, str, str]] = [((name, i), name, other) for name in ("alternatives", "integrations")
           for i, other in enumerate(getattr(e, name) or ()) if other is not None]
    for i, cap in enumerate(e.capabilities or ()):
        for j, comp in enumerate(cap.compared or () if cap is not None else ()):
            if comp is not None and comp.with_ is not None:
                out.append((("capabilities", i, "compared", j, "with"), "compared", comp.with_))
    return out


def _by_id(items: list[Located[Identified]]) -> tuple[dict[str, Located[Identified]], list[Diagnostic]]:
    """Items by id, and a duplicate-id for each file whose id another file already holds. The file named
    after the id holds it: a copy under another name is the one reported."""
    out: dict[str, Located[Identified]] = {}
    diags = []
    for item in sorted(items, key=lambda it: PurePosixPath(it.file).stem != it.model.id):
        other = out.get(item.model.id)
        if other is not None:
            diags.append(item.at(("id",), Severity.ERROR, "duplicate-id", f"the id is already used by {other.file}",
                                 got=short(item.model.id), hint="every file needs an id of its own: change this one"))
        else:
            out[item.model.id] = item
    return out, diags


def undeclared_categories(items: Iterable[Located[Entity]], declared: set[str], where: str) -> list[Diagnostic]:
    return [item.at(("categories", i), Severity.ERROR, "unknown-category", f"not a category declared in {where}",
                    got=short(c), hint=did_you_mean(c, declared) or f"use a declared category, or declare {c!r} in "
                                                                   f"{where} with a name and what belongs in it")
            for item in items for i, c in enumerate(item.model.categories or ()) if c is not None and c not in declared]


def build(content: ValidContent) -> tuple[Catalog, list[Diagnostic]]:
    by_id, diags = _by_id(content.entities)
    known = set(by_id)
    broken = content.invalid_ids - known   # their own diagnostics explain; don't cascade
    pairs: dict[str, Pair] = {}

    def report(d: Diagnostic) -> None:
        if d.got is None or d.got.strip("'") not in broken:
            diags.append(d)
    named_by: dict[str, set[str]] = {i: set() for i in known}
    linked: dict[str, set[str]] = {i: set() for i in known}

    for eid, item in sorted(by_id.items()):
        e = item.model
        for path, role, other in _references(e):
            if other not in known:
                report(_unresolved(item, path, other, known, "entity"))
            elif role == "alternatives" and (kind := e.kind) is not None and \
                    (other_kind := by_id[other].model.kind) is not None and other_kind != kind:
                diags.append(item.at(path, Severity.ERROR, "incomparable-pair",
                                     f"{other} is a {other_kind.replace(':', ' for ')}, this is a "
                                     f"{kind.replace(':', ' for ')}: they are not alternatives", got=short(other),
                                     hint="alternatives serve the same job; to compare anyway, list the pair in "
                                          "content/comparisons.yaml with the reason readers ask for it"))
            elif role == "alternatives":
                named_by[other].add(eid)
                pairs.setdefault(pair_slug(eid, other), _pair(eid, other))
            elif role == "integrations":
                linked[eid].add(other)
                linked[other].add(eid)
            elif other == eid:
                diags.append(item.at(path, Severity.ERROR, "self-pair", "a capability cannot be compared with its "
                                     "own entity"))
            else:
                named_by[other].add(eid)
    # A file with type errors: its references are checked all the same (partial.py).
    for item in content.partial_entities:
        for path, _, other in _references(item.model):
            if other not in known:
                report(_unresolved(item, path, other, known, "entity"))
    if content.categories is not None:
        diags += undeclared_categories([*by_id.values(), *content.partial_entities],
                                       set(content.categories.model.categories), content.categories.file)

    if content.comparisons is not None:
        listed: dict[str, int] = {}
        requests = content.comparisons
        for i, req in enumerate(requests.model.pairs or ()):
            if req is None:
                continue   # not even a mapping: reported, nothing to check
            ok = content.comparisons_complete
            for side in ("a", "b"):
                value = getattr(req, side)
                if value is not None and value not in known:
                    report(_unresolved(requests, ("pairs", i, side), value, known, "entity"))
                ok = ok and value in known
            if None in (req.a, req.b):
                continue
            if req.a == req.b:
                diags.append(requests.at(("pairs", i), Severity.ERROR, "self-pair", "a pair needs two different entities",
                                     got=short(req.a)))
                continue
            slug = pair_slug(req.a, req.b)
            if slug in listed:
                diags.append(requests.at(("pairs", i), Severity.ERROR, "duplicate-pair",
                                     f"this pair is already listed as pairs[{listed[slug]}]", got=slug,
                                     hint="remove one of the two (the order of a and b does not matter)"))
                continue
            listed[slug] = i
            if ok:
                pairs[slug] = _pair(req.a, req.b, explicit=True, why=req.why)

    faq: dict[str, FaqEntry] = {}
    faq_of: dict[str, list[str]] = {i: [] for i in known}
    faq_items, more = _by_id(content.faq)
    diags += more
    for _, faq_item in sorted(faq_items.items()):
        entry = faq_item.model
        faq[entry.id] = entry
        for i, rel in enumerate(entry.related):
            if rel not in known:
                report(_unresolved(faq_item, ("related", i), rel, known, "entity"))
            else:
                faq_of[rel].append(entry.id)
    for partial_entry in content.partial_faq:
        for i, rel in enumerate(partial_entry.model.related or ()):
            if rel is not None and rel not in known:
                report(_unresolved(partial_entry, ("related", i), rel, known, "entity"))

    ordered_pairs = sorted(pairs.values(), key=lambda p: p.slug)
    pairs_of: dict[str, list[Pair]] = {i: [] for i in known}
    for p in ordered_pairs:
        pairs_of[p.a].append(p)
        pairs_of[p.b].append(p)
    catalog = Catalog(
        entities={i: by_id[i].model for i in sorted(by_id)},
        faq={i: faq[i] for i in sorted(faq)},
        pairs=ordered_pairs, pairs_of=pairs_of, named_by=named_by, linked=linked,
        faq_of={k: sorted(v) for k, v in faq_of.items()},
    )
    return catalog, diags
