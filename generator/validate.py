"""Stage 2: raw records -> typed models + diagnostics, each pointing at file:line:col.

Two passes per file: pydantic checks shapes and types (all errors at once), then the per-file rules
below check what a type cannot say (registered fact keys and units, source references, ids that match
file names). A file with type errors still gets its rule errors in the same run: the rules check the
partial model of what did validate (partial.py), and so do the cross-file rules (ids resolve, pairs),
which run in the catalog stage. A value the YAML stage refused (an impossible date) is not reported twice.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from .dates import date_rules
from .diagnostics import Diagnostic, Severity, did_you_mean, short
from .models import FACTS, ComparisonList, ConfigProvenance, Entity, FactSpec, FaqEntry, Scoring
from .models.benchmark import METRICS
from .models.category import CategoryList
from .models.common import SIGNIFICANT_DIGITS, rounded_on_pages
from .models.hardware import HardwareCatalog
from .models.use_cases import DECIDER_FIELDS, OPTIONAL_FIELDS, UseCaseRules
from .records import Located, M, typed_or_partial
from .sources import ENTITY_DIR, FAQ_DIR, RawContent, RawYaml
from .yaml_tree import Path


@dataclass
class ValidContent:
    entities: list[Located[Entity]] = field(default_factory=list)
    faq: list[Located[FaqEntry]] = field(default_factory=list)
    comparisons: Located[ComparisonList] | None = None
    scoring: Located[Scoring] | None = None
    hardware: Located[HardwareCatalog] | None = None
    categories: Located[CategoryList] | None = None
    use_cases: Located[UseCaseRules] | None = None
    # Ids of entity files that failed validation: references to them are not reported again as
    # unknown, since the file's own diagnostics already say what is wrong.
    invalid_ids: set[str] = field(default_factory=set)
    # What validated of the files that did not (partial.py): the catalog checks their references too.
    partial_entities: list[Located[Entity]] = field(default_factory=list)
    partial_faq: list[Located[FaqEntry]] = field(default_factory=list)
    comparisons_complete: bool = True   # False: `comparisons` is a partial model


def _sources_left_out(record: RawYaml, rest: Located[Any]) -> set[str]:
    written = record.doc.data.get("sources")
    kept = getattr(rest.model, "sources", None) or {}
    return {short(k) for k in written if k not in kept} if isinstance(written, dict) else set()


# ---- per-file rules --------------------------------------------------------------------------------

def _id_matches_file(item: Located[Any], taken: Collection[str] = ()) -> list[Diagnostic]:
    """`taken`: the file names (stems) in the same folder, so that the hint never says to rename a file
    to the name of another that exists (a copy of a file keeps the original's id)."""
    stem = PurePosixPath(item.file).stem
    if item.model.id != stem:
        hint = f"rename the file to {item.model.id}.yaml, or change the id"
        if item.model.id in taken:
            hint = f"{item.model.id}.yaml already exists: change the id to '{stem}', or give this file another name"
        return [item.at(("id",), Severity.ERROR, "id-filename", "the id must match the file name",
                        got=short(item.model.id), expected=short(stem), hint=hint)]
    return []


def _is_date_text(text: str) -> bool:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}(-[0-9]{2})?", text):
        return False
    try:
        dt.date.fromisoformat(text if len(text) == 10 else text + "-01")
    except ValueError:
        return False
    return True


def _outside_choices(item: Located[Entity], key: str, spec: FactSpec, wrong: str) -> Diagnostic:
    """An enumerated fact whose value names something outside its choices (or one choice twice)."""
    values = [c.value for c in spec.choices]
    quoted = [repr(v) for v in values]
    expected = ", ".join(quoted[:-1]) + " or " + quoted[-1]
    if spec.several:
        expected = f"one or more of {expected}, comma-separated"
    if wrong in values:
        message, hint = f"{spec.label} names a value twice", "name each value once"
    else:
        message = f"{spec.label} takes {'only its listed values' if spec.several else 'one of its values only'}"
        hint = did_you_mean(wrong, values) or "the values mean: " + "; ".join(f"{c.value}: {c.means}"
                                                                             for c in spec.choices)
    return item.at(("facts", key, "value"), Severity.ERROR, "bad-choice", message, got=short(wrong),
                   expected=expected, hint=hint)


def _present(values: Any) -> list[tuple[Any, Any]]:
    """(index or key, value) of a list's or a mapping's values that validated: on a partial model (see
    partial.py) a field, item or entry that failed its type is None, and the rules skip it."""
    pairs = values.items() if isinstance(values, dict) else enumerate(values or ())
    return [(k, v) for k, v in pairs if v is not None]


def entity_rules(item: Located[Entity], taken: Collection[str] = ()) -> list[Diagnostic]:
    e = item.model
    out = _id_matches_file(item, taken) if e.id is not None else []
    task_failed = e.task is None and item.raw.doc.data.get("task") is not None
    if e.type == "model" and e.task is None and not task_failed:
        out.append(item.at(("type",), Severity.ERROR, "model-task", "a model needs a `task`",
                           expected="text-generation, text-to-image or text-to-video", hint="add `task: text-generation`"))
    if e.type not in ("model", None) and e.task is not None:
        out.append(item.at(("task",), Severity.ERROR, "model-task", f"`task` applies to models, not to a {e.type}",
                           hint="remove the `task` line"))
    used: set[str] = set()

    def ref(source: str | None, path: Path) -> None:
        if source is None or e.sources is None:
            return
        used.add(source)
        if source not in e.sources:
            out.append(item.at(path, Severity.ERROR, "unknown-source", "no source with this key in `sources`",
                               got=short(source), hint=did_you_mean(source, e.sources) or
                               "add the source under `sources:` with its url, title, retrieved date and kind"))

    for key, fact in _present(e.facts):
        spec = FACTS.get(key)
        if spec is None:
            out.append(item.at(("facts", key), Severity.ERROR, "unknown-fact", "not a registered fact key",
                               got=short(key), key=True,
                               hint=did_you_mean(key, FACTS) or "register it in generator/models/facts.py"))
        else:
            if fact.unit is not None and fact.unit != spec.unit:
                fixable = fact.unit in spec.unit_aliases
                out.append(item.at(("facts", key, "unit"), Severity.ERROR, "fact-unit", "wrong unit for this fact",
                                   got=short(fact.unit), expected=short(spec.unit),
                                   hint="`versus fix` rewrites it" if fixable else
                                   f"convert the value to {spec.unit or 'a unitless value'}"))
            value_ok = (isinstance(fact.value, spec.kind) and not isinstance(fact.value, bool)) or (
                spec.kind is float and isinstance(fact.value, int) and not isinstance(fact.value, bool))
            if fact.value is None:
                pass
            elif not value_ok:
                want = {int: "a whole number", float: "a number", str: "text"}[spec.kind]
                out.append(item.at(("facts", key, "value"), Severity.ERROR, "fact-type",
                                   f"{spec.label} takes {want}", got=short(fact.value), expected=want))
            elif isinstance(fact.value, (int, float)) and (fact.value < 0 or math.isnan(fact.value)):
                out.append(item.at(("facts", key, "value"), Severity.ERROR, "out-of-range",
                                   "a fact cannot be negative", got=short(fact.value)))
            elif isinstance(fact.value, float) and (shown := rounded_on_pages(fact.value)) is not None:
                out.append(_too_precise(item, ("facts", key, "value"), shown))
            elif spec.date and not _is_date_text(str(fact.value)):
                out.append(item.at(("facts", key, "value"), Severity.ERROR, "bad-date", "not a date",
                                   got=short(fact.value), expected="'YYYY-MM-DD' or 'YYYY-MM', quoted"))
            elif spec.choices and (refused := spec.refused(str(fact.value))):
                out.append(_outside_choices(item, key, spec, refused[0]))
        ref(fact.source, ("facts", key, "source"))
    for name, signal in _present(e.signals):
        ref(signal.source, ("signals", name, "source"))
    dated = [("facts", k, f) for k, f in _present(e.facts)] + [("signals", k, s) for k, s in _present(e.signals)]
    for group, key, record in dated:
        source = (e.sources or {}).get(record.source)
        if source is not None and source.date is not None and record.as_of is not None and \
                record.as_of > source.date:
            out.append(item.at((group, key, "as_of"), Severity.ERROR, "as-of-after-source",
                               "later than the date of the source it cites", got=record.as_of.isoformat(),
                               expected=f"{source.date.isoformat()} or earlier (sources.{record.source}.date)",
                               hint="a fact is as of its source's own date (the revision, release or page date), "
                                    "not the day it was copied"))
    for name in ("license", "released"):
        if getattr(e, name) is not None:
            ref(getattr(e, name).source, (name, "source"))
    seen_caps: dict[str, int] = {}
    for i, cap in _present(e.capabilities):
        if cap.id in seen_caps:
            out.append(item.at(("capabilities", i, "id"), Severity.ERROR, "duplicate-id",
                               f"capability id repeats capabilities[{seen_caps[cap.id]}]", got=short(cap.id)))
        if cap.id is not None:
            seen_caps.setdefault(cap.id, i)
        for j, s in _present(cap.sources):
            ref(s, ("capabilities", i, "sources", j))
        for j, comp in _present(cap.compared):
            for k, s in _present(comp.sources):
                ref(s, ("capabilities", i, "compared", j, "sources", k))
    for list_name in ("alternatives", "integrations", "categories"):
        seen: set[str] = set()
        for i, value in _present(getattr(e, list_name)):
            if value in seen:
                out.append(item.at((list_name, i), Severity.ERROR, "duplicate-item", "listed twice",
                                   got=short(value), hint="remove the repeat"))
            seen.add(value)
            if list_name != "categories" and value == e.id:
                out.append(item.at((list_name, i), Severity.ERROR, "self-pair",
                                   "an entity cannot be its own alternative or integration", got=short(value)))
    for key in sorted(set(e.sources or ()) - used):
        out.append(item.at(("sources", key), Severity.WARNING, "unused-source", "this source is never cited",
                           key=True, hint="cite it from a fact, signal or capability, or remove it"))
    return out


TOO_PRECISE = f"more than {SIGNIFICANT_DIGITS} significant digits, which the pages round"


def too_precise_hint(shown: str) -> str:
    return f"write {shown}: the pages and the downloads then show the same figure"


def _too_precise(item: Located[Any], path: Path, shown: str) -> Diagnostic:
    return item.at(path, Severity.ERROR, "too-precise", TOO_PRECISE, got=short(item.raw.doc.raw.get(path, shown)),
                   hint=too_precise_hint(shown))


def faq_rules(item: Located[FaqEntry], taken: Collection[str] = ()) -> list[Diagnostic]:
    return _id_matches_file(item, taken)


def config_provenance_rules(item: Located[ConfigProvenance]) -> list[Diagnostic]:
    return [item.at(("skip", key), Severity.ERROR, "unknown-fact", "not a registered fact key", got=short(key),
                    key=True, hint=did_you_mean(key, FACTS) or "name a key of generator/models/facts.py")
            for key in item.model.skip if key not in FACTS]


def scoring_rules(item: Located[Scoring]) -> list[Diagnostic]:
    out = []
    cfg = item.model
    for entity_type, weights in cfg.weights.items():
        total = sum(weights.values())
        if abs(total - 1.0) > 1e-9:
            out.append(item.at(("weights", entity_type), Severity.ERROR, "weights-sum",
                               "the component weights must add up to 1", got=f"{total:g}", expected="1"))
        for name in weights:
            if name not in cfg.components:
                out.append(item.at(("weights", entity_type, name), Severity.ERROR, "unknown-id",
                                   "no component under `components` has this name", got=short(name), key=True,
                                   hint="describe it under `components:` (the methodology page prints it)"))
    for section in ("benchmarks", "speed"):
        for j, metric in enumerate(getattr(cfg, section).metrics):
            if metric not in METRICS:
                out.append(item.at((section, "metrics", j), Severity.ERROR, "unknown-metric",
                                   "not a registered metric", got=short(metric),
                                   hint=did_you_mean(metric, METRICS) or "register it in generator/models/benchmark.py"))
    return out


def vocabulary_reference(scoring: Located[Scoring], use_cases: Located[UseCaseRules]) -> list[Diagnostic]:
    """The platforms component counts the terms of a vocabulary that content/use_cases.yaml declares."""
    name = scoring.model.platforms.vocabulary
    known = use_cases.model.vocabularies
    if name in known:
        return []
    return [scoring.at(("platforms", "vocabulary"), Severity.ERROR, "unknown-id",
                       "no vocabulary of content/use_cases.yaml has this id", got=short(name),
                       hint=did_you_mean(name, known) or "declare it under `vocabularies:` in content/use_cases.yaml")]


def hardware_rules(item: Located[HardwareCatalog]) -> list[Diagnostic]:
    """An id, and a benchmark row's GPU name, may name one device only."""
    out: list[Diagnostic] = []
    ids: dict[str, int] = {}
    names: dict[str, str] = {}
    for i, device in enumerate(item.model.devices):
        if device.id in ids:
            out.append(item.at(("devices", i, "id"), Severity.ERROR, "duplicate-id",
                               f"device id repeats devices[{ids[device.id]}]", got=short(device.id)))
        ids.setdefault(device.id, i)
        for j, name in enumerate(device.benchmark_names):
            if name in names and names[name] != device.id:
                out.append(item.at(("devices", i, "benchmark_names", j), Severity.ERROR, "duplicate-item",
                                   f"this GPU name already means device {names[name]!r}", got=short(name),
                                   hint="a benchmark row's GPU can be one device only"))
            names.setdefault(name, device.id)
    return out


_FACT_KINDS = {"fact": (int, float), "terms": (str,), "scale": (str,), "released": (str,), "size": (str,)}


@dataclass(frozen=True)
class Judged:
    """What the selection analysis judges, which a use case's `fit` decider must name. The analysis is
    a later stage, so the pipeline passes these in rather than this stage importing it."""
    gpu_sizes: tuple[int, ...]     # GB
    fit_tasks: tuple[str, ...]     # the tasks whose models get a memory verdict


def use_case_rules(item: Located[UseCaseRules], judged: Judged) -> list[Diagnostic]:
    """What the types cannot say: each decider has the fields its `by` reads and no other, and names a
    registered fact, metric, vocabulary and GPU size that can apply to the kinds listed."""
    out: list[Diagnostic] = []
    rules = item.model
    seen: dict[str, int] = {}
    for i, case in enumerate(rules.use_cases):
        at = ("use_cases", i)
        if case.id in seen:
            out.append(item.at((*at, "id"), Severity.ERROR, "duplicate-id",
                               f"the use case id repeats use_cases[{seen[case.id]}]", got=short(case.id)))
        seen.setdefault(case.id, i)
        for j, kind in enumerate(case.kinds):
            if kind in case.kinds[:j]:
                out.append(item.at((*at, "kinds", j), Severity.ERROR, "duplicate-item", "listed twice",
                                   got=short(kind), hint="remove the repeat"))
        d = case.decide
        needed, optional = DECIDER_FIELDS[d.by], OPTIONAL_FIELDS.get(d.by, ())
        written = item.raw.doc.data["use_cases"][i]["decide"]
        for name in needed:
            if getattr(d, name) is None:
                out.append(item.at((*at, "decide"), Severity.ERROR, "decider-field",
                                   f"a `{d.by}` decider needs `{name}`", expected=name,
                                   hint=f"add `{name}:`; the methodology page describes each kind of decider"))
        for name in written:
            if name != "by" and name not in needed and name not in optional:
                out.append(item.at((*at, "decide", name), Severity.ERROR, "decider-field",
                                   f"a `{d.by}` decider does not read `{name}`", key=True,
                                   expected=", ".join(needed + optional) or "only `by`",
                                   hint="remove it, or change `by`"))
        models = [k for k in case.kinds if k.startswith("model:")]
        if d.fact is not None and d.by in _FACT_KINDS:
            spec = FACTS.get(d.fact)
            if spec is None:
                out.append(item.at((*at, "decide", "fact"), Severity.ERROR, "unknown-fact", "not a registered fact key",
                                   got=short(d.fact), hint=did_you_mean(d.fact, FACTS) or
                                   "register it in generator/models/facts.py"))
            elif spec.kind not in _FACT_KINDS[d.by] or (d.by == "released" and not spec.date):
                want = {"fact": "a number", "released": "a date"}.get(d.by, "text")
                out.append(item.at((*at, "decide", "fact"), Severity.ERROR, "fact-type",
                                   f"a `{d.by}` decider reads {want}, and {spec.label} is not", got=short(d.fact)))
        per = FACTS.get(d.per) if d.per is not None else None
        if d.per is not None and per is None:
            out.append(item.at((*at, "decide", "per"), Severity.ERROR, "unknown-fact", "not a registered fact key",
                               got=short(d.per), hint=did_you_mean(d.per, FACTS) or
                               "register it in generator/models/facts.py"))
        elif d.per is not None and per is not None and per.kind not in (int, float):
            out.append(item.at((*at, "decide", "per"), Severity.ERROR, "fact-type",
                               f"`per` divides by a number, and {per.label} is not", got=short(d.per)))
        if (d.per is None) != (d.per_unit is None):
            out.append(item.at((*at, "decide"), Severity.ERROR, "decider-field",
                               "`per` and `per_unit` go together: the quotient needs its unit",
                               expected="per, per_unit", hint="add the missing one, or remove both"))
        for j, metric in enumerate(d.metrics or ()):
            mspec = METRICS.get(metric)
            if mspec is None:
                out.append(item.at((*at, "decide", "metrics", j), Severity.ERROR, "unknown-metric",
                                   "not a registered metric", got=short(metric),
                                   hint=did_you_mean(metric, METRICS) or "register it in generator/models/benchmark.py"))
            elif len(models) != len(case.kinds) or any(k.split(":", 1)[1] not in mspec.tasks for k in models):
                out.append(item.at((*at, "decide", "metrics", j), Severity.ERROR, "metric-task",
                                   f"{mspec.label} is measured for {', '.join(sorted(mspec.tasks))} models only",
                                   got=short(metric), hint="list only the kinds the metric applies to"))
        if d.by == "fit" and any(k not in {f"model:{t}" for t in judged.fit_tasks} for k in case.kinds):
            out.append(item.at((*at, "kinds"), Severity.ERROR, "rule-kind",
                               "the selection analysis judges memory for "
                               + ", ".join(f"model:{t}" for t in judged.fit_tasks) + " only",
                               hint="list only those kinds for a `fit` decider"))
        if d.gpu_gb is not None and d.gpu_gb not in judged.gpu_sizes:
            out.append(item.at((*at, "decide", "gpu_gb"), Severity.ERROR, "bad-choice",
                               "not a GPU memory size of the selection analysis", got=str(d.gpu_gb),
                               expected=", ".join(str(t) for t in judged.gpu_sizes)))
        if d.vocabulary is not None and d.vocabulary not in rules.vocabularies:
            out.append(item.at((*at, "decide", "vocabulary"), Severity.ERROR, "unknown-id", "no vocabulary has this id",
                               got=short(d.vocabulary), hint=did_you_mean(d.vocabulary, rules.vocabularies) or
                               "add it under `vocabularies:`"))
    return out + _spellings_outside_choices(item)


def _spellings_outside_choices(item: Located[UseCaseRules]) -> list[Diagnostic]:
    """A vocabulary read over an enumerated fact can only match the fact's values: a spelling that is not
    one of them (a typo such as 'swichable') would silently never match, so that side would never be picked."""
    rules = item.model
    out: list[Diagnostic] = []
    checked: set[str] = set()
    for case in rules.use_cases:
        d = case.decide
        spec = FACTS.get(str(d.fact))
        vocabulary = rules.vocabularies.get(str(d.vocabulary))
        if d.by != "terms" or spec is None or not spec.choices or vocabulary is None or d.vocabulary in checked:
            continue
        checked.add(str(d.vocabulary))
        values = [c.value for c in spec.choices]
        for term_id, term in vocabulary.items():
            for j, spelling in enumerate(term.match):
                if spelling.lower() not in values:
                    out.append(item.at(("vocabularies", str(d.vocabulary), term_id, "match", j), Severity.ERROR,
                                       "bad-choice", f"not a value of {spec.label}, which this vocabulary is read over",
                                       got=short(spelling), expected=", ".join(repr(v) for v in values),
                                       hint=did_you_mean(spelling.lower(), values) or
                                       f"{d.fact} takes only these values (generator/models/facts.py)"))
    return out


def validate(raw: RawContent, judged: Judged, latest: dt.date | None = None) -> tuple[ValidContent, list[Diagnostic]]:
    """`latest`: the last date content may carry (dates.latest_date(); None: dates are not bounded)."""
    out = ValidContent()
    diags: list[Diagnostic] = list(raw.diagnostics)

    def take(record: RawYaml, model: type[M], rules: Callable[[Located[M]], list[Diagnostic]] | None = None,
             rules_on_partial: bool = False) -> tuple[Located[M] | None, Located[M] | None]:
        """The valid model, or None and the partial model of what validated (None when not even that)."""
        item, problems, partial = typed_or_partial(record, model)
        diags.extend(problems)
        if (found := item or partial) is not None:
            diags.extend(date_rules(record.file, found.model, record.doc.position, latest))
        if item is not None and rules is not None:
            diags.extend(rules(item))
        elif partial is not None and rules is not None and rules_on_partial:
            # A source that failed its type is missing from the partial model: the facts citing it would
            # look "unknown", and no source can be told unused while some citations failed.
            left_out = _sources_left_out(record, partial)
            diags.extend(d for d in rules(partial) if d.rule != "unused-source" and not
                         (d.rule == "unknown-source" and d.got in left_out))
        return item, partial

    def stems(records: list[RawYaml], folder: str) -> set[str]:
        files = [r.file for r in records] + [f for f in raw.unreadable if f.startswith(folder + "/")]
        return {PurePosixPath(f).stem for f in files}

    entity_files, faq_files = stems(raw.entities, ENTITY_DIR), stems(raw.faq, FAQ_DIR)
    for record in raw.entities:
        entity, partial = take(record, Entity, lambda item: entity_rules(item, entity_files), rules_on_partial=True)
        if entity is not None:
            out.entities.append(entity)
        else:
            out.invalid_ids.add(PurePosixPath(record.file).stem)
            if partial is not None:
                out.partial_entities.append(partial)
    out.invalid_ids |= {PurePosixPath(f).stem for f in raw.unreadable if f.startswith(ENTITY_DIR + "/")}
    for record in raw.faq:
        entry, partial_entry = take(record, FaqEntry, lambda item: faq_rules(item, faq_files), rules_on_partial=True)
        if entry is not None:
            out.faq.append(entry)
        elif partial_entry is not None:
            out.partial_faq.append(partial_entry)
    for record in raw.config_provenance:
        take(record, ConfigProvenance, config_provenance_rules)
    if raw.comparisons is not None:
        pairs, partial_pairs = take(raw.comparisons, ComparisonList)
        out.comparisons, out.comparisons_complete = pairs or partial_pairs, pairs is not None
    if raw.scoring is not None:
        # No rules on a partial model here: a weight left out would make the sum look wrong, a use case
        # left out would shift the index of every later one.
        out.scoring = take(raw.scoring, Scoring, scoring_rules)[0]
    if raw.hardware is not None:
        out.hardware = take(raw.hardware, HardwareCatalog, hardware_rules)[0]
    if raw.categories is not None:
        out.categories = take(raw.categories, CategoryList)[0]
    if raw.use_cases is not None:
        out.use_cases = take(raw.use_cases, UseCaseRules, lambda item: use_case_rules(item, judged))[0]
    if out.scoring is not None and out.use_cases is not None:
        # Without a valid rule file there is no vocabulary: the platforms component then has no data.
        diags.extend(vocabulary_reference(out.scoring, out.use_cases))
    return out, diags
