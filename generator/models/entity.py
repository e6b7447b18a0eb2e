"""An entity: one model, repository, library, app or service, in `content/entities/<id>.yaml`."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field, StrictBool

from .common import Date, Figure, Id, Label, Line, PartialDate, Source, Strict_, Text, Url, WholeNumber
from .facts import FACTS, SIGNALS, SignalName

EntityType = Literal["model", "runtime", "repository", "library", "app", "service"]
Task = Literal["text-generation", "text-to-image", "text-to-video"]
LinkName = Literal["homepage", "repository", "model_card", "docs", "paper"]
# What an entity is for comparison purposes (`Entity.kind`): `model:<task>` for models, else the type.
Kind = Literal["model:text-generation", "model:text-to-image", "model:text-to-video", "runtime", "repository",
               "library", "app", "service"]
KINDS: tuple[str, ...] = get_args(Kind)
# Spelled out for the type checker; it must stay the model tasks and then the other entity types.
assert KINDS == (*(f"model:{t}" for t in get_args(Task)), *(t for t in get_args(EntityType) if t != "model"))


class Fact(Strict_):
    value: WholeNumber | Figure | Label | StrictBool
    unit: str = Field("", max_length=16, description="the unit the fact registry names for this key")
    source: Id = Field(description="a key of this file's `sources`")
    as_of: Date
    note: Line | None = None


class Signal(Strict_):
    value: WholeNumber = Field(ge=0)
    as_of: Date
    source: Id
    # A family repository's stars say how much the family is used, not which of its models: shown, never
    # scored or picked on.
    scope: Literal["entity", "family"] = Field(
        "entity", description="family: the counter is a repository shared by several models of one family")


class License(Strict_):
    name: Label
    spdx: Label | None = Field(None, description="SPDX identifier where one exists, e.g. Apache-2.0")
    commercial_use: Literal["yes", "restricted", "no"] | None = None
    source: Id


class Pricing(Strict_):
    model: Literal["free", "freemium", "paid"]
    note: Line | None = None


class Released(Strict_):
    date: PartialDate
    source: Id
    note: Line | None = None


class Comparison(Strict_):
    with_: Id = Field(alias="with", description="the id of the entity compared with")
    text: Text
    sources: list[Id] = Field(min_length=1)


class Capability(Strict_):
    id: Id
    title: Line
    what: Text = Field(description="what it does, in plain words")
    unique: Text | None = Field(None, description="what sets it apart, with the evidence")
    compared: list[Comparison] = Field(default_factory=list)
    sources: list[Id] = Field(min_length=1)


class Entity(Strict_):
    id: Id
    name: Label
    type: EntityType
    task: Task | None = Field(None, description="required for models: what the model does")
    summary: Line
    categories: list[Id] = Field(min_length=1, max_length=8,
                                 description="ids declared in content/categories.yaml (declare a new one there)")
    vendor: Label
    license: License
    pricing: Pricing
    open_weights: StrictBool | None = Field(None, description="models: can anyone download the weights?")
    released: Released
    links: dict[LinkName, Url] = Field(min_length=1)
    facts: dict[str, Fact] = Field(default_factory=dict)
    signals: dict[SignalName, Signal] = Field(default_factory=dict)
    capabilities: list[Capability] = Field(default_factory=list, max_length=40)
    alternatives: list[Id] = Field(default_factory=list, max_length=30)
    integrations: list[Id] = Field(default_factory=list, max_length=60,
                                   description="entities this one runs, loads or trains (tools -> models)")
    sources: dict[Id, Source] = Field(min_length=1)
    last_reviewed: Date

    @property
    def kind(self) -> str | None:
        """What the entity is for comparison purposes: `model:<task>` for models, else the type
        (None for a model without a task, which validation reports)."""
        if self.type == "model":
            return f"model:{self.task}" if self.task else None
        return self.type


__all__ = ["FACTS", "KINDS", "SIGNALS", "Capability", "Comparison", "Entity", "Fact", "Kind", "Signal"]
