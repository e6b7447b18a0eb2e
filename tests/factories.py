"""Typed content built in a test, without a file: a model entity with the facts a test names."""

from __future__ import annotations

from generator.models.entity import Entity
from generator.models.facts import FACTS


def model_entity(eid: str = "m", task: str = "text-generation", **facts: object) -> Entity:
    """A valid model entity whose facts are exactly `facts`, each in its registered unit."""
    return Entity.model_validate({
        "id": eid, "name": eid.replace("-", " ").title(), "type": "model", "task": task, "summary": "A test model.",
        "categories": ["test"], "vendor": "Test", "license": {"name": "MIT", "source": "s"},
        "pricing": {"model": "free"}, "released": {"date": "2024-01", "source": "s"},
        "links": {"homepage": "https://example.org"},
        "facts": {k: {"value": v, "unit": FACTS[k].unit, "source": "s", "as_of": "2026-11-26"}
                  for k, v in facts.items()},
        "sources": {"s": {"url": "https://example.org", "title": "T", "retrieved": "2026-11-26", "kind": "primary"}},
        "last_reviewed": "2026-11-26"})
