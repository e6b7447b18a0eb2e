"""Stage: "Which to pick". The use-case rules (`content/use_cases.yaml`) applied to one pair: for each use
case, the entity to pick or None, the deciding evidence in one line, and its citations; then a headline.

Pure: entities, the catalog's links, benchmark groups and the selection analysis's fits in; typed picks
out. A pick needs evidence on both sides (the line says what is missing otherwise); a difference within
the rule's threshold is no real difference. Each line states the values it compared, as the comparison
table shows them, so a reader (and a test) can check the pick against the page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from .benchmarks import BenchmarkData
from .catalog import Catalog
from .fits import ESTIMATE_FACTS, ContextCost, TierFit
from .models import FACTS, SIGNALS, Entity
from .models.benchmark import METRICS, BenchmarkRow
from .models.common import Source, partial_date_key, partial_date_start
from .models.use_cases import DECIDER_WORDS, Decider, Term, UseCase, UseCaseRules
from .verdict import KIND_PLURALS, kind_words

Outcome = Literal["pick", "even", "missing"]


@dataclass(frozen=True)
class Cite:
    """One piece of evidence behind a pick: a source (URL) or one of our runs."""

    url: str | None
    run: str | None
    title: str
    retrieved: dt.date | None
    kind: str              # primary | secondary | reported | measured

    @property
    def ref(self) -> str:
        """What the JSON twin lists: the URL, or the run id."""
        return self.url or str(self.run)


@dataclass(frozen=True)
class Pick:
    use_case: str
    title: str
    phrase: str
    main: bool
    pick: str | None                 # the entity id to pick; None when the evidence does not separate them
    outcome: Outcome
    reason: str                      # the deciding evidence, in one line
    citations: tuple[Cite, ...]
    values: tuple[str, str]          # each side's value, as the page shows it ("no data" when missing)
    evidence: str                    # what decided: fact:<key>, metric:<key>, fit:<GB>, license, released, ...


@dataclass(frozen=True)
class PairPicks:
    headline: str
    picks: tuple[Pick, ...]
    leader: str | None               # the entity that leads overall: every pick agrees and covers the main ones
    same_kind: bool


@dataclass(frozen=True)
class Evidence:
    """What the rules read beyond the two entities, built once per site."""

    catalog: Catalog
    benchmarks: BenchmarkData
    fits: Mapping[str, Mapping[int, TierFit]] = field(default_factory=dict)
    contexts: Mapping[str, ContextCost] = field(default_factory=dict)
    listed_by: Mapping[str, tuple[str, ...]] = field(default_factory=dict)   # id -> ids listing it as integration


def evidence(catalog: Catalog, benchmarks: BenchmarkData, fits: Mapping[str, Mapping[int, TierFit]],
             contexts: Mapping[str, ContextCost]) -> Evidence:
    listed_by: dict[str, list[str]] = {}
    for e in catalog.entities.values():
        for other in e.integrations:
            listed_by.setdefault(other, []).append(e.id)
    return Evidence(catalog, benchmarks, fits, contexts, {k: tuple(sorted(v)) for k, v in listed_by.items()})


NO_DATA = "no data"


# ---- small pieces ----------------------------------------------------------------------------------

def compare(x: float, y: float, better: str, min_ratio: float | None = None,
            min_difference: float | None = None) -> int:
    """+1 when x is better than y by more than the threshold, -1 when y is, 0 when it is no real difference.
    Both thresholds must be passed when both are given."""
    if x == y:
        return 0
    lo, hi = sorted((x, y))
    if min_difference is not None and hi - lo <= min_difference:
        return 0
    if min_ratio is not None and lo > 0 and hi / lo < min_ratio:
        return 0
    x_better = x > y if better == "higher" else x < y
    return 1 if x_better else -1


def _source_cite(source: Source) -> Cite:
    return Cite(source.url, None, source.title, source.date or source.retrieved, source.kind)


def _row_cite(row: BenchmarkRow) -> Cite:
    if row.run:
        return Cite(None, row.run, f"run {row.run}", None, "measured")
    return Cite(row.source_url, None, row.source_title or str(row.source_url), row.retrieved, "reported")


def _unique(cites: Sequence[Cite]) -> tuple[Cite, ...]:
    seen: dict[str, Cite] = {}
    for c in cites:
        seen.setdefault(c.ref, c)
    return tuple(seen.values())


def fact_text(e: Entity, key: str) -> str | None:
    """A fact as the comparison table shows it: thousands separators, the registry's unit."""
    fact = e.facts.get(key)
    return None if fact is None else FACTS[key].text(fact.value)


def join_words(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _names(ids: Sequence[str], catalog: Catalog, limit: int = 4) -> str:
    names = [catalog.entities[i].name for i in ids]
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit} more"
    return join_words(names) or "none"


def _times(hi: float, lo: float) -> str:
    return f"{hi / lo:.1f}×" if lo > 0 else "more"


@dataclass(frozen=True)
class _Pair:
    a: Entity
    b: Entity
    ev: Evidence

    def name(self, side: int) -> str:
        return (self.a, self.b)[side].name

    def other(self, e: Entity) -> Entity:
        return self.b if e is self.a else self.a


def _line(case: UseCase, outcome: Outcome, winner: Entity | None, reason: str, cites: Sequence[Cite],
          values: tuple[str, str], evidence_key: str) -> Pick:
    return Pick(case.id, case.title, case.phrase, case.main, winner.id if winner else None, outcome, reason,
                _unique(cites), values, evidence_key)


def _missing_words(p: _Pair, has: tuple[bool, bool], what: str) -> str:
    lacking = [p.name(i) for i in (0, 1) if not has[i]]
    return f"{what[0].upper() + what[1:]}: nothing is recorded for {join_words(lacking)}, so there is nothing to compare."


# ---- one function per kind of decider --------------------------------------------------------------

def _by_fact(case: UseCase, p: _Pair) -> Pick:
    if case.decide.per is not None:
        return _by_quotient(case, p)
    d = case.decide
    key = str(d.fact)
    spec = FACTS[key]
    facts = (p.a.facts.get(key), p.b.facts.get(key))
    texts = (fact_text(p.a, key), fact_text(p.b, key))
    values = (texts[0] or NO_DATA, texts[1] or NO_DATA)
    cites = [_source_cite(e.sources[f.source]) for e, f in zip((p.a, p.b), facts) if f is not None]
    if facts[0] is None or facts[1] is None:
        return _line(case, "missing", None, _missing_words(p, (facts[0] is not None, facts[1] is not None),
                                                           spec.label.lower()), cites, values, f"fact:{key}")
    x, y = float(facts[0].value), float(facts[1].value)
    verdict = compare(x, y, str(d.better), d.min_ratio, d.min_difference)
    memory = _context_memory(p) if d.context_memory else ""
    if verdict == 0:
        reason = _no_difference(spec.label.lower(), p, texts, d) + memory
        return _line(case, "even", None, reason, cites, values, f"fact:{key}")
    w, l = (0, 1) if verdict > 0 else (1, 0)
    hi, lo = max(x, y), min(x, y)
    how = f"a ratio of {hi / lo:.1f}" if d.min_ratio and lo > 0 else \
        f"{FACTS[key].text(round(hi - lo, 6))} {'more' if d.better == 'higher' else 'less'}"
    reason = f"{spec.label}: {p.name(w)} {texts[w]} against {texts[l]} for {p.name(l)} ({how}).{memory}"
    return _line(case, "pick", (p.a, p.b)[w], reason, cites, values, f"fact:{key}")


def _by_quotient(case: UseCase, p: _Pair) -> Pick:
    """A fact divided by another, e.g. frames per clip by frames per second: the clip's length in seconds.
    Each side's value shows both facts as the table does, and the quotient."""
    d = case.decide
    top, per, unit = str(d.fact), str(d.per), str(d.per_unit)
    cites: list[Cite] = []
    quotients: list[float | None] = []
    for e in (p.a, p.b):
        n, q = e.facts.get(top), e.facts.get(per)
        cites += [_source_cite(e.sources[f.source]) for f in (n, q) if f is not None]
        quotients.append(float(n.value) / float(q.value) if n is not None and q is not None and float(q.value) > 0
                         else None)
    values = (_quotient_text(p.a, top, per, unit, quotients[0]), _quotient_text(p.b, top, per, unit, quotients[1]))
    evidence_key = f"per:{top}/{per}"
    qa, qb = quotients
    if qa is None or qb is None:
        what = f"{FACTS[top].label.lower()} and {FACTS[per].label.lower()}"
        return _line(case, "missing", None, _missing_words(p, (qa is not None, qb is not None), what), cites, values,
                     evidence_key)
    verdict = compare(qa, qb, str(d.better), d.min_ratio, d.min_difference)
    if verdict == 0:
        reason = f"No real difference: {p.a.name} {values[0]}, {p.b.name} {values[1]}{_threshold_words(d)}."
        return _line(case, "even", None, reason, cites, values, evidence_key)
    w, l = (0, 1) if verdict > 0 else (1, 0)
    reason = f"{p.name(w)} {values[w]} against {values[l]} for {p.name(l)}."
    return _line(case, "pick", (p.a, p.b)[w], reason, cites, values, evidence_key)


def _quotient_text(e: Entity, top: str, per: str, unit: str, quotient: float | None) -> str:
    return NO_DATA if quotient is None else f"{fact_text(e, top)} at {fact_text(e, per)} ({quotient:.1f} {unit})"


_SIZE = re.compile(r"^\s*([1-9][0-9]{1,5})\s*[x×]\s*([1-9][0-9]{1,5})\s*$")


def _by_size(case: UseCase, p: _Pair) -> Pick:
    """A width x height fact (a video's frame size), compared by its pixels."""
    key = str(case.decide.fact)
    texts = (fact_text(p.a, key), fact_text(p.b, key))
    values = (texts[0] or NO_DATA, texts[1] or NO_DATA)
    cites = [_source_cite(e.sources[e.facts[key].source]) for e in (p.a, p.b) if key in e.facts]
    sizes = [m and int(m[1]) * int(m[2]) for m in (_SIZE.match(t) if t else None for t in texts)]
    label = FACTS[key].label.lower()
    if not sizes[0] or not sizes[1]:
        return _line(case, "missing", None, _missing_words(p, (bool(sizes[0]), bool(sizes[1])), label), cites,
                     values, f"size:{key}")
    x, y = float(sizes[0]), float(sizes[1])
    verdict = compare(x, y, "higher", case.decide.min_ratio)
    if verdict == 0:
        reason = _no_difference(label, p, values, case.decide)
        return _line(case, "even", None, reason, cites, values, f"size:{key}")
    w, l = (0, 1) if verdict > 0 else (1, 0)
    reason = (f"{FACTS[key].label}: {p.name(w)} {values[w]} against {values[l]} for {p.name(l)} "
              f"({max(x, y) / min(x, y):.1f} times the pixels).")
    return _line(case, "pick", (p.a, p.b)[w], reason, cites, values, f"size:{key}")


def _no_difference(label: str, p: _Pair, values: Sequence[str | None], d: Decider) -> str:
    """The reason of an "even" line: both values, and the threshold they fall within."""
    return f"No real difference in {label}: {p.a.name} {values[0]}, {p.b.name} {values[1]}{_threshold_words(d)}."


def _threshold_words(d: Decider) -> str:
    parts = []
    if d.min_ratio is not None:
        parts.append(f"less than {d.min_ratio:g}× apart")
    if d.min_difference is not None:
        parts.append(f"within {d.min_difference:g}")
    return f" ({' and '.join(parts)})" if parts else ""


def _context_memory(p: _Pair) -> str:
    parts = []
    for e in (p.a, p.b):
        cost = p.ev.contexts.get(e.id)
        if cost is not None:
            parts.append(f"{e.name} needs about {cost.need_gb:.1f} GB at {cost.context // 1024}K tokens "
                         f"({cost.precision}, {cost.basis})")
    return f" Memory for a long prompt: {'; '.join(parts)}." if parts else ""


def _fit_text(f: TierFit | None) -> str:
    if f is None or f.verdict == "no-data":
        return NO_DATA
    need = f"{f.need_gb:.1f} GB {f.basis}" if f.need_gb is not None else ""
    at = f"{f.precision}" + (f" with a {f.kv_cache} KV cache" if f.kv_cache and f.kv_cache != "f16" else "")
    if f.verdict == "fits":
        return f"fits at {at} ({need})"
    if f.verdict == "offload":
        return f"runs with offload at {at} ({need} in all)"
    return f"does not fit, even at {at} ({need})"


def _fit_cites(e: Entity, f: TierFit | None) -> list[Cite]:
    if f is None or f.verdict == "no-data":
        return []
    if f.measured is not None:
        return [_row_cite(f.measured)]
    keys = ESTIMATE_FACTS.get(str(e.task), ())
    return [_source_cite(e.sources[e.facts[k].source]) for k in keys if k in e.facts]


def _row_text(row: BenchmarkRow) -> str:
    return f"{row.value:g} {row.unit}"


def _by_metric(case: UseCase, p: _Pair) -> Pick:
    d = case.decide
    metrics = list(d.metrics or ())
    task = str(p.a.task)
    shared = [g for g in p.ev.benchmarks.groups_with((p.a.id, p.b.id), every=True)
              if g.metric in metrics and g.task == task]
    shared.sort(key=lambda g: metrics.index(g.metric))   # stable: the rule's order, then the groups' order
    key = "metric:" + ",".join(metrics)
    labels = join_words([METRICS[m].label for m in metrics])
    if not shared:
        counts = [sum(1 for r in p.ev.benchmarks.rows_for(e.id) if r.metric in metrics and r.task == task)
                  for e in (p.a, p.b)]
        cites = [_row_cite(r) for e in (p.a, p.b) for r in p.ev.benchmarks.rows_for(e.id)
                 if r.metric in metrics and r.task == task][:4]
        reason = (f"No source measured both the same way for {labels}: {p.a.name} has {counts[0]} row(s), "
                  f"{p.b.name} {counts[1]}.")
        return _line(case, "missing", None, reason, cites, (NO_DATA if not counts[0] else f"{counts[0]} rows elsewhere",
                                                             NO_DATA if not counts[1] else f"{counts[1]} rows elsewhere"), key)
    judged = []
    for g in shared:
        ra, rb = g.row_of(p.a.id), g.row_of(p.b.id)
        assert ra is not None and rb is not None
        better = "higher" if METRICS[g.metric].higher_is_better else "lower"
        judged.append((g, ra, rb, compare(ra.value, rb.value, better, d.min_ratio, d.min_difference)))
    cites = [_row_cite(r) for _, ra, rb, _ in judged for r in (ra, rb)]
    signs = {v for *_, v in judged if v != 0}
    first = next((j for j in judged if j[3] != 0), judged[0])
    g, ra, rb, _ = first
    values = (_row_text(ra), _row_text(rb))
    where = g.source_url and (ra.source_title or "one published source") or f"run {ra.run}"
    label = METRICS[g.metric].label
    others = len(judged) - 1
    if len(signs) != 1:
        if signs:
            reason = (f"The comparable measurements disagree: {len(judged)} sets of rows measured the same way, "
                      f"some favour {p.a.name}, some {p.b.name}.")
        else:
            reason = (f"No real difference in {label} ({where}): {p.a.name} {values[0]}, {p.b.name} {values[1]}"
                      f"{_threshold_words(d)}" + (f"; {others} more comparable set(s) agree" if others else "") + ".")
        return _line(case, "even", None, reason, cites, values, key)
    w, l = (0, 1) if signs == {1} else (1, 0)
    agree = sum(1 for *_, v in judged if v != 0)
    reason = (f"{label} ({where}): {p.name(w)} {values[w]} against {values[l]} for {p.name(l)}"
              + (f"; {agree - 1} more of the {len(judged)} comparable sets agree, none disagrees" if len(judged) > 1 else "")
              + ".")
    return _line(case, "pick", (p.a, p.b)[w], reason, cites, values, key)


def _by_fit(case: UseCase, p: _Pair) -> Pick:
    tier = int(case.decide.gpu_gb or 0)
    fits = (p.ev.fits.get(p.a.id, {}).get(tier), p.ev.fits.get(p.b.id, {}).get(tier))
    values = (_fit_text(fits[0]), _fit_text(fits[1]))
    cites = _fit_cites(p.a, fits[0]) + _fit_cites(p.b, fits[1])
    has = tuple(f is not None and f.verdict != "no-data" for f in fits)
    if not all(has):
        lacking = [(p.a, p.b)[i] for i in (0, 1) if not has[i]]
        what = "; ".join(f"{e.name} lacks {join_words([FACTS[k].label.lower() for k in f.missing])}"
                         if (f := fits[(p.a, p.b).index(e)]) is not None and f.missing else
                         f"{e.name} is not covered by the memory analysis" for e in lacking)
        return _line(case, "missing", None, f"No memory estimate to compare: {what}.", cites, values, f"fit:{tier}")
    fa, fb = fits[0], fits[1]
    assert fa is not None and fb is not None
    if fa.order == fb.order:
        if fa.verdict == "fits":
            reason = f"Both fit in {tier} GB at {fa.precision}: {p.a.name} {values[0]}, {p.b.name} {values[1]}."
        elif fa.verdict == "offload":
            reason = f"Both need offloading on {tier} GB: {p.a.name} {values[0]}, {p.b.name} {values[1]}."
        else:
            reason = f"Neither fits in {tier} GB: {p.a.name} {values[0]}, {p.b.name} {values[1]}."
        return _line(case, "even", None, reason, cites, values, f"fit:{tier}")
    w, l = (0, 1) if fa.order > fb.order else (1, 0)
    reason = f"On {tier} GB, {p.name(w)} {values[w]}; {p.name(l)} {values[l]}."
    return _line(case, "pick", (p.a, p.b)[w], reason, cites, values, f"fit:{tier}")


# How a license's commercial-use term reads for the one picked, the one not picked, and both alike.
COMMERCIAL_WORDS = {"yes": "allows commercial use", "restricted": "allows commercial use with restrictions",
                    "no": "forbids commercial use"}
TRAILING_WORDS = {"restricted": "allows it only with restrictions", "no": "forbids it"}
BOTH_WORDS = {"yes": "allow commercial use", "restricted": "allow commercial use only with restrictions",
              "no": "forbid commercial use"}


def _by_license(case: UseCase, p: _Pair) -> Pick:
    order: list[str] = list(case.decide.order or ())
    terms = (p.a.license.commercial_use, p.b.license.commercial_use)
    values = (p.a.license.name + (f" ({COMMERCIAL_WORDS[terms[0]]})" if terms[0] else ""),
              p.b.license.name + (f" ({COMMERCIAL_WORDS[terms[1]]})" if terms[1] else ""))
    cites = [_source_cite(e.sources[e.license.source]) for e in (p.a, p.b)]
    has = (terms[0] is not None and terms[0] in order, terms[1] is not None and terms[1] in order)
    if not all(has):
        return _line(case, "missing", None, _missing_words(p, has, "license term for commercial use"), cites,
                     values, "license")
    ra, rb = order.index(str(terms[0])), order.index(str(terms[1]))
    if ra == rb:
        reason = (f"Both licenses {BOTH_WORDS[str(terms[0])]}: {p.a.name} under the {p.a.license.name}, "
                  f"{p.b.name} under the {p.b.license.name}.")
        return _line(case, "even", None, reason, cites, values, "license")
    w, l = (0, 1) if ra > rb else (1, 0)
    ew, el = (p.a, p.b)[w], (p.a, p.b)[l]
    reason = (f"{ew.name}'s {ew.license.name} {COMMERCIAL_WORDS[str(terms[w])]}; {el.name}'s {el.license.name} "
              f"{TRAILING_WORDS[str(terms[l])]}.")
    return _line(case, "pick", ew, reason, cites, values, "license")


def _dated(e: Entity, key: str | None) -> tuple[str, Source] | None:
    """The date a `released` rule reads, as the table shows it, and its source: the release date, or a date fact."""
    if key is None:
        return partial_date_key(e.released.date), e.sources[e.released.source]
    fact = e.facts.get(key)
    return None if fact is None else (FACTS[key].text(fact.value), e.sources[fact.source])


def _by_released(case: UseCase, p: _Pair) -> Pick:
    key = case.decide.fact
    found = (_dated(p.a, key), _dated(p.b, key))
    values = (found[0][0] if found[0] else NO_DATA, found[1][0] if found[1] else NO_DATA)
    cites = [_source_cite(f[1]) for f in found if f is not None]
    evidence_key = f"released:{key}" if key else "released"
    what = FACTS[key].label.lower() if key else "release date"
    if found[0] is None or found[1] is None:
        return _line(case, "missing", None, _missing_words(p, (found[0] is not None, found[1] is not None), what),
                     cites, values, evidence_key)
    dates = (partial_date_start(values[0]), partial_date_start(values[1]))
    days = (dates[0] - dates[1]).days
    limit = case.decide.min_days or 0
    verb = "had its latest release" if key else "was released"
    if abs(days) <= limit:
        reason = (f"{FACTS[key].label}: {values[0]} ({p.a.name}) and {values[1]} ({p.b.name}), within {limit} days "
                  f"of each other." if key else f"Released {values[0]} ({p.a.name}) and {values[1]} ({p.b.name}): "
                  f"within {limit} days of each other, the same generation.")
        return _line(case, "even", None, reason, cites, values, evidence_key)
    w, l = (0, 1) if days > 0 else (1, 0)
    months = abs(days) // 30
    reason = (f"{p.name(w)} {verb} {values[w]}, {p.name(l)} {values[l]}: about "
              f"{months} months {'more recent' if key else 'newer'}.")
    return _line(case, "pick", (p.a, p.b)[w], reason, cites, values, evidence_key)


def _by_signal(case: UseCase, p: _Pair) -> Pick:
    name = case.decide.signal
    assert name is not None, "validation requires a signal of a `signal` decider"
    signals = (p.a.signals.get(name), p.b.signals.get(name))
    values = (f"{signals[0].value:,}" if signals[0] else NO_DATA, f"{signals[1].value:,}" if signals[1] else NO_DATA)
    label = SIGNALS[name]
    cites = [_source_cite(e.sources[s.source]) for e, s in zip((p.a, p.b), signals) if s is not None]
    if signals[0] is None or signals[1] is None:
        return _line(case, "missing", None, _missing_words(p, (signals[0] is not None, signals[1] is not None),
                                                           f"count of {label}"), cites, values, f"signal:{name}")
    sa, sb = signals[0], signals[1]
    shared = [p.name(i) for i, s in enumerate((sa, sb)) if s.scope == "family"]
    if shared:
        reason = (f"{label}: the count shown for {join_words(shared)} is a family repository's, shared by "
                  f"several models, so it does not compare these two.")
        return _line(case, "missing", None, reason, cites, values, f"signal:{name}")
    x, y = sa.value, sb.value
    verdict = compare(x, y, "higher", case.decide.min_ratio)
    if verdict == 0:
        reason = _no_difference(label, p, values, case.decide)
        return _line(case, "even", None, reason, cites, values, f"signal:{name}")
    w, l = (0, 1) if verdict > 0 else (1, 0)
    reason = (f"{label}: {p.name(w)} {values[w]} against {values[l]} for {p.name(l)} "
              f"({_times(max(x, y), min(x, y))} as many; counted {(sa, sb)[w].as_of.isoformat()} and "
              f"{(sa, sb)[l].as_of.isoformat()}).")
    return _line(case, "pick", (p.a, p.b)[w], reason, cites, values, f"signal:{name}")


def _by_terms(case: UseCase, p: _Pair, vocabulary: Mapping[str, Term]) -> Pick:
    key = str(case.decide.fact)
    spec = FACTS[key]
    texts = (fact_text(p.a, key), fact_text(p.b, key))
    values = (texts[0] or NO_DATA, texts[1] or NO_DATA)
    cites = [_source_cite(e.sources[e.facts[key].source]) for e in (p.a, p.b) if key in e.facts]
    label = spec.label.lower()
    if texts[0] is None or texts[1] is None:
        return _line(case, "missing", None, _missing_words(p, (texts[0] is not None, texts[1] is not None), label),
                     cites, values, f"terms:{key}")
    found = [[t for t, term in vocabulary.items() if term.in_text(text)] for text in texts if text]
    sa, sb = set(found[0]), set(found[1])
    only = ([vocabulary[t].label for t in found[0] if t not in sb], [vocabulary[t].label for t in found[1] if t not in sa])
    shared = [vocabulary[t].label for t in found[0] if t in sb]
    both = f"; both list {join_words(shared)}" if shared else ""
    # An enumerated fact's value is always one the rule can read: naming no term is an answer ("none",
    # "text"), not text the vocabulary failed to read, so the line says so with both values.
    enumerated = bool(spec.choices)
    shown = f"{label}: {p.a.name} {values[0]}; {p.b.name} {values[1]}"
    if only[0] and only[1]:
        reason = (f"Each covers what the other does not: only {p.a.name} lists {join_words(only[0])}, only "
                  f"{p.b.name} {join_words(only[1])}{both}.")
        return _line(case, "even", None, reason, cites, values, f"terms:{key}")
    if not only[0] and not only[1]:
        if enumerated:
            terms = " or ".join(t.label for t in vocabulary.values())
            reason = f"Both offer {join_words(shared)} ({shown})." if shared else f"Neither offers {terms} ({shown})."
            return _line(case, "even", None, reason, cites, values, f"terms:{key}")
        reason = (f"The same {label}: {join_words(shared)}." if shared else
                  f"Neither {label} names one the vocabulary knows.")
        return _line(case, "even" if shared else "missing", None, reason, cites, values, f"terms:{key}")
    w = 0 if only[0] else 1
    reason = (f"Only {p.name(w)} offers {join_words(only[w])} ({shown})." if enumerated else
              f"Only {p.name(w)} lists {join_words(only[w])}{both}.")
    return _line(case, "pick", (p.a, p.b)[w], reason, cites, values, f"terms:{key}")


def _by_scale(case: UseCase, p: _Pair) -> Pick:
    key = str(case.decide.fact)
    levels = case.decide.levels or []
    texts = (fact_text(p.a, key), fact_text(p.b, key))
    values = (texts[0] or NO_DATA, texts[1] or NO_DATA)
    cites = [_source_cite(e.sources[e.facts[key].source]) for e in (p.a, p.b) if key in e.facts]

    def rank(text: str | None) -> int | None:
        return max((i for i, lv in enumerate(levels) if lv.in_text(text)), default=None) if text else None

    ra, rb = rank(texts[0]), rank(texts[1])
    label = FACTS[key].label.lower()
    if ra is None or rb is None:
        has = (ra is not None, rb is not None)
        return _line(case, "missing", None, _missing_words(p, has, f"{label} method on the scale"), cites, values,
                     f"scale:{key}")
    ranks = (ra, rb)
    if ra == rb:
        reason = f"Both offer {levels[ra].label}: {p.a.name} {values[0]}; {p.b.name} {values[1]}."
        return _line(case, "even", None, reason, cites, values, f"scale:{key}")
    w, l = (0, 1) if ra > rb else (1, 0)
    reason = (f"{p.name(w)} offers {levels[ranks[w]].label} ({values[w]}); the easiest way for "
              f"{p.name(l)} is {levels[ranks[l]].label} ({values[l]}).")
    return _line(case, "pick", (p.a, p.b)[w], reason, cites, values, f"scale:{key}")


def claim_source(e: Entity) -> Source:
    """The source behind what an entity's page lists (its integrations): the source at its repository or
    homepage address, else its first primary source, else the source of its release date."""
    links = {e.links.get("repository"), e.links.get("homepage")} - {None}
    return (next((s for s in e.sources.values() if s.url in links), None)
            or next((s for s in e.sources.values() if s.kind == "primary"), None)
            or e.sources[e.released.source])


def _by_links(case: UseCase, p: _Pair) -> Pick:
    d = case.decide
    kinds = set(d.kinds or ())
    entities = p.ev.catalog.entities

    def linked(e: Entity) -> list[str]:
        ids = p.ev.listed_by.get(e.id, ()) if d.direction == "from" else e.integrations
        return sorted(i for i in ids if i in entities and entities[i].kind in kinds)

    lists = (linked(p.a), linked(p.b))
    values = tuple(f"{len(ids)}" + (f" ({_names(ids, p.ev.catalog)})" if ids else "") for ids in lists)
    if d.direction == "from":
        cites = [_source_cite(claim_source(entities[i])) for ids in lists for i in ids]
    else:
        cites = [_source_cite(claim_source(e)) for e, ids in zip((p.a, p.b), lists) if ids]
    what = str(d.noun)
    evidence_key = f"links:{d.direction}"
    if not lists[0] and not lists[1]:
        reason = (f"None of the catalog's {what} lists either of them." if d.direction == "from"
                  else f"Neither lists {what} of the catalog.")
        return _line(case, "missing", None, reason, cites, (values[0], values[1]), evidence_key)
    diff = len(lists[0]) - len(lists[1])
    if abs(diff) <= (d.min_difference or 0):
        reason = f"As many {what}: {p.a.name} {values[0]}; {p.b.name} {values[1]}."
        return _line(case, "even", None, reason, cites, (values[0], values[1]), evidence_key)
    w, l = (0, 1) if diff > 0 else (1, 0)
    only = [i for i in lists[w] if i not in lists[l]]
    verb = "run" if d.direction == "from" else "runs"
    subject = f"{what} that {verb} it" if d.direction == "from" else what
    reason = (f"{p.name(w)}: {len(lists[w])} {subject}, against {len(lists[l])} for {p.name(l)}"
              + (f"; only {p.name(w)}: {_names(only, p.ev.catalog)}" if only else "") + ".")
    return _line(case, "pick", (p.a, p.b)[w], reason, cites, (values[0], values[1]), evidence_key)


def _by_capabilities(case: UseCase, p: _Pair) -> Pick:
    found = []
    cites: list[Cite] = []
    for e in (p.a, p.b):
        other = p.other(e)
        caps = [c for c in e.capabilities if any(x.with_ == other.id for x in c.compared)]
        found.append([c.title for c in caps])
        cites += [_source_cite(e.sources[s]) for c in caps for x in c.compared if x.with_ == other.id
                  for s in x.sources]
    values = (str(len(found[0])), str(len(found[1])))
    if not found[0] and not found[1]:
        return _line(case, "missing", None, "Neither page compares a capability with the other by name.", cites,
                     values, "capabilities")
    if found[0] and found[1]:
        reason = (f"Each has something the other's page sets against it: {p.a.name}: {join_words(found[0])}; "
                  f"{p.b.name}: {join_words(found[1])}.")
        return _line(case, "even", None, reason, cites, values, "capabilities")
    w = 0 if found[0] else 1
    reason = f"{p.name(w)}: {join_words(found[w])}, each compared with {p.name(1 - w)} on its page."
    return _line(case, "pick", (p.a, p.b)[w], reason, cites, values, "capabilities")


def apply(case: UseCase, a: Entity, b: Entity, ev: Evidence, rules: UseCaseRules) -> Pick:
    """One use case for one pair of entities of the same kind."""
    pair = _Pair(a, b, ev)
    by = case.decide.by
    if by == "terms":
        return _by_terms(case, pair, rules.vocabularies[str(case.decide.vocabulary)])
    deciders: dict[str, Callable[[UseCase, _Pair], Pick]] = {
        "fact": _by_fact, "metric": _by_metric, "fit": _by_fit, "license": _by_license, "released": _by_released, "signal": _by_signal,
        "scale": _by_scale, "links": _by_links, "capabilities": _by_capabilities, "size": _by_size}
    return deciders[by](case, pair)


# ---- the whole pair --------------------------------------------------------------------------------

def phrase_list(phrases: Sequence[str]) -> str:
    """'for long documents', 'for commercial use', 'on an 8 GB card' -> 'for long documents and commercial use,
    and on an 8 GB card': phrases grouped by their first word, each group naming it once."""
    groups: dict[str, list[str]] = {}
    for ph in phrases:
        lead, _, rest = ph.partition(" ")
        groups.setdefault(lead, []).append(rest or lead)
    parts = [f"{lead} {join_words(rests)}" for lead, rests in groups.items()]
    if len(parts) <= 2:
        return ", and ".join(parts) if len(parts) == 2 and any(" and " in x for x in parts) else join_words(parts)
    return ", ".join(parts[:-1]) + ", and " + parts[-1]


def headline(a: Entity, b: Entity, picks: Sequence[Pick]) -> tuple[str, str | None]:
    """The sentence that sums the picks up, and the entity that leads overall (None unless every pick
    points to it and the main use cases all have a pick)."""
    for_side = {e.id: [p.phrase for p in picks if p.pick == e.id] for e in (a, b)}
    if not for_side[a.id] and not for_side[b.id]:
        even = sum(p.outcome == "even" for p in picks)
        missing = len(picks) - even
        if missing > even:
            return (f"Not enough evidence to choose: {missing} of the {len(picks)} use cases we check lack data on "
                    f"one side or both" + (f", and on {even} the evidence shows no real difference" if even else "")
                    + "."), None
        return (f"Too close to call: on {even} of the {len(picks)} use cases we check, the evidence shows no real "
                f"difference" + (f", and {missing} lack data on one side" if missing else "") + "."), None
    if for_side[a.id] and for_side[b.id]:
        return (f"Pick {a.name} {phrase_list(for_side[a.id])}; pick {b.name} {phrase_list(for_side[b.id])}."), None
    lead = a if for_side[a.id] else b
    open_main = [p.phrase for p in picks if p.main and p.pick is None]
    if not open_main and any(p.main for p in picks):
        return f"{lead.name} leads overall: pick it {phrase_list(for_side[lead.id])}.", lead.id
    rest = f"; the evidence does not separate them {phrase_list(open_main)}" if open_main else ""
    return f"Pick {lead.name} {phrase_list(for_side[lead.id])}{rest}.", None


def job_picks(a: Entity, b: Entity, rules: UseCaseRules) -> tuple[Pick, ...]:
    """A pair of different kinds is answered by what each is for, never by a score contest."""
    out = []
    for e in (a, b):
        job = next((j for kind, j in rules.jobs.items() if kind == e.kind), None)
        phrase = job.phrase if job else f"for what {kind_words(e)} does"
        source = claim_source(e)
        out.append(Pick(f"job-{str(e.kind).replace(':', '-')}", phrase[0].upper() + phrase[1:], phrase, False, e.id,
                        "pick", f"{e.name} is {kind_words(e)}: {e.summary}", (_source_cite(source),),
                        (kind_words(a), kind_words(b)), "kind"))
    return tuple(out)


def pick_pair(a: Entity, b: Entity, rules: UseCaseRules, ev: Evidence) -> PairPicks:
    if a.kind != b.kind:
        jobs = job_picks(a, b, rules)
        text = (f"Different jobs: pick {a.name} {jobs[0].phrase}; pick {b.name} {jobs[1].phrase}. "
                f"Neither replaces the other.")
        return PairPicks(text, jobs, None, False)
    picks: list[Pick] = []
    for case in rules.use_cases:
        if a.kind not in case.kinds:
            continue
        pick = apply(case, a, b, ev, rules)
        fits = [x for x in picks if x.evidence.startswith("fit:")]
        if case.decide.unless_repeats and fits and (fits[-1].outcome, fits[-1].values) == (pick.outcome, pick.values):
            continue   # a larger card changes nothing for this pair: the smaller card's line already says it
        picks.append(pick)
    text, leader = headline(a, b, picks)
    return PairPicks(text, tuple(picks), leader, True)


def pick_all(catalog: Catalog, rules: UseCaseRules | None, ev: Evidence) -> dict[str, PairPicks]:
    """Picks of every comparison pair, by pair slug (none without a rule file)."""
    if rules is None:
        return {}
    return {p.slug: pick_pair(catalog.entities[p.a], catalog.entities[p.b], rules, ev) for p in catalog.pairs}


# ---- the rule set in words (the methodology page) -----------------------------------------------------

@dataclass(frozen=True)
class RuleRow:
    """One use case as the methodology page lists it."""

    title: str
    kinds: str
    evidence: str
    better: str
    threshold: str
    main: str         # "yes" for a main use case, else ""
    why: str


def describe(case: UseCase, rules: UseCaseRules) -> RuleRow:
    d = case.decide
    kinds = ", ".join(KIND_PLURALS[k] for k in case.kinds)
    evidence, better, threshold = DECIDER_WORDS[d.by], "", "any difference"
    if d.by == "fact":
        evidence = f"{FACTS[str(d.fact)].label} (fact)" + (
            f" per {FACTS[d.per].label.lower()} (fact), in {d.per_unit}" if d.per is not None else "")
        better = f"{d.better} is better"
    elif d.by == "size":
        evidence = f"{FACTS[str(d.fact)].label} (fact), by its pixels (width × height)"
        better = "more pixels is better"
    elif d.by == "metric":
        evidence = "benchmark rows measured the same way: " + join_words([METRICS[m].label for m in d.metrics or ()])
        better = "as the metric says (higher or lower)"
    elif d.by == "fit":
        evidence = f"memory fit in {d.gpu_gb} GB of GPU memory (selection analysis)"
        better = "fits beats fits with offload beats does not fit; then the higher precision"
        threshold = "a different verdict or precision" + (
            "; left out where it repeats the pair's line for the previous size" if d.unless_repeats else "")
    elif d.by == "license":
        better = " < ".join(d.order or ())
        threshold = "a different term"
    elif d.by == "released":
        evidence = f"{FACTS[d.fact].label} (fact)" if d.fact is not None else "the release date"
        better = "newer is better"
    elif d.by == "signal":
        evidence = f"{SIGNALS[d.signal] if d.signal else 'a counter'} (dated counter)"
        better = "higher is better"
    elif d.by == "terms":
        vocabulary = rules.vocabularies.get(str(d.vocabulary), {})
        spec = FACTS[str(d.fact)]
        evidence = f"{spec.label} (fact), read for: " + ", ".join(
            f"{t.label} ({' or '.join(t.match)})" if spec.choices else t.label for t in vocabulary.values())
        better = "the side that names terms the other does not"
        threshold = "at least one term only one side names"
    elif d.by == "scale":
        evidence = f"{FACTS[str(d.fact)].label} (fact), on a scale"
        better = " < ".join(lv.label for lv in d.levels or ())
        threshold = "a different level"
    elif d.by == "links":
        evidence = f"{d.noun} in the catalog " + ("that list it" if d.direction == "from" else "it lists")
        better = "more is better"
    elif d.by == "capabilities":
        better = "the side whose page alone sets capabilities against the other"
        threshold = "only one side has such capabilities"
    parts = []
    if d.min_ratio is not None:
        parts.append(f"{d.min_ratio:g}× or more apart")
    if d.min_difference is not None:
        parts.append(f"more than {d.min_difference:g} apart")
    if d.min_days is not None:
        parts.append(f"more than {d.min_days} days apart")
    if parts:
        threshold = " and ".join(parts)
    return RuleRow(case.title, kinds, evidence, better, threshold, "yes" if case.main else "", case.why)


# ---- the targets, measured on a site (`versus picks`) --------------------------------------------

@dataclass(frozen=True)
class Targets:
    same_kind: int                           # same-kind pairs
    few_picks: tuple[tuple[str, int], ...]   # pairs with fewer than 3 non-null picks that cite: (slug, how many)
    no_call: tuple[str, ...]                 # headlines that pick nobody (too close to call / not enough evidence)
    one_way_no_call: tuple[str, ...]         # ... although every pick points one way (must stay empty)

    def lines(self) -> list[str]:
        quarter = self.same_kind / 4
        return [
            f"same-kind pairs: {self.same_kind}",
            f"with at least 3 cited picks: {self.same_kind - len(self.few_picks)} of {self.same_kind}",
            f"headline picks nobody: {len(self.no_call)} (at most a quarter is {quarter:.1f})",
            f"headline picks nobody although every pick points one way: {len(self.one_way_no_call)}",
        ]


NO_CALL = ("Too close to call", "Not enough evidence")


def targets(picks: Mapping[str, PairPicks]) -> Targets:
    same = {slug: p for slug, p in picks.items() if p.same_kind}
    few = tuple((slug, n) for slug, p in same.items()
                if (n := sum(1 for x in p.picks if x.pick is not None and x.citations)) < 3)
    no_call = tuple(slug for slug, p in same.items() if p.headline.startswith(NO_CALL))
    one_way = tuple(slug for slug in no_call if len({x.pick for x in same[slug].picks if x.pick}) == 1)
    return Targets(len(same), few, no_call, one_way)
