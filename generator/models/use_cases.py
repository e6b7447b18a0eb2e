"""The "Which to pick" rule set (`content/use_cases.yaml`): the use cases a comparison answers, and for
each one the evidence that decides it, its direction and the smallest difference that counts.

The rules are data, not code: the picks stage applies them to every pair and the methodology page
lists them, both from this one file. A decider is one flat record whose `by` says which evidence it
reads; the fields each `by` needs are checked by validation (`validate.use_case_rules`), so that a
contributor gets one line per problem instead of a nested union error.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from pydantic import Field, StrictBool, StrictInt

from .common import FiniteFloat, Id, Label, Line, Strict_, Text
from .entity import Kind
from .facts import SignalName

DeciderKind = Literal["fact", "metric", "fit", "license", "released", "signal", "terms", "scale", "links",
                      "capabilities", "size"]
CommercialUse = Literal["no", "restricted", "yes"]

# Which fields each kind of decider reads (besides `by` and the thresholds): validation refuses a
# missing one and one that the decider would ignore.
DECIDER_FIELDS: dict[str, tuple[str, ...]] = {
    "fact": ("fact", "better"),
    "metric": ("metrics",),
    "fit": ("gpu_gb",),
    "license": ("order",),
    "released": (),
    "signal": ("signal",),
    "terms": ("fact", "vocabulary"),
    "scale": ("fact", "levels"),
    "links": ("kinds", "direction", "noun"),
    "capabilities": (),
    "size": ("fact",),
}
OPTIONAL_FIELDS: dict[str, tuple[str, ...]] = {
    "fit": ("unless_repeats",),
    "fact": ("min_ratio", "min_difference", "context_memory", "per", "per_unit"),
    "size": ("min_ratio",),
    "metric": ("min_ratio", "min_difference"),
    "released": ("min_days", "fact"),
    "signal": ("min_ratio",),
    "links": ("min_difference",),
}
DECIDER_WORDS: dict[str, str] = {
    "fact": "a sourced fact of each entity",
    "metric": "benchmark rows measured the same way (same source, same settings)",
    "fit": "the model-selection analysis: the best precision that fits in the GPU memory",
    "license": "the license's terms for commercial use",
    "released": "the release date, or a dated fact such as the latest release",
    "signal": "a dated public counter",
    "terms": "the terms a fact names, from a vocabulary",
    "scale": "the easiest level a fact names, on an ordered scale",
    "links": "entities of the catalog linked to it",
    "capabilities": "capabilities its page compares with the other entity",
    "size": "a width x height fact, compared by its number of pixels",
}


@cache
def _spelling_pattern(spellings: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in spellings) + r")(?!\w)", re.IGNORECASE)


def named_in(text: str, spellings: list[str]) -> bool:
    """One of the spellings as a whole word of the text, in any case."""
    return _spelling_pattern(tuple(spellings)).search(text) is not None


class Term(Strict_):
    label: Label = Field(description="how the page names the term, e.g. AMD GPUs")
    match: list[Label] = Field(min_length=1, max_length=12,
                               description="spellings that count as the term in a fact's text (whole words, "
                                           "any case), e.g. [AMD, ROCm]")

    def in_text(self, text: str) -> bool:
        return named_in(text, self.match)


class Level(Strict_):
    label: Label
    match: list[Label] = Field(min_length=1, max_length=12)

    def in_text(self, text: str) -> bool:
        return named_in(text, self.match)


class Decider(Strict_):
    by: DeciderKind = Field(description="which evidence decides: " + "; ".join(
        f"{k}: {v}" for k, v in DECIDER_WORDS.items()))
    fact: str | None = Field(None, max_length=64, description="fact, terms, scale: a key of the fact registry; "
                                                                "released: a date fact read instead of the release "
                                                                "date (e.g. last_release)")
    better: Literal["higher", "lower"] | None = Field(None, description="fact: which way is better")
    metrics: list[str] | None = Field(None, min_length=1, max_length=8,
                                      description="metric: keys of the metric registry; its direction is the metric's")
    gpu_gb: StrictInt | None = Field(None, gt=0, description="fit: a GPU memory size of the selection analysis")
    order: list[CommercialUse] | None = Field(None, min_length=2, max_length=3,
                                              description="license: commercial-use terms from worst to best")
    signal: SignalName | None = None
    vocabulary: Id | None = Field(None, description="terms: a key of `vocabularies`")
    levels: list[Level] | None = Field(None, min_length=2, max_length=12,
                                       description="scale: the levels from hardest to easiest")
    kinds: list[Kind] | None = Field(None, min_length=1, description="links: which kinds of entity count")
    direction: Literal["from", "to"] | None = Field(
        None, description="links: `from`: entities that list it in their integrations (runtimes that run a "
                          "model); `to`: the entities it lists (models a tool runs)")
    noun: Label | None = Field(None, description="links: what the linked entities are called, plural, e.g. runtimes")
    min_ratio: FiniteFloat | None = Field(None, gt=1, description="the larger value must be at least this many "
                                                                   "times the smaller")
    min_difference: FiniteFloat | None = Field(None, ge=0, description="the values must differ by more than this, "
                                                                        "in the value's unit")
    min_days: StrictInt | None = Field(None, ge=0, description="released: the newer must be this many days newer")
    context_memory: StrictBool = Field(False, description="fact: also say what the model's longest context costs "
                                                          "in memory (the selection analysis)")
    per: str | None = Field(None, max_length=64, description="fact: compare the fact divided by this one, e.g. "
                                                              "max_frames per frame_rate: a clip's seconds")
    per_unit: Label | None = Field(None, description="fact with `per`: the unit of the quotient, e.g. s")
    unless_repeats: StrictBool = Field(False, description="fit: leave the line out of a pair's picks when it would "
                                                          "say what the pair's line for the previous GPU size says "
                                                          "(both the same fit: two small models at full precision)")


class UseCase(Strict_):
    id: Id
    title: Label = Field(description="the use case as a heading, e.g. Long documents")
    phrase: Line = Field(description="how the headline names it after 'Pick X', e.g. 'for long documents'")
    kinds: list[Kind] = Field(min_length=1, description="the kinds of entity it applies to")
    main: StrictBool = Field(False, description="one of the main use cases: only a pair whose picks cover every "
                                                "main one may be said to lead overall")
    decide: Decider
    why: Text = Field(description="why this evidence answers the use case (the methodology page prints it)")


class Job(Strict_):
    phrase: Line = Field(description="what a reader reaches for this kind of entity to do, e.g. "
                                     "'to write, answer and summarise text'")


class UseCaseRules(Strict_):
    format: Literal[1]
    vocabularies: dict[Id, dict[Id, Term]] = Field(default_factory=dict)
    jobs: dict[Kind, Job] = Field(default_factory=dict,
                                  description="what each kind is for: a pair of different kinds is answered by job")
    use_cases: list[UseCase] = Field(min_length=1, max_length=60)
