"""The derived site: everything the pages are planned from, computed once per build."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .benchmarks import BenchmarkData
from .catalog import Catalog
from .models import Scoring
from .models.use_cases import UseCaseRules
from .picks import PairPicks
from .scoring import Score
from .selection import SelectionAnalysis


@dataclass(frozen=True)
class Site:
    catalog: Catalog
    scoring: Scoring
    scores: dict[str, Score]
    data_date: dt.date          # the newest date in the content: "as of" for the whole site
    benchmarks: BenchmarkData
    selection: SelectionAnalysis
    use_cases: UseCaseRules | None = None
    picks: dict[str, PairPicks] = field(default_factory=dict)   # by pair slug
