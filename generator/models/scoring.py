"""The scoring weights (`content/scoring.yaml`): one file drives both the scores and the methodology page."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import FiniteFloat, Line, Strict_, Text, WholeNumber
from .entity import EntityType, SignalName

Component = Literal["adoption", "quality", "ecosystem", "match_graph", "freshness"]
COMPONENTS: tuple[Component, ...] = ("adoption", "quality", "ecosystem", "match_graph", "freshness")


class ComponentDoc(Strict_):
    title: Line
    description: Text


class Saturation(Strict_):
    full_at: FiniteFloat = Field(gt=1, description="the raw value that scores 100 (log scale)")


class QualityCheck(Strict_):
    id: str = Field(pattern=r"^[a-z_]+$")
    points: FiniteFloat = Field(gt=0)
    description: Line


class Scoring(Strict_):
    format: Literal[1]
    components: dict[Component, ComponentDoc]
    weights: dict[EntityType, dict[Component, FiniteFloat]]
    adoption: dict[SignalName, Saturation]
    ecosystem: Saturation
    match_graph: Saturation
    freshness_half_life_days: WholeNumber = Field(gt=0)
    quality_checks: list[QualityCheck] = Field(min_length=1)
    close_call_points: FiniteFloat = Field(ge=0, description="differences up to this many points are ties")
    close_call_per_missing: FiniteFloat = Field(
        ge=0, description="extra points of doubt per unit of composite weight that has no data")
