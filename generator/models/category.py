"""The declared entity categories (`content/categories.yaml`): every id an entity's `categories` may use,
with a name and a line that says what belongs in it. A declared list, so that `llm` next to
`language-model` is an error with a did-you-mean, not a second category that splits the catalog."""

from __future__ import annotations

from pydantic import Field

from .common import Id, Label, Line, Strict_


class Category(Strict_):
    name: Label
    about: Line = Field(description="what belongs in it, in one line")


class CategoryList(Strict_):
    categories: dict[Id, Category] = Field(min_length=1, max_length=500)
