"""The scoring weights (`content/scoring.yaml`): one file drives both the scores and the methodology page.

The score says how good an entity is, from evidence about the entity; how well the site knows it (the
evidence-quality checklist, the share of the weight with data) sets the margin around the score, never
the score itself.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import FiniteFloat, Id, Line, Strict_, Text, WholeNumber
from .entity import EntityType
from .facts import SignalName

Component = Literal["benchmarks", "efficiency", "openness", "adoption", "freshness", "maintenance", "ecosystem",
                    "platforms"]
COMPONENTS: tuple[Component, ...] = ("benchmarks", "efficiency", "openness", "adoption", "freshness", "maintenance",
                                     "ecosystem", "platforms")


class ComponentDoc(Strict_):
    title: Line
    description: Text


class Saturation(Strict_):
    full_at: FiniteFloat = Field(gt=1, description="the raw value that scores 100 (log scale)")


class QualityCheck(Strict_):
    id: str = Field(pattern=r"^[a-z_]+$")
    points: FiniteFloat = Field(gt=0)
    description: Line


class MetricSet(Strict_):
    metrics: list[str] = Field(min_length=1, max_length=16,
                               description="keys of the metric registry; each is scaled within its comparable groups")


class Openness(Strict_):
    open_weights: FiniteFloat = Field(ge=0, le=1, description="the value of downloadable weights (models)")
    closed_weights: FiniteFloat = Field(ge=0, le=1, description="the value of weights one cannot download")
    commercial_use: dict[Literal["yes", "restricted", "no"], FiniteFloat] = Field(
        description="the value of each license term for commercial use, 0 to 1")


class PlatformCount(Strict_):
    vocabulary: Id = Field(description="a vocabulary of content/use_cases.yaml whose terms are counted")
    full_at: WholeNumber = Field(gt=0, description="the number of platforms that scores 100")


class Margin(Strict_):
    base_points: FiniteFloat = Field(ge=0, description="points of doubt every score carries")
    per_missing_weight: FiniteFloat = Field(
        ge=0, description="points added per unit of the composite's weight (0 to 1) that rests on no data")
    per_missing_evidence: FiniteFloat = Field(
        ge=0, description="points added per unit (0 to 1) of the evidence-quality checklist not met")


class Scoring(Strict_):
    format: Literal[2]
    components: dict[Component, ComponentDoc]
    weights: dict[EntityType, dict[Component, FiniteFloat]]
    benchmarks: MetricSet
    speed: MetricSet
    openness: Openness
    adoption: dict[SignalName, Saturation]
    ecosystem: Saturation
    platforms: PlatformCount
    freshness_half_life_days: WholeNumber = Field(gt=0)
    maintenance_half_life_days: WholeNumber = Field(gt=0)
    quality_checks: list[QualityCheck] = Field(min_length=1)
    margin: Margin
