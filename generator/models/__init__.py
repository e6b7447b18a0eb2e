"""Typed content models (pydantic v2, strict, unknown fields forbidden)."""

from .comparisons import ComparisonList, PairRequest
from .config_import import ConfigProvenance, PinnedSource
from .entity import Capability, Comparison, Entity, Fact, Signal
from .facts import FACTS, SIGNALS, FactSpec
from .faq import FaqEntry
from .scoring import COMPONENTS, Scoring

__all__ = [
           "COMPONENTS",
           "FACTS",
           "SIGNALS",
           "Capability",
           "Comparison",
           "ComparisonList",
           "ConfigProvenance",
           "Entity",
           "Fact",
           "FactSpec",
           "FaqEntry",
           "PairRequest",
           "PinnedSource",
           "Scoring",
           "Signal",
]
