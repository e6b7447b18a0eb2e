"""The verdict of a comparison, generated from the same numbers as its table.

It never claims a lead the table does not show: a difference inside the margin of doubt is "too close
to call", a component with no data on one side is named as such and never leads, and two entities of
different kinds are said to serve different jobs, with only what they share compared. A composite skips
the components without data, so one side's score can rest on a component the other has no data for: a
lead counts only when the components both have data for give it too (`common_ground`), and the page
says which components only one side has data for.
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
    leader: str | None          # higher beyond the margin, on the components both have data for too


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def score_text(s: Score) -> str:
    return "no score" if s.composite is None else f"{_fmt(s.composite)} ± {_fmt(s.margin)}"


def common_ground(sa: Score, sb: Score) -> tuple[float | None, float | None]:
    """Each side's composite over the components both have data for, each with its own weights (None when
    there is none)."""
    both = {c.name for c in sa.components if _has(sa, c.name) and _has(sb, c.name)}

    def composite(s: Score) -> float | None:
        shared = [c for c in s.components if c.name in both]
        return composite_of({c.name: c.points for c in shared}, {c.name: c.weight for c in shared})[0]

    return composite(sa), composite(sb)


def _has(s: Score, name: str) -> bool:
    c = s.component(name)
    return c is not None and c.points is not None


def beyond(difference: float, margin: float) -> bool:
    """Whether a difference is more than the margin. Both are in tenths of a point, so they are compared as
    whole tenths: 90.5 - 70.1 is 20.400000000000006 in floating point, and is not beyond 20.4."""
    return round(abs(difference) * 10) > round(margin * 10)


def _listed(titles: list[str]) -> str:
    """Component titles in running text: "benchmark quality", "a and b", "a, b, and c" (a title may hold
    "and" itself: "openness and license")."""
    words = [t[:1].lower() + t[1:] for t in titles]
    return words[0] if len(words) == 1 else " and ".join(words) if len(words) == 2 else \
        ", ".join(words[:-1]) + ", and " + words[-1]


def _only(x: Entity, sx: Score, y: Entity, sy: Score) -> str:
    """Which components only one side has data for, side by side: "only A has data for b; only B for c"."""
    parts: list[str] = []
    for has, s, other in ((x, sx, sy), (y, sy, sx)):
        titles = [c.title for c in s.components if c.points is not None and not _has(other, c.name)]
        if titles:
            parts.append(f"only {has.name} {'has data ' if not parts else ''}for {_listed(titles)}")
    return ", and ".join(parts)


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
        if not beyond(diff, margin):
            headline = (f"Scores too close to call: {a.name} {score_text(sa)}, {b.name} {score_text(sb)}; the "
                        f"difference of {_fmt(abs(diff))} points is inside the combined margin of {_fmt(margin)}.")
        else:
            lead, trail = (a, b) if diff > 0 else (b, a)
            hi, lo = (sa, sb) if diff > 0 else (sb, sa)
            g_lead, g_trail = common_ground(hi, lo)
            if g_lead is not None and g_trail is not None and g_lead > g_trail and beyond(g_lead - g_trail, margin):
                leader = lead.id
                headline = (f"{lead.name} scores higher: {score_text(hi)} against {score_text(lo)} for "
                            f"{trail.name}, {_fmt(abs(diff))} points, beyond the combined margin of {_fmt(margin)}.")
            else:
                if g_lead is None or g_trail is None:
                    common = "they have no scored component in common"
                else:
                    common = (f"scored on the components both have data for, {lead.name} gets {_fmt(g_lead)} and "
                              f"{trail.name} {_fmt(g_trail)}, " +
                              (f"so {trail.name} is ahead by more than the combined margin of {_fmt(margin)}"
                               if beyond(g_lead - g_trail, margin) else
                               f"inside the combined margin of {_fmt(margin)}"))
                headline = (f"No score lead: {lead.name} is ahead overall, {score_text(hi)} against {score_text(lo)} "
                            f"for {trail.name}, but {_only(lead, hi, trail, lo)}; {common}.")
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
            if not beyond(d, margin):
                points.append(f"{ca.title}: even within the margin ({_fmt(ca.points)} vs {_fmt(cb.points)}).")
            else:
                points.append(f"{ca.title}: {a.name if d > 0 else b.name} leads by {_fmt(abs(d))} points "
                              f"({_fmt(ca.points)} vs {_fmt(cb.points)}).")
    return Verdict(headline, tuple(points), True, margin, leader)
