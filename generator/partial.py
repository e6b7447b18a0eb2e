"""What did validate of a file that did not: the same model, built from the fields that pass their own type,
so that the per-file rules and the cross-file checks still run in the same run ("every problem reported
together"). A type error in one field never hides an unknown id, a unit or a source key in another.

The partial model is built with `model_construct`, field by field, recursively:

- a field that fails is None (never its default: a broken `unit` must not read as "no unit"), and so
  is a required field left out;
- a list keeps its length, with None for each item that fails (so `alternatives[3]` is still line 3's item);
- a mapping keeps only the entries whose key and value pass;
- a nested record that fails is itself partial.

Such a model breaks the types' promises, so only code written for it may read it: the rules in
validate.py and the reference checks in catalog.py, which skip what is None. It never reaches a page: a
file with a type error is an error, and a run with an error builds nothing.
"""

from __future__ import annotations

import functools
import types
import typing
from typing import Annotated, Any, TypeVar, Union

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

_FAILED = object()
ModelT = TypeVar("ModelT", bound=BaseModel)


@functools.cache
def _adapter(annotation: Any) -> TypeAdapter[Any]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return TypeAdapter(annotation)       # a model brings its own (strict) config
    return TypeAdapter(annotation, config=ConfigDict(strict=True))


def _field_type(model: type[BaseModel], name: str) -> Any:
    info = model.model_fields[name]
    return Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The record type of `annotation` itself, or of its non-None branch (`License | None`)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (Union, types.UnionType):
        branches = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(branches) == 1:
            return _model_in(branches[0])
    if typing.get_origin(annotation) is Annotated:
        return _model_in(typing.get_args(annotation)[0])
    return None


def _container(annotation: Any) -> tuple[Any, tuple[Any, ...]]:
    """(list or dict, its type arguments) of `annotation`, looking through Annotated and `| None`."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _container(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        branches = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _container(branches[0]) if len(branches) == 1 else (None, ())
    return origin, typing.get_args(annotation)


def salvage(annotation: Any, value: Any) -> Any:
    """`value` validated as `annotation`; what can be kept of it when it fails; or _FAILED."""
    try:
        return _adapter(annotation).validate_python(value)
    except ValidationError:
        pass
    model = _model_in(annotation)
    if model is not None and isinstance(value, dict):
        return partial_model(model, value)
    origin, args = _container(annotation)
    if origin is list and isinstance(value, list):
        return [None if (kept := salvage(args[0], item)) is _FAILED else kept for item in value]
    if origin is dict and isinstance(value, dict):
        out = {}
        for key, item in value.items():
            key_kept, item_kept = salvage(args[0], key), salvage(args[1], item)
            if key_kept is not _FAILED and item_kept is not _FAILED:
                out[key_kept] = item_kept
        return out
    return _FAILED


def partial_model(model: type[ModelT], data: dict[str, Any]) -> ModelT:
    """The model of what passes in `data`: fields that fail are None, fields left out take their default
    (None when they have none)."""
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key in data:
            kept = salvage(_field_type(model, name), data[key])
            values[name] = None if kept is _FAILED else kept
        elif info.is_required():
            values[name] = None
    return model.model_construct(**values)


__all__ = ["partial_model", "salvage"]
