"""Blocks that several page families show, as typed values: a page's view holds them, and templates lay
them out with the macros of `_macros.html.j2` of the same names (`links`, `capability`, `sources`,
`chart`). Citation marks and evidence cells are filters (generator/render.py)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import paths
from ..models import COMPONENTS, Capability, Entity
from ..models.common import Source
from ..models.entity import EntityType
from ..site import Site
from .citations import Citation, Citations


@dataclass(frozen=True)
class Link:
    """A link in a list of links: `name` is content text, `link` a relative path or a URL."""
    name: str
    link: str
    note: str = ""        # shown in brackets after the link


@dataclass(frozen=True)
class Labelled:
    """A row of a two-column table: a label and its value, both text."""
    label: str
    value: str


@dataclass(frozen=True)
class Downloads:
    """The whole-catalog downloads, linked from one page."""
    entities_json: str
    entities_csv: str
    benchmarks_json: str
    benchmarks_csv: str


def downloads(page: str) -> Downloads:
    return Downloads(paths.href(page, paths.ENTITIES_JSON), paths.href(page, paths.ENTITIES_CSV),
                     paths.href(page, paths.BENCHMARKS_JSON), paths.href(page, paths.BENCHMARKS_CSV))


def entity_links(ids: list[str] | tuple[str, ...], site: Site, page: str) -> tuple[Link, ...]:
    """Links to the pages of the entities with these ids that exist in the catalog, in the given order."""
    entities = site.catalog.entities
    return tuple(Link(entities[i].name, paths.href(page, paths.entity(i))) for i in ids if i in entities)


# ---- capability blocks (entity pages, and each side of a comparison) ---------------------------------

@dataclass(frozen=True)
class ComparedWith:
    name: str
    link: str                 # relative link to the other entity's page
    text: str
    cites: tuple[Citation, ...]


@dataclass(frozen=True)
class CapabilityBlock:
    title: str
    what: str
    unique: str | None
    compared: tuple[ComparedWith, ...]
    cites: tuple[Citation, ...]


@dataclass(frozen=True)
class BlockParts:
    """A capability block before a page numbers its citations: built once per entity, cited per page."""
    title: str
    what: str
    unique: str | None
    compared: tuple[tuple[str, str, str, tuple[Source, ...]], ...]   # name, link, text, sources
    sources: tuple[Source, ...]

    def block(self, cites: Citations) -> CapabilityBlock:
        compared = tuple(ComparedWith(name, link, text, tuple([cites.cite(s) for s in sources]))
                         for name, link, text, sources in self.compared)
        return CapabilityBlock(self.title, self.what, self.unique, compared,
                               tuple([cites.cite(s) for s in self.sources]))


def block_parts(e: Entity, cap: Capability, site: Site, page: str) -> BlockParts:
    compared = tuple((site.catalog.entities[c.with_].name, paths.href(page, paths.entity(c.with_)), c.text,
                      tuple(e.sources[s] for s in c.sources))
                     for c in cap.compared if c.with_ in site.catalog.entities)
    return BlockParts(cap.title, cap.what, cap.unique, compared, tuple(e.sources[s] for s in cap.sources))


TYPE_LABELS = {"model": "models", "runtime": "runtimes", "repository": "repositories", "library": "libraries",
               "app": "applications", "service": "hosted services"}


@dataclass(frozen=True)
class WeightFields:
    """One fieldset of the reader's-weights form (`weights_control` macro): an entity type's components,
    each starting at the build's weight, in percent as the form shows it."""
    type: str
    label: str
    fields: tuple[tuple[str, str, str], ...]   # (component, title, percent)


def weight_controls(site: Site, types: list[EntityType]) -> tuple[WeightFields, ...]:
    out = []
    for t in types:
        weights = site.scoring.weights[t]
        out.append(WeightFields(t, f"Weights for {TYPE_LABELS[t]}",
                                tuple((n, site.scoring.components[n].title, f"{100 * weights[n]:.10g}")
                                      for n in COMPONENTS if n in weights)))
    return tuple(out)
