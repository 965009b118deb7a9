"""The one place that runs pydantic: validate plain data (from YAML or JSON) against a model.

Imported only when files are actually read and checked; a catalogue served from the cache
never needs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from .errors import Problem
from .yamlfile import YamlDocument, validation_problems

if TYPE_CHECKING:
    from pydantic import TypeAdapter

T = TypeVar("T")


_ADAPTERS: dict[Any, Any] = {}


def adapter(model: type[T]) -> TypeAdapter[T]:
    """pydantic's validator for `model`, built once (building is the expensive part)."""
    if model not in _ADAPTERS:
        from pydantic import TypeAdapter

        _ADAPTERS[model] = TypeAdapter(model)
    found: TypeAdapter[T] = _ADAPTERS[model]
    return found


def validate(model: type[T], data: Any) -> T:
    """`data` as a `model`; raises pydantic's ValidationError."""
    return adapter(model).validate_python(data)


def validate_many(model: type[T], items: list[Any]) -> list[T]:
    """Every item as a `model`, in one call (much faster than one call each); raises
    pydantic's ValidationError, whose error locations start with the item's index."""
    many: Any = list[model]  # type: ignore[valid-type]
    found: list[T] = adapter(many).validate_python(items)
    return found


def validate_document(doc: YamlDocument, model: type[T], prefix: tuple[str | int, ...] = ()) -> tuple[T | None, list[Problem]]:
    """The value at `prefix` of a located document as a `model`, or None and the problems,
    each at the position of the offending value."""
    from pydantic import ValidationError

    data = doc.data
    for part in prefix:
        data = data[part]
    try:
        return validate(model, data), []
    except ValidationError as exc:
        return None, validation_problems(doc, exc, prefix)


def json_schema(model: type[Any]) -> dict[str, Any]:
    return adapter(model).json_schema()
