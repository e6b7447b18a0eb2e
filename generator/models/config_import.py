"""Where a saved configuration came from: `content/configs/<entity-id>.yaml`, beside the configuration
itself (`<entity-id>.json`, the published file byte for byte) and, optionally, the repository's file
listing (`<entity-id>.files.json`). `versus import` writes it from its command line, or reads it to
import again; the facts it writes cite these sources.
"""

from __future__ import annotations

from pydantic import Field

from .common import Date, Label, Line, Source, Strict_


class PinnedSource(Source):
    """A source whose address names one revision: what an imported fact cites."""

    date: Date = Field(description="the date of that revision (its commit or upload date): the facts' as_of")
    revision: Label = Field(description="the commit or revision the URL is pinned to")


class ConfigProvenance(Strict_):
    config: PinnedSource = Field(description="where the configuration (`<id>.json`) was published")
    files: PinnedSource | None = Field(None, description="where the file listing (`<id>.files.json`) was "
                                                         "published: the weights' sizes give the parameter count")
    skip: dict[str, Line] = Field(default_factory=dict,
                                  description="fact keys not taken from the configuration, each with the reason")
