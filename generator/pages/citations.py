"""Numbered citations for one page: every number on a page links to an entry of its source list."""

from __future__ import annotations

import datetime as dt
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
    _by_url: dict[str, Citation] = field(default_factory=dict, repr=False, compare=False)

    def cite(self, source: Source) -> Citation:
        item = self._by_url.get(source.url)   # most sources are cited more than once on a page
        if item is not None:
            return item
        return self.cite_url(source.url, source.title, source.retrieved, source.kind, source.publisher)

    def cite_url(self, url: str, title: str, retrieved: dt.date | None, kind: str,
                 publisher: str | None = None) -> Citation:
        item = self._by_url.get(url)
        if item is None:
            item = Citation(len(self.items) + 1, url, title, publisher,
                            retrieved.isoformat() if retrieved else "date not recorded", kind)
            self.items.append(item)
            self._by_url[url] = item
        return item

    def newest(self) -> str | None:
        return max((c.retrieved for c in self.items), default=None)
