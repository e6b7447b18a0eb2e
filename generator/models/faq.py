"""A troubleshooting entry: one problem, in `content/faq/<id>.yaml`."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Date, Id, Label, Line, Source, Strict_, Text, Verbatim

Category = Literal["installation", "generation", "training", "llm-runtime", "platform"]
Platform = Literal["windows", "linux", "macos", "wsl", "cloud-gpu", "colab", "any"]


class AppliesTo(Strict_):
    tools: list[Label] = Field(min_length=1, description="programs where the error appears")
    platforms: list[Platform] = Field(min_length=1)
    hardware: Line | None = Field(None, description="GPU or OS details, e.g. 'GTX 16xx, pre-Ampere GPUs'")
    versions: Line | None = Field(None, description="library versions concerned, e.g. 'transformers < 4.37'")


class FixStep(Strict_):
    step: Text
    command: Verbatim | None = None
    tradeoff: Text | None = Field(None, description="what the step costs: speed, memory, quality")


class Verify(Strict_):
    command: Verbatim
    expect: Text = Field(description="what the command prints when the fix worked")


class FaqEntry(Strict_):
    id: Id
    error: Verbatim = Field(description="the error text exactly as people see it")
    title: Line = Field(description="a short plain-words name for the problem")
    category: Category
    applies_to: AppliesTo
    cause: Text
    fix: list[FixStep] = Field(min_length=1, max_length=12)
    verify: Verify
    related: list[Id] = Field(default_factory=list, description="ids of entities this problem concerns")
    sources: list[Source] = Field(min_length=1)
    last_verified: Date
