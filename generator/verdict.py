"""The verdict of a comparison, generated from the same numbers as its table.

It never claims a lead the table does not show: a difference inside the margin of doubt is "too close
to call", a component with no data on one side is named as such and never leads, and two entities of
different kinds are said to serve different jobs, with only what they share compared. A composite skips
the components without data, so one side's score can rest on a component the other has no data for: a
lead counts only when the components both have data for give it too (`common_ground`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Entity
from .scoring import Score, close_call_margin, composite_of

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

KIND_PLURALS = {
    "model:text-generation": "language models",
    "model:text-to-image": "image-generation models",
    "model:text-to-video": "video-generation models",
    "runtime": "runtimes",
    "repository": "repositories",
    "library": "libraries",
    "app": "applications",
    "service": "hosted services",
}


def kind_words(e: Entity) -> str:
    """What an entity is, with its article: "a language model"."""
    assert e.kind is not None, f"{e.id}: a model without a task passed validation"
    return KIND_WORDS[e.kind]


def kind_noun(e: Entity) -> str:
    """What an entity is, without its article: "language model"."""
    return kind_words(e).split(" ", 1)[1]


@dataclass(frozen=True)
class Verdict:
    """The score comparison, kept apart from the picks: a difference inside the combined margin is too close
    to call, and entities of different kinds are never scored against each other."""

    headline: str
    points: tuple[str, ...]
    same_kind: bool
    margin: float
    leader: str | None          # the entity whose score is higher beyond the margin


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def score_text(s: Score) -> str:
    return "no score" if s.composite is None else f"{_fmt(s.composite)} ± {_fmt(s.margin)}"


def common_ground(sa: Score, sb: Score) -> tuple[float | None, float | None, tuple[str, ...]]:
    """Each side's composite over the components both have data for, each with its own weights (None
    when there is none), and the titles of the components only one side has data for."""
    def has(s: Score, name: str) -> bool:
        c = s.component(name)
        return c is not None and c.points is not None

    both = {c.name for c in sa.components if has(sa, c.name) and has(sb, c.name)}
    one_sided = tuple(c.title for c in sa.components if has(sa, c.name) != has(sb, c.name))

    def composite(s: Score) -> float | None:
        shared = [c for c in s.components if c.name in both]
        return composite_of({c.name: c.points for c in shared}, {c.name: c.weight for c in shared})[0]

    return composite(sa), composite(sb), one_sided


def _titles(titles: tuple[str, ...]) -> str:
    return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]


def decide(a: Entity, b: Entity, sa: Score, sb: Score) -> Verdict:
    margin = close_call_margin(sa, sb)
    if a.kind != b.kind:
        headline = (f"{a.name} is {kind_words(a)} and {b.name} is {kind_words(b)}: their scores "
                    f"rest on different components and are not compared.")
        return Verdict(headline, (), False, margin, None)
    leader = None
    if sa.composite is None or sb.composite is None:
        missing = a.name if sa.composite is None else b.name
        headline = f"No score comparison: {missing} has no scored data."
    else:
        diff = sa.composite - sb.composite
        if abs(diff) <= margin:
            headline = (f"Scores too close to call: {a.name} {score_text(sa)}, {b.name} {score_text(sb)}; the "
                        f"difference of {_fmt(abs(diff))} points is inside the combined margin of {_fmt(margin)}.")
        else:
            lead, trail = (a, b) if diff > 0 else (b, a)
            hi, lo = (sa, sb) if diff > 0 else (sb, sa)
            ga, gb, one_sided = common_ground(sa, sb)
            if ga is not None and gb is not None and abs(ga - gb) > margin and (ga - gb) * diff > 0:
                leader = lead.id
                headline = (f"{lead.name} scores higher: {score_text(hi)} against {score_text(lo)} for "
                            f"{trail.name}, {_fmt(abs(diff))} points, beyond the combined margin of {_fmt(margin)}.")
            else:
                common = ("they have no scored component in common" if ga is None or gb is None else
                          f"on the components both have data for, {a.name} has {_fmt(ga)} and {b.name} {_fmt(gb)}"
                          + (f", inside the combined margin of {_fmt(margin)}" if abs(ga - gb) <= margin else ""))
                headline = (f"No score lead: {lead.name}'s {score_text(hi)} against {score_text(lo)} for "
                            f"{trail.name} rests on {_titles(one_sided)}, with data for one side only; {common}.")
    points: list[str] = []
    for ca in sa.components:
        cb = sb.component(ca.name)
        if cb is None:
            continue
        if ca.points is None and cb.points is None:
            points.append(f"{ca.title}: no data for either.")
        elif ca.points is None or cb.points is None:
            has, value, lacks = (a, ca.points, b) if ca.points is not None else (b, cb.points, a)
            points.append(f"{ca.title}: only {has.name} has data ({_fmt(value or 0)}); none is recorded for "
                          f"{lacks.name}, so there is no comparison.")
        else:
            d = ca.points - cb.points
            if abs(d) <= margin:
                points.append(f"{ca.title}: even within the margin ({_fmt(ca.points)} vs {_fmt(cb.points)}).")
            else:
                points.append(f"{ca.title}: {a.name if d > 0 else b.name} leads by {_fmt(abs(d))} points "
                              f"({_fmt(ca.points)} vs {_fmt(cb.points)}).")
    return Verdict(headline, tuple(points), True, margin, leader)
