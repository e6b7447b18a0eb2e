"""The verdict of a comparison, generated from the same numbers as its table.

It never claims a lead the table does not show: a difference inside the margin of doubt is "too close
to call", a component with no data on one side is named as such, and two entities of different kinds
are said to serve different jobs, with only what they share compared.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Entity
from .scoring import Score, close_call_margin

KIND_WORDS = {
    "model:text-generation": "a language model",
    "model:text-to-image": "an image-generation model",
    "model:text-to-video": "a video-generation model",
    "runtime": "a runtime that serves models",
    "repository": "a repository",
    "library": "a library",
    "app": "an application",
    "service": "a hosted service",
}


@dataclass(frozen=True)
class Verdict:
    headline: str
    points: tuple[str, ...]
    same_kind: bool
    margin: float


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def decide(a: Entity, b: Entity, sa: Score, sb: Score, component_margin: float) -> Verdict:
    margin = close_call_margin(sa, sb)
    points: list[str] = []
    same_kind = a.kind == b.kind
    if not same_kind:
        headline = (f"{a.name} is {KIND_WORDS[a.kind]} and {b.name} is {KIND_WORDS[b.kind]}: they serve "
                    f"different jobs, so neither replaces the other. Only what they share is compared below.")
    elif sa.composite is None or sb.composite is None:
        missing = a.name if sa.composite is None else b.name
        headline = f"No composite comparison: {missing} has no scored data."
    else:
        diff = sa.composite - sb.composite
        if abs(diff) <= margin:
            headline = (f"Too close to call: {a.name} scores {_fmt(sa.composite)} and {b.name} "
                        f"{_fmt(sb.composite)}, a difference of {_fmt(abs(diff))} points, inside the "
                        f"{_fmt(margin)}-point margin of doubt.")
        else:
            lead, trail = (a, b) if diff > 0 else (b, a)
            hi, lo = max(sa.composite, sb.composite), min(sa.composite, sb.composite)
            headline = (f"{lead.name} leads overall, {_fmt(hi)} to {_fmt(lo)} ({_fmt(abs(diff))} points, beyond "
                        f"the {_fmt(margin)}-point margin of doubt).")
    for ca, cb in zip(sa.components, sb.components):
        if not same_kind and ca.name not in ("adoption", "freshness"):
            continue  # quality, ecosystem and match graph are scaled within a kind's own terms
        if ca.value is None and cb.value is None:
            points.append(f"{ca.title}: no data for either.")
        elif ca.value is None or cb.value is None:
            has = a if ca.value is not None else b
            lacks = b if has is a else a
            points.append(f"{ca.title}: only {has.name} has data ({_fmt((ca.points if has is a else cb.points))}); "
                          f"none is recorded for {lacks.name}, so there is no comparison.")
        else:
            d = ca.points - cb.points
            if abs(d) <= component_margin:
                points.append(f"{ca.title}: even ({_fmt(ca.points)} vs {_fmt(cb.points)}).")
            else:
                lead = a.name if d > 0 else b.name
                points.append(f"{ca.title}: {lead} leads by {_fmt(abs(d))} points "
                              f"({_fmt(ca.points)} vs {_fmt(cb.points)}).")
    if a.license.spdx and b.license.spdx and a.license.spdx == b.license.spdx:
        points.append(f"Both are released under the {a.license.name}.")
    if a.pricing.model == b.pricing.model:
        points.append(f"Both are {a.pricing.model} to use.")
    return Verdict(headline, tuple(points), same_kind, margin)
