"""Numbered citations for one page: every number on a page links to an entry of its source list."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models.common import Source


@dataclass(frozen=True)
class Citation:
    number: int
    url: str
    title: str
    publisher: str | None
    retrieved: str
    kind: str

    @property
    def anchor(self) -> str:
        return f"source-{self.number}"


@dataclass
class Citations:
    """Collects the sources a page cites, numbering each distinct URL once, in order of first use."""

    items: list[Citation] = field(default_factory=list)

    def cite(self, source: Source) -> Citation:
        for item in self.items:
            if item.url == source.url:
                return item
        item = Citation(len(self.items) + 1, source.url, source.title, source.publisher,
                        source.retrieved.isoformat(), source.kind)
        self.items.append(item)
        return item

    def newest(self) -> str | None:
        return max((c.retrieved for c in self.items), default=None)
