"""Explicitly requested comparison pairs (`content/comparisons.yaml`)."""

from __future__ import annotations

from pydantic import Field

from .common import Id, Line, Strict_


class PairRequest(Strict_):
    a: Id
    b: Id
    why: Line = Field(description="why readers ask for this pair")


class ComparisonList(Strict_):
    pairs: list[PairRequest] = Field(default_factory=list)
